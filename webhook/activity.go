package webhook

import (
	"context"
	"log/slog"
	"sync"
	"time"

	"github.com/peerline/peerline/directory"
)

// Activity counts calls and texts in memory and writes the counts in
// batches, so that answering a call costs no write for the report. A
// crash loses at most the counts since the last flush.
type Activity struct {
	Store directory.ReportStore
	Now   func() time.Time
	Log   *slog.Logger

	mu     sync.Mutex
	counts map[directory.ActivityKey]int
}

// Add counts one conversation of kind on channel, on today's UTC date.
func (a *Activity) Add(channel, kind string) {
	k := directory.ActivityAt(a.Now(), channel, kind)
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.counts == nil {
		a.counts = map[directory.ActivityKey]int{}
	}
	a.counts[k]++
}

// Flush writes the counts so far. Counts that cannot be written are kept
// for the next flush.
func (a *Activity) Flush(ctx context.Context) error {
	a.mu.Lock()
	counts := a.counts
	a.counts = nil
	a.mu.Unlock()
	if len(counts) == 0 {
		return nil
	}
	if err := a.Store.AddActivity(ctx, counts); err != nil {
		a.mu.Lock()
		if a.counts == nil {
			a.counts = map[directory.ActivityKey]int{}
		}
		for k, n := range counts {
			a.counts[k] += n
		}
		a.mu.Unlock()
		return err
	}
	return nil
}

// Run flushes every interval until ctx ends, then once more.
func (a *Activity) Run(ctx context.Context, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			if err := a.Flush(ctx); err != nil {
				a.Log.Warn("cannot write the counts of calls and texts; keeping them for the next try", "err", err)
			}
		case <-ctx.Done():
			if err := a.Flush(context.WithoutCancel(ctx)); err != nil {
				a.Log.Error("cannot write the last counts of calls and texts", "err", err)
			}
			return
		}
	}
}
