// Package directorytest holds what the tests of every package need to set
// up a world of groups: the line's vocabulary and areas, a store in a
// temporary folder, groups imported as an import would, schedules in a
// few words, and a clock that moves only when told. Only tests import it.
package directorytest

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
)

// Vocab is the line's own vocabulary of concerns.
func Vocab(t testing.TB) *directory.Vocabulary {
	t.Helper()
	v, err := directory.LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// Areas is the line's own geography.
func Areas(t testing.TB) *directory.Areas {
	t.Helper()
	a, err := directory.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// Complex is the area-code complex of npa, which must be known.
func Complex(t testing.TB, a *directory.Areas, npa string) *directory.Complex {
	t.Helper()
	c, ok := a.Complex(npa)
	if !ok {
		t.Fatalf("no area-code complex for %s", npa)
	}
	return c
}

// Zone loads a time zone.
func Zone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// Store opens a new SQLite store in a temporary folder, closed when the
// test ends.
func Store(t testing.TB) *sqlite.Store {
	t.Helper()
	return StoreAt(t, filepath.Join(t.TempDir(), "peerline.db"))
}

// StoreAt opens the SQLite store at path, closed when the test ends.
func StoreAt(t testing.TB, path string) *sqlite.Store {
	t.Helper()
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// Import checks groups as an import file's reader would and imports them
// at now, failing the test on any row that does not go in. It returns the
// store id of each group by its code.
func Import(t testing.TB, s directory.GroupStore, areas *directory.Areas, now time.Time, groups ...directory.Group) map[int]int64 {
	t.Helper()
	imp := &directory.Import{}
	for i, g := range groups {
		if err := g.Check(areas); err != nil {
			t.Fatalf("group %q: %v", g.Name, err)
		}
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "test", Line: i + 2})
	}
	if err := s.Import(context.Background(), imp, now); err != nil {
		t.Fatal(err)
	}
	if len(imp.Report.Errors) > 0 {
		t.Fatalf("import: %v", imp.Report.Errors)
	}
	ids := map[int]int64{}
	for _, r := range imp.Rows {
		ids[r.Group.Code] = r.Group.ID
	}
	return ids
}

// Date is a calendar date.
func Date(y int, m time.Month, d int) recur.Date { return recur.Date{Year: y, Month: m, Day: d} }

// Weekly is a schedule meeting every week on day ("TU") at hh:mm, from
// the first week of 2026.
func Weekly(day string, hh, mm int) recur.Schedule {
	return recur.Schedule{Freq: recur.Weekly, ByDay: []string{day}, Start: Date(2026, time.January, 1), Opens: recur.Clock(hh*60 + mm)}
}

// EveryOther is a schedule meeting every second week on day at hh:mm,
// counting from start.
func EveryOther(day string, start recur.Date, hh, mm int) recur.Schedule {
	return recur.Schedule{Freq: recur.Weekly, Interval: 2, ByDay: []string{day}, Start: start, Opens: recur.Clock(hh*60 + mm)}
}

// Monthly is a schedule meeting on the nth weekday ("2TU", "-1FR") of
// each month at hh:mm.
func Monthly(nthDay string, hh, mm int) recur.Schedule {
	return recur.Schedule{Freq: recur.Monthly, ByDay: []string{nthDay}, Start: Date(2026, time.January, 1), Opens: recur.Clock(hh*60 + mm)}
}

// Clock is time that moves only when told, or when the code under test
// sleeps: a sleep returns at once with the clock moved on.
type Clock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

// NewClock is a clock stopped at t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Sleep moves the clock on by d, and fails only when ctx is done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.t = c.t.Add(d)
		c.slept += d
	}
	return ctx.Err()
}

// Set stops the clock at t.
func (c *Clock) Set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

// Advance moves the clock on by d.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Slept is how long the code has slept in all.
func (c *Clock) Slept() time.Duration { c.mu.Lock(); defer c.mu.Unlock(); return c.slept }
