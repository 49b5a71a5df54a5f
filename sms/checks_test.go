package sms

import (
	"context"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// askListing records that the line asked number about a group, as the
// verify job does before its text goes out.
func (w *world) askListing(t *testing.T, code int, number string, lang directory.Lang) {
	t.Helper()
	if _, err := w.store.AskListing(context.Background(), directory.ListingAsk{GroupID: w.codes[code], Role: directory.AskContact,
		Number: number, Channel: directory.ByText, Lang: lang, At: w.now.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
}

func (w *world) flags(t *testing.T) []directory.ListingFlag {
	t.Helper()
	fs, err := w.store.ListingFlags(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// A group's contact answers the line's question by text: YES confirms
// the listing, CHANGED (or NO, or MODIFIE in French) puts it on the
// staff's list; a second answer, or an answer from a number the line did
// not ask, changes nothing.
func TestAnsweringAListingCheck(t *testing.T) {
	for _, tt := range []struct {
		name    string
		lang    directory.Lang
		texts   []text
		flagged bool
		by      string // who confirmed the listing; "" when it was not
	}{
		{"yes", directory.English, []text{
			{send: "Yes", want: []string{"Thank you: Algoma Grief Companions stays listed as it is.", "text a topic"}},
			{send: "YES", want: []string{"Text what the group is about"}, notWant: []string{"Thank you"}},
		}, false, directory.AskContact},
		{"changed", directory.English, []text{
			{send: "changed", want: []string{"Someone from the centre will call you."}},
			{send: "CHANGED", want: []string{"We have no question waiting for you."}},
		}, true, ""},
		{"no", directory.English, []text{{send: "no", want: []string{"Someone from the centre will call you."}}}, true, ""},
		{"modifié", directory.French, []text{{send: "Modifié", want: []string{"Quelqu'un du centre vous appellera."}}}, true, ""},
		{"oui", directory.French, []text{{send: "oui", want: []string{"Merci : Algoma Grief Companions reste inscrit tel quel."}}}, false, directory.AskContact},
	} {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			const contact = "+17055550101"
			w.askListing(t, 2001, contact, tt.lang)
			exchange(t, w.phone(contact), tt.texts)
			if flagged := len(w.flags(t)) == 1; flagged != tt.flagged {
				t.Errorf("on the staff's list: %v; want %v", flagged, tt.flagged)
			}
			l, _, err := w.store.Confirmed(context.Background(), w.codes[2001])
			if err != nil || l.By != tt.by {
				t.Errorf("the listing: %+v %v; want confirmed by %q", l, err, tt.by)
			}
		})
	}
}

// Someone the line did not ask cannot confirm or flag a listing.
func TestAListingCheckIsAnsweredOnlyByTheNumberAsked(t *testing.T) {
	w := newWorld(t)
	w.askListing(t, 2001, "+17055550101", directory.English)
	exchange(t, w.phone(sender), []text{
		{send: "CHANGED", want: []string{"We have no question waiting for you."}},
		{send: "YES", notWant: []string{"Thank you"}},
	})
	if len(w.flags(t)) != 0 {
		t.Error("a stranger's CHANGED flagged the listing")
	}
	if l, _, _ := w.store.Confirmed(context.Background(), w.codes[2001]); l.By != "" {
		t.Errorf("a stranger's YES confirmed the listing: %+v", l)
	}
}

// A group's details say when a listing not confirmed for over a year was
// last confirmed; a recent one says nothing of it.
func TestAnOldListingSaysWhenItWasConfirmed(t *testing.T) {
	w := newWorld(t)
	exchange(t, w.phone(sender), []text{{send: "grief 705"}, {send: "1", want: []string{"Algoma Grief Companions"}, notWant: []string{"Last confirmed"}}})
	w.now = w.now.AddDate(1, 1, 0)
	exchange(t, w.phone(sender), []text{{send: "grief 705"}, {send: "1", want: []string{"Algoma Grief Companions", "Last confirmed in November 2026."}}})
	exchange(t, w.phone("+17055550150"), []text{{send: "deuil 705"}, {send: "1", want: []string{"Confirmé pour la dernière fois en novembre 2026."}}})
}
