package jobs

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/postgres/pgtest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/routes"
)

// A crashed sender is simulated here by claiming a message through the
// store, as a sender does just before sending, and then — as the dying
// process would — sending it through Twilio or not, and never settling
// it. cmd/peerline's crash test kills a real `peerline remind` instead.

// claimAndDie claims the next due message at the clock's time and, when
// went, sends it through Twilio exactly as the sender would have; then
// the "process" dies: nothing is settled.
func (w *world) claimAndDie(t *testing.T, went bool) directory.Outgoing {
	t.Helper()
	ctx := context.Background()
	claimed, err := w.store.ClaimDue(ctx, w.clock.Now(), 1)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claiming: %+v %v", claimed, err)
	}
	it := claimed[0]
	if !went {
		return it
	}
	s := w.runner.Sender
	if it.Channel == directory.ByCall {
		if _, err := w.twilio.StartCall(ctx, it.Number, s.PublicURL+routes.ReminderCall(it.ID), s.PublicURL+routes.Status); err != nil {
			t.Fatal(err)
		}
		return it
	}
	g, ok, err := w.store.GroupByID(ctx, it.GroupID)
	if err != nil || !ok {
		t.Fatalf("group %d: %v", it.GroupID, err)
	}
	body, err := s.text(it, g)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.twilio.SendText(ctx, it.Number, body, s.PublicURL+routes.Status); err != nil {
		t.Fatal(err)
	}
	return it
}

// scanAt queues what is due at t, and stops the clock there.
func (w *world) scanAt(t *testing.T, at time.Time) {
	t.Helper()
	w.clock.Set(at)
	if _, err := w.runner.Scanner.Scan(context.Background(), at); err != nil {
		t.Fatal(err)
	}
}

// got counts the texts and calls each number got.
func (w *world) got() (texts, calls map[string]int) {
	texts, calls = map[string]int{}, map[string]int{}
	for _, m := range w.fake.Messages() {
		texts[m.To]++
	}
	for _, c := range w.fake.Calls() {
		calls[c.To]++
	}
	return texts, calls
}

// everyRowSentOnce checks the outbox: every message sent, each with a Sid
// of its own that Twilio has for its number.
func (w *world) everyRowSentOnce(t *testing.T, want int) {
	t.Helper()
	to := map[string]string{}
	for _, m := range w.fake.Messages() {
		to[m.Sid] = m.To
	}
	for _, c := range w.fake.Calls() {
		to[c.Sid] = c.To
	}
	all := w.outgoings(t, "")
	seen := map[string]bool{}
	for _, it := range all {
		if it.State != directory.OutboxSent || to[it.Sid] != it.Number || seen[it.Sid] {
			t.Errorf("outbox %d: %s, sid %q (Twilio sent it to %q, seen before: %v)", it.ID, it.State, it.Sid, to[it.Sid], seen[it.Sid])
		}
		seen[it.Sid] = true
	}
	if len(all) != want {
		t.Errorf("%d messages in the outbox; want %d", len(all), want)
	}
}

func TestSettleATextThatNeverWent(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.English)
	w.scanAt(t, at(11, 23, 19, 0))
	w.claimAndDie(t, false)

	// Before strandAfter its sender may still be at it: hands off.
	if sent, rep := w.passAt(t, at(11, 23, 19, 0).Add(strandAfter-time.Minute)); len(sent) != 0 || rep.Send != (SendReport{}) {
		t.Fatalf("a pass while the claim is fresh: sent %+v, %+v", sent, rep.Send)
	}
	sent, rep := w.passAt(t, at(11, 23, 19, 0).Add(strandAfter+time.Minute))
	if len(sent) != 1 || sent[0].To != member || rep.Send.Resent != 1 || rep.Send.Sent != 1 || rep.Send.Found != 0 {
		t.Fatalf("the pass after the crash: sent %+v, %+v", sent, rep.Send)
	}
	if sent, rep := w.passAt(t, at(11, 23, 19, 30)); len(sent) != 0 || rep.Send != (SendReport{}) {
		t.Fatalf("the pass after that: sent %+v, %+v", sent, rep.Send)
	}
	w.everyRowSentOnce(t, 1)
}

func TestSettleATextThatWentWithoutItsSid(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.French)
	w.scanAt(t, at(11, 23, 19, 0))
	w.claimAndDie(t, true)

	sent, rep := w.passAt(t, at(11, 23, 19, 0).Add(strandAfter+time.Minute))
	if len(sent) != 0 || rep.Send.Found != 1 || rep.Send.Sent != 0 || rep.Send.Resent != 0 {
		t.Fatalf("the pass after the crash: sent %+v, %+v", sent, rep.Send)
	}
	if texts, _ := w.got(); texts[member] != 1 {
		t.Fatalf("the member got %d texts", texts[member])
	}
	w.everyRowSentOnce(t, 1)
	// Twilio's status callbacks for it now find it.
	if known, err := w.store.RecordDelivery(context.Background(), w.fake.Messages()[0].Sid, "delivered", w.clock.Now()); err != nil || !known {
		t.Fatalf("the callback for the found Sid: %v %v", known, err)
	}
}

// Reminder calls are looked up in Twilio's calls: one that went is
// recorded, one that did not is placed.
func TestSettleReminderCalls(t *testing.T) {
	const other = "+17055550143"
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByCall, directory.English)
	w.subscribe(t, other, 3001, directory.ByCall, directory.French)
	w.scanAt(t, at(11, 23, 19, 0))
	first := w.claimAndDie(t, true) // ... the first call went
	w.clock.Advance(time.Second)
	w.claimAndDie(t, false) // ... and the second did not: a pass with two workers died with both

	sent, rep := w.passAt(t, at(11, 23, 19, 0).Add(strandAfter+time.Minute))
	if len(sent) != 0 || rep.Send.Found != 1 || rep.Send.Resent != 1 || rep.Send.Sent != 1 {
		t.Fatalf("the pass after the crash: texts %+v, %+v", sent, rep.Send)
	}
	texts, calls := w.got()
	if len(texts) != 0 || calls[member] != 1 || calls[other] != 1 {
		t.Fatalf("texts %v, calls %v; want one call each", texts, calls)
	}
	if first.Number != member && first.Number != other {
		t.Fatalf("claimed %+v", first)
	}
	w.everyRowSentOnce(t, 2)
}

// Two reminder calls to one member, a second apart: the first went and
// was recorded, the sender died with the second before it went. Twilio
// lists the first call in the second's window; it is not taken for it.
func TestSettleDoesNotTakeACallAlreadyRecordedForAnother(t *testing.T) {
	w := newWorld(t)
	w.importGroups(t, []directory.Group{{SourceID: "weekly-2", Code: 3011, Name: "Tuesday Caregivers", Concerns: []string{"caregiving"},
		Dialin: &directory.Dialin{Number: "+17055550197"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
		Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TU"}, Start: date(2026, 1, 6), Opens: 19 * 60}}}})
	w.subscribe(t, member, 3001, directory.ByCall, directory.English)
	w.subscribe(t, member, 3011, directory.ByCall, directory.English)
	w.scanAt(t, at(11, 23, 19, 0))
	ctx := context.Background()
	it := w.claimAndDie(t, true) // went ...
	calls := w.fake.Calls()
	if err := w.store.Settle(ctx, it.ID, directory.OutboxSent, calls[0].Sid, "", time.Time{}, w.clock.Now()); err != nil {
		t.Fatal(err) // ... and was recorded, as a live sender does
	}
	w.clock.Advance(time.Second)
	w.claimAndDie(t, false)

	_, rep := w.passAt(t, at(11, 23, 19, 0).Add(strandAfter+time.Minute))
	if _, calls := w.got(); calls[member] != 2 || rep.Send.Resent != 1 || rep.Send.Found != 0 {
		t.Fatalf("the member got %d calls; %+v", calls[member], rep.Send)
	}
	w.everyRowSentOnce(t, 2)
}

// A reminder in doubt whose meeting has started is not sent late.
func TestSettleSkipsAReminderWhoseMeetingStarted(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.English)
	w.passAt(t, at(11, 23, 19, 0)) // the day-before reminder went
	w.scanAt(t, at(11, 24, 18, 57))
	w.claimAndDie(t, false) // the hour-before one: claimed 3 minutes late, never sent

	sent, rep := w.passAt(t, at(11, 24, 18, 57).Add(strandAfter+time.Second)) // 7:02 p.m.
	if len(sent) != 0 || rep.Send.Skipped != 1 || rep.Send.Resent != 0 {
		t.Fatalf("after the meeting started: sent %+v, %+v", sent, rep.Send)
	}
	if skipped := w.outgoings(t, directory.OutboxSkipped); len(skipped) != 1 || skipped[0].Error != "the meeting has started" {
		t.Fatalf("skipped: %+v", skipped)
	}
}

// When Twilio cannot say what it sent, nothing is guessed: the messages
// stay in doubt, claim time and all, and nothing is sent until it can.
func TestSettleNothingWhileTwilioCannotBeAsked(t *testing.T) {
	const other = "+17055550143"
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.English)
	w.subscribe(t, other, 3001, directory.ByText, directory.English)
	w.scanAt(t, at(11, 23, 19, 0))
	went := w.claimAndDie(t, true)
	w.claimAndDie(t, false)
	w.fake.FailListsNext(1000, 503, 0)

	for _, when := range []time.Duration{strandAfter + time.Second, strandAfter + time.Minute} {
		sent, rep := w.passAt(t, at(11, 23, 19, 0).Add(when))
		if len(sent) != 0 || rep.Send.Unknown != 2 || rep.Send.Found+rep.Send.Resent+rep.Send.Sent != 0 {
			t.Fatalf("Twilio down, %v after: sent %+v, %+v", when, sent, rep.Send)
		}
	}
	inDoubt := w.outgoings(t, directory.OutboxSending)
	if len(inDoubt) != 2 || !inDoubt[0].ClaimedAt.Equal(at(11, 23, 19, 0)) || !inDoubt[1].ClaimedAt.Equal(at(11, 23, 19, 0)) {
		t.Fatalf("in doubt: %+v", inDoubt)
	}

	w.fake.FailListsNext(0, 0, 0) // Twilio is back
	sent, rep := w.passAt(t, at(11, 23, 19, 10))
	if rep.Send.Found != 1 || rep.Send.Resent != 1 || len(sent) != 1 || sent[0].To == went.Number {
		t.Fatalf("Twilio back: sent %+v, %+v", sent, rep.Send)
	}
	if texts, _ := w.got(); texts[member] != 1 || texts[other] != 1 {
		t.Fatalf("texts %v; want one each", texts)
	}
	w.everyRowSentOnce(t, 2)
}

// engines are the stores the several-servers tests run on: SQLite, and
// PostgreSQL (skipped without a server, required in CI).
var engines = []struct {
	name  string
	store func(t *testing.T) directory.Store
}{
	{"sqlite", func(t *testing.T) directory.Store { return directorytest.Store(t) }},
	{"postgres", func(t *testing.T) directory.Store {
		s, err := postgres.Open(context.Background(), pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	}},
}

// Several servers run passes at once: each reminder goes once.
func TestTwoPassesAtOnceSendEachReminderOnce(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { twoPassesAtOnce(t, newWorldOn(t, e.store(t))) })
	}
}

func twoPassesAtOnce(t *testing.T, w *world) {
	const n = 12
	for i := range n {
		w.subscribe(t, fmt.Sprintf("+170555502%02d", i), 3001, directory.ByText, directory.English)
	}
	w.scanAt(t, at(11, 23, 19, 0))
	reps := w.passesAtOnce(t, 2)
	texts, _ := w.got()
	if len(texts) != n || reps[0].Sent+reps[1].Sent != n {
		t.Fatalf("texts %v; reports %+v", texts, reps)
	}
	for to, k := range texts {
		if k != 1 {
			t.Errorf("%s got %d texts", to, k)
		}
	}
	w.everyRowSentOnce(t, n)
}

// A pass (or two) died with a dozen reminders in doubt, half of which
// went: two passes at once settle them, each once.
func TestTwoPassesAtOnceSettleEachMessageInDoubtOnce(t *testing.T) {
	for _, e := range engines {
		t.Run(e.name, func(t *testing.T) { twoPassesSettle(t, newWorldOn(t, e.store(t))) })
	}
}

func twoPassesSettle(t *testing.T, w *world) {
	const n = 12
	for i := range n {
		w.subscribe(t, fmt.Sprintf("+170555502%02d", i), 3001, directory.ByText, directory.English)
	}
	w.scanAt(t, at(11, 23, 19, 0))
	for i := range n {
		w.claimAndDie(t, i%2 == 0)
		w.clock.Advance(time.Second)
	}
	w.clock.Set(at(11, 23, 19, 0).Add(strandAfter + time.Minute))
	reps := w.passesAtOnce(t, 2)
	texts, _ := w.got()
	for i := range n {
		if to := fmt.Sprintf("+170555502%02d", i); texts[to] != 1 {
			t.Errorf("%s got %d texts", to, texts[to])
		}
	}
	if found, resent := reps[0].Found+reps[1].Found, reps[0].Resent+reps[1].Resent; found != n/2 || resent != n/2 {
		t.Errorf("found %d, resent %d; want %d each (%+v)", found, resent, n/2, reps)
	}
	w.everyRowSentOnce(t, n)
}

// passesAtOnce runs k senders' passes at the same time, as k servers
// sharing the database would, and returns their reports.
func (w *world) passesAtOnce(t *testing.T, k int) []SendReport {
	t.Helper()
	reps := make([]SendReport, k)
	var wg sync.WaitGroup
	for i := range k {
		s := *w.runner.Sender // a sender of its own, on the same store and Twilio
		wg.Go(func() {
			rep, err := s.Send(context.Background())
			if err != nil {
				t.Errorf("pass %d: %v", i, err)
			}
			reps[i] = rep
		})
	}
	wg.Wait()
	return reps
}
