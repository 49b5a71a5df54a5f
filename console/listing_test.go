package console_test

import (
	"net/http"
	"strings"
	"testing"
	"time"
)

// A year on, the day at a glance lists the listings due for a check;
// staff confirm one on its page, and it is fresh again.
func TestListingsDueForACheck(t *testing.T) {
	w := newWorld(t)
	if due := parse(t, w.do(http.MethodGet, "/console/", "viewer@centre.example", nil).body).byID("due"); due != nil {
		t.Fatalf("fresh listings are due: %s", due.Text())
	}
	w.clock.Set(testNow.AddDate(1, 0, 2))
	home := w.do(http.MethodGet, "/console/", "staff@centre.example", nil)
	due := parse(t, home.body).byID("due")
	if due == nil || !strings.Contains(due.Text(), "Algoma Grief Companions (1001)") {
		t.Fatalf("a year on, nothing is due:\n%s", home.body)
	}
	if r := w.do(http.MethodPost, "/console/groups/1001/confirm", "viewer@centre.example", nil); r.status != http.StatusForbidden {
		t.Errorf("a viewer confirming: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/groups/1001/confirm", "staff@centre.example", nil); r.status != http.StatusSeeOther {
		t.Fatalf("confirm: %d", r.status)
	}
	page := w.do(http.MethodGet, "/console/groups/1001", "staff@centre.example", nil)
	if got := idText(t, page.body, "listing"); !strings.Contains(got, testNow.AddDate(1, 0, 2).In(mustZone(t)).Format("2006-01-02")) || !strings.Contains(got, "staff@centre.example") {
		t.Errorf("the group's listing: %q", got)
	}
	home = w.do(http.MethodGet, "/console/", "staff@centre.example", nil)
	if due := parse(t, home.body).byID("due"); due != nil && strings.Contains(due.Text(), "(1001)") {
		t.Errorf("a confirmed listing is still due: %s", due.Text())
	}
	if log := w.auditLog(); len(log) != 1 || log[0].Action != "listing.confirm" {
		t.Errorf("audit: %+v", log)
	}
}

func mustZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}
