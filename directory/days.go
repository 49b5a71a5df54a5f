package directory

import (
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// ReadDay reads a day as people type it in a text, in English or French,
// given today's date in the group's zone: "DEC 8", "Dec. 8th",
// "December 8", "8 déc", "le 8 décembre", "2026-12-08", "tomorrow",
// "demain", "Tuesday", "next Tuesday", "mardi prochain", "mardi 8 déc".
//
// Choices where people differ:
//   - A day of the week alone is the next such day, today included
//     ("Tuesday" on a Tuesday is today); "next Tuesday" and "mardi
//     prochain" are the next one after today, never today.
//   - A month and day without a year is the nearest one that is not more
//     than two months past: "Dec 1" typed on December 5 is four days ago
//     (a date that has passed, said so), "Jan 10" is next January.
//   - Slashed dates ("12/8") are read only when they cannot be misread:
//     day/month in Canada and in French, month/day in the United States.
//     "25/12" and "12/25" are December 25; "12/8" is not understood.
//   - A weekday given with a date must agree with it.
func ReadDay(text string, today recur.Date) (recur.Date, bool) {
	raw := strings.TrimSpace(text)
	if d, ok := readNumericDay(raw, today); ok {
		return d, true
	}
	var words []string
	for _, w := range strings.Fields(Normalize(raw)) {
		if !ignoredDayWords[w] {
			words = append(words, w)
		}
	}
	if len(words) == 0 || len(words) > 5 {
		return recur.Date{}, false
	}
	var (
		year, month, day int
		weekday          = -1
		next             bool
	)
	for _, w := range words {
		switch {
		case relativeDays[w] != 0:
			if len(words) != 1 {
				return recur.Date{}, false
			}
			return addDays(today, relativeDays[w]-1), true
		case len(w) == 4 && year == 0 && isYear(w):
			year, _ = strconv.Atoi(w)
		case w == "next" || w == "prochain" || w == "prochaine":
			next = true
		case weekdayWords[w] != 0 && weekday < 0:
			weekday = weekdayWords[w] - 1
		case monthWords[w] != 0 && month == 0:
			month = monthWords[w]
		default:
			n, ok := dayOfMonth(w)
			if !ok || day != 0 {
				return recur.Date{}, false
			}
			day = n
		}
	}
	switch {
	case month != 0 && day != 0 && !next:
		d, ok := nearestDate(month, day, today)
		if year != 0 {
			d, ok = validDate(year, month, day)
		}
		if ok && weekday >= 0 && weekdayOf(d) != weekday {
			return recur.Date{}, false
		}
		return d, ok
	case month == 0 && day == 0 && year == 0 && weekday >= 0:
		return nextWeekday(today, weekday, next), true
	}
	return recur.Date{}, false
}

var (
	isoDay   = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})$`)
	slashDay = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$`)
)

// readNumericDay reads "2026-12-08", and slashed dates that cannot be
// misread ("25/12", "12/25", "12/12/2026").
func readNumericDay(raw string, today recur.Date) (recur.Date, bool) {
	if m := isoDay.FindStringSubmatch(raw); m != nil {
		y, _ := strconv.Atoi(m[1])
		mo, _ := strconv.Atoi(m[2])
		d, _ := strconv.Atoi(m[3])
		return validDate(y, mo, d)
	}
	m := slashDay.FindStringSubmatch(raw)
	if m == nil {
		return recur.Date{}, false
	}
	a, _ := strconv.Atoi(m[1])
	b, _ := strconv.Atoi(m[2])
	month, day := 0, 0
	switch {
	case a == b:
		month, day = a, b
	case a > 12 && b <= 12:
		month, day = b, a
	case b > 12 && a <= 12:
		month, day = a, b
	default:
		return recur.Date{}, false // 12/8: August or December?
	}
	if m[3] == "" {
		return nearestDate(month, day, today)
	}
	y, _ := strconv.Atoi(m[3])
	if y < 100 {
		y += 2000
	}
	return validDate(y, month, day)
}

// nearestDate is month/day in the year that puts it no more than two
// months in the past.
func nearestDate(month, day int, today recur.Date) (recur.Date, bool) {
	d, ok := validDate(today.Year, month, day)
	for y := today.Year + 1; !ok && month == 2 && day == 29 && y <= today.Year+4; y++ {
		d, ok = validDate(y, month, day) // the next leap year's
	}
	if !ok {
		return recur.Date{}, false
	}
	if daysBetween(d, today) > 61 { // long past: next year's
		return validDate(d.Year+1, month, day)
	}
	return d, true
}

func isYear(w string) bool {
	n, err := strconv.Atoi(w)
	return err == nil && n >= 1900 && n <= 2200
}

func validDate(y, m, d int) (recur.Date, bool) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return recur.Date{}, false
	}
	t := time.Date(y, time.Month(m), d, 12, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return recur.Date{}, false // February 30th
	}
	return recur.Date{Year: y, Month: time.Month(m), Day: d}, true
}

// dayOfMonth reads "8", "08", "8th", "1st", "1er".
func dayOfMonth(w string) (int, bool) {
	for _, suffix := range []string{"st", "nd", "rd", "th", "er", "e"} {
		if s, ok := strings.CutSuffix(w, suffix); ok && s != "" {
			w = s
			break
		}
	}
	if len(w) > 2 {
		return 0, false
	}
	n, err := strconv.Atoi(w)
	return n, err == nil && n >= 1 && n <= 31
}

func noon(d recur.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

func addDays(d recur.Date, n int) recur.Date {
	y, m, dd := noon(d).AddDate(0, 0, n).Date()
	return recur.Date{Year: y, Month: m, Day: dd}
}

// daysBetween is how many days d is before today (negative: after).
func daysBetween(d, today recur.Date) int {
	return int(noon(today).Sub(noon(d)).Hours() / 24)
}

func weekdayOf(d recur.Date) int { return int(noon(d).Weekday()) }

// nextWeekday is the first such weekday from today (after today when
// after is set).
func nextWeekday(today recur.Date, weekday int, after bool) recur.Date {
	ahead := (weekday - weekdayOf(today) + 7) % 7
	if ahead == 0 && after {
		ahead = 7
	}
	return addDays(today, ahead)
}

// The words of a day, folded as Normalize folds them. Values are one more
// than what they stand for, so that zero means "not a day word".
var (
	relativeDays = map[string]int{"today": 1, "tonight": 1, "aujourd": 1, "aujourdhui": 1, "tomorrow": 2, "demain": 2}
	weekdayWords = map[string]int{
		"sunday": 1, "sun": 1, "dimanche": 1, "dim": 1,
		"monday": 2, "mon": 2, "lundi": 2, "lun": 2,
		"tuesday": 3, "tue": 3, "tues": 3, "mardi": 3,
		"wednesday": 4, "wed": 4, "mercredi": 4, "mer": 4,
		"thursday": 5, "thu": 5, "thur": 5, "thurs": 5, "jeudi": 5, "jeu": 5,
		"friday": 6, "fri": 6, "vendredi": 6, "ven": 6,
		"saturday": 7, "sat": 7, "samedi": 7, "sam": 7,
	}
	monthWords = map[string]int{
		"january": 1, "jan": 1, "janvier": 1, "janv": 1,
		"february": 2, "feb": 2, "fevrier": 2, "fev": 2, "fevr": 2,
		"march": 3, "mar": 3, "mars": 3, // "mar" is March, not mardi: people write Mar 8
		"april": 4, "apr": 4, "avril": 4, "avr": 4,
		"may": 5, "mai": 5,
		"june": 6, "jun": 6, "juin": 6,
		"july": 7, "jul": 7, "juillet": 7, "juil": 7,
		"august": 8, "aug": 8, "aout": 8,
		"september": 9, "sep": 9, "sept": 9, "septembre": 9,
		"october": 10, "oct": 10, "octobre": 10,
		"november": 11, "nov": 11, "novembre": 11,
		"december": 12, "dec": 12, "decembre": 12,
	}
	// "on", "the", "le", "of": the little words around a date. "hui" is
	// what is left of "aujourd'hui" once its apostrophe is a space.
	ignoredDayWords = map[string]bool{"on": true, "the": true, "of": true, "le": true, "this": true, "ce": true, "hui": true}
)
