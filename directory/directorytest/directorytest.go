// Package directorytest holds what the tests of every package need to set
// up a world of groups: the line's vocabulary and areas, a store in a
// temporary folder, groups imported as an import would, schedules in a
// few words, and a clock that moves only when told. Only tests import it.
package directorytest

import (
	"context"
	"encoding/json"
	"fmt"
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

// MeetingGuideFeed writes a Meeting Guide feed of n meetings as a large intergroup's looks:
// groups of one to three meetings in the towns the line knows, in person,
// hybrid and by phone, with the usual types and notes.
func MeetingGuideFeed(t testing.TB, n int) []byte {
	t.Helper()
	towns := Areas(t).Towns()
	ms := make([]map[string]any, 0, n)
	for i := 0; len(ms) < n; i++ {
		town := towns[i%len(towns)]
		group := map[string]any{
			"group": fmt.Sprintf("Group %d", i), "location": fmt.Sprintf("Hall %d", i),
			"formatted_address": fmt.Sprintf("%d Main St, %s, %s, Canada", i%900+1, town.Name, town.Province),
			"types":             []string{"O", "D", "X"}, "notes": "Side door.", "location_notes": "Parking at the back.",
			"updated": "2024-05-31 14:32:23",
		}
		switch i % 5 {
		case 0:
			group["conference_phone"] = fmt.Sprintf("+16473744685,,%09d#,,%06d#", i, i%1000000)
			group["attendance_option"] = "online"
			group["types"] = []string{"ONL", "C"}
		case 1:
			group["conference_url"] = fmt.Sprintf("https://zoom.us/j/%09d", i)
			group["attendance_option"] = "hybrid"
		}
		for j := 0; j <= i%3 && len(ms) < n; j++ {
			m := map[string]any{"name": fmt.Sprintf("Meeting %d-%d", i, j), "slug": fmt.Sprintf("m-%d-%d", i, j),
				"day": (i + j) % 7, "time": fmt.Sprintf("%d:30 PM", 6+j), "end_time": fmt.Sprintf("%d:30 PM", 7+j)}
			for k, v := range group {
				m[k] = v
			}
			ms = append(ms, m)
		}
	}
	b, err := json.Marshal(ms)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
