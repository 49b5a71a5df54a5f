package sms

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/telephony"
)

// maxSegments is what a list reply aims at: two SMS segments (306 GSM-7
// characters) reach every phone joined up as one message.
const maxSegments = 2

// maxChars is Twilio's limit on one message body.
const maxChars = 1600

// fit readies a reply for sending: the GSM-7 alphabet where a close
// equivalent exists, and never over Twilio's limit.
func fit(s string) string {
	s = telephony.Fold(s)
	if r := []rune(s); len(r) > maxChars {
		s = string(r[:maxChars-3]) + "..."
	}
	return s
}

// listing writes a page of results: as many of them (up to three) as fit
// in two segments, shortening long names before showing fewer groups.
func (l *Line) listing(c *conversation, ans directory.Answer) (string, int) {
	for shown := len(ans.Results); shown >= 1; shown-- {
		for _, nameMax := range []int{0, 34, 26} {
			text := l.list1(c, ans, shown, nameMax)
			if _, segs, _ := telephony.Segments(telephony.Fold(text)); segs <= maxSegments {
				return text, shown
			}
		}
	}
	return l.list1(c, ans, 1, 26), 1
}

func (l *Line) list1(c *conversation, ans directory.Answer, shown, nameMax int) string {
	m := c.m
	lines := []string{fill(m.Header, "concern", ans.Match.Concern.Name(c.mem.Lang), "count", strconv.Itoa(ans.Total), "area", l.placeName(c, ans.Caller))}
	remindAt := 0
	for i, r := range ans.Results[:shown] {
		g := r.Group
		next, phone := "", ""
		if !r.Next.IsZero() && r.Mode != directory.ByMail {
			next = fill(m.NextShort, "when", directory.WrittenWhen(c.mem.Lang, r.Next.In(g.Location())))
		}
		if g.Phone != "" {
			phone = ", " + directory.WrittenPhone(g.Phone)
		}
		lines = append(lines, fill(m.Item, "n", strconv.Itoa(i+1), "name", shorten(g.Name, nameMax), "how", howShort(m, r), "next", next, "phone", phone))
		if remindAt == 0 && g.Dialin != nil && len(g.Schedules) > 0 {
			remindAt = i + 1
		}
	}
	footer := fill(m.FooterPick, "last", strconv.Itoa(shown))
	if c.mem.Offset+shown < ans.Total {
		footer += m.FooterMore
	}
	if remindAt > 0 {
		footer += fill(m.FooterRemind, "n", strconv.Itoa(remindAt))
	}
	return strings.Join(append(lines, footer+"."), "\n")
}

func howShort(m *catalogue, r directory.Result) string {
	switch r.Mode {
	case directory.InPerson:
		return r.Group.Place.City
	case directory.ByPhone:
		return m.HowPhone
	case directory.ByMail:
		return m.HowMail
	}
	return m.HowOnline
}

// shorten cuts a name to at most max characters (0: no limit) at a word.
func shorten(name string, max int) string {
	r := []rune(name)
	if max == 0 || len(r) <= max {
		return name
	}
	cut := string(r[:max-3])
	if i := strings.LastIndex(cut, " "); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.-") + "..."
}

// describe is the details of one group: where or how to attend, when it
// meets, whom to call.
func (l *Line) describe(c *conversation, g directory.Group, n int) string {
	m := c.m
	var how []string
	if p := g.Place; p != nil {
		how = append(how, fill(m.InPerson, "place", strings.Join(nonEmpty(p.Name, p.Street, p.City), ", ")))
	}
	if d := g.Dialin; d != nil {
		if d.AccessCode != "" {
			how = append(how, fill(m.ByPhone, "number", directory.WrittenPhone(d.Number), "code", d.AccessCode))
		} else {
			how = append(how, fill(m.ByPhoneNoCode, "number", directory.WrittenPhone(d.Number)))
		}
	}
	if g.Mail != "" {
		how = append(how, fill(m.ByMail, "address", g.Mail))
	}
	if g.OnlineURL != "" {
		how = append(how, fill(m.Online, "url", g.OnlineURL))
	}
	meets := ""
	switch next, ok := g.NextMeeting(l.Now()); {
	case ok:
		pat := ""
		for _, s := range g.Schedules {
			if pat = pattern(m, c.mem.Lang, s); pat != "" {
				break
			}
		}
		meets = fill(m.DetailsNext, "pattern", pat, "when", directory.WrittenWhen(c.mem.Lang, next.In(g.Location())))
		if pat == "" {
			meets = strings.Replace(meets, "  ", " ", 1)
		}
	case g.Place != nil || g.Dialin != nil:
		meets = m.DetailsNone
	}
	contact := ""
	if g.Phone != "" {
		contact = fill(m.Contact, "phone", directory.WrittenPhone(g.Phone))
	}
	text := fill(m.Details, "name", g.Name, "code", strconv.Itoa(g.Code), "how", strings.Join(how, "\n"), "when", meets, "contact", contact)
	if g.Dialin != nil && len(g.Schedules) > 0 {
		return text + fill(m.DetailsMore, "n", strconv.Itoa(n))
	}
	return text + m.DetailsMore2
}

var weekdayCodes = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

// pattern says how a schedule repeats, or "" when it takes more than a few words.
func pattern(m *catalogue, lang directory.Lang, s recur.Schedule) string {
	interval := max(s.Interval, 1)
	switch {
	case s.Freq == recur.Weekly && len(s.ByDay) == 1 && interval <= len(m.Ordinals):
		day := directory.WrittenWeekday(lang, weekdayCodes[s.ByDay[0]])
		if interval == 1 {
			return fill(m.Every, "day", day)
		}
		return fill(m.EveryNth, "nth", m.Ordinals[interval-1], "n", strconv.Itoa(interval), "day", day)
	case s.Freq == recur.Monthly && interval == 1 && len(s.ByDay) == 1 && len(s.ByDay[0]) > 2:
		code := s.ByDay[0]
		var n int
		if _, err := fmt.Sscan(code[:len(code)-2], &n); err != nil || n < -1 || n == 0 || n > len(m.Ordinals) {
			return ""
		}
		nth := m.Last
		if n > 0 {
			nth = m.Ordinals[n-1]
		}
		return fill(m.Monthly, "nth", nth, "day", directory.WrittenWeekday(lang, weekdayCodes[code[len(code)-2:]]))
	case s.Freq == recur.Monthly && interval == 1 && len(s.ByMonthDay) == 1 && s.ByMonthDay[0] > 0:
		return fill(m.MonthDay, "date", m.Ordinal(s.ByMonthDay[0]))
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
