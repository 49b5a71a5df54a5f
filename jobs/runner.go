package jobs

import (
	"context"
	"log/slog"
	"sync"

	"github.com/robfig/cron/v3"
)

// Runner runs the reminder pass — scan, then send — once, or every minute.
type Runner struct {
	Scanner *Scanner
	Sender  *Sender
	Log     *slog.Logger

	mu sync.Mutex // one pass at a time, however they are started
}

// PassReport is what one pass did.
type PassReport struct {
	Scan ScanReport
	Send SendReport
}

// Pass scans and sends once, at the Sender's clock's time.
func (r *Runner) Pass(ctx context.Context) (PassReport, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var rep PassReport
	var err error
	if rep.Scan, err = r.Scanner.Scan(ctx, r.Sender.Clock.Now()); err != nil {
		return rep, err
	}
	rep.Send, err = r.Sender.Send(ctx)
	return rep, err
}

// Start runs a pass every minute until the returned stop is called; stop
// waits for a pass in progress to finish its sends.
func (r *Runner) Start(ctx context.Context) (stop func()) {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.AddFunc("@every 1m", func() {
		rep, err := r.Pass(ctx)
		switch {
		case err != nil:
			r.Log.Error("reminders: the pass failed", "err", err)
		case rep.Scan.Queued+rep.Send.Sent+rep.Send.Failed+rep.Send.Unknown > 0:
			r.Log.Info("reminders", "queued", rep.Scan.Queued, "sent", rep.Send.Sent, "retry", rep.Send.Retry,
				"failed", rep.Send.Failed, "skipped", rep.Send.Skipped, "unknown", rep.Send.Unknown)
		}
	})
	c.Start()
	return func() { <-c.Stop().Done() }
}
