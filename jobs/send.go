package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
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
	// TextsSince and CallsSince list the texts and calls the line's number
	// made to one number that Twilio created from a moment on, oldest
	// first: how a message a crash left in doubt is found.
	TextsSince(ctx context.Context, to string, since time.Time) ([]telephony.Sent, error)
	CallsSince(ctx context.Context, to string, since time.Time) ([]telephony.Sent, error)
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
	Sent, Retry, Failed, Skipped int
	// Messages a sender that died left in doubt (claimed, never settled),
	// which this pass asked Twilio about:
	Found   int // Twilio had it: its Sid is recorded, and nothing is sent again
	Resent  int // Twilio had not: sent now (counted in Sent too)
	Unknown int // Twilio could not be asked: still in doubt, for a later pass
}

// maxHold is the longest a sender holds a message it claimed: from the
// claim, just before the first try, to settling it, through one send and
// its retries. A retry that could not end within it is not started: the
// message goes back to the outbox for a later pass.
const maxHold = 2 * time.Minute

// strandAfter is how long a message may stay claimed ('sending') before
// a pass takes it for one whose sender died, asks Twilio whether it went,
// and settles it. It must stay well above maxHold, the longest a live
// sender holds a claim: a pass that took over a message its sender was
// still sending would send it twice. The margin is for what maxHold does
// not bound: the write that settles a message after its send, a process
// paused for a while, the clocks of several servers sharing one database.
// It is short because a message in doubt waits that long: a claim now
// covers one send, where a pass used to claim 100 messages at once and
// hold the last of them for minutes.
const strandAfter = 5 * time.Minute

// lookupSlack widens the look at Twilio back from a claim: Twilio's dates
// have whole seconds, and its clock is not the line's.
const lookupSlack = 5 * time.Second

// Send settles what a sender that died left in doubt, then sends every
// message due now, and returns. Each message is claimed just before it is
// sent and settled after, so a crash leaves in doubt only the messages in
// flight at that moment (at most one per worker). A later pass, once
// strandAfter has passed, asks Twilio about each: one that went gets its
// Sid recorded, one that did not is sent then, by exactly one pass.
func (s *Sender) Send(ctx context.Context) (SendReport, error) {
	var rep SendReport
	var mu sync.Mutex
	count := func(f func(*SendReport)) { mu.Lock(); f(&rep); mu.Unlock() }
	groups := &groupCache{store: s.Store, byID: map[int64]directory.Group{}}
	redo, err := s.settleInDoubt(ctx, groups, count)
	if err != nil {
		return rep, fmt.Errorf("send: %w", err)
	}
	work := &claims{redo: redo}
	pace := &pacer{clock: s.Clock, every: time.Duration(float64(time.Second) / max(s.Rate, 0.01))}
	var wg sync.WaitGroup
	var firstErr error
	var failed atomic.Bool
	var started atomic.Int32
	// A worker starts the next once it has found work, so that a pass with
	// nothing due waits for no pace slot but the first.
	var worker func()
	worker = func() {
		defer wg.Done()
		first := true
		for !failed.Load() {
			if err := pace.wait(ctx); err != nil {
				return // stopping: nothing is claimed yet
			}
			it, redone, ok, err := s.claim(ctx, work)
			if err == nil && ok {
				if first && started.Add(1) < int32(max(s.Workers, 1)) {
					wg.Add(1)
					go worker()
				}
				first = false
				err = s.one(ctx, it, redone, pace, groups, count)
			}
			if err != nil {
				mu.Lock()
				firstErr = cmpErr(firstErr, err)
				mu.Unlock()
				failed.Store(true)
				return
			}
			if !ok {
				return
			}
		}
	}
	wg.Add(1)
	go worker()
	wg.Wait()
	if firstErr != nil {
		return rep, fmt.Errorf("send: %w", firstErr)
	}
	return rep, nil
}

// claims is what a pass has to send besides what comes due: the messages
// in doubt that Twilio did not have, still to be taken over.
type claims struct {
	mu   sync.Mutex
	redo []directory.Outgoing
}

func (c *claims) pop() (directory.Outgoing, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.redo) == 0 {
		return directory.Outgoing{}, false
	}
	it := c.redo[0]
	c.redo = c.redo[1:]
	return it, true
}

// claim takes the next message to send, just before its send: first one a
// dead sender left that Twilio did not have (taken over, unless another
// pass did first), else one due now. redone says which; ok is false when
// nothing is left.
func (s *Sender) claim(ctx context.Context, work *claims) (it directory.Outgoing, redone, ok bool, err error) {
	keep := context.WithoutCancel(ctx) // a claim, once made, is recorded
	for {
		it, ok := work.pop()
		if !ok {
			break
		}
		now := s.Clock.Now()
		won, err := s.Store.Reclaim(keep, it.ID, it.ClaimedAt, now)
		if err != nil {
			return it, false, false, err
		}
		if won {
			s.log().Info("reminders: a message in doubt after a crash had not gone; sending it",
				"id", it.ID, "to", directory.Mask(it.Number), "channel", it.Channel)
			it.ClaimedAt = now
			return it, true, true, nil
		}
		// Another pass took it over since: it is that pass's to send.
	}
	now := s.Clock.Now()
	due, err := s.Store.ClaimDue(keep, now, 1)
	if err != nil || len(due) == 0 {
		return directory.Outgoing{}, false, false, err
	}
	it = due[0]
	if it.ClaimedAt.IsZero() {
		it.ClaimedAt = now
	}
	return it, false, true, nil
}

// settleInDoubt looks up at Twilio each message claimed before
// strandAfter and never settled — its sender died — and settles it: one
// Twilio has is recorded sent with its Sid; one it has not is returned, to
// be sent by this pass; one Twilio cannot be asked about stays in doubt.
//
// Twilio is asked before the message is taken over (Reclaim), so a failed
// lookup leaves the message as it was, claim time and all, for the next
// pass to look up from the same moment. The lookup still holds when the
// take-over succeeds: only the message's dead sender could have sent it
// since its claim, or the claim time would have changed.
func (s *Sender) settleInDoubt(ctx context.Context, groups *groupCache, count func(func(*SendReport))) ([]directory.Outgoing, error) {
	doubt, err := s.Store.InFlight(ctx, s.Clock.Now().Add(-strandAfter))
	if err != nil {
		return nil, err
	}
	keep := context.WithoutCancel(ctx)
	var redo []directory.Outgoing
	var known map[string]bool // the Sids the outbox holds: a message found must be none of them
	for i, it := range doubt {
		if ctx.Err() != nil {
			break // stopping: the rest stay in doubt for the next pass
		}
		body, err := s.words(ctx, it, groups)
		if err != nil {
			return nil, err
		}
		went, err := s.lookup(ctx, it, body)
		if err != nil {
			s.log().Warn("reminders: could not ask Twilio about a message in doubt; a later pass will",
				"id", it.ID, "to", directory.Mask(it.Number), "err", err)
			if telephony.Classify(err) == telephony.Retry { // Twilio is out of reach: so for the rest
				count(func(r *SendReport) { r.Unknown += len(doubt) - i })
				break
			}
			count(func(r *SendReport) { r.Unknown++ })
			continue
		}
		if len(went) > 0 && known == nil {
			if known, err = s.knownSids(ctx); err != nil {
				return nil, err
			}
		}
		sid := ""
		for _, m := range went {
			if !known[m.Sid] {
				sid = m.Sid
				break
			}
		}
		if sid == "" {
			redo = append(redo, it)
			continue
		}
		now := s.Clock.Now()
		won, err := s.Store.Reclaim(keep, it.ID, it.ClaimedAt, now)
		if err != nil {
			return nil, err
		}
		if !won {
			continue // another pass settled it, or is settling it
		}
		if err := s.Store.Settle(keep, it.ID, directory.OutboxSent, sid, "", time.Time{}, s.Clock.Now()); err != nil {
			// Put the claim time back if the row is still ours: a later
			// pass must look from the first claim, or it would miss the
			// message that went.
			_, _ = s.Store.Reclaim(keep, it.ID, now, it.ClaimedAt)
			return nil, err
		}
		known[sid] = true
		count(func(r *SendReport) { r.Found++ })
		s.log().Info("reminders: a message in doubt after a crash had gone; its Sid is recorded",
			"id", it.ID, "to", directory.Mask(it.Number), "channel", it.Channel, "sid", sid)
	}
	return redo, nil
}

// words is what a text in doubt said, to tell it from the line's other
// texts to its number: "" for a call, or for a text whose words cannot be
// made again (then any text of the moment is taken for it).
func (s *Sender) words(ctx context.Context, it directory.Outgoing, groups *groupCache) (string, error) {
	if it.Channel == directory.ByCall {
		return "", nil
	}
	if it.Kind == directory.SendInvite {
		_, _, err := s.invitation(ctx, &it)
		return it.Note, err
	}
	g, ok, err := groups.get(ctx, it.GroupID)
	if err != nil || !ok {
		return "", err
	}
	body, _ := s.text(it, g)
	return body, nil
}

// lookup asks Twilio what the line sent the message's number from just
// before its claim until its sender must have died: for a text, the texts
// with its words (body, unless ""); for a call, the calls (a call's words
// are fetched from the line, not listed).
func (s *Sender) lookup(ctx context.Context, it directory.Outgoing, body string) ([]telephony.Sent, error) {
	since, until := it.ClaimedAt.Add(-lookupSlack), it.ClaimedAt.Add(strandAfter)
	list := s.Twilio.TextsSince
	if it.Channel == directory.ByCall {
		list = s.Twilio.CallsSince
	}
	went, err := list(ctx, it.Number, since)
	if err != nil {
		return nil, err
	}
	kept := went[:0]
	for _, m := range went {
		if !m.At.After(until) && (body == "" || m.Body == body) {
			kept = append(kept, m)
		}
	}
	return kept, nil
}

// knownSids is every Sid the outbox has recorded.
func (s *Sender) knownSids(ctx context.Context) (map[string]bool, error) {
	sent, err := s.Store.Outgoings(ctx, directory.OutboxSent)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	for _, it := range sent {
		if it.Sid != "" {
			known[it.Sid] = true
		}
	}
	return known, nil
}

func (s *Sender) log() *slog.Logger {
	if s.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return s.Log
}

func cmpErr(a, b error) error {
	if a != nil {
		return a
	}
	return b
}

// one sends one claimed message and settles it. redone says it is a
// message a crash left in doubt and Twilio did not have.
func (s *Sender) one(ctx context.Context, it directory.Outgoing, redone bool, pace *pacer, groups *groupCache, count func(func(*SendReport))) error {
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
	later := func(err error) error { // a passing failure: a later pass tries again, a few times
		if it.Attempts < max(s.Passes, 1) {
			count(func(r *SendReport) { r.Retry++ })
			return settle(directory.OutboxPending, "", shortErr(err), s.Clock.Now().Add(5*time.Minute))
		}
		count(func(r *SendReport) { r.Failed++ })
		return settle(directory.OutboxFailed, "", shortErr(err), time.Time{})
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
	var g directory.Group
	var ok bool
	if it.Kind == directory.SendInvite { // about no group: invite.go
		g, ok, err = s.invitation(ctx, &it)
	} else {
		g, ok, err = groups.get(ctx, it.GroupID)
	}
	if err != nil {
		return err
	}
	if !ok || (g.Status != directory.StatusActive) != (it.Kind == directory.SendEnded) {
		return skip("the group is no longer active, or is listed again")
	}
	now := s.Clock.Now()
	if it.Kind != directory.SendWaitlist && it.Kind != directory.SendEnded && it.Kind != directory.SendInvite && !it.MeetingAt.After(now) {
		return skip("the meeting has started")
	}
	if it.Kind == directory.SendReminder || it.Kind == directory.SendNote { // a note is for a meeting that takes place
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
		if try > 1 { // the first try's pace slot came before the claim
			if err := pace.wait(stopping); err != nil { // stopping: give it back untried
				return settle(directory.OutboxPending, "", "", time.Time{})
			}
		}
		sid, err := send(ctx)
		if err == nil {
			count(func(r *SendReport) {
				r.Sent++
				if redone {
					r.Resent++
				}
			})
			return settle(directory.OutboxSent, sid, "", time.Time{})
		}
		switch telephony.Classify(err) {
		case telephony.Retry:
			if try >= max(s.Tries, 1) {
				return later(err)
			}
			wait := s.Backoff << (try - 1)
			// Hold the claim no longer than maxHold (see strandAfter).
			if s.Clock.Now().Add(wait + pace.every + telephony.RequestTimeout).After(it.ClaimedAt.Add(maxHold)) {
				return later(err)
			}
			if err := s.Clock.Sleep(stopping, wait); err != nil {
				return settle(directory.OutboxPending, "", shortErr(err), time.Time{})
			}
			continue
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
	case directory.SendInvite:
		return it.Note, nil // made by invitation
	case directory.SendNote:
		return noteText(it, &g, s.Areas), nil
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
