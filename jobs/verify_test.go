package jobs

import (
	"context"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
)

// verifier is the listing check pass of the test world: listings are
// asked about after 6 months.
func (w *world) verifier() *Verifier {
	return &Verifier{Store: w.store, Areas: w.areas, Twilio: w.twilio, PublicURL: "https://line.example.org", Clock: w.clock,
		Rate: 1, Quiet: DefaultQuiet(), After: DefaultVerifyAfter}
}

// verifyAt runs one pass at t, and returns the texts and calls it made.
func (w *world) verifyAt(t *testing.T, at time.Time, dry bool) (texts, calls []string, rep VerifyReport) {
	t.Helper()
	sentBefore, calledBefore := len(w.fake.Messages()), len(w.fake.Calls())
	w.clock.Set(at)
	rep, err := w.verifier().Pass(context.Background(), dry)
	if err != nil {
		t.Fatalf("verify at %s: %v", at, err)
	}
	for _, m := range w.fake.Messages()[sentBefore:] {
		texts = append(texts, m.To+": "+m.Body)
	}
	for _, c := range w.fake.Calls()[calledBefore:] {
		calls = append(calls, c.To+": "+c.URL)
	}
	return texts, calls, rep
}

// seven months after the test world's import, at 11 a.m. in Toronto.
var checkDay = time.Date(2026, 6, 22, 11, 0, 0, 0, toronto).AddDate(1, 0, 0)

// A group's contact is asked by text, a week apart, three times; the
// listing then goes on the staff's list and nobody is asked again. One
// number that answers for four groups is asked about one at a time.
func TestVerifyAsksAWeekApartThenFlags(t *testing.T) {
	w := newWorld(t)
	steps := []struct {
		at            time.Time
		texts         []string
		flagged, left int
	}{
		{checkDay, []string{
			"+17055550110: Peer Line: Is Tuesday Grief Circle (3001) still meeting every Tuesday at 7pm? Reply YES, or CHANGED and we will call you.",
			"+18075550120: Peer Line: Is Kenora Caregivers (3005) still meeting every Wednesday at 8pm Eastern (7pm Central)? Reply YES, or CHANGED and we will call you.",
		}, 0, 3},
		{checkDay.Add(2 * time.Hour), nil, 0, 5}, // the same day: nothing again
		{checkDay.AddDate(0, 0, 7), []string{"+17055550110: Peer Line: Is Tuesday Grief Circle (3001)", "+18075550120: Peer Line: Is Kenora Caregivers (3005)"}, 0, 3},
		{checkDay.AddDate(0, 0, 14), []string{"+17055550110: Peer Line: Is Tuesday Grief Circle (3001)", "+18075550120: Peer Line: Is Kenora Caregivers (3005)"}, 0, 3},
		{checkDay.AddDate(0, 0, 20), nil, 0, 5}, // six days after the third ask: still waiting
		{checkDay.AddDate(0, 0, 21), []string{"+17055550110: Peer Line: Is Every Other Thursday (3002)"}, 2, 2}, // the third went unanswered
		{checkDay.AddDate(0, 0, 28), []string{"+17055550110: Peer Line: Is Every Other Thursday (3002)"}, 0, 2},
	}
	for i, s := range steps {
		texts, calls, rep := w.verifyAt(t, s.at, false)
		if len(texts) != len(s.texts) || len(calls) != 0 {
			t.Fatalf("step %d (%s): texts %q, calls %q; want %d texts", i, s.at, texts, calls, len(s.texts))
		}
		for j, want := range s.texts {
			if !strings.HasPrefix(texts[j], want) {
				t.Errorf("step %d: text %d is %q; want it to begin %q", i, j, texts[j], want)
			}
		}
		if rep.ByText != len(s.texts) || rep.Flagged != s.flagged || rep.Skipped != s.left {
			t.Errorf("step %d: report %+v; want %d by text, %d flagged, %d left for later", i, rep, len(s.texts), s.flagged, s.left)
		}
	}
	flags, err := w.store.ListingFlags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(flags) != 2 || flags[0].Code != 3001 || flags[0].Reason != directory.FlagNoAnswer || flags[1].Code != 3005 {
		t.Errorf("the staff's list: %+v", flags)
	}
}

// Nothing is asked in the night of the number's own zone (a 204 number
// is in Winnipeg, an hour behind Toronto); what waits goes in the
// morning.
func TestVerifyKeepsQuietHours(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	hash, err := directory.HashPIN("4821")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddLeader(ctx, w.codes[3005], "+12045550177", hash, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	night := time.Date(checkDay.Year(), checkDay.Month(), checkDay.Day(), 21, 30, 0, 0, toronto)
	texts, _, rep := w.verifyAt(t, night, false)
	if len(texts) != 1 || !strings.HasPrefix(texts[0], "+12045550177:") || rep.Skipped != 4 {
		t.Errorf("at 9:30 p.m. Eastern, 8:30 p.m. Central: %q, %+v; want only the Winnipeg number asked", texts, rep)
	}
	texts, _, _ = w.verifyAt(t, night.Add(10*time.Hour+30*time.Minute), false) // 8 a.m. Eastern
	if len(texts) != 1 || !strings.HasPrefix(texts[0], "+17055550110:") {
		t.Errorf("the next morning: %q; want Sault's contact asked", texts)
	}
}

// A dry run says whom it would ask, numbers masked, and sends and
// records nothing.
func TestVerifyDryRunSendsNothing(t *testing.T) {
	w := newWorld(t)
	texts, calls, rep := w.verifyAt(t, checkDay, true)
	if len(texts)+len(calls) != 0 || rep.ByText != 2 {
		t.Fatalf("dry run: sent %q %q; report %+v", texts, calls, rep)
	}
	for _, p := range rep.Asks {
		if strings.Contains(p.Number, "0110") || strings.Contains(p.Number, "0120") {
			t.Errorf("a dry run shows a number whole: %+v", p)
		}
	}
	asks, err := w.store.ListingAsks(context.Background(), w.codes[3001], time.Time{})
	if err != nil || len(asks) != 0 {
		t.Errorf("a dry run recorded asks: %+v %v", asks, err)
	}
	if texts, _, _ := w.verifyAt(t, checkDay.Add(time.Minute), false); len(texts) != 2 {
		t.Errorf("the real pass after a dry run sent %d texts; want 2", len(texts))
	}
}

// A number Twilio will not text (a landline) is called instead, with the
// ask in the call's URL; the next ask of the round calls straight away.
func TestVerifyCallsALandline(t *testing.T) {
	w := newWorld(t)
	w.fake.FailNext(1, 400, 21614) // the first text: not a mobile number
	texts, calls, rep := w.verifyAt(t, checkDay, false)
	if len(texts) != 1 || len(calls) != 1 || rep.ByCall != 1 || rep.ByText != 1 {
		t.Fatalf("texts %q, calls %q, %+v; want one of each", texts, calls, rep)
	}
	asks, err := w.store.ListingAsks(context.Background(), w.codes[3001], time.Time{})
	if err != nil || len(asks) != 1 || asks[0].Channel != directory.ByCall {
		t.Fatalf("asks: %+v %v", asks, err)
	}
	to, u, _ := strings.Cut(calls[0], ": ")
	parsed, err := url.Parse(u)
	if err != nil || to != "+17055550110" || parsed.Path != routes.VoiceStep(routes.CheckStep) || parsed.Query().Get("id") == "" {
		t.Errorf("the call: to %s, %s", to, u)
	}
	texts, calls, _ = w.verifyAt(t, checkDay.AddDate(0, 0, 7), false)
	if len(calls) != 1 || len(texts) != 1 || !strings.HasPrefix(calls[0], "+17055550110:") {
		t.Errorf("a week on: texts %q, calls %q; want the landline called, not texted", texts, calls)
	}
}

// A group with a leader is asked through its leader, by role.
func TestVerifyAsksTheLeader(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	hash, err := directory.HashPIN("4821")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddLeader(ctx, w.codes[3005], "+18075550177", hash, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	texts, _, _ := w.verifyAt(t, checkDay, false)
	if len(texts) != 2 || !strings.HasPrefix(texts[1], "+18075550177: Peer Line: Is Kenora Caregivers (3005)") {
		t.Fatalf("texts: %q", texts)
	}
	a, ok, err := w.store.OpenAsk(ctx, "+18075550177")
	if err != nil || !ok || a.Role != directory.AskLeader || a.GroupID != w.codes[3005] {
		t.Errorf("the leader's ask: %+v %v %v", a, ok, err)
	}
}

// Of two servers running the daily pass at once, the one that takes the
// lease asks; the other asks nobody.
func TestVerifyDailyRunsOnOneServer(t *testing.T) {
	w := newWorld(t)
	w.clock.Set(checkDay)
	for _, holder := range []string{"host-1", "host-2"} {
		v := w.verifier()
		v.Lease, v.Holder = w.store, holder
		v.Daily(context.Background())
	}
	if n := len(w.fake.Messages()); n != 2 {
		t.Errorf("two servers' daily passes sent %d texts; want one pass's 2", n)
	}
}
