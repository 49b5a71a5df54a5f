package console_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
)

// editFormFields are the labelled fields of the group form, by id.
var editFormFields = []string{"name", "organization", "status", "concerns", "languages-en", "languages-fr", "description",
	"phone", "email", "place_name", "street", "city", "province", "postal_code", "place_phone",
	"dialin", "access_code", "online_url", "mail_address", "service_area", "timezone", "schedule"}

// editFormValues reads the form on a page as a browser would send it:
// every field's value, the boxes ticked, the option selected.
func editFormValues(t *testing.T, page string) url.Values {
	t.Helper()
	doc := parse(t, page)
	forms := doc.all(func(n *node) bool { return n.name == "form" && strings.HasPrefix(n.attr["action"], "/console/groups/") })
	if len(forms) != 1 {
		t.Fatalf("%d group forms on the page:\n%s", len(forms), page)
	}
	v := url.Values{}
	for _, n := range forms[0].all(func(n *node) bool { return n.attr["name"] != "" }) {
		name := n.attr["name"]
		switch n.name {
		case "input":
			if n.attr["type"] == "checkbox" {
				if _, on := n.attr["checked"]; on {
					v.Add(name, n.attr["value"])
				}
				continue
			}
			v.Set(name, n.attr["value"])
		case "textarea":
			v.Set(name, n.Text())
		case "select":
			for _, o := range n.named("option") {
				if _, on := o.attr["selected"]; on {
					v.Set(name, o.attr["value"])
				}
			}
		}
	}
	return v
}

func (w *world) groupCount() int {
	w.t.Helper()
	n, err := w.store.CountGroups(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

func (w *world) storedGroup(code int) directory.Group {
	w.t.Helper()
	g, ok, err := w.store.Group(context.Background(), code)
	if err != nil || !ok {
		w.t.Fatalf("group %d: %v, found %v", code, err, ok)
	}
	return g
}

// auditGroup reads a group as the audit log keeps it.
func auditGroup(t *testing.T, s string) directory.Group {
	t.Helper()
	var g directory.Group
	if err := json.Unmarshal([]byte(s), &g); err != nil {
		t.Fatalf("the audit log's group is not JSON: %v\n%s", err, s)
	}
	return g
}

func TestStaffAddsAGroup(t *testing.T) {
	w := newWorld(t)
	// The way in: a link for staff on the groups page, none for viewers.
	if doc := parse(t, w.do(http.MethodGet, "/console/groups", "staff@centre.example", nil).body); doc.byID("add") == nil || doc.byID("add").attr["href"] != "/console/groups/new" {
		t.Error("staff have no link to add a group")
	}
	if strings.Contains(w.do(http.MethodGet, "/console/groups", "viewer@centre.example", nil).body, "/console/groups/new") {
		t.Error("a viewer has a link to add a group")
	}

	r := w.do(http.MethodGet, "/console/groups/new", "staff@centre.example", nil)
	if r.status != http.StatusOK {
		t.Fatalf("the form: %d\n%s", r.status, r.body)
	}
	doc := parse(t, r.body)
	for _, id := range editFormFields {
		if doc.byID(id) == nil || len(doc.all(func(n *node) bool { return n.name == "label" && n.attr["for"] == id })) != 1 {
			t.Errorf("no labelled field %s", id)
		}
	}
	form := editFormValues(t, r.body)
	if form.Get("status") != "active" || !slices.Equal(form["languages"], []string{"en"}) {
		t.Errorf("a new group's defaults: %v", form)
	}
	form.Set("name", "Sault Caregivers Circle")
	form.Set("concerns", "caregivers")
	form["languages"] = []string{"en", "fr"}
	form.Set("phone", "(705) 555-0111")
	form.Set("email", "circle@example.org")
	form.Set("place_name", "St. Luke's Hall")
	form.Set("street", "160 Brock St")
	form.Set("city", "Sault Ste. Marie")
	form.Set("description", "For those who care for a parent or spouse.\nCoffee from 6:30.")
	form.Set("schedule", "weekly WE 19:00-20:30; monthly 2TH 14:00")
	r = w.do(http.MethodPost, "/console/groups/new", "staff@centre.example", form)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/groups/1004?saved=1" {
		t.Fatalf("add: %d to %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	g := w.storedGroup(1004)
	if !strings.HasPrefix(g.SourceID, "console-") || len(g.SourceID) <= len("console-") || g.Source != "" ||
		g.Name != "Sault Caregivers Circle" || !slices.Equal(g.Concerns, []string{"caregiving"}) || g.ConcernWords != "caregivers" ||
		g.Phone != "+17055550111" || g.Email != "circle@example.org" || g.Place == nil || g.Place.Area != "705" || g.Place.Province != "ON" ||
		g.Zone != "America/Toronto" || len(g.Schedules) != 2 || !slices.Equal(g.Languages, []directory.Lang{directory.English, directory.French}) ||
		g.Description != "For those who care for a parent or spouse.\nCoffee from 6:30." {
		t.Errorf("stored: %+v", g)
	}
	if next, ok := g.NextMeeting(testNow); !ok || !next.Equal(time.Date(2026, 11, 25, 19, 0, 0, 0, directorytest.Zone(t, "America/Toronto"))) {
		t.Errorf("next meeting %v", next)
	}

	// The line finds it: a caller in 705 asking about caregiving.
	res, _, err := w.store.Search(context.Background(), directory.Query{Concern: "caregiving",
		Complex: directorytest.Complex(t, directorytest.Areas(t), "705"), Now: testNow})
	if err != nil || !slices.ContainsFunc(res, func(r directory.Result) bool { return r.Group.Code == 1004 }) {
		t.Errorf("the line's search does not find the new group: %v %v", res, err)
	}

	page := w.do(http.MethodGet, r.header.Get("Location"), "staff@centre.example", nil)
	if page.status != http.StatusOK || idText(t, page.body, "saved") != "Saved." || idText(t, page.body, "code") != "1004" {
		t.Errorf("after saving: %d\n%s", page.status, page.body)
	}
	if parse(t, w.do(http.MethodGet, "/console/groups/1004", "staff@centre.example", nil).body).byID("saved") != nil {
		t.Error("Saved. is said on a later visit")
	}

	log := w.auditLog()
	if len(log) != 1 || log[0].Who != "staff@centre.example" || log[0].Action != "group.add" || log[0].Object != "group 1004" ||
		log[0].Old != "" || !log[0].At.Equal(testNow) {
		t.Fatalf("audit = %+v", log)
	}
	if a := auditGroup(t, log[0].New); a.Code != 1004 || a.Name != "Sault Caregivers Circle" || a.SourceID != g.SourceID {
		t.Errorf("audit new = %+v", a)
	}

	// A second one gets the next code and its own id.
	form.Set("name", "Another Circle")
	if r := w.do(http.MethodPost, "/console/groups/new", "admin@centre.example", form); r.header.Get("Location") != "/console/groups/1005?saved=1" {
		t.Fatalf("a second group: %d to %q", r.status, r.header.Get("Location"))
	}
	if w.storedGroup(1005).SourceID == g.SourceID {
		t.Error("two groups added in the console share an id")
	}
}

func TestStaffEditsAGroup(t *testing.T) {
	w := newWorld(t)
	toronto := directorytest.Zone(t, "America/Toronto")
	before := w.storedGroup(1001)
	if next, _ := before.NextMeeting(testNow); !next.Equal(time.Date(2026, 11, 24, 19, 0, 0, 0, toronto)) {
		t.Fatalf("next meeting before: %v", next)
	}
	page := w.do(http.MethodGet, "/console/groups/1001", "staff@centre.example", nil)
	if a := parse(t, page.body).byID("edit"); a == nil || a.attr["href"] != "/console/groups/1001/edit" {
		t.Error("staff have no link to edit the group")
	}
	if strings.Contains(w.do(http.MethodGet, "/console/groups/1001", "viewer@centre.example", nil).body, "/edit") {
		t.Error("a viewer has a link to edit the group")
	}

	r := w.do(http.MethodGet, "/console/groups/1001/edit", "staff@centre.example", nil)
	if r.status != http.StatusOK {
		t.Fatalf("the form: %d\n%s", r.status, r.body)
	}
	form := editFormValues(t, r.body)
	for field, want := range map[string]string{
		"name": "Algoma Grief Companions", "status": "active", "concerns": "grief", "phone": "705-555-0101",
		"place_name": "Riverside Hall", "street": "12 Queen St E", "city": "Sault Ste. Marie", "province": "ON",
		"service_area": "705", "timezone": "America/Toronto", "schedule": "weekly TU 19:00 from 2026-01-01", "dialin": "",
	} {
		if got := form.Get(field); got != want {
			t.Errorf("prefilled %s = %q, want %q", field, got, want)
		}
	}
	if form["languages"] != nil {
		t.Errorf("languages = %q, want none ticked", form["languages"])
	}

	// Saving it as it is changes nothing, and logs nothing.
	if r := w.do(http.MethodPost, "/console/groups/1001/edit", "staff@centre.example", form); r.status != http.StatusSeeOther {
		t.Fatalf("saved unchanged: %d\n%s", r.status, r.body)
	}
	if log := w.auditLog(); len(log) != 0 {
		t.Errorf("an unchanged group is in the audit log: %+v", log)
	}

	form.Set("name", "Algoma Grief Companions (Thursdays)")
	form.Set("schedule", "weekly TH 18:00-19:30")
	r = w.do(http.MethodPost, "/console/groups/1001/edit", "staff@centre.example", form)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/groups/1001?saved=1" {
		t.Fatalf("edit: %d to %q\n%s", r.status, r.header.Get("Location"), r.body)
	}
	after := w.storedGroup(1001)
	if after.Name != "Algoma Grief Companions (Thursdays)" || after.SourceID != "sault-grief" || after.ID != before.ID || w.groupCount() != 3 {
		t.Errorf("after: %+v", after)
	}
	if next, _ := after.NextMeeting(testNow); !next.Equal(time.Date(2026, 11, 26, 18, 0, 0, 0, toronto)) {
		t.Errorf("next meeting after: %v, want Thursday 6 p.m.", next)
	}
	page = w.do(http.MethodGet, r.header.Get("Location"), "staff@centre.example", nil)
	text := textOf(t, page.body)
	if idText(t, page.body, "saved") != "Saved." || !strings.Contains(text, "Thu Nov 26, 2026, 6:00 PM") || strings.Contains(text, "Tue Nov 24, 2026") {
		t.Errorf("the group's page after the edit:\n%s", text)
	}
	// The line finds it under its new name.
	res, _, err := w.store.Search(context.Background(), directory.Query{Concern: "grief",
		Complex: directorytest.Complex(t, directorytest.Areas(t), "705"), Now: testNow})
	if err != nil || !slices.ContainsFunc(res, func(r directory.Result) bool {
		return r.Group.Code == 1001 && r.Group.Name == after.Name && r.Next.Equal(time.Date(2026, 11, 26, 18, 0, 0, 0, toronto))
	}) {
		t.Errorf("the line's search: %v %v", res, err)
	}

	log := w.auditLog()
	if len(log) != 1 || log[0].Who != "staff@centre.example" || log[0].Action != "group.edit" || log[0].Object != "group 1001" {
		t.Fatalf("audit = %+v", log)
	}
	old, now := auditGroup(t, log[0].Old), auditGroup(t, log[0].New)
	if old.Name != "Algoma Grief Companions" || len(old.Schedules) != 1 || old.Schedules[0].ByDay[0] != "TU" {
		t.Errorf("audit old = %+v", old)
	}
	if now.Name != after.Name || now.Code != 1001 || len(now.Schedules) != 1 || now.Schedules[0].ByDay[0] != "TH" {
		t.Errorf("audit new = %+v", now)
	}

	// The telephone group: its dial-in is prefilled as people dial it.
	form = editFormValues(t, w.do(http.MethodGet, "/console/groups/1002/edit", "admin@centre.example", nil).body)
	if form.Get("dialin") != "705-555-0199" || form.Get("access_code") != "4127#" || form.Get("service_area") != "ON" {
		t.Errorf("telephone group's form: %v", form)
	}
	if r := w.do(http.MethodGet, "/console/groups/9999/edit", "staff@centre.example", nil); r.status != http.StatusNotFound {
		t.Errorf("an unknown group: %d", r.status)
	}
}

func TestABadGroupFormSavesNothing(t *testing.T) {
	w := newWorld(t)
	form := url.Values{
		"name": {htmlName}, "status": {"active"}, "concerns": {"grief; zzzfoo"}, "languages": {"en"},
		"phone": {"12"}, "city": {"Sault Ste. Marie"}, "street": {`1 <i>Elm</i> St`},
		"schedule": {"weekly TU 19:00; fortnightly XX"},
	}
	for _, path := range []string{"/console/groups/new", "/console/groups/1001/edit"} {
		r := w.do(http.MethodPost, path, "staff@centre.example", form)
		if r.status != http.StatusUnprocessableEntity {
			t.Fatalf("%s: %d, want 422\n%s", path, r.status, r.body)
		}
		doc := parse(t, r.body)
		for field, want := range map[string]string{"phone": `"12" is not a 10-digit North American number`, "concerns": `Unknown concern: "zzzfoo"`, "schedule": `Schedule 2 ("fortnightly XX")`} {
			if got := idText(t, r.body, field+"-error"); !strings.Contains(got, want) {
				t.Errorf("%s: %s-error = %q, want %q", path, field, got, want)
			}
			in := doc.byID(field)
			if in.attr["aria-invalid"] != "true" || !slices.Contains(strings.Fields(in.attr["aria-describedby"]), field+"-error") {
				t.Errorf("%s: field %s is not marked: %v", path, field, in.attr)
			}
			if !strings.Contains(idText(t, r.body, "errors"), "Nothing was saved") {
				t.Errorf("%s: no summary", path)
			}
		}
		if got := doc.all(func(n *node) bool { return n.attr["aria-invalid"] == "true" }); len(got) != 3 {
			t.Errorf("%s: %d fields marked, want 3", path, len(got))
		}
		// What was typed is kept, as text.
		if len(doc.named("script")) != 0 || len(doc.named("i")) != 0 {
			t.Errorf("%s: the HTML typed became elements:\n%s", path, r.body)
		}
		for field, want := range map[string]string{"name": htmlName, "phone": "12", "concerns": "grief; zzzfoo", "street": `1 <i>Elm</i> St`, "schedule": "weekly TU 19:00; fortnightly XX"} {
			if got := doc.byID(field).attr["value"]; got != want {
				t.Errorf("%s: %s kept as %q, want %q", path, field, got, want)
			}
		}
		if v := editFormValues(t, r.body); !slices.Equal(v["languages"], []string{"en"}) || v.Get("status") != "active" {
			t.Errorf("%s: the choices are not kept: %v", path, v)
		}
	}
	if n := w.groupCount(); n != 3 {
		t.Errorf("%d groups, want 3", n)
	}
	if g := w.storedGroup(1001); g.Name != "Algoma Grief Companions" {
		t.Errorf("group 1001 changed: %+v", g)
	}
	if log := w.auditLog(); len(log) != 0 {
		t.Errorf("audit = %+v", log)
	}

	// A problem of no one field is said at the top.
	r := w.do(http.MethodPost, "/console/groups/new", "staff@centre.example", url.Values{"name": {"Nowhere"}, "concerns": {"grief"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "errors-group"), "No way to attend") {
		t.Errorf("a group with no way to attend: %d\n%s", r.status, r.body)
	}
	// Each problem by its field.
	for _, c := range []struct {
		field, value, want string
		more               url.Values
	}{
		{"email", "not an address", "is not an email address", nil},
		{"online_url", "zoom.us/j/1", "Url \"zoom.us/j/1\" is not a web address", nil},
		{"province", "Narnia", "not a Canadian province", nil},
		{"access_code", "12ab", "only digits", url.Values{"dialin": {"705 555 0199"}}},
		{"dialin", "", "An access code is given but no dial-in number", url.Values{"access_code": {"1234"}}},
		{"dialin", "555", "not a 10-digit", nil},
		{"service_area", "999", "Unknown area code 999", nil},
		{"timezone", "Mars/Olympus", "Unknown time zone", nil},
		{"place_phone", "555", "not a 10-digit", nil},
		{"status", "closed for good", "Unknown status", nil},
		{"languages", "de", "the line speaks English (en) and French (fr)", nil},
		{"name", " ", "No name", nil},
		{"concerns", "", "No concern the line knows", nil},
		{"city", "", "A meeting place needs a town", url.Values{"street": {"1 Main St"}}},
	} {
		f := url.Values{"name": {"Circle"}, "concerns": {"grief"}, "city": {"Sudbury"}}
		f.Set(c.field, c.value)
		for k, v := range c.more {
			f[k] = v
		}
		r := w.do(http.MethodPost, "/console/groups/new", "staff@centre.example", f)
		if doc := parse(t, r.body); r.status != http.StatusUnprocessableEntity || doc.byID(c.field+"-error") == nil {
			t.Errorf("%s=%q: %d, no error by the field\n%s", c.field, c.value, r.status, textOf(t, r.body))
			continue
		}
		if got := idText(t, r.body, c.field+"-error"); !strings.Contains(got, c.want) {
			t.Errorf("%s=%q: %q, want %q", c.field, c.value, got, c.want)
		}
	}
	if n := w.groupCount(); n != 3 {
		t.Errorf("%d groups, want 3", n)
	}
}

func TestHTMLTypedInAGroupIsText(t *testing.T) {
	w := newWorld(t)
	form := url.Values{"name": {htmlName}, "concerns": {"grief"}, "city": {"Sudbury"}, "street": {`1 <i>Elm</i> St`},
		"description": {`</textarea><script>alert(1)</script>`}, "schedule": {"weekly MO 10:00"}}
	r := w.do(http.MethodPost, "/console/groups/new", "staff@centre.example", form)
	if r.status != http.StatusSeeOther {
		t.Fatalf("add: %d\n%s", r.status, r.body)
	}
	for _, path := range []string{r.header.Get("Location"), "/console/groups/1004/edit"} {
		page := w.do(http.MethodGet, path, "staff@centre.example", nil)
		doc := parse(t, page.body)
		if len(doc.named("script")) != 0 || len(doc.named("b")) != 0 || len(doc.named("i")) != 0 {
			t.Errorf("%s: the HTML typed became elements:\n%s", path, page.body)
		}
		if shown := doc.Text(); strings.HasSuffix(path, "/edit") {
			shown = doc.byID("name").attr["value"]
		} else if !strings.Contains(shown, htmlName) {
			t.Errorf("%s: the name is not shown as typed", path)
		}
	}
	v := editFormValues(t, w.do(http.MethodGet, "/console/groups/1004/edit", "staff@centre.example", nil).body)
	if v.Get("name") != htmlName || v.Get("description") != `</textarea><script>alert(1)</script>` || v.Get("street") != `1 <i>Elm</i> St` {
		t.Errorf("the form gives back %q, %q, %q", v.Get("name"), v.Get("description"), v.Get("street"))
	}
	if g := w.storedGroup(1004); g.Name != htmlName || g.Place.Street != `1 <i>Elm</i> St` {
		t.Errorf("stored %+v", g)
	}
}

func TestGroupFormRefused(t *testing.T) {
	w := newWorld(t)
	good := url.Values{"name": {"Renamed"}, "concerns": {"grief"}, "city": {"Sudbury"}}
	for _, role := range []string{"viewer"} {
		for _, path := range []string{"/console/groups/new", "/console/groups/1001/edit"} {
			if r := w.do(http.MethodGet, path, role+"@centre.example", nil); r.status != http.StatusForbidden {
				t.Errorf("GET %s as %s: %d", path, role, r.status)
			}
		}
	}
	for _, c := range []struct {
		name, email, path string
		headers           []string
	}{
		{"viewer adds", "viewer@centre.example", "/console/groups/new", nil},
		{"viewer edits", "viewer@centre.example", "/console/groups/1001/edit", nil},
		{"no session adds", "", "/console/groups/new", nil},
		{"no session edits", "", "/console/groups/1001/edit", nil},
		{"cross-site add", "staff@centre.example", "/console/groups/new", []string{"Sec-Fetch-Site", "cross-site"}},
		{"cross-site edit", "admin@centre.example", "/console/groups/1001/edit", []string{"Origin", "https://evil.example"}},
	} {
		if r := w.do(http.MethodPost, c.path, c.email, good, c.headers...); r.status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", c.name, r.status)
		}
	}
	if n := w.groupCount(); n != 3 {
		t.Errorf("%d groups, want 3", n)
	}
	if g := w.storedGroup(1001); g.Name != "Algoma Grief Companions" {
		t.Errorf("group 1001 changed: %+v", g)
	}
	if log := w.auditLog(); len(log) != 0 {
		t.Errorf("audit = %+v", log)
	}
	// Without a session, the form's page sends to sign in.
	if r := w.do(http.MethodGet, "/console/groups/new", "", nil); r.status != http.StatusSeeOther ||
		r.header.Get("Location") != "/console/login?next="+url.QueryEscape("/console/groups/new") {
		t.Errorf("GET without a session: %d to %q", r.status, r.header.Get("Location"))
	}
	// From the console's own page, it goes through.
	if r := w.do(http.MethodPost, "/console/groups/1001/edit", "staff@centre.example", good, "Sec-Fetch-Site", "same-origin", "Origin", w.srv.URL); r.status != http.StatusSeeOther {
		t.Errorf("same-origin edit: %d\n%s", r.status, r.body)
	}
}

func TestEditingAFeedsGroupKeepsItsSource(t *testing.T) {
	w := newWorld(t)
	const feed = "https://intergroup.example/meetings.json"
	directorytest.Import(t, w.store, directorytest.Areas(t), testNow,
		directory.Group{SourceID: "feed-42", Code: 1010, Source: feed, Name: "Sudbury Thursday Group", Concerns: []string{"grief"},
			Place: &directory.Place{City: "Sudbury", Street: "5 Elm St", Lat: 46.49, Lon: -80.99}, Schedules: []recur.Schedule{directorytest.Weekly("TH", 19, 0)}})
	r := w.do(http.MethodGet, "/console/groups/1010/edit", "staff@centre.example", nil)
	if !strings.Contains(idText(t, r.body, "feed"), feed) {
		t.Errorf("the form does not say the feed will overwrite the group:\n%s", r.body)
	}
	form := editFormValues(t, r.body)
	form.Set("street", "7 Elm St")
	if r := w.do(http.MethodPost, "/console/groups/1010/edit", "staff@centre.example", form); r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d\n%s", r.status, r.body)
	}
	g := w.storedGroup(1010)
	if g.Source != feed || g.SourceID != "feed-42" || g.Place.Street != "7 Elm St" || g.Place.Lat != 46.49 || g.Place.Lon != -80.99 || g.ConcernWords != "" {
		t.Errorf("after the edit: %+v %+v", g, g.Place)
	}
	// Moved to another town, the place is where that town is.
	form.Set("city", "Sault Ste. Marie")
	w.do(http.MethodPost, "/console/groups/1010/edit", "staff@centre.example", form)
	if g := w.storedGroup(1010); g.Place.Lat == 46.49 || g.Place.Area != "705" {
		t.Errorf("moved: %+v", g.Place)
	}
}
