package ivr

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// Monday 23 November 2026, 10 a.m. in Sault Ste. Marie.
var testNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

const (
	token       = "testtoken0123456789"
	saultCaller = "+17052530000" // a Sault Ste. Marie exchange
)

func weekly(day string, hh int) recur.Schedule { return directorytest.Weekly(day, hh, 0) }

// testGroups is a small directory: grief groups near the Sault and by
// telephone, a French group in Sudbury, and dementia groups only in Ottawa.
func testGroups() []directory.Group {
	return []directory.Group{
		{SourceID: "sault-grief", Name: "Algoma Grief Companions", Concerns: []string{"grief"}, Phone: "(705) 555-0101",
			Place: &directory.Place{City: "Sault Ste. Marie", Name: "Riverside Hall", Street: "12 Queen St E"}, Schedules: []recur.Schedule{weekly("TU", 19)}},
		{SourceID: "phone-grief", Name: "Ontario Grief Phone Circle", Concerns: []string{"grief"}, Phone: "(705) 555-0102",
			Dialin: &directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TH"}, Start: recur.Date{Year: 2026, Month: time.January, Day: 8}, Opens: 14 * 60, Closes: 15*60 + 30}}},
		{SourceID: "sudbury-deuil", Name: "Cercle du deuil de Sudbury", Concerns: []string{"grief"}, Languages: []directory.Lang{directory.French},
			Phone: "(705) 555-0103", Place: &directory.Place{City: "Sudbury"}, Schedules: []recur.Schedule{weekly("WE", 19)}},
		{SourceID: "ottawa-dementia", Name: "Ottawa Memory Caregivers", Concerns: []string{"dementia"}, Phone: "(613) 555-0104",
			Place: &directory.Place{City: "Ottawa"}, Schedules: []recur.Schedule{weekly("MO", 13)}},
	}
}

type world struct {
	store  *sqlite.Store
	areas  *directory.Areas
	finder *directory.Finder
	fake   *twiliotest.FakeAPI
	codes  map[int]int64 // group code -> store id
}

// newWorld is a store with testGroups, a finder at testNow, and a fake
// Twilio API for the texts the line sends.
func newWorld(t testing.TB) *world {
	t.Helper()
	store, areas := directorytest.Store(t), directorytest.Areas(t)
	codes := directorytest.Import(t, store, areas, testNow, testGroups()...)
	fake := twiliotest.NewFakeAPI()
	t.Cleanup(fake.Close)
	finder := &directory.Finder{Store: store, Vocab: directorytest.Vocab(t), Areas: areas, Now: func() time.Time { return testNow }}
	return &world{store: store, areas: areas, finder: finder, fake: fake, codes: codes}
}

// add imports more groups into the world.
func (w *world) add(t testing.TB, groups ...directory.Group) {
	t.Helper()
	for code, id := range directorytest.Import(t, w.store, w.areas, testNow, groups...) {
		w.codes[code] = id
	}
}

// line builds the voice line over the world; change adjusts its settings.
func (w *world) line(t testing.TB, change ...func(*Line)) *Line {
	t.Helper()
	sender, err := telephony.NewSender("AC0123456789abcdef0123456789abcdef", token, "+17055550100", w.fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	l := Line{Finder: w.finder, Texts: sender, Speech: true, Now: func() time.Time { return testNow }}
	for _, c := range change {
		c(&l)
	}
	return New(l)
}

// mount serves the line as serve does: signature-checked, at /twilio/voice.
func mount(l *Line) http.Handler {
	r := chi.NewRouter()
	v := &telephony.Verifier{AuthToken: token, PublicURL: "https://line.example.org"}
	r.Mount("/twilio/voice", v.Wrap(l.Handler()))
	return r
}

// phone is a caller with the given number, on a signed line.
func phone(h http.Handler, from string) *twiliotest.Phone {
	return &twiliotest.Phone{Handler: h, AuthToken: token, PublicURL: "https://line.example.org", From: from, To: "+17055550100"}
}

// heard is everything said in a turn, as one string.
func heard(t *twiliotest.Turn) string {
	var parts []string
	for _, s := range t.Said {
		parts = append(parts, s.Text)
	}
	return strings.Join(parts, " | ")
}

// act is one thing a caller does, and what they should then hear.
type act struct {
	do      string   // "call" dials; keys to press; "" is silence; "say:words" speaks
	hear    []string // each must be said
	notHear []string // none may be said
	hangup  bool
}

// converse runs a conversation, failing at the first step that goes wrong.
func converse(t *testing.T, p *twiliotest.Phone, steps []act) *twiliotest.Turn {
	t.Helper()
	ctx := context.Background()
	var turn *twiliotest.Turn
	var err error
	for i, s := range steps {
		switch {
		case s.do == "call":
			turn, err = p.Call(ctx)
		case s.do == "":
			turn, err = p.Silence(ctx)
		case strings.HasPrefix(s.do, "say:"):
			turn, err = p.Speak(ctx, strings.TrimPrefix(s.do, "say:"))
		default:
			turn, err = p.Press(ctx, s.do)
		}
		if err != nil {
			t.Fatalf("step %d (%q): %v", i, s.do, err)
		}
		got := heard(turn)
		for _, want := range s.hear {
			if !strings.Contains(got, want) {
				t.Fatalf("step %d (%q): did not hear %q in:\n%s", i, s.do, want, got)
			}
		}
		for _, not := range s.notHear {
			if strings.Contains(got, not) {
				t.Fatalf("step %d (%q): heard %q in:\n%s", i, s.do, not, got)
			}
		}
		if turn.Hangup != s.hangup {
			t.Fatalf("step %d (%q): hangup = %v, want %v; heard:\n%s", i, s.do, turn.Hangup, s.hangup, got)
		}
		if !turn.Hangup && turn.Gather == nil && turn.Dial == nil && turn.Record == nil {
			t.Fatalf("step %d (%q): the call waits for nothing:\n%s", i, s.do, turn.TwiML)
		}
	}
	return turn
}
