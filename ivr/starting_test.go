package ivr

import (
	"context"
	"testing"

	"github.com/peerline/peerline/directory"
)

// A caller who finds nothing can offer to help start a group: the choice
// comes last, so the keys callers learnt do not move; the centre may call
// back only a caller who agreed, word for word.
func TestACallerOffersToHelpStartAGroup(t *testing.T) {
	ask := "Would you like the centre's staff to call you back at this number about starting a group for Dementia and Alzheimer's?"
	for _, tc := range []struct {
		name, from string
		steps      []act
		number     string
	}{
		{"agrees to a call back", saultCaller, []act{
			{do: "2", hear: []string{ask, "For yes, press 1. For no, press 2."}},
			{do: "7", hear: []string{"not one of the choices", ask}}, // a wrong key re-prompts
			{do: "*", hear: []string{ask}},                           // and star repeats
			{do: "1", hear: []string{"the centre's staff will call you back"}, notHear: []string{"cannot call you back"}},
		}, saultCaller},
		{"says no", saultCaller, []act{
			{do: "2", hear: []string{ask}},
			{do: "2", hear: []string{"We noted your offer for the centre's staff."}, notHear: []string{"will call you back"}},
		}, ""},
		{"number withheld", "anonymous", []act{
			{do: "2", hear: []string{"does not show on our line, so the centre cannot call you back", "We noted your offer"}, notHear: []string{ask}},
		}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			steps := []act{
				{do: "call"}, {do: "1"}, {do: "2"},
				{do: "2", hear: []string{"did not find a group for Dementia and Alzheimer's",
					"If you would like to help start a group like this, press 2."}},
			}
			if tc.from == "anonymous" { // no wait list without a number: the offer is choice 1
				steps[3] = act{do: "2", hear: []string{"enter the three-digit area code"}}
				steps = append(steps, act{do: "705", hear: []string{"did not find a group for Dementia and Alzheimer's",
					"If you would like to help start a group like this, press 1."}})
				tc.steps[0].do = "1"
			}
			converse(t, phone(mount(w.line(t)), tc.from), append(steps, tc.steps...))
			offers, err := w.store.StartOffers(context.Background())
			if err != nil || len(offers) != 1 {
				t.Fatalf("offers = %+v, %v; want 1", offers, err)
			}
			o := offers[0]
			if o.Concern != "dementia" || o.Area != "705" || o.Via != directory.ViaVoice || !o.At.Equal(testNow) || o.Number != tc.number {
				t.Errorf("offer = %+v; want dementia in 705, by voice, number %q", o, directory.Mask(tc.number))
			}
			if tc.number != "" && (o.Wording == "" || o.Place != "Sault Ste. Marie") {
				t.Errorf("offer wording %q, place %q; want the question heard, and the caller's town", o.Wording, o.Place)
			}
			if tc.number == "" && o.Wording != "" {
				t.Errorf("an offer without a number kept a consent: %q", o.Wording)
			}
		})
	}
}

// A French caller hears the choice and the question in French.
func TestACallerOffersToHelpStartAGroupInFrench(t *testing.T) {
	w := newWorld(t)
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"}, {do: "9"}, {do: "1"}, {do: "2"},
		{do: "2", hear: []string{"aider à lancer un groupe comme celui-ci, appuyez sur le 2"}},
		{do: "2", hear: []string{"Voulez-vous que le personnel du centre vous rappelle"}},
		{do: "1", hear: []string{"le personnel du centre vous rappellera"}},
	})
	offers, err := w.store.StartOffers(context.Background())
	if err != nil || len(offers) != 1 || offers[0].Lang != directory.French || offers[0].Number != saultCaller {
		t.Fatalf("offers = %+v, %v", offers, err)
	}
}

// A member who asked by phone to hear when a group starts gets staff's
// invitation as a call: the line reads it, twice, in their language.
func TestAnInvitationIsReadOnACall(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	for _, tc := range []struct {
		number string
		lang   directory.Lang
		hear   string
	}{
		{saultCaller, directory.English, "7 people near Sault Ste. Marie are waiting for a group for Dementia and Alzheimer's, like you. Would you help start one? Please call the centre at 7 0 5, 5 5 5, 0 1 2 3."},
		{"+17052530001", directory.French, "7 personnes près de Sault-Sainte-Marie attendent un groupe sur le sujet"},
	} {
		e, err := w.store.JoinWaitlist(ctx, tc.number, "dementia", "705", "705", directory.ByCall,
			directory.Consent{At: testNow, Via: directory.ViaVoice, Lang: tc.lang, Wording: "We will keep your phone number and this request"})
		if err != nil {
			t.Fatal(err)
		}
		inv := directory.Invitation{Concern: "dementia", Area: "705", Place: "Sault Ste. Marie", People: 7, Phone: "+17055550123", SentBy: "jo@centre.example"}
		if _, n, err := w.store.Invite(ctx, inv, []directory.Outgoing{{WaitlistID: e.ID, Channel: directory.ByCall, Lang: tc.lang, DueAt: testNow}}, testNow); err != nil || n != 1 {
			t.Fatalf("Invite = %d, %v", n, err)
		}
		id := w.outgoing(t, directory.InviteKey(e.ID))
		ring(mount(w.line(t)), id, tc.number).converse(t, []act{
			{do: "call", hear: []string{tc.hear}},
			{do: "1", hear: []string{tc.hear}},
			{do: "9", notHear: []string{"stop"}}, // no reminders to stop: a wrong key, re-prompted
		})
	}
}

func (w *world) outgoing(t *testing.T, key string) int64 {
	t.Helper()
	all, err := w.store.Outgoings(context.Background(), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		if o.Key == key {
			return o.ID
		}
	}
	t.Fatalf("no message %s", key)
	return 0
}
