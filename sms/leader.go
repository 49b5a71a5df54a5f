package sms

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/words"
)

// A group's leader, texting from the number staff registered, may cancel
// one of its meetings (CANCEL 4127 DEC 8) or send its members a note
// before the next one (NOTE 4127 Bring a photo.). Each is said back and
// happens only on YES. The carriers' words keep their meaning: CANCEL
// alone is an opt-out, CANCEL 2 stops one's own reminder 2.

// The purposes of a leader's question waiting for YES (pending.Purpose).
const (
	purposeCancel = "leader-cancel"
	purposeNote   = "leader-note"
)

// leaderCommand is a leader's command as written: the verb, the group's
// code, then the day or the note (kept as typed: "8 déc", "Bring a photo.").
var leaderCommand = regexp.MustCompile(`(?is)^(cancel|annuler|note|message)\s*#?\s*(\d{3,7})\s*[:,.-]?\s+(\S.*)$`)

// readLeader reads a leader's command from a cleaned text.
func readLeader(clean string) (message, bool) {
	m := leaderCommand.FindStringSubmatch(clean)
	if m == nil || !strings.ContainsFunc(m[3], func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return message{}, false // "CANCEL 2 !" is CANCEL 2
	}
	code, _ := strconv.Atoi(m[2])
	// English words do not change the conversation's language (see answer); ANNULER does.
	msg := message{kind: leadNote, n: code, text: clean, arg: strings.TrimSpace(m[3]), lang: directory.English}
	switch strings.ToUpper(m[1]) {
	case "CANCEL":
		msg.kind = adjourn
	case "ANNULER":
		msg.kind, msg.lang = adjourn, directory.French
	}
	return msg, true
}

// leading is the sender's leadership of the group with that code, and
// the group as it is now; ok false when they do not lead it (the reply
// then never says whether the group has leaders, or exists).
func (l *Line) leading(ctx context.Context, c *conversation, code int) (directory.Group, bool, error) {
	leads, err := l.Finder.Store.Leads(ctx, c.number)
	if err != nil {
		return directory.Group{}, false, err
	}
	if _, ok := directory.LeaderOf(leads, code); !ok {
		return directory.Group{}, false, nil
	}
	g, found, err := l.Finder.Store.Group(ctx, code)
	return g, found && g.Status == directory.StatusActive, err
}

// verb is how the sender writes the command back in the reply's examples.
func (c *conversation) verb() string {
	if c.mem.Lang == directory.French {
		return "ANNULER"
	}
	return "CANCEL"
}

// leaderCancel reads a leader's CANCEL and asks them to confirm it.
func (l *Line) leaderCancel(ctx context.Context, c *conversation, msg message) ([]string, error) {
	m := c.m
	c.mem.Pending, c.keep = nil, true // a new command replaces any question waiting: a YES answers only the last
	code := strconv.Itoa(msg.n)
	g, ok, err := l.leading(ctx, c, msg.n)
	if err != nil || !ok {
		return []string{words.Fill(m.LeadNotLeader, "code", code)}, err
	}
	now := l.Now()
	day, ok := directory.ReadDay(msg.arg, g.DayOf(now))
	if !ok {
		return []string{words.Fill(m.LeadBadDate, "word", c.verb(), "code", code)}, nil
	}
	at, err := g.MeetingOn(day, now)
	if err != nil {
		return []string{l.refuseDay(c, g, day, at, err)}, nil
	}
	ask := fit(words.Fill(m.LeadCancelAsk, "name", g.Name, "when", c.writer.At(at, &g)))
	c.mem.Pending, c.keep = &pending{Purpose: purposeCancel, Code: g.Code, Day: day.String(), Wording: ask}, true
	return []string{ask}, nil
}

// refuseDay says why a day cannot be cancelled, with the days that can.
func (l *Line) refuseDay(c *conversation, g directory.Group, day recur.Date, at time.Time, why error) string {
	m := c.m
	code := strconv.Itoa(g.Code)
	upcoming := g.UpcomingDays(l.Now(), 3)
	dayWords := c.writer.Date(dayStart(g, day), nil)
	if len(upcoming) == 0 {
		return words.Fill(m.LeadNone, "name", g.Name)
	}
	example := c.writer.Date(upcoming[0], &g)
	switch {
	case errors.Is(why, directory.ErrAlreadyCancelled):
		return words.Fill(m.LeadAlready, "name", g.Name, "day", c.writer.Date(at, &g))
	case errors.Is(why, directory.ErrDayPast):
		return words.Fill(m.LeadPast, "day", dayWords, "word", c.verb(), "code", code, "example", example)
	}
	days := make([]string, len(upcoming))
	for i, t := range upcoming {
		days[i] = c.writer.Date(t, &g)
	}
	return words.Fill(m.LeadNoMeeting, "name", g.Name, "day", dayWords, "days", strings.Join(days, ", "),
		"word", c.verb(), "code", code, "example", example)
}

// dayStart is noon of a day of the group's calendar, for writing the day.
func dayStart(g directory.Group, d recur.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, g.Location())
}

// leaderNote reads a leader's NOTE and asks them to confirm it, saying
// how many members it will go to and before which meeting.
func (l *Line) leaderNote(ctx context.Context, c *conversation, msg message) ([]string, error) {
	m := c.m
	c.mem.Pending, c.keep = nil, true // as for CANCEL
	g, ok, err := l.leading(ctx, c, msg.n)
	if err != nil || !ok {
		return []string{words.Fill(m.LeadNotLeader, "code", strconv.Itoa(msg.n))}, err
	}
	if n := utf8.RuneCountInString(msg.arg); n > directory.MaxNote {
		return []string{words.Fill(m.NoteTooLong, "count", strconv.Itoa(n), "max", strconv.Itoa(directory.MaxNote))}, nil
	}
	next, ok := g.NextMeeting(l.Now())
	if !ok {
		return []string{words.Fill(m.LeadNone, "name", g.Name)}, nil
	}
	when := c.writer.At(next, &g)
	if exists, err := l.hasNote(ctx, g, next); err != nil || exists {
		return []string{words.Fill(m.NoteExists, "name", g.Name, "when", when)}, err
	}
	subs, err := l.Finder.Store.Subscribers(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return []string{words.Fill(m.NoteNobody, "name", g.Name)}, nil
	}
	ask := fit(words.Fill(words.Plural(len(subs), m.NoteAskOne, m.NoteAsk), "count", strconv.Itoa(len(subs)), "name", g.Name, "when", when))
	c.mem.Pending, c.keep = &pending{Purpose: purposeNote, Code: g.Code, At: next.Unix(), Note: msg.arg, Wording: ask}, true
	return []string{ask}, nil
}

func (l *Line) hasNote(ctx context.Context, g directory.Group, meeting time.Time) (bool, error) {
	notes, err := l.Finder.Store.Notes(ctx, g.ID)
	for _, n := range notes {
		if n.MeetingAt.Equal(meeting) {
			return true, err
		}
	}
	return false, err
}

// leaderYes does what a leader confirmed, checking again that they lead
// the group and that the meeting can still be cancelled or written to.
func (l *Line) leaderYes(ctx context.Context, c *conversation, p *pending) ([]string, error) {
	m := c.m
	g, ok, err := l.leading(ctx, c, p.Code)
	if err != nil || !ok {
		return []string{words.Fill(m.LeadNotLeader, "code", strconv.Itoa(p.Code))}, err
	}
	if p.Purpose == purposeNote {
		return l.sendNote(ctx, c, g, p)
	}
	day, err := recur.ParseDate(p.Day)
	if err != nil {
		return []string{m.NoPending}, nil // a question written by another version of the line
	}
	at, err := g.MeetingOn(day, l.Now())
	if err != nil {
		return []string{l.refuseDay(c, g, day, at, err)}, nil
	}
	if err := directory.CancelAsLeader(ctx, l.Finder.Store, g, day, c.number, "sms", l.Now()); err != nil {
		return nil, err
	}
	l.Log.Info("sms: a leader cancelled a meeting", "group", g.Code, "day", day.String(), "leader", directory.Mask(c.number))
	return []string{words.Fill(m.LeadCancelled, "name", g.Name, "day", c.writer.Date(at, &g))}, nil
}

// sendNote keeps the note; the reminder scan queues it to each member
// (outside their quiet hours) and the sender sends it at the pace.
func (l *Line) sendNote(ctx context.Context, c *conversation, g directory.Group, p *pending) ([]string, error) {
	m := c.m
	meeting := time.Unix(p.At, 0)
	if !meeting.After(l.Now()) || g.IsCancelled(meeting) {
		return []string{words.Fill(m.LeadNone, "name", g.Name)}, nil
	}
	by := directory.LeaderName(g.Code, c.number)
	_, err := l.Finder.Store.AddNote(ctx, directory.Note{GroupID: g.ID, Body: p.Note, MeetingAt: meeting, SentBy: by, CreatedAt: l.Now()})
	if errors.Is(err, directory.ErrNoteExists) {
		return []string{words.Fill(m.NoteExists, "name", g.Name, "when", c.writer.At(meeting, &g))}, nil
	}
	if err != nil {
		return nil, err
	}
	err = l.Finder.Store.AddAudit(ctx, directory.AuditEntry{At: l.Now(), Who: by, Action: "note.send",
		Object: fmt.Sprintf("group %d", g.Code), New: p.Note})
	if err != nil {
		return nil, fmt.Errorf("auditing a leader's note: %w", err)
	}
	subs, err := l.Finder.Store.Subscribers(ctx, g.ID)
	if err != nil {
		return nil, err
	}
	return []string{words.Fill(words.Plural(len(subs), m.NoteQueuedOne, m.NoteQueued), "count", strconv.Itoa(len(subs)))}, nil
}
