package meetingguide

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// dayCodes are the RFC 5545 codes of the spec's days, Sunday (0) first.
var dayCodes = [7]string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// dayNames are the words feeds write instead of numbers, in English and
// French, normalized (directory.Normalize: lower case, no accents).
var dayNames = map[string]int{
	"sunday": 0, "sun": 0, "dimanche": 0, "dim": 0,
	"monday": 1, "mon": 1, "lundi": 1, "lun": 1,
	"tuesday": 2, "tue": 2, "tues": 2, "mardi": 2, "mar": 2,
	"wednesday": 3, "wed": 3, "mercredi": 3, "mer": 3,
	"thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "jeudi": 4, "jeu": 4,
	"friday": 5, "fri": 5, "vendredi": 5, "ven": 5,
	"saturday": 6, "sat": 6, "samedi": 6, "sam": 6,
}

// readDays reads day: 0-6 (0 is Sunday), as a number or a string, a day
// name, or a list of those; the days come back Monday first, once each.
func readDays(items []string) ([]string, error) {
	if len(items) == 0 {
		return nil, errors.New("missing: the line lists meetings by their weekday (0 for Sunday to 6 for Saturday)")
	}
	var seen [7]bool
	var bad []string
	for _, it := range items {
		d, ok := dayNumber(it)
		if !ok {
			bad = append(bad, strconv.Quote(it))
			continue
		}
		seen[d] = true
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%s: want 0 (Sunday) to 6 (Saturday), or a day's name", strings.Join(bad, ", "))
	}
	var out []string
	for i := 1; i <= 7; i++ { // Monday first, as recur orders weeks
		if seen[i%7] {
			out = append(out, dayCodes[i%7])
		}
	}
	return out, nil
}

func dayNumber(s string) (int, bool) {
	if f, err := strconv.ParseFloat(s, 64); err == nil {
		if f != math.Trunc(f) || f < 0 || f > 6 {
			return 0, false
		}
		return int(f), true
	}
	d, ok := dayNames[directory.Normalize(s)]
	return d, ok
}

// timeSpacing is what a time is written with that says nothing: "7:30
// p.m." is "7:30pm".
var timeSpacing = strings.NewReplacer(" ", "", ".", "")

// readClock reads a time of day as feeds write it: "19:00", "19:00:00",
// "7:30 PM", "7:30pm", "7 p.m.", "19h00", "19h", "1900", "noon".
func readClock(s string) (recur.Clock, error) {
	t := timeSpacing.Replace(strings.ToLower(s))
	switch t {
	case "":
		return 0, errors.New("missing (want HH:MM)")
	case "noon", "midi":
		return 12 * 60, nil
	case "midnight", "minuit":
		return 0, nil
	}
	t, half := cutHalf(t)
	h, m, ok := hourMinute(t, half != "")
	if !ok {
		return 0, fmt.Errorf("%q is not a time of day (want HH:MM, as 19:00 or 7:00 PM)", s)
	}
	switch half {
	case "am":
		h %= 12
	case "pm":
		h = h%12 + 12
	}
	return recur.Clock(h*60 + m), nil
}

// cutHalf takes "am" or "pm" ("a", "p") off the end of a time.
func cutHalf(t string) (string, string) {
	for _, suffix := range []string{"am", "pm", "a", "p"} {
		if rest, ok := strings.CutSuffix(t, suffix); ok && rest != "" && rest[len(rest)-1] >= '0' && rest[len(rest)-1] <= '9' {
			return rest, suffix[:1] + "m"
		}
	}
	return t, ""
}

// hourMinute reads "19:00", "19:00:00", "19h00", "19h", "1900", and a
// bare hour when a half of the day follows ("7 PM"). Seconds must be 00:
// a schedule counts minutes.
func hourMinute(t string, twelve bool) (h, m int, ok bool) {
	t = strings.Replace(t, "h", ":", 1)
	parts := strings.Split(t, ":")
	switch {
	case len(parts) == 1 && len(t) == 4 && !twelve:
		parts = []string{t[:2], t[2:]}
	case len(parts) == 1 && twelve:
		parts = append(parts, "00")
	case len(parts) == 2 && parts[1] == "":
		parts[1] = "00" // "19h"
	case len(parts) == 3 && parts[2] == "00":
		parts = parts[:2]
	}
	if len(parts) != 2 || len(parts[0]) == 0 || len(parts[0]) > 2 || len(parts[1]) != 2 {
		return 0, 0, false
	}
	h, err1 := strconv.Atoi(parts[0])
	m, err2 := strconv.Atoi(parts[1])
	switch {
	case err1 != nil || err2 != nil || h < 0 || m < 0 || m > 59:
		return 0, 0, false
	case twelve:
		return h, m, h >= 1 && h <= 12
	}
	return h, m, h <= 23 || (h == 24 && m == 0)
}

// schedule is a meeting's weekly schedule. An end at midnight ("00:00",
// "24:00") closes the day; an end before the start (a meeting past
// midnight) or at it says nothing a schedule can hold, and is left out:
// the start is what the line says.
func schedule(days []string, opens, closes recur.Clock, hasEnd bool) recur.Schedule {
	s := recur.Schedule{Freq: recur.Weekly, ByDay: days, Opens: opens % (24 * 60)}
	if hasEnd {
		if closes == 0 {
			closes = 24 * 60
		}
		if closes > s.Opens {
			s.Closes = closes
		}
	}
	return s
}
