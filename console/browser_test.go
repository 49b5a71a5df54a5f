package console_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/peerline/peerline/console"
	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
)

// The console in a real headless Chromium: what a staff member does with
// a mouse and a keyboard. Without Chromium the tests skip, saying so,
// unless PEERLINE_REQUIRE_CHROMIUM is set (CI sets it, and installs it).

var browserNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) // a Monday, 10 a.m. in the Sault

// chromium finds the browser, or skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("PEERLINE_REQUIRE_CHROMIUM") != "" {
		t.Fatal("no chromium on PATH, and PEERLINE_REQUIRE_CHROMIUM is set (.ci/run installs Debian's chromium)")
	}
	t.Skip("no chromium on PATH: the browser tests are skipped (apt-get install chromium to run them)")
	return ""
}

// site is the console over a small directory, served on a local port.
type site struct {
	store *sqlite.Store
	url   string
}

const (
	adminEmail    = "coordinator@centre.example"
	adminPassword = "the lake is calm in the morning"
)

func newSite(t *testing.T) *site {
	t.Helper()
	store, areas := directorytest.Store(t), directorytest.Areas(t)
	directorytest.Import(t, store, areas, browserNow,
		directory.Group{SourceID: "sault-grief", Code: 1001, Name: "Algoma Grief Companions", Concerns: []string{"grief"}, Phone: "(705) 555-0101",
			Place:     &directory.Place{City: "Sault Ste. Marie", Name: "Riverside Hall", Street: "12 Queen St E"},
			Schedules: []recur.Schedule{directorytest.Weekly("TU", 19, 0)}},
		directory.Group{SourceID: "phone-grief", Code: 1002, Name: "Ontario Grief Phone Circle", Concerns: []string{"grief"}, Phone: "(705) 555-0102",
			Dialin: &directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{directorytest.Weekly("TH", 14, 0)}},
	)
	hash, err := console.HashPassword(adminPassword)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.AddStaff(context.Background(), directory.Staff{Email: adminEmail, Name: "Jo Martin", Role: directory.RoleAdmin, Hash: hash, Created: browserNow}); err != nil {
		t.Fatal(err)
	}
	if err := store.SaveVoicemail(context.Background(), directory.Voicemail{At: browserNow.Add(-time.Hour), Caller: "+17052530000",
		RecordingURL: "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", Seconds: 42}); err != nil {
		t.Fatal(err)
	}
	// A few weeks of what callers asked for, for the report.
	for day := range 21 {
		for i, q := range []struct {
			concern, npa string
			results      int
		}{{"grief", "705", 3}, {"dementia", "705", 0}, {"alcohol", "807", 1}, {"grief", "613", 2}, {"gambling", "705", 0}} {
			if (day+i)%3 == 0 {
				continue
			}
			if err := store.LogSearch(context.Background(), directory.SearchLog{At: browserNow.AddDate(0, 0, -day).Add(time.Duration(i) * time.Hour),
				Channel: directory.ChannelVoice, Concern: q.concern, NPA: q.npa, Area: q.npa, Results: q.results}); err != nil {
				t.Fatal(err)
			}
		}
	}
	c := &console.Console{Store: store, Vocab: directorytest.Vocab(t), Areas: areas, Now: func() time.Time { return browserNow },
		Recordings: &fakeRecordings{}}
	mux := http.NewServeMux()
	h := c.Handler()
	mux.Handle(console.Prefix+"/", h)
	mux.Handle(console.Prefix, h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return &site{store: store, url: srv.URL}
}

// browse starts a headless Chromium for the test.
func browse(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)), chromedp.Flag("headless", true), chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true), chromedp.WindowSize(1200, 900))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	// A guard against a browser that hangs, not a measure of speed.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(func() { cancelTimeout(); cancelCtx(); cancelAlloc() })
	return ctx
}

// shot saves a screenshot for the README when PEERLINE_SCREENSHOTS names
// a folder.
func shot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	dir := os.Getenv("PEERLINE_SCREENSHOTS")
	if dir == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// do runs steps in the browser, failing the test at the first that fails.
func do(t *testing.T, ctx context.Context, steps ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, steps...); err != nil {
		t.Fatal(err)
	}
}

// text is what the page says.
func text(t *testing.T, ctx context.Context) string {
	t.Helper()
	body, err := chromedp.Run(ctx, chromedp.Text(`body`))
	if err != nil {
		t.Fatal(err)
	}
	return body
}

// signIn signs in from the login page the console sends a visitor to,
// and waits for then: what the page after it shows.
func signIn(t *testing.T, ctx context.Context, s *site, email, password, then string) {
	t.Helper()
	do(t, ctx,
		chromedp.Navigate(s.url+"/console/"),
		chromedp.WaitVisible(`input[name=email]`),
		chromedp.SendKeys(`input[name=email]`, email),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Submit(`input[name=password]`),
		chromedp.WaitVisible(then),
	)
}

// signedIn is what a page shows to someone signed in.
const signedIn = `form[action="/console/logout"]`

func TestSignInInABrowser(t *testing.T) {
	s := newSite(t)
	ctx := browse(t)
	do(t, ctx, chromedp.Navigate(s.url+"/console/"), chromedp.WaitVisible(`input[name=email]`))
	if at, err := chromedp.Run(ctx, chromedp.Location()); err != nil || !strings.Contains(at, "/console/login") {
		t.Errorf("a visitor without a session is at %s (%v), not the login page", at, err)
	}
	shot(t, ctx, "login")
	signIn(t, ctx, s, adminEmail, "not the password", `#error`)
	if body := text(t, ctx); strings.Contains(body, "not the password") {
		t.Error("the page shows the password typed")
	}
	signIn(t, ctx, s, adminEmail, adminPassword, signedIn)
	shot(t, ctx, "dashboard")
	body := strings.ToLower(text(t, ctx))
	for _, want := range []string{"jo martin", "voicemail"} {
		if !strings.Contains(body, want) {
			t.Errorf("the day at a glance lacks %q:\n%s", want, body)
		}
	}
}

// A staff member finds a group, reads what the line says about it, and
// cancels a meeting — first with a day left empty (the form says so by
// the field and keeps the reason typed), then properly; then marks a
// voicemail handled with a note.
func TestFindAGroupCancelAMeetingHandleAVoicemail(t *testing.T) {
	s := newSite(t)
	ctx := browse(t)
	signIn(t, ctx, s, adminEmail, adminPassword, signedIn)
	do(t, ctx,
		chromedp.Navigate(s.url+"/console/groups"),
		chromedp.WaitVisible(`input[name=q]`),
		chromedp.SendKeys(`input[name=q]`, "sault"),
		chromedp.Submit(`input[name=q]`),
		chromedp.WaitVisible(`a[href="/console/groups/1001"]`),
	)
	if body := text(t, ctx); strings.Contains(body, "Ontario Grief Phone Circle") {
		t.Errorf("the search for sault lists the telephone circle:\n%s", body)
	}
	do(t, ctx, chromedp.Click(`a[href="/console/groups/1001"]`), chromedp.WaitVisible(`form[action="/console/groups/1001/cancel"]`))
	shot(t, ctx, "group")
	body := text(t, ctx)
	for _, want := range []string{"Algoma Grief Companions", "It meets in person at Riverside Hall, 12 Queen Street East, in Sault Ste. Marie.", "705-555-0101"} {
		if !strings.Contains(body, want) {
			t.Errorf("the group's page lacks %q:\n%s", want, body)
		}
	}
	do(t, ctx,
		chromedp.SendKeys(`#reason`, "The hall is closed for the holiday"),
		chromedp.Submit(`#reason`),
		chromedp.WaitVisible(`#day[aria-invalid="true"]`),
	)
	if reason, err := chromedp.Run(ctx, chromedp.Value(`#reason`)); err != nil || reason != "The hall is closed for the holiday" {
		t.Errorf("the reason typed was not kept: %q %v", reason, err)
	}
	do(t, ctx,
		chromedp.SetValue(`#day`, "2026-11-24"),
		chromedp.Submit(`#day`),
		chromedp.WaitVisible(`#done`),
	)
	g, _, err := s.store.Group(context.Background(), 1001)
	if err != nil || len(g.Cancelled) != 1 || g.Cancelled[0].String() != "2026-11-24" {
		t.Fatalf("the meeting was not cancelled: %+v %v", g.Cancelled, err)
	}

	do(t, ctx, chromedp.Navigate(s.url+"/console/voicemails"), chromedp.WaitVisible(`textarea[name=note]`), chromedp.WaitReady(`audio`))
	shot(t, ctx, "voicemails")
	// The player's source is the console's own address, served with the
	// session's cookie: what the browser plays.
	played, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`fetch(document.querySelector("audio").src).then(r => r.status + " " + r.headers.get("Content-Type"))`, chromedp.EvalAwaitPromise))
	if err != nil || played != "200 audio/mpeg" {
		t.Errorf("playing the voicemail: %q %v", played, err)
	}
	do(t, ctx,
		chromedp.SendKeys(`textarea[name=note]`, "Called back; she will try the Tuesday group"),
		chromedp.Submit(`textarea[name=note]`),
		chromedp.WaitVisible(`li.handled`),
	)
	notes, err := s.store.VoicemailNotes(context.Background())
	if err != nil || len(notes) != 1 {
		t.Fatalf("the voicemail was not marked handled: %+v %v", notes, err)
	}
	for _, n := range notes {
		if n.By != adminEmail || n.Note != "Called back; she will try the Tuesday group" {
			t.Errorf("handled as %+v", n)
		}
	}
}

// The report as a browser draws it; a group edited as staff do it.
func TestTheReportAndTheEditFormInABrowser(t *testing.T) {
	s := newSite(t)
	ctx := browse(t)
	signIn(t, ctx, s, adminEmail, adminPassword, signedIn)
	do(t, ctx, chromedp.Navigate(s.url+"/console/report"), chromedp.WaitVisible(`svg`), chromedp.ScrollIntoView(`svg`))
	shot(t, ctx, "report")
	do(t, ctx, chromedp.Navigate(s.url+"/console/groups/1001/edit"), chromedp.WaitVisible(`input[name=name]`))
	shot(t, ctx, "edit")
	if name, err := chromedp.Run(ctx, chromedp.Value(`input[name=name]`)); err != nil || name != "Algoma Grief Companions" {
		t.Errorf("the edit form's name: %q %v", name, err)
	}
	do(t, ctx,
		chromedp.SetValue(`input[name=name]`, "Algoma Grief Companions (Tuesdays)"),
		chromedp.Submit(`input[name=name]`),
		chromedp.WaitVisible(`a[href="/console/groups/1001/edit"]`),
	)
	if body := text(t, ctx); !strings.Contains(body, "Saved.") || !strings.Contains(body, "Algoma Grief Companions (Tuesdays)") {
		t.Errorf("after saving:\n%s", body)
	}
	if g, _, err := s.store.Group(context.Background(), 1001); err != nil || g.Name != "Algoma Grief Companions (Tuesdays)" {
		t.Errorf("the group after the edit: %q %v", g.Name, err)
	}
}

// An import with a bad row, as staff do it: choose the file, see what it
// would do and the bad row with its line — nothing written yet — then
// import it.
func TestAnImportWithABadRowInABrowser(t *testing.T) {
	s := newSite(t)
	ctx := browse(t)
	sheet := filepath.Join(t.TempDir(), "new-groups.csv")
	if err := os.WriteFile(sheet, []byte("id,name,concerns,phone,city,schedule\n"+
		"wawa,Wawa Grief Circle,grief,705 555 0131,Wawa,weekly MO 19:00\n"+
		"bad,Nowhere Circle,grief,555,,every blue moon\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	signIn(t, ctx, s, adminEmail, adminPassword, signedIn)
	do(t, ctx,
		chromedp.Navigate(s.url+"/console/import"),
		chromedp.WaitVisible(`#file`),
		chromedp.SetUploadFiles(`#file`, []string{sheet}),
		chromedp.Submit(`#file`),
		chromedp.WaitVisible(`#apply`),
	)
	shot(t, ctx, "import")
	body := text(t, ctx)
	for _, want := range []string{"new-groups.csv:3", "every blue moon"} {
		if !strings.Contains(body, want) {
			t.Errorf("the preview lacks %q:\n%s", want, body)
		}
	}
	if add, err := chromedp.Run(ctx, chromedp.Text(`#count-add`)); err != nil || strings.TrimSpace(add) != "1" {
		t.Errorf("to add: %q %v", add, err)
	}
	if gs, _ := s.store.Groups(context.Background()); len(gs) != 2 {
		t.Fatalf("the preview wrote: %d groups", len(gs))
	}
	do(t, ctx, chromedp.Click(`#apply`), chromedp.WaitVisible(`#done`))
	if gs, _ := s.store.Groups(context.Background()); len(gs) != 3 {
		t.Errorf("after the import: %d groups; want 3", len(gs))
	}
}
