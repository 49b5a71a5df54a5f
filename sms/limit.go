package sms

import (
	"context"
	"time"

	"github.com/peerline/peerline/directory"
)

// limiter answers at most burst texts per sender in each window of time.
// The count is kept in the store (CountHit), under the sender's hashed
// key, so the limit holds whichever server a text reaches. Windows are
// fixed (they start on the clock's multiples of window), so a sender can
// at most double the burst across a window's edge; a runaway loop still
// costs the line little.
type limiter struct {
	store  directory.SessionStore
	burst  int
	window time.Duration
}

// allow counts a text and reports whether it may be answered. A store
// that cannot count does not silence anyone: answering goes on, and
// fails on its own if the store is away.
func (l *limiter) allow(ctx context.Context, sender string, now time.Time) bool {
	n, err := l.store.CountHit(ctx, "rate:"+sender, now.Truncate(l.window))
	return err != nil || n <= l.burst
}
