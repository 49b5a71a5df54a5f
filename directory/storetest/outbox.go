package storetest

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// reminder is a message reminding sub's member of a meeting a day after
// due.
func reminder(sub directory.Subscription, key string, due time.Time) directory.Outgoing {
	return directory.Outgoing{Key: key, Kind: directory.SendReminder, SubscriptionID: sub.ID, MemberID: sub.MemberID, GroupID: sub.GroupID,
		Channel: sub.Channel, Lang: sub.Lang, MeetingAt: due.Add(24 * time.Hour), Lead: 24 * time.Hour, DueAt: due}
}

// waitNote is a message telling e's member that groupID has started.
func waitNote(e directory.WaitEntry, groupID int64, key string, due time.Time) directory.Outgoing {
	return directory.Outgoing{Key: key, Kind: directory.SendWaitlist, WaitlistID: e.ID, MemberID: e.MemberID, GroupID: groupID,
		Channel: e.Channel, Lang: e.Lang, DueAt: due}
}

func enqueue(t *testing.T, s directory.Store, now time.Time, items ...directory.Outgoing) int {
	t.Helper()
	n, err := s.Enqueue(ctx, items, now)
	must(t, err)
	return n
}

func claim(t *testing.T, s directory.Store, now time.Time, limit int) []directory.Outgoing {
	t.Helper()
	got, err := s.ClaimDue(ctx, now, limit)
	must(t, err)
	return got
}

func outgoings(t *testing.T, s directory.Store, state string) []directory.Outgoing {
	t.Helper()
	got, err := s.Outgoings(ctx, state)
	must(t, err)
	return got
}

func outgoing(t *testing.T, s directory.Store, id int64) directory.Outgoing {
	t.Helper()
	it, ok, err := s.OutgoingByID(ctx, id)
	if err != nil || !ok {
		t.Fatalf("OutgoingByID(%d) = %v, %v", id, ok, err)
	}
	return it
}

func keys(items []directory.Outgoing) []string {
	var ks []string
	for _, it := range items {
		ks = append(ks, it.Key)
	}
	return ks
}

// sameOutgoing reports whether two messages are the same, as read.
func sameOutgoing(a, b directory.Outgoing) bool {
	if !a.MeetingAt.Equal(b.MeetingAt) || !a.DueAt.Equal(b.DueAt) || !a.NextTryAt.Equal(b.NextTryAt) {
		return false
	}
	a.MeetingAt, a.DueAt, a.NextTryAt = time.Time{}, time.Time{}, time.Time{}
	b.MeetingAt, b.DueAt, b.NextTryAt = time.Time{}, time.Time{}, time.Time{}
	return a == b
}

func testEnqueueIsIdempotentByKey(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "(705) 555-0142", "on-phone-grief", directory.ByCall, voiceConsent(testNow, directory.French))
	w := mustJoin(t, s, "(705) 555-0142", "cancer", "705", smsConsent(testNow))
	a := reminder(sub, "r:a", testNow.Add(time.Hour))
	b := reminder(sub, "r:b", testNow.Add(2*time.Hour))
	note := waitNote(w, sub.GroupID, "w:a", testNow)

	if n := enqueue(t, s, testNow, a, b); n != 2 {
		t.Errorf("Enqueue = %d; want 2 new", n)
	}
	if n := enqueue(t, s, testNow.Add(time.Minute), a, b, note); n != 1 {
		t.Errorf("Enqueue again with one more = %d; want 1 new", n)
	}
	moved := a
	moved.DueAt = testNow.Add(5 * time.Hour)
	if n := enqueue(t, s, testNow.Add(2*time.Minute), moved); n != 0 {
		t.Errorf("Enqueue of a key already queued = %d; want 0", n)
	}

	list := outgoings(t, s, "")
	if got := keys(list); !slices.Equal(got, []string{"w:a", "r:a", "r:b"}) {
		t.Fatalf("Outgoings = %q; want the three, by due time", got)
	}
	gotA, gotNote := list[1], list[0]
	wantA := directory.Outgoing{ID: gotA.ID, Key: "r:a", Kind: directory.SendReminder, SubscriptionID: sub.ID, MemberID: sub.MemberID,
		Number: "+17055550142", GroupID: sub.GroupID, Channel: directory.ByCall, Lang: directory.French,
		MeetingAt: testNow.Add(25 * time.Hour), Lead: 24 * time.Hour, DueAt: testNow.Add(time.Hour), State: directory.OutboxPending}
	if gotA.ID == 0 || !sameOutgoing(gotA, wantA) {
		t.Errorf("reminder read back\n got %+v\nwant %+v (the first due time, not the second)", gotA, wantA)
	}
	wantNote := directory.Outgoing{ID: gotNote.ID, Key: "w:a", Kind: directory.SendWaitlist, WaitlistID: w.ID, MemberID: w.MemberID,
		Number: "+17055550142", GroupID: sub.GroupID, Channel: directory.ByText, Lang: directory.English, DueAt: testNow,
		State: directory.OutboxPending, Concern: "cancer"}
	if gotNote.ID == 0 || !sameOutgoing(gotNote, wantNote) {
		t.Errorf("wait-list note read back\n got %+v\nwant %+v", gotNote, wantNote)
	}
	if byID := outgoing(t, s, gotA.ID); !sameOutgoing(byID, gotA) {
		t.Errorf("OutgoingByID = %+v; want %+v", byID, gotA)
	}
	if _, ok, err := s.OutgoingByID(ctx, 999999); ok || err != nil {
		t.Errorf("OutgoingByID(999999) = %v, %v; want not found", ok, err)
	}
	if got := outgoings(t, s, directory.OutboxPending); len(got) != 3 {
		t.Errorf("%d pending; want 3", len(got))
	}
	if got := outgoings(t, s, directory.OutboxSent); len(got) != 0 {
		t.Errorf("%d sent; want none", len(got))
	}

	// A scan queues many at once, and again and again.
	var bulk []directory.Outgoing
	for i := range 250 {
		bulk = append(bulk, reminder(sub, fmt.Sprintf("bulk:%03d", i), testNow.Add(time.Duration(i)*time.Minute)))
	}
	if n := enqueue(t, s, testNow, bulk...); n != 250 {
		t.Errorf("Enqueue of 250 = %d", n)
	}
	bulk = append(bulk, reminder(sub, "bulk:new", testNow.Add(-time.Minute)))
	if n := enqueue(t, s, testNow, bulk...); n != 1 {
		t.Errorf("Enqueue of the 250 and one more = %d; want 1", n)
	}
	if n := countPending(t, s); n != 254 {
		t.Errorf("CountPending = %d; want 254", n)
	}
}

func testClaimDueOldestFirstOnce(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "(705) 555-0142", "on-phone-grief", directory.ByText, smsConsent(testNow))
	enqueue(t, s, testNow.Add(-4*time.Hour),
		reminder(sub, "k1", testNow.Add(-3*time.Hour)),
		reminder(sub, "k2", testNow.Add(-time.Hour)),
		reminder(sub, "k3", testNow.Add(-2*time.Hour)),
		reminder(sub, "k4", testNow.Add(time.Hour)))

	got := claim(t, s, testNow, 2)
	if !slices.Equal(keys(got), []string{"k1", "k3"}) {
		t.Fatalf("ClaimDue(2) = %q; want the two due first", keys(got))
	}
	for _, it := range got {
		if it.State != directory.OutboxSending || it.Attempts != 1 || it.Number != "+17055550142" || it.SubscriptionID != sub.ID {
			t.Errorf("claimed %+v", it)
		}
		if read := outgoing(t, s, it.ID); read.State != directory.OutboxSending || read.Attempts != 1 {
			t.Errorf("claimed, then read %+v", read)
		}
	}
	if got := claim(t, s, testNow, 10); !slices.Equal(keys(got), []string{"k2"}) {
		t.Errorf("ClaimDue again = %q; want only k2", keys(got))
	}
	if got := claim(t, s, testNow, 10); len(got) != 0 {
		t.Errorf("ClaimDue a third time = %q; want nothing", keys(got))
	}
	if got := claim(t, s, testNow.Add(time.Hour), 10); !slices.Equal(keys(got), []string{"k4"}) {
		t.Errorf("ClaimDue when k4 falls due = %q", keys(got))
	}
	if n := len(outgoings(t, s, directory.OutboxSending)); n != 4 {
		t.Errorf("%d sending; want 4", n)
	}
	if n := countPending(t, s); n != 4 {
		t.Errorf("CountPending = %d; want the 4 not yet sent", n)
	}
}

// Senders on several servers claiming at once never get the same message.
func testClaimDueOnceAmongConcurrentClaimers(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "(705) 555-0142", "on-phone-grief", directory.ByText, smsConsent(testNow))
	var items []directory.Outgoing
	for i := range 200 {
		items = append(items, reminder(sub, fmt.Sprintf("c%03d", i), testNow.Add(-time.Duration(i)*time.Second)))
	}
	enqueue(t, s, testNow.Add(-time.Hour), items...)

	var mu sync.Mutex
	claims := map[int64]int{}
	var errs []error
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for {
				got, err := s.ClaimDue(ctx, testNow, 7)
				mu.Lock()
				if err != nil {
					errs = append(errs, err)
				}
				for _, it := range got {
					claims[it.ID]++
				}
				mu.Unlock()
				if err != nil || len(got) == 0 {
					return
				}
			}
		})
	}
	wg.Wait()
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	if len(claims) != 200 {
		t.Errorf("%d messages claimed; want 200", len(claims))
	}
	for id, n := range claims {
		if n != 1 {
			t.Errorf("message %d claimed %d times", id, n)
		}
	}
	if n := len(outgoings(t, s, directory.OutboxSending)); n != 200 {
		t.Errorf("%d sending; want 200", n)
	}
}

func testSettle(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "(705) 555-0142", "on-phone-grief", directory.ByText, smsConsent(testNow))
	enqueue(t, s, testNow.Add(-time.Hour), reminder(sub, "retry", testNow.Add(-3*time.Minute)),
		reminder(sub, "fail", testNow.Add(-2*time.Minute)), reminder(sub, "skip", testNow.Add(-time.Minute)))
	claimed := claim(t, s, testNow, 10)
	if len(claimed) != 3 {
		t.Fatalf("claimed %q", keys(claimed))
	}
	retry, failed, skipped := claimed[0], claimed[1], claimed[2]

	// Twilio said 429: try again in ten minutes.
	again := testNow.Add(10 * time.Minute)
	must(t, s.Settle(ctx, retry.ID, directory.OutboxPending, "", "429 too many requests", again, testNow))
	if it := outgoing(t, s, retry.ID); it.State != directory.OutboxPending || it.Error != "429 too many requests" || !it.NextTryAt.Equal(again) || it.Attempts != 1 {
		t.Errorf("to retry: %+v", it)
	}
	if got := claim(t, s, again.Add(-time.Second), 10); len(got) != 0 {
		t.Errorf("claimed %q before its retry time", keys(got))
	}
	got := claim(t, s, again, 10)
	if len(got) != 1 || got[0].ID != retry.ID || got[0].Attempts != 2 {
		t.Fatalf("at its retry time: claimed %+v", got)
	}
	must(t, s.Settle(ctx, retry.ID, directory.OutboxSent, "SM0001", "", time.Time{}, again.Add(time.Second)))
	if it := outgoing(t, s, retry.ID); it.State != directory.OutboxSent || it.Sid != "SM0001" || it.Error != "" || it.Attempts != 2 {
		t.Errorf("sent: %+v", it)
	}

	must(t, s.Settle(ctx, failed.ID, directory.OutboxFailed, "", "21610: unsubscribed recipient", time.Time{}, testNow))
	if it := outgoing(t, s, failed.ID); it.State != directory.OutboxFailed || it.Error != "21610: unsubscribed recipient" || it.Sid != "" {
		t.Errorf("failed: %+v", it)
	}
	must(t, s.Settle(ctx, skipped.ID, directory.OutboxSkipped, "", "stopped", time.Time{}, testNow))
	if it := outgoing(t, s, skipped.ID); it.State != directory.OutboxSkipped {
		t.Errorf("skipped: %+v", it)
	}

	// Only a message being sent is settled: a late or repeated settle
	// leaves a finished one as it was (whether or not it says so).
	if err := s.Settle(ctx, retry.ID, directory.OutboxFailed, "", "late", time.Time{}, again.Add(time.Hour)); err != nil {
		t.Logf("settling a finished message: %v", err)
	}
	if it := outgoing(t, s, retry.ID); it.State != directory.OutboxSent || it.Sid != "SM0001" || it.Error != "" {
		t.Errorf("a finished message settled again: %+v", it)
	}

	if got := claim(t, s, testNow.Add(48*time.Hour), 10); len(got) != 0 {
		t.Errorf("finished messages claimed again: %q", keys(got))
	}
	if n := countPending(t, s); n != 0 {
		t.Errorf("CountPending = %d; want 0", n)
	}
	for state, want := range map[string][]string{directory.OutboxSent: {"retry"}, directory.OutboxFailed: {"fail"}, directory.OutboxSkipped: {"skip"}} {
		if got := keys(outgoings(t, s, state)); !slices.Equal(got, want) {
			t.Errorf("Outgoings(%s) = %q; want %q", state, got, want)
		}
	}
}

// A wait-list entry is closed once its note is sent, and only then.
func testSettlingAWaitlistNoteClosesTheEntry(t *testing.T, s directory.Store) {
	withFixture(t, s)
	gid := groupIDOf(t, s, "sault-grief")
	told := mustJoin(t, s, "+17055550142", "cancer", "705", smsConsent(testNow))
	notTold := mustJoin(t, s, "+17055550143", "cancer", "705", smsConsent(testNow))
	enqueue(t, s, testNow, waitNote(told, gid, "w:told", testNow), waitNote(notTold, gid, "w:failed", testNow))
	claimed := claim(t, s, testNow, 10)
	if len(claimed) != 2 || claimed[0].Concern != "cancer" || claimed[0].WaitlistID == 0 {
		t.Fatalf("claimed %+v", claimed)
	}
	for _, it := range claimed {
		state := directory.OutboxSent
		if it.WaitlistID == notTold.ID {
			state = directory.OutboxFailed
		}
		must(t, s.Settle(ctx, it.ID, state, "SM"+it.Key, "", time.Time{}, testNow))
	}
	if ids := waitIDs(openWaitlist(t, s)); !slices.Equal(ids, []int64{notTold.ID}) {
		t.Errorf("open entries %v; want only the one whose note failed (%d)", ids, notTold.ID)
	}
	if n := countWaiting(t, s); n != 1 {
		t.Errorf("CountWaiting = %d; want 1", n)
	}
}

// A sender that dies between claiming and settling leaves messages
// sending: InFlight finds those claimed before a time, and of two
// senders reclaiming one, only one wins it.
func testInFlight(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "(705) 555-0142", "on-phone-grief", directory.ByText, smsConsent(testNow))
	enqueue(t, s, testNow.Add(-3*time.Hour), reminder(sub, "stuck", testNow.Add(-2*time.Hour)), reminder(sub, "busy", testNow.Add(-time.Hour)))
	claimedAt := testNow.Add(-90 * time.Minute)
	claim(t, s, claimedAt, 1)
	claim(t, s, testNow.Add(-30*time.Minute), 1)
	got, err := s.InFlight(ctx, testNow.Add(-time.Hour))
	if err != nil || !slices.Equal(keys(got), []string{"stuck"}) {
		t.Fatalf("InFlight = %q, %v; want only the one claimed before", keys(got), err)
	}
	if !got[0].ClaimedAt.Equal(claimedAt) || got[0].Number != "+17055550142" {
		t.Errorf("in flight: claimed %v, number %q; want %v and the member's", got[0].ClaimedAt, got[0].Number, claimedAt)
	}
	first, err := s.Reclaim(ctx, got[0].ID, got[0].ClaimedAt, testNow)
	if err != nil || !first {
		t.Fatalf("Reclaim = %v, %v; want won", first, err)
	}
	if again, err := s.Reclaim(ctx, got[0].ID, got[0].ClaimedAt, testNow); err != nil || again {
		t.Errorf("a second sender's Reclaim = %v, %v; want lost", again, err)
	}
	if left, err := s.InFlight(ctx, testNow.Add(-time.Hour)); err != nil || len(left) != 0 {
		t.Errorf("InFlight after reclaiming = %q, %v; want none", keys(left), err)
	}
	must(t, s.Settle(ctx, got[0].ID, directory.OutboxSent, "SMstuck", "", time.Time{}, testNow))
	if won, err := s.Reclaim(ctx, got[0].ID, testNow, testNow.Add(time.Hour)); err != nil || won {
		t.Errorf("Reclaim of a settled message = %v, %v; want false", won, err)
	}
}

// Twilio's status callbacks come out of order: a later status is never
// undone by an earlier one arriving late.
func testRecordDelivery(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "(705) 555-0142", "on-phone-grief", directory.ByText, smsConsent(testNow))
	enqueue(t, s, testNow, reminder(sub, "text", testNow), reminder(sub, "call", testNow.Add(time.Second)))
	claimed := claim(t, s, testNow.Add(time.Minute), 10)
	if len(claimed) != 2 {
		t.Fatalf("claimed %q", keys(claimed))
	}
	text, call := claimed[0], claimed[1]
	must(t, s.Settle(ctx, text.ID, directory.OutboxSent, "SMtext", "", time.Time{}, testNow))
	must(t, s.Settle(ctx, call.ID, directory.OutboxSent, "CAcall", "", time.Time{}, testNow))

	for i, step := range []struct {
		sid, status string
		known       bool
		text, call  string
	}{
		{"SMtext", "queued", true, "queued", ""},
		{"SMtext", "sent", true, "sent", ""},
		{"SMtext", "delivered", true, "delivered", ""},
		{"SMtext", "sent", true, "delivered", ""}, // late
		{"SMtext", "queued", true, "delivered", ""},
		{"SMtext", "delivered", true, "delivered", ""}, // again
		{"SMtext", "read", true, "read", ""},
		{"SMtext", "delivered", true, "read", ""},
		{"SMtext", "exploded", false, "read", ""}, // a status the line does not know
		{"SMnone", "delivered", false, "read", ""},
		{"", "delivered", false, "read", ""},
		{"CAcall", "ringing", true, "read", "ringing"},
		{"CAcall", "completed", true, "read", "completed"},
		{"CAcall", "in-progress", true, "read", "completed"},
		{"CAcall", "initiated", true, "read", "completed"},
	} {
		known, err := s.RecordDelivery(ctx, step.sid, step.status, testNow.Add(time.Duration(i)*time.Second))
		if err != nil || known != step.known {
			t.Errorf("step %d: RecordDelivery(%q, %q) = %v, %v; want %v", i, step.sid, step.status, known, err, step.known)
		}
		if got := outgoing(t, s, text.ID).Delivery; got != step.text {
			t.Errorf("step %d (%s %s): the text's delivery %q; want %q", i, step.sid, step.status, got, step.text)
		}
		if got := outgoing(t, s, call.ID).Delivery; got != step.call {
			t.Errorf("step %d (%s %s): the call's delivery %q; want %q", i, step.sid, step.status, got, step.call)
		}
	}
}

// Callbacks for one message can reach two servers at once; whatever
// order they are recorded in, the latest status wins.
func testRecordDeliveryConcurrently(t *testing.T, s directory.Store) {
	withFixture(t, s)
	sub := mustSubscribe(t, s, "(705) 555-0142", "on-phone-grief", directory.ByText, smsConsent(testNow))
	const n = 100
	var items []directory.Outgoing
	for i := range n {
		items = append(items, reminder(sub, fmt.Sprintf("m%02d", i), testNow.Add(time.Duration(i)*time.Second)))
	}
	enqueue(t, s, testNow, items...)
	claimed := claim(t, s, testNow.Add(time.Hour), n)
	if len(claimed) != n {
		t.Fatalf("claimed %d", len(claimed))
	}
	for _, it := range claimed {
		must(t, s.Settle(ctx, it.ID, directory.OutboxSent, "SM"+it.Key, "", time.Time{}, testNow))
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	errs := make(chan error, n*4)
	for _, it := range claimed {
		for _, status := range []string{"delivered", "sent", "sending", "queued"} {
			wg.Go(func() {
				<-start
				_, err := s.RecordDelivery(ctx, "SM"+it.Key, status, testNow.Add(time.Hour))
				errs <- err
			})
		}
	}
	close(start)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, it := range claimed {
		if got := outgoing(t, s, it.ID).Delivery; got != "delivered" {
			t.Errorf("%s: delivery %q; want delivered", it.Key, got)
		}
	}
}

// A queued message is still wanted while its subscription is active and
// its member has not opted out or been forgotten.
func testStillWanted(t *testing.T, s directory.Store) {
	withFixture(t, s)
	mine := mustSubscribe(t, s, "+17055550142", "on-phone-grief", directory.ByText, smsConsent(testNow))
	w := mustJoin(t, s, "+17055550142", "cancer", "705", smsConsent(testNow))
	theirs := mustSubscribe(t, s, "+17055550143", "on-phone-grief", directory.ByText, smsConsent(testNow))
	r, note, other := reminder(mine, "r:mine", testNow), waitNote(w, mine.GroupID, "w:mine", testNow), reminder(theirs, "r:theirs", testNow)
	enqueue(t, s, testNow, r, note, other)

	check := func(when string, want map[string]bool) {
		t.Helper()
		for _, it := range []directory.Outgoing{r, note, other} {
			got, err := s.StillWanted(ctx, it)
			if err != nil || got != want[it.Key] {
				t.Errorf("%s: StillWanted(%s) = %v, %v; want %v", when, it.Key, got, err, want[it.Key])
			}
		}
	}
	check("queued", map[string]bool{"r:mine": true, "w:mine": true, "r:theirs": true})
	if ok, err := s.StopSubscription(ctx, "+17055550142", mine.ID, testNow); !ok || err != nil {
		t.Fatal(ok, err)
	}
	check("subscription stopped", map[string]bool{"r:mine": false, "w:mine": true, "r:theirs": true})
	must(t, s.OptOut(ctx, "+17055550142", testNow))
	check("opted out", map[string]bool{"r:mine": false, "w:mine": false, "r:theirs": true})
	if _, err := s.Forget(ctx, "+17055550143"); err != nil {
		t.Fatal(err)
	}
	check("forgotten", map[string]bool{"r:mine": false, "w:mine": false, "r:theirs": false})
}

// The reminder scan reads the groups with someone to remind, and who:
// active subscriptions of members who have not opted out.
func testSubscribersAndSubscribedGroups(t *testing.T, s directory.Store) {
	withFixture(t, s)
	a := mustSubscribe(t, s, "+17055550142", "sault-grief", directory.ByText, smsConsent(testNow))
	b := mustSubscribe(t, s, "(705) 555-0143", "sault-grief", directory.ByCall, voiceConsent(testNow.Add(time.Minute), directory.French))
	c := mustSubscribe(t, s, "+17055550144", "on-phone-grief", directory.ByCall, voiceConsent(testNow, directory.English))
	if ok, err := s.StopSubscription(ctx, "+17055550144", c.ID, testNow); !ok || err != nil {
		t.Fatal(ok, err)
	}
	d := mustSubscribe(t, s, "+17055550145", "elliot-grief", directory.ByText, smsConsent(testNow))
	must(t, s.OptOut(ctx, "+17055550145", testNow))
	must(t, s.OptIn(ctx, "+17055550145", testNow.Add(time.Hour))) // START restarts nothing

	want := []directory.Subscriber{
		{SubscriptionID: a.ID, MemberID: a.MemberID, Number: "+17055550142", Channel: directory.ByText, Lang: directory.English},
		{SubscriptionID: b.ID, MemberID: b.MemberID, Number: "+17055550143", Channel: directory.ByCall, Lang: directory.French},
	}
	if got := subscribersOf(t, s, a.GroupID); !slices.Equal(got, want) {
		t.Errorf("Subscribers =\n %+v\nwant %+v", got, want)
	}
	for _, id := range []int64{c.GroupID, d.GroupID} {
		if got := subscribersOf(t, s, id); len(got) != 0 {
			t.Errorf("Subscribers(%d) = %+v; want none", id, got)
		}
	}
	gs, err := s.SubscribedGroups(ctx)
	must(t, err)
	if len(gs) != 1 || gs[0].ID != a.GroupID || gs[0].Name != "Algoma Grief Companions" || len(gs[0].Schedules) != 1 {
		t.Errorf("SubscribedGroups = %+v; want the Sault group, whole", gs)
	}

	// A group that closes has no one to remind.
	closed := fixture()[0]
	closed.Status = directory.StatusTemporarilyClosed
	importGroups(t, s, []directory.Group{closed})
	if gs, err := s.SubscribedGroups(ctx); err != nil || len(gs) != 0 {
		t.Errorf("after the group closed: SubscribedGroups = %d, %v; want none", len(gs), err)
	}
}
