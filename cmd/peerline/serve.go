package main

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

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
	fs := m.flags("serve", "[--addr ADDR] [--db FILE] [--demo] [--insecure-skip-signature]")
	addr := fs.String("addr", m.env("PEERLINE_ADDR", ":8080"), "listen address (env PEERLINE_ADDR)")
	db := m.dbFlag(fs)
	demo := fs.Bool("demo", false, "load the bundled, fictional demo directory into an empty database, and accept unsigned webhooks")
	insecure := fs.Bool("insecure-skip-signature", false, "accept webhooks without a valid Twilio signature (never in production)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := m.lineConfig(*demo || *insecure)
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
	if cfg.skipSignature {
		m.Log.Warn("webhook signatures are NOT checked: anyone who can reach this server can drive the line; use only to try it out")
	}

	runner, err := m.reminders(w, cfg, jobs.RealClock{})
	if err != nil {
		return err
	}
	runner.OnPass = func(p jobs.PassReport) {
		w.met.Reminders(map[string]int{"queued": p.Scan.Queued, "sent": p.Send.Sent, "retry": p.Send.Retry,
			"failed": p.Send.Failed, "skipped": p.Send.Skipped, "unknown": p.Send.Unknown})
	}
	keep := &jobs.Retention{Store: w.store, Voicemails: cfg.voicemailDays, Log: m.Log}
	stopRetention := keep.Start(ctx, m.Now)
	defer stopRetention()
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
	m.Log.Info("peerline is listening", "addr", ln.Addr().String(), "db", *db)
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

// router mounts the line's routes: health, and the Twilio webhooks
// behind the signature check.
func (m *Main) router(w *world, cfg lineConfig) http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.Recoverer)
	r.Get(routes.Health, func(rw http.ResponseWriter, req *http.Request) {
		if err := w.store.Ping(req.Context()); err != nil {
			m.Log.Error("health check: the database does not answer", "err", err)
			http.Error(rw, "database unavailable", http.StatusServiceUnavailable)
			return
		}
		rw.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(rw, "ok")
	})
	verify := &telephony.Verifier{AuthToken: cfg.authToken, PublicURL: cfg.publicURL, SkipCheck: cfg.skipSignature, Log: m.Log}
	voice := ivr.New(ivr.Line{
		Finder: w.finder(m.Now), Texts: cfg.texter(), Voices: cfg.voices, Operator: cfg.operator, Hours: cfg.hours,
		Speech: cfg.speech, Leads: cfg.leads, Activity: w.activity, Now: m.Now, Log: m.Log,
	})
	r.Mount(routes.Voice, w.met.Webhooks("voice", verify.Wrap(voice.Handler())))
	texts := sms.New(sms.Line{Finder: w.finder(m.Now), Leads: cfg.leads, Activity: w.activity, Now: m.Now, Log: m.Log})
	r.Mount(routes.SMS, w.met.Webhooks("sms", verify.Wrap(texts.Handler())))
	r.Method(http.MethodPost, routes.Status, w.met.Webhooks("status", verify.Wrap(jobs.StatusHandler(w.store, m.Now, m.Log))))
	r.Method(http.MethodGet, routes.Metrics, w.met.Handler())
	return r
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
