package console_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// Each language's wait-list consent covers being asked, once, to help
// start a group: the words the console looks for are in the question
// people say yes to.
func TestTheWaitListConsentCoversAnInvitation(t *testing.T) {
	book := words.NewBook()
	for _, lang := range []directory.Lang{directory.English, directory.French} {
		c := book.In(lang)
		if c.Voice.WaitCoversStart == "" || !strings.Contains(c.Voice.ConsentWait, c.Voice.WaitCoversStart) {
			t.Errorf("%s: the voice consent %q does not say %q", lang, c.Voice.ConsentWait, c.Voice.WaitCoversStart)
		}
		if c.Text.WaitCoversStart == "" || !strings.Contains(c.Text.WaitAsk, c.Text.WaitCoversStart) {
			t.Errorf("%s: the text consent %q does not say %q", lang, c.Text.WaitAsk, c.Text.WaitCoversStart)
		}
	}
}

// waitingInWawa puts people on the wait list for caregiving in 705, all
// in Wawa: three by text in English and one by phone in French whose
// consent covers an invitation, one whose older consent does not, and
// one who then sent STOP. Five wait.
func (w *world) waitingInWawa() map[string]string {
	w.t.Helper()
	ctx := context.Background()
	en, fr := words.NewBook().In(directory.English), words.NewBook().In(directory.French)
	numbers := map[string]string{}
	for i, p := range []struct {
		who, wording string
		ch           directory.Channel
		lang         directory.Lang
	}{
		{"text1", "Reply YES to get one text when a group for Caregiving starts near 705, and " + en.Text.WaitCoversStart + ".", directory.ByText, directory.English},
		{"text2", "Reply YES to get one text when a group for Caregiving starts near 705, and " + en.Text.WaitCoversStart + ".", directory.ByText, directory.English},
		{"text3", "Reply YES to get one text when a group for Caregiving starts near 705, and " + en.Text.WaitCoversStart + ".", directory.ByText, directory.English},
		{"call-fr", "Nous garderons votre numéro, " + fr.Voice.WaitCoversStart + ".", directory.ByCall, directory.French},
		{"older", "Reply YES to get one text when a group for Caregiving starts near 705. We keep your number only for that.", directory.ByText, directory.English},
		{"stopped", "Reply YES to get one text when a group for Caregiving starts near 705, and " + en.Text.WaitCoversStart + ".", directory.ByText, directory.English},
	} {
		n := fmt.Sprintf("+170585601%02d", i)
		numbers[p.who] = n
		if _, err := w.store.JoinWaitlist(ctx, n, "caregiving", "705", "705", p.ch,
			directory.Consent{At: testNow, Via: directory.ViaSMS, Lang: p.lang, Wording: p.wording}); err != nil {
			w.t.Fatal(err)
		}
	}
	if err := w.store.OptOut(ctx, numbers["stopped"], testNow); err != nil {
		w.t.Fatal(err)
	}
	return numbers
}

func (w *world) invites() []directory.Outgoing {
	w.t.Helper()
	all, err := w.store.Outgoings(context.Background(), "")
	if err != nil {
		w.t.Fatal(err)
	}
	var out []directory.Outgoing
	for _, o := range all {
		if o.Kind == directory.SendInvite {
			out = append(out, o)
		}
	}
	return out
}

const wawaLine = "5 people are waiting for a group for Caregiving near Wawa"

// The report, the day at a glance and the starting page say where a group
// could start; staff get a button there, viewers do not.
func TestWhereAGroupCouldStartIsSaid(t *testing.T) {
	w := newWorld(t)
	w.waitingInWawa()
	for _, path := range []string{"/console/", "/console/start", "/console/report"} {
		for _, who := range []struct {
			email  string
			button bool
		}{{"viewer@centre.example", false}, {"staff@centre.example", true}} {
			r := w.do(http.MethodGet, path, who.email, nil)
			if r.status != http.StatusOK || !strings.Contains(textOf(t, r.body), wawaLine) {
				t.Errorf("%s as %s: %d, does not say %q", path, who.email, r.status, wawaLine)
			}
			links := parse(t, r.body).all(func(n *node) bool { return strings.HasPrefix(n.attr["href"], "/console/start/invite?") })
			if (len(links) == 1) != who.button {
				t.Errorf("%s as %s: %d invite buttons", path, who.email, len(links))
			}
		}
	}
	w.c.StartThreshold = 6
	if r := w.do(http.MethodGet, "/console/start", "staff@centre.example", nil); strings.Contains(textOf(t, r.body), wawaLine) {
		t.Errorf("threshold 6: the page still says %q", wawaLine)
	}
}

// Staff see the exact message before it goes, send it once however often
// they press, to those whose consent covers it; the audit log says so.
func TestStaffInviteThoseWaiting(t *testing.T) {
	w := newWorld(t)
	numbers := w.waitingInWawa()
	staff := "staff@centre.example"
	page := "/console/start/invite?" + url.Values{"concern": {"caregiving"}, "area": {"705"}}.Encode()
	r := w.do(http.MethodGet, page, staff, nil)
	if r.status != http.StatusOK || idText(t, r.body, "invite-n") != "4" || idText(t, r.body, "invite-uncovered") != "1" {
		t.Fatalf("the confirm page: %d\n%s", r.status, textOf(t, r.body))
	}
	if parse(t, r.body).byID("send") != nil {
		t.Error("a send button before the centre's number is given")
	}
	if r := w.do(http.MethodGet, page+"&phone=call+us", staff, nil); !strings.Contains(idText(t, r.body, "phone-error"), "not a phone number") {
		t.Errorf("a bad number: %s", textOf(t, r.body))
	}
	r = w.do(http.MethodGet, page+"&phone=705+555+0100", staff, nil)
	shown := map[string]string{} // who gets it -> the words
	var who string
	for _, n := range parse(t, r.body).byID("invite-messages").all(func(n *node) bool { return n.name == "dt" || n.name == "dd" }) {
		if n.name == "dt" {
			who = n.Text()
		} else {
			shown[who] = n.Text()
		}
	}
	if len(shown) != 2 ||
		shown["English, by text"] != "Peer Line: 5 people near Wawa are waiting for a group for Caregiving, like you. Would you help start one? Call the centre at 705-555-0100. Reply STOP to end." ||
		!strings.HasPrefix(shown["French, read on a phone call"], "Ici la Ligne d'entraide. 5 personnes près de Wawa attendent un groupe sur le sujet Proches aidants") {
		t.Errorf("the messages shown: %q", shown)
	}
	if parse(t, r.body).byID("send") == nil {
		t.Fatal("no send button")
	}
	form := url.Values{"concern": {"caregiving"}, "area": {"705"}, "phone": {"705 555 0100"}}
	for _, c := range []struct {
		name, email string
		headers     []string
	}{
		{"a viewer", "viewer@centre.example", nil},
		{"no session", "", nil},
		{"cross-site", staff, []string{"Sec-Fetch-Site", "cross-site"}},
		{"another origin", "admin@centre.example", []string{"Origin", "https://evil.example"}},
	} {
		if r := w.do(http.MethodPost, "/console/start/invite", c.email, form, c.headers...); r.status != http.StatusForbidden {
			t.Errorf("%s sends: %d, want 403", c.name, r.status)
		}
	}
	if r := w.do(http.MethodGet, page, "viewer@centre.example", nil); r.status != http.StatusForbidden {
		t.Errorf("a viewer opens the confirm page: %d, want 403", r.status)
	}
	if got := w.invites(); len(got) != 0 || len(w.auditLog()) != 0 {
		t.Fatalf("refused posts queued %d invitations, audited %d", len(got), len(w.auditLog()))
	}
	for press, want := range []string{"4 invitations were queued", "No invitation was queued", "No invitation was queued"} {
		r := w.do(http.MethodPost, "/console/start/invite", staff, form)
		if r.status != http.StatusOK || !strings.HasPrefix(idText(t, r.body, "queued"), want) {
			t.Errorf("press %d: %d %q; want %q", press+1, r.status, idText(t, r.body, "queued"), want)
		}
	}
	got := w.invites()
	to := map[string]bool{}
	for _, o := range got {
		to[o.Number] = true
	}
	if len(got) != 4 || to[numbers["older"]] || to[numbers["stopped"]] || !to[numbers["call-fr"]] {
		t.Errorf("queued %d invitations, to %v; want 4, none to the older consent nor to STOP", len(got), to)
	}
	log := w.auditLog()
	if len(log) != 1 || log[0].Action != "start.invite" || log[0].Who != staff || log[0].New != "invited 4 waiting for caregiving near Wawa" {
		t.Errorf("audit log: %+v", log)
	}
	if strings.Contains(fmt.Sprint(log), "+1705") {
		t.Errorf("the audit log holds a number: %+v", log)
	}
	if r := w.do(http.MethodGet, page, staff, nil); idText(t, r.body, "invite-before") != "4" || idText(t, r.body, "invite-n") != "0" {
		t.Errorf("after sending: %s", textOf(t, r.body))
	}
}

// The offers to help start a group: listed for all, numbers masked for
// viewers; staff mark one handled with a note, audited.
func TestOffersToHelpStartAGroup(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	called, err := w.store.OfferToStart(ctx, directory.StartOffer{At: testNow, Concern: "caregiving", Area: "705", Place: "Wawa",
		Via: directory.ViaVoice, Number: "+17058560142", Wording: "Would you like the centre's staff to call you back? For yes, press 1."})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.OfferToStart(ctx, directory.StartOffer{At: testNow, Concern: "grief", Area: "807", Via: directory.ViaVoice}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ email, number string }{
		{"viewer@centre.example", directory.Mask("+17058560142")},
		{"staff@centre.example", "+17058560142"},
	} {
		for _, path := range []string{"/console/", "/console/start"} {
			text := textOf(t, w.do(http.MethodGet, path, c.email, nil).body)
			if !strings.Contains(text, c.number) || !strings.Contains(text, "Caregiving") || !strings.Contains(text, "Wawa") {
				t.Errorf("%s as %s: no offer with %s:\n%s", path, c.email, c.number, text)
			}
			if c.email == "viewer@centre.example" && strings.Contains(text, "+17058560142") {
				t.Errorf("%s shows a viewer the whole number", path)
			}
		}
	}
	handle := "/console/start/offers/" + itoa(called.ID) + "/handle"
	note := url.Values{"note": {"Called back: she will host in Wawa"}}
	if r := w.do(http.MethodPost, handle, "viewer@centre.example", note); r.status != http.StatusForbidden {
		t.Errorf("a viewer handles: %d", r.status)
	}
	if r := w.do(http.MethodPost, handle, "staff@centre.example", url.Values{"note": {strings.Repeat("x", 5000)}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("a note too long: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/start/offers/999/handle", "staff@centre.example", note); r.status != http.StatusNotFound {
		t.Errorf("a missing offer: %d", r.status)
	}
	if r := w.do(http.MethodPost, handle, "staff@centre.example", note); r.status != http.StatusSeeOther {
		t.Fatalf("staff handles: %d", r.status)
	}
	offers, err := w.store.StartOffers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got directory.StartOffer
	for _, o := range offers {
		if o.ID == called.ID {
			got = o
		}
	}
	if got.HandledBy != "staff@centre.example" || got.Note != note.Get("note") || !got.HandledAt.Equal(testNow) {
		t.Errorf("handled offer = %+v", got)
	}
	if log := w.auditLog(); len(log) != 1 || log[0].Action != "start.offer.handle" || log[0].New != note.Get("note") {
		t.Errorf("audit log: %+v", log)
	}
	if text := idText(t, w.do(http.MethodGet, "/console/start", "staff@centre.example", nil).body, "offer-"+itoa(called.ID)); !strings.Contains(text, "Handled") {
		t.Errorf("the offer after: %s", text)
	}
}
