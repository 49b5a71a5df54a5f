package console_test

import (
	"archive/zip"
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/console"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/hsds"
)

// upload posts the import form as a browser does: the file first, then
// the fields, as the account signed in as email ("" for none).
func (w *world) upload(email, name string, content []byte, fields url.Values, headers ...string) response {
	w.t.Helper()
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	fw, err := mw.CreateFormFile("file", name)
	if err != nil {
		w.t.Fatal(err)
	}
	fw.Write(content)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	mw.Close()
	req, err := http.NewRequest(http.MethodPost, w.srv.URL+"/console/import", &b)
	if err != nil {
		w.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if email != "" {
		ck, ok := w.cookies[email]
		if !ok {
			ck = w.signIn(email)
		}
		req.AddCookie(&http.Cookie{Name: console.CookieName, Value: ck})
	}
	return w.send(req)
}

// token is the hidden field of a preview's confirm button.
func token(t *testing.T, page string) string {
	t.Helper()
	f := parse(t, page).all(func(n *node) bool { return n.name == "input" && n.attr["name"] == "token" })
	if len(f) != 1 || f[0].attr["value"] == "" {
		t.Fatalf("the preview has no token to apply:\n%s", page)
	}
	return f[0].attr["value"]
}

func (w *world) apply(email, tok string, headers ...string) response {
	w.t.Helper()
	return w.do(http.MethodPost, "/console/import/apply", email, url.Values{"token": {tok}}, headers...)
}

func (w *world) countGroups() int {
	n, err := w.store.CountGroups(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

// twoGoodOneBad is a spreadsheet of two new groups and a row (line 4)
// with three problems.
const twoGoodOneBad = "id,name,concerns,city,phone\n" +
	"imp-wawa,Wawa Grief Circle,grief,Wawa,(705) 555-0111\n" +
	"imp-sudbury,Sudbury Caregivers,caregiving,Sudbury,(705) 555-0112\n" +
	"imp-bad,,grief,Wawa,12\n"

func TestImportASpreadsheet(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	w := newWorld(t)
	staff := "staff@centre.example"

	// The page: a labelled file input, the concern and the time zone.
	r := w.do(http.MethodGet, "/console/import", staff, nil)
	if r.status != http.StatusOK {
		t.Fatalf("GET: %d", r.status)
	}
	doc := parse(t, r.body)
	for _, id := range []string{"file", "concern", "zone"} {
		if doc.byID(id) == nil || len(doc.all(func(n *node) bool { return n.name == "label" && n.attr["for"] == id })) != 1 {
			t.Errorf("no labelled field %s", id)
		}
	}
	if f := doc.all(func(n *node) bool { return n.name == "form" && n.attr["action"] == "/console/import" }); len(f) != 1 || f[0].attr["enctype"] != "multipart/form-data" {
		t.Errorf("the upload form: %v", f)
	}
	if !strings.Contains(r.body, `href="/console/import"`) {
		t.Error("the nav has no Import link")
	}

	// Preview: two to add, the bad row with its line and every problem;
	// nothing written.
	r = w.upload(staff, "groups.csv", []byte(twoGoodOneBad), nil)
	if r.status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", r.status, r.body)
	}
	for id, want := range map[string]string{"count-add": "2", "count-change": "0", "count-same": "0", "count-bad": "1"} {
		if got := idText(t, r.body, id); got != want {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	bad := idText(t, r.body, "bad")
	for _, want := range []string{"groups.csv:4", "no name", "phone"} {
		if !strings.Contains(bad, want) {
			t.Errorf("the bad row lacks %q: %s", want, bad)
		}
	}
	if n := len(parse(t, r.body).byID("bad").named("li")); n < 3 { // the row, and each of its problems
		t.Errorf("the bad row's problems are not listed one by one: %s", bad)
	}
	add := idText(t, r.body, "add")
	if !strings.Contains(add, "groups.csv:2") || !strings.Contains(add, "Wawa Grief Circle") || !strings.Contains(add, "Sudbury Caregivers") {
		t.Errorf("to add: %s", add)
	}
	if got := idText(t, r.body, "left-out"); !strings.Contains(got, "3 groups in the directory are not in this file") {
		t.Errorf("left out: %q", got)
	}
	if w.countGroups() != 3 || len(w.auditLog()) != 0 {
		t.Fatalf("the preview wrote: %d groups, audit %v", w.countGroups(), w.auditLog())
	}
	tok := token(t, r.body)
	if strings.Contains(w.logs.String(), tok) {
		t.Error("the token is in the log")
	}

	// Apply: the two are added, the audit log says so.
	r = w.apply(staff, tok)
	if r.status != http.StatusOK {
		t.Fatalf("apply: %d\n%s", r.status, r.body)
	}
	if idText(t, r.body, "result-added") != "2" || idText(t, r.body, "result-bad") != "1" || !strings.Contains(idText(t, r.body, "bad"), "groups.csv:4") {
		t.Errorf("result:\n%s", textOf(t, r.body))
	}
	if w.countGroups() != 5 {
		t.Errorf("%d groups after the import, want 5", w.countGroups())
	}
	log := w.auditLog()
	if len(log) != 1 || log[0].Who != staff || log[0].Action != "directory.import" || log[0].Object != "groups.csv" ||
		log[0].New != "2 added, 0 updated, 1 rows not read" || !log[0].At.Equal(testNow) {
		t.Errorf("audit = %+v", log)
	}
	if s := w.do(http.MethodGet, "/console/groups?q=wawa", "viewer@centre.example", nil); !strings.Contains(textOf(t, s.body), "Wawa Grief Circle") {
		t.Error("the group imported is not found")
	}
	// Once only.
	if r := w.apply(staff, tok); r.status != http.StatusConflict || !strings.Contains(idText(t, r.body, "refused"), "Choose the file again") {
		t.Errorf("applied twice: %d", r.status)
	}
	if len(w.auditLog()) != 1 {
		t.Error("applying twice wrote to the audit log")
	}

	// The same file again: nothing to do.
	r = w.upload(staff, "groups.csv", []byte(twoGoodOneBad), nil)
	if idText(t, r.body, "count-same") != "2" || idText(t, r.body, "count-add") != "0" || idText(t, r.body, "count-change") != "0" {
		t.Errorf("the same file again:\n%s", textOf(t, r.body))
	}
	if parse(t, r.body).byID("nothing") == nil || strings.Contains(r.body, `name="token"`) {
		t.Error("a file that changes nothing can be applied")
	}

	// One row changed: its name; what the preview says is what the import does.
	changed := strings.Replace(twoGoodOneBad, "Wawa Grief Circle", "Wawa Grief Circle (Tuesdays)", 1)
	r = w.upload(staff, "groups.csv", []byte(changed), nil)
	if idText(t, r.body, "count-change") != "1" || idText(t, r.body, "count-same") != "1" || !strings.Contains(idText(t, r.body, "change"), "name") {
		t.Errorf("one row changed:\n%s", textOf(t, r.body))
	}
	r = w.apply(staff, token(t, r.body))
	if idText(t, r.body, "result-updated") != "1" || idText(t, r.body, "result-unchanged") != "1" || idText(t, r.body, "result-added") != "0" {
		t.Errorf("applying one change:\n%s", textOf(t, r.body))
	}
	if ents, _ := os.ReadDir(os.Getenv("TMPDIR")); len(ents) != 0 {
		t.Errorf("files left behind: %v", ents)
	}
}

func TestImportAnHSDSPackage(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	w := newWorld(t)
	groups, err := w.store.Groups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	pkg := filepath.Join(t.TempDir(), "directory.zip")
	if err := hsds.Write(pkg, groups); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(pkg)
	if err != nil {
		t.Fatal(err)
	}
	r := w.upload("admin@centre.example", "directory.zip", data, nil)
	if r.status != http.StatusOK {
		t.Fatalf("preview: %d\n%s", r.status, r.body)
	}
	// The directory's own groups, written and read back: the same groups.
	for id, want := range map[string]string{"count-add": "0", "count-change": "0", "count-same": "3", "count-bad": "0"} {
		if got := idText(t, r.body, id); got != want {
			t.Errorf("the directory's own package: #%s = %q, want %q", id, got, want)
		}
	}
	if parse(t, r.body).byID("nothing") == nil {
		t.Error("a package that changes nothing can be applied")
	}
	if ents, _ := os.ReadDir(tmp); len(ents) != 0 {
		t.Errorf("the upload is left in %s: %v", tmp, ents)
	}
	// A package that would unpack to too much is not unpacked.
	var bomb bytes.Buffer
	zw := zip.NewWriter(&bomb)
	fw, err := zw.CreateRaw(&zip.FileHeader{Name: "services.csv", Method: zip.Store, CompressedSize64: 3, UncompressedSize64: 300 << 20})
	if err != nil {
		t.Fatal(err)
	}
	fw.Write([]byte("id\n"))
	zw.Close()
	r = w.upload("admin@centre.example", "bomb.zip", bomb.Bytes(), nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "file-error"), "unpacks to more than") {
		t.Errorf("a zip bomb: %d\n%s", r.status, r.body)
	}
	// Not a zip: said of the file chosen, not of a temporary one.
	r = w.upload("admin@centre.example", "broken.zip", []byte("not a zip"), nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "file-error"), "broken.zip") || strings.Contains(r.body, "peerline-import-") {
		t.Errorf("a broken zip: %d\n%s", r.status, r.body)
	}
}

func TestImportAMeetingGuideFeed(t *testing.T) {
	w := newWorld(t)
	staff := "staff@centre.example"
	feed := directorytest.MeetingGuideFeed(t, 6)

	// No concern: the error by its field, the zone typed kept, the file to choose again.
	r := w.upload(staff, "intergroup.json", feed, url.Values{"zone": {"America/Toronto"}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("no concern: %d", r.status)
	}
	if !strings.Contains(idText(t, r.body, "concern-error"), "needs a concern") {
		t.Errorf("no concern error by the field:\n%s", r.body)
	}
	doc := parse(t, r.body)
	if doc.byID("zone").attr["value"] != "America/Toronto" || doc.byID("concern").attr["aria-invalid"] != "true" {
		t.Error("the zone typed is not kept, or the concern not marked")
	}
	if hint := idText(t, r.body, "file-hint"); !strings.Contains(hint, "intergroup.json") || !strings.Contains(hint, "choose the file again") {
		t.Errorf("file hint: %q", hint)
	}
	// A concern the line does not know, a zone that is none.
	r = w.upload(staff, "intergroup.json", feed, url.Values{"concern": {"knitting"}, "zone": {"Toronto"}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "concern-error"), "knitting") ||
		!strings.Contains(idText(t, r.body, "zone-error"), "not a time zone") || parse(t, r.body).byID("concern").attr["value"] != "knitting" {
		t.Errorf("unknown concern and zone: %d\n%s", r.status, r.body)
	}
	// Every error at once: the file's and the concern's.
	r = w.upload(staff, "intergroup.json", nil, nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "file-error"), "is empty") ||
		!strings.Contains(idText(t, r.body, "concern-error"), "needs a concern") {
		t.Errorf("an empty feed without a concern: %d\n%s", r.status, r.body)
	}
	if w.countGroups() != 3 {
		t.Fatal("a refused form wrote")
	}

	// With a concern, by its name: the preview.
	r = w.upload(staff, "intergroup.json", feed, url.Values{"concern": {"Alcoholics Anonymous"}})
	if r.status != http.StatusOK {
		t.Fatalf("with a concern: %d\n%s", r.status, r.body)
	}
	n := idText(t, r.body, "count-add")
	if n == "0" || idText(t, r.body, "count-bad") != "0" || !strings.Contains(textOf(t, r.body), "filed under Alcohol") {
		t.Errorf("feed preview:\n%s", textOf(t, r.body))
	}
	if parse(t, r.body).byID("left-out") != nil {
		t.Error("a feed is said to leave groups out")
	}
	if w.countGroups() != 3 {
		t.Fatal("the preview wrote")
	}
	r = w.apply(staff, token(t, r.body))
	if idText(t, r.body, "result-added") != n {
		t.Errorf("the import added %s, the preview said %s", idText(t, r.body, "result-added"), n)
	}
	// Imported once, a feed is not the authority of its groups.
	groups, _ := w.store.Groups(context.Background())
	for _, g := range groups {
		if g.Source != "" {
			t.Errorf("group %d has the feed %q for authority", g.Code, g.Source)
		}
	}
	if feeds, _ := w.store.Feeds(context.Background()); len(feeds) != 0 {
		t.Errorf("feeds = %v", feeds)
	}
	if log := w.auditLog(); len(log) != 1 || log[0].Object != "intergroup.json" || !strings.HasPrefix(log[0].New, n+" added, 0 updated") {
		t.Errorf("audit = %+v", log)
	}
}

func TestImportFormErrors(t *testing.T) {
	w := newWorld(t)
	staff := "staff@centre.example"
	for _, c := range []struct {
		name, file string
		content    []byte
		want       string
	}{
		{"no file", "", nil, "Choose a file"},
		{"empty", "groups.csv", nil, "is empty"},
		{"another kind", "groups.xlsx", []byte("PK"), "none of these"},
		{"no header", "groups.csv", []byte("\n"), "groups.csv"},
		{"too big", "groups.csv", bytes.Repeat([]byte("x"), console.MaxImportSize+100<<10), "larger than 20 MB"},
	} {
		r := w.upload(staff, c.file, c.content, url.Values{"concern": {"grief"}})
		if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "file-error"), c.want) {
			t.Errorf("%s: %d\n%s", c.name, r.status, r.body)
			continue
		}
		if v := parse(t, r.body).byID("concern").attr["value"]; v != "grief" {
			t.Errorf("%s: the concern typed is not kept: %q", c.name, v)
		}
	}
	if w.countGroups() != 3 || len(w.auditLog()) != 0 {
		t.Error("a refused form wrote")
	}
}

func TestImportRefused(t *testing.T) {
	w := newWorld(t)
	csv := []byte(twoGoodOneBad)

	// A viewer sees the page, without the form, and may not post.
	r := w.do(http.MethodGet, "/console/import", "viewer@centre.example", nil)
	if r.status != http.StatusOK || parse(t, r.body).byID("file") != nil || parse(t, r.body).byID("viewer-note") == nil {
		t.Errorf("viewer GET: %d\n%s", r.status, r.body)
	}
	if r := w.do(http.MethodGet, "/console/import", "", nil); r.status != http.StatusSeeOther {
		t.Errorf("GET without a session: %d", r.status)
	}
	for _, c := range []struct {
		name, email string
		headers     []string
	}{
		{"viewer", "viewer@centre.example", nil},
		{"no session", "", nil},
		{"cross-site (Sec-Fetch-Site)", "staff@centre.example", []string{"Sec-Fetch-Site", "cross-site"}},
		{"cross-site (Origin)", "admin@centre.example", []string{"Origin", "https://evil.example"}},
	} {
		if r := w.upload(c.email, "groups.csv", csv, nil, c.headers...); r.status != http.StatusForbidden {
			t.Errorf("%s uploads: %d, want 403", c.name, r.status)
		}
	}

	// A preview is the account's own: another account's token, an
	// unknown one, or one too old is refused and writes nothing.
	tok := token(t, w.upload("staff@centre.example", "groups.csv", csv, nil).body)
	for _, c := range []struct {
		name, email, token string
		headers            []string
		want               int
	}{
		{"another account's token", "admin@centre.example", tok, nil, http.StatusConflict},
		{"an unknown token", "staff@centre.example", "x" + tok[1:], nil, http.StatusConflict},
		{"no token", "staff@centre.example", "", nil, http.StatusConflict},
		{"a viewer", "viewer@centre.example", tok, nil, http.StatusForbidden},
		{"no session", "", tok, nil, http.StatusForbidden},
		{"cross-site", "staff@centre.example", tok, []string{"Sec-Fetch-Site", "cross-site"}, http.StatusForbidden},
	} {
		if r := w.apply(c.email, c.token, c.headers...); r.status != c.want {
			t.Errorf("%s: %d, want %d", c.name, r.status, c.want)
		}
	}
	if w.countGroups() != 3 || len(w.auditLog()) != 0 {
		t.Fatalf("a refused apply wrote: %d groups, audit %v", w.countGroups(), w.auditLog())
	}
	// The account's own token still works after those...
	if r := w.apply("staff@centre.example", tok); r.status != http.StatusOK || w.countGroups() != 5 {
		t.Fatalf("the owner applies: %d", r.status)
	}

	// ...but not after 30 minutes, nor once another file is previewed.
	other := strings.Replace(twoGoodOneBad, "Wawa Grief Circle", "Wawa Grief Circle (Tuesdays)", 1)
	tok = token(t, w.upload("staff@centre.example", "groups.csv", []byte(other), nil).body)
	w.clock.Advance(console.ImportKept + time.Minute)
	if r := w.apply("staff@centre.example", tok); r.status != http.StatusConflict {
		t.Errorf("after %v: %d", console.ImportKept, r.status)
	}
	first := token(t, w.upload("staff@centre.example", "groups.csv", []byte(other), nil).body)
	second := token(t, w.upload("staff@centre.example", "groups.csv", []byte(other), nil).body)
	if r := w.apply("staff@centre.example", first); r.status != http.StatusConflict {
		t.Errorf("a preview replaced by another: %d", r.status)
	}
	if len(w.auditLog()) != 1 {
		t.Fatalf("audit = %v", w.auditLog())
	}
	if r := w.apply("staff@centre.example", second); r.status != http.StatusOK || idText(t, r.body, "result-updated") != "1" {
		t.Errorf("the latest preview: %d", r.status)
	}
}
