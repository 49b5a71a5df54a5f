package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A cancellation undone by staff: the meeting is on again, in the audit
// log; a viewer cannot, and undoing what is not cancelled changes nothing.
func TestStaffUndoesACancellation(t *testing.T) {
	w := newWorld(t)
	if r := w.do(http.MethodPost, "/console/groups/1001/cancel", "staff@centre.example", tuesday); r.status != http.StatusSeeOther {
		t.Fatalf("cancel: %d", r.status)
	}
	page := w.do(http.MethodGet, "/console/groups/1001", "staff@centre.example", nil)
	undo := parse(t, page.body).all(func(n *node) bool { return n.name == "form" && n.attr["action"] == "/console/groups/1001/uncancel" })
	if len(undo) != 1 {
		t.Fatalf("no undo button on the cancelled meeting:\n%s", page.body)
	}
	if viewer := w.do(http.MethodGet, "/console/groups/1001", "viewer@centre.example", nil); strings.Contains(viewer.body, "/uncancel") {
		t.Error("a viewer is offered the undo")
	}
	day := url.Values{"day": {"2026-11-24"}}
	if r := w.do(http.MethodPost, "/console/groups/1001/uncancel", "viewer@centre.example", day); r.status != http.StatusForbidden || len(w.cancelled(1001)) != 1 {
		t.Fatalf("a viewer's undo: %d, cancelled %v", r.status, w.cancelled(1001))
	}
	r := w.do(http.MethodPost, "/console/groups/1001/uncancel", "staff@centre.example", day)
	if r.status != http.StatusSeeOther || len(w.cancelled(1001)) != 0 {
		t.Fatalf("undo: %d, cancelled %v", r.status, w.cancelled(1001))
	}
	back := w.do(http.MethodGet, r.header.Get("Location"), "staff@centre.example", nil)
	if !strings.Contains(idText(t, back.body, "restored"), "2026-11-24 takes place after all") {
		t.Errorf("no word of the undo:\n%s", back.body)
	}
	log := w.auditLog()
	if len(log) != 2 || log[0].Action != "meeting.uncancel" || log[0].Who != "staff@centre.example" || log[0].Old != "2026-11-24 cancelled" {
		t.Errorf("audit: %+v", log)
	}
	if r := w.do(http.MethodPost, "/console/groups/1001/uncancel", "staff@centre.example", day); r.status != http.StatusNotFound {
		t.Errorf("undoing it again: %d", r.status)
	}
}
