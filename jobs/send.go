package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
)

// Twilio is what the sender needs of Twilio's REST API; telephony.Sender
// is one.
type Twilio interface {
	SendText(ctx context.Context, to, body, statusCallback string) (string, error)
	StartCall(ctx context.Context, to, twimlURL, statusCallback string) (string, error)
}

// Sender sends what the outbox holds, at a steady pace.
type Sender struct {
	Store     directory.Store
	Vocab     *directory.Vocabulary
	Areas     *directory.Areas // where members live, for their clock
	Twilio    Twilio
	PublicURL string // where Twilio fetches reminder calls' TwiML and posts status callbacks
	Clock     Clock
	Rate      float64 // messages a second; Twilio takes about one a second from one long code
	Workers   int     // sends in flight at once, so a slow API does not slow the pace
	Tries     int     // attempts within one pass for a passing failure (429, 5xx, network)
	Backoff   time.Duration
	Passes    int // passes a message may be tried in before it is given up
	Log       *slog.Logger
}

// SendReport says what one pass sent.
type SendReport struct {
	Sent, Retry, Failed, Skipped, Unknown int
}

// strandAfter is how long a message may stay 'sending' before it is
// taken for one whose sender died.
const strandAfter = 10 * time.Minute

// Send sends every message due now, then returns. A message is claimed
// before it is sent and settled after, so no message is sent twice: a
// crash in between leaves it 'sending', and the next pass marks it
// 'unknown' rather than guess.
func (s *Sender) Send(ctx context.Context) (SendReport, error) {
	var rep SendReport
	var mu sync.Mutex
	count := func(f func(*SendReport)) { mu.Lock(); f(&rep); mu.Unlock() }
	now := s.Clock.Now()
	n, err := s.Store.Strand(ctx, now.Add(-strandAfter))
	if err != nil {
		return rep, fmt.Errorf("send: %w", err)
	}
	rep.Unknown = n
	pace := &pacer{clock: s.Clock, every: time.Duration(float64(time.Second) / max(s.Rate, 0.01))}
	groups := &groupCache{store: s.Store, byID: map[int64]directory.Group{}}
	for ctx.Err() == nil {
		due, err := s.Store.ClaimDue(ctx, s.Clock.Now(), 100)
		if err != nil {
			return rep, fmt.Errorf("send: %w", err)
		}
		if len(due) == 0 {
			return rep, nil
		}
		work := make(chan directory.Outgoing)
		var wg sync.WaitGroup
		var firstErr error
		for range max(s.Workers, 1) {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for it := range work {
					if err := s.one(ctx, it, pace, groups, count); err != nil {
						mu.Lock()
						firstErr = cmpErr(firstErr, err)
						mu.Unlock()
					}
				}
			}()
		}
		for _, it := range due {
			work <- it
		}
		close(work)
		wg.Wait()
		if firstErr != nil {
			return rep, fmt.Errorf("send: %w", firstErr)
		}
	}
	return rep, nil
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// one sends one claimed message and settles it.
func (s *Sender) one(ctx context.Context, it directory.Outgoing, pace *pacer, groups *groupCache, count func(func(*SendReport))) error {
	// Stopping must not cut a send short, nor leave a claimed message
	// unrecorded: those use a context that outlives ctx.
	stopping, keep := ctx, context.WithoutCancel(ctx)
	settle := func(state, sid, reason string, retryAt time.Time) error {
		return s.Store.Settle(keep, it.ID, state, sid, reason, retryAt, s.Clock.Now())
	}
	skip := func(reason string) error {
		count(func(r *SendReport) { r.Skipped++ })
		return settle(directory.OutboxSkipped, "", reason, time.Time{})
	}
	if ctx.Err() != nil { // stopping: give it back untried
		return settle(directory.OutboxPending, "", "", time.Time{})
	}
	ctx = keep
	wanted, err := s.Store.StillWanted(ctx, it)
	if err != nil {
		return err
	}
	if !wanted {
		return skip("stopped before sending")
	}
	g, ok, err := groups.get(ctx, it.GroupID)
	if err != nil {
		return err
	}
	if !ok || (g.Status != directory.StatusActive) != (it.Kind == directory.SendEnded) {
		return skip("the group is no longer active, or is listed again")
	}
	now := s.Clock.Now()
	if it.Kind != directory.SendWaitlist && it.Kind != directory.SendEnded && !it.MeetingAt.After(now) {
		return skip("the meeting has started")
	}
	if it.Kind == directory.SendReminder {
		if g.IsCancelled(it.MeetingAt) {
			return skip("the meeting is cancelled") // its notice is a message of its own
		}
	}
	send, err := s.compose(it, g)
	if err != nil {
		count(func(r *SendReport) { r.Failed++ })
		return settle(directory.OutboxFailed, "", err.Error(), time.Time{})
	}
	for try := 1; ; try++ {
		if err := pace.wait(stopping); err != nil { // stopping: give it back untried
			return settle(directory.OutboxPending, "", "", time.Time{})
		}
		sid, err := send(ctx)
		if err == nil {
			count(func(r *SendReport) { r.Sent++ })
			return settle(directory.OutboxSent, sid, "", time.Time{})
		}
		switch telephony.Classify(err) {
		case telephony.Retry:
			if try < max(s.Tries, 1) {
				if err := s.Clock.Sleep(stopping, s.Backoff<<(try-1)); err != nil {
					return settle(directory.OutboxPending, "", shortErr(err), time.Time{})
				}
				continue
			}
			if it.Attempts < max(s.Passes, 1) {
				count(func(r *SendReport) { r.Retry++ })
				return settle(directory.OutboxPending, "", shortErr(err), s.Clock.Now().Add(5*time.Minute))
			}
		case telephony.OptedOut: // the member texted STOP to Twilio
			if err := s.Store.OptOut(ctx, it.Number, s.Clock.Now()); err != nil {
				return err
			}
		case telephony.NotTextable: // a landline: offer calls next time, stop trying texts
			if err := s.Store.SetCannotText(ctx, it.Number, s.Clock.Now()); err != nil {
				return err
			}
		}
		count(func(r *SendReport) { r.Failed++ })
		return settle(directory.OutboxFailed, "", shortErr(err), time.Time{})
	}
}

// compose makes the call that sends a message: a text, or a phone call
// whose words the voice line speaks (routes.ReminderCall).
func (s *Sender) compose(it directory.Outgoing, g directory.Group) (func(context.Context) (string, error), error) {
	status := ""
	if s.PublicURL != "" {
		status = s.PublicURL + routes.Status
	}
	if it.Channel == directory.ByCall {
		if s.PublicURL == "" {
			return nil, errors.New("PEERLINE_PUBLIC_URL is not set: Twilio cannot fetch a reminder call's words")
		}
		u := s.PublicURL + routes.ReminderCall(it.ID)
		return func(ctx context.Context) (string, error) { return s.Twilio.StartCall(ctx, it.Number, u, status) }, nil
	}
	body, err := s.text(it, g)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context) (string, error) { return s.Twilio.SendText(ctx, it.Number, body, status) }, nil
}

// text is the message itself, in the member's language and at their
// clock (a member in Kenora reads Central time).
func (s *Sender) text(it directory.Outgoing, g directory.Group) (string, error) {
	// A catalogue costs microseconds; sends come a second apart.
	w := words.NewBook().In(it.Lang).Writer(s.Areas.Locate(it.Number).Location())
	switch it.Kind {
	case directory.SendReminder:
		return telephony.Fold(w.Reminder(&g, it.MeetingAt)), nil
	case directory.SendCancellation:
		return telephony.Fold(w.Cancellation(&g, it.MeetingAt)), nil
	case directory.SendWaitlist:
		c, ok := s.Vocab.Concern(it.Concern)
		if !ok {
			return "", fmt.Errorf("a wait-list note for a concern the line does not know (%q)", it.Concern)
		}
		return telephony.Fold(w.Waitlist(&g, c.Name(it.Lang), directory.AreaCode(it.Number))), nil
	case directory.SendEnded:
		return telephony.Fold(w.Ended(&g)), nil
	}
	return "", fmt.Errorf("no text for a message of kind %q", it.Kind)
}

// shortErr keeps an error's words for the outbox, not a whole response.
func shortErr(err error) string {
	msg := err.Error()
	if len(msg) > 200 {
		msg = msg[:200]
	}
	return msg
}

// pacer spaces sends evenly at one every `every`, shared by all workers,
// so the pace holds however slowly each send returns.
type pacer struct {
	clock Clock
	every time.Duration
	mu    sync.Mutex
	next  time.Time
}

func (p *pacer) wait(ctx context.Context) error {
	p.mu.Lock()
	now := p.clock.Now()
	slot := p.next
	if slot.Before(now) {
		slot = now
	}
	p.next = slot.Add(p.every)
	p.mu.Unlock()
	return p.clock.Sleep(ctx, slot.Sub(now))
}

// groupCache keeps the groups one pass needs, with their cancellations.
type groupCache struct {
	store directory.Store
	mu    sync.Mutex
	byID  map[int64]directory.Group
}

func (c *groupCache) get(ctx context.Context, id int64) (directory.Group, bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if g, ok := c.byID[id]; ok {
		return g, true, nil
	}
	g, ok, err := c.store.GroupByID(ctx, id)
	if err == nil && ok {
		c.byID[id] = g
	}
	return g, ok, err
}
