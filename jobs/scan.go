package jobs

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/peerline/peerline/directory"
)

// Scanner queues what is due: a reminder for each active subscription
// before each meeting, a notice instead when a meeting is cancelled, a
// note to wait-listed members when a group starts near them, and a notice
// to the members of a group taken off the line (its feed dropped it).
type Scanner struct {
	Store  directory.Store
	Areas  *directory.Areas
	Leads  []time.Duration // longest first
	Quiet  Quiet
	Window time.Duration // how far ahead of its send time a message is queued
}

// ScanReport says what one scan did.
type ScanReport struct {
	Groups   int // groups with subscribers
	Meetings int // meetings with a reminder due
	Queued   int // messages newly queued
}

// Scan queues every message due by now+Window whose meeting has not
// started. A reminder is keyed by (subscription, meeting, lead), so
// scanning again, after a restart, or from two processes queues nothing
// twice. When a server was down and several reminders of one meeting are
// due at once, only the latest is queued: the others are stale.
func (s *Scanner) Scan(ctx context.Context, now time.Time) (ScanReport, error) {
	return s.visit(ctx, now, func(items []directory.Outgoing) (int, error) { return s.Store.Enqueue(ctx, items, now) })
}

// Due lists what a scan at now would queue, queueing nothing: the dry run.
func (s *Scanner) Due(ctx context.Context, now time.Time) ([]directory.Outgoing, error) {
	var all []directory.Outgoing
	_, err := s.visit(ctx, now, func(items []directory.Outgoing) (int, error) {
		all = append(all, items...)
		return len(items), nil
	})
	return all, err
}

// visit works out what is due and hands it to sink in batches, so a
// scan over a million subscriptions never holds them all.
func (s *Scanner) visit(ctx context.Context, now time.Time, sink func([]directory.Outgoing) (int, error)) (ScanReport, error) {
	var rep ScanReport
	groups, err := s.Store.SubscribedGroups(ctx)
	if err != nil {
		return rep, fmt.Errorf("scan: %w", err)
	}
	rep.Groups = len(groups)
	horizon := s.Leads[0] + s.Quiet.Span() + s.Window
	zones := map[string]*time.Location{}
	var batch []directory.Outgoing
	flush := func() error {
		n, err := sink(batch)
		rep.Queued += n
		batch = batch[:0]
		return err
	}
	for _, g := range groups {
		meetings := g.Meetings(now, now.Add(horizon))
		if len(meetings) == 0 {
			continue
		}
		var subs []directory.Subscriber
		for _, start := range meetings {
			if !s.maybeDue(start, now) {
				continue
			}
			if subs == nil {
				if subs, err = s.Store.Subscribers(ctx, g.ID); err != nil {
					return rep, fmt.Errorf("scan: %w", err)
				}
			}
			rep.Meetings++
			off := g.IsCancelled(start)
			for _, sub := range subs {
				if it, ok := s.message(g, sub, start, off, now, s.zone(zones, sub.Number, g)); ok {
					batch = append(batch, it)
				}
			}
			if len(batch) >= 5000 {
				if err := flush(); err != nil {
					return rep, fmt.Errorf("scan: %w", err)
				}
			}
		}
	}
	if err := flush(); err != nil {
		return rep, fmt.Errorf("scan: %w", err)
	}
	notes, err := s.waitlist(ctx, now)
	if err != nil {
		return rep, fmt.Errorf("scan: %w", err)
	}
	ended, err := s.ended(ctx, now)
	if err != nil {
		return rep, fmt.Errorf("scan: %w", err)
	}
	notes = append(notes, ended...)
	leaders, err := s.notes(ctx, now)
	if err != nil {
		return rep, fmt.Errorf("scan: leaders' notes: %w", err)
	}
	notes = append(notes, leaders...)
	n, err := sink(notes)
	rep.Queued += n
	return rep, err
}

// maybeDue is a cheap first look: could any reminder of this meeting be
// due by now+Window, wherever its member lives?
func (s *Scanner) maybeDue(start, now time.Time) bool {
	return start.After(now) && !start.Add(-s.Leads[0]-s.Quiet.Span()).After(now.Add(s.Window))
}

// message is the one message (if any) a subscriber should have queued for
// a meeting now: the latest reminder due, or a cancellation notice.
func (s *Scanner) message(g directory.Group, sub directory.Subscriber, start time.Time, cancelled bool, now time.Time, zone *time.Location) (directory.Outgoing, bool) {
	var due *planned
	for _, p := range s.Quiet.plan(start, s.Leads, zone) {
		if !p.due.After(now.Add(s.Window)) {
			due = &p // plan is longest lead first: the last due is the latest
		}
	}
	if due == nil {
		return directory.Outgoing{}, false
	}
	it := directory.Outgoing{
		Kind: directory.SendReminder, SubscriptionID: sub.SubscriptionID, MemberID: sub.MemberID, Number: sub.Number, GroupID: g.ID,
		Channel: sub.Channel, Lang: sub.Lang, MeetingAt: start, Lead: due.lead, DueAt: due.due,
		Key: "r:" + strconv.FormatInt(sub.SubscriptionID, 10) + ":" + strconv.FormatInt(start.Unix(), 10) + ":" + strconv.FormatInt(int64(due.lead/time.Second), 10),
	}
	if cancelled {
		// One notice per meeting, at the time of the first reminder due.
		it.Kind, it.Lead = directory.SendCancellation, 0
		it.Key = "x:" + strconv.FormatInt(sub.SubscriptionID, 10) + ":" + strconv.FormatInt(start.Unix(), 10)
	}
	return it, true
}

// zone is the member's time zone for quiet hours: their exchange's town
// or area code's (Areas.Locate, as every channel reads it), or the
// group's when the number does not say. Locating is cached by exchange.
func (s *Scanner) zone(cache map[string]*time.Location, number string, g directory.Group) *time.Location {
	exchange := number
	if len(number) >= 8 {
		exchange = number[:8] // +1 NPA NXX
	}
	loc, ok := cache[exchange]
	if !ok {
		loc = s.Areas.Locate(number).Location()
		cache[exchange] = loc
	}
	if loc == nil {
		return g.Location()
	}
	return loc
}

// ended makes one notice for each member subscribed to a group taken off
// the line, outside their quiet hours: their reminders stop, and they are
// told so, and how to find another group. Keyed by subscription, it is
// queued once however often the scan runs.
func (s *Scanner) ended(ctx context.Context, now time.Time) ([]directory.Outgoing, error) {
	subs, err := s.Store.EndedSubscribers(ctx)
	if err != nil {
		return nil, err
	}
	var out []directory.Outgoing
	for _, sub := range subs {
		due := s.Quiet.Due(s.Areas, sub.Number, now)
		out = append(out, directory.Outgoing{Kind: directory.SendEnded, SubscriptionID: sub.SubscriptionID, MemberID: sub.MemberID,
			Number: sub.Number, GroupID: sub.GroupID, Channel: sub.Channel, Lang: sub.Lang, DueAt: due,
			Key: "e:" + strconv.FormatInt(sub.SubscriptionID, 10)})
	}
	return out, nil
}

// waitlist makes a note for each waiting member whose concern now has an
// active group in their area. The entry is closed when the note is sent.
func (s *Scanner) waitlist(ctx context.Context, now time.Time) ([]directory.Outgoing, error) {
	entries, err := s.Store.OpenWaitlist(ctx)
	if err != nil || len(entries) == 0 {
		return nil, err
	}
	found := map[string]int64{} // concern+area -> the first group found, or 0
	var batch []directory.Outgoing
	for _, e := range entries {
		k := e.Concern + "|" + e.Area
		gid, seen := found[k]
		if !seen {
			if c, ok := s.Areas.Complex(e.Area); ok {
				rs, _, err := s.Store.Search(ctx, directory.Query{Concern: e.Concern, Complex: c, Lang: e.Lang, Limit: 1, Now: now})
				if err != nil {
					return nil, err
				}
				if len(rs) > 0 {
					gid = rs[0].Group.ID
				}
			}
			found[k] = gid
		}
		if gid == 0 {
			continue
		}
		due := s.Quiet.Due(s.Areas, e.Number, now)
		batch = append(batch, directory.Outgoing{Kind: directory.SendWaitlist, WaitlistID: e.ID, MemberID: e.MemberID, Number: e.Number, GroupID: gid,
			Channel: e.Channel, Lang: e.Lang, DueAt: due, Key: "w:" + strconv.FormatInt(e.ID, 10), Concern: e.Concern})
	}
	return batch, nil
}
