package ivr

import (
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// digits reads a phone number one digit at a time, grouped the way people
// say North American numbers: "7 0 5, 5 5 5, 0 1 4 2". A slow listener
// writing it down can keep up.
func digits(e164 string) string {
	d := strings.TrimPrefix(e164, "+")
	if len(d) == 11 && d[0] == '1' {
		d = d[1:]
	}
	if len(d) != 10 {
		return spaced(d)
	}
	return spaced(d[:3]) + ", " + spaced(d[3:6]) + ", " + spaced(d[6:])
}

func spaced(s string) string {
	return strings.Join(strings.Split(s, ""), " ")
}

// keysWords reads an access code key by key, with a pause around the
// keys that are words: "4 1 2 7, pound", "star, 5 5".
func keysWords(code string, m *catalogue) string {
	var groups []string
	digitsRun := ""
	flush := func() {
		if digitsRun != "" {
			groups = append(groups, spaced(digitsRun))
			digitsRun = ""
		}
	}
	for _, r := range code {
		switch r {
		case '#':
			flush()
			groups = append(groups, m.Pound)
		case '*':
			flush()
			groups = append(groups, m.Star)
		default:
			digitsRun += string(r)
		}
	}
	flush()
	return strings.Join(groups, ", ")
}

// when reads a meeting's start in the group's own time: "Tuesday,
// December 2nd, at 7 p.m.", adding the zone when the caller's differs.
func when(t time.Time, groupZone, callerZone string, m *catalogue) string {
	s := m.When(m.Weekdays[t.Weekday()], m.Months[t.Month()-1], t.Day(), t.Hour(), t.Minute())
	if callerZone != "" && groupZone != callerZone {
		if z := m.Zones[groupZone]; z != "" {
			s += " " + z
		}
	}
	return s
}

var weekdayCodes = map[string]time.Weekday{
	"SU": time.Sunday, "MO": time.Monday, "TU": time.Tuesday, "WE": time.Wednesday,
	"TH": time.Thursday, "FR": time.Friday, "SA": time.Saturday,
}

// pattern reads how a schedule repeats: "every Tuesday", "every second
// Thursday", "on the last Friday of each month", "on the 15th of each
// month". It returns "" for a rule it cannot put in a few words.
func pattern(s recur.Schedule, m *catalogue) string {
	interval := max(s.Interval, 1)
	switch s.Freq {
	case recur.Weekly:
		var days []string
		for _, d := range s.ByDay {
			if wd, ok := weekdayCodes[d]; ok {
				days = append(days, m.Weekdays[wd])
			}
		}
		if len(days) == 0 {
			return ""
		}
		day := joinAnd(days, m.And)
		if interval == 1 {
			return say(m.Every, "day", day)
		}
		if interval > len(m.Ordinals) {
			return ""
		}
		return say(m.EveryNth, "nth", m.Ordinals[interval-1], "n", m.Numbers[interval], "day", day)
	case recur.Monthly:
		if interval != 1 {
			return ""
		}
		if len(s.ByDay) == 1 {
			code := s.ByDay[0]
			wd, ok := weekdayCodes[code[len(code)-2:]]
			var n int
			if _, err := fmt.Sscan(code[:len(code)-2], &n); !ok || err != nil || n == 0 || n < -1 || n > len(m.Ordinals) {
				return ""
			}
			nth := m.Last
			if n > 0 {
				nth = m.Ordinals[n-1]
			}
			return say(m.MonthlyBy, "nth", nth, "day", m.Weekdays[wd])
		}
		if len(s.ByMonthDay) == 1 && s.ByMonthDay[0] > 0 {
			return say(m.MonthlyOn, "date", m.DayOfMonth(s.ByMonthDay[0]))
		}
	}
	return ""
}

func joinAnd(words []string, and string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " " + and + " " + words[len(words)-1]
}
