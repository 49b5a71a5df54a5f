package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// Staff's invitation to people waiting goes out through the paced sender
// like any message: each member in their language, by text or by a call
// the voice line reads, never to one who sent STOP since it was queued,
// and it leaves them waiting for the group itself.
func TestInvitationsAreSentByTheSender(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	now := at(11, 23, 10, 0)
	w.clock.Set(now)
	join := func(number string, ch directory.Channel, lang directory.Lang) directory.WaitEntry {
		e, err := w.store.JoinWaitlist(ctx, number, "caregiving", "705", "705", ch, directory.Consent{
			At: now, Via: "sms", Contact: ch, Lang: lang, Wording: "Reply YES to get one text when a group starts, and maybe one asking if you would help start one."})
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	english, french := join("+17058560101", directory.ByText, directory.English), join("+17058560102", directory.ByText, directory.French)
	caller, stopped := join("+17058560103", directory.ByCall, directory.English), join("+17058560104", directory.ByText, directory.English)
	var items []directory.Outgoing
	for _, e := range []directory.WaitEntry{english, french, caller, stopped} {
		items = append(items, directory.Outgoing{WaitlistID: e.ID, Channel: e.Channel, Lang: e.Lang, DueAt: now})
	}
	inv := directory.Invitation{Concern: "caregiving", Area: "705", Place: "Wawa", People: 4, Phone: "+17055550100", SentBy: "jo@centre.example"}
	if _, n, err := w.store.Invite(ctx, inv, items, now); err != nil || n != 4 {
		t.Fatalf("Invite = %d, %v", n, err)
	}
	if err := w.store.OptOut(ctx, stopped.Number, now.Add(time.Minute)); err != nil { // STOP, after staff pressed send
		t.Fatal(err)
	}
	calls := len(w.fake.Calls())
	sent, rep := w.passAt(t, now.Add(2*time.Minute))
	texts := map[string]string{}
	for _, m := range sent {
		texts[m.To] = m.Body
	}
	for _, tc := range []struct{ to, want string }{
		{english.Number, "Peer Line: 4 people near Wawa are waiting for a group for Caregiving, like you. Would you help start one? Call the centre at 705-555-0100. Reply STOP to end."},
		{french.Number, "Ligne d'entraide : 4 personnes près de Wawa attendent un groupe sur le sujet"},
	} {
		if !strings.HasPrefix(texts[tc.to], tc.want) {
			t.Errorf("text to %s = %q; want %q", directory.Mask(tc.to), texts[tc.to], tc.want)
		}
	}
	if _, got := texts[stopped.Number]; got || len(sent) != 2 {
		t.Errorf("sent %d texts (to the member who sent STOP: %v); want 2", len(sent), got)
	}
	newCalls := w.fake.Calls()[calls:]
	if len(newCalls) != 1 || newCalls[0].To != caller.Number || !strings.Contains(newCalls[0].URL, "/twilio/voice/reminder?id=") {
		t.Errorf("calls = %+v; want one to the member who asked by phone, reading the message", newCalls)
	}
	if rep.Send.Sent != 3 || rep.Send.Skipped != 1 {
		t.Errorf("pass = %+v; want 3 sent, 1 skipped", rep.Send)
	}
	if again, _ := w.passAt(t, now.Add(10*time.Minute)); len(again) != 0 {
		t.Errorf("sent again: %+v", again)
	}
	if open, err := w.store.OpenWaitlist(ctx); err != nil || len(open) != 3 {
		t.Errorf("open entries after the invitation = %d, %v; want the 3 still waiting", len(open), err)
	}
}

// An invitation queued at night goes when the member's quiet hours end,
// on their own clock.
func TestAnInvitationWaitsForTheMorning(t *testing.T) {
	areas := directorytest.Areas(t)
	q := DefaultQuiet()
	for _, tc := range []struct {
		name, number string
		now, want    time.Time
	}{
		{"day in Toronto", "+17058560101", time.Date(2026, 11, 23, 15, 0, 0, 0, toronto), time.Date(2026, 11, 23, 15, 0, 0, 0, toronto)},
		{"night in Toronto", "+17058560101", time.Date(2026, 11, 23, 23, 30, 0, 0, toronto), time.Date(2026, 11, 24, 8, 0, 0, 0, toronto)},
		{"early morning", "+17058560101", time.Date(2026, 11, 24, 6, 0, 0, 0, toronto), time.Date(2026, 11, 24, 8, 0, 0, 0, toronto)},
		{"still evening in Kenora", "+18074680101", time.Date(2026, 11, 23, 21, 30, 0, 0, toronto), time.Date(2026, 11, 23, 21, 30, 0, 0, toronto)},
		{"night in Kenora", "+18074680101", time.Date(2026, 11, 23, 22, 30, 0, 0, toronto), time.Date(2026, 11, 24, 8, 0, 0, 0, winnipeg)},
	} {
		if got := q.Due(areas, tc.number, tc.now); !got.Equal(tc.want) {
			t.Errorf("%s: due %s; want %s", tc.name, got.In(toronto), tc.want.In(toronto))
		}
	}
}
