package jobs

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// fakeClock is time that moves only when told, or when the code sleeps:
// a sleep returns at once with the clock moved on.
type fakeClock struct {
	mu    sync.Mutex
	t     time.Time
	slept time.Duration
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.t = c.t.Add(d)
		c.slept += d
	}
	return ctx.Err()
}

func (c *fakeClock) set(t time.Time) { c.mu.Lock(); c.t = t; c.mu.Unlock() }

var toronto, winnipeg = mustZone("America/Toronto"), mustZone("America/Winnipeg")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return l
}

func date(y int, m time.Month, d int) recur.Date {
	return recur.Date{Year: y, Month: m, Day: d}
}

// The groups members get reminders for: telephone groups meeting weekly,
// every two weeks, monthly, and one in Central time.
func testGroups() []directory.Group {
	phone := func(id string, code int, name string, s recur.Schedule) directory.Group {
		return directory.Group{SourceID: id, Code: code, Name: name, Concerns: []string{"grief"}, Phone: "(705) 555-0110",
			Dialin: &directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{s}}
	}
	return []directory.Group{
		phone("weekly", 3001, "Tuesday Grief Circle", recur.Schedule{Freq: recur.Weekly, ByDay: []string{"TU"}, Start: date(2026, 1, 6), Opens: 19 * 60}),
		phone("biweekly", 3002, "Every Other Thursday", recur.Schedule{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TH"}, Start: date(2026, 1, 8), Opens: 14 * 60}),
		phone("monthly", 3003, "Second Tuesday Circle", recur.Schedule{Freq: recur.Monthly, ByDay: []string{"2TU"}, Start: date(2026, 1, 1), Opens: 10 * 60}),
		phone("sunday", 3004, "Sunday Evening Circle", recur.Schedule{Freq: recur.Weekly, ByDay: []string{"SU"}, Start: date(2026, 1, 4), Opens: 19 * 60}),
		{SourceID: "kenora", Code: 3005, Name: "Kenora Caregivers", Concerns: []string{"caregiving"}, Phone: "(807) 555-0120",
			Place:     &directory.Place{City: "Kenora", Name: "Lakeside Hall"},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"WE"}, Start: date(2026, 1, 7), Opens: 19 * 60}}},
	}
}

type world struct {
	store  *sqlite.Store
	areas  *directory.Areas
	vocab  *directory.Vocabulary
	fake   *twiliotest.FakeAPI
	clock  *fakeClock
	runner *Runner
	codes  map[int]int64 // group code -> id
}

func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	store, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "jobs.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { store.Close() })
	areas, _ := directory.LoadAreas()
	vocab, _ := directory.LoadVocabulary()
	w := &world{store: store, areas: areas, vocab: vocab, fake: twiliotest.NewFakeAPI(), codes: map[int]int64{},
		clock: &fakeClock{t: time.Date(2026, 11, 20, 12, 0, 0, 0, toronto)}}
	t.Cleanup(w.fake.Close)
	w.importGroups(t, testGroups())
	sender, err := telephony.NewSender("AC0123456789abcdef0123456789abcdef", "token123", "+17055550100", w.fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	leads, _ := ParseLeads("24h,1h")
	w.runner = &Runner{
		Scanner: &Scanner{Store: store, Areas: areas, Leads: leads, Quiet: DefaultQuiet(), Window: 2 * time.Minute},
		Sender: &Sender{Store: store, Vocab: vocab, Areas: areas, Twilio: sender, PublicURL: "https://line.example.org", Clock: w.clock,
			Rate: 1, Workers: 2, Tries: 3, Backoff: time.Second, Passes: 3},
	}
	return w
}

func (w *world) importGroups(t *testing.T, groups []directory.Group) {
	t.Helper()
	imp := &directory.Import{}
	for i, g := range groups {
		if err := g.Check(w.areas); err != nil {
			t.Fatal(err)
		}
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "test", Line: i + 2})
	}
	if err := w.store.Import(context.Background(), imp, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	for _, r := range imp.Rows {
		w.codes[r.Group.Code] = r.Group.ID
	}
}

// subscribe signs a member up as the voice or text line would.
func (w *world) subscribe(t *testing.T, number string, code int, ch directory.Channel, lang directory.Lang) directory.Subscription {
	t.Helper()
	sub, err := w.store.Subscribe(context.Background(), number, w.codes[code], ch, directory.Consent{
		At: w.clock.Now(), Via: "sms", Purpose: "reminders", Contact: ch, Lang: lang, Wording: "Reply YES to get a text before each meeting."})
	if err != nil {
		t.Fatal(err)
	}
	return sub
}

// passAt runs one reminder pass at t and returns the texts sent in it.
func (w *world) passAt(t *testing.T, at time.Time) ([]twiliotest.FakeMessage, PassReport) {
	t.Helper()
	before := len(w.fake.Messages())
	w.clock.set(at)
	rep, err := w.runner.Pass(context.Background())
	if err != nil {
		t.Fatalf("pass at %s: %v", at, err)
	}
	return w.fake.Messages()[before:], rep
}
