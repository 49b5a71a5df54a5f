package jobs

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/peerline/peerline/directory"

	"github.com/robfig/cron/v3"
)

// Runner runs the reminder pass — scan, then send — once, or every minute.
type Runner struct {
	Scanner *Scanner
	Sender  *Sender
	Log     *slog.Logger
	OnPass  func(PassReport) // when set, hears of every pass run by Start: the metrics count them

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

// Preview is a message a pass would send, for --dry-run.
type Preview struct {
	Number  string // masked
	Channel directory.Channel
	Kind    string
	Due     time.Time
	Text    string // the text, or what the call is about
}

// DryRun lists what a pass at the clock's time would send, and sends and
// queues nothing: new messages the scan would queue, and queued ones due.
func (r *Runner) DryRun(ctx context.Context) ([]Preview, error) {
	now := r.Sender.Clock.Now()
	fresh, err := r.Scanner.Due(ctx, now)
	if err != nil {
		return nil, err
	}
	queued, err := r.Scanner.Store.Outgoings(ctx, directory.OutboxPending)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var out []Preview
	groups := &groupCache{store: r.Scanner.Store, byID: map[int64]directory.Group{}}
	for _, it := range append(queued, fresh...) {
		if it.DueAt.After(now) || seen[it.Key] {
			continue
		}
		seen[it.Key] = true
		if it.Number == "" {
			continue
		}
		g, ok, err := groups.get(ctx, it.GroupID)
		if err != nil || !ok {
			return nil, err
		}
		text, err := r.Sender.text(it, g)
		if err != nil {
			text = "(cannot be sent: " + err.Error() + ")"
		}
		if it.Channel == directory.ByCall {
			text = "(a phone call) " + text
		}
		out = append(out, Preview{Number: directory.Mask(it.Number), Channel: it.Channel, Kind: it.Kind, Due: it.DueAt, Text: text})
	}
	return out, nil
}

// Start runs a pass every minute until the returned stop is called; stop
// waits for a pass in progress to finish its sends.
func (r *Runner) Start(ctx context.Context) (stop func()) {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.AddFunc("@every 1m", func() {
		rep, err := r.Pass(ctx)
		if r.OnPass != nil {
			r.OnPass(rep)
		}
		switch {
		case err != nil:
			r.Log.Error("reminders: the pass failed", "err", err)
		case rep.Scan.Queued+rep.Send.Sent+rep.Send.Failed+rep.Send.Found+rep.Send.Unknown > 0:
			// Counts only. Of the messages a crash left in doubt: found at Twilio
			// (Sid recorded), resent (Twilio had not), in_doubt (Twilio could not be
			// asked); each is logged as it is settled, its number masked.
			r.Log.Info("reminders", "queued", rep.Scan.Queued, "sent", rep.Send.Sent, "retry", rep.Send.Retry,
				"failed", rep.Send.Failed, "skipped", rep.Send.Skipped,
				"found", rep.Send.Found, "resent", rep.Send.Resent, "in_doubt", rep.Send.Unknown)
		}
	})
	c.Start()
	return func() { <-c.Stop().Done() }
}
