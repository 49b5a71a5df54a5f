package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/peerline/peerline/console"
	"github.com/peerline/peerline/directory"
)

// An admin adds an account (errors by field, the password never echoed),
// changes a role and removes one — never their own; others cannot.
func TestAdminsManageAccounts(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	bad := url.Values{"email": {"not an e-mail"}, "name": {"Sam"}, "role": {"boss"}, "password": {"tiny7"}}
	r := w.do(http.MethodPost, "/console/staff", "admin@centre.example", bad)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad account: %d", r.status)
	}
	for _, id := range []string{"email-error", "role-error", "password-error"} {
		if idText(t, r.body, id) == "" {
			t.Errorf("no %s:\n%s", id, r.body)
		}
	}
	if parse(t, r.body).byID("name").attr["value"] != "Sam" || strings.Contains(r.body, "tiny7") {
		t.Errorf("the name is not kept, or the password is shown")
	}
	good := url.Values{"email": {"Sam@Centre.example"}, "name": {"Sam Lee"}, "role": {"staff"}, "password": {"a long walk by the river"}}
	if r := w.do(http.MethodPost, "/console/staff", "staff@centre.example", good); r.status != http.StatusForbidden {
		t.Errorf("staff adding an account: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/staff", "admin@centre.example", good); r.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.status, r.body)
	}
	st, ok, err := w.store.StaffByEmail(ctx, "sam@centre.example")
	if err != nil || !ok || st.Role != directory.RoleStaff || !console.CheckPassword(st.Hash, "a long walk by the river") {
		t.Fatalf("the account: %+v %v %v", st, ok, err)
	}
	if r := w.do(http.MethodPost, "/console/staff", "admin@centre.example", good); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(idText(t, r.body, "email-error"), "already") {
		t.Errorf("the same e-mail twice: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/staff/role", "admin@centre.example", url.Values{"email": {"sam@centre.example"}, "role": {"admin"}}); r.status != http.StatusSeeOther {
		t.Errorf("role: %d", r.status)
	}
	if st, _, _ := w.store.StaffByEmail(ctx, "sam@centre.example"); st.Role != directory.RoleAdmin {
		t.Errorf("role now %q", st.Role)
	}
	if r := w.do(http.MethodPost, "/console/staff/remove", "admin@centre.example", url.Values{"email": {"admin@centre.example"}}); r.status != http.StatusForbidden {
		t.Errorf("an admin removing themselves: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/staff/remove", "admin@centre.example", url.Values{"email": {"sam@centre.example"}}); r.status != http.StatusSeeOther {
		t.Errorf("remove: %d", r.status)
	}
	if _, ok, _ := w.store.StaffByEmail(ctx, "sam@centre.example"); ok {
		t.Error("still there")
	}
	var actions []string
	for _, e := range w.auditLog() {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "staff.remove staff.role staff.add" {
		t.Errorf("audit: %v", actions)
	}
}
