package main

import (
	"context"
	"encoding/xml"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/postgres/pgtest"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// Several servers, one line: these tests run two peerline servers on one
// PostgreSQL database, as behind a load balancer, and send each step of
// a call or a text conversation to the other server than the last.

const serversToken = "several0servers0token"

// lineServer is one `peerline serve`, in process: its own Main, store
// and router, as serve builds them.
type lineServer struct {
	w *world
	h http.Handler
}

func startServer(t *testing.T, db string, now func() time.Time) *lineServer {
	t.Helper()
	env := map[string]string{"TWILIO_AUTH_TOKEN": serversToken, "PEERLINE_PUBLIC_URL": "https://line.example.org"}
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] }, Now: now, Log: slog.New(slog.DiscardHandler)}
	w, err := m.open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.close)
	cfg, err := m.lineConfig(false)
	if err != nil {
		t.Fatal(err)
	}
	return &lineServer{w: w, h: m.router(w, cfg)}
}

// alternate is a load balancer that sends each request to the next
// server in turn, counting what each answered.
type alternate struct {
	servers []*lineServer
	next    atomic.Int64
	served  []atomic.Int64
}

func balance(servers ...*lineServer) *alternate {
	return &alternate{servers: servers, served: make([]atomic.Int64, len(servers))}
}

func (a *alternate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(a.next.Add(1)-1) % len(a.servers)
	a.served[i].Add(1)
	a.servers[i].h.ServeHTTP(w, r)
}

// twoServers starts two servers on a fresh database with the demo
// directory, loaded through the first.
func twoServers(t *testing.T) (*alternate, string) {
	t.Helper()
	db := pgtest.URL(t)
	now := func() time.Time { return testNow }
	a, b := startServer(t, db, now), startServer(t, db, now)
	if err := (&Main{Now: now, Log: slog.New(slog.DiscardHandler)}).loadDemo(context.Background(), a.w); err != nil {
		t.Fatal(err)
	}
	return balance(a, b), db
}

func TestACallGoesOnWhicheverServerAnswersEachStep(t *testing.T) {
	lb, _ := twoServers(t)
	ctx := context.Background()
	p := &twiliotest.Phone{Handler: lb, AuthToken: serversToken, PublicURL: "https://line.example.org", From: "+17052530000", To: "+17055550100"}
	turn, err := p.Call(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"1", "1", "1"} { // find a group, the first topic, its first concern
		if turn, err = p.Press(ctx, key); err != nil {
			t.Fatal(err)
		}
	}
	heard := saidText(turn)
	if !strings.Contains(heard, "I found") || !strings.Contains(heard, "near Sault Ste. Marie") {
		t.Fatalf("after three keys, alternating between servers, the caller heard:\n%s", heard)
	}
	if turn, err = p.Press(ctx, "1"); err != nil { // the next group
		t.Fatal(err)
	}
	if strings.Contains(saidText(turn), "I did not get that") || turn.Hangup {
		t.Errorf("the next step, on the other server, lost the call:\n%s", saidText(turn))
	}
	for i := range lb.served {
		if lb.served[i].Load() < 2 {
			t.Errorf("server %d answered %d steps; want the steps spread over both", i, lb.served[i].Load())
		}
	}
}

func TestATextConversationGoesOnWhicheverServerAnswers(t *testing.T) {
	lb, _ := twoServers(t)
	ctx := context.Background()
	p := &twiliotest.Phone{Handler: lb, AuthToken: serversToken, PublicURL: "https://line.example.org", From: "+17052530001", To: "+17055550100"}
	first, err := p.Text(ctx, "/twilio/sms", "grief 705")
	if err != nil || len(first) == 0 || !strings.Contains(first[0], "1)") {
		t.Fatalf("grief 705: %q, %v", first, err)
	}
	more, err := p.Text(ctx, "/twilio/sms", "MORE") // answered by the other server
	if err != nil || len(more) == 0 {
		t.Fatalf("MORE: %q, %v", more, err)
	}
	if strings.Contains(strings.ToLower(more[0]), "send a topic") || more[0] == first[0] {
		t.Errorf("the other server did not remember the list: MORE got %q", more)
	}
	// The rate limit holds across servers: the burst is for the line,
	// not for each server.
	q := &twiliotest.Phone{Handler: lb, AuthToken: serversToken, PublicURL: "https://line.example.org", From: "+17052530002", To: "+17055550100"}
	answered := 0
	for range 25 {
		r, err := q.Text(ctx, "/twilio/sms", "HELP")
		if err != nil {
			t.Fatal(err)
		}
		if len(r) > 0 {
			answered++
		}
	}
	if answered != 20 {
		t.Errorf("25 texts over two servers: %d answered; want the line's limit, 20", answered)
	}
}

// An import through one server, or the CLI, is seen by the other
// server's next search.
func TestAnImportIsSeenByEveryServersNextSearch(t *testing.T) {
	db := pgtest.URL(t)
	now := func() time.Time { return testNow }
	a, b := startServer(t, db, now), startServer(t, db, now)
	ctx := context.Background()
	find := func(s *lineServer) int {
		t.Helper()
		res, err := s.w.finder(now).Find(ctx, directory.Request{Concern: "grief", Area: "705", Channel: directory.ChannelStaff, Limit: 50})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	if n := find(b); n != 0 {
		t.Fatalf("an empty directory found %d", n)
	}
	if err := (&Main{Now: now, Log: slog.New(slog.DiscardHandler)}).loadDemo(ctx, a.w); err != nil {
		t.Fatal(err)
	}
	if n := find(b); n == 0 {
		t.Error("the other server's next search did not see the import")
	}
	before := find(a)
	csv := filepath.Join(t.TempDir(), "one.csv")
	if err := os.WriteFile(csv, []byte("id,name,concerns,phone,city,province,dialin,schedule\n"+
		"new-1,Wawa Grief Telephone Circle,Grief and bereavement,705-555-0190,Wawa,ON,705-555-0191,weekly WE 19:00-20:00 from 2026-01-07\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, stderr, err := run(t, map[string]string{}, "import", "--db", db, csv); err != nil {
		t.Fatalf("import through the CLI: %v\n%s", err, stderr)
	}
	if got := find(a); got != before+1 {
		t.Errorf("after the CLI imported a grief group, a server finds %d; want %d", got, before+1)
	}
}

// Servers that start together on an empty database migrate it once and
// both answer their health check.
func TestServersStartingTogetherBothBecomeHealthy(t *testing.T) {
	db := pgtest.URL(t)
	now := func() time.Time { return testNow }
	var wg sync.WaitGroup
	servers := make([]*lineServer, 4)
	for i := range servers {
		wg.Go(func() { servers[i] = startServer(t, db, now) })
	}
	wg.Wait()
	for i, s := range servers {
		if s == nil {
			t.Fatalf("server %d did not start", i)
		}
		rec := httptest.NewRecorder()
		s.h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
		if rec.Code != http.StatusOK {
			t.Errorf("server %d: /healthz %d %s", i, rec.Code, rec.Body)
		}
	}
	names, err := servers[0].w.store.(interface {
		Migrations(context.Context) ([]string, error)
	}).Migrations(context.Background())
	if err != nil || len(names) == 0 {
		t.Fatalf("migrations %q, %v", names, err)
	}
	seen := map[string]bool{}
	for _, n := range names {
		if seen[n] {
			t.Errorf("migration %s recorded twice", n)
		}
		seen[n] = true
	}
}

// The database going away while serving: the caller hears an apology in
// valid TwiML (never a 5xx), and the line answers again when it returns,
// without a restart.
func TestTheLineApologisesWhileTheDatabaseIsAwayAndResumes(t *testing.T) {
	db := pgtest.URL(t)
	cut := newCuttable(t, db)
	now := func() time.Time { return testNow }
	s := startServer(t, cut.url, now)
	if err := (&Main{Now: now, Log: slog.New(slog.DiscardHandler)}).loadDemo(context.Background(), s.w); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	call := func() *twiliotest.Turn {
		t.Helper()
		p := &twiliotest.Phone{Handler: s.h, AuthToken: serversToken, PublicURL: "https://line.example.org", From: "+17052530003", To: "+17055550100"}
		turn, err := p.Call(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if turn.Status != http.StatusOK {
			t.Fatalf("Twilio saw %d", turn.Status)
		}
		if err := xml.Unmarshal(turn.TwiML, new(struct{ XMLName xml.Name })); err != nil {
			t.Fatalf("not TwiML: %v\n%s", err, turn.TwiML)
		}
		return turn
	}
	if heard := saidText(call()); !strings.Contains(heard, "press 1") {
		t.Fatalf("with the database up the caller heard:\n%s", heard)
	}
	cut.down()
	if heard := saidText(call()); !strings.Contains(heard, "sorry") || !strings.Contains(heard, "9 8 8") {
		t.Errorf("with the database away the caller heard:\n%s", heard)
	}
	p := &twiliotest.Phone{Handler: s.h, AuthToken: serversToken, PublicURL: "https://line.example.org", From: "+17052530004", To: "+17055550100"}
	r, err := p.Text(ctx, "/twilio/sms", "grief 705")
	if err != nil || len(r) != 1 || !strings.Contains(r[0], "988") {
		t.Errorf("a text with the database away got %q, %v; want the apology with 988", r, err)
	}
	rec := httptest.NewRecorder()
	s.h.ServeHTTP(rec, httptest.NewRequest("GET", "/healthz", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("/healthz with the database away: %d; want 503, for the load balancer", rec.Code)
	}
	cut.up()
	if heard := saidText(call()); !strings.Contains(heard, "press 1") || strings.Contains(strings.ToLower(heard), "sorry") {
		t.Errorf("with the database back the caller heard:\n%s", heard)
	}
}

// cuttable is a TCP proxy in front of the database that can be cut and
// mended, as a network or a failover would.
type cuttable struct {
	url    string
	target string
	mu     sync.Mutex
	isDown bool
	conns  map[net.Conn]bool
}

func newCuttable(t *testing.T, db string) *cuttable {
	t.Helper()
	u, err := url.Parse(db)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	c := &cuttable{target: u.Host, conns: map[net.Conn]bool{}}
	u.Host = ln.Addr().String()
	c.url = u.String()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			go c.pipe(in)
		}
	}()
	return c
}

func (c *cuttable) pipe(in net.Conn) {
	c.mu.Lock()
	if c.isDown {
		c.mu.Unlock()
		in.Close()
		return
	}
	out, err := net.Dial("tcp", c.target)
	if err != nil {
		c.mu.Unlock()
		in.Close()
		return
	}
	c.conns[in], c.conns[out] = true, true
	c.mu.Unlock()
	go func() { io.Copy(out, in); out.Close() }()
	io.Copy(in, out)
	in.Close()
}

func (c *cuttable) down() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.isDown = true
	for conn := range c.conns {
		conn.Close()
	}
	clear(c.conns)
}

func (c *cuttable) up() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.isDown = false
}

func saidText(t *twiliotest.Turn) string {
	var b strings.Builder
	for _, s := range t.Said {
		b.WriteString(s.Text)
		b.WriteString("\n")
	}
	return b.String()
}

// A server that cannot be reached stops serve before it listens, with
// the host named and the password not.
func TestServeStopsOnAnUnreachableDatabase(t *testing.T) {
	env := map[string]string{"TWILIO_AUTH_TOKEN": serversToken,
		"PEERLINE_DB": "postgres://line:s3cret@127.0.0.1:1/peerline?sslmode=disable&connect_timeout=2"}
	_, stderr, err := run(t, env, "serve", "--addr", "127.0.0.1:0")
	if err == nil {
		t.Fatal("serve started on a database it cannot reach")
	}
	if msg := err.Error() + stderr; !strings.Contains(msg, "cannot reach PostgreSQL at 127.0.0.1:1") || strings.Contains(msg, "s3cret") {
		t.Errorf("serve said: %v\n%s", err, stderr)
	}
}
