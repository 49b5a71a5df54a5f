package ivr

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// Calls the line places. The reminder job asks Twilio to ring a member
// with Url = routes.ReminderCall(N), N an outbox message; when they answer,
// Twilio posts there and the line says that message: a meeting reminder,
// a cancellation notice or a wait-list note.

const (
	// joinWindow: "join the meeting now" is offered from this long before
	// the start until this long after it.
	joinWindow = 15 * time.Minute
	// joinPause is typed before the access code: each w waits half a
	// second, so the conference has answered and asks for the code.
	joinPause = "wwww"
)

// notify starts a call the line placed, like the greeting starts one a
// caller placed: no saved state counts yet. It says the message twice, in
// the member's language, then the choices. A message it cannot find, or
// one for another number than the one that answered, gets a short
// apology in both languages and nothing of the message.
func (l *Line) notify(ctx context.Context, c *call, req request) (reply, error) {
	*c = call{Lang: directory.English, Outbox: req.Outbox}
	msg, g, ok, err := l.notice(ctx, c)
	if err != nil {
		return reply{}, err
	}
	if !ok || !sameNumber(req.From, msg.Number) {
		l.Log.Warn("voice: a call of the line brought no message for the number that answered", "outbox", req.Outbox)
		*c = call{Lang: directory.English}
		en, fr := l.book.In(directory.English).Voice, l.book.In(directory.French).Voice
		return reply{say: []line{{en.NoticeGone, directory.English}, {fr.NoticeGone, directory.French}}, hangup: true}, nil
	}
	if _, speaks := l.book[msg.Lang]; speaks {
		c.Lang = msg.Lang
	}
	said := l.noticeLines(c, msg, g)
	// Twice: a senior answering may miss the first words, or reach for a pen.
	twice := append(append(said, l.m(c).NoticeAgain), said...)
	return reply{say: c.lines(l, twice...), next: "notice"}, nil
}

// notice loads the call's message and its group. A message the line
// cannot say (an unknown kind, a meeting with no time) counts as not
// found: better an apology than a wrong reminder.
func (l *Line) notice(ctx context.Context, c *call) (directory.Outgoing, directory.Group, bool, error) {
	if c.Outbox <= 0 {
		return directory.Outgoing{}, directory.Group{}, false, nil
	}
	msg, found, err := l.Finder.Store.OutgoingByID(ctx, c.Outbox)
	if err != nil || !found {
		return msg, directory.Group{}, false, err
	}
	switch msg.Kind {
	case directory.SendReminder, directory.SendCancellation, directory.SendNote:
		if msg.MeetingAt.IsZero() {
			return msg, directory.Group{}, false, nil
		}
	case directory.SendInvite: // about no group: staff's invitation (starting.go)
		return l.invitation(ctx, msg)
	case directory.SendWaitlist, directory.SendEnded:
	default:
		return msg, directory.Group{}, false, nil
	}
	g, found, err := l.Finder.Store.GroupByID(ctx, msg.GroupID)
	return msg, g, found, err
}

// currentNotice is the message of a call already under way; it vanishing
// mid-call (a member forgotten) is trouble, answered politely.
func (l *Line) currentNotice(ctx context.Context, c *call) (directory.Outgoing, directory.Group, error) {
	msg, g, ok, err := l.notice(ctx, c)
	if err == nil && !ok {
		err = fmt.Errorf("%w: the message of this call is gone", errLostPlace)
	}
	return msg, g, err
}

// sameNumber compares two numbers as dialled; a withheld one is no match.
func sameNumber(a, b string) bool {
	na, okA := directory.CallerNumber(a)
	nb, okB := directory.CallerNumber(b)
	return okA && okB && na == nb
}

// noticeLines is the message itself, once, in the call's language and at
// the member's clock (a member in Kenora hears Central time).
func (l *Line) noticeLines(c *call, msg directory.Outgoing, g directory.Group) []string {
	m := l.m(c)
	sp := l.book.In(c.Lang).Speaker(l.Finder.Areas.Locate(msg.Number).Location())
	switch msg.Kind {
	case directory.SendReminder:
		out := []string{words.Fill(m.NoticeReminder, "name", g.Name, "when", sp.At(msg.MeetingAt, &g))}
		if d := g.Dialin; d != nil && d.AccessCode != "" {
			out = append(out, words.Fill(m.NoticeJoin, "number", sp.Phone(d.Number), "code", sp.Keys(d.AccessCode)))
		} else if d != nil {
			out = append(out, words.Fill(m.DialIn, "number", sp.Phone(d.Number)))
		}
		return out
	case directory.SendCancellation:
		out := []string{words.Fill(m.NoticeCancelled, "name", g.Name, "day", sp.Date(msg.MeetingAt, &g))}
		if next, ok := g.NextMeeting(msg.MeetingAt); ok {
			out = append(out, words.Fill(m.NoticeNext, "when", sp.At(next, &g)))
		}
		return out
	case directory.SendEnded:
		return []string{words.Fill(m.NoticeEnded, "name", g.Name)}
	case directory.SendNote:
		return []string{words.Fill(m.NoticeNote, "name", g.Name, "when", sp.At(msg.MeetingAt, &g), "note", msg.Note)}
	case directory.SendInvite:
		return []string{msg.Note} // its words, made by invitation
	}
	return []string{words.Fill(m.NoticeListed, "name", g.Name, "how", sp.Listed(&g))}
}

func (l *Line) noticePrompt(ctx context.Context, c *call, _ request) ([]line, error) {
	msg, g, err := l.currentNotice(ctx, c)
	if err != nil {
		return nil, err
	}
	m := l.m(c)
	out := []string{m.OptHearAgain}
	if joinable(msg, g, l.Now()) {
		out = append(out, m.OptJoinNow)
	}
	if stoppable(msg) {
		out = append(out, m.OptStopReminders)
	}
	return c.lines(l, out...), nil
}

// joinable: a reminder of a telephone meeting about to start, or just
// started, can put the member straight through.
func joinable(msg directory.Outgoing, g directory.Group, now time.Time) bool {
	if msg.Kind != directory.SendReminder || g.Dialin == nil || g.Dialin.Number == "" {
		return false
	}
	until := msg.MeetingAt.Sub(now)
	return until <= joinWindow && until >= -joinWindow
}

// stoppable: reminders and cancellations come from a subscription the
// member can stop; a wait-list note is sent once and has none.
func stoppable(msg directory.Outgoing) bool {
	return msg.SubscriptionID != 0 && (msg.Kind == directory.SendReminder || msg.Kind == directory.SendCancellation || msg.Kind == directory.SendNote)
}

func (l *Line) hearAgain(ctx context.Context, c *call, _ request) (reply, bool, error) {
	msg, g, err := l.currentNotice(ctx, c)
	if err != nil {
		return reply{}, false, err
	}
	said := l.noticeLines(c, msg, g)
	return reply{say: c.lines(l, said...), next: "notice"}, true, nil
}

func (l *Line) joinNow(ctx context.Context, c *call, _ request) (reply, bool, error) {
	msg, g, err := l.currentNotice(ctx, c)
	if err != nil || !joinable(msg, g, l.Now()) {
		return reply{}, false, err
	}
	return reply{say: c.lines(l, l.m(c).JoiningNow), dial: g.Dialin.Number, digits: accessKeys(g.Dialin.AccessCode), dialNext: "joined"}, true, nil
}

// accessKeys is what to type once the conference answers: a pause, then
// the code's keys. Anything else in the code (a space, a dash) is left
// out, as Twilio would refuse it.
func accessKeys(code string) string {
	keys := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r == '#' || r == '*' {
			return r
		}
		return -1
	}, code)
	if keys == "" {
		return ""
	}
	return joinPause + keys
}

// afterJoin: the meeting over, goodbye; not reached, the message again
// (it has the number and code to try by hand) and the choices.
func (l *Line) afterJoin(ctx context.Context, c *call, req request) (reply, error) {
	m := l.m(c)
	if req.DialCall == "completed" {
		return reply{say: c.lines(l, m.NoticeBye), hangup: true}, nil
	}
	msg, g, err := l.currentNotice(ctx, c)
	if err != nil {
		return reply{}, err
	}
	said := l.noticeLines(c, msg, g)
	return reply{say: c.lines(l, append([]string{m.JoinFailed}, said...)...), next: "notice"}, nil
}

// stopReminders stops the one subscription this message came from, by
// the number it was sent to.
func (l *Line) stopReminders(ctx context.Context, c *call, _ request) (reply, bool, error) {
	msg, g, err := l.currentNotice(ctx, c)
	if err != nil || !stoppable(msg) {
		return reply{}, false, err
	}
	if _, err := l.Finder.Store.StopSubscription(ctx, msg.Number, msg.SubscriptionID, l.Now()); err != nil {
		return reply{}, false, err
	}
	return reply{say: c.lines(l, words.Fill(l.m(c).RemindersStopped, "name", g.Name)), hangup: true}, true, nil
}

// goodbye ends a call: a member the line rang did not call us.
func (l *Line) goodbye(c *call) string {
	if c.Outbox != 0 {
		return l.m(c).NoticeBye
	}
	return l.m(c).Goodbye
}
