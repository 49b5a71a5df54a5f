package console_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
)

// Staff stop a member's reminders for them; an admin forgets a number,
// once they confirm; viewers do neither and never see a number in full.
func TestStaffActForAMember(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	look := "/console/members?number=" + url.QueryEscape(memberNumber)
	viewer := w.do(http.MethodGet, look, "viewer@centre.example", nil)
	if idText(t, viewer.body, "member-number") != "+1705*****42" || strings.Contains(viewer.body, "/console/members/stop") || strings.Contains(viewer.body, "/console/members/forget") {
		t.Errorf("a viewer sees the number in full, or a form:\n%s", viewer.body) // (the lookup field keeps what they typed)
	}
	if _, err := w.store.JoinWaitlist(ctx, memberNumber, "dementia", "705", "705", "sms",
		directory.Consent{At: testNow, Via: directory.ViaSMS, Wording: "Reply YES to get one text when a group starts"}); err != nil {
		t.Fatal(err)
	}
	page := w.do(http.MethodGet, look, "staff@centre.example", nil)
	if got := parse(t, page.body).byID("wait-list"); got == nil || !strings.Contains(got.Text(), "Dementia and Alzheimer's") || !strings.Contains(got.Text(), "705 (") {
		t.Errorf("the wait-list entry is not shown: %q", parse(t, page.body).byID("wait-list").Text())
	}
	if strings.Contains(page.body, "/console/members/forget") {
		t.Error("staff are offered to forget a member (admin only)")
	}
	stops := parse(t, page.body).all(func(n *node) bool { return n.name == "form" && n.attr["action"] == "/console/members/stop" })
	if len(stops) != 1 {
		t.Fatalf("no stop button for the active subscription:\n%s", page.body)
	}
	subs, err := w.store.Subscriptions(ctx, memberNumber)
	if err != nil || len(subs) != 1 {
		t.Fatal(subs, err)
	}
	form := url.Values{"number": {memberNumber}, "subscription": {itoa(subs[0].ID)}}
	if r := w.do(http.MethodPost, "/console/members/stop", "viewer@centre.example", form); r.status != http.StatusForbidden {
		t.Errorf("a viewer's stop: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/members/stop", "staff@centre.example", form); r.status != http.StatusSeeOther {
		t.Fatalf("stop: %d\n%s", r.status, r.body)
	}
	if subs, _ := w.store.Subscriptions(ctx, memberNumber); len(subs) != 0 {
		t.Errorf("still subscribed: %+v", subs)
	}
	if log := w.auditLog(); len(log) != 1 || log[0].Action != "subscription.stop" || strings.Contains(log[0].Object, memberNumber[2:]) {
		t.Errorf("audit: %+v", log)
	}

	forget := url.Values{"number": {memberNumber}}
	if r := w.do(http.MethodPost, "/console/members/forget", "staff@centre.example", forget); r.status != http.StatusForbidden {
		t.Errorf("staff forgetting: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/members/forget", "admin@centre.example", forget); r.status != http.StatusUnprocessableEntity {
		t.Errorf("forgetting without confirming: %d", r.status)
	}
	if _, found, _ := w.store.Member(ctx, memberNumber); !found {
		t.Fatal("forgotten without the confirmation")
	}
	forget.Set("confirm", "yes")
	r := w.do(http.MethodPost, "/console/members/forget", "admin@centre.example", forget)
	if r.status != http.StatusOK || !strings.Contains(textOf(t, r.body), "Every record of") {
		t.Fatalf("forget: %d\n%s", r.status, r.body)
	}
	if _, found, _ := w.store.Member(ctx, memberNumber); found {
		t.Error("the member is still there")
	}
	if log := w.auditLog(); len(log) != 2 || log[0].Action != "member.forget" || strings.Contains(log[0].Object, memberNumber[2:]) {
		t.Errorf("audit: %+v", log)
	}
}
