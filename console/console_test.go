package console_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/console"
	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/words"
)

// testNow is a Monday, 10 a.m. in Toronto.
var testNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

const (
	password     = "correct horse battery staple"
	htmlName     = `<script>alert("x")</script> Grief & Co <b>bold</b>`
	callerNumber = "+17052530000"
	memberNumber = "+17055550142"
)

// world is the console over a small directory, served on a local port,
// with one account of each role.
type world struct {
	t       *testing.T
	store   *sqlite.Store
	clock   *directorytest.Clock
	srv     *httptest.Server
	c       *console.Console
	ids     map[int]int64
	vmID    int64
	logs    lockedBuffer
	cookies map[string]string // by e-mail, once signed in
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{t: t, store: directorytest.Store(t), clock: directorytest.NewClock(testNow), cookies: map[string]string{}}
	areas := directorytest.Areas(t)
	ctx := context.Background()
	w.ids = directorytest.Import(t, w.store, areas, testNow,
		directory.Group{SourceID: "sault-grief", Code: 1001, Name: "Algoma Grief Companions", Concerns: []string{"grief"}, Phone: "(705) 555-0101",
			Zone:      "America/Toronto",
			Place:     &directory.Place{City: "Sault Ste. Marie", Name: "Riverside Hall", Street: "12 Queen St E"},
			Schedules: []recur.Schedule{directorytest.Weekly("TU", 19, 0)}},
		directory.Group{SourceID: "phone-grief", Code: 1002, Name: "Ontario Grief Phone Circle", Concerns: []string{"grief"}, Phone: "(705) 555-0102",
			Zone:   "America/Toronto",
			Dialin: &directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{directorytest.Weekly("TH", 14, 0)}},
		directory.Group{SourceID: "html", Code: 1003, Name: htmlName, Concerns: []string{"grief"}, Zone: "America/Toronto",
			Place:     &directory.Place{City: "Sudbury", Street: `1 <i>Elm</i> St`},
			Schedules: []recur.Schedule{directorytest.Weekly("WE", 18, 30)}},
	)
	hash, err := console.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []struct {
		email string
		role  directory.Role
	}{{"admin@centre.example", directory.RoleAdmin}, {"staff@centre.example", directory.RoleStaff}, {"viewer@centre.example", directory.RoleViewer}} {
		if _, err := w.store.AddStaff(ctx, directory.Staff{Email: a.email, Name: "Name of " + string(a.role), Role: a.role, Hash: hash, Created: testNow}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.store.SaveVoicemail(ctx, directory.Voicemail{At: testNow.Add(-time.Hour), Caller: callerNumber,
		RecordingURL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", Seconds: 42}); err != nil {
		t.Fatal(err)
	}
	vms, err := w.store.Voicemails(ctx, time.Time{})
	if err != nil || len(vms) != 1 {
		t.Fatalf("voicemails: %v %v", vms, err)
	}
	w.vmID = vms[0].ID
	if _, err := w.store.Subscribe(ctx, memberNumber, w.ids[1002], directory.ByText,
		directory.Consent{At: testNow.Add(-48 * time.Hour), Via: directory.ViaSMS, Wording: "Reply YES for reminders of Ontario Grief Phone Circle"}); err != nil {
		t.Fatal(err)
	}
	w.c = &console.Console{Store: w.store, Vocab: directorytest.Vocab(t), Areas: areas, Now: w.clock.Now,
		Log: slogTo(&w.logs)}
	mux := http.NewServeMux()
	mux.Handle(console.Prefix+"/", w.c.Handler())
	w.srv = httptest.NewServer(mux)
	t.Cleanup(w.srv.Close)
	return w
}

// response is what came back: status, headers, body.
type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request as the account signed in as email ("" for none),
// following no redirect. A POST's form is url-encoded; headers are added.
func (w *world) do(method, path, email string, form url.Values, headers ...string) response {
	w.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, w.srv.URL+path, body)
	if err != nil {
		w.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
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

func (w *world) send(req *http.Request) response {
	w.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		w.t.Fatal(err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// login posts the sign-in form and returns what came back, and the
// session cookie set, if any.
func (w *world) login(email, pw, next string) (response, *http.Cookie) {
	w.t.Helper()
	form := url.Values{"email": {email}, "password": {pw}, "next": {next}}
	req, _ := http.NewRequest(http.MethodPost, w.srv.URL+"/console/login", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		w.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	for _, ck := range resp.Cookies() {
		if ck.Name == console.CookieName && ck.Value != "" {
			return response{resp.StatusCode, resp.Header, string(b)}, ck
		}
	}
	return response{resp.StatusCode, resp.Header, string(b)}, nil
}

func (w *world) signIn(email string) string {
	w.t.Helper()
	resp, ck := w.login(email, password, "")
	if resp.status != http.StatusSeeOther || ck == nil {
		w.t.Fatalf("signing in as %s: %d, no cookie\n%s", email, resp.status, resp.body)
	}
	w.cookies[email] = ck.Value
	return ck.Value
}

// ---- reading pages ----

// node is an element of a page, parsed.
type node struct {
	name     string
	attr     map[string]string
	children []*node
	text     string // for a text node
}

// parse reads a page as a browser would enough for the tests: elements,
// attributes and text, entities decoded.
func parse(t *testing.T, page string) *node {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(page))
	d.Strict, d.AutoClose, d.Entity = false, xml.HTMLAutoClose, xml.HTMLEntity
	root := &node{name: "#root"}
	stack := []*node{root}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well formed: %v\n%s", err, page)
		}
		top := stack[len(stack)-1]
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: strings.ToLower(tok.Name.Local), attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[strings.ToLower(a.Name.Local)] = a.Value
			}
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			if len(stack) > 1 {
				stack = stack[:len(stack)-1]
			}
		case xml.CharData:
			top.children = append(top.children, &node{text: string(tok)})
		}
	}
	return root
}

func (n *node) Text() string {
	if n.name == "" {
		return n.text
	}
	var b strings.Builder
	for _, c := range n.children {
		b.WriteString(c.Text())
	}
	return b.String()
}

// all lists the elements for which match is true.
func (n *node) all(match func(*node) bool) []*node {
	var out []*node
	var walk func(*node)
	walk = func(n *node) {
		if n.name != "" && match(n) {
			out = append(out, n)
		}
		for _, c := range n.children {
			walk(c)
		}
	}
	walk(n)
	return out
}

func (n *node) byID(id string) *node {
	if f := n.all(func(e *node) bool { return e.attr["id"] == id }); len(f) > 0 {
		return f[0]
	}
	return nil
}

func (n *node) named(name string) []*node {
	return n.all(func(e *node) bool { return e.name == name })
}

// textOf is the page's text, spaces folded.
func textOf(t *testing.T, page string) string {
	t.Helper()
	return strings.Join(strings.Fields(parse(t, page).Text()), " ")
}

func idText(t *testing.T, page, id string) string {
	t.Helper()
	n := parse(t, page).byID(id)
	if n == nil {
		t.Fatalf("no element #%s in the page", id)
	}
	return strings.Join(strings.Fields(n.Text()), " ")
}

// ---- the tests ----

func TestPasswords(t *testing.T) {
	h, err := console.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=") || strings.Contains(h, password) {
		t.Errorf("hash = %q, want an argon2id PHC string without the password", h)
	}
	if !console.CheckPassword(h, password) {
		t.Error("the password does not match its own hash")
	}
	for _, wrong := range []string{"", "correct horse battery stapl", password + " ", strings.ToUpper(password)} {
		if console.CheckPassword(h, wrong) {
			t.Errorf("%q matches", wrong)
		}
	}
	h2, _ := console.HashPassword(password)
	if h2 == h {
		t.Error("two hashes of one password are the same: no salt")
	}
	for _, bad := range []string{"", "plain", "$argon2i$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", "$argon2id$v=19$m=99999999,t=2,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5"} {
		if console.CheckPassword(bad, "plain") {
			t.Errorf("hash %q matches", bad)
		}
	}
	if _, err := console.HashPassword("short"); err == nil || strings.Contains(err.Error(), "short\"") {
		t.Errorf("a short password: %v", err)
	}
}

func TestSignIn(t *testing.T) {
	w := newWorld(t)
	// A page without a session sends to sign in, and back after.
	r := w.do(http.MethodGet, "/console/groups?q=grief", "", nil)
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/login?next="+url.QueryEscape("/console/groups?q=grief") {
		t.Fatalf("GET without a session: %d to %q", r.status, r.header.Get("Location"))
	}
	page := w.do(http.MethodGet, r.header.Get("Location"), "", nil)
	if page.status != http.StatusOK {
		t.Fatalf("login page: %d", page.status)
	}
	doc := parse(t, page.body)
	labels := doc.named("label")
	for _, id := range []string{"email", "password"} {
		if doc.byID(id) == nil || !slices.ContainsFunc(labels, func(l *node) bool { return l.attr["for"] == id }) {
			t.Errorf("the login form has no labelled field %s", id)
		}
	}
	if next := doc.all(func(n *node) bool { return n.attr["name"] == "next" }); len(next) != 1 || next[0].attr["value"] != "/console/groups?q=grief" {
		t.Errorf("hidden next = %v", next)
	}

	// A wrong password: said, not echoed, not logged.
	r, ck := w.login("Staff@Centre.example", "hunter2hunter2", "/console/groups?q=grief")
	if r.status != http.StatusUnauthorized || ck != nil || strings.Contains(r.body, "hunter2") {
		t.Errorf("wrong password: %d, cookie %v", r.status, ck)
	}
	if !strings.Contains(idText(t, r.body, "error"), "do not match") {
		t.Errorf("wrong password: no message\n%s", r.body)
	}
	if v := parse(t, r.body).byID("email").attr["value"]; v != "staff@centre.example" {
		t.Errorf("the e-mail typed is not kept: %q", v)
	}
	// An unknown account is told the same.
	if r, _ := w.login("nobody@centre.example", password, ""); r.status != http.StatusUnauthorized {
		t.Errorf("unknown account: %d", r.status)
	}

	// The right one: a session cookie, back to the page asked for.
	r, ck = w.login("Staff@Centre.example", password, "/console/groups?q=grief")
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/groups?q=grief" || ck == nil {
		t.Fatalf("sign-in: %d to %q, cookie %v", r.status, r.header.Get("Location"), ck)
	}
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure || ck.Path != "/console" {
		t.Errorf("cookie = %+v; want HttpOnly, SameSite=Lax, not Secure over http, Path /console", ck)
	}
	// The database keeps the token's hash, never the token.
	sum := sha256.Sum256([]byte(ck.Value))
	if _, ok, err := w.store.LoadSession(context.Background(), "console:"+hex.EncodeToString(sum[:]), testNow.Add(-time.Minute)); !ok || err != nil {
		t.Errorf("no session under the token's hash: %v", err)
	}
	if _, ok, _ := w.store.LoadSession(context.Background(), "console:"+ck.Value, time.Time{}); ok {
		t.Error("the token itself is a session key")
	}
	w.cookies["staff@centre.example"] = ck.Value
	page = w.do(http.MethodGet, "/console/", "staff@centre.example", nil)
	if page.status != http.StatusOK || idText(t, page.body, "account") != "staff@centre.example" || idText(t, page.body, "role") != "staff" {
		t.Errorf("header: %d\n%s", page.status, page.body)
	}
	if strings.Contains(w.logs.String(), password) || strings.Contains(w.logs.String(), "hunter2") {
		t.Errorf("a password is in the log:\n%s", w.logs.String())
	}

	// Signed in, the login page goes on; next never leaves the console.
	if r := w.do(http.MethodGet, "/console/login", "staff@centre.example", nil); r.status != http.StatusSeeOther {
		t.Errorf("login page when signed in: %d", r.status)
	}
	for _, next := range []string{"//evil.example/", "https://evil.example/", "/console/../x", "/elsewhere", "/console//evil.example"} {
		r, _ := w.login("viewer@centre.example", password, next)
		if loc := r.header.Get("Location"); r.status != http.StatusSeeOther || loc != "/console/" {
			t.Errorf("next=%q: %d to %q, want /console/", next, r.status, loc)
		}
	}
}

func TestSecureCookie(t *testing.T) {
	w := newWorld(t)
	w.c.Secure = true
	mux := http.NewServeMux()
	mux.Handle(console.Prefix+"/", w.c.Handler())
	srv := httptest.NewServer(mux)
	defer srv.Close()
	w.srv = srv
	_, ck := w.login("admin@centre.example", password, "")
	if ck == nil || !ck.Secure {
		t.Errorf("cookie %+v is not Secure when the console is", ck)
	}
}

func TestSignInThrottled(t *testing.T) {
	w := newWorld(t)
	for i := range console.MaxFailures {
		if r, _ := w.login("staff@centre.example", "wrong password "+string(rune('a'+i)), ""); r.status != http.StatusUnauthorized {
			t.Fatalf("failure %d: %d", i+1, r.status)
		}
	}
	// Now even the right password is not checked.
	r, ck := w.login("staff@centre.example", password, "")
	if r.status != http.StatusTooManyRequests || ck != nil || !strings.Contains(idText(t, r.body, "error"), "Too many attempts; try again in 15 minutes") {
		t.Fatalf("after %d failures: %d, cookie %v\n%s", console.MaxFailures, r.status, ck, r.body)
	}
	w.clock.Advance(console.ThrottleWindow + time.Second)
	if r, ck := w.login("staff@centre.example", password, ""); r.status != http.StatusSeeOther || ck == nil {
		t.Errorf("15 minutes later: %d", r.status)
	}

	// From one address, across accounts.
	w.clock.Advance(time.Hour)
	for i := range console.MaxFailures {
		w.login("guess"+string(rune('a'+i))+"@centre.example", "wrong password", "")
	}
	if r, _ := w.login("admin@centre.example", password, ""); r.status != http.StatusTooManyRequests {
		t.Errorf("after %d failures from one address, another account: %d", console.MaxFailures, r.status)
	}
}

// pageCase is a request, and what each role gets.
type pageCase struct {
	method, path string
	form         url.Values
	viewer       int
	staff        int
	admin        int
}

func TestRolesOnEveryPage(t *testing.T) {
	w := newWorld(t)
	gets := []pageCase{
		{http.MethodGet, "/console/", nil, 200, 200, 200},
		{http.MethodGet, "/console/groups?q=grief", nil, 200, 200, 200},
		{http.MethodGet, "/console/groups/1001", nil, 200, 200, 200},
		{http.MethodGet, "/console/voicemails", nil, 200, 200, 200},
		{http.MethodGet, "/console/members?number=" + url.QueryEscape(memberNumber), nil, 200, 200, 200},
		{http.MethodGet, "/console/staff", nil, 403, 403, 200},
		{http.MethodGet, "/console/audit", nil, 403, 403, 200},
	}
	for _, c := range gets {
		for role, want := range map[string]int{"viewer": c.viewer, "staff": c.staff, "admin": c.admin} {
			r := w.do(c.method, c.path, role+"@centre.example", nil)
			if r.status != want {
				t.Errorf("%s %s as %s: %d, want %d", c.method, c.path, role, r.status, want)
			}
			if r.status == 200 {
				doc := parse(t, r.body)
				if doc.byID("waiting") == nil || !strings.Contains(idText(t, r.body, "waiting"), "1 waiting") {
					t.Errorf("%s as %s: the header has no count of voicemails waiting", c.path, role)
				}
				nav := strings.Contains(r.body, `href="/console/audit"`)
				if nav != (role == "admin") {
					t.Errorf("%s as %s: the audit link is shown: %v", c.path, role, nav)
				}
			}
		}
		if r := w.do(c.method, c.path, "", nil); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/console/login?next=") {
			t.Errorf("%s %s without a session: %d to %q", c.method, c.path, r.status, r.header.Get("Location"))
		}
	}
}

func TestViewerSeesNumbersMasked(t *testing.T) {
	w := newWorld(t)
	masked := directory.Mask(callerNumber)
	for role, want := range map[string]string{"viewer": masked, "staff": callerNumber, "admin": callerNumber} {
		r := w.do(http.MethodGet, "/console/voicemails", role+"@centre.example", nil)
		doc := parse(t, r.body)
		callers := doc.all(func(n *node) bool { return n.attr["class"] == "caller" })
		if len(callers) != 1 || callers[0].Text() != want {
			t.Errorf("voicemails as %s: caller %v, want %q", role, callers, want)
		}
		if role == "viewer" && (strings.Contains(r.body, callerNumber) || len(doc.named("form")) != 1) { // only sign out
			t.Errorf("a viewer sees the number whole, or a form to handle it:\n%s", r.body)
		}
		r = w.do(http.MethodGet, "/console/members?number="+url.QueryEscape("705-555-0142"), role+"@centre.example", nil)
		wantMember := memberNumber
		if role == "viewer" {
			wantMember = directory.Mask(memberNumber)
		}
		if got := idText(t, r.body, "member-number"); got != wantMember {
			t.Errorf("member as %s: %q, want %q", role, got, wantMember)
		}
		text := textOf(t, r.body)
		for _, want := range []string{"Ontario Grief Phone Circle (1002)", "Reply YES for reminders of Ontario Grief Phone Circle", "active"} {
			if !strings.Contains(text, want) {
				t.Errorf("member as %s lacks %q:\n%s", role, want, text)
			}
		}
		if role == "viewer" && strings.Contains(strings.ReplaceAll(text, "705-555-0142", ""), memberNumber) {
			t.Error("a viewer sees the member's number whole")
		}
	}
	r := w.do(http.MethodGet, "/console/members?number=12", "viewer@centre.example", nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(idText(t, r.body, "number-error"), "not a phone number") ||
		parse(t, r.body).byID("number").attr["value"] != "12" {
		t.Errorf("a bad number: %d\n%s", r.status, r.body)
	}
	r = w.do(http.MethodGet, "/console/members?number=7055550100", "staff@centre.example", nil)
	if !strings.Contains(idText(t, r.body, "result"), "No member") {
		t.Errorf("an unknown number: %s", r.body)
	}
}

// cancelled lists the days a group's meetings are cancelled.
func (w *world) cancelled(code int) []recur.Date {
	g, _, err := w.store.Group(context.Background(), code)
	if err != nil {
		w.t.Fatal(err)
	}
	return g.Cancelled
}

func (w *world) handled() map[int64]directory.VoicemailNote {
	n, err := w.store.VoicemailNotes(context.Background())
	if err != nil {
		w.t.Fatal(err)
	}
	return n
}

func (w *world) auditLog() []directory.AuditEntry {
	l, err := w.store.AuditLog(context.Background(), 100)
	if err != nil {
		w.t.Fatal(err)
	}
	return l
}

var tuesday = url.Values{"day": {"2026-11-24"}, "reason": {"The hall is closed for repairs"}}

func TestPostsRefusedChangeNothing(t *testing.T) {
	w := newWorld(t)
	handle := url.Values{"note": {"called back"}}
	vm := "/console/voicemails/" + itoa(w.vmID) + "/handle"
	for _, c := range []struct {
		name, email, path string
		form              url.Values
		headers           []string
	}{
		{"viewer cancels", "viewer@centre.example", "/console/groups/1001/cancel", tuesday, nil},
		{"viewer handles", "viewer@centre.example", vm, handle, nil},
		{"no session cancels", "", "/console/groups/1001/cancel", tuesday, nil},
		{"no session handles", "", vm, handle, nil},
		{"no session, unknown path", "", "/console/anything", handle, nil},
		{"cross-site (Sec-Fetch-Site)", "staff@centre.example", "/console/groups/1001/cancel", tuesday, []string{"Sec-Fetch-Site", "cross-site"}},
		{"cross-site (Origin)", "admin@centre.example", vm, handle, []string{"Origin", "https://evil.example"}},
		{"cross-site sign-in", "", "/console/login", url.Values{"email": {"staff@centre.example"}, "password": {password}}, []string{"Sec-Fetch-Site", "cross-site"}},
	} {
		r := w.do(http.MethodPost, c.path, c.email, c.form, c.headers...)
		if r.status != http.StatusForbidden {
			t.Errorf("%s: %d, want 403", c.name, r.status)
		}
		if slices.ContainsFunc(r.header["Set-Cookie"], func(s string) bool {
			return strings.HasPrefix(s, console.CookieName+"=") && !strings.Contains(s, "Max-Age=0")
		}) {
			t.Errorf("%s: a session cookie was set", c.name)
		}
	}
	if got := w.cancelled(1001); len(got) != 0 {
		t.Errorf("refused posts cancelled %v", got)
	}
	if got := w.handled(); len(got) != 0 {
		t.Errorf("refused posts handled %v", got)
	}
	if got := w.auditLog(); len(got) != 0 {
		t.Errorf("refused posts are in the audit log: %v", got)
	}
	// Same-site, from the console's own page, goes through.
	if r := w.do(http.MethodPost, "/console/groups/1001/cancel", "staff@centre.example", tuesday,
		"Sec-Fetch-Site", "same-origin", "Origin", w.srv.URL); r.status != http.StatusSeeOther {
		t.Errorf("same-origin cancel: %d\n%s", r.status, r.body)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestStaffCancelsAMeeting(t *testing.T) {
	w := newWorld(t)
	// Bad input: each error by its field, what was typed kept, nothing changed.
	r := w.do(http.MethodPost, "/console/groups/1001/cancel", "staff@centre.example", url.Values{"day": {"2026-11-25"}, "reason": {""}})
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("a day the group does not meet: %d", r.status)
	}
	if !strings.Contains(idText(t, r.body, "day-error"), "does not meet") || !strings.Contains(idText(t, r.body, "reason-error"), "Say why") {
		t.Errorf("errors by field:\n%s", r.body)
	}
	if v := parse(t, r.body).byID("day").attr["value"]; v != "2026-11-25" {
		t.Errorf("the day typed is not kept: %q", v)
	}
	for _, bad := range []url.Values{
		{"day": {"24/11/2026"}, "reason": {"x"}},
		{"day": {"2026-11-17"}, "reason": {"x"}}, // passed
		{"day": {"2026-11-24"}, "reason": {strings.Repeat("x", 301)}},
	} {
		if r := w.do(http.MethodPost, "/console/groups/1001/cancel", "staff@centre.example", bad); r.status != http.StatusUnprocessableEntity {
			t.Errorf("%v: %d", bad, r.status)
		}
	}
	if got := w.cancelled(1001); len(got) != 0 {
		t.Fatalf("bad input cancelled %v", got)
	}

	r = w.do(http.MethodPost, "/console/groups/1001/cancel", "staff@centre.example", tuesday)
	if r.status != http.StatusSeeOther {
		t.Fatalf("cancel: %d\n%s", r.status, r.body)
	}
	if got := w.cancelled(1001); !slices.Equal(got, []recur.Date{{Year: 2026, Month: time.November, Day: 24}}) {
		t.Errorf("cancelled = %v", got)
	}
	log := w.auditLog()
	if len(log) != 1 || log[0].Who != "staff@centre.example" || log[0].Action != "meeting.cancel" || log[0].Object != "group 1001" ||
		!strings.Contains(log[0].New, "2026-11-24") || !strings.Contains(log[0].New, "repairs") || !log[0].At.Equal(testNow) {
		t.Errorf("audit = %+v", log)
	}
	page := w.do(http.MethodGet, r.header.Get("Location"), "staff@centre.example", nil)
	if !strings.Contains(idText(t, page.body, "done"), "2026-11-24 is cancelled") {
		t.Errorf("no confirmation:\n%s", page.body)
	}
	rows := parse(t, page.body).all(func(n *node) bool { return n.attr["class"] == "cancelled" })
	if len(rows) != 1 || !strings.Contains(rows[0].Text(), "Nov 24") {
		t.Errorf("the cancelled meeting is not marked: %v", rows)
	}
	home := w.do(http.MethodGet, "/console/", "viewer@centre.example", nil)
	if !strings.Contains(textOf(t, home.body), "2026-11-24: Algoma Grief Companions (1001)") {
		t.Errorf("the day at a glance does not list the cancellation:\n%s", textOf(t, home.body))
	}
	// Twice is refused.
	if r := w.do(http.MethodPost, "/console/groups/1001/cancel", "staff@centre.example", tuesday); r.status != http.StatusUnprocessableEntity ||
		!strings.Contains(idText(t, r.body, "day-error"), "already cancelled") {
		t.Errorf("cancelled twice: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/groups/9999/cancel", "staff@centre.example", tuesday); r.status != http.StatusNotFound {
		t.Errorf("unknown group: %d", r.status)
	}
	// The audit log page, for the admin.
	a := w.do(http.MethodGet, "/console/audit", "admin@centre.example", nil)
	var cells []string
	for _, td := range parse(t, a.body).named("td") {
		cells = append(cells, td.Text())
	}
	if len(cells) != 6 || cells[1] != "staff@centre.example" || cells[2] != "meeting.cancel" || cells[3] != "group 1001" || cells[4] != "" ||
		cells[5] != "2026-11-24; reason: The hall is closed for repairs" {
		t.Errorf("audit page: %q", cells)
	}
}

func TestStaffHandlesAVoicemail(t *testing.T) {
	w := newWorld(t)
	path := "/console/voicemails/" + itoa(w.vmID) + "/handle"
	r := w.do(http.MethodPost, path, "staff@centre.example", url.Values{"note": {strings.Repeat("é", 2001)}})
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Keep the note") || len(w.handled()) != 0 {
		t.Fatalf("a note too long: %d", r.status)
	}
	r = w.do(http.MethodPost, path, "staff@centre.example", url.Values{"note": {"Called back; <b>will</b> try the Tuesday group"}})
	if r.status != http.StatusSeeOther {
		t.Fatalf("handle: %d\n%s", r.status, r.body)
	}
	n := w.handled()[w.vmID]
	if n.By != "staff@centre.example" || !n.Handled.Equal(testNow) || !strings.Contains(n.Note, "Tuesday") {
		t.Errorf("note = %+v", n)
	}
	log := w.auditLog()
	if len(log) != 1 || log[0].Action != "voicemail.handle" || log[0].Who != "staff@centre.example" {
		t.Errorf("audit = %+v", log)
	}
	page := w.do(http.MethodGet, "/console/voicemails", "viewer@centre.example", nil)
	doc := parse(t, page.body)
	if idText(t, page.body, "waiting") != "0 waiting" || len(doc.named("b")) != 0 || !strings.Contains(doc.Text(), "<b>will</b>") {
		t.Errorf("after handling:\n%s", page.body)
	}
	if r := w.do(http.MethodPost, "/console/voicemails/999/handle", "staff@centre.example", url.Values{"note": {"x"}}); r.status != http.StatusNotFound {
		t.Errorf("unknown voicemail: %d", r.status)
	}
}

func TestHTMLInAGroupIsText(t *testing.T) {
	w := newWorld(t)
	for _, path := range []string{"/console/groups/1003", "/console/groups?q=" + url.QueryEscape("grief & co")} {
		r := w.do(http.MethodGet, path, "viewer@centre.example", nil)
		if r.status != http.StatusOK {
			t.Fatalf("%s: %d", path, r.status)
		}
		doc := parse(t, r.body)
		if s := doc.named("script"); len(s) != 0 || len(doc.named("b")) != 0 || len(doc.named("i")) != 0 {
			t.Errorf("%s: the group's HTML became elements:\n%s", path, r.body)
		}
		if !strings.Contains(doc.Text(), htmlName) {
			t.Errorf("%s: the name is not shown as written:\n%s", path, doc.Text())
		}
	}
	if r := w.do(http.MethodGet, "/console/groups/1003", "viewer@centre.example", nil); !strings.Contains(parse(t, r.body).Text(), "1 <i>Elm</i> St") {
		t.Error("the street is not shown as written")
	}
	if h := w.do(http.MethodGet, "/console/", "viewer@centre.example", nil).header.Get("Content-Security-Policy"); !strings.Contains(h, "script-src 'none'") {
		t.Errorf("CSP = %q", h)
	}
}

func TestAGroupsPageSaysWhatTheLineSays(t *testing.T) {
	w := newWorld(t)
	r := w.do(http.MethodGet, "/console/groups/1002", "viewer@centre.example", nil)
	if r.status != http.StatusOK {
		t.Fatalf("%d", r.status)
	}
	text := textOf(t, r.body)
	g, _, _ := w.store.Group(context.Background(), 1002)
	book := words.NewBook()
	for _, lang := range []directory.Lang{directory.English, directory.French} {
		for _, line := range strings.Split(book.In(lang).Writer(nil).Details(&g, testNow), "\n") {
			if !strings.Contains(text, strings.Join(strings.Fields(line), " ")) {
				t.Errorf("the %s text line %q is not on the page", lang, line)
			}
		}
		sp := book.In(lang).Speaker(nil).On(testNow)
		for _, line := range sp.DialIn(&g) {
			if !strings.Contains(text, strings.Join(strings.Fields(line), " ")) {
				t.Errorf("the %s voice line %q is not on the page", lang, line)
			}
		}
	}
	if strings.Count(text, "Nov 26, 2026") != 1 || idText(t, r.body, "members") != "1" {
		t.Errorf("next meetings, member count:\n%s", text)
	}
	// Viewers get no cancel form; staff do, with labelled fields.
	if parse(t, r.body).byID("reason") != nil {
		t.Error("a viewer gets the cancel form")
	}
	doc := parse(t, w.do(http.MethodGet, "/console/groups/1002", "staff@centre.example", nil).body)
	for _, id := range []string{"day", "reason"} {
		if doc.byID(id) == nil || len(doc.all(func(n *node) bool { return n.name == "label" && n.attr["for"] == id })) != 1 {
			t.Errorf("staff: no labelled field %s", id)
		}
	}
	if r := w.do(http.MethodGet, "/console/groups/abc", "viewer@centre.example", nil); r.status != http.StatusNotFound {
		t.Errorf("/groups/abc: %d", r.status)
	}
	// Search by name, code, town, concern.
	for q, want := range map[string][]string{
		"algoma":      {"1001"},
		"1002":        {"1002"},
		"sault":       {"1001"},
		"SUDBURY":     {"1003"},
		"bereavement": {"1001", "1002", "1003"},
		"deuil":       {"1001", "1002", "1003"},
		"zzz":         nil,
	} {
		r := w.do(http.MethodGet, "/console/groups?q="+url.QueryEscape(q), "viewer@centre.example", nil)
		var got []string
		for _, a := range parse(t, r.body).named("a") {
			if c, ok := strings.CutPrefix(a.attr["href"], "/console/groups/"); ok {
				got = append(got, c)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("q=%q: %v, want %v", q, got, want)
		}
	}
}

func TestDayAtAGlance(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	if err := w.store.AddActivity(ctx, map[directory.ActivityKey]int{
		directory.ActivityAt(testNow, directory.ActivityVoice, directory.ActivityCall):                   3,
		directory.ActivityAt(testNow, directory.ActivitySMS, directory.ActivityText):                     2,
		directory.ActivityAt(testNow.AddDate(0, 0, -3), directory.ActivityVoice, directory.ActivityCall): 4,
		directory.ActivityAt(testNow.AddDate(0, 0, -30), directory.ActivitySMS, directory.ActivityText):  9,
	}); err != nil {
		t.Fatal(err)
	}
	r := w.do(http.MethodGet, "/console/", "viewer@centre.example", nil)
	for id, want := range map[string]string{"calls-today": "3", "texts-today": "2", "calls-week": "7", "texts-week": "2", "home-waiting": "1", "nothing": "0"} {
		if got := idText(t, r.body, id); got != want {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
}

func TestSessionsEnd(t *testing.T) {
	w := newWorld(t)
	ck := w.signIn("staff@centre.example")
	// Used, a session lasts; idle, it ends.
	for range 3 {
		w.clock.Advance(console.IdleTimeout - time.Minute)
		if r := w.do(http.MethodGet, "/console/", "staff@centre.example", nil); r.status != http.StatusOK {
			t.Fatalf("a session used within %v: %d", console.IdleTimeout, r.status)
		}
	}
	w.clock.Advance(console.IdleTimeout + time.Minute)
	if r := w.do(http.MethodGet, "/console/", "staff@centre.example", nil); r.status != http.StatusSeeOther {
		t.Errorf("after %v idle: %d", console.IdleTimeout, r.status)
	}
	if r := w.do(http.MethodPost, "/console/groups/1001/cancel", "staff@centre.example", tuesday); r.status != http.StatusForbidden {
		t.Errorf("a POST on an idle session: %d", r.status)
	}

	// Signing out ends it at once, on every copy of the cookie.
	ck = w.signIn("staff@centre.example")
	r := w.do(http.MethodPost, "/console/logout", "staff@centre.example", url.Values{})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/console/login" {
		t.Errorf("logout: %d to %q", r.status, r.header.Get("Location"))
	}
	w.cookies["staff@centre.example"] = ck
	if r := w.do(http.MethodGet, "/console/", "staff@centre.example", nil); r.status != http.StatusSeeOther {
		t.Errorf("after logout, the old cookie: %d", r.status)
	}
	// Signing out without a session changes nothing.
	if r := w.do(http.MethodPost, "/console/logout", "", url.Values{}); r.status != http.StatusSeeOther {
		t.Errorf("logout without a session: %d", r.status)
	}

	// An account removed is signed out.
	w.signIn("viewer@centre.example")
	if _, err := w.store.RemoveStaff(context.Background(), "viewer@centre.example"); err != nil {
		t.Fatal(err)
	}
	if r := w.do(http.MethodGet, "/console/", "viewer@centre.example", nil); r.status != http.StatusSeeOther {
		t.Errorf("a removed account: %d", r.status)
	}
}

func TestStylesheetAndAccountsPage(t *testing.T) {
	w := newWorld(t)
	r := w.do(http.MethodGet, "/console/style.css", "", nil)
	if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/css") {
		t.Errorf("style.css: %d %q", r.status, r.header.Get("Content-Type"))
	}
	r = w.do(http.MethodGet, "/console/staff", "admin@centre.example", nil)
	text := textOf(t, r.body)
	for _, want := range []string{"admin@centre.example", "staff@centre.example", "viewer@centre.example", "3 accounts"} {
		if !strings.Contains(text, want) {
			t.Errorf("accounts page lacks %q", want)
		}
	}
	if strings.Contains(r.body, "argon2") {
		t.Error("the accounts page shows a hash")
	}
}
