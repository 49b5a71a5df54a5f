package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// The handler benchmarks drive the webhooks as serve mounts them
// (Main.router: metrics, signature check, guard, the call's state, the
// search, TwiML) over a 100,000-group directory, each next to a bare
// handler that reads the form and writes the very document peerline
// answered, so the ratio of the two comes from one run:
//
//	go test ./cmd/peerline -run '^$' -bench Handlers -benchmem
const (
	benchToken  = "bench0made0up0token"
	benchPublic = "https://line.example.org"
	benchCaller = "+17052530000" // a Sault Ste. Marie exchange
)

// benchSeq numbers the calls and texters of all runs, so that no two
// requests share a CallSid or a sender.
var benchSeq atomic.Int64

// benchLine is the line as serve runs it, and the call states a step
// can be seeded at.
type benchLine struct {
	h      http.Handler
	w      *world
	states map[string]string // a step's name -> the saved state of a call waiting at it
	grief  string            // the key of grief at its topic's concern menu
}

func BenchmarkHandlers(b *testing.B) {
	l := newBenchLine(b)
	cases := []struct {
		name string
		req  func(n int) []benchRequest
	}{
		// A call comes in: blocklist, count, greeting and main menu, state saved.
		{"greeting", func(n int) []benchRequest { return l.calls(n, "", "", "") }},
		// 1 at the main menu: the topics.
		{"menu", func(n int) []benchRequest { return l.calls(n, "menu", "menu", "1") }},
		// Grief at the concern menu: the search near the Sault, and group 1.
		{"results", func(n int) []benchRequest { return l.calls(n, "concern", "concern", l.grief) }},
		// A text "grief 705" from a new number.
		{"sms-search", func(n int) []benchRequest { return l.texts(n, "grief 705") }},
	}
	for _, c := range cases {
		doc := l.answer(b, c.req(1)[0])
		b.Run(c.name, func(b *testing.B) { runBench(b, l.h, c.req) })
		b.Run(c.name+"/bare", func(b *testing.B) { runBench(b, bareHandler(doc), c.req) })
	}
}

// runBench serves b.N requests made (and their calls seeded) before the
// timer starts.
func runBench(b *testing.B, h http.Handler, requests func(n int) []benchRequest) {
	reqs := requests(b.N)
	w := &benchWriter{}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		w.reset()
		h.ServeHTTP(w, reqs[i].http())
		if w.code != http.StatusOK {
			b.Fatalf("status %d: %s", w.code, w.body.String())
		}
	}
}

func newBenchLine(b *testing.B) *benchLine {
	b.Helper()
	ctx := context.Background()
	db := filepath.Join(b.TempDir(), "handlers100k.db")
	env := map[string]string{
		"TWILIO_AUTH_TOKEN": benchToken, "PEERLINE_PUBLIC_URL": benchPublic,
		"TWILIO_ACCOUNT_SID": "AC00000000000000000000000000000000", "TWILIO_FROM": "+17055550100",
	}
	fake := twiliotest.NewFakeAPI() // texts are offered, as in production; none is sent here
	b.Cleanup(fake.Close)
	env["TWILIO_API_BASE_URL"] = fake.URL
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] },
		Now: time.Now, Log: slog.New(slog.DiscardHandler)}
	w, err := m.open(ctx, db)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(w.close)
	imp := &directory.Import{}
	for i, g := range directory.Synthetic(100_000, 1, w.vocab, w.areas) {
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "synthetic", Line: i + 2})
	}
	if err := w.store.Import(ctx, imp, time.Now()); err != nil {
		b.Fatal(err)
	}
	cfg, err := m.lineConfig(false)
	if err != nil {
		b.Fatal(err)
	}
	l := &benchLine{h: m.router(w, cfg), w: w}
	l.states = l.record(b)
	return l
}

// griefKeys are the keys that choose grief at the topic and concern menus.
func griefKeys(b *testing.B, vocab *directory.Vocabulary) (topic, concern string) {
	for i, cat := range vocab.Categories {
		for j, c := range cat.Concerns {
			if c.Code == "grief" {
				return strconv.Itoa(i + 1), strconv.Itoa(j + 1)
			}
		}
	}
	b.Fatal("the vocabulary has no grief")
	return "", ""
}

// record places one call from the Sault to the concern question, and
// keeps its state as saved at the main menu and there. The states are
// copied, not written by hand, so they are what the line writes.
func (l *benchLine) record(b *testing.B) map[string]string {
	ctx := context.Background()
	topic, concern := griefKeys(b, l.w.vocab)
	l.grief = concern
	p := &twiliotest.Phone{Handler: l.h, AuthToken: benchToken, PublicURL: benchPublic, From: benchCaller, To: "+17055550100"}
	states := map[string]string{}
	keep := func(step string) {
		var data string
		err := l.w.store.(*sqlite.Store).ReadDB().QueryRowContext(ctx, `SELECT data FROM sessions WHERE key = ?`, "call:"+p.CallSid).Scan(&data)
		if err != nil {
			b.Fatalf("the state at %s: %v", step, err)
		}
		states[step] = data
	}
	turn, err := p.Call(ctx)
	if err != nil || turn.Gather == nil || turn.Gather.Action != routes.VoiceStep("menu") {
		b.Fatalf("greeting: %v %+v", err, turn)
	}
	keep("menu")
	for _, k := range []string{"1", topic} {
		if turn, err = p.Press(ctx, k); err != nil {
			b.Fatal(err)
		}
	}
	if turn.Gather == nil || turn.Gather.Action != routes.VoiceStep("concern") {
		b.Fatalf("not at the concern question: %+v", turn)
	}
	keep("concern")
	return states
}

// benchRequest is one signed webhook request.
type benchRequest struct {
	path, body, sig string
}

func (r benchRequest) http() *http.Request {
	req, _ := http.NewRequest(http.MethodPost, benchPublic+r.path, strings.NewReader(r.body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", r.sig)
	return req
}

func signed(path string, form url.Values) benchRequest {
	return benchRequest{path: path, body: form.Encode(), sig: telephony.Sign(benchToken, benchPublic+path, form)}
}

// calls makes n requests of new calls from the Sault pressing keys at
// step, each call's state seeded as saved at wait (none for a greeting).
func (l *benchLine) calls(n int, step, wait, keys string) []benchRequest {
	out := make([]benchRequest, n)
	sids := make([]string, n)
	path := routes.Voice
	if step != "" {
		path = routes.VoiceStep(step)
	}
	for i := range out {
		sids[i] = fmt.Sprintf("CA%032x", benchSeq.Add(1))
		form := url.Values{"CallSid": {sids[i]}, "AccountSid": {"AC00000000000000000000000000000000"},
			"From": {benchCaller}, "To": {"+17055550100"}, "CallStatus": {"in-progress"},
			"Direction": {"inbound"}, "ApiVersion": {"2010-04-01"}}
		if keys != "" {
			form.Set("Digits", keys)
		} else {
			form.Set("CallStatus", "ringing")
		}
		out[i] = signed(path, form)
	}
	if wait != "" {
		l.seed(sids, l.states[wait])
	}
	return out
}

// seed saves state for each call in one transaction, as if each had just
// been answered.
func (l *benchLine) seed(sids []string, state string) {
	tx, err := l.w.store.DB().Begin()
	if err != nil {
		panic(err)
	}
	now := time.Now().UTC().Format("2006-01-02T15:04:05.000000000Z")
	for _, sid := range sids {
		if _, err := tx.Exec(`INSERT INTO sessions (key, data, updated_at) VALUES (?, ?, ?)`, "call:"+sid, state, now); err != nil {
			panic(err)
		}
	}
	if err := tx.Commit(); err != nil {
		panic(err)
	}
}

// texts makes n texts of body, each from a new number (the line answers
// a number at most 20 times in 10 minutes).
func (l *benchLine) texts(n int, body string) []benchRequest {
	out := make([]benchRequest, n)
	for i := range out {
		from := fmt.Sprintf("+1705%07d", 2000000+benchSeq.Add(1)%7_000_000)
		out[i] = signed(routes.SMS, url.Values{"MessageSid": {fmt.Sprintf("SM%032x", benchSeq.Add(1))},
			"AccountSid": {"AC00000000000000000000000000000000"}, "From": {from}, "To": {"+17055550100"},
			"Body": {body}, "NumMedia": {"0"}, "ApiVersion": {"2010-04-01"}})
	}
	return out
}

// answer is peerline's document for a request, which the bare handler
// then serves.
func (l *benchLine) answer(b *testing.B, r benchRequest) []byte {
	w := &benchWriter{}
	w.reset()
	l.h.ServeHTTP(w, r.http())
	if w.code != http.StatusOK || !bytes.Contains(w.body.Bytes(), []byte("<Response>")) {
		b.Fatalf("status %d: %s", w.code, w.body.String())
	}
	return bytes.Clone(w.body.Bytes())
}

// bareHandler is the least a webhook server does: read the form, write
// a fixed document.
func bareHandler(doc []byte) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		w.Write(doc)
	})
}

// benchWriter is a ResponseWriter that keeps the last answer.
type benchWriter struct {
	header http.Header
	code   int
	body   bytes.Buffer
}

func (w *benchWriter) reset() {
	w.header = http.Header{}
	w.code = http.StatusOK
	w.body.Reset()
}
func (w *benchWriter) Header() http.Header         { return w.header }
func (w *benchWriter) WriteHeader(code int)        { w.code = code }
func (w *benchWriter) Write(p []byte) (int, error) { return w.body.Write(p) }
