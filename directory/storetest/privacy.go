package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// forgetFixture gives a member every kind of record: reminders, a
// wait-list entry, queued messages, voicemails, a text conversation.
func forgetFixture(t *testing.T, s directory.Store, number string, digit int) {
	t.Helper()
	a := mustSubscribe(t, s, number, "sault-grief", directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, number, "sault-care", directory.ByCall, voiceConsent(testNow.Add(time.Minute), directory.English))
	w := mustJoin(t, s, number, "cancer", "705", smsConsent(testNow.Add(2*time.Minute)))
	enqueue(t, s, testNow,
		directory.Outgoing{Key: fmt.Sprintf("r:%d:1", a.ID), Kind: directory.SendReminder, SubscriptionID: a.ID, MemberID: a.MemberID, GroupID: a.GroupID,
			Channel: directory.ByText, Lang: directory.English, MeetingAt: testNow.Add(48 * time.Hour), Lead: time.Hour, DueAt: testNow.Add(47 * time.Hour)},
		waitNote(w, a.GroupID, fmt.Sprintf("w:%d", w.ID), testNow))
	for i := range 2 {
		must(t, s.SaveVoicemail(ctx, directory.Voicemail{At: testNow.Add(time.Duration(i) * time.Hour), Caller: number, Seconds: 20,
			RecordingURL: fmt.Sprintf("https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE%032d", digit*10+i)}))
	}
	num, err := directory.NormalizePhone(number)
	must(t, err)
	must(t, s.SaveSession(ctx, directory.TextSessionKey(num), []byte(`{"lang":"en","concern":"cancer"}`), testNow))
}

// recordsOf counts, kind by kind, the records of a number the store
// will show.
func recordsOf(t *testing.T, s directory.Store, number string) map[string]int {
	t.Helper()
	n := map[string]int{}
	if _, ok := memberOf(t, s, number); ok {
		n["members"] = 1
	}
	n["consents"] = len(consentsOf(t, s, number))
	n["subscriptions"] = len(subscriptionsOf(t, s, number))
	for _, e := range openWaitlist(t, s) {
		if e.Number == number {
			n["waitlist"]++
		}
	}
	for _, it := range outgoings(t, s, "") {
		if it.Number == number {
			n["outbox"]++
		}
	}
	vs, err := s.Voicemails(ctx, time.Time{})
	must(t, err)
	for _, v := range vs {
		if v.Caller == number {
			n["voicemails"]++
		}
	}
	if _, ok, err := s.LoadSession(ctx, directory.TextSessionKey(number), time.Time{}); err != nil {
		t.Fatal(err)
	} else if ok {
		n["sessions"] = 1
	}
	return n
}

// Forgetting a member removes every record of them, and only theirs.
func testForgetRemovesEveryRecord(t *testing.T, s directory.Store) {
	withFixture(t, s)
	const gone, kept = "+17055550142", "+17055550143"
	forgetFixture(t, s, gone, 1)
	forgetFixture(t, s, kept, 2)
	must(t, s.SaveSession(ctx, "call:CA123", []byte(`{"step":"menu"}`), testNow))
	must(t, s.LogSearch(ctx, directory.SearchLog{At: testNow, Channel: directory.ChannelSMS, Concern: "cancer", NPA: "705", Area: "705"}))
	want := map[string]int{"members": 1, "consents": 3, "subscriptions": 2, "waitlist": 1, "outbox": 2, "voicemails": 2, "sessions": 1}
	if got := recordsOf(t, s, gone); !reflect.DeepEqual(got, want) {
		t.Fatalf("before: %v; want %v", got, want)
	}
	keptBefore := recordsOf(t, s, kept)
	if n, w := countPending(t, s), countWaiting(t, s); n != 4 || w != 2 {
		t.Fatalf("before: %d pending, %d waiting; want 4 and 2", n, w)
	}

	f, err := s.Forget(ctx, "(705) 555-0142")
	must(t, err)
	wantF := directory.Forgotten{Members: 1, Consents: 3, Subscriptions: 2, Waitlist: 1, Outbox: 2, Voicemails: 2, Sessions: 1,
		Recordings: []string{
			"https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + fmt.Sprintf("%032d", 10),
			"https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + fmt.Sprintf("%032d", 11),
		}}
	if !reflect.DeepEqual(f, wantF) {
		t.Errorf("Forget = %+v\nwant     %+v", f, wantF)
	}
	if f.Total() != 12 {
		t.Errorf("Total = %d; want 12", f.Total())
	}
	for kind, n := range recordsOf(t, s, gone) {
		if n != 0 {
			t.Errorf("%d %s of the forgotten member left", n, kind)
		}
	}
	// Counted whoever they belong to: nothing of theirs is left hidden.
	if n, w := countPending(t, s), countWaiting(t, s); n != 2 || w != 1 {
		t.Errorf("after: %d pending, %d waiting; want the other member's 2 and 1", n, w)
	}
	for _, c := range allConsents(t, s) {
		if c.Number == gone {
			t.Errorf("a consent of the forgotten member is left: %+v", c)
		}
	}
	for _, sub := range subscribersOf(t, s, groupIDOf(t, s, "sault-grief")) {
		if sub.Number == gone {
			t.Errorf("the forgotten member is still a subscriber: %+v", sub)
		}
	}
	if got := recordsOf(t, s, kept); !reflect.DeepEqual(got, keptBefore) {
		t.Errorf("the other member's records changed: %v; were %v", got, keptBefore)
	}
	if _, ok, err := s.LoadSession(ctx, "call:CA123", time.Time{}); err != nil || !ok {
		t.Errorf("a call's state was removed: %v, %v", ok, err)
	}
	if logs, err := s.SearchLogs(ctx, time.Time{}); err != nil || len(logs) != 1 {
		t.Errorf("the search log was changed: %d, %v", len(logs), err)
	}

	// Again: nothing left, nothing removed, no error.
	f, err = s.Forget(ctx, gone)
	if err != nil || f.Total() != 0 || len(f.Recordings) != 0 {
		t.Errorf("forgetting twice: %+v, %v", f, err)
	}
}

func testForgetAnUnknownOrInvalidNumber(t *testing.T, s directory.Store) {
	withFixture(t, s)
	forgetFixture(t, s, "+17055550142", 1)
	before := recordsOf(t, s, "+17055550142")
	f, err := s.Forget(ctx, "+17055550199")
	if err != nil || f.Total() != 0 {
		t.Errorf("an unknown number: %+v, %v", f, err)
	}
	if _, err := s.Forget(ctx, "555-0142"); !errors.Is(err, directory.ErrInvalidNumber) {
		t.Errorf("a number that cannot be read: %v; want ErrInvalidNumber", err)
	}
	if got := recordsOf(t, s, "+17055550142"); !reflect.DeepEqual(got, before) {
		t.Errorf("the member's records changed: %v; were %v", got, before)
	}
}

// A voicemail from a number that never opted in is forgotten too.
func testForgetACallerWhoIsNotAMember(t *testing.T, s directory.Store) {
	withFixture(t, s)
	must(t, s.SaveVoicemail(ctx, directory.Voicemail{At: testNow, Caller: "705-555-0160", Seconds: 5, RecordingURL: "https://example.org/r/1"}))
	f, err := s.Forget(ctx, "+17055550160")
	if err != nil || f.Voicemails != 1 || f.Total() != 1 || !reflect.DeepEqual(f.Recordings, []string{"https://example.org/r/1"}) {
		t.Errorf("Forget = %+v, %v; want one voicemail", f, err)
	}
	if vs, err := s.Voicemails(ctx, time.Time{}); err != nil || len(vs) != 0 {
		t.Errorf("voicemails left: %+v, %v", vs, err)
	}
}

// The blocklist is staff's record, not the person's: forgetting a number
// leaves it blocked, and says so.
func testForgetLeavesTheBlocklist(t *testing.T, s directory.Store) {
	withFixture(t, s)
	forgetFixture(t, s, "+17055550142", 1)
	must(t, s.Block(ctx, "+17055550142", "prank loop", testNow))
	f, err := s.Forget(ctx, "+17055550142")
	if err != nil || !f.Blocked || f.Members != 1 {
		t.Errorf("Forget = %+v, %v; want the member gone and Blocked", f, err)
	}
	if blocked, err := s.IsBlocked(ctx, "+17055550142"); err != nil || !blocked {
		t.Errorf("forgetting unblocked the number (%v, %v)", blocked, err)
	}
	if f, err := s.Forget(ctx, "+17055550143"); err != nil || f.Blocked {
		t.Errorf("a number not on the blocklist: %+v, %v; want not Blocked", f, err)
	}
}

func testDeleteVoicemailsBefore(t *testing.T, s directory.Store) {
	withFixture(t, s)
	for _, age := range []time.Duration{31 * 24 * time.Hour, 30*24*time.Hour + time.Second, 29 * 24 * time.Hour, 0} {
		must(t, s.SaveVoicemail(ctx, directory.Voicemail{At: testNow.Add(-age), Caller: "+17055550142", Seconds: 3, RecordingURL: "https://example.org/r"}))
	}
	n, err := s.DeleteVoicemailsBefore(ctx, testNow.Add(-30*24*time.Hour))
	if err != nil || n != 2 {
		t.Errorf("deleted %d (%v); want 2", n, err)
	}
	if left, err := s.Voicemails(ctx, time.Time{}); err != nil || len(left) != 2 {
		t.Errorf("%d voicemails left (%v); want the 2 younger than 30 days", len(left), err)
	}
}

// Finished messages go after their time; pending ones, and the note of
// a wait-list entry still open (it keeps the scan from queueing it
// again), stay. A message's time is when it last changed.
func testDeleteOutboxBefore(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "+17055550142", "sault-grief", directory.ByText, smsConsent(testNow))
	open := mustJoin(t, s, "+17055550142", "cancer", "705", smsConsent(testNow))
	closed := mustJoin(t, s, "+17055550142", "hoarding", "705", smsConsent(testNow))
	old, young := testNow.Add(-91*24*time.Hour), testNow.Add(-89*24*time.Hour)
	rows := []struct {
		key, state string
		waitlist   directory.WaitEntry
		updated    time.Time
		gone       bool
	}{
		{"sent-old", directory.OutboxSent, directory.WaitEntry{}, old, true},
		{"failed-old", directory.OutboxFailed, directory.WaitEntry{}, old, true},
		{"skipped-old", directory.OutboxSkipped, directory.WaitEntry{}, old, true},
		{"unknown-old", directory.OutboxUnknown, directory.WaitEntry{}, old, true},
		{"pending-old", directory.OutboxPending, directory.WaitEntry{}, old, false},
		{"sending-old", directory.OutboxSending, directory.WaitEntry{}, old, false},
		{"sent-young", directory.OutboxSent, directory.WaitEntry{}, young, false},
		{"w-open-failed-old", directory.OutboxFailed, open, old, false},
		{"w-closed-sent-old", directory.OutboxSent, closed, old, true}, // sending it closes the entry
	}
	// Each message is queued, claimed and settled at its time, one by one.
	for _, r := range rows {
		at := r.updated
		if r.state == directory.OutboxUnknown {
			at = r.updated.Add(-time.Minute) // claimed, then stranded at its time
		}
		it := reminder(sub, r.key, at)
		if r.waitlist.ID != 0 {
			it = waitNote(r.waitlist, sub.GroupID, r.key, at)
		}
		if r.state == directory.OutboxPending {
			it.DueAt = testNow.Add(time.Hour) // never claimed here
		}
		enqueue(t, s, at, it)
		if r.state == directory.OutboxPending {
			continue
		}
		claimed := claim(t, s, at, 1)
		if len(claimed) != 1 || claimed[0].Key != r.key {
			t.Fatalf("%s: claimed %q", r.key, keys(claimed))
		}
		switch r.state {
		case directory.OutboxSending:
		default: // 'unknown' too: what earlier versions made of a crashed send
			must(t, s.Settle(ctx, claimed[0].ID, r.state, "SM"+r.key, "", time.Time{}, r.updated))
		}
	}
	for _, r := range rows {
		if got := outgoingByKey(t, s, r.key); got.State != r.state {
			t.Fatalf("%s is %s; want %s", r.key, got.State, r.state)
		}
	}
	if ids := waitIDs(openWaitlist(t, s)); !slices.Equal(ids, []int64{open.ID}) {
		t.Fatalf("open entries %v; want [%d]", ids, open.ID)
	}

	n, err := s.DeleteOutboxBefore(ctx, testNow.Add(-90*24*time.Hour))
	if err != nil || n != 5 {
		t.Errorf("deleted %d (%v); want 5", n, err)
	}
	left := map[string]bool{}
	for _, it := range outgoings(t, s, "") {
		left[it.Key] = true
	}
	for _, r := range rows {
		if left[r.key] == r.gone {
			t.Errorf("%s: left %v; want gone = %v", r.key, left[r.key], r.gone)
		}
	}
	if n, err := s.DeleteOutboxBefore(ctx, testNow.Add(-90*24*time.Hour)); err != nil || n != 0 {
		t.Errorf("again: deleted %d (%v); want 0", n, err)
	}
}

func outgoingByKey(t *testing.T, s directory.Store, key string) directory.Outgoing {
	t.Helper()
	for _, it := range outgoings(t, s, "") {
		if it.Key == key {
			return it
		}
	}
	t.Fatalf("no message %s in the outbox", key)
	return directory.Outgoing{}
}
