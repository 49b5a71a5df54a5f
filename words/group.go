package words

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
)

// How a group is said: how to get there, and when it meets.

// Meets says how the caller would attend a group offered to them: "It
// meets in person at Riverside Hall, 12 Pine Street, in Sault Ste. Marie."
func (s Speaker) Meets(r directory.Result) string {
	v, g := &s.c.Voice, r.Group
	switch r.Mode {
	case directory.InPerson:
		if place := s.place(g.Place); place != "" {
			return Fill(v.InPersonAt, "town", g.Place.City, "place", place)
		}
		return Fill(v.InPerson, "town", g.Place.City)
	case directory.ByPhone:
		return v.ByPhone
	case directory.ByMail:
		return v.ByMail
	}
	return v.Online
}

// Away says how far an in-person group is, when it is beyond an easy
// drive: "That is about 260 kilometres from you."; "" when it is not.
func (s Speaker) Away(r directory.Result) string {
	if km, far := r.Far(); far {
		return Fill(s.c.Voice.Away, "km", strconv.Itoa(km))
	}
	return ""
}

// place says the meeting place's name and street, whole.
func (s Speaker) place(p *directory.Place) string {
	return strings.Join(nonEmpty(p.Name, s.c.Facts.Address(p.Street)), ", ")
}

// Way says what the caller needs to get to a group offered to them, the
// part worth hearing twice: the address, the dial-in and code, or where
// to write.
func (s Speaker) Way(r directory.Result) []string {
	g := r.Group
	switch r.Mode {
	case directory.InPerson:
		return append([]string{s.Meets(r)}, s.AlsoDialIn(&g)...)
	case directory.ByPhone:
		return s.DialIn(&g)
	case directory.ByMail:
		return []string{Fill(s.c.Voice.MailTo, "address", s.c.Facts.Address(g.Mail))}
	}
	return nil
}

// AlsoDialIn says how to dial in to an in-person group that members who
// cannot travel may join by telephone; nothing for the others.
func (s Speaker) AlsoDialIn(g *directory.Group) []string {
	if g.Dialin == nil {
		return nil
	}
	return append([]string{s.c.Voice.AlsoByPhone}, s.DialIn(g)...)
}

// Language says the language a group meets in, when the listener's is
// not among them: "This group meets in French."
func (s Speaker) Language(g *directory.Group) string {
	if len(g.Languages) == 0 || slices.Contains(g.Languages, s.c.Lang) {
		return ""
	}
	var names []string
	for _, l := range g.Languages {
		names = append(names, s.c.Facts.Languages[l])
	}
	return Fill(s.c.Voice.MeetsIn, "language", joinAnd(nonEmpty(names...), s.c.Facts.And))
}

// Contact says the contact's number twice, digit by digit, to write down.
func (s Speaker) Contact(g *directory.Group) string {
	n := s.Phone(g.Phone)
	return Fill(s.c.Voice.ContactIs, "number", n)
}

// Next says the group's next meeting after now and how its meetings
// repeat; nothing for a pen-pal group, which has none.
func (s Speaker) Next(r directory.Result) []string {
	v, g := &s.c.Voice, r.Group
	if r.Mode == directory.ByMail {
		return nil
	}
	if r.Next.IsZero() {
		return []string{v.NoMeeting}
	}
	out := []string{Fill(v.NextMeeting, "when", s.At(r.Next, &g))}
	if p := s.c.Pattern(&g); p != "" {
		out = append(out, Fill(v.Recurs, "pattern", p))
	}
	if d := s.c.Facts.Lasts(&g); d != "" {
		out = append(out, Fill(v.Lasts, "duration", d))
	}
	return out
}

// DialIn says a telephone group's number and access code, digit by digit.
func (s Speaker) DialIn(g *directory.Group) []string {
	v := &s.c.Voice
	out := []string{Fill(v.DialIn, "number", s.Phone(g.Dialin.Number))}
	if g.Dialin.AccessCode != "" {
		out = append(out, Fill(v.AccessCode, "code", s.Keys(g.Dialin.AccessCode)))
	}
	return out
}

// Listed says in a few words how a newly listed group meets: "in person
// in Thessalon".
func (s Speaker) Listed(g *directory.Group) string {
	v := &s.c.Voice
	modes := g.Modes()
	if len(modes) == 0 {
		return v.ListedOnline
	}
	switch modes[0] {
	case directory.InPerson:
		return Fill(v.ListedInPerson, "town", g.Place.City)
	case directory.ByPhone:
		return v.ListedByPhone
	case directory.ByMail:
		return v.ListedByMail
	}
	return v.ListedOnline
}

// Place writes where an in-person group meets: "Riverside Hall, 12 Pine
// St, Sault Ste. Marie".
func (w Writer) Place(p *directory.Place) string {
	return strings.Join(nonEmpty(p.Name, p.Street, p.City), ", ")
}

// HowShort writes in a word or two how the reader would attend a group
// in a list: the town, or "by phone".
func (w Writer) HowShort(r directory.Result) string {
	t := &w.c.Text
	switch r.Mode {
	case directory.InPerson:
		if km, far := r.Far(); far {
			return Fill(t.HowFar, "town", r.Group.Place.City, "km", strconv.Itoa(km))
		}
		return r.Group.Place.City
	case directory.ByPhone:
		return t.HowPhone
	case directory.ByMail:
		return t.HowMail
	}
	return t.HowOnline
}

// Dial writes how to join a telephone group: "Call 705-555-0199, then
// enter code 4127#."
func (w Writer) Dial(g *directory.Group) string {
	t := &w.c.Text
	if g.Dialin.AccessCode == "" {
		return Fill(t.DialNoCode, "number", w.Phone(g.Dialin.Number))
	}
	return Fill(t.Dial, "number", w.Phone(g.Dialin.Number), "code", g.Dialin.AccessCode)
}

// Ways writes each way of attending a group, one line each: where, the
// dial-in and code, the address to write to, the web address.
func (w Writer) Ways(g *directory.Group) []string {
	t := &w.c.Text
	var out []string
	if g.Place != nil {
		out = append(out, Fill(t.At, "place", w.Place(g.Place)))
	}
	if g.Dialin != nil {
		out = append(out, w.Dial(g))
	}
	if g.Mail != "" {
		out = append(out, Fill(t.WriteTo, "address", g.Mail))
	}
	if g.OnlineURL != "" {
		out = append(out, Fill(t.OnlineAt, "url", g.OnlineURL))
	}
	return out
}

// Meetings writes when a group meets, from now: "Meets every Tuesday.
// Next: Tue Nov 24 7pm."; "" for a group with nothing to say (by mail).
func (w Writer) Meetings(g *directory.Group, now time.Time) string {
	t := &w.c.Text
	next, ok := g.NextMeeting(now)
	switch {
	case ok && w.c.Pattern(g) != "":
		return Fill(t.DetailsNext, "pattern", w.c.Pattern(g), "when", w.At(next, g))
	case ok:
		return Fill(t.DetailsNextOnly, "when", w.At(next, g))
	case g.Place != nil || g.Dialin != nil:
		return t.DetailsNone
	}
	return ""
}

// Details writes everything needed to get to a group: its name and code,
// each way to attend, when it meets, and whom to call.
func (w Writer) Details(g *directory.Group, now time.Time) string {
	t := &w.c.Text
	lines := []string{Fill(t.Details, "name", g.Name, "code", strconv.Itoa(g.Code))}
	lines = append(lines, w.Ways(g)...)
	if m := w.Meetings(g, now); m != "" {
		lines = append(lines, m)
	}
	if old := w.LastConfirmed(g, now); old != "" {
		lines = append(lines, old)
	}
	if g.Phone != "" {
		lines = append(lines, Fill(t.Contact, "phone", w.Phone(g.Phone)))
	}
	return strings.Join(lines, "\n")
}

// Reminder writes the text sent before a meeting of g starting at t.
func (w Writer) Reminder(g *directory.Group, t time.Time) string {
	how := ""
	if ways := w.Ways(g); len(ways) > 0 {
		how = ways[0]
	}
	return Fill(w.c.Text.Reminder, "name", g.Name, "when", w.At(t, g), "how", how)
}

// Cancellation writes the notice that g will not meet at t, with its next
// meeting that is not cancelled too.
func (w Writer) Cancellation(g *directory.Group, t time.Time) string {
	tx := &w.c.Text
	next := ""
	if n, ok := g.NextMeeting(t); ok {
		next = Fill(tx.NextMeeting, "when", w.At(n, g))
	}
	return Fill(tx.Cancellation, "name", g.Name, "day", w.Date(t, g), "next", next)
}

// Ended writes the notice that g was taken off the line.
func (w Writer) Ended(g *directory.Group) string { return Fill(w.c.Text.Ended, "name", g.Name) }

// Waitlist writes the note that a group for the concern a member asked
// about (its name in their language) is now listed for their area.
func (w Writer) Waitlist(g *directory.Group, concern, npa string) string {
	t := &w.c.Text
	how := w.c.Speaker(nil).Listed(g) // "in person in Thessalon", as a call says it
	then := Fill(t.WaitlistCall, "phone", w.Phone(g.Phone))
	if g.TakesReminders() {
		then = Fill(t.WaitlistJoin, "code", strconv.Itoa(g.Code))
	}
	return Fill(t.Waitlist, "concern", concern, "npa", npa, "name", g.Name, "how", how, "then", then)
}

func firstOf(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Listing checks (issue 14): how a group is asked about, and how old a
// listing is said, the same by voice and in texts.

// staleAfter is how long since a listing was last confirmed before the
// line says when that was.
const staleAfter = 365 * 24 * time.Hour

// lastConfirmed fills sentence with the month a listing was last seen
// right, on the listener's clock; "" for a listing seen within a year.
func (c *Catalogue) lastConfirmed(sentence string, g *directory.Group, now time.Time, zone *time.Location) string {
	if g.Seen.IsZero() || now.Sub(g.Seen) <= staleAfter {
		return ""
	}
	seen := g.Seen
	if zone != nil {
		seen = seen.In(zone)
	}
	month := c.Facts.Months[seen.Month()-1] + " " + strconv.Itoa(seen.Year())
	return Fill(sentence, "month", month)
}

// LastConfirmed says when an old listing was last confirmed: "This
// listing was last confirmed in October 2025."; "" when it is recent.
func (s Speaker) LastConfirmed(g *directory.Group, now time.Time) string {
	return s.c.lastConfirmed(s.c.Voice.LastConfirmed, g, now, s.zone)
}

// LastConfirmed writes it: "Last confirmed in October 2025."
func (w Writer) LastConfirmed(g *directory.Group, now time.Time) string {
	return w.c.lastConfirmed(w.c.Text.LastConfirmed, g, now, w.zone)
}

// usual says how a group meets, for its leader or contact to check:
// "every Tuesday at 7 p.m." (the next meeting's time on the listener's
// clock, the group's beside it when the two differ), or "as we list it"
// when no pattern can be said.
func (c *Catalogue) usual(g *directory.Group, now time.Time, when, asListed string, clock func(time.Time, *directory.Group) string) string {
	pattern := c.Pattern(g)
	next, ok := g.NextMeeting(now)
	if pattern == "" || !ok {
		return asListed
	}
	return Fill(when, "pattern", pattern, "clock", clock(next, g))
}

// CheckAsk says the question a call of the line asks a group's leader or
// contact: is it still meeting as listed?
func (s Speaker) CheckAsk(g *directory.Group, now time.Time) string {
	v, f := &s.c.Voice, &s.c.Facts
	clock := func(t time.Time, g *directory.Group) string {
		return f.when(t, g, s.zone, f.SpokenTwoZones, func(t time.Time) string { return f.clock(t.Hour(), t.Minute()) },
			f.clock, func(z ZoneName) string { return z.Spoken })
	}
	pattern := s.c.usual(g, now, v.CheckWhen, v.CheckAsListed, clock)
	return Fill(v.CheckAsk, "name", g.Name, "code", s.Digits(strconv.Itoa(g.Code)), "pattern", pattern)
}

// CheckAsk writes it, as a text.
func (w Writer) CheckAsk(g *directory.Group, now time.Time) string {
	t, f := &w.c.Text, &w.c.Facts
	clock := func(t time.Time, g *directory.Group) string {
		return f.when(t, g, w.zone, f.WrittenTwoZones, func(t time.Time) string { return f.writtenClock(t.Hour(), t.Minute()) },
			f.writtenClock, func(z ZoneName) string { return z.Written })
	}
	pattern := w.c.usual(g, now, t.CheckWhen, t.CheckAsListed, clock)
	return Fill(t.CheckAsk, "name", g.Name, "code", strconv.Itoa(g.Code), "pattern", pattern)
}
