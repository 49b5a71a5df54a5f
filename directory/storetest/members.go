package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

const (
	smsWording   = "Reply YES to get a text the day before each meeting of Algoma Grief Companions. Reply STOP to stop."
	voiceWording = "Press 1 and we will call you before each meeting. You can stop at any time by calling this line."
)

func smsConsent(at time.Time) directory.Consent {
	return directory.Consent{At: at, Via: directory.ViaSMS, Wording: smsWording}
}

func voiceConsent(at time.Time, lang directory.Lang) directory.Consent {
	return directory.Consent{At: at, Via: directory.ViaVoice, Lang: lang, Wording: voiceWording}
}

func mustSubscribe(t *testing.T, s directory.Store, number, sourceID string, ch directory.Channel, c directory.Consent) directory.Subscription {
	t.Helper()
	sub, err := s.Subscribe(ctx, number, groupIDOf(t, s, sourceID), ch, c)
	if err != nil {
		t.Fatalf("Subscribe(%s): %v", sourceID, err)
	}
	return sub
}

func mustJoin(t *testing.T, s directory.Store, number, concern, area string, c directory.Consent) directory.WaitEntry {
	t.Helper()
	e, err := s.JoinWaitlist(ctx, number, concern, area, area, directory.ByText, c)
	if err != nil {
		t.Fatalf("JoinWaitlist(%s, %s): %v", concern, area, err)
	}
	return e
}

func memberOf(t *testing.T, s directory.Store, number string) (directory.Member, bool) {
	t.Helper()
	m, ok, err := s.Member(ctx, number)
	must(t, err)
	return m, ok
}

func subscriptionsOf(t *testing.T, s directory.Store, number string) []directory.Subscription {
	t.Helper()
	subs, err := s.Subscriptions(ctx, number)
	must(t, err)
	return subs
}

func consentsOf(t *testing.T, s directory.Store, number string) []directory.ConsentRecord {
	t.Helper()
	cs, err := s.Consents(ctx, number)
	must(t, err)
	return cs
}

func allConsents(t *testing.T, s directory.Store) []directory.ConsentRecord {
	t.Helper()
	cs, err := s.ConsentRecords(ctx)
	must(t, err)
	return cs
}

func subscribersOf(t *testing.T, s directory.Store, groupID int64) []directory.Subscriber {
	t.Helper()
	subs, err := s.Subscribers(ctx, groupID)
	must(t, err)
	return subs
}

func openWaitlist(t *testing.T, s directory.Store) []directory.WaitEntry {
	t.Helper()
	es, err := s.OpenWaitlist(ctx)
	must(t, err)
	return es
}

func countWaiting(t *testing.T, s directory.Store) int {
	t.Helper()
	n, err := s.CountWaiting(ctx)
	must(t, err)
	return n
}

func countPending(t *testing.T, s directory.Store) int {
	t.Helper()
	n, err := s.CountPending(ctx)
	must(t, err)
	return n
}

// sameEntry reports whether two wait-list entries are the same, as read.
func sameEntry(a, b directory.WaitEntry) bool {
	if !a.CreatedAt.Equal(b.CreatedAt) {
		return false
	}
	a.CreatedAt, b.CreatedAt = time.Time{}, time.Time{}
	return a == b
}

func waitIDs(es []directory.WaitEntry) []int64 {
	var ids []int64
	for _, e := range es {
		ids = append(ids, e.ID)
	}
	return ids
}

// tellWaiting closes a wait-list entry the way the line does: a note
// that a group has started is queued, claimed and sent at at. Nothing
// else may be due at at.
func tellWaiting(t *testing.T, s directory.Store, e directory.WaitEntry, groupID int64, at time.Time) {
	t.Helper()
	key := fmt.Sprintf("w:%d:told", e.ID)
	if _, err := s.Enqueue(ctx, []directory.Outgoing{{Key: key, Kind: directory.SendWaitlist, WaitlistID: e.ID, MemberID: e.MemberID,
		GroupID: groupID, Channel: e.Channel, Lang: e.Lang, DueAt: at}}, at); err != nil {
		t.Fatal(err)
	}
	claimed, err := s.ClaimDue(ctx, at, 1)
	if err != nil || len(claimed) != 1 || claimed[0].Key != key {
		t.Fatalf("claiming the note to wait-list entry %d: %+v, %v", e.ID, claimed, err)
	}
	must(t, s.Settle(ctx, claimed[0].ID, directory.OutboxSent, "SMtold"+strconv.FormatInt(e.ID, 10), "", time.Time{}, at))
}

func testSubscribeRecordsMemberConsentAndSubscription(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	sub, err := s.Subscribe(ctx, "(705) 555-0142", g.ID, directory.ByText, smsConsent(testNow))
	must(t, err)

	m, ok := memberOf(t, s, "705.555.0142")
	if !ok {
		t.Fatal("no member after subscribing")
	}
	if m.Number != "+17055550142" || m.Lang != directory.English || m.OptedOut || m.CannotText || !m.CreatedAt.Equal(testNow) || m.ID == 0 {
		t.Errorf("member %+v", m)
	}

	consents := consentsOf(t, s, "+17055550142")
	if len(consents) != 1 {
		t.Fatalf("Consents = %+v; want one", consents)
	}
	c := consents[0]
	want := directory.ConsentRecord{ID: c.ID, Number: "+17055550142", Consent: directory.Consent{
		At: c.At, Via: "sms", Purpose: "reminders", Contact: directory.ByText, Lang: directory.English, Wording: smsWording, Ref: strconv.Itoa(g.Code)}}
	if c != want || !c.At.Equal(testNow) {
		t.Errorf("consent\n got %+v\nwant %+v at %v", c, want, testNow)
	}

	wantSub := directory.Subscription{ID: sub.ID, MemberID: m.ID, Number: "+17055550142", GroupID: g.ID, GroupCode: g.Code,
		GroupName: "Algoma Grief Companions", Channel: directory.ByText, Lang: directory.English, State: "active", ConsentID: c.ID, CreatedAt: sub.CreatedAt}
	if sub != wantSub || !sub.CreatedAt.Equal(testNow) {
		t.Errorf("Subscribe returned\n %+v\nwant %+v", sub, wantSub)
	}
	subs := subscriptionsOf(t, s, "705-555-0142")
	if len(subs) != 1 {
		t.Fatalf("Subscriptions = %+v", subs)
	}
	if got := subs[0]; got.ID != sub.ID || got.GroupCode != g.Code || got.GroupName != g.Name || got.State != "active" ||
		got.Channel != directory.ByText || got.ConsentID != c.ID || !got.CreatedAt.Equal(testNow) || got.Number != "+17055550142" {
		t.Errorf("listed %+v", got)
	}
}

func testSubscribingTwiceKeepsOneRow(t *testing.T, s directory.Store) {
	withFixture(t, s)
	first := mustSubscribe(t, s, "(705) 555-0142", "sault-grief", directory.ByText, smsConsent(testNow))
	// The same person, calling in from the same phone a week later, in French.
	second := mustSubscribe(t, s, "+17055550142", "sault-grief", directory.ByCall, voiceConsent(testNow.Add(7*24*time.Hour), directory.French))

	if second.ID != first.ID || second.MemberID != first.MemberID {
		t.Errorf("second subscription %d of member %d; want the same row %d of member %d", second.ID, second.MemberID, first.ID, first.MemberID)
	}
	if second.ConsentID == first.ConsentID || second.Channel != directory.ByCall || second.Lang != directory.French || !second.CreatedAt.Equal(testNow) {
		t.Errorf("second %+v; want the new consent, channel and language, and the first creation time", second)
	}
	if subs := subscribersOf(t, s, first.GroupID); len(subs) != 1 || subs[0].SubscriptionID != first.ID {
		t.Errorf("the group's subscribers %+v; want the one subscription", subs)
	}
	for _, f := range []string{"(705) 555-0142", "+17055550142"} {
		if m, ok := memberOf(t, s, f); !ok || m.ID != first.MemberID {
			t.Errorf("Member(%q) = %+v, %v; want member %d (one number in two formats)", f, m, ok, first.MemberID)
		}
	}
	subs := subscriptionsOf(t, s, "1-705-555-0142")
	if len(subs) != 1 || subs[0].Channel != directory.ByCall || subs[0].Lang != directory.French || subs[0].ConsentID != second.ConsentID {
		t.Errorf("listed %+v", subs)
	}
	consents := consentsOf(t, s, "(705) 555-0142")
	if len(consents) != 2 || consents[0].Via != "sms" || consents[1].Via != "voice" || consents[1].Contact != directory.ByCall || consents[1].Lang != directory.French {
		t.Errorf("consents %+v; want both, oldest first", consents)
	}
	if all := allConsents(t, s); len(all) != 2 || all[0].Number != all[1].Number {
		t.Errorf("every consent: %+v; want both, of one member", all)
	}
	if m, _ := memberOf(t, s, "+17055550142"); m.Lang != directory.French {
		t.Errorf("member language %q; want that of the latest opt-in", m.Lang)
	}
}

func testSubscriptionsAreListedOldestFirst(t *testing.T, s directory.Store) {
	withFixture(t, s)
	mustSubscribe(t, s, "7055550142", "sault-care", directory.ByText, smsConsent(testNow.Add(time.Second)))
	mustSubscribe(t, s, "7055550142", "on-phone-grief", directory.ByCall, voiceConsent(testNow, ""))
	mustSubscribe(t, s, "7055550142", "sault-grief", directory.ByText, smsConsent(testNow.Add(500*time.Millisecond)))
	var names []string
	for _, sub := range subscriptionsOf(t, s, "7055550142") {
		names = append(names, sub.GroupName)
	}
	want := []string{"Ontario Grief Phone Circle", "Algoma Grief Companions", "Sault Caregivers' Circle"}
	if !slices.Equal(names, want) {
		t.Errorf("listed %q; want %q", names, want)
	}
}

func testStopSubscription(t *testing.T, s directory.Store) {
	withFixture(t, s)
	const alice, bob = "(705) 555-0142", "(705) 555-0143"
	a1 := mustSubscribe(t, s, alice, "sault-grief", directory.ByText, smsConsent(testNow))
	a2 := mustSubscribe(t, s, alice, "sault-care", directory.ByText, smsConsent(testNow.Add(time.Minute)))
	b1 := mustSubscribe(t, s, bob, "sault-grief", directory.ByCall, voiceConsent(testNow, directory.English))
	later := testNow.Add(time.Hour)

	for _, tc := range []struct {
		name   string
		number string
		id     int64
		want   bool
	}{
		{"someone else's", bob, a1.ID, false},
		{"unknown number", "705 555 0199", a1.ID, false},
		{"no such subscription", alice, 99999, false},
		{"their own", alice, a1.ID, true},
		{"already stopped", alice, a1.ID, false},
		{"their own, in another format", "+17055550142", a2.ID, true},
	} {
		ok, err := s.StopSubscription(ctx, tc.number, tc.id, later)
		if err != nil || ok != tc.want {
			t.Errorf("%s: StopSubscription = %v, %v; want %v", tc.name, ok, err, tc.want)
		}
	}
	if subs := subscriptionsOf(t, s, alice); len(subs) != 0 {
		t.Errorf("alice still has %+v", subs)
	}
	if subs := subscriptionsOf(t, s, bob); len(subs) != 1 || subs[0].ID != b1.ID {
		t.Errorf("bob's subscriptions %+v; want his one, untouched", subs)
	}
	if subs := subscribersOf(t, s, a1.GroupID); len(subs) != 1 || subs[0].SubscriptionID != b1.ID {
		t.Errorf("the group's subscribers %+v; want bob's only", subs)
	}
}

func testStopAll(t *testing.T, s directory.Store) {
	withFixture(t, s)
	const alice, bob = "(705) 555-0142", "(705) 555-0143"
	mustSubscribe(t, s, alice, "sault-grief", directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, alice, "sault-care", directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, alice, "on-phone-grief", directory.ByCall, voiceConsent(testNow, directory.English))
	mustSubscribe(t, s, bob, "sault-grief", directory.ByText, smsConsent(testNow))
	stopped := mustSubscribe(t, s, alice, "elliot-grief", directory.ByText, smsConsent(testNow))
	if ok, err := s.StopSubscription(ctx, alice, stopped.ID, testNow); !ok || err != nil {
		t.Fatalf("could not stop one: %v, %v", ok, err)
	}

	for _, tc := range []struct {
		number string
		want   int
	}{{alice, 3}, {alice, 0}, {"705 555 0199", 0}} {
		if n, err := s.StopAll(ctx, tc.number, testNow.Add(time.Hour)); err != nil || n != tc.want {
			t.Errorf("StopAll = %d, %v; want %d", n, err, tc.want)
		}
	}
	if subs := subscriptionsOf(t, s, alice); len(subs) != 0 {
		t.Errorf("alice still has %+v", subs)
	}
	if subs := subscriptionsOf(t, s, bob); len(subs) != 1 {
		t.Errorf("bob lost his subscription: %+v", subs)
	}
}

func testOptOutAndBackIn(t *testing.T, s directory.Store) {
	withFixture(t, s)
	const num = "(705) 555-0142"
	grief := mustSubscribe(t, s, num, "sault-grief", directory.ByText, smsConsent(testNow))
	care := mustSubscribe(t, s, num, "sault-care", directory.ByText, smsConsent(testNow))
	if ok, err := s.StopSubscription(ctx, num, care.ID, testNow.Add(time.Minute)); !ok || err != nil {
		t.Fatal(ok, err)
	}
	wait, err := s.JoinWaitlist(ctx, num, "cancer", "705", "705", directory.ByText, directory.Consent{At: testNow, Via: directory.ViaSMS, Wording: "Reply YES to hear when a group starts."})
	must(t, err)
	if n := countWaiting(t, s); n != 1 {
		t.Fatalf("%d waiting; want 1", n)
	}

	stop := testNow.Add(time.Hour)
	for range 2 { // idempotent
		must(t, s.OptOut(ctx, "+17055550142", stop))
		stop = stop.Add(time.Hour)
	}
	if m, _ := memberOf(t, s, num); !m.OptedOut {
		t.Errorf("member %+v; want opted out", m)
	}
	if subs := subscriptionsOf(t, s, num); len(subs) != 0 {
		t.Errorf("after STOP: still listed %+v", subs)
	}
	if subs := subscribersOf(t, s, grief.GroupID); len(subs) != 0 {
		t.Errorf("after STOP: still a subscriber of the group: %+v", subs)
	}
	if n, es := countWaiting(t, s), openWaitlist(t, s); n != 0 || len(es) != 0 {
		t.Errorf("after STOP: the wait-list entry %d is still open (%d waiting, %+v)", wait.ID, n, es)
	}

	consentsBefore := len(consentsOf(t, s, num))
	if _, err := s.Subscribe(ctx, num, groupIDOf(t, s, "sault-grief"), directory.ByText, smsConsent(stop)); !errors.Is(err, directory.ErrOptedOut) {
		t.Errorf("Subscribe after STOP: %v; want ErrOptedOut", err)
	}
	if _, err := s.JoinWaitlist(ctx, num, "cancer", "705", "705", directory.ByCall, voiceConsent(stop, directory.French)); !errors.Is(err, directory.ErrOptedOut) {
		t.Errorf("JoinWaitlist after STOP: %v; want ErrOptedOut", err)
	}
	if n := len(consentsOf(t, s, num)); n != consentsBefore {
		t.Errorf("a refused opt-in left a consent behind (%d, was %d)", n, consentsBefore)
	}
	if m, _ := memberOf(t, s, num); m.Lang != directory.English {
		t.Errorf("a refused opt-in in French changed the member's language to %q", m.Lang)
	}

	must(t, s.OptIn(ctx, num, stop))
	if m, _ := memberOf(t, s, num); m.OptedOut {
		t.Errorf("after START: member %+v still opted out", m)
	}
	if subs := subscriptionsOf(t, s, num); len(subs) != 0 {
		t.Errorf("after START: silently restarted %+v", subs)
	}
	if n, es := countWaiting(t, s), openWaitlist(t, s); n != 0 || len(es) != 0 {
		t.Errorf("after START: the wait-list entry was reopened (%d waiting, %+v)", n, es)
	}

	again := mustSubscribe(t, s, num, "sault-grief", directory.ByText, smsConsent(stop.Add(time.Minute)))
	if again.ID != grief.ID || again.State != "active" {
		t.Errorf("re-subscribing: %+v", again)
	}
	if subs := subscriptionsOf(t, s, num); len(subs) != 1 || subs[0].ID != grief.ID {
		t.Errorf("after re-subscribing: %+v; want the grief group only (the caregivers' stays stopped)", subs)
	}
}

func testOptOutOfAnUnknownNumberIsRemembered(t *testing.T, s directory.Store) {
	withFixture(t, s)
	must(t, s.OptOut(ctx, "705 555 0150", testNow))
	m, ok := memberOf(t, s, "+17055550150")
	if !ok || !m.OptedOut {
		t.Fatalf("Member = %+v, %v; want an opted-out member", m, ok)
	}
	if _, err := s.Subscribe(ctx, "705 555 0150", groupIDOf(t, s, "sault-grief"), directory.ByCall, voiceConsent(testNow, directory.English)); !errors.Is(err, directory.ErrOptedOut) {
		t.Errorf("Subscribe: %v; want ErrOptedOut", err)
	}
	// START of a number never seen keeps nothing.
	must(t, s.OptIn(ctx, "705 555 0151", testNow))
	if _, ok := memberOf(t, s, "705 555 0151"); ok {
		t.Error("START made a member of an unknown number")
	}
}

func testSubscribingToAGroupThatIsNotActiveFails(t *testing.T, s directory.Store) {
	withFixture(t, s)
	for _, tc := range []struct {
		name string
		id   int64
	}{
		{"inactive", groupIDOf(t, s, "closed-grief")},
		{"temporarily closed", groupIDOf(t, s, "paused-grief")},
		{"not in the directory", 99999},
	} {
		_, err := s.Subscribe(ctx, "(705) 555-0142", tc.id, directory.ByText, smsConsent(testNow))
		if !errors.Is(err, directory.ErrGroupNotActive) {
			t.Errorf("%s: Subscribe = %v; want ErrGroupNotActive", tc.name, err)
		}
	}
	if _, ok := memberOf(t, s, "(705) 555-0142"); ok {
		t.Error("a refused subscription left a member behind")
	}
	if n := len(allConsents(t, s)); n != 0 {
		t.Errorf("a refused subscription left %d consents behind", n)
	}
}

func testWaitlistIsIdempotent(t *testing.T, s directory.Store) {
	withFixture(t, s)
	c := directory.Consent{At: testNow, Via: directory.ViaVoice, Wording: "Press 1 and we will call you when a group starts near you."}
	first, err := s.JoinWaitlist(ctx, "(705) 555-0142", "cancer", "705", "705", directory.ByCall, c)
	must(t, err)
	if first.Number != "+17055550142" || first.Concern != "cancer" || first.Area != "705" || first.NPA != "705" ||
		first.Channel != directory.ByCall || first.Lang != directory.English || !first.CreatedAt.Equal(testNow) || first.ConsentID == 0 {
		t.Errorf("entry %+v", first)
	}
	c2 := directory.Consent{At: testNow.Add(24 * time.Hour), Via: directory.ViaSMS, Lang: directory.French, Wording: "Répondez OUI pour savoir quand un groupe commence."}
	second, err := s.JoinWaitlist(ctx, "+17055550142", "cancer", "705", "249", directory.ByText, c2)
	must(t, err)
	if second.ID != first.ID || second.ConsentID == first.ConsentID || second.Channel != directory.ByText || second.Lang != directory.French ||
		second.NPA != "249" || !second.CreatedAt.Equal(testNow) {
		t.Errorf("second join %+v; want the open entry %d, updated", second, first.ID)
	}
	other, err := s.JoinWaitlist(ctx, "+17055550142", "cancer", "613", "613", directory.ByText, c2)
	if err != nil || other.ID == first.ID {
		t.Errorf("another area: %+v, %v; want a new entry", other, err)
	}
	if n := countWaiting(t, s); n != 2 {
		t.Errorf("%d open entries; want 2", n)
	}
	open := openWaitlist(t, s)
	if len(open) != 2 || !sameEntry(open[0], second) || !sameEntry(open[1], other) {
		t.Errorf("OpenWaitlist =\n %+v\nwant the two entries as last joined, in order:\n %+v\n %+v", open, second, other)
	}
	mine, err := s.WaitEntries(ctx, "705-555-0142")
	must(t, err)
	if len(mine) != 2 || !sameEntry(mine[0], second) || !sameEntry(mine[1], other) {
		t.Errorf("WaitEntries = %+v", mine)
	}
	if none, err := s.WaitEntries(ctx, "+17055550199"); err != nil || len(none) != 0 {
		t.Errorf("another number's entries: %+v %v", none, err)
	}
	consents := consentsOf(t, s, "+17055550142")
	if len(consents) != 3 || consents[0].Purpose != "waitlist" || consents[0].Ref != "cancer:705" || consents[0].Contact != directory.ByCall {
		t.Errorf("consents %+v", consents)
	}

	// Once closed (told of a group), asking again opens a new entry.
	tellWaiting(t, s, second, groupIDOf(t, s, "sault-grief"), testNow.Add(48*time.Hour))
	if ids := waitIDs(openWaitlist(t, s)); !slices.Equal(ids, []int64{other.ID}) {
		t.Errorf("after telling entry %d: open %v; want [%d]", first.ID, ids, other.ID)
	}
	third, err := s.JoinWaitlist(ctx, "+17055550142", "cancer", "705", "705", directory.ByText, c2)
	if err != nil || third.ID == first.ID {
		t.Errorf("after closing: %+v, %v; want a new entry", third, err)
	}
	if n := countWaiting(t, s); n != 2 {
		t.Errorf("%d open entries; want 2", n)
	}
}

func testInvalidNumbersAreRejected(t *testing.T, s directory.Store) {
	withFixture(t, s)
	gid := groupIDOf(t, s, "sault-grief")
	calls := map[string]func(number string) error{
		"Member": func(n string) error { _, _, err := s.Member(ctx, n); return err },
		"Subscribe": func(n string) error {
			_, err := s.Subscribe(ctx, n, gid, directory.ByText, smsConsent(testNow))
			return err
		},
		"Subscriptions":    func(n string) error { _, err := s.Subscriptions(ctx, n); return err },
		"StopSubscription": func(n string) error { _, err := s.StopSubscription(ctx, n, 1, testNow); return err },
		"StopAll":          func(n string) error { _, err := s.StopAll(ctx, n, testNow); return err },
		"OptOut":           func(n string) error { return s.OptOut(ctx, n, testNow) },
		"OptIn":            func(n string) error { return s.OptIn(ctx, n, testNow) },
		"JoinWaitlist": func(n string) error {
			_, err := s.JoinWaitlist(ctx, n, "grief", "705", "705", directory.ByText, smsConsent(testNow))
			return err
		},
		"SetCannotText": func(n string) error { return s.SetCannotText(ctx, n, testNow) },
		"Consents":      func(n string) error { _, err := s.Consents(ctx, n); return err },
		"SaveVoicemail": func(n string) error {
			return s.SaveVoicemail(ctx, directory.Voicemail{At: testNow, Caller: n, RecordingURL: "https://api.twilio.com/r/RE1"})
		},
		"Forget": func(n string) error { _, err := s.Forget(ctx, n); return err },
		"Block":  func(n string) error { return s.Block(ctx, n, "abusive", testNow) },
		"Unblock": func(n string) error {
			_, err := s.Unblock(ctx, n)
			return err
		},
	}
	bad := []string{"555-0142", "(705) 555-014", "705 555 01420", "(123) 555-0142", "705 055 0142", "call me", "+44 20", "7055550142x"}
	for name, call := range calls {
		for _, number := range append(bad, "") {
			if name == "SaveVoicemail" && number == "" {
				continue // a blocked caller
			}
			err := call(number)
			if !errors.Is(err, directory.ErrInvalidNumber) {
				t.Errorf("%s(%q) = %v; want ErrInvalidNumber", name, number, err)
				continue
			}
			if number != "" && strings.Contains(err.Error(), number) {
				t.Errorf("%s(%q): the error repeats the number: %v", name, number, err)
			}
		}
	}
	if n := len(allConsents(t, s)); n != 0 {
		t.Errorf("%d consents after only invalid numbers", n)
	}
	if subs := subscribersOf(t, s, gid); len(subs) != 0 {
		t.Errorf("subscribers after only invalid numbers: %+v", subs)
	}
	if n := countWaiting(t, s); n != 0 {
		t.Errorf("%d wait-list entries after only invalid numbers", n)
	}
	if vs, err := s.Voicemails(ctx, time.Time{}); err != nil || len(vs) != 0 {
		t.Errorf("voicemails after only invalid numbers: %+v, %v", vs, err)
	}
	if bl, err := s.Blocklist(ctx); err != nil || len(bl) != 0 {
		t.Errorf("blocklist after only invalid numbers: %+v, %v", bl, err)
	}
}

func testNumberFormatsAreOneMember(t *testing.T, s directory.Store) {
	withFixture(t, s)
	formats := []string{"(705) 555-0142", "+17055550142", "705.555.0142", "1-705-555-0142", "+1 705 555 0142", " 7055550142 "}
	var ids []int64
	for i, f := range formats {
		e, err := s.JoinWaitlist(ctx, f, "grief", "705", "705", directory.ByText, smsConsent(testNow.Add(time.Duration(i)*time.Second)))
		if err != nil {
			t.Fatalf("%q: %v", f, err)
		}
		ids = append(ids, e.MemberID)
	}
	if distinct := slices.Compact(slices.Clone(ids)); len(distinct) != 1 {
		t.Errorf("members %v; want 1", ids)
	}
	if n := countWaiting(t, s); n != 1 {
		t.Errorf("%d wait-list entries; want 1", n)
	}
	all := allConsents(t, s)
	if len(all) != len(formats) {
		t.Errorf("%d consents; want one for each opt-in", len(all))
	}
	for _, c := range all {
		if c.Number != "+17055550142" {
			t.Errorf("a consent of %q", c.Number)
		}
	}
	for _, f := range formats {
		if m, ok := memberOf(t, s, f); !ok || m.Number != "+17055550142" || m.ID != ids[0] {
			t.Errorf("Member(%q) = %+v, %v", f, m, ok)
		}
	}
}

func testConsentMustBeComplete(t *testing.T, s directory.Store) {
	withFixture(t, s)
	gid := groupIDOf(t, s, "sault-grief")
	ok := smsConsent(testNow)
	for _, tc := range []struct {
		name string
		ch   directory.Channel
		edit func(*directory.Consent)
	}{
		{"no wording", directory.ByText, func(c *directory.Consent) { c.Wording = "  " }},
		{"no time", directory.ByText, func(c *directory.Consent) { c.At = time.Time{} }},
		{"unknown via", directory.ByText, func(c *directory.Consent) { c.Via = "email" }},
		{"no via", directory.ByText, func(c *directory.Consent) { c.Via = "" }},
		{"unknown purpose", directory.ByText, func(c *directory.Consent) { c.Purpose = "newsletter" }},
		{"contact differs from the channel", directory.ByText, func(c *directory.Consent) { c.Contact = directory.ByCall }},
		{"unknown language", directory.ByText, func(c *directory.Consent) { c.Lang = "de" }},
		{"unknown channel", "email", func(c *directory.Consent) {}},
	} {
		c := ok
		tc.edit(&c)
		if _, err := s.Subscribe(ctx, "(705) 555-0142", gid, tc.ch, c); err == nil {
			t.Errorf("%s: Subscribe succeeded", tc.name)
		}
		if _, err := s.JoinWaitlist(ctx, "(705) 555-0142", "grief", "705", "705", tc.ch, c); err == nil {
			t.Errorf("%s: JoinWaitlist succeeded", tc.name)
		}
	}
	wait, remind := ok, ok
	wait.Purpose, remind.Purpose = directory.PurposeWaitlist, directory.PurposeReminders
	if _, err := s.Subscribe(ctx, "(705) 555-0142", gid, directory.ByText, wait); err == nil {
		t.Error("Subscribe with a consent to the wait-list succeeded")
	}
	if _, err := s.JoinWaitlist(ctx, "(705) 555-0142", "grief", "705", "705", directory.ByText, remind); err == nil {
		t.Error("JoinWaitlist with a consent to reminders succeeded")
	}
	if _, err := s.JoinWaitlist(ctx, "(705) 555-0142", "", "705", "705", directory.ByText, ok); err == nil {
		t.Error("JoinWaitlist without a concern succeeded")
	}
	if _, err := s.JoinWaitlist(ctx, "(705) 555-0142", "grief", " ", "705", directory.ByText, ok); err == nil {
		t.Error("JoinWaitlist without an area succeeded")
	}
	if n := len(allConsents(t, s)); n != 0 {
		t.Errorf("%d consents recorded from incomplete opt-ins", n)
	}
	if _, found := memberOf(t, s, "(705) 555-0142"); found {
		t.Error("an incomplete opt-in left a member behind")
	}
}

func testSetCannotText(t *testing.T, s directory.Store) {
	withFixture(t, s)
	must(t, s.SetCannotText(ctx, "(705) 555-0160", testNow))
	if _, ok := memberOf(t, s, "(705) 555-0160"); ok {
		t.Error("SetCannotText made a member of an unknown number")
	}
	mustSubscribe(t, s, "(705) 555-0142", "sault-grief", directory.ByText, smsConsent(testNow))
	if m, _ := memberOf(t, s, "(705) 555-0142"); m.CannotText {
		t.Errorf("member %+v; CannotText before any failure", m)
	}
	for i := range 2 {
		must(t, s.SetCannotText(ctx, "+17055550142", testNow.Add(time.Duration(i+1)*time.Hour)))
	}
	if m, _ := memberOf(t, s, "(705) 555-0142"); !m.CannotText {
		t.Errorf("member %+v; want CannotText", m)
	}
}

func testVoicemails(t *testing.T, s directory.Store) {
	withFixture(t, s)
	for _, v := range []directory.Voicemail{
		{At: testNow.Add(-time.Second), Caller: "(705) 555-0142", RecordingURL: "https://api.twilio.com/r/RE0", Seconds: 12},
		{At: testNow.Add(500 * time.Millisecond), Caller: "", RecordingURL: "https://api.twilio.com/r/RE2", Seconds: 40, Lang: directory.French},
		{At: testNow, Caller: "+1 705 555 0143", RecordingURL: "https://api.twilio.com/r/RE1", Seconds: 3},
	} {
		must(t, s.SaveVoicemail(ctx, v))
	}
	got, err := s.Voicemails(ctx, testNow)
	must(t, err)
	if len(got) != 2 {
		t.Fatalf("Voicemails(since) = %+v; want the 2 left since", got)
	}
	want := []directory.Voicemail{
		{ID: got[0].ID, At: got[0].At, Caller: "+17055550143", RecordingURL: "https://api.twilio.com/r/RE1", Seconds: 3, Lang: directory.English},
		{ID: got[1].ID, At: got[1].At, Caller: "", RecordingURL: "https://api.twilio.com/r/RE2", Seconds: 40, Lang: directory.French},
	}
	if !slices.Equal(got, want) || !got[0].At.Equal(testNow) || !got[1].At.Equal(testNow.Add(500*time.Millisecond)) {
		t.Errorf("Voicemails\n got %+v\nwant %+v", got, want)
	}
	for name, v := range map[string]directory.Voicemail{
		"no recording": {At: testNow, Caller: ""},
		"no time":      {RecordingURL: "https://api.twilio.com/r/RE3"},
		"bad language": {At: testNow, RecordingURL: "https://api.twilio.com/r/RE3", Lang: "es"},
		"negative":     {At: testNow, RecordingURL: "https://api.twilio.com/r/RE3", Seconds: -1},
	} {
		if err := s.SaveVoicemail(ctx, v); err == nil {
			t.Errorf("%s: SaveVoicemail succeeded", name)
		}
	}
	if all, err := s.Voicemails(ctx, time.Time{}); err != nil || len(all) != 3 {
		t.Errorf("%d voicemails kept (%v); want the 3 good ones", len(all), err)
	}
}

// Opt-ins from one number arriving at once (a double-tapped reply) make
// one member and one subscription, and all succeed.
func testConcurrentSubscribes(t *testing.T, s directory.Store) {
	withFixture(t, s)
	gid := groupIDOf(t, s, "sault-grief")
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 20 {
		wg.Go(func() {
			_, err := s.Subscribe(ctx, "(705) 555-0142", gid, directory.ByText, smsConsent(testNow.Add(time.Duration(i)*time.Millisecond)))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if subs := subscribersOf(t, s, gid); len(subs) != 1 {
		t.Errorf("%d subscriptions; want 1", len(subs))
	}
	if subs := subscriptionsOf(t, s, "+17055550142"); len(subs) != 1 {
		t.Errorf("%d subscriptions listed; want 1", len(subs))
	}
	if n := len(consentsOf(t, s, "+17055550142")); n != 20 {
		t.Errorf("%d consents; want every opt-in recorded", n)
	}
	if n := len(allConsents(t, s)); n != 20 {
		t.Errorf("%d consents in all; want 20, of one member", n)
	}
}

func testConsentRecordsListsEveryConsentOldestFirst(t *testing.T, s directory.Store) {
	withFixture(t, s)
	mustSubscribe(t, s, "+17055550143", "sault-grief", directory.ByText, smsConsent(testNow.Add(time.Hour)))
	mustSubscribe(t, s, "+17055550142", "sault-care", directory.ByCall, voiceConsent(testNow, directory.French))
	recs := allConsents(t, s)
	if len(recs) != 2 || recs[0].Number != "+17055550142" || recs[1].Number != "+17055550143" {
		t.Fatalf("records = %+v", recs)
	}
	r := recs[0]
	if !r.At.Equal(testNow) || r.Via != directory.ViaVoice || r.Purpose != directory.PurposeReminders || r.Contact != directory.ByCall || r.Lang != directory.French || r.Wording != voiceWording || r.Ref == "" {
		t.Errorf("record = %+v", r)
	}
}
