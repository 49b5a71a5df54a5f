package storetest

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

const (
	referrerNumber = "+17055550170"
	clientNumber   = "+17055550171"
	referralAsk    = "Peer Line: Dr. Ana Roy asked us to send you the details of a support group, Algoma Grief Companions. Reply YES to get them, or NO."
)

// refer records an ask from the test's referrer at a time, with no limit to speak of.
func refer(t *testing.T, s directory.Store, sourceID, client string, at time.Time) (directory.Referral, error) {
	t.Helper()
	return s.Refer(ctx, referrerNumber, directory.Referral{GroupID: groupIDOf(t, s, sourceID), Client: client,
		Lang: directory.English, Wording: referralAsk, AskedAt: at}, at.Add(-24*time.Hour), 100)
}

func mustRefer(t *testing.T, s directory.Store, sourceID, client string, at time.Time) directory.Referral {
	t.Helper()
	r, err := refer(t, s, sourceID, client, at)
	must(t, err)
	return r
}

func addReferrer(t *testing.T, s directory.Store, number, name string) directory.Referrer {
	t.Helper()
	r, err := s.AddReferrer(ctx, directory.Referrer{Number: number, Name: name, AddedAt: testNow})
	must(t, err)
	return r
}

func waitingFor(t *testing.T, s directory.Store, client string, now time.Time) []directory.Referral {
	t.Helper()
	rs, err := s.WaitingReferrals(ctx, client, now)
	must(t, err)
	return rs
}

func referralByID(t *testing.T, s directory.Store, id int64) directory.Referral {
	t.Helper()
	rs, err := s.Referrals(ctx)
	must(t, err)
	for _, r := range rs {
		if r.ID == id {
			return r
		}
	}
	t.Fatalf("no referral %d", id)
	return directory.Referral{}
}

// Referrers are one per number, in any format; adding again renames.
func testReferrersAreKept(t *testing.T, s directory.Store) {
	r := addReferrer(t, s, "(705) 555-0170", "Dr. Ana Roy")
	if r.Number != referrerNumber || r.ID == 0 || !r.AddedAt.Equal(testNow) {
		t.Fatalf("AddReferrer = %+v", r)
	}
	if _, err := s.AddReferrer(ctx, directory.Referrer{Number: "+1705555017", Name: "Short", AddedAt: testNow}); !errors.Is(err, directory.ErrInvalidNumber) {
		t.Errorf("a bad number: %v; want ErrInvalidNumber", err)
	}
	again, err := s.AddReferrer(ctx, directory.Referrer{Number: "705.555.0170", Name: "Ana Roy, Algoma Family Health", AddedAt: testNow.Add(time.Hour)})
	must(t, err)
	if again.ID != r.ID || again.Name != "Ana Roy, Algoma Family Health" || !again.AddedAt.Equal(testNow) {
		t.Errorf("adding again = %+v; want the same referrer renamed, added when first added", again)
	}
	addReferrer(t, s, "+1 807 555 0172", "Bea Moreau")
	list, err := s.Referrers(ctx)
	must(t, err)
	if len(list) != 2 || list[0].Name != "Ana Roy, Algoma Family Health" || list[1].Number != "+18075550172" {
		t.Errorf("Referrers = %+v; want Ana then Bea", list)
	}
	for _, tc := range []struct {
		number string
		want   bool
	}{{"1-705-555-0170", true}, {"+17055550171", false}, {"anonymous", false}, {"", false}} {
		if _, ok, err := s.Referrer(ctx, tc.number); err != nil || ok != tc.want {
			t.Errorf("Referrer(%q) = %v, %v; want %v", tc.number, ok, err, tc.want)
		}
	}
	if ok, err := s.RemoveReferrer(ctx, "705 555 0170"); err != nil || !ok {
		t.Errorf("RemoveReferrer = %v, %v", ok, err)
	}
	if ok, err := s.RemoveReferrer(ctx, "705 555 0170"); err != nil || ok {
		t.Errorf("RemoveReferrer again = %v, %v; want false", ok, err)
	}
	if _, ok, _ := s.Referrer(ctx, referrerNumber); ok {
		t.Error("a removed referrer is still found")
	}
}

// An ask waits for one answer: not asked twice about a group while it
// waits, asked again once it expired; a YES is a consent record that
// names the referral, a NO records nothing of the client.
func testAReferralWaitsForOneAnswer(t *testing.T, s directory.Store) {
	withFixture(t, s)
	if _, err := refer(t, s, "sault-grief", clientNumber, testNow); !errors.Is(err, directory.ErrNotReferrer) {
		t.Fatalf("an ask from a number not registered: %v; want ErrNotReferrer", err)
	}
	addReferrer(t, s, referrerNumber, "Dr. Ana Roy")
	first := mustRefer(t, s, "sault-grief", "(705) 555-0171", testNow)
	if first.ID == 0 || first.Client != clientNumber || first.State != directory.ReferralAsked || first.ReferrerName != "Dr. Ana Roy" || first.GroupCode == 0 {
		t.Fatalf("Refer = %+v", first)
	}
	if _, err := refer(t, s, "sault-grief", clientNumber, testNow.Add(time.Hour)); !errors.Is(err, directory.ErrReferralWaiting) {
		t.Errorf("the same client and group again: %v; want ErrReferralWaiting", err)
	}
	second := mustRefer(t, s, "on-phone-grief", clientNumber, testNow.Add(2*time.Hour))
	got := waitingFor(t, s, "705-555-0171", testNow.Add(3*time.Hour))
	if len(got) != 2 || got[0].ID != second.ID || got[1].ID != first.ID || got[1].Wording != referralAsk {
		t.Fatalf("WaitingReferrals = %+v; want the newest first", got)
	}

	// A week on, the first has expired: the client may be asked again.
	later := testNow.Add(directory.ReferralExpiry + time.Minute)
	if got := waitingFor(t, s, clientNumber, later); len(got) != 1 || got[0].ID != second.ID {
		t.Errorf("after a week: waiting %+v; want only the second", got)
	}
	third := mustRefer(t, s, "sault-grief", clientNumber, later)
	if r := referralByID(t, s, first.ID); r.State != directory.ReferralExpired {
		t.Errorf("the first ask is %q; want expired", r.State)
	}

	c := directory.Consent{At: later.Add(time.Minute), Via: directory.ViaSMS, Contact: directory.ByText, Wording: referralAsk}
	if ok, err := s.AnswerReferral(ctx, third.ID, true, c); err != nil || !ok {
		t.Fatalf("AnswerReferral yes = %v, %v", ok, err)
	}
	if ok, err := s.AnswerReferral(ctx, third.ID, false, c); err != nil || ok {
		t.Errorf("answering twice = %v, %v; want false", ok, err)
	}
	consents := consentsOf(t, s, clientNumber)
	if len(consents) != 1 || consents[0].Purpose != directory.PurposeReferral || consents[0].Wording != referralAsk ||
		consents[0].Ref != directory.ReferralRef(third.ID) || consents[0].Contact != directory.ByText {
		t.Errorf("the client's consent records: %+v", consents)
	}
	if r := referralByID(t, s, third.ID); r.State != directory.ReferralAccepted || !r.AnsweredAt.Equal(c.At) {
		t.Errorf("the answered ask: %+v", r)
	}

	const other = "+17055550173"
	no := mustRefer(t, s, "sault-grief", other, later)
	if ok, err := s.AnswerReferral(ctx, no.ID, false, directory.Consent{At: later}); err != nil || !ok {
		t.Fatalf("AnswerReferral no = %v, %v", ok, err)
	}
	if r := referralByID(t, s, no.ID); r.State != directory.ReferralDeclined {
		t.Errorf("a NO left the ask %q", r.State)
	}
	if _, ok := memberOf(t, s, other); ok {
		t.Error("a client who said NO became a member")
	}
}

// A client who sent STOP cannot consent until START: the ask still waits.
func testAReferralToAnOptedOutClient(t *testing.T, s directory.Store) {
	withFixture(t, s)
	addReferrer(t, s, referrerNumber, "Dr. Ana Roy")
	r := mustRefer(t, s, "sault-grief", clientNumber, testNow)
	must(t, s.OptOut(ctx, clientNumber, testNow))
	c := directory.Consent{At: testNow, Via: directory.ViaSMS, Wording: referralAsk}
	if _, err := s.AnswerReferral(ctx, r.ID, true, c); !errors.Is(err, directory.ErrOptedOut) {
		t.Errorf("YES after STOP: %v; want ErrOptedOut", err)
	}
	if got := waitingFor(t, s, clientNumber, testNow); len(got) != 1 || len(consentsOf(t, s, clientNumber)) != 0 {
		t.Errorf("after a refused YES: waiting %+v, consents %+v", got, consentsOf(t, s, clientNumber))
	}
}

// A referrer may send perDay asks in their day; an ask withdrawn (never
// sent) does not count.
func testReferralsPerDay(t *testing.T, s directory.Store) {
	withFixture(t, s)
	addReferrer(t, s, referrerNumber, "Dr. Ana Roy")
	day := testNow.Truncate(24 * time.Hour)
	ask := func(client string, at time.Time) (directory.Referral, error) {
		return s.Refer(ctx, referrerNumber, directory.Referral{GroupID: groupIDOf(t, s, "sault-grief"), Client: client,
			Wording: referralAsk, AskedAt: at}, at.Truncate(24*time.Hour), 2)
	}
	a, err := ask("+17055550180", day.Add(9*time.Hour))
	must(t, err)
	must(t, s.WithdrawReferral(ctx, a.ID))
	for _, n := range []string{"+17055550181", "+17055550182"} {
		if _, err := ask(n, day.Add(10*time.Hour)); err != nil {
			t.Fatalf("an ask under the limit: %v", err)
		}
	}
	if _, err := ask("+17055550183", day.Add(11*time.Hour)); !errors.Is(err, directory.ErrReferralLimit) {
		t.Errorf("a third ask: %v; want ErrReferralLimit", err)
	}
	if _, err := ask("+17055550183", day.Add(25*time.Hour)); err != nil {
		t.Errorf("the next day: %v", err)
	}
	if got := waitingFor(t, s, "+17055550180", day.Add(12*time.Hour)); len(got) != 0 {
		t.Errorf("a withdrawn ask still waits: %+v", got)
	}
}

// Retention lets go of the client's number 30 days (or whatever it is
// given) after an ask was answered or expired, and of nothing younger.
func testClearReferralClientsBefore(t *testing.T, s directory.Store) {
	withFixture(t, s)
	addReferrer(t, s, referrerNumber, "Dr. Ana Roy")
	old := mustRefer(t, s, "sault-grief", "+17055550190", testNow)                         // never answered
	declined := mustRefer(t, s, "sault-grief", "+17055550191", testNow)                    // answered NO at once
	recent := mustRefer(t, s, "sault-grief", "+17055550192", testNow.Add(20*24*time.Hour)) // still young
	if ok, err := s.AnswerReferral(ctx, declined.ID, false, directory.Consent{At: testNow.Add(time.Hour)}); err != nil || !ok {
		t.Fatal(ok, err)
	}
	n, err := s.ClearReferralClientsBefore(ctx, testNow.Add(2*time.Hour))
	must(t, err)
	if n != 1 || referralByID(t, s, declined.ID).Client != "" || referralByID(t, s, old.ID).Client == "" {
		t.Errorf("two hours on: cleared %d; want only the declined ask's number", n)
	}
	n, err = s.ClearReferralClientsBefore(ctx, testNow.Add(directory.ReferralExpiry+time.Hour))
	must(t, err)
	if r := referralByID(t, s, old.ID); n != 1 || r.Client != "" || r.State != directory.ReferralExpired {
		t.Errorf("past its expiry: cleared %d, the old ask %+v; want its number gone and it expired", n, r)
	}
	if r := referralByID(t, s, recent.ID); r.Client != "+17055550192" || r.State != directory.ReferralAsked {
		t.Errorf("a young ask was touched: %+v", r)
	}
}

// Forgetting a client removes the asks sent to them; forgetting a
// referrer removes them and their asks. Nobody else's change.
func testForgetRemovesReferrals(t *testing.T, s directory.Store) {
	withFixture(t, s)
	addReferrer(t, s, referrerNumber, "Dr. Ana Roy")
	addReferrer(t, s, "+17055550174", "Bea Moreau")
	mustRefer(t, s, "sault-grief", clientNumber, testNow)
	mustRefer(t, s, "on-phone-grief", clientNumber, testNow)
	another := mustRefer(t, s, "sault-grief", "+17055550175", testNow)
	f, err := s.Forget(ctx, "705-555-0171")
	must(t, err)
	if f.Referrals != 2 || f.Total() != 2 {
		t.Errorf("forgetting the client: %+v; want 2 referrals", f)
	}
	if got := waitingFor(t, s, clientNumber, testNow); len(got) != 0 {
		t.Errorf("asks to a forgotten client: %+v", got)
	}
	if rs, err := s.Referrals(ctx); err != nil || len(rs) != 1 || rs[0].ID != another.ID {
		t.Errorf("after forgetting the client: %+v, %v; want only the ask to another client", rs, err)
	}
	f, err = s.Forget(ctx, referrerNumber)
	must(t, err)
	if f.Referrals != 1 {
		t.Errorf("forgetting the referrer: %+v; want the referrer", f)
	}
	if _, ok, _ := s.Referrer(ctx, referrerNumber); ok {
		t.Error("a forgotten referrer is still registered")
	}
	rs, err := s.Referrals(ctx)
	must(t, err)
	if len(rs) != 0 {
		t.Errorf("the forgotten referrer's asks are left: %+v", rs)
	}
	if _, ok, _ := s.Referrer(ctx, "+17055550174"); !ok {
		t.Error("another referrer was removed")
	}
}

// Asks made at once, as on several servers: one waiting ask per client
// and group, and never more than the day allows.
func testConcurrentAsks(t *testing.T, s directory.Store) {
	withFixture(t, s)
	addReferrer(t, s, referrerNumber, "Dr. Ana Roy")
	addReferrer(t, s, "+17055550174", "Bea Moreau")
	group, other := groupIDOf(t, s, "sault-grief"), groupIDOf(t, s, "elliot-grief")
	const n = 8
	errs := make(chan error, 2*n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(2)
		go func() { // the same client, from two referrers
			defer wg.Done()
			from := []string{referrerNumber, "+17055550174"}[i%2]
			_, err := s.Refer(ctx, from, directory.Referral{GroupID: group, Client: clientNumber, Wording: referralAsk, AskedAt: testNow}, testNow, 100)
			errs <- err
		}()
		go func() { // distinct clients, against a limit of 3
			defer wg.Done()
			_, err := s.Refer(ctx, referrerNumber, directory.Referral{GroupID: other, Client: fmt.Sprintf("+1705555%04d", 200+i),
				Wording: referralAsk, AskedAt: testNow}, testNow.Add(-time.Hour), 4)
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	counts := map[string]int{}
	for err := range errs {
		switch {
		case err == nil:
			counts["asked"]++
		case errors.Is(err, directory.ErrReferralWaiting):
			counts["waiting"]++
		case errors.Is(err, directory.ErrReferralLimit):
			counts["limit"]++
		default:
			t.Errorf("an ask failed: %v", err)
		}
	}
	// The same client once; referrerNumber's asks: 1 or 0 of the first kind
	// count towards their limit of 4, so 3 or 4 of the second go through.
	if got := len(waitingFor(t, s, clientNumber, testNow)); got != 1 || counts["waiting"] != n-1 {
		t.Errorf("the same client asked %d times at once: %d waiting; counts %v", n, got, counts)
	}
	if counts["asked"] < 1+3 || counts["asked"] > 1+4 || counts["limit"] != 2*n-counts["asked"]-counts["waiting"] {
		t.Errorf("asks at once against a limit: %v", counts)
	}
}
