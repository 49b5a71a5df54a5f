package console_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// The line asked two groups whether they still meet as listed: one said
// it changed, one never answered. Both are on the day at a glance, with
// why and whom to call (a viewer sees the number masked); staff mark one
// resolved, which confirms it and is audited; editing the other takes it
// off too.
func TestFlaggedListingsOnTheDashboard(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	changed, silent := w.ids[1001], w.ids[1002]
	a, err := w.store.AskListing(ctx, directory.ListingAsk{GroupID: changed, Role: directory.AskContact, Number: "+17055550101",
		Channel: directory.ByText, Lang: directory.English, At: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AnswerAsk(ctx, a.ID, directory.CheckChanged, testNow.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := w.store.FlagListing(ctx, silent, directory.FlagNoAnswer, directory.AskLeader, testNow.Add(2*time.Hour)); err != nil {
		t.Fatal(err)
	}
	w.clock.Set(testNow.Add(3 * time.Hour))

	for _, c := range []struct {
		who, number string
	}{{"staff@centre.example", "+17055550101"}, {"viewer@centre.example", directory.Mask("+17055550101")}} {
		flags := parse(t, w.do(http.MethodGet, "/console/", c.who, nil).body).byID("flags")
		if flags == nil {
			t.Fatalf("%s sees no flagged listings", c.who)
		}
		rows := flags.named("tr")[1:]
		if len(rows) != 2 {
			t.Fatalf("%s sees %d flagged listings; want 2", c.who, len(rows))
		}
		first, second := strings.Join(strings.Fields(rows[0].Text()), " "), strings.Join(strings.Fields(rows[1].Text()), " ")
		if !strings.Contains(first, "Algoma Grief Companions (1001)") || !strings.Contains(first, "changed: call them back") ||
			!strings.Contains(first, "its contact, "+c.number) {
			t.Errorf("%s, first row: %q", c.who, first)
		}
		if !strings.Contains(second, "(1002)") || !strings.Contains(second, "no answer to 3 asks") || !strings.Contains(second, "its leader") ||
			strings.Contains(second, "555") {
			t.Errorf("%s, second row: %q", c.who, second)
		}
		if hasButton := len(flags.named("button")) > 0; hasButton != (c.who == "staff@centre.example") {
			t.Errorf("%s: resolve buttons shown %v", c.who, hasButton)
		}
	}

	report := idText(t, w.do(http.MethodGet, "/console/report", "viewer@centre.example", nil).body, "report-flags")
	if !strings.Contains(report, "Algoma Grief Companions (1001): changed: call them back") || !strings.Contains(report, "(1002): no answer to 3 asks") {
		t.Errorf("the report's flagged listings: %q", report)
	}

	if r := w.do(http.MethodPost, "/console/groups/1001/resolve", "viewer@centre.example", nil); r.status != http.StatusForbidden {
		t.Errorf("a viewer resolving: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/groups/1001/resolve", "staff@centre.example", nil); r.status != http.StatusSeeOther {
		t.Fatalf("resolve: %d", r.status)
	}
	l, _, err := w.store.Confirmed(ctx, changed)
	if err != nil || l.By != "staff@centre.example" || !l.Seen.Equal(testNow.Add(3*time.Hour)) {
		t.Errorf("resolving did not confirm the listing: %+v %v", l, err)
	}
	if log := w.auditLog(); len(log) != 1 || log[0].Action != "listing.resolve" || log[0].Object != "group 1001" {
		t.Errorf("audit: %+v", log)
	}
	flags := parse(t, w.do(http.MethodGet, "/console/", "staff@centre.example", nil).body).byID("flags")
	if flags == nil || len(flags.named("tr")) != 2 || strings.Contains(flags.Text(), "(1001)") {
		t.Errorf("after resolving: %v", flags)
	}

	// Editing the group is staff's answer too.
	g, _, err := w.store.Group(ctx, 1002)
	if err != nil {
		t.Fatal(err)
	}
	g.Description = "Now meets on Thursdays at 2 p.m."
	directorytest.Import(t, w.store, directorytest.Areas(t), testNow.Add(4*time.Hour), g)
	if parse(t, w.do(http.MethodGet, "/console/", "staff@centre.example", nil).body).byID("flags") != nil {
		t.Error("an edited listing is still on the list")
	}
}
