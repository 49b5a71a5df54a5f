package sqlite_test

import (
	"context"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/directory/sqlstore"
	"github.com/peerline/peerline/directory/storetest"
)

// TestStore holds the SQLite store to the behaviour every engine must
// show. The tests in this package check what only SQLite has: its file,
// its schema and migrations, its backups, its two connection pools.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) directory.Store { return openTestStore(t) })
}

var testNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) // a Monday

func openTestStore(t testing.TB) *sqlite.Store {
	t.Helper()
	return openStoreAt(t, filepath.Join(t.TempDir(), "peerline.db"))
}

func openStoreAt(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// fixture is two groups of the Sault, with the codes 1001 and 1002.
func fixture() []directory.Group {
	return []directory.Group{
		{SourceID: "sault-grief", Code: 1001, Name: "Algoma Grief Companions", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Sault Ste. Marie", Street: "1 Queen St E"}, Phone: "(705) 555-0101",
			Schedules: []recur.Schedule{directorytest.Weekly("TU", 19, 0)}},
		{SourceID: "sault-care", Code: 1002, Name: "Sault Caregivers' Circle", Concerns: []string{"caregiving", "dementia"},
			Place: &directory.Place{City: "Sault Ste. Marie"}, Phone: "705 555 0109"},
	}
}

// memberStore is a store holding the fixture, and the store ids of its
// groups by code.
func memberStore(t *testing.T) (*sqlite.Store, map[int]int64) {
	t.Helper()
	s := openTestStore(t)
	return s, directorytest.Import(t, s, directorytest.Areas(t), testNow, fixture()...)
}

func smsConsent(at time.Time) directory.Consent {
	return directory.Consent{At: at, Via: directory.ViaSMS, Wording: "Reply YES to get a text the day before each meeting. Reply STOP to stop."}
}

func voiceConsent(at time.Time) directory.Consent {
	return directory.Consent{At: at, Via: directory.ViaVoice, Wording: "Press 1 and we will call you before each meeting."}
}

func mustSubscribe(t *testing.T, s *sqlite.Store, number string, groupID int64, ch directory.Channel, c directory.Consent) directory.Subscription {
	t.Helper()
	sub, err := s.Subscribe(context.Background(), number, groupID, ch, c)
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// countRows runs a count(*) query on the store's tables.
func countRows(t *testing.T, s *sqlite.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.ReadDB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestMigrationsAreAppliedOnceAndRecorded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "peerline.db")
	for range 2 {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		names, err := s.Migrations(context.Background())
		if cerr := s.Close(); cerr != nil {
			t.Fatal(cerr)
		}
		if err != nil || len(names) == 0 || names[0] != "0001_directory.sql" {
			t.Fatalf("migrations = %v, %v", names, err)
		}
	}
}

func TestMembersMigrationIsRecorded(t *testing.T) {
	s := openTestStore(t)
	names, err := s.Migrations(context.Background())
	if err != nil || !slices.Contains(names, "0002_members.sql") {
		t.Fatalf("migrations = %v, %v; want 0002_members.sql among them", names, err)
	}
}

func TestOpenFailsClearly(t *testing.T) {
	_, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "no", "such", "dir", "x.db"))
	if err == nil {
		t.Fatal("opening a database in a missing folder should fail")
	}
	if _, err := sqlite.Open(context.Background(), ""); err == nil {
		t.Fatal("an empty path should fail")
	}
}

// Times are compared as text in SQL: the text must sort as the times do.
func TestLexTimeSortsAsTime(t *testing.T) {
	a, b := testNow, testNow.Add(500*time.Millisecond)
	if !(sqlstore.FormatTime(a) < sqlstore.FormatTime(b)) {
		t.Errorf("%s should sort before %s", sqlstore.FormatTime(a), sqlstore.FormatTime(b))
	}
	local := b.In(time.FixedZone("EST", -5*3600))
	if sqlstore.FormatTime(local) != sqlstore.FormatTime(b) || !sqlstore.ParseTime(sqlstore.FormatTime(local)).Equal(b) {
		t.Errorf("sqlstore.FormatTime(%v) = %s", local, sqlstore.FormatTime(local))
	}
}

// `peerline import` runs in its own process while the server answers: the
// server's next search must see what was imported through another
// connection to the same file.
func TestSearchSeesAnotherProcesssImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	server, importer := openStoreAt(t, path), openStoreAt(t, path)
	areas := directorytest.Areas(t)
	q := directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, "705"), Now: testNow}
	count := func() int {
		t.Helper()
		rs, total, err := server.Search(context.Background(), q)
		if err != nil || total != len(rs) {
			t.Fatalf("search: %d of %d, %v", len(rs), total, err)
		}
		return total
	}
	if n := count(); n != 0 {
		t.Fatalf("an empty directory found %d", n)
	}
	directorytest.Import(t, importer, areas, testNow, fixture()[0])
	if n := count(); n != 1 {
		t.Fatalf("after another process imported one group, the server found %d", n)
	}
	closed := fixture()[0]
	closed.Status = directory.StatusInactive
	directorytest.Import(t, importer, areas, testNow, closed)
	if n := count(); n != 0 {
		t.Fatalf("after the group was closed elsewhere, the server still offers %d", n)
	}
}
