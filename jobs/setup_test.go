package jobs

import (
	"context"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

var toronto, winnipeg = mustZone("America/Toronto"), mustZone("America/Winnipeg")

func mustZone(name string) *time.Location {
	l, err := time.LoadLocation(name)
	if err != nil {
		panic(err) // no zone database: no test here can be right
	}
	return l
}

func date(y int, m time.Month, d int) recur.Date { return directorytest.Date(y, m, d) }

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
	store  directory.Store
	areas  *directory.Areas
	vocab  *directory.Vocabulary
	fake   *twiliotest.FakeAPI
	twilio *telephony.Sender // the Sender's own, through the fake
	clock  *directorytest.Clock
	runner *Runner
	codes  map[int]int64 // group code -> id
}

func newWorld(t testing.TB) *world {
	t.Helper()
	return newWorldOn(t, directorytest.Store(t))
}

// newWorldOn is newWorld on a store of the test's choosing.
func newWorldOn(t testing.TB, store directory.Store) *world {
	t.Helper()
	areas := directorytest.Areas(t)
	w := &world{store: store, areas: areas, vocab: directorytest.Vocab(t), fake: twiliotest.NewFakeAPI(), codes: map[int]int64{},
		clock: directorytest.NewClock(time.Date(2026, 11, 20, 12, 0, 0, 0, toronto))}
	t.Cleanup(w.fake.Close)
	w.fake.SetClock(w.clock.Now) // Twilio stamps what it accepts with the test's time
	w.importGroups(t, testGroups())
	sender, err := telephony.NewSender("AC0123456789abcdef0123456789abcdef", "token123", "+17055550100", w.fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	w.twilio = sender
	leads, err := ParseLeads("24h,1h")
	if err != nil {
		t.Fatal(err)
	}
	w.runner = &Runner{
		Scanner: &Scanner{Store: store, Areas: areas, Leads: leads, Quiet: DefaultQuiet(), Window: 2 * time.Minute},
		Sender: &Sender{Store: store, Vocab: w.vocab, Areas: areas, Twilio: sender, PublicURL: "https://line.example.org", Clock: w.clock,
			Rate: 1, Workers: 2, Tries: 3, Backoff: time.Second, Passes: 3},
	}
	return w
}

func (w *world) importGroups(t testing.TB, groups []directory.Group) {
	t.Helper()
	for code, id := range directorytest.Import(t, w.store, w.areas, w.clock.Now(), groups...) {
		w.codes[code] = id
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
	w.clock.Set(at)
	rep, err := w.runner.Pass(context.Background())
	if err != nil {
		t.Fatalf("pass at %s: %v", at, err)
	}
	return w.fake.Messages()[before:], rep
}

// outgoings is the outbox in one state.
func (w *world) outgoings(t *testing.T, state string) []directory.Outgoing {
	t.Helper()
	out, err := w.store.Outgoings(context.Background(), state)
	if err != nil {
		t.Fatalf("outbox %s: %v", state, err)
	}
	return out
}

// member is what the store keeps of a number.
func (w *world) member(t *testing.T, number string) directory.Member {
	t.Helper()
	m, _, err := w.store.Member(context.Background(), number)
	if err != nil {
		t.Fatalf("member %s: %v", number, err)
	}
	return m
}
