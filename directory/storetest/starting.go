package storetest

import (
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// Starting a group: offers to help start one, and invitations to the
// people waiting.

const startWording = "Would you like the centre to call you back at this number about starting a group? Press 1 for yes."

// testStartOffersAreKeptAndHandled: an offer keeps what the caller said,
// its number only with a wording; the list shows open offers first;
// handling one records who and why.
func testStartOffersAreKeptAndHandled(t *testing.T, s directory.Store) {
	anon, err := s.OfferToStart(ctx, directory.StartOffer{At: testNow, Concern: "caregiving", Area: "705", Via: directory.ViaVoice})
	must(t, err)
	called, err := s.OfferToStart(ctx, directory.StartOffer{At: testNow.Add(time.Hour), Concern: "caregiving", Area: "705",
		Place: "Wawa", Via: directory.ViaVoice, Lang: directory.French, Number: "(705) 555-0142", Wording: startWording})
	must(t, err)
	if called.Number != "+17055550142" {
		t.Errorf("offer number = %s; want E.164", directory.Mask(called.Number))
	}
	if _, err := s.OfferToStart(ctx, directory.StartOffer{At: testNow, Concern: "grief", Area: "705", Via: directory.ViaVoice,
		Number: "+17055550143"}); err == nil {
		t.Error("an offer with a number and no wording was kept")
	}
	must(t, s.HandleStartOffer(ctx, called.ID, "jo@centre.example", "called back: she will host in Wawa", testNow.Add(2*time.Hour)))
	if err := s.HandleStartOffer(ctx, 999999, "jo@centre.example", "", testNow); !errors.Is(err, directory.ErrNoOffer) {
		t.Errorf("handling a missing offer: %v; want ErrNoOffer", err)
	}
	list, err := s.StartOffers(ctx)
	must(t, err)
	if len(list) != 2 || list[0].ID != anon.ID || list[1].ID != called.ID {
		t.Fatalf("offers = %+v; want the open one first", list)
	}
	got := list[1]
	if got.Place != "Wawa" || got.Lang != directory.French || got.Wording != startWording || got.Note != "called back: she will host in Wawa" ||
		got.HandledBy != "jo@centre.example" || !got.HandledAt.Equal(testNow.Add(2*time.Hour)) || !got.At.Equal(testNow.Add(time.Hour)) {
		t.Errorf("handled offer = %+v", got)
	}
	if list[0].Number != "" || !list[0].HandledAt.IsZero() {
		t.Errorf("anonymous offer = %+v", list[0])
	}
	// The yes to a call back is a consent record like any other, even
	// from a number that sent STOP to our texts.
	must(t, s.OptOut(ctx, "+17055550143", testNow))
	stopped, err := s.OfferToStart(ctx, directory.StartOffer{At: testNow, Concern: "grief", Area: "705", Via: directory.ViaVoice,
		Number: "+17055550143", Wording: startWording})
	must(t, err)
	for _, want := range []struct {
		number string
		offer  directory.StartOffer
	}{{"+17055550142", called}, {"+17055550143", stopped}} {
		cs, err := s.Consents(ctx, want.number)
		must(t, err)
		if len(cs) != 1 || cs[0].Purpose != directory.PurposeStart || cs[0].Contact != directory.ByCall || cs[0].Wording != startWording ||
			cs[0].Ref != directory.StartRef(want.offer.ID) || !cs[0].At.Equal(want.offer.At) {
			t.Errorf("consents of %s = %+v; want the call-back consent of offer %d", directory.Mask(want.number), cs, want.offer.ID)
		}
	}
}

// testInvitationsGoOncePerEntry: the invitees of a concern and area are
// its open entries, with their consent's wording; inviting queues one
// message per entry, never again, never to a member who sent STOP.
func testInvitationsGoOncePerEntry(t *testing.T, s directory.Store) {
	a := mustJoin(t, s, "+17055550142", "caregiving", "705", smsConsent(testNow))
	b := mustJoin(t, s, "+17055550143", "caregiving", "705", smsConsent(testNow))
	stopped := mustJoin(t, s, "+17055550144", "caregiving", "705", smsConsent(testNow))
	mustJoin(t, s, "+17055550145", "grief", "705", smsConsent(testNow))
	in, err := s.Invitees(ctx, "caregiving", "705")
	must(t, err)
	if len(in) != 3 || in[0].ID != a.ID || in[0].Wording != smsWording || in[0].Invited || in[0].OptedOut {
		t.Fatalf("invitees = %+v", in)
	}
	// STOP comes between the confirm page and the send.
	must(t, s.OptOut(ctx, "+17055550144", testNow))
	items := func() []directory.Outgoing {
		var out []directory.Outgoing
		for _, e := range in {
			out = append(out, directory.Outgoing{Kind: directory.SendInvite, WaitlistID: e.ID, MemberID: e.MemberID,
				Channel: e.Channel, Lang: e.Lang, DueAt: testNow})
		}
		return out
	}
	inv := directory.Invitation{Concern: "caregiving", Area: "705", Place: "Wawa", People: 3, Phone: "+17055550100", SentBy: "jo@centre.example"}
	got, n, err := s.Invite(ctx, inv, items(), testNow)
	must(t, err)
	if n != 2 || got.ID == 0 {
		t.Fatalf("Invite queued %d (invitation %d); want 2, the member who sent STOP left out", n, got.ID)
	}
	// Pressed again, at once or later: nothing more.
	if again, n, err := s.Invite(ctx, inv, items(), testNow.Add(time.Minute)); err != nil || n != 0 || again.ID != 0 {
		t.Errorf("Invite again = %d queued, invitation %d, %v; want nothing", n, again.ID, err)
	}
	pending, err := s.Outgoings(ctx, directory.OutboxPending)
	must(t, err)
	keys := map[string]directory.Outgoing{}
	for _, it := range pending {
		keys[it.Key] = it
	}
	for _, e := range []directory.WaitEntry{a, b} {
		it, ok := keys[directory.InviteKey(e.ID)]
		if !ok || it.Kind != directory.SendInvite || it.GroupID != 0 || it.Concern != "caregiving" || it.Number != e.Number {
			t.Errorf("invitation to entry %d = %+v, %v", e.ID, it, ok)
		}
	}
	if _, ok := keys[directory.InviteKey(stopped.ID)]; ok || len(pending) != 2 {
		t.Errorf("pending = %d messages; want 2, none to the member who sent STOP", len(pending))
	}
	read, ok, err := s.InvitationFor(ctx, b.ID)
	must(t, err)
	if !ok || read.ID != got.ID || read.People != 3 || read.Place != "Wawa" || read.Phone != "+17055550100" || read.SentBy != "jo@centre.example" {
		t.Errorf("InvitationFor = %+v, %v", read, ok)
	}
	if _, ok, err := s.InvitationFor(ctx, stopped.ID); ok || err != nil {
		t.Errorf("InvitationFor an entry not invited = %v, %v", ok, err)
	}
	in, err = s.Invitees(ctx, "caregiving", "705")
	must(t, err)
	if len(in) != 2 || !in[0].Invited || !in[1].Invited {
		t.Errorf("invitees after = %+v; want the two invited (STOP closed the third's entry)", in)
	}
	// An invitation is still wanted until its member sends STOP.
	if ok, err := s.StillWanted(ctx, keys[directory.InviteKey(a.ID)]); !ok || err != nil {
		t.Errorf("StillWanted = %v, %v", ok, err)
	}
	// Sent, it leaves the member waiting: only a group starting closes the entry.
	claimed, err := s.ClaimDue(ctx, testNow, 10)
	must(t, err)
	for _, it := range claimed {
		must(t, s.Settle(ctx, it.ID, directory.OutboxSent, "SM"+strconv.FormatInt(it.ID, 10), "", time.Time{}, testNow))
	}
	if open := openWaitlist(t, s); len(claimed) != 2 || len(open) != 3 {
		t.Errorf("after sending %d invitations, %d entries open; want 2 sent and the 3 open entries of members who did not send STOP still open", len(claimed), len(open))
	}
}

// testForgetRemovesStartOffers: forgetting a number removes its offers
// and its invitations, and leaves others' alone.
func testForgetRemovesStartOffers(t *testing.T, s directory.Store) {
	for _, n := range []string{"+17055550142", "+17055550143"} {
		_, err := s.OfferToStart(ctx, directory.StartOffer{At: testNow, Concern: "caregiving", Area: "705", Via: directory.ViaVoice,
			Number: n, Wording: startWording})
		must(t, err)
	}
	e := mustJoin(t, s, "+17055550142", "caregiving", "705", smsConsent(testNow))
	_, n, err := s.Invite(ctx, directory.Invitation{Concern: "caregiving", Area: "705", People: 1, Phone: "+17055550100"},
		[]directory.Outgoing{{WaitlistID: e.ID, Channel: directory.ByText, Lang: directory.English, DueAt: testNow}}, testNow)
	must(t, err)
	if n != 1 {
		t.Fatalf("queued %d; want 1", n)
	}
	f, err := s.Forget(ctx, "705-555-0142")
	must(t, err)
	if f.StartOffers != 1 || f.Outbox != 1 {
		t.Errorf("forgot %+v; want 1 start offer and 1 message", f)
	}
	list, err := s.StartOffers(ctx)
	must(t, err)
	if len(list) != 1 || list[0].Number != "+17055550143" {
		t.Errorf("offers left = %+v; want the other number's only", list)
	}
	if _, ok, err := s.InvitationFor(ctx, e.ID); ok || err != nil {
		t.Errorf("the forgotten entry's invitation is still linked: %v, %v", ok, err)
	}
}
