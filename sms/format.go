package sms

import (
	"strconv"
	"strings"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
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
	m, w := c.m, c.writer
	lines := []string{words.Fill(m.Header, "concern", ans.Match.Concern.Name(c.mem.Lang), "count", strconv.Itoa(ans.Total), "area", l.placeName(c, ans.Caller))}
	remindAt := 0
	for i, r := range ans.Results[:shown] {
		g := r.Group
		next, phone := "", ""
		if !r.Next.IsZero() && r.Mode != directory.ByMail {
			next = words.Fill(m.NextShort, "when", w.At(r.Next, &g))
		}
		if g.Phone != "" {
			phone = ", " + w.Phone(g.Phone)
		}
		lines = append(lines, words.Fill(m.Item, "n", strconv.Itoa(i+1), "name", shorten(g.Name, nameMax), "how", w.HowShort(r), "next", next, "phone", phone))
		if remindAt == 0 && g.TakesReminders() {
			remindAt = i + 1
		}
	}
	footer := words.Fill(words.Plural(shown, m.FooterOne, m.FooterPick), "last", strconv.Itoa(shown))
	if c.mem.Offset+shown < ans.Total {
		footer += m.FooterMore
	}
	if remindAt > 0 {
		footer += words.Fill(m.FooterRemind, "n", strconv.Itoa(remindAt))
	}
	return strings.Join(append(lines, footer+"."), "\n")
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

// describe is the details of group n of the last list, and what to send
// next.
func (l *Line) describe(c *conversation, g directory.Group, n int) string {
	text := c.writer.Details(&g, l.Now())
	if g.TakesReminders() {
		return text + words.Fill(c.m.DetailsMore, "n", strconv.Itoa(n))
	}
	return text + c.m.DetailsMore2
}
