package sqlite_test

import (
	"context"
	"errors"
	"maps"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/sqlite"
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

// memberStore is a store with the fixture directory.
func memberStore(t *testing.T) (*sqlite.Store, context.Context) {
	t.Helper()
	s := openTestStore(t)
	importGroups(t, s, fixture())
	return s, context.Background()
}

func groupIDOf(t *testing.T, s *sqlite.Store, sourceID string) int64 {
	t.Helper()
	g, _, _ := findBySource(t, s, sourceID)
	return g.ID
}

func mustSubscribe(t *testing.T, s *sqlite.Store, number, sourceID string, ch directory.Channel, c directory.Consent) directory.Subscription {
	t.Helper()
	sub, err := s.Subscribe(context.Background(), number, groupIDOf(t, s, sourceID), ch, c)
	if err != nil {
		t.Fatalf("Subscribe(%s): %v", sourceID, err)
	}
	return sub
}

// countRows runs a count(*) query on the store's tables.
func countRows(t *testing.T, s *sqlite.Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.ReadDB().QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func subscriptionStates(t *testing.T, s *sqlite.Store, number string) map[int]string {
	t.Helper()
	rows, err := s.ReadDB().Query(`SELECT g.code, s.state FROM subscriptions s
		JOIN groups g ON g.id = s.group_id JOIN members m ON m.id = s.member_id WHERE m.number = ?`, number)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	states := map[int]string{}
	for rows.Next() {
		var code int
		var state string
		if err := rows.Scan(&code, &state); err != nil {
			t.Fatal(err)
		}
		states[code] = state
	}
	return states
}

func TestSubscribeRecordsMemberConsentAndSubscription(t *testing.T) {
	s, ctx := memberStore(t)
	g, _, _ := findBySource(t, s, "sault-grief")
	sub, err := s.Subscribe(ctx, "(705) 555-0142", g.ID, directory.ByText, smsConsent(testNow))
	if err != nil {
		t.Fatal(err)
	}

	m, ok, err := s.Member(ctx, "705.555.0142")
	if err != nil || !ok {
		t.Fatalf("Member = %v, %v", ok, err)
	}
	if m.Number != "+17055550142" || m.Lang != directory.English || m.OptedOut || m.CannotText || !m.CreatedAt.Equal(testNow) || m.ID == 0 {
		t.Errorf("member %+v", m)
	}

	consents, err := s.Consents(ctx, "+17055550142")
	if err != nil || len(consents) != 1 {
		t.Fatalf("Consents = %+v, %v; want one", consents, err)
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
	subs, err := s.Subscriptions(ctx, "705-555-0142")
	if err != nil || len(subs) != 1 {
		t.Fatalf("Subscriptions = %+v, %v", subs, err)
	}
	if got := subs[0]; got.ID != sub.ID || got.GroupCode != g.Code || got.GroupName != g.Name || got.State != "active" ||
		got.Channel != directory.ByText || got.ConsentID != c.ID || !got.CreatedAt.Equal(testNow) || got.Number != "+17055550142" {
		t.Errorf("listed %+v", got)
	}
}

func TestSubscribingTwiceKeepsOneRow(t *testing.T) {
	s, ctx := memberStore(t)
	first := mustSubscribe(t, s, "(705) 555-0142", "sault-grief", directory.ByText, smsConsent(testNow))
	// The same person, calling in from the same phone a week later, in French.
	second := mustSubscribe(t, s, "+17055550142", "sault-grief", directory.ByCall, voiceConsent(testNow.Add(7*24*time.Hour), directory.French))

	if second.ID != first.ID || second.MemberID != first.MemberID {
		t.Errorf("second subscription %d of member %d; want the same row %d of member %d", second.ID, second.MemberID, first.ID, first.MemberID)
	}
	if second.ConsentID == first.ConsentID || second.Channel != directory.ByCall || second.Lang != directory.French || !second.CreatedAt.Equal(testNow) {
		t.Errorf("second %+v; want the new consent, channel and language, and the first creation time", second)
	}
	if n := countRows(t, s, `SELECT count(*) FROM subscriptions`); n != 1 {
		t.Errorf("%d subscription rows; want 1", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM members`); n != 1 {
		t.Errorf("%d members; want 1 (one number in two formats)", n)
	}
	subs, _ := s.Subscriptions(ctx, "1-705-555-0142")
	if len(subs) != 1 || subs[0].Channel != directory.ByCall || subs[0].Lang != directory.French || subs[0].ConsentID != second.ConsentID {
		t.Errorf("listed %+v", subs)
	}
	consents, _ := s.Consents(ctx, "(705) 555-0142")
	if len(consents) != 2 || consents[0].Via != "sms" || consents[1].Via != "voice" || consents[1].Contact != directory.ByCall || consents[1].Lang != directory.French {
		t.Errorf("consents %+v; want both, oldest first", consents)
	}
	if m, _, _ := s.Member(ctx, "+17055550142"); m.Lang != directory.French {
		t.Errorf("member language %q; want that of the latest opt-in", m.Lang)
	}
}

func TestSubscriptionsAreListedOldestFirst(t *testing.T) {
	s, ctx := memberStore(t)
	mustSubscribe(t, s, "7055550142", "sault-care", directory.ByText, smsConsent(testNow.Add(time.Second)))
	mustSubscribe(t, s, "7055550142", "on-phone-grief", directory.ByCall, voiceConsent(testNow, ""))
	mustSubscribe(t, s, "7055550142", "sault-grief", directory.ByText, smsConsent(testNow.Add(500*time.Millisecond)))
	subs, err := s.Subscriptions(ctx, "7055550142")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, sub := range subs {
		names = append(names, sub.GroupName)
	}
	want := []string{"Ontario Grief Phone Circle", "Algoma Grief Companions", "Sault Caregivers' Circle"}
	if !slices.Equal(names, want) {
		t.Errorf("listed %q; want %q", names, want)
	}
}

func TestStopSubscription(t *testing.T) {
	s, ctx := memberStore(t)
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
	if subs, _ := s.Subscriptions(ctx, alice); len(subs) != 0 {
		t.Errorf("alice still has %+v", subs)
	}
	if subs, _ := s.Subscriptions(ctx, bob); len(subs) != 1 || subs[0].ID != b1.ID {
		t.Errorf("bob's subscriptions %+v; want his one, untouched", subs)
	}
	if n := countRows(t, s, `SELECT count(*) FROM subscriptions WHERE id = ? AND stopped_at IS NOT NULL`, a1.ID); n != 1 {
		t.Errorf("a stopped subscription records when")
	}
}

func TestStopAll(t *testing.T) {
	s, ctx := memberStore(t)
	const alice, bob = "(705) 555-0142", "(705) 555-0143"
	mustSubscribe(t, s, alice, "sault-grief", directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, alice, "sault-care", directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, alice, "on-phone-grief", directory.ByCall, voiceConsent(testNow, directory.English))
	mustSubscribe(t, s, bob, "sault-grief", directory.ByText, smsConsent(testNow))
	if ok, _ := s.StopSubscription(ctx, alice, mustSubscribe(t, s, alice, "elliot-grief", directory.ByText, smsConsent(testNow)).ID, testNow); !ok {
		t.Fatal("could not stop one")
	}

	for _, tc := range []struct {
		number string
		want   int
	}{{alice, 3}, {alice, 0}, {"705 555 0199", 0}} {
		if n, err := s.StopAll(ctx, tc.number, testNow.Add(time.Hour)); err != nil || n != tc.want {
			t.Errorf("StopAll = %d, %v; want %d", n, err, tc.want)
		}
	}
	if subs, _ := s.Subscriptions(ctx, bob); len(subs) != 1 {
		t.Errorf("bob lost his subscription: %+v", subs)
	}
}

func TestOptOutAndBackIn(t *testing.T) {
	s, ctx := memberStore(t)
	const num = "(705) 555-0142"
	grief := mustSubscribe(t, s, num, "sault-grief", directory.ByText, smsConsent(testNow))
	care := mustSubscribe(t, s, num, "sault-care", directory.ByText, smsConsent(testNow))
	if ok, err := s.StopSubscription(ctx, num, care.ID, testNow.Add(time.Minute)); !ok || err != nil {
		t.Fatal(ok, err)
	}
	wait, err := s.JoinWaitlist(ctx, num, "cancer", "705", "705", directory.ByText, directory.Consent{At: testNow, Via: directory.ViaSMS, Wording: "Reply YES to hear when a group starts."})
	if err != nil {
		t.Fatal(err)
	}

	stop := testNow.Add(time.Hour)
	for range 2 { // idempotent
		if err := s.OptOut(ctx, "+17055550142", stop); err != nil {
			t.Fatal(err)
		}
		stop = stop.Add(time.Hour)
	}
	if m, _, _ := s.Member(ctx, num); !m.OptedOut {
		t.Errorf("member %+v; want opted out", m)
	}
	if n := countRows(t, s, `SELECT count(*) FROM members WHERE opted_out_at = ?`, sqlite.FormatTime(testNow.Add(time.Hour))); n != 1 {
		t.Errorf("a second STOP should keep the time of the first")
	}
	want := map[int]string{grief.GroupCode: "opted_out", care.GroupCode: "stopped"}
	if got := subscriptionStates(t, s, "+17055550142"); !maps.Equal(got, want) {
		t.Errorf("after STOP: states %v; want %v", got, want)
	}
	if subs, _ := s.Subscriptions(ctx, num); len(subs) != 0 {
		t.Errorf("after STOP: still listed %+v", subs)
	}
	if n := countRows(t, s, `SELECT count(*) FROM waitlist WHERE id = ? AND closed_at IS NOT NULL`, wait.ID); n != 1 {
		t.Errorf("after STOP: the wait-list entry is still open")
	}

	consentsBefore := countRows(t, s, `SELECT count(*) FROM consents`)
	if _, err := s.Subscribe(ctx, num, groupIDOf(t, s, "sault-grief"), directory.ByText, smsConsent(stop)); !errors.Is(err, directory.ErrOptedOut) {
		t.Errorf("Subscribe after STOP: %v; want ErrOptedOut", err)
	}
	if _, err := s.JoinWaitlist(ctx, num, "cancer", "705", "705", directory.ByText, smsConsent(stop)); !errors.Is(err, directory.ErrOptedOut) {
		t.Errorf("JoinWaitlist after STOP: %v; want ErrOptedOut", err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM consents`); n != consentsBefore {
		t.Errorf("a refused opt-in left a consent behind (%d, was %d)", n, consentsBefore)
	}

	if err := s.OptIn(ctx, num, stop); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := s.Member(ctx, num); m.OptedOut {
		t.Errorf("after START: member %+v still opted out", m)
	}
	if got := subscriptionStates(t, s, "+17055550142"); !maps.Equal(got, want) {
		t.Errorf("after START: states %v; want %v (nothing restarted)", got, want)
	}
	if subs, _ := s.Subscriptions(ctx, num); len(subs) != 0 {
		t.Errorf("after START: silently restarted %+v", subs)
	}

	again := mustSubscribe(t, s, num, "sault-grief", directory.ByText, smsConsent(stop.Add(time.Minute)))
	if again.ID != grief.ID || again.State != "active" {
		t.Errorf("re-subscribing: %+v", again)
	}
	want[grief.GroupCode] = "active"
	if got := subscriptionStates(t, s, "+17055550142"); !maps.Equal(got, want) {
		t.Errorf("after re-subscribing: states %v; want %v", got, want)
	}
}

func TestOptOutOfAnUnknownNumberIsRemembered(t *testing.T) {
	s, ctx := memberStore(t)
	if err := s.OptOut(ctx, "705 555 0150", testNow); err != nil {
		t.Fatal(err)
	}
	m, ok, err := s.Member(ctx, "+17055550150")
	if err != nil || !ok || !m.OptedOut {
		t.Fatalf("Member = %+v, %v, %v; want an opted-out member", m, ok, err)
	}
	if _, err := s.Subscribe(ctx, "705 555 0150", groupIDOf(t, s, "sault-grief"), directory.ByCall, voiceConsent(testNow, directory.English)); !errors.Is(err, directory.ErrOptedOut) {
		t.Errorf("Subscribe: %v; want ErrOptedOut", err)
	}
	// START of a number never seen keeps nothing.
	if err := s.OptIn(ctx, "705 555 0151", testNow); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Member(ctx, "705 555 0151"); ok {
		t.Error("START made a member of an unknown number")
	}
}

func TestSubscribingToAGroupThatIsNotActiveFails(t *testing.T) {
	s, ctx := memberStore(t)
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
	if _, ok, _ := s.Member(ctx, "(705) 555-0142"); ok {
		t.Error("a refused subscription left a member behind")
	}
	if n := countRows(t, s, `SELECT count(*) FROM consents`); n != 0 {
		t.Errorf("a refused subscription left %d consents behind", n)
	}
}

func TestWaitlistIsIdempotent(t *testing.T) {
	s, ctx := memberStore(t)
	c := directory.Consent{At: testNow, Via: directory.ViaVoice, Wording: "Press 1 and we will call you when a group starts near you."}
	first, err := s.JoinWaitlist(ctx, "(705) 555-0142", "cancer", "705", "705", directory.ByCall, c)
	if err != nil {
		t.Fatal(err)
	}
	if first.Number != "+17055550142" || first.Concern != "cancer" || first.Area != "705" || first.NPA != "705" ||
		first.Channel != directory.ByCall || first.Lang != directory.English || !first.CreatedAt.Equal(testNow) || first.ConsentID == 0 {
		t.Errorf("entry %+v", first)
	}
	c2 := directory.Consent{At: testNow.Add(24 * time.Hour), Via: directory.ViaSMS, Lang: directory.French, Wording: "Répondez OUI pour savoir quand un groupe commence."}
	second, err := s.JoinWaitlist(ctx, "+17055550142", "cancer", "705", "249", directory.ByText, c2)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID != first.ID || second.ConsentID == first.ConsentID || second.Channel != directory.ByText || second.Lang != directory.French ||
		second.NPA != "249" || !second.CreatedAt.Equal(testNow) {
		t.Errorf("second join %+v; want the open entry %d, updated", second, first.ID)
	}
	other, err := s.JoinWaitlist(ctx, "+17055550142", "cancer", "613", "613", directory.ByText, c2)
	if err != nil || other.ID == first.ID {
		t.Errorf("another area: %+v, %v; want a new entry", other, err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM waitlist WHERE closed_at IS NULL`); n != 2 {
		t.Errorf("%d open entries; want 2", n)
	}
	consents, _ := s.Consents(ctx, "+17055550142")
	if len(consents) != 3 || consents[0].Purpose != "waitlist" || consents[0].Ref != "cancer:705" || consents[0].Contact != directory.ByCall {
		t.Errorf("consents %+v", consents)
	}

	// Once closed (told of a group, say), asking again opens a new entry.
	if _, err := s.DB().Exec(`UPDATE waitlist SET closed_at = ? WHERE id = ?`, sqlite.FormatTime(testNow), first.ID); err != nil {
		t.Fatal(err)
	}
	third, err := s.JoinWaitlist(ctx, "+17055550142", "cancer", "705", "705", directory.ByText, c2)
	if err != nil || third.ID == first.ID {
		t.Errorf("after closing: %+v, %v; want a new entry", third, err)
	}
}

func TestInvalidNumbersAreRejected(t *testing.T) {
	s, ctx := memberStore(t)
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
	for _, table := range []string{"members", "consents", "subscriptions", "waitlist", "voicemails"} {
		if n := countRows(t, s, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%d rows in %s after only invalid numbers", n, table)
		}
	}
}

func TestNumberFormatsAreOneMember(t *testing.T) {
	s, ctx := memberStore(t)
	formats := []string{"(705) 555-0142", "+17055550142", "705.555.0142", "1-705-555-0142", "+1 705 555 0142", " 7055550142 "}
	for i, f := range formats {
		if _, err := s.JoinWaitlist(ctx, f, "grief", "705", "705", directory.ByText, smsConsent(testNow.Add(time.Duration(i)*time.Second))); err != nil {
			t.Fatalf("%q: %v", f, err)
		}
	}
	if n := countRows(t, s, `SELECT count(*) FROM members`); n != 1 {
		t.Errorf("%d members; want 1", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM waitlist`); n != 1 {
		t.Errorf("%d wait-list entries; want 1", n)
	}
	for _, f := range formats {
		if m, ok, err := s.Member(ctx, f); err != nil || !ok || m.Number != "+17055550142" {
			t.Errorf("Member(%q) = %+v, %v, %v", f, m, ok, err)
		}
	}
}

func TestConsentMustBeComplete(t *testing.T) {
	s, ctx := memberStore(t)
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
	if n := countRows(t, s, `SELECT count(*) FROM consents`); n != 0 {
		t.Errorf("%d consents recorded from incomplete opt-ins", n)
	}
}

func TestSetCannotText(t *testing.T) {
	s, ctx := memberStore(t)
	if err := s.SetCannotText(ctx, "(705) 555-0160", testNow); err != nil {
		t.Fatal(err)
	}
	if _, ok, _ := s.Member(ctx, "(705) 555-0160"); ok {
		t.Error("SetCannotText made a member of an unknown number")
	}
	mustSubscribe(t, s, "(705) 555-0142", "sault-grief", directory.ByText, smsConsent(testNow))
	for i := range 2 {
		if err := s.SetCannotText(ctx, "+17055550142", testNow.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if m, _, _ := s.Member(ctx, "(705) 555-0142"); !m.CannotText {
		t.Errorf("member %+v; want CannotText", m)
	}
	if n := countRows(t, s, `SELECT count(*) FROM members WHERE cannot_text_at = ?`, sqlite.FormatTime(testNow.Add(time.Hour))); n != 1 {
		t.Error("want the time of the first failure kept")
	}
}

func TestVoicemails(t *testing.T) {
	s, ctx := memberStore(t)
	for _, v := range []directory.Voicemail{
		{At: testNow.Add(-time.Second), Caller: "(705) 555-0142", RecordingURL: "https://api.twilio.com/r/RE0", Seconds: 12},
		{At: testNow.Add(500 * time.Millisecond), Caller: "", RecordingURL: "https://api.twilio.com/r/RE2", Seconds: 40, Lang: directory.French},
		{At: testNow, Caller: "+1 705 555 0143", RecordingURL: "https://api.twilio.com/r/RE1", Seconds: 3},
	} {
		if err := s.SaveVoicemail(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Voicemails(ctx, testNow)
	if err != nil {
		t.Fatal(err)
	}
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
}

// Forgetting a member (a later command) is one delete: the schema's
// cascades take every record of them. Deleting a group takes its
// subscriptions.
func TestDeletesCascade(t *testing.T) {
	s, ctx := memberStore(t)
	mustSubscribe(t, s, "(705) 555-0142", "sault-grief", directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, "(705) 555-0142", "sault-care", directory.ByCall, voiceConsent(testNow, directory.English))
	if _, err := s.JoinWaitlist(ctx, "(705) 555-0142", "cancer", "705", "705", directory.ByText, smsConsent(testNow)); err != nil {
		t.Fatal(err)
	}
	mustSubscribe(t, s, "(705) 555-0143", "sault-grief", directory.ByText, smsConsent(testNow))

	if _, err := s.DB().Exec(`DELETE FROM groups WHERE id = ?`, groupIDOf(t, s, "sault-care")); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM subscriptions`); n != 2 {
		t.Errorf("%d subscriptions after deleting a group; want 2", n)
	}
	if _, err := s.DB().Exec(`DELETE FROM members WHERE number = ?`, "+17055550142"); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"members": 1, "consents": 1, "subscriptions": 1, "waitlist": 0} {
		if n := countRows(t, s, `SELECT count(*) FROM `+table); n != want {
			t.Errorf("%d rows in %s after forgetting a member; want %d", n, table, want)
		}
	}
}

// Opt-ins from one number arriving at once (a double-tapped reply) make
// one member and one subscription, and never fail busy.
func TestConcurrentSubscribes(t *testing.T) {
	s, ctx := memberStore(t)
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
	if n := countRows(t, s, `SELECT count(*) FROM subscriptions`); n != 1 {
		t.Errorf("%d subscriptions; want 1", n)
	}
	if n := countRows(t, s, `SELECT count(*) FROM consents`); n != 20 {
		t.Errorf("%d consents; want every opt-in recorded", n)
	}
}

func TestMembersMigrationIsRecorded(t *testing.T) {
	s := openTestStore(t)
	names, err := s.Migrations(context.Background())
	if err != nil || !slices.Contains(names, "0002_members.sql") {
		t.Fatalf("migrations = %v, %v; want 0002_members.sql among them", names, err)
	}
}

func TestLexTimeSortsAsTime(t *testing.T) {
	a, b := testNow, testNow.Add(500*time.Millisecond)
	if !(sqlite.FormatTime(a) < sqlite.FormatTime(b)) {
		t.Errorf("%s should sort before %s", sqlite.FormatTime(a), sqlite.FormatTime(b))
	}
	local := b.In(time.FixedZone("EST", -5*3600))
	if sqlite.FormatTime(local) != sqlite.FormatTime(b) || !sqlite.ParseTime(sqlite.FormatTime(local)).Equal(b) {
		t.Errorf("sqlite.FormatTime(%v) = %s", local, sqlite.FormatTime(local))
	}
}
