package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/peerline/peerline/directory"

	"github.com/robfig/cron/v3"
)

// Retention defaults: how long the line keeps what it keeps for a while.
const (
	DefaultCallState  = 24 * time.Hour      // call and text-conversation state
	DefaultVoicemails = 30 * 24 * time.Hour // voicemails (the recording URL and the caller's number)
	DefaultOutbox     = 90 * 24 * time.Hour // finished reminders and notices
	DefaultReferrals  = 30 * 24 * time.Hour // a referral's client number, once the ask was answered or expired
)

// Retention deletes what the line no longer needs: the state of calls
// and text conversations, voicemails staff have had time to return, and
// messages sent long ago. The search log holds no numbers and stays, for
// the report; members, their consents and subscriptions stay until the
// member is forgotten (peerline member forget).
type Retention struct {
	Store      directory.RetentionStore
	CallState  time.Duration // sessions last saved longer ago than this; 0 means DefaultCallState
	Voicemails time.Duration // voicemails left longer ago than this; 0 means DefaultVoicemails
	Outbox     time.Duration // finished outbox messages last changed longer ago; 0 means DefaultOutbox
	Referrals  time.Duration // referrals answered or expired longer ago lose the client's number; 0 means DefaultReferrals
	Log        *slog.Logger

	mu sync.Mutex // one run at a time
}

// RetentionReport is what one run deleted.
type RetentionReport struct {
	Sessions   int
	Voicemails int
	Outbox     int
	Referrals  int // client numbers let go
}

// Run deletes, as of now, everything older than its keeping time. It
// goes on past a failure so that one stuck table does not keep the
// others, and returns the failures joined.
func (r *Retention) Run(ctx context.Context, now time.Time) (RetentionReport, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	var rep RetentionReport
	var errs []error
	var err error
	if rep.Sessions, err = r.Store.DeleteSessionsBefore(ctx, now.Add(-orDefault(r.CallState, DefaultCallState))); err != nil {
		errs = append(errs, fmt.Errorf("retention: sessions: %w", err))
	}
	if rep.Voicemails, err = r.Store.DeleteVoicemailsBefore(ctx, now.Add(-orDefault(r.Voicemails, DefaultVoicemails))); err != nil {
		errs = append(errs, fmt.Errorf("retention: voicemails: %w", err))
	}
	if rep.Outbox, err = r.Store.DeleteOutboxBefore(ctx, now.Add(-orDefault(r.Outbox, DefaultOutbox))); err != nil {
		errs = append(errs, fmt.Errorf("retention: outbox: %w", err))
	}
	if rep.Referrals, err = r.Store.ClearReferralClientsBefore(ctx, now.Add(-orDefault(r.Referrals, DefaultReferrals))); err != nil {
		errs = append(errs, fmt.Errorf("retention: referrals: %w", err))
	}
	return rep, errors.Join(errs...)
}

// Start runs Run every hour, from now, until the returned stop is called;
// stop waits for a run in progress.
func (r *Retention) Start(ctx context.Context, clock func() time.Time) (stop func()) {
	if clock == nil {
		clock = time.Now
	}
	log := r.Log
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	pass := func() {
		rep, err := r.Run(ctx, clock())
		if err != nil {
			log.Error("retention: a run failed", "err", err)
		}
		if rep.Sessions+rep.Voicemails+rep.Outbox+rep.Referrals > 0 {
			log.Info("retention: deleted", "sessions", rep.Sessions, "voicemails", rep.Voicemails, "outbox", rep.Outbox,
				"referral numbers", rep.Referrals)
		}
	}
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.AddFunc("@every 1h", pass)
	c.Start()
	done := make(chan struct{})
	go func() { defer close(done); pass() }() // at start too: a server restarted often still cleans up
	return func() {
		<-c.Stop().Done()
		<-done
	}
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}
