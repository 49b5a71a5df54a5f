package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strings"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/peerline/peerline/console"
	"github.com/peerline/peerline/directory/csvfile"
	"github.com/peerline/peerline/ivr"
	"github.com/peerline/peerline/jobs"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/sms"
	"github.com/peerline/peerline/telephony"
)

//go:embed demo/directory.csv
var demoDirectory []byte

// activityFlush is how often the counts of calls and texts are written.
const activityFlush = 10 * time.Second

// shutdownGrace is how long serve lets calls in progress finish after it
// is told to stop; Twilio itself gives up on a webhook after 15 seconds.
const shutdownGrace = 20 * time.Second

func (m *Main) serve(ctx context.Context, args []string) error {
	fs := m.flags("serve", "[--addr ADDR] [--db FILE] [--demo] [--insecure-skip-signature] [--strict-health]\n\n"+
		"Every setting (flags, and the variables in the README) is checked before anything starts; every bad one is named.")
	addr := fs.String("addr", m.env("PEERLINE_ADDR", ":8080"), "listen address (env PEERLINE_ADDR)")
	db := m.dbFlag(fs)
	demo := fs.Bool("demo", false, "load the bundled, fictional demo directory into an empty database, and accept unsigned webhooks")
	insecure := fs.Bool("insecure-skip-signature", false, "accept webhooks without a valid Twilio signature (never in production)")
	strict := fs.Bool("strict-health", false, "GET /healthz answers 503, not 200, while the directory has no group (env PEERLINE_HEALTH_STRICT=on)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := m.serveConfig(fs, *addr, *db, *demo || *insecure, *strict)
	if err != nil {
		return err
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.close()
	if *demo {
		if err := m.loadDemo(ctx, w); err != nil {
			return err
		}
	}
	groups, err := w.store.CountGroups(ctx)
	if err != nil {
		return err
	}
	if groups == 0 {
		m.Log.Warn(emptyDirectoryWarning)
	}
	if cfg.skipSignature {
		m.Log.Warn("webhook signatures are NOT checked: anyone who can reach this server can drive the line; use only to try it out")
	}

	runner, err := m.reminders(w, cfg, jobs.RealClock{})
	if err != nil {
		return err
	}
	runner.OnPass = func(p jobs.PassReport) {
		w.met.Reminders(map[string]int{"queued": p.Scan.Queued, "sent": p.Send.Sent, "retry": p.Send.Retry,
			"failed": p.Send.Failed, "skipped": p.Send.Skipped,
			"found": p.Send.Found, "resent": p.Send.Resent, "in_doubt": p.Send.Unknown}) // of those a crash left in doubt
	}
	keep := &jobs.Retention{Store: w.store, Voicemails: cfg.voicemailDays, Log: m.Log}
	stopRetention := keep.Start(ctx, m.Now)
	defer stopRetention()
	nightly := m.feeds(w, w.vocab)
	nightly.Lease, nightly.Holder = w.store, holder() // one server of several syncs
	stopFeeds := nightly.Start(ctx)                   // every feed re-imported each night
	defer stopFeeds()
	if cfg.sender != nil { // listings checked once a day, on one server (verify.go)
		stopVerify := m.verifier(w, cfg, jobs.RealClock{}, holder()).Start(ctx)
		defer stopVerify()
	}
	words := &jobs.Words{Store: w.store, Vocab: w.vocab, Log: m.Log} // what staff taught in the console
	if err := words.Load(ctx); err != nil {
		return fmt.Errorf("reading the words staff taught: %w", err)
	}
	stopWords := words.Start(ctx)
	defer stopWords()
	if cfg.sender != nil {
		stop := runner.Start(ctx)
		defer stop() // after the server: a pass in progress finishes its sends
	} else {
		m.Log.Warn("reminders are off: TWILIO_ACCOUNT_SID and TWILIO_FROM are not set")
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listening on %s: %w", *addr, err)
	}
	srv := &http.Server{
		Handler:           m.router(w, cfg),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      15 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	counting, stopCounting := context.WithCancel(context.WithoutCancel(ctx))
	counted := make(chan struct{})
	go func() { w.activity.Run(counting, activityFlush); close(counted) }()
	defer func() { stopCounting(); <-counted }() // after the last webhook: its call is counted
	m.Log.Info("peerline is listening", "addr", ln.Addr().String(), "db", dbName(*db))
	if m.Ready != nil {
		m.Ready(ln.Addr().String())
	}

	select {
	case err := <-served:
		return fmt.Errorf("serving: %w", err)
	case <-ctx.Done():
	}
	m.Log.Info("peerline is stopping; finishing requests in progress")
	stopCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := srv.Shutdown(stopCtx); err != nil {
		return fmt.Errorf("stopping: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// router mounts the line's routes: health, the Twilio webhooks behind
// the signature check, and the staff console (unless PEERLINE_CONSOLE=off).
func (m *Main) router(w *world, cfg lineConfig) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Get(routes.Health, m.health(w, cfg.strictHealth))
	verify := &telephony.Verifier{AuthToken: cfg.authToken, PublicURL: cfg.publicURL, SkipCheck: cfg.skipSignature, Log: m.Log}
	voice := ivr.New(ivr.Line{
		Finder: cfg.finder(w, m.Now), Texts: cfg.texter(), Voices: cfg.voices, Operator: cfg.operator, Hours: cfg.hours,
		Speech: cfg.speech, Leads: cfg.leads, Activity: w.activity, Now: m.Now, Log: m.Log,
	})
	r.Mount(routes.Voice, w.met.Webhooks("voice", verify.Wrap(voice.Handler())))
	texts := sms.New(sms.Line{Finder: cfg.finder(w, m.Now), Leads: cfg.leads, Activity: w.activity, Now: m.Now, Log: m.Log,
		Texts: cfg.texter(), Operator: cfg.operator})
	r.Mount(routes.SMS, w.met.Webhooks("sms", verify.Wrap(texts.Handler())))
	r.Method(http.MethodPost, routes.Status, w.met.Webhooks("status", verify.Wrap(jobs.StatusHandler(w.store, m.Now, m.Log))))
	r.Method(http.MethodGet, routes.Metrics, w.met.Handler())
	if cfg.console { // PEERLINE_CONSOLE=off serves none
		staff := &console.Console{Store: w.store, Vocab: w.vocab, Areas: w.areas, Now: m.Now, Log: m.Log,
			Secure: strings.HasPrefix(strings.ToLower(cfg.publicURL), "https://")}
		if cfg.sender != nil {
			staff.Recordings = cfg.sender // voicemails played through the server, with the account's credentials
		}
		staff.StartThreshold = cfg.startThreshold
		staff.InviteDue = func(number string, now time.Time) time.Time { return cfg.quiet.Due(w.areas, number, now) }
		r.Mount(console.Prefix, staff.Handler())
	}
	return r
}

// emptyDirectoryWarning is what serve logs at start when the directory
// has no group.
const emptyDirectoryWarning = "the directory is empty: the line will find no group; import one with peerline import, or start with --demo"

// emptyDirectoryHealth is the line GET /healthz adds while the directory
// has no group.
const emptyDirectoryHealth = "directory empty: the line will find no group"

// health answers GET /healthz: 200 "ok" while the database answers, with
// a second line while the directory is empty, which is then a 503 when
// strict (--strict-health) — so a monitor can choose to page on a line
// that answers every caller "no group".
func (m *Main) health(w *world, strict bool) http.HandlerFunc {
	dir := &groupsSeen{store: w.store}
	return func(rw http.ResponseWriter, req *http.Request) {
		err := w.store.Ping(req.Context())
		var empty bool
		if err == nil {
			empty, err = dir.empty(req.Context())
		}
		if err != nil {
			m.Log.Error("health check: the database does not answer", "err", err)
			http.Error(rw, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		switch {
		case empty && strict:
			rw.WriteHeader(http.StatusServiceUnavailable)
			fmt.Fprintln(rw, emptyDirectoryHealth)
		case empty:
			fmt.Fprintf(rw, "ok\n%s\n", emptyDirectoryHealth)
		default:
			fmt.Fprintln(rw, "ok")
		}
	}
}

// groupsSeen says whether the directory is empty, cheaply enough for
// every health probe of a 100,000-group directory. The line never
// deletes a group (a feed marks those it drops inactive), so once a
// group is seen the answer is kept and the store is not asked again;
// until then the store counts the rows of an empty table, which costs
// nothing. A directory filled by `peerline import` while serve runs is
// seen at the next probe.
type groupsSeen struct {
	store interface {
		CountGroups(ctx context.Context) (int, error)
	}
	seen atomic.Bool
}

func (g *groupsSeen) empty(ctx context.Context) (bool, error) {
	if g.seen.Load() {
		return false, nil
	}
	n, err := g.store.CountGroups(ctx)
	if err != nil {
		return false, err
	}
	if n > 0 {
		g.seen.Store(true)
	}
	return n == 0, nil
}

// loadDemo fills an empty database with the bundled demo directory. A
// database that already has groups is left as it is: --demo never
// overwrites a real directory.
func (m *Main) loadDemo(ctx context.Context, w *world) error {
	n, err := w.store.CountGroups(ctx)
	if err != nil {
		return err
	}
	if n > 0 {
		m.Log.Info("demo: the database already has groups; not loading the demo directory", "groups", n)
		return nil
	}
	imp, err := csvfile.Read(bytes.NewReader(demoDirectory), "demo/directory.csv", w.vocab, w.areas)
	if err != nil {
		return fmt.Errorf("demo directory: %w", err)
	}
	if len(imp.Report.Errors) > 0 {
		return fmt.Errorf("demo directory: %w", imp.Report.Errors[0])
	}
	if err := w.store.Import(ctx, imp, m.Now()); err != nil {
		return fmt.Errorf("demo directory: %w", err)
	}
	m.Log.Info("demo: loaded the fictional demo directory", "groups", imp.Report.Added)
	return nil
}

// holder names this process among the servers sharing a database, for
// the leases of scheduled work.
func holder() string {
	host, _ := os.Hostname()
	return fmt.Sprintf("%s:%d", host, os.Getpid())
}
