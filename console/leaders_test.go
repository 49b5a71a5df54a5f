package console_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// Staff add a group's leader on its page, with a PIN made and shown once
// or their own; a viewer sees the numbers masked and cannot change them;
// a remove, a bad number, a cross-site POST each do what they should.
func TestAGroupsLeadersOnItsPage(t *testing.T) {
	w := newWorld(t)
	const leader = "+17055550142"
	if got := idText(t, w.do(http.MethodGet, "/console/groups/1002", "staff@centre.example", nil).body, "no-leaders"); got != "No leader yet." {
		t.Errorf("before: %q", got)
	}
	added := w.do(http.MethodPost, "/console/groups/1002/leaders", "staff@centre.example", url.Values{"number": {"(705) 555-0142"}, "pin": {""}})
	if added.status != http.StatusOK {
		t.Fatalf("add: %d\n%s", added.status, added.body)
	}
	pin := regexp.MustCompile(`\d{6}`).FindString(idText(t, added.body, "pin"))
	if pin == "" {
		t.Fatalf("no PIN shown:\n%s", added.body)
	}
	if leads, err := w.store.CheckPIN(context.Background(), leader, pin, testNow); err != nil || len(leads) != 1 || leads[0].Code != 1002 {
		t.Errorf("the PIN shown opens %+v, %v", leads, err)
	}
	page := w.do(http.MethodGet, "/console/groups/1002", "staff@centre.example", nil).body
	if strings.Contains(page, pin) {
		t.Error("the group's page shows the PIN again")
	}
	if got := cellsOf(t, page, "leader-number"); len(got) != 1 || got[0] != leader {
		t.Errorf("staff see leaders %q; want the number whole", got)
	}
	viewer := w.do(http.MethodGet, "/console/groups/1002", "viewer@centre.example", nil).body
	if got := cellsOf(t, viewer, "leader-number"); len(got) != 1 || got[0] != "+1705*****42" || strings.Contains(viewer, "5550142") {
		t.Errorf("a viewer sees leaders %q; want the number masked", got)
	}
	if parse(t, viewer).byID("leader-pin") != nil {
		t.Error("a viewer is offered the form to add a leader")
	}
	if r := w.do(http.MethodPost, "/console/groups/1002/leaders", "viewer@centre.example", url.Values{"number": {"7055550143"}}); r.status != http.StatusForbidden {
		t.Errorf("a viewer adding: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/groups/1002/leaders", "staff@centre.example", url.Values{"number": {"7055550143"}}, "Sec-Fetch-Site", "cross-site"); r.status != http.StatusForbidden {
		t.Errorf("a cross-site add: %d", r.status)
	}
	bad := w.do(http.MethodPost, "/console/groups/1002/leaders", "staff@centre.example", url.Values{"number": {"555-01"}, "pin": {"12"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, bad.body, "number-error"), "phone number") ||
		!strings.Contains(idText(t, bad.body, "pin-error"), "4 to 8 digits") {
		t.Errorf("a bad number and PIN: %d\n%s", bad.status, bad.body)
	}
	if n := parse(t, bad.body).byID("leader-number"); n == nil || n.attr["value"] != "555-01" {
		t.Error("the number typed was lost")
	}
	if r := w.do(http.MethodPost, "/console/groups/1002/leaders/remove", "staff@centre.example", url.Values{"number": {leader}}); r.status != http.StatusSeeOther {
		t.Fatalf("remove: %d", r.status)
	}
	if all, err := w.store.Leaders(context.Background()); err != nil || len(all) != 0 {
		t.Errorf("after remove: %+v, %v", all, err)
	}
	log := w.auditLog()
	if len(log) != 2 || log[0].Action != "leader.remove" || log[1].Action != "leader.add" || strings.Contains(log[1].New, "5550142") {
		t.Errorf("audit: %+v", log)
	}
}

// cellsOf is the text of the cells of a class, in order.
func cellsOf(t *testing.T, page, class string) []string {
	t.Helper()
	var out []string
	for _, n := range parse(t, page).all(func(n *node) bool { return n.attr["class"] == class }) {
		out = append(out, strings.TrimSpace(n.Text()))
	}
	return out
}
