package ivr

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
)

const contactNumber = "+17055550101" // Algoma Grief Companions' contact

// askByCall records a listing check to be asked by a call, as the verify
// job does before it places the call, and returns its id.
func (w *world) askByCall(t *testing.T, g directory.Group, number string, lang directory.Lang) int64 {
	t.Helper()
	a, err := w.store.AskListing(context.Background(), directory.ListingAsk{GroupID: g.ID, Role: directory.AskContact,
		Number: number, Channel: directory.ByCall, Lang: lang, At: testNow.Add(-time.Minute)})
	if err != nil {
		t.Fatal(err)
	}
	return a.ID
}

// The line calls a group's contact to check its listing: the question is
// said with the group's usual time, star says it again, a wrong key asks
// again, 1 confirms the listing and 2 puts it on the staff's list.
func TestACheckCall(t *testing.T) {
	for _, tt := range []struct {
		name    string
		lang    directory.Lang
		steps   []act
		by      string // who confirmed the listing; "" when nobody did
		flagged bool
	}{
		{"still meets", directory.English, []act{
			{do: "*", hear: []string{"checking our listing of Algoma Grief Companions", "Is it still meeting every Tuesday at 7 p.m.?", "If it is, press 1."}},
			{do: "7", hear: []string{"If it is, press 1."}},
			{do: "1", hear: []string{"Thank you. We will keep the listing as it is. Goodbye."}, hangup: true},
		}, directory.AskContact, false},
		{"changed", directory.English, []act{
			{do: "2", hear: []string{"Someone from the centre will call you back."}, hangup: true},
		}, "", true},
		{"en français", directory.French, []act{
			{do: "1", hear: []string{"Merci. Nous gardons la fiche telle quelle."}, hangup: true},
		}, directory.AskContact, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			g := w.group(t, "sault-grief")
			id := w.askByCall(t, g, contactNumber, tt.lang)
			r := ring(mount(w.line(t)), id, contactNumber)
			first := r.post(t, routes.CheckCall(id), nil).heard()
			want := map[directory.Lang]string{directory.English: "Is it still meeting every Tuesday at 7 p.m.?",
				directory.French: "Se réunit-il toujours chaque mardi à 19 h?"}[tt.lang]
			if !strings.Contains(first, want) || !strings.Contains(first, strconv.Itoa(g.Code)[:1]+" ") {
				t.Fatalf("the call began with %q; want %q and the group's code", first, want)
			}
			r.converse(t, tt.steps)
			l, _, err := w.store.Confirmed(context.Background(), g.ID)
			if err != nil || l.By != tt.by {
				t.Errorf("the listing: %+v %v; want confirmed by %q", l, err, tt.by)
			}
			flags, err := w.store.ListingFlags(context.Background())
			if err != nil || (len(flags) == 1) != tt.flagged {
				t.Errorf("the staff's list: %+v %v; want flagged %v", flags, err, tt.flagged)
			}
		})
	}
}

// A check call answered by another number than the one asked, or whose
// ask was answered already, says sorry and changes nothing.
func TestACheckCallForSomeoneElse(t *testing.T) {
	w := newWorld(t)
	g := w.group(t, "sault-grief")
	id := w.askByCall(t, g, contactNumber, directory.English)
	h := mount(w.line(t))
	doc := ring(h, id, saultCaller).post(t, routes.CheckCall(id), nil)
	if doc.Hangup == nil || strings.Contains(doc.heard(), "Algoma") {
		t.Errorf("another number answering heard %q", doc.heard())
	}
	if _, err := w.store.AnswerAsk(context.Background(), id, directory.CheckYes, testNow); err != nil {
		t.Fatal(err)
	}
	doc = ring(h, id, contactNumber).post(t, routes.CheckCall(id), nil)
	if doc.Hangup == nil || strings.Contains(doc.heard(), "Algoma") {
		t.Errorf("an answered ask's call heard %q", doc.heard())
	}
}

// A caller hears when a listing not confirmed for over a year was last
// confirmed, in their language.
func TestAnOldListingSaysWhenItWasConfirmed(t *testing.T) {
	w := newWorld(t)
	later := testNow.AddDate(1, 1, 0)
	p := phone(mount(w.line(t, func(l *Line) { l.Now = func() time.Time { return later } })), saultCaller)
	converse(t, p, []act{
		{do: "call"}, {do: "1"}, {do: "1"},
		{do: "1", hear: []string{"Group 1: Algoma Grief Companions.", "This listing was last confirmed in November 2026."}},
	})
	fresh := phone(mount(w.line(t)), saultCaller)
	converse(t, fresh, []act{
		{do: "call"}, {do: "1"}, {do: "1"},
		{do: "1", hear: []string{"Group 1: Algoma Grief Companions."}, notHear: []string{"last confirmed"}},
	})
}
