package sqlite_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/directory/storetest"
)

// TestStore holds the SQLite store to the behaviour every engine must
// show.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) directory.Store {
		s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "peerline.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			if err := s.Close(); err != nil {
				t.Error(err)
			}
		})
		return s
	})
}

var testNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) // a Monday

func openTestStore(t testing.TB) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "peerline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// weekly is a schedule meeting every week on day at hh:mm from 2026-01-05.
func weekly(day string, hh, mm int) recur.Schedule {
	return recur.Schedule{Freq: recur.Weekly, ByDay: []string{day}, Start: recur.Date{Year: 2026, Month: time.January, Day: 5}, Opens: recur.Clock(hh*60 + mm)}
}

// fixture is a small Ontario directory with one group of every kind a
// grief search must tell apart.
func fixture() []directory.Group {
	return []directory.Group{
		{SourceID: "sault-grief", Name: "Algoma Grief Companions", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Sault Ste. Marie", Street: "1 Queen St E"}, Phone: "(705) 555-0101",
			Schedules: []recur.Schedule{weekly("TU", 19, 0)}},
		{SourceID: "elliot-grief", Name: "Elliot Lake Bereavement Circle", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Elliot Lake"}, Phone: "705-555-0102", Schedules: []recur.Schedule{weekly("WE", 14, 0)}},
		{SourceID: "sudbury-deuil", Name: "Cercle du deuil de Sudbury", Concerns: []string{"grief"}, Languages: []directory.Lang{directory.French},
			Place: &directory.Place{City: "Sudbury"}, Phone: "705 555 0103", Schedules: []recur.Schedule{weekly("TH", 19, 0)}},
		{SourceID: "barrie-grief", Name: "Barrie Grief Support", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Barrie"}, Phone: "705 555 0104"},
		{SourceID: "ottawa-grief", Name: "Ottawa Grief Circle", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Ottawa"}, Phone: "613 555 0105"},
		{SourceID: "on-phone-grief", Name: "Ontario Grief Phone Circle", Concerns: []string{"grief"},
			Dialin: &directory.Dialin{Number: "1 705 555 0199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"}, Start: recur.Date{Year: 2026, Month: time.January, Day: 6}, Opens: 19 * 60}}},
		{SourceID: "north-phone-grief", Name: "Northern Grief by Phone", Concerns: []string{"grief"},
			Dialin: &directory.Dialin{Number: "705 555 0198"}, Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}}},
		{SourceID: "ca-mail-grief", Name: "Grief Pen Pals of Canada", Concerns: []string{"grief"},
			Mail: "PO Box 1, Sault Ste. Marie ON", Areas: []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}},
		{SourceID: "qc-phone-grief", Name: "Ligne du deuil du Québec", Concerns: []string{"grief"}, Languages: []directory.Lang{directory.French},
			Dialin: &directory.Dialin{Number: "514 555 0106"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "QC"}}},
		{SourceID: "online-grief", Name: "Grief Online", Concerns: []string{"grief"},
			OnlineURL: "https://example.org/grief", Areas: []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}},
		{SourceID: "closed-grief", Name: "Old Sault Grief Group", Concerns: []string{"grief"}, Status: directory.StatusInactive,
			Place: &directory.Place{City: "Sault Ste. Marie"}, Phone: "705 555 0107"},
		{SourceID: "paused-grief", Name: "Wawa Grief Group", Concerns: []string{"grief"}, Status: directory.StatusTemporarilyClosed,
			Place: &directory.Place{City: "Wawa"}, Phone: "705 555 0108"},
		{SourceID: "sault-care", Name: "Sault Caregivers' Circle", Concerns: []string{"caregiving", "dementia"},
			Place: &directory.Place{City: "Sault Ste. Marie"}, Phone: "705 555 0109"},
	}
}

func importGroups(t testing.TB, s *sqlite.Store, groups []directory.Group) directory.ImportReport {
	t.Helper()
	areas := directorytest.Areas(t)
	imp := &directory.Import{}
	for i, g := range groups {
		if err := g.Check(areas); err != nil {
			t.Fatalf("fixture %s: %v", g.SourceID, err)
		}
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "fixture", Line: i + 2})
	}
	if err := s.Import(context.Background(), imp, testNow); err != nil {
		t.Fatal(err)
	}
	return imp.Report
}

func TestMigrationsAreAppliedOnceAndRecorded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "peerline.db")
	for range 2 {
		s, err := sqlite.Open(context.Background(), path)
		if err != nil {
			t.Fatal(err)
		}
		names, err := s.Migrations(context.Background())
		s.Close()
		if err != nil || len(names) == 0 || names[0] != "0001_directory.sql" {
			t.Fatalf("migrations = %v, %v", names, err)
		}
	}
}

func TestReimportChangesNothing(t *testing.T) {
	s := openTestStore(t)
	first := importGroups(t, s, fixture())
	if first.Added != len(fixture()) || first.Updated+first.Unchanged != 0 {
		t.Fatalf("first import: %+v", first)
	}
	before, _ := s.Groups(context.Background())
	again := importGroups(t, s, fixture())
	if again.Unchanged != len(fixture()) || again.Added+again.Updated != 0 {
		t.Fatalf("re-import: %+v; want all unchanged", again)
	}
	after, _ := s.Groups(context.Background())
	for i := range before {
		if before[i].Code != after[i].Code || before[i].ID != after[i].ID {
			t.Errorf("group %s changed code or id on re-import", before[i].SourceID)
		}
	}
}

func TestReimportUpdatesInPlaceAndKeepsTheCode(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	g, _, _ := findBySource(t, s, "sault-grief")
	changed := fixture()[:1]
	changed[0].Name = "Algoma Grief Companions (Tuesdays)"
	r := importGroups(t, s, changed)
	if r.Updated != 1 {
		t.Fatalf("report %+v; want one update", r)
	}
	g2, _, _ := findBySource(t, s, "sault-grief")
	if g2.Code != g.Code || g2.Name != "Algoma Grief Companions (Tuesdays)" {
		t.Errorf("after update: code %d name %q; want code %d and the new name", g2.Code, g2.Name, g.Code)
	}
}

func findBySource(t testing.TB, s *sqlite.Store, id string) (directory.Group, bool, error) {
	t.Helper()
	gs, err := s.Groups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.SourceID == id {
			return g, true, nil
		}
	}
	t.Fatalf("no group %s", id)
	return directory.Group{}, false, nil
}

func TestGroupCodes(t *testing.T) {
	s := openTestStore(t)
	groups := fixture()[:3]
	groups[1].Code = 4127 // printed on a flyer already
	importGroups(t, s, groups)
	for _, want := range []struct {
		id   string
		code int
	}{{"sault-grief", directory.FirstCode}, {"elliot-grief", 4127}, {"sudbury-deuil", 4128}} {
		if g, _, _ := findBySource(t, s, want.id); g.Code != want.code {
			t.Errorf("%s has code %d; want %d", want.id, g.Code, want.code)
		}
	}
	if g, ok, err := s.Group(context.Background(), 4127); err != nil || !ok || g.SourceID != "elliot-grief" {
		t.Errorf("Group(4127) = %v, %v, %v", g.SourceID, ok, err)
	}

	clash := fixture()[3:4]
	clash[0].Code = 4127
	imp := &directory.Import{Rows: []directory.Row{{Group: clash[0], File: "groups.csv", Line: 7}}}
	if err := clash[0].Check(directorytest.Areas(t)); err != nil {
		t.Fatal(err)
	}
	imp.Rows[0].Group = clash[0]
	if err := s.Import(context.Background(), imp, testNow); err != nil {
		t.Fatal(err)
	}
	if len(imp.Report.Errors) != 1 || imp.Report.Errors[0].Line != 7 || imp.Report.Added != 0 {
		t.Fatalf("a code already taken: report %+v", imp.Report)
	}
	if got := imp.Report.Errors[0].Error(); got != `groups.csv:7: code 4127 already belongs to group "elliot-grief"` {
		t.Errorf("error reads %q", got)
	}
}

func TestImportReportsDuplicateIDsByLine(t *testing.T) {
	s := openTestStore(t)
	areas := directorytest.Areas(t)
	g := fixture()[0]
	if err := g.Check(areas); err != nil {
		t.Fatal(err)
	}
	imp := &directory.Import{Rows: []directory.Row{{Group: g, File: "a.csv", Line: 2}, {Group: g, File: "a.csv", Line: 9}}}
	if err := s.Import(context.Background(), imp, testNow); err != nil {
		t.Fatal(err)
	}
	if imp.Report.Added != 1 || len(imp.Report.Errors) != 1 || imp.Report.Errors[0].Line != 9 {
		t.Errorf("report %+v", imp.Report)
	}
}

// Writers queue on one connection: many goroutines importing and logging
// at once never see "database is locked".
func TestConcurrentWritesNeverFailBusy(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	ctx := context.Background()
	area := directorytest.Complex(t, directorytest.Areas(t), "705")
	var wg sync.WaitGroup
	errs := make(chan error, 8*25*2+5)
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 25 {
				errs <- s.LogSearch(ctx, directory.SearchLog{At: testNow, Channel: "voice", Concern: "grief", NPA: "705", Area: "705", Results: i + j})
				_, _, err := s.Search(ctx, directory.Query{Concern: "grief", Complex: area, Now: testNow})
				errs <- err
			}
		}()
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		for range 5 {
			imp := &directory.Import{}
			for i, g := range fixture() {
				g.Check(directorytest.Areas(t))
				imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "f", Line: i})
			}
			errs <- s.Import(ctx, imp, testNow)
		}
	}()
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	logs, err := s.SearchLogs(ctx, testNow.Add(-time.Hour))
	if err != nil || len(logs) != 200 {
		t.Fatalf("%d searches logged, %v; want 200", len(logs), err)
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
