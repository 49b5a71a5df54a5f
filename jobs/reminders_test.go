package jobs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

const member = "+17055550142"

func at(mo time.Month, d, h, m int) time.Time { return time.Date(2026, mo, d, h, m, 0, 0, toronto) }

func TestARemindersDayBeforeAndHourBeforeExactlyOnce(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.English)
	steps := []struct {
		at   time.Time
		want int
		says []string
	}{
		{at(11, 23, 18, 0), 0, nil}, // an hour before the day-before reminder
		{at(11, 23, 19, 0), 1, []string{"Peer Line reminder: Tuesday Grief Circle meets Tue Nov 24 7pm.", "To join by phone, call 705-555-0199, then enter code 4127#.", "Reply STOP to end."}},
		{at(11, 23, 19, 0), 0, nil}, // the same pass again
		{at(11, 23, 19, 30), 0, nil},
		{at(11, 24, 18, 0), 1, []string{"meets Tue Nov 24 7pm"}},
		{at(11, 24, 18, 1), 0, nil},
		{at(11, 24, 19, 5), 0, nil}, // started
	}
	for i, s := range steps {
		sent, _ := w.passAt(t, s.at)
		if len(sent) != s.want {
			t.Fatalf("step %d at %s: %d texts %+v; want %d", i, s.at, len(sent), sent, s.want)
		}
		for _, m := range sent {
			if m.To != member || m.StatusCallback != "https://line.example.org/twilio/status" {
				t.Errorf("step %d: sent to %s with callback %q", i, m.To, m.StatusCallback)
			}
			for _, want := range s.says {
				if !strings.Contains(m.Body, want) {
					t.Errorf("step %d: %q lacks %q", i, m.Body, want)
				}
			}
		}
	}
	sent := w.outgoings(t, directory.OutboxSent)
	if len(sent) != 2 || sent[0].Sid == "" {
		t.Fatalf("outbox: %+v", sent)
	}
}

// Across the autumn change (Sunday, November 1st) the meeting stays at
// 7 p.m. local, and its reminders say so.
func TestDaylightSavingWeeks(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3004, directory.ByText, directory.English)
	for _, meeting := range []time.Time{at(10, 25, 19, 0), at(11, 1, 19, 0), at(11, 8, 19, 0)} {
		sent, _ := w.passAt(t, meeting.Add(-time.Hour))
		if len(sent) != 1 || !strings.Contains(sent[0].Body, meeting.Format("Mon Jan 2")+" 7pm") {
			t.Fatalf("the hour before %s: %+v", meeting, sent)
		}
		if _, off := meeting.Zone(); (meeting.Month() == 10) != (off == -4*3600) {
			t.Fatalf("test set-up: %s in the wrong offset", meeting)
		}
	}
}

func TestEveryTwoWeeksAndMonthly(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3002, directory.ByText, directory.English)
	w.subscribe(t, member, 3003, directory.ByText, directory.French)
	// Thursday Nov 26 is a meeting week (46 weeks after Jan 8); Dec 3 is not.
	if sent, _ := w.passAt(t, at(11, 26, 13, 0)); len(sent) != 1 || !strings.Contains(sent[0].Body, "Every Other Thursday") {
		t.Fatalf("Nov 26: %+v", sent)
	}
	if sent, _ := w.passAt(t, at(12, 3, 13, 0)); len(sent) != 0 {
		t.Fatalf("Dec 3 is an off week: %+v", sent)
	}
	// The second Tuesday of December is the 8th, at 10 a.m.; in French.
	if sent, _ := w.passAt(t, at(12, 8, 9, 0)); len(sent) != 1 || !strings.Contains(sent[0].Body, "Rappel de la Ligne d'entraide : Second Tuesday Circle se réunit mardi 8 décembre 10 h.") ||
		!strings.Contains(sent[0].Body, "Répondez ARRET") {
		t.Fatalf("Dec 8: %+v", sent)
	}
}

func TestTwilioAnswers(t *testing.T) {
	t.Run("429 then success sends once", func(t *testing.T) {
		w := newWorld(t)
		w.subscribe(t, member, 3001, directory.ByText, directory.English)
		w.fake.FailNext(1, 429, 20429)
		sent, rep := w.passAt(t, at(11, 23, 19, 0))
		if len(sent) != 1 || rep.Send.Sent != 1 || w.fake.Requests() != 2 {
			t.Fatalf("sent %d, report %+v, %d requests", len(sent), rep, w.fake.Requests())
		}
	})
	t.Run("429 every time waits for a later pass, then gives up", func(t *testing.T) {
		w := newWorld(t)
		w.subscribe(t, member, 3001, directory.ByText, directory.English)
		w.fake.FailNext(100, 429, 20429)
		_, rep := w.passAt(t, at(11, 23, 19, 0))
		if rep.Send.Retry != 1 || w.fake.Requests() != 3 {
			t.Fatalf("report %+v after %d requests; want one retry later after 3 tries", rep, w.fake.Requests())
		}
		w.passAt(t, at(11, 23, 19, 6))
		_, rep = w.passAt(t, at(11, 23, 19, 12))
		if failed := w.outgoings(t, directory.OutboxFailed); len(failed) != 1 || rep.Send.Failed != 1 {
			t.Fatalf("after three passes: %+v %+v", failed, rep)
		}
	})
	t.Run("21610 opts the member out", func(t *testing.T) {
		w := newWorld(t)
		w.subscribe(t, member, 3001, directory.ByText, directory.English)
		w.fake.FailNext(1, 400, 21610)
		w.passAt(t, at(11, 23, 19, 0))
		if m := w.member(t, member); !m.OptedOut {
			t.Fatal("21610 did not opt the member out")
		}
		if sent, _ := w.passAt(t, at(11, 24, 18, 0)); len(sent) != 0 {
			t.Fatalf("an opted-out member got %+v", sent)
		}
	})
	t.Run("21614 marks a landline and stops trying", func(t *testing.T) {
		w := newWorld(t)
		w.subscribe(t, member, 3001, directory.ByText, directory.English)
		w.fake.FailNext(1, 400, 21614)
		_, rep := w.passAt(t, at(11, 23, 19, 0))
		if m := w.member(t, member); !m.CannotText || rep.Send.Failed != 1 || w.fake.Requests() != 1 {
			t.Fatalf("member %+v, report %+v, %d requests", m, rep, w.fake.Requests())
		}
	})
}

func TestAStopBeforeTheScanSendsNothing(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.English)
	if err := w.store.OptOut(context.Background(), member, at(11, 23, 8, 0)); err != nil {
		t.Fatal(err)
	}
	if sent, rep := w.passAt(t, at(11, 23, 19, 0)); len(sent) != 0 || rep.Scan.Queued != 0 {
		t.Fatalf("after STOP: %+v %+v", sent, rep)
	}
	// and a STOP between the scan and the send is caught at sending
	w2 := newWorld(t)
	w2.subscribe(t, member, 3001, directory.ByText, directory.English)
	ctx := context.Background()
	if _, err := w2.runner.Scanner.Scan(ctx, at(11, 23, 19, 0)); err != nil {
		t.Fatal(err)
	}
	if err := w2.store.OptOut(ctx, member, at(11, 23, 18, 59)); err != nil {
		t.Fatal(err)
	}
	w2.clock.Set(at(11, 23, 19, 0))
	if rep, err := w2.runner.Sender.Send(ctx); err != nil || rep.Sent != 0 || rep.Skipped != 1 {
		t.Fatalf("a STOP after queuing: %+v %v", rep, err)
	}
}

func TestACancelledMeetingIsANoticeNotAReminder(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.English)
	if err := w.store.CancelMeeting(context.Background(), w.codes[3001], date(2026, 11, 24), at(11, 20, 9, 0)); err != nil {
		t.Fatal(err)
	}
	sent, _ := w.passAt(t, at(11, 23, 19, 0))
	if len(sent) != 1 || !strings.Contains(sent[0].Body, "Tuesday Grief Circle will not meet on Tue Nov 24. Next meeting: Tue Dec 1 7pm.") {
		t.Fatalf("the notice: %+v", sent)
	}
	if sent, _ := w.passAt(t, at(11, 24, 18, 0)); len(sent) != 0 {
		t.Fatalf("an hour before a cancelled meeting: %+v", sent)
	}
	if sent, _ := w.passAt(t, at(11, 30, 19, 0)); len(sent) != 1 || !strings.Contains(sent[0].Body, "reminder") {
		t.Fatalf("the week after: %+v", sent)
	}
}

func TestQuietHoursAreKept(t *testing.T) {
	w := newWorld(t)
	w.importGroups(t, []directory.Group{{SourceID: "early", Code: 3010, Name: "Early Birds", Concerns: []string{"grief"},
		Dialin: &directory.Dialin{Number: "+17055550198"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
		Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TU"}, Start: date(2026, 1, 6), Opens: 8*60 + 30}}}})
	w.subscribe(t, member, 3010, directory.ByText, directory.English)
	if sent, _ := w.passAt(t, at(11, 23, 8, 30)); len(sent) != 1 {
		t.Fatalf("the day before, at 8:30 a.m.: %+v", sent)
	}
	for _, quiet := range []time.Time{at(11, 23, 20, 45), at(11, 24, 7, 30)} {
		if sent, _ := w.passAt(t, quiet); len(sent) != 0 {
			t.Fatalf("the hour-before reminder falls at 7:30 a.m., in quiet hours, and the day-before one went: %+v", sent)
		}
	}
}

func TestReminderCalls(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByCall, directory.French)
	w.passAt(t, at(11, 23, 19, 0))
	calls := w.fake.Calls()
	if len(calls) != 1 || calls[0].To != member || !strings.HasPrefix(calls[0].URL, "https://line.example.org/twilio/voice/reminder?id=") ||
		calls[0].StatusCallback != "https://line.example.org/twilio/status" {
		t.Fatalf("calls: %+v", calls)
	}
	w.runner.Sender.PublicURL = ""
	_, rep := w.passAt(t, at(11, 24, 18, 0))
	if rep.Send.Failed != 1 {
		t.Fatalf("a call with no public URL for its words: %+v", rep)
	}
}

func TestStatusCallbacksAreRecordedInOrder(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.English)
	sent, _ := w.passAt(t, at(11, 23, 19, 0))
	h := StatusHandler(w.store, w.clock.Now, nil)
	post := func(form url.Values) int {
		r := httptest.NewRequest(http.MethodPost, "/twilio/status", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		return rec.Code
	}
	for _, status := range []string{"delivered", "sent", "delivered"} { // out of order, and twice
		if code := post(url.Values{"MessageSid": {sent[0].Sid}, "MessageStatus": {status}}); code != http.StatusOK {
			t.Fatalf("callback answered %d", code)
		}
	}
	if code := post(url.Values{"MessageSid": {"SMunknown"}, "MessageStatus": {"delivered"}}); code != http.StatusOK {
		t.Fatalf("an unknown sid answered %d", code)
	}
	out := w.outgoings(t, directory.OutboxSent)
	if len(out) != 1 || out[0].Delivery != "delivered" {
		t.Fatalf("delivery: %+v", out)
	}
}

func TestTheWaitListIsToldOnceWhenAGroupStarts(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if _, err := w.store.JoinWaitlist(ctx, member, "dementia", "705", "705", directory.ByText, directory.Consent{
		At: w.clock.Now(), Via: "voice", Purpose: "waitlist", Contact: directory.ByText, Lang: directory.English, Wording: "We will tell you once."}); err != nil {
		t.Fatal(err)
	}
	if sent, _ := w.passAt(t, at(11, 23, 10, 0)); len(sent) != 0 {
		t.Fatalf("no group yet: %+v", sent)
	}
	w.importGroups(t, []directory.Group{{SourceID: "new-dementia", Code: 3020, Name: "Sault Memory Circle", Concerns: []string{"dementia"},
		Phone: "(705) 555-0130", Place: &directory.Place{City: "Sault Ste. Marie"},
		Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"FR"}, Start: date(2026, 11, 1), Opens: 13 * 60}}}})
	sent, _ := w.passAt(t, at(11, 23, 10, 5))
	if len(sent) != 1 || !strings.Contains(sent[0].Body, "a group for Dementia and Alzheimer's starts near 705. Sault Memory Circle is now listed: it meets in person in Sault Ste. Marie. Contact: 705-555-0130.") ||
		strings.Contains(sent[0].Body, "JOIN") { // an in-person group takes no reminders
		t.Fatalf("the note: %+v", sent)
	}
	if sent, _ := w.passAt(t, at(11, 23, 10, 6)); len(sent) != 0 {
		t.Fatalf("told twice: %+v", sent)
	}
	if open, err := w.store.OpenWaitlist(ctx); err != nil || len(open) != 0 {
		t.Fatalf("the entry is still open: %+v %v", open, err)
	}
}

// The pace holds: ten texts at two a second take four and a half seconds
// of (fake) time, however fast Twilio answers. Each worker claims a text
// only after its pace slot, so each ends the pass with one slot that
// found nothing left to send.
func TestSendsArePaced(t *testing.T) {
	w := newWorld(t)
	for i := range 10 {
		w.subscribe(t, "+170555501"+string(rune('0'+i))+"0", 3001, directory.ByText, directory.English)
	}
	w.runner.Sender.Rate = 2
	w.clock.Set(at(11, 23, 19, 0))
	if _, err := w.runner.Scanner.Scan(context.Background(), w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	before := w.clock.Slept()
	rep, err := w.runner.Sender.Send(context.Background())
	if err != nil || rep.Sent != 10 {
		t.Fatalf("%+v %v", rep, err)
	}
	workers := time.Duration(w.runner.Sender.Workers)
	if slept := w.clock.Slept() - before; slept < 4500*time.Millisecond || slept > 4500*time.Millisecond+workers*500*time.Millisecond {
		t.Fatalf("ten texts at 2/s waited %v; want 4.5s, and at most a slot a worker more", slept)
	}
}

// Stopping the server mid-pass: the send in flight completes and is
// recorded; what was claimed but not sent goes back to pending, untried.
func TestStoppingMidPassGivesBackWhatWasNotSent(t *testing.T) {
	w := newWorld(t)
	for i := range 5 {
		w.subscribe(t, "+170555502"+string(rune('0'+i))+"0", 3001, directory.ByText, directory.English)
	}
	w.clock.Set(at(11, 23, 19, 0))
	if _, err := w.runner.Scanner.Scan(context.Background(), w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.runner.Sender.Twilio = stopAfterFirst{Twilio: w.runner.Sender.Twilio, stop: cancel}
	w.runner.Sender.Workers = 1
	if _, err := w.runner.Sender.Send(ctx); err != nil {
		t.Fatal(err)
	}
	sent, pending := w.outgoings(t, directory.OutboxSent), w.outgoings(t, directory.OutboxPending)
	if len(w.fake.Messages()) != 1 || len(sent) != 1 || len(pending) != 4 {
		t.Fatalf("texts %d, sent %d, pending %d; want 1, 1, 4", len(w.fake.Messages()), len(sent), len(pending))
	}
	w.runner.Sender.Twilio = stopAfterFirst{Twilio: w.runner.Sender.Twilio.(stopAfterFirst).Twilio, stop: func() {}}
	if texts, _ := w.passAt(t, at(11, 23, 19, 1)); len(texts) != 4 {
		t.Fatalf("the next pass sent %d of the 4 left", len(texts))
	}
}

// stopAfterFirst is the server being told to stop while a send is on its way.
type stopAfterFirst struct {
	Twilio
	stop func()
}

func (s stopAfterFirst) SendText(ctx context.Context, to, body, cb string) (string, error) {
	defer s.stop()
	return s.Twilio.SendText(ctx, to, body, cb)
}

// A group taken off the line (its feed no longer lists it) stops its
// reminders, and its members are told once, in their language, in the
// daytime; listed again before the notice goes, it is not sent.
func TestMembersAreToldWhenTheirGroupIsTakenOff(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, member, 3001, directory.ByText, directory.French)
	groups := testGroups()
	var gone directory.Group
	for _, g := range groups {
		if g.Code == 3001 {
			gone = g
		}
	}
	gone.Status = directory.StatusInactive
	w.importGroups(t, []directory.Group{gone})
	if sent, _ := w.passAt(t, at(11, 23, 22, 0)); len(sent) != 0 {
		t.Fatalf("at 10 p.m., in quiet hours: %+v", sent)
	}
	sent, _ := w.passAt(t, at(11, 24, 9, 0))
	if len(sent) != 1 || !strings.Contains(sent[0].Body, "Tuesday Grief Circle ne figure plus à notre répertoire") {
		t.Fatalf("the notice: %+v", sent)
	}
	for _, later := range []time.Time{at(11, 24, 18, 0), at(11, 30, 19, 0)} {
		if sent, _ := w.passAt(t, later); len(sent) != 0 {
			t.Fatalf("after the notice, at %v: %+v", later, sent)
		}
	}
}
