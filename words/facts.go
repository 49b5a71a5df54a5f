package words

import (
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Facts are the words the facts of a group are made of, in one language:
// days, months, how schedules repeat, time zones, keys. The sentences
// around them are in Voice and Text.
type Facts struct {
	Weekdays      [7]string  // Sunday first, as time.Weekday: "Tuesday"
	WeekdaysShort [7]string  // as a text writes them: "Tue"; French writes them whole
	Months        [12]string // "November"
	MonthsShort   [12]string // as a text writes them: "Nov"
	Ordinals      [5]string  // first..fifth, as in "the second Tuesday"
	Numbers       [6]string  // zero..five, as in "un mardi sur deux"
	Last          string     // as in "the last Friday"
	Today         string     // a meeting later today: "today"
	Tomorrow      string
	Languages     map[directory.Lang]string // "French", as in "meets in French"
	Hour          string                    // how long a meeting lasts: "one hour"
	HourHalf      string                    // "an hour and a half"
	Hours         string                    // {n}: "2 hours"
	Minutes       string                    // {n}: "90 minutes"
	Streets       map[string]string         // words of an address people write short and a voice must say whole: "St" → "Street", "ON" → "Ontario"
	And           string
	Pound         string
	Star          string

	// How a schedule repeats, said and written alike.
	Every     string // {day}: "every Tuesday"
	EveryNth  string // {nth} {n} {day}: "every second Tuesday"
	MonthlyBy string // {nth} {day}: "on the second Tuesday of each month"
	MonthlyOn string // {date}: "on the 15th of each month"

	// How long before a meeting reminders come.
	DayBefore   string // "the day before"
	DaysBefore  string // {n}: "2 days before"
	HourBefore  string // "one hour before"
	HoursBefore string // {n}
	MinsBefore  string // {n}: "30 minutes before"

	// A meeting's time when the listener's zone is not the group's: both.
	SpokenTwoZones  string // {when} {zone} {other} {otherzone}
	WrittenTwoZones string // {when} {zone} {other} {otherzone}
	// Zones names the time zones of Canada, spoken and written.
	Zones map[string]ZoneName

	date         func(weekday, month string, day int) string // "Tuesday, November 24th"
	at           func(date, clock string) string             // "Tuesday, November 24th, at 7 p.m."
	clock        func(hour, minute int) string               // "7 p.m."
	writtenDate  func(weekday, month string, day int) string // "Tue Nov 24"
	writtenClock func(hour, minute int) string               // "7pm"
	ordinalDay   func(n int) string                          // "24th"
}

// ZoneName is a time zone in words: "Central time", and "Central".
type ZoneName struct{ Spoken, Written string }

// Speaker says facts to one listener, in their language and zone.
type Speaker struct {
	c    *Catalogue
	zone *time.Location // nil: times are said in the group's zone
	now  time.Time      // zero: every meeting is said by its date
}

// Writer writes facts for one reader, in their language and zone.
type Writer struct {
	c    *Catalogue
	zone *time.Location
	now  time.Time
}

// Speaker speaks to a listener living in zone; nil when not known, and
// then times are said in each group's own zone.
func (c *Catalogue) Speaker(zone *time.Location) Speaker { return Speaker{c: c, zone: zone} }

// Writer writes for a reader living in zone, as Speaker.
func (c *Catalogue) Writer(zone *time.Location) Writer { return Writer{c: c, zone: zone} }

// On is the speaker as of now: a meeting later today is said "today",
// one the next day "tomorrow" (on the listener's clock). Only for what is
// heard at once; a message that waits to be sent keeps its dates.
func (s Speaker) On(now time.Time) Speaker { s.now = now; return s }

// On is the writer as of now, as Speaker.On.
func (w Writer) On(now time.Time) Writer { w.now = now; return w }

// At says when a meeting of g starts, in the listener's zone: "Tuesday,
// November 24th, at 7 p.m.". When the clock there reads otherwise than
// at the group, both are said, each zone named: "... at 6:30 p.m. Central
// time, which is 7:30 p.m. Eastern time".
func (s Speaker) At(t time.Time, g *directory.Group) string {
	f := &s.c.Facts
	return f.when(t, g, s.zone, f.SpokenTwoZones, func(t time.Time) string { return f.at(f.day(t, s.now, s.Date), f.clock(t.Hour(), t.Minute())) },
		f.clock, func(z ZoneName) string { return z.Spoken })
}

// Date says the day of a meeting of g in the listener's zone (g nil: t's
// own zone): "Tuesday, November 24th", "le mardi 24 novembre".
func (s Speaker) Date(t time.Time, g *directory.Group) string {
	if g != nil {
		t, _, _ = inZones(t, g, s.zone)
	}
	f := &s.c.Facts
	return f.date(f.Weekdays[t.Weekday()], f.Months[t.Month()-1], t.Day())
}

// At writes when a meeting of g starts, in the reader's zone: "Tue Nov 24
// 7pm"; with both zones named when the clocks differ: "Thu Dec 3 6:30pm
// Central (7:30pm Eastern)".
func (w Writer) At(t time.Time, g *directory.Group) string {
	f := &w.c.Facts
	return f.when(t, g, w.zone, f.WrittenTwoZones, func(t time.Time) string { return f.day(t, w.now, w.Date) + " " + f.writtenClock(t.Hour(), t.Minute()) },
		f.writtenClock, func(z ZoneName) string { return z.Written })
}

// Date writes the day of a meeting of g in the reader's zone (g nil: t's
// own zone): "Tue Nov 24", "mardi 24 novembre".
func (w Writer) Date(t time.Time, g *directory.Group) string {
	if g != nil {
		t, _, _ = inZones(t, g, w.zone)
	}
	f := &w.c.Facts
	return f.writtenDate(f.WeekdaysShort[t.Weekday()], f.MonthsShort[t.Month()-1], t.Day())
}

// day names the day of t, already on the listener's clock: "today" or
// "tomorrow" as of now when it is, else its date.
func (f *Facts) day(t, now time.Time, date func(time.Time, *directory.Group) string) string {
	if !now.IsZero() {
		y, m, d := now.In(t.Location()).Date()
		switch {
		case sameDay(t, y, m, d):
			return f.Today
		case sameDay(t, y, m, d+1):
			return f.Tomorrow
		}
	}
	return date(t, nil)
}

func sameDay(t time.Time, y int, m time.Month, d int) bool {
	ty, tm, td := t.Date()
	ny, nm, nd := time.Date(y, m, d, 12, 0, 0, 0, time.UTC).Date() // normalises the 32nd
	return ty == ny && tm == nm && td == nd
}

// Lasts says how long a meeting lasts: "one hour", "an hour and a half",
// "90 minutes" is said "an hour and a half" too; "" when not listed.
func (f *Facts) Lasts(g *directory.Group) string {
	for _, s := range g.Schedules {
		mins := int(s.Closes) - int(s.Opens)
		switch {
		case s.Closes == 0 || mins <= 0:
			continue
		case mins == 60:
			return f.Hour
		case mins == 90:
			return f.HourHalf
		case mins%60 == 0:
			return Fill(f.Hours, "n", strconv.Itoa(mins/60))
		}
		return Fill(f.Minutes, "n", strconv.Itoa(mins))
	}
	return ""
}

// Address says a street address whole: "12 Pine St E" is "12 Pine Street
// East". Only words standing alone are read out, so "Ste." in a town's
// name stays as a voice says it.
func (f *Facts) Address(a string) string {
	fields := strings.Fields(a)
	for i, w := range fields {
		word, tail := strings.TrimRight(w, ".,"), ""
		if len(word) < len(w) {
			tail = strings.TrimPrefix(w[len(word):], ".")
		}
		if whole, ok := f.Streets[word]; ok && i > 0 {
			fields[i] = whole + tail
		}
	}
	return strings.Join(fields, " ")
}

// when is the one rule for a meeting's time, said or written: the day and
// time on the listener's clock, and when the group's clock reads
// otherwise, its time too, each zone named.
func (f *Facts) when(t time.Time, g *directory.Group, listener *time.Location, two string,
	full func(time.Time) string, clock func(h, m int) string, name func(ZoneName) string) string {
	here, there, both := inZones(t, g, listener)
	if !both {
		return full(here)
	}
	return Fill(two, "when", full(here), "zone", name(f.zoneName(here)),
		"other", clock(there.Hour(), there.Minute()), "otherzone", name(f.zoneName(there)))
}

// inZones is t on the listener's clock and on the group's, and whether
// the two clocks read differently (then both are told).
func inZones(t time.Time, g *directory.Group, listener *time.Location) (here, there time.Time, two bool) {
	there = t.In(g.Location())
	if listener == nil {
		return there, there, false
	}
	here = t.In(listener)
	_, a := here.Zone()
	_, b := there.Zone()
	return here, there, a != b
}

// zoneName names the zone t is in; a zone the catalogue does not know is
// named by its abbreviation.
func (f *Facts) zoneName(t time.Time) ZoneName {
	if z, ok := f.Zones[t.Location().String()]; ok {
		return z
	}
	abbr, _ := t.Zone()
	return ZoneName{abbr, abbr}
}

// Phone says a phone number one digit at a time, grouped the way people
// say North American numbers: "7 0 5, 5 5 5, 0 1 4 2". A slow listener
// writing it down can keep up.
func (s Speaker) Phone(e164 string) string {
	d := strings.TrimPrefix(e164, "+")
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	if len(d) != 10 {
		return spaced(d)
	}
	return spaced(d[:3]) + ", " + spaced(d[3:6]) + ", " + spaced(d[6:])
}

// Digits says a number one digit at a time: "7 0 5".
func (s Speaker) Digits(n string) string { return spaced(n) }

func spaced(s string) string { return strings.Join(strings.Split(s, ""), " ") }

// Keys says an access code key by key, with a pause around the keys that
// are words: "4 1 2 7, pound", "star, 5 5".
func (s Speaker) Keys(code string) string {
	var groups []string
	run := ""
	flush := func() {
		if run != "" {
			groups = append(groups, spaced(run))
			run = ""
		}
	}
	for _, r := range code {
		switch r {
		case '#':
			flush()
			groups = append(groups, s.c.Facts.Pound)
		case '*':
			flush()
			groups = append(groups, s.c.Facts.Star)
		default:
			run += string(r)
		}
	}
	flush()
	return strings.Join(groups, ", ")
}

// Phone writes a North American number as people text it: 705-555-0142;
// others as they are, and none as "-".
func (w Writer) Phone(e164 string) string {
	switch {
	case len(e164) == 12 && strings.HasPrefix(e164, "+1"):
		return e164[2:5] + "-" + e164[5:8] + "-" + e164[8:]
	case e164 == "":
		return "-"
	}
	return e164
}

// Pattern says how the group's meetings repeat ("every second Thursday",
// "on the last Friday of each month"), by voice and in texts alike; ""
// when no schedule can be put in a few words.
func (c *Catalogue) Pattern(g *directory.Group) string {
	for _, s := range g.Schedules {
		if p := c.Facts.pattern(s); p != "" {
			return p
		}
	}
	return ""
}

// weekday reads an RFC 5545 day code: "TU".
func weekday(code string) (time.Weekday, bool) {
	i := strings.Index("SUMOTUWETHFRSA", code)
	if len(code) != 2 || i < 0 || i%2 != 0 {
		return 0, false
	}
	return time.Weekday(i / 2), true
}

func (f *Facts) pattern(s recur.Schedule) string {
	interval := max(s.Interval, 1)
	switch s.Freq {
	case recur.Weekly:
		var days []string
		for _, d := range s.ByDay {
			if wd, ok := weekday(d); ok {
				days = append(days, f.Weekdays[wd])
			}
		}
		if len(days) == 0 || interval > len(f.Ordinals) {
			return ""
		}
		day := joinAnd(days, f.And)
		if interval == 1 {
			return Fill(f.Every, "day", day)
		}
		return Fill(f.EveryNth, "nth", f.Ordinals[interval-1], "n", f.Numbers[interval], "day", day)
	case recur.Monthly:
		if interval != 1 {
			return ""
		}
		if len(s.ByDay) == 1 && len(s.ByDay[0]) > 2 {
			return f.monthlyBy(s.ByDay[0])
		}
		if len(s.ByMonthDay) == 1 && s.ByMonthDay[0] > 0 {
			return Fill(f.MonthlyOn, "date", f.ordinalDay(s.ByMonthDay[0]))
		}
	}
	return ""
}

// monthlyBy says "2TU" or "-1FR"; "" for what it cannot say plainly.
func (f *Facts) monthlyBy(code string) string {
	wd, ok := weekday(code[len(code)-2:])
	n, err := strconv.Atoi(code[:len(code)-2])
	if !ok || err != nil || n == 0 || n < -1 || n > len(f.Ordinals) {
		return ""
	}
	nth := f.Last
	if n > 0 {
		nth = f.Ordinals[n-1]
	}
	return Fill(f.MonthlyBy, "nth", nth, "day", f.Weekdays[wd])
}

func joinAnd(words []string, and string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}

// Leads says when reminders come, longest first: "the day before and one
// hour before".
func (c *Catalogue) Leads(leads []time.Duration) string {
	f := &c.Facts
	var parts []string
	for _, d := range leads {
		switch {
		case d == 24*time.Hour:
			parts = append(parts, f.DayBefore)
		case d%(24*time.Hour) == 0:
			parts = append(parts, Fill(f.DaysBefore, "n", f.count(int(d/(24*time.Hour)))))
		case d == time.Hour:
			parts = append(parts, f.HourBefore)
		case d%time.Hour == 0:
			parts = append(parts, Fill(f.HoursBefore, "n", f.count(int(d/time.Hour))))
		default:
			parts = append(parts, Fill(f.MinsBefore, "n", strconv.Itoa(int(d/time.Minute))))
		}
	}
	return joinAnd(parts, f.And)
}

// count is a small number in words, a larger one in digits.
func (f *Facts) count(n int) string {
	if n >= 0 && n < len(f.Numbers) {
		return f.Numbers[n]
	}
	return strconv.Itoa(n)
}
