package sms

import (
	"sync"
	"time"
)

// limiter answers at most burst texts per sender in any window. It keeps
// only hashed sender keys and times, and forgets a sender once their
// window has passed.
type limiter struct {
	burst  int
	window time.Duration
	mu     sync.Mutex
	seen   map[string][]time.Time
	swept  time.Time
}

func (l *limiter) allow(sender string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if now.Sub(l.swept) > l.window {
		for k, ts := range l.seen {
			if len(ts) == 0 || now.Sub(ts[len(ts)-1]) > l.window {
				delete(l.seen, k)
			}
		}
		l.swept = now
	}
	recent := l.seen[sender][:0]
	for _, t := range l.seen[sender] {
		if now.Sub(t) < l.window {
			recent = append(recent, t)
		}
	}
	if len(recent) >= l.burst {
		l.seen[sender] = recent
		return false
	}
	l.seen[sender] = append(recent, now)
	return true
}
