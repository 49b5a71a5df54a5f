package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/csvfile"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
)

// TestBaselineRun runs the generator for 2 s, 4 callers and 2 texters,
// against its own fixed-TwiML handler: no errors, every step measured,
// percentiles in order.
func TestBaselineRun(t *testing.T) {
	var out bytes.Buffer
	args := []string{"--baseline", "--callers", "4", "--texters", "2", "--duration", "2s", "--json", "--token", "test0token"}
	start := time.Now()
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("a 2 s run took %v", took)
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatalf("the JSON report: %v\n%s", err, out.String())
	}
	if len(rep.Runs) != 1 || rep.Runs[0].Target != "baseline" {
		t.Fatalf("runs = %+v, want the baseline alone", rep.Runs)
	}
	res := rep.Runs[0]
	if res.Errors != 0 || res.Requests == 0 || res.Throughput <= 0 || res.Calls == 0 || res.Conversations == 0 {
		t.Errorf("errors %d, requests %d, throughput %v, calls %d, conversations %d",
			res.Errors, res.Requests, res.Throughput, res.Calls, res.Conversations)
	}
	var got []string
	for _, s := range res.Steps {
		got = append(got, s.Step)
		if s.Requests == 0 || !(0 < s.P50 && s.P50 <= s.P99 && s.P99 <= s.Max) {
			t.Errorf("step %s: %d requests, p50 %v p99 %v max %v", s.Step, s.Requests, s.P50, s.P99, s.Max)
		}
	}
	want := append(slices.Clone(voiceSteps), textSteps...)
	if !slices.Equal(got, want) {
		t.Errorf("steps = %v, want %v", got, want)
	}
	if sum := stepSum(res.Steps); sum != res.Requests || res.All.Requests != res.Requests {
		t.Errorf("steps add up to %d, all = %d, requests = %d", sum, res.All.Requests, res.Requests)
	}
	timeline := 0
	for _, sl := range res.Timeline {
		timeline += sl.Requests
		if sl.From >= sl.To || sl.P50 > sl.P99 || sl.P99 > sl.Max {
			t.Errorf("timeline slice %+v", sl)
		}
	}
	if len(res.Timeline) < 2 || timeline != res.Requests {
		t.Errorf("%d timeline slices with %d requests, want at least 2 and %d", len(res.Timeline), timeline, res.Requests)
	}
	if res.HTTPRequests < int64(res.Requests) {
		t.Errorf("%d HTTP requests for %d steps", res.HTTPRequests, res.Requests)
	}
}

func stepSum(steps []stepResult) int {
	n := 0
	for _, s := range steps {
		n += s.Requests
	}
	return n
}

// TestTextReport checks the table and the ratios printed when there are
// two runs, peerline's and the baseline's.
func TestTextReport(t *testing.T) {
	step := func(name string, p50 float64) stepResult {
		return stepResult{Step: name, Requests: 10, P50: p50, P99: 2 * p50, Max: 3 * p50}
	}
	rep := report{Runs: []*runResult{
		{Target: "peerline", Throughput: 500, Steps: []stepResult{step("greeting", 4)}, All: step("all", 4)},
		{Target: "baseline", Throughput: 2000, Steps: []stepResult{step("greeting", 1)}, All: step("all", 1)},
	}}
	rep.ratios()
	if rep.Ratios == nil || rep.Ratios.Throughput != 0.25 || rep.Ratios.All.P50 != 4 || rep.Ratios.Steps[0].P99 != 4 {
		t.Fatalf("ratios = %+v", rep.Ratios)
	}
	var out bytes.Buffer
	rep.writeText(&out)
	for _, want := range []string{"peerline at", "baseline at", "p50 ms", "greeting", "= 0.25"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the report lacks %q:\n%s", want, out.String())
		}
	}
}

func TestPercentile(t *testing.T) {
	var ds []time.Duration
	for i := 1; i <= 100; i++ {
		ds = append(ds, time.Duration(i)*time.Millisecond)
	}
	for _, c := range []struct {
		p    float64
		want time.Duration
	}{{50, 50 * time.Millisecond}, {99, 99 * time.Millisecond}, {100, 100 * time.Millisecond}, {0, time.Millisecond}} {
		if got := percentile(ds, c.p); got != c.want {
			t.Errorf("p%v = %v, want %v", c.p, got, c.want)
		}
	}
	if got := percentile([]time.Duration{7}, 99); got != 7 {
		t.Errorf("p99 of one = %v", got)
	}
	if got := percentile(nil, 50); got != 0 {
		t.Errorf("p50 of none = %v", got)
	}
}

// TestRefusesOtherHosts: the generator only ever loads this machine.
func TestRefusesOtherHosts(t *testing.T) {
	for _, u := range []string{
		"http://10.0.0.5:8080", "http://192.168.1.2", "https://line.example.org", "http://8.8.8.8",
		"http://localhost.example.org", "ftp://127.0.0.1", "127.0.0.1:8080",
	} {
		var out bytes.Buffer
		err := run(context.Background(), []string{"--url", u, "--duration", "1s"}, &out)
		if err == nil || !strings.Contains(err.Error(), "--url") {
			t.Errorf("--url %s: err = %v, want a refusal", u, err)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080", "http://localhost:8080", "http://[::1]:8080", "http://127.0.0.2"} {
		if err := loopbackURL(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	// Even a redirect elsewhere could not leave: the dialer refuses it.
	tr := loopbackTransport(1)
	if _, err := tr.DialContext(context.Background(), "tcp", "192.0.2.1:80"); err == nil || !strings.Contains(err.Error(), "refusing") {
		t.Errorf("dialling 192.0.2.1: err = %v", err)
	}
}

func TestBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{}, {"--url", "http://127.0.0.1:1", "--callers", "0", "--texters", "0"},
		{"--url", "http://127.0.0.1:1", "--duration", "0s"}, {"--url", "http://127.0.0.1:1", "--duration", "2h"},
		{"--url", "http://127.0.0.1:1", "extra"}, {"--make-directory", "5"}, {"--nonsense"},
	} {
		err := run(context.Background(), args, &bytes.Buffer{})
		if _, ok := err.(usageError); !ok {
			t.Errorf("%v: err = %v, want a usage error", args, err)
		}
	}
}

// TestMakeDirectory: --make-directory writes a CSV that the project's
// reader reads back whole.
func TestMakeDirectory(t *testing.T) {
	out := filepath.Join(t.TempDir(), "groups.csv")
	var stdout bytes.Buffer
	if err := run(context.Background(), []string{"--make-directory", "200", out}, &stdout); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	imp, err := csvfile.Read(f, out, directorytest.Vocab(t), directorytest.Areas(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(imp.Report.Errors) != 0 {
		t.Fatalf("%d row errors, first: %v", len(imp.Report.Errors), imp.Report.Errors[0])
	}
	if len(imp.Rows) != 200 {
		t.Errorf("%d rows, want 200", len(imp.Rows))
	}
}

// TestCheckDB: a database peerline's store made passes the check, with
// its group count; a file that is not a database does not.
func TestCheckDB(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	db := filepath.Join(dir, "p.db")
	if err := directorytest.StoreAt(t, db).Close(); err != nil { // the check opens the file itself
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := run(ctx, []string{"--check-db", db, "--want-groups", "0"}, &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "integrity ok, 0 groups") {
		t.Errorf("output: %s", out.String())
	}
	if err := run(ctx, []string{"--check-db", db, "--want-groups", "5"}, &out); err == nil {
		t.Error("0 groups passed a check for 5")
	}
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, []byte("not a database, just text that is long enough to be read as a header"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"--check-db", junk}, &out); err == nil {
		t.Error("a text file passed the check")
	}
}

// TestNumbers: callers' and texters' numbers are the realistic kinds the
// line must handle, town exchanges geocode, and texters never repeat
// within a run's reach.
func TestNumbers(t *testing.T) {
	areas := directorytest.Areas(t)
	for _, ex := range townExchanges {
		if c := areas.Locate("+1" + ex + "0100"); c.Town == nil {
			t.Errorf("exchange %s does not geocode to a town the line knows", ex)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	kinds := map[string]int{}
	for range 1000 {
		n := callerNumber(rng)
		switch {
		case n == blockedCaller:
			kinds["blocked"]++
		case areas.Locate(n).Town != nil:
			kinds["town"]++
		case strings.Contains(n, "55501"):
			kinds["555-01xx"]++
		default:
			t.Fatalf("caller number %s", n)
		}
	}
	if kinds["blocked"] == 0 || kinds["town"] == 0 || kinds["555-01xx"] == 0 {
		t.Errorf("caller numbers: %v", kinds)
	}
	seen := map[string]bool{}
	for i := range uint64(80_000) {
		n := texterNumber(i)
		if seen[n] || !fullNumber.MatchString(n) || len(n) != 12 {
			t.Fatalf("texter number %d: %s (seen before: %v)", i, n, seen[n])
		}
		seen[n] = true
	}
	if got := maskNumber("call +17052530123 now"); got != "call +1*******23 now" {
		t.Errorf("maskNumber = %q", got)
	}
}

// TestFakeTwilio serves the fake REST API briefly and writes its URL.
func TestFakeTwilio(t *testing.T) {
	file := filepath.Join(t.TempDir(), "url")
	var out bytes.Buffer
	if err := run(context.Background(), []string{"--fake-twilio", file, "--duration", "100ms"}, &out); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(b), "http://127.0.0.1:") {
		t.Errorf("url file: %q, %v", b, err)
	}
	if !strings.Contains(out.String(), "0 texts") {
		t.Errorf("output: %s", out.String())
	}
}

// TestThink: with a pause between keys, callers are spread out and no
// request starts after the run's end.
func TestThink(t *testing.T) {
	var out bytes.Buffer
	args := []string{"--baseline", "--callers", "3", "--texters", "1", "--duration", "1s", "--think", "40ms", "--json"}
	if err := run(context.Background(), args, &out); err != nil {
		t.Fatalf("run: %v\n%s", err, out.String())
	}
	var rep report
	if err := json.Unmarshal(out.Bytes(), &rep); err != nil {
		t.Fatal(err)
	}
	res := rep.Runs[0]
	// 4 people pressing a key every 20-60 ms for 1 s: about 100 requests,
	// not the thousands of a run without pauses.
	if res.Requests == 0 || res.Requests > 400 || res.Errors != 0 {
		t.Errorf("%d requests, %d errors", res.Requests, res.Errors)
	}
	for _, sl := range res.Timeline {
		if sl.From >= res.Duration {
			t.Errorf("requests started %v s into a %v s run", sl.From, res.Duration)
		}
	}
}

// TestURLs: --url takes several servers, repeated or comma-separated,
// each on this machine, none twice.
func TestURLs(t *testing.T) {
	o, _, err := parseOptions([]string{"--url", "http://127.0.0.1:1/, http://127.0.0.1:2", "--url", "http://localhost:3"}, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"http://127.0.0.1:1", "http://127.0.0.1:2", "http://localhost:3"}; !slices.Equal(o.urls, want) || o.url != want[0] {
		t.Errorf("urls = %q, url = %q; want %q", o.urls, o.url, want)
	}
	for _, args := range [][]string{
		{"--url", "http://127.0.0.1:1,http://10.0.0.5:2", "--duration", "1s"},
		{"--url", "http://127.0.0.1:1", "--url", "http://127.0.0.1:1/", "--duration", "1s"},
		{"--url", "http://127.0.0.1:1,", "--duration", "1s"},
		{"--url", "http://127.0.0.1:1,http://127.0.0.1:2", "--wrk-check", "x", "--db", "y"},
	} {
		if _, ok := run(context.Background(), args, &bytes.Buffer{}).(usageError); !ok {
			t.Errorf("%q: want a usage error", args)
		}
	}
}

// TestInTurn: with two servers, each caller sends each request of a
// call to the other server than the last, and the load is even.
func TestInTurn(t *testing.T) {
	type hit struct {
		server int
		sid    string
	}
	var mu sync.Mutex
	var hits []hit
	servers := make([]string, 2)
	for i := range servers {
		h := baselineHandler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			r.ParseForm()
			mu.Lock()
			hits = append(hits, hit{i, r.PostForm.Get("CallSid")})
			mu.Unlock()
			h.ServeHTTP(w, r)
		}))
		defer srv.Close()
		servers[i] = srv.URL
	}
	o := options{callers: 4, duration: 500 * time.Millisecond, seed: 1}
	res, err := load(context.Background(), target{name: "two", baseURLs: servers, publicURL: servers[0], token: "t"}, o)
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 0 || len(res.Servers) != 2 {
		t.Fatalf("%d errors, servers %+v", res.Errors, res.Servers)
	}
	if a, b := res.Servers[0].HTTPRequests, res.Servers[1].HTTPRequests; a+b != res.HTTPRequests || a == 0 || b == 0 || max(a, b)-min(a, b) > 4 {
		t.Errorf("sent %d and %d of %d requests", a, b, res.HTTPRequests)
	}
	last := map[string]int{}
	steps := 0
	for _, h := range hits {
		if prev, ok := last[h.sid]; ok {
			steps++
			if prev == h.server {
				t.Fatalf("call %s: two requests in a row to server %d", h.sid, h.server)
			}
		}
		last[h.sid] = h.server
	}
	if steps == 0 {
		t.Error("no call made a second request")
	}
}

// TestCheckFlow: an apology, a call that started over and a step out of
// the flow are errors, each of its kind; the flow's own steps are not.
func TestCheckFlow(t *testing.T) {
	for _, c := range []struct {
		from, at string
		want     []string
		kind     string
	}{
		{"", "menu", []string{"menu"}, ""},
		{"menu", "category", []string{"category"}, ""},
		{"result", "result", nil, ""},
		{"none", "wait-how", []string{}, ""},
		{"concern", "trouble", []string{"result"}, kindApology},
		{"", "trouble", []string{"menu"}, kindApology},
		{"category", "menu", []string{"concern"}, kindLostState},
		{"none", "menu", []string{}, kindLostState},
		{"concern", "areacode", []string{"result", "none"}, kindWrongStep},
	} {
		err := checkFlow(c.from, c.at, c.want)
		if got := kindOf(err); got != c.kind {
			t.Errorf("%s -> %s (want %v): %v, want kind %q", c.from, c.at, c.want, err, c.kind)
		}
	}
	if got := waitOf(routes.VoiceStep("result") + "?x=1"); got != "result" {
		t.Errorf("waitOf = %q", got)
	}
	if got := waitOf(routes.Voice); got != routes.Voice {
		t.Errorf("waitOf(%s) = %q", routes.Voice, got)
	}
}

func kindOf(err error) string {
	var fe *flowError
	if errors.As(err, &fe) {
		return fe.kind
	}
	return ""
}

// TestTextLineSentences holds the sentences the texters look for to the
// text line's catalogue, as it sends them.
func TestTextLineSentences(t *testing.T) {
	book := words.NewBook()
	var sorry, noSearch []string
	for _, lang := range []directory.Lang{directory.English, directory.French} {
		sorry = append(sorry, telephony.Fold(book.In(lang).Text.Sorry))
		noSearch = append(noSearch, telephony.Fold(book.In(lang).Text.NoSearch))
	}
	if !slices.Equal(sorry, textSorry) || !slices.Equal(noSearch, textNoSearch) {
		t.Errorf("the catalogue says %q and %q; loadgen looks for %q and %q", sorry, noSearch, textSorry, textNoSearch)
	}
	list := "Grief: 3 near Sudbury\n1) A group - Sudbury\n2) B group - Sudbury\nReply 1-2 for details."
	if !isList(list) || isList(textNoSearch[0]) {
		t.Error("isList")
	}
	if kindOf(checkReplies([]string{textNoSearch[0]}, true)) != kindTextLostState ||
		checkReplies([]string{textNoSearch[0]}, false) != nil ||
		kindOf(checkReplies([]string{textSorry[1]}, false)) != kindTextApology ||
		checkReplies([]string{list}, true) != nil {
		t.Error("checkReplies")
	}
}

// TestErrorKind sorts failures for the report.
func TestErrorKind(t *testing.T) {
	for err, want := range map[error]string{
		&flowError{kindLostState, "x"}: kindLostState,
		errNoReply:                     "no reply to a text",
		errors.New("phone: POST http://127.0.0.1:1/twilio/voice/menu answered 503"): "HTTP 503",
		fmt.Errorf("phone: x: %w", context.DeadlineExceeded):                        "timeout (Twilio gives up after 15 s)",
		errors.New("something else"):                                                "other",
	} {
		if got := errorKind(err); got != want {
			t.Errorf("errorKind(%v) = %q, want %q", err, got, want)
		}
	}
}
