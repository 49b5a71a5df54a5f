package ivr

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// Group leaders by phone (issue 14): a call from a number registered as
// a group's leader is offered, last in the main menu, a choice for
// leaders. It asks for the PIN; the right one says the next meeting of
// the group (choosing the group first when they lead several), which 1
// cancels after a confirmation — the same cancellation as peerline
// cancel, its members told instead of reminded. Wrong PINs are counted in
// the store across calls; the third locks the number out for a while.

const choiceLead = "lead"

// isLeader says whether the caller's number leads a group: the main menu
// then offers the leaders' choice. A store that cannot say offers nothing.
func (l *Line) isLeader(ctx context.Context, req request) bool {
	number, known := callerNumber(req)
	if !known {
		return false
	}
	leads, err := l.Finder.Store.Leads(ctx, number)
	if err != nil {
		l.Log.Warn("voice: cannot tell whether a caller leads a group", "err", err)
		return false
	}
	return len(leads) > 0
}

// leadStart asks for the PIN.
func (l *Line) leadStart(_ context.Context, c *call, req request) (reply, bool, error) {
	if !c.Leader {
		return reply{}, false, nil
	}
	c.Leading, c.Group, c.LeadAt = nil, 0, 0
	return reply{next: "lead-pin"}, true, nil
}

// checkPIN takes the PIN typed (with or without the pound that ends it).
func (l *Line) checkPIN(ctx context.Context, c *call, in string, req request) (reply, bool, error) {
	m := l.m(c)
	number, known := callerNumber(req)
	if !known {
		return reply{say: c.lines(l, m.LeaderPINWrong), next: "menu"}, true, nil
	}
	leads, err := l.Finder.Store.CheckPIN(ctx, number, strings.TrimSuffix(in, "#"), l.Now())
	switch {
	case errors.Is(err, directory.ErrLockedOut):
		l.Log.Warn("voice: a leader's number is locked out after wrong PINs", "caller", directory.Mask(number))
		c.Leader = false
		return reply{say: c.lines(l, m.LeaderLocked), next: "menu"}, true, nil
	case errors.Is(err, directory.ErrWrongPIN):
		return reply{say: c.lines(l, m.LeaderPINWrong)}, false, nil // a miss: asked again
	case err != nil:
		return reply{}, false, err
	}
	for _, ld := range leads {
		c.Leading = append(c.Leading, ld.Code)
	}
	if len(c.Leading) == 1 {
		c.Group = c.Leading[0]
		return l.toLeadNext(ctx, c, req)
	}
	return reply{next: "lead-group"}, true, nil
}

func (l *Line) pinPrompt(_ context.Context, c *call, _ request) ([]line, error) {
	return c.lines(l, l.m(c).LeaderPIN), nil
}

// ledGroups are the groups the PIN opened that are still listed and still
// led from this number, in the order offered.
func (l *Line) ledGroups(ctx context.Context, c *call, req request) ([]directory.Group, error) {
	number, _ := callerNumber(req)
	leads, err := l.Finder.Store.Leads(ctx, number)
	if err != nil {
		return nil, err
	}
	var out []directory.Group
	for _, code := range c.Leading {
		if _, ok := directory.LeaderOf(leads, code); !ok {
			continue
		}
		g, found, err := l.Finder.Store.Group(ctx, code)
		if err != nil {
			return nil, err
		}
		if found && g.Status == directory.StatusActive {
			out = append(out, g)
		}
	}
	return out, nil
}

func (l *Line) leadGroupPrompt(ctx context.Context, c *call, req request) ([]line, error) {
	groups, err := l.ledGroups(ctx, c, req)
	if err != nil {
		return nil, err
	}
	if len(groups) == 0 {
		return nil, fmt.Errorf("%w: the caller leads none of the groups the PIN opened", errLostPlace)
	}
	out := make([]string, len(groups))
	for i, g := range groups {
		out[i] = words.Fill(l.m(c).LeaderPick, "name", g.Name, "key", strconv.Itoa(i+1))
	}
	return c.lines(l, out...), nil
}

func (l *Line) pickLeadGroup(ctx context.Context, c *call, in string, req request) (reply, bool, error) {
	groups, err := l.ledGroups(ctx, c, req)
	n, convErr := strconv.Atoi(in)
	if err != nil || convErr != nil || n < 1 || n > len(groups) {
		return reply{}, false, err
	}
	c.Group = groups[n-1].Code
	return l.toLeadNext(ctx, c, req)
}

// toLeadNext goes on to the chosen group's next meeting; a group with
// none to cancel says so, and the call goes back to the main menu.
func (l *Line) toLeadNext(ctx context.Context, c *call, req request) (reply, bool, error) {
	g, err := l.ledGroup(ctx, c, req)
	if err != nil {
		return reply{}, false, err
	}
	if _, ok := g.NextMeeting(l.Now()); !ok {
		return reply{say: c.lines(l, words.Fill(l.m(c).LeaderNone, "name", g.Name)), next: "menu"}, true, nil
	}
	return reply{next: "lead-next"}, true, nil
}

// ledGroup is the group the leader chose, checked again: still led from
// this number, still listed.
func (l *Line) ledGroup(ctx context.Context, c *call, req request) (directory.Group, error) {
	groups, err := l.ledGroups(ctx, c, req)
	if err != nil {
		return directory.Group{}, err
	}
	for _, g := range groups {
		if g.Code == c.Group {
			return g, nil
		}
	}
	return directory.Group{}, fmt.Errorf("%w: the caller no longer leads group %d", errLostPlace, c.Group)
}

// leadNextPrompt says the group's next meeting that can be cancelled.
func (l *Line) leadNextPrompt(ctx context.Context, c *call, req request) ([]line, error) {
	m := l.m(c)
	g, err := l.ledGroup(ctx, c, req)
	if err != nil {
		return nil, err
	}
	next, ok := g.NextMeeting(l.Now())
	if !ok {
		c.LeadAt = 0
		return c.lines(l, words.Fill(m.LeaderNone, "name", g.Name), m.Keys), nil
	}
	c.LeadAt = next.Unix()
	sp := l.listener(c, req, directory.Caller{})
	return c.lines(l, words.Fill(m.LeaderNext, "name", g.Name, "when", sp.At(next, &g)), m.LeaderNextKeys), nil
}

func (l *Line) leadCancelAsk(_ context.Context, c *call, _ request) (reply, bool, error) {
	if c.LeadAt == 0 {
		return reply{}, false, nil
	}
	return reply{next: "lead-confirm"}, true, nil
}

func (l *Line) leadConfirmPrompt(ctx context.Context, c *call, req request) ([]line, error) {
	g, err := l.ledGroup(ctx, c, req)
	if err != nil {
		return nil, err
	}
	at := time.Unix(c.LeadAt, 0)
	day := l.book.In(c.Lang).Speaker(l.Finder.Areas.Locate(req.From).Location()).Date(at, &g)
	return c.lines(l, words.Fill(l.m(c).LeaderConfirm, "name", g.Name, "day", day)), nil
}

// leadCancel cancels the meeting said, if it still can be.
func (l *Line) leadCancel(ctx context.Context, c *call, req request) (reply, bool, error) {
	m := l.m(c)
	g, err := l.ledGroup(ctx, c, req)
	if err != nil {
		return reply{}, false, err
	}
	at := time.Unix(c.LeadAt, 0)
	day := g.DayOf(at)
	if _, err := g.MeetingOn(day, l.Now()); err != nil {
		return reply{say: c.lines(l, m.LeaderKept), next: "lead-next"}, true, nil // cancelled or begun meanwhile
	}
	number, _ := callerNumber(req)
	if err := directory.CancelAsLeader(ctx, l.Finder.Store, g, day, number, "voice", l.Now()); err != nil {
		return reply{}, false, err
	}
	l.Log.Info("voice: a leader cancelled a meeting", "group", g.Code, "day", day.String(), "leader", directory.Mask(number))
	spoken := l.book.In(c.Lang).Speaker(l.Finder.Areas.Locate(req.From).Location()).Date(at, &g)
	c.LeadAt = 0
	return reply{say: c.lines(l, words.Fill(m.LeaderCancelled, "name", g.Name, "day", spoken)), next: "menu"}, true, nil
}

func (l *Line) leadKeep(_ context.Context, c *call, _ request) (reply, bool, error) {
	return reply{say: c.lines(l, l.m(c).LeaderKept), next: "menu"}, true, nil
}

// leadingFits is what the leaders' steps need of a call's state.
func leadingFits(step string, c *call) bool {
	switch step {
	case "lead-pin":
		return c.Leader
	case "lead-group":
		return len(c.Leading) > 1
	case "lead-next":
		return slices.Contains(c.Leading, c.Group)
	case "lead-confirm":
		return slices.Contains(c.Leading, c.Group) && c.LeadAt != 0
	}
	return true
}
