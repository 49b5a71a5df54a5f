package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
)

// Searches keep the groups they read, but never past a change: an edited
// group is read again, and a meeting cancelled after a search is never
// offered as the next one.
func TestSearchSeesEditsAndCancellationsAfterItsCache(t *testing.T) {
	s := openTestStore(t)
	directorytest.Import(t, s, directorytest.Areas(t), testNow, fixture()...)
	ctx := context.Background()
	areas := directorytest.Areas(t)
	sault, _ := areas.Town("Sault Ste. Marie")
	q := directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, "705"), Near: &directory.Point{Lat: sault.Lat, Lon: sault.Lon}, Limit: 1, Now: testNow}
	first := func() directory.Result {
		t.Helper()
		rs, _, err := s.Search(ctx, q)
		if err != nil || len(rs) != 1 {
			t.Fatalf("%d results, %v", len(rs), err)
		}
		return rs[0]
	}
	r := first()
	if r.Group.Name != "Algoma Grief Companions" {
		t.Fatalf("first result %q", r.Group.Name)
	}
	tuesday := r.Next.In(r.Group.Location())
	if again := first(); !again.Next.Equal(r.Next) || len(again.Group.Cancelled) != 0 {
		t.Fatalf("the same search again: next %v, cancelled %v", again.Next, again.Group.Cancelled)
	}

	if err := s.CancelMeeting(ctx, r.Group.ID, recur.Date{Year: tuesday.Year(), Month: tuesday.Month(), Day: tuesday.Day()}, testNow); err != nil {
		t.Fatal(err)
	}
	if got := first(); !got.Next.Equal(r.Next.AddDate(0, 0, 7)) {
		t.Errorf("after cancelling %s, the next meeting is %s", tuesday, got.Next.In(r.Group.Location()))
	}

	edited := fixture()
	edited[0].Name = "Algoma Grief Companions (Tuesdays)"
	directorytest.Import(t, s, directorytest.Areas(t), testNow, edited...)
	if got := first(); got.Group.Name != edited[0].Name {
		t.Errorf("after an edit, the first result is %q", got.Group.Name)
	}
}

// What another process changes (an import, a cancelled meeting) is seen
// at this process's next search, though it searches from its snapshot
// and its kept groups without asking for the version first.
func TestSearchSeesAnotherProcessesChanges(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peerline.db")
	line, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer line.Close()
	directorytest.Import(t, line, directorytest.Areas(t), testNow, fixture()...)
	areas := directorytest.Areas(t)
	q := directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, "705"), Lang: directory.English, Limit: 1, Now: testNow}
	first := func() directory.Result {
		t.Helper()
		rs, _, err := line.Search(ctx, q)
		if err != nil || len(rs) != 1 {
			t.Fatalf("%d results, %v", len(rs), err)
		}
		return rs[0]
	}
	r := first()

	staff, err := sqlite.Open(ctx, path) // `peerline import`, `peerline cancel`
	if err != nil {
		t.Fatal(err)
	}
	defer staff.Close()
	tuesday := r.Next.In(r.Group.Location())
	if err := staff.CancelMeeting(ctx, r.Group.ID, recur.Date{Year: tuesday.Year(), Month: tuesday.Month(), Day: tuesday.Day()}, testNow); err != nil {
		t.Fatal(err)
	}
	if got := first(); !got.Next.Equal(r.Next.AddDate(0, 0, 7)) {
		t.Errorf("after another process cancelled %s, the next meeting is %s", tuesday, got.Next)
	}
	edited := fixture()
	edited[0].Name = "Algoma Grief Companions (new hall)"
	directorytest.Import(t, staff, directorytest.Areas(t), testNow, edited...)
	if got := first(); got.Group.Name != edited[0].Name {
		t.Errorf("after another process's import, the first result is %q", got.Group.Name)
	}
}
