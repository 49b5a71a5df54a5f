package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Bounds on what one run may do, whatever the flags say.
const (
	maxWorkers  = 2000
	maxDuration = 30 * time.Minute
	// maxCallsPerWorker bounds each caller's and texter's loop by count as
	// well as by time.
	maxCallsPerWorker = 1_000_000
	// webhookTimeout is Twilio's: it gives up on a webhook after 15 s.
	webhookTimeout = 15 * time.Second
)

// target is a server the load runs against: one process, or several
// sharing one database, each request going to the next in turn.
type target struct {
	name      string
	baseURLs  []string // where requests go
	publicURL string   // what signatures are computed on, whichever server gets them
	token     string
	// flow: the answers are peerline's, so each step must land where the
	// call flow says (not an apology, not the main menu of a call that
	// started over); the baseline's fixed answers are only TwiML.
	flow bool
}

// load runs o.callers callers and o.texters texters against t until
// o.duration has passed, and collects what they measured. A request
// started before the deadline is allowed to finish (within Twilio's 15 s).
func load(ctx context.Context, t target, o options) (*runResult, error) {
	servers := make([]*url.URL, len(t.baseURLs))
	for i, raw := range t.baseURLs {
		if err := loopbackURL(raw); err != nil {
			return nil, err
		}
		u, err := url.Parse(raw)
		if err != nil {
			return nil, err
		}
		servers[i] = u
	}
	if len(servers) == 0 {
		return nil, errors.New("no server to load")
	}
	words, err := texterWords()
	if err != nil {
		return nil, err
	}
	counter := &countingTransport{next: loopbackTransport(o.callers + o.texters)}
	defer counter.next.CloseIdleConnections()
	sent := make([]atomic.Int64, len(servers)) // HTTP requests, by server

	cpu := processCPU()
	start := time.Now()
	deadline := start.Add(o.duration)
	// In-flight requests get Twilio's timeout past the deadline, no more.
	hard, cancel := context.WithDeadline(ctx, deadline.Add(webhookTimeout+5*time.Second))
	defer cancel()

	recs := make([]*recorder, o.callers+o.texters)
	var conversations atomic.Uint64 // numbers the texters' conversations
	var wg sync.WaitGroup
	for i := range recs {
		rec := newRecorder(start, o.duration)
		recs[i] = rec
		// Each worker has its own turn through the servers, starting at
		// a different one, so that the load is even and one call's steps
		// alternate.
		client := &http.Client{Timeout: webhookTimeout, Transport: &inTurn{next: counter, servers: servers, sent: sent, turn: i}}
		w := worker{
			target: t, client: client, deadline: deadline, think: o.think, rec: rec, seq: &conversations,
			rng: rand.New(rand.NewPCG(o.seed, uint64(i))),
		}
		wg.Go(func() {
			w.stagger(hard)
			if i < o.callers {
				w.callLoop(hard)
			} else {
				w.textLoop(hard, words)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("interrupted: %w", err)
	}
	res := summarise(t.name, strings.Join(t.baseURLs, ","), o, merge(recs), elapsed)
	res.HTTPRequests = counter.n.Load()
	for i, u := range t.baseURLs {
		res.Servers = append(res.Servers, serverResult{URL: u, HTTPRequests: sent[i].Load()})
	}
	res.CPU = round((processCPU() - cpu).Seconds(), 1)
	return res, nil
}

// processCPU is the CPU time this process has used, user and system.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// worker is one caller or texter: it places call after call (or
// conversation after conversation) until the deadline.
type worker struct {
	target   target
	client   *http.Client
	deadline time.Time
	think    time.Duration
	rng      *rand.Rand
	rec      *recorder
	seq      *atomic.Uint64 // counts text conversations across texters
}

// more says whether the worker may take another step: before the
// deadline, and not interrupted.
func (w *worker) more(ctx context.Context) bool {
	return ctx.Err() == nil && time.Now().Before(w.deadline)
}

// pause is a person's thinking time before a key or a text: --think,
// give or take half, so that callers do not press in step.
func (w *worker) pause(ctx context.Context) {
	if w.think <= 0 {
		return
	}
	w.sleep(ctx, w.think/2+time.Duration(w.rng.Int64N(int64(w.think))))
}

// stagger spreads the workers' first calls over one --think, so that
// they do not all start at once.
func (w *worker) stagger(ctx context.Context) {
	if w.think > 0 {
		w.sleep(ctx, time.Duration(w.rng.Int64N(int64(w.think))))
	}
}

// sleep waits d, or until the deadline or ctx, whichever comes first.
func (w *worker) sleep(ctx context.Context, d time.Duration) {
	d = max(min(d, time.Until(w.deadline)), 0)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// loopbackURL accepts only http(s) URLs on the loopback interface.
func loopbackURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("--url %q: %w", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fmt.Errorf("--url %q: want http://127.0.0.1:PORT", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--url %q: the load generator only targets this machine (127.0.0.1, [::1], localhost)", raw)
}

// errNotLoopback is a connection the dialer refused.
var errNotLoopback = errors.New("refusing to connect to an address off this machine")

// loopbackTransport is an HTTP transport that keeps a connection per
// worker alive and can only connect to loopback addresses.
func loopbackTransport(workers int) *http.Transport {
	d := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(_, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("%w: %s", errNotLoopback, address)
			}
			return nil
		},
	}
	return &http.Transport{
		Proxy:               nil, // never through a proxy: loopback only
		DialContext:         d.DialContext,
		MaxIdleConns:        workers + 10,
		MaxIdleConnsPerHost: workers + 10,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
}

// countingTransport counts the HTTP requests sent, redirects included.
type countingTransport struct {
	next *http.Transport
	n    atomic.Int64
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.next.RoundTrip(r)
}

// inTurn is one worker's way to its servers: each HTTP request goes to
// the next server in turn, whatever the request's URL names (the
// Phone's BaseURL, the first server). One worker sends one request at a
// time, so one call's steps, and one conversation's texts, alternate.
type inTurn struct {
	next    http.RoundTripper
	servers []*url.URL
	sent    []atomic.Int64
	turn    int
}

func (t *inTurn) RoundTrip(r *http.Request) (*http.Response, error) {
	i := t.turn % len(t.servers)
	t.turn++
	t.sent[i].Add(1)
	if s := t.servers[i]; len(t.servers) > 1 && (r.URL.Host != s.Host || r.URL.Scheme != s.Scheme) {
		r = r.Clone(r.Context()) // a RoundTripper leaves its request as it was
		r.URL.Scheme, r.URL.Host, r.Host = s.Scheme, s.Host, ""
	}
	return t.next.RoundTrip(r)
}
