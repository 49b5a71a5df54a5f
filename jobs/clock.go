// Package jobs is the line's scheduled work: the reminder scan that
// queues messages before meetings, the sender that sends them at a
// steady pace through Twilio, and the status callbacks that say what
// became of them. Time comes from a Clock, so tests never sleep.
package jobs

import (
	"context"
	"time"
)

// Clock is the time the jobs see, and how they wait.
type Clock interface {
	Now() time.Time
	// Sleep waits d, or until ctx is done.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock is the wall clock.
type RealClock struct{}

func (RealClock) Now() time.Time { return time.Now() }

func (RealClock) Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
