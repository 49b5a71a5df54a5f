package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/peerline/peerline/directory"
)

const referrerNumber = "+17055550170"

// Staff add a referrer (a bad form keeps what was typed and names the
// field), rename and remove one; viewers read the list with numbers
// masked and no forms; every change is in the audit log, numbers masked.
func TestStaffManageReferrers(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()

	bad := url.Values{"name": {"Dr. Ana Roy"}, "number": {"555-0170"}}
	r := w.do(http.MethodPost, "/console/referrers", "staff@centre.example", bad)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "number-error"), "phone number they text from") {
		t.Fatalf("a bad number: %d\n%s", r.status, r.body)
	}
	doc := parse(t, r.body)
	if doc.byID("name").attr["value"] != "Dr. Ana Roy" || doc.byID("number").attr["value"] != "555-0170" || doc.byID("name-error") != nil {
		t.Errorf("the form did not keep what was typed, or blamed the name")
	}
	if r := w.do(http.MethodPost, "/console/referrers", "staff@centre.example", url.Values{"name": {""}, "number": {"705-555-0170"}}); r.status != http.StatusUnprocessableEntity ||
		idText(t, r.body, "name-error") == "" {
		t.Errorf("no name: %d", r.status)
	}

	good := url.Values{"name": {"Dr. Ana Roy"}, "number": {"(705) 555-0170"}}
	if r := w.do(http.MethodPost, "/console/referrers", "viewer@centre.example", good); r.status != http.StatusForbidden {
		t.Errorf("a viewer adding a referrer: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/referrers", "staff@centre.example", good, "Sec-Fetch-Site", "cross-site"); r.status != http.StatusForbidden {
		t.Errorf("a cross-site add: %d", r.status)
	}
	if _, ok, _ := w.store.Referrer(ctx, referrerNumber); ok {
		t.Fatal("a refused post added the referrer")
	}
	if r := w.do(http.MethodPost, "/console/referrers", "staff@centre.example", good); r.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.status, r.body)
	}
	renamed := url.Values{"name": {"Ana Roy, Algoma Family Health"}, "number": {"705.555.0170"}}
	if r := w.do(http.MethodPost, "/console/referrers", "admin@centre.example", renamed); r.status != http.StatusSeeOther {
		t.Fatalf("rename: %d", r.status)
	}
	if ref, ok, err := w.store.Referrer(ctx, referrerNumber); err != nil || !ok || ref.Name != "Ana Roy, Algoma Family Health" {
		t.Fatalf("the referrer: %+v %v %v", ref, ok, err)
	}

	for role, want := range map[string]string{"viewer": directory.Mask(referrerNumber), "staff": referrerNumber, "admin": referrerNumber} {
		r := w.do(http.MethodGet, "/console/referrers", role+"@centre.example", nil)
		doc := parse(t, r.body)
		cells := doc.all(func(n *node) bool { return n.attr["class"] == "referrer-number" })
		if r.status != http.StatusOK || len(cells) != 1 || cells[0].Text() != want {
			t.Errorf("referrers as %s: %d, numbers %v; want %q", role, r.status, cells, want)
		}
		if forms := len(doc.named("form")); role == "viewer" && (forms != 1 || strings.Contains(r.body, "5550170")) { // only sign out
			t.Errorf("a viewer sees the number whole, or %d forms", forms)
		}
		if !strings.Contains(r.body, `href="/console/referrers"`) {
			t.Errorf("as %s: no link to the page", role)
		}
	}

	if r := w.do(http.MethodPost, "/console/referrers/remove", "viewer@centre.example", url.Values{"number": {referrerNumber}}); r.status != http.StatusForbidden {
		t.Errorf("a viewer removing: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/referrers/remove", "staff@centre.example", url.Values{"number": {referrerNumber}}); r.status != http.StatusSeeOther {
		t.Errorf("remove: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/referrers/remove", "staff@centre.example", url.Values{"number": {referrerNumber}}); r.status != http.StatusNotFound {
		t.Errorf("remove again: %d", r.status)
	}
	if _, ok, _ := w.store.Referrer(ctx, referrerNumber); ok {
		t.Error("still a referrer")
	}
	var got []string
	for _, e := range w.auditLog() {
		got = append(got, e.Who+" "+e.Action+" "+e.Object+" "+e.Old+" → "+e.New)
	}
	want := []string{
		"staff@centre.example referrer.remove referrer +1705*****70 Ana Roy, Algoma Family Health → ",
		"admin@centre.example referrer.rename referrer +1705*****70 Dr. Ana Roy → Ana Roy, Algoma Family Health",
		"staff@centre.example referrer.add referrer +1705*****70  → Dr. Ana Roy",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the audit log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// In a browser: a referrer added without a name is refused, the number
// typed kept and the name field named; with the name, they are listed.
func TestAddAReferrerInABrowser(t *testing.T) {
	s := newSite(t)
	ctx := browse(t)
	signIn(t, ctx, s, adminEmail, adminPassword, signedIn)
	do(t, ctx,
		chromedp.Navigate(s.url+"/console/referrers"),
		chromedp.WaitVisible(`#number`),
		chromedp.SendKeys(`#number`, "(705) 555-0170"),
		chromedp.Submit(`#number`),
		chromedp.WaitVisible(`#name-error`),
	)
	if body := text(t, ctx); !strings.Contains(body, "Give the name their clients will read") {
		t.Errorf("the refusal does not name the field:\n%s", body)
	}
	do(t, ctx,
		chromedp.SendKeys(`#name`, "Dr. Ana Roy"),
		chromedp.Submit(`#name`),
		chromedp.WaitVisible(`td.referrer-name`),
	)
	shot(t, ctx, "referrers")
	if body := text(t, ctx); !strings.Contains(body, "Dr. Ana Roy") || !strings.Contains(body, referrerNumber) {
		t.Errorf("the list:\n%s", body)
	}
	if _, ok, err := s.store.Referrer(context.Background(), referrerNumber); err != nil || !ok {
		t.Errorf("not registered: %v %v", ok, err)
	}
}
