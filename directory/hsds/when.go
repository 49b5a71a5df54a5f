package hsds

import (
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// meeting is one schedule row as read, with what it says of the zone.
type meeting struct {
	rec       record
	s         recur.Schedule
	offset    *int   // seconds east of UTC, when the row gives one
	zone      string // an IANA zone, when the row names one instead
	attending string
}

// readMeeting reads a schedule row. ok is false for a row that is only a
// note (no freq, days or times), which has nothing to meet on.
func readMeeting(rec record) (m meeting, ok bool, err error) {
	if joinNonEmpty("", rec.get("freq"), rec.get("byday"), rec.get("bymonthday"), rec.get("opens_at"), rec.get("closes_at")) == "" {
		return m, false, nil
	}
	m = meeting{rec: rec, attending: rec.get("attending_type")}
	var errs []error
	add := func(col string, err error) {
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", col, err))
		}
	}
	s := &m.s
	s.Freq, err = parseFreq(rec.get("freq"))
	add("freq", err)
	s.Interval, err = parseWhole(rec.get("interval"))
	add("interval", err)
	s.Count, err = parseWhole(rec.get("count"))
	add("count", err)
	s.ByDay, err = recur.ParseByDay(rec.get("byday"))
	add("byday", err)
	s.ByMonthDay, err = recur.ParseByMonthDay(rec.get("bymonthday"))
	add("bymonthday", err)
	for _, d := range []struct {
		col string
		to  *recur.Date
	}{{"dtstart", &s.Start}, {"until", &s.Until}, {"valid_from", &s.ValidFrom}, {"valid_to", &s.ValidTo}} {
		*d.to, err = recur.ParseDate(rec.get(d.col))
		add(d.col, err)
	}

	// An offset may come with the times, in timezone, or both; all must agree.
	var offsets []*int
	var off *int
	s.Opens, off, err = recur.ParseClock(rec.get("opens_at"))
	add("opens_at", err)
	offsets = append(offsets, off)
	if v := rec.get("closes_at"); v != "" {
		s.Closes, off, err = recur.ParseClock(v)
		add("closes_at", err)
		offsets = append(offsets, off)
		if err == nil && s.Closes == 0 {
			s.Closes = 24 * 60 // a meeting that closes at 00:00 closes at midnight, at the end of its day
		}
	}
	off, m.zone, err = parseTimezone(rec.get("timezone"))
	add("timezone", err)
	offsets = append(offsets, off)
	m.offset, err = sameOffset(offsets)
	add("timezone", err)

	// Rules the line cannot follow are refused rather than dropped: left
	// out, they would make a group seem to meet more often than it does.
	for _, col := range []string{"byweekno", "byyearday"} {
		if rec.get(col) != "" {
			add(col, errors.New("not supported; give the days with byday or bymonthday"))
		}
	}
	if w := strings.ToUpper(rec.get("wkst")); w != "" && w != "MO" && s.Freq == recur.Weekly && s.Interval > 1 && len(s.ByDay) > 1 {
		add("wkst", fmt.Errorf("%s: every-%d-weeks schedules on several days are counted in weeks starting on Monday", w, s.Interval))
	}
	if len(errs) == 0 {
		add("schedule", s.Validate())
	}
	if m.zone != "" && m.offset != nil {
		errs = append(errs, fmt.Errorf("timezone: %s is given, and also a UTC offset on the times; give one", m.zone))
	}
	return m, true, errors.Join(errs...)
}

func parseFreq(s string) (recur.Freq, error) {
	switch strings.ToLower(s) {
	case "weekly":
		return recur.Weekly, nil
	case "monthly":
		return recur.Monthly, nil
	case "":
		return "", errors.New("missing (want WEEKLY or MONTHLY)")
	}
	return "", fmt.Errorf("%q: the line reads WEEKLY and MONTHLY schedules", s)
}

// parseWhole reads a count or interval; spreadsheets may write 2 as "2.0".
func parseWhole(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 || f != math.Trunc(f) || f > 1e6 {
		return 0, fmt.Errorf("%q is not a whole number", s)
	}
	return int(f), nil
}

// parseTimezone reads HSDS 3's timezone: a UTC offset in hours ("-5",
// "-3.5") or as "-05:00", "UTC-5"; or, from publishers who put one, an
// IANA zone name ("America/Toronto").
func parseTimezone(s string) (offset *int, zone string, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, "", nil
	}
	if strings.Contains(s, "/") {
		if _, err := time.LoadLocation(s); err != nil {
			return nil, "", fmt.Errorf("%q is not a known time zone", s)
		}
		return nil, s, nil
	}
	u := strings.ToUpper(s)
	for _, prefix := range []string{"UTC", "GMT"} {
		u = strings.TrimPrefix(u, prefix)
	}
	if u == "" || u == "Z" {
		return new(int), "", nil
	}
	if h, err := strconv.ParseFloat(u, 64); err == nil && math.Abs(h) <= 14 {
		sec := int(math.Round(h * 3600))
		return &sec, "", nil
	}
	if _, off, err := recur.ParseClock("00:00" + u); err == nil && off != nil {
		return off, "", nil
	}
	return nil, "", fmt.Errorf("%q is neither a UTC offset in hours (-5) nor a zone name (America/Toronto)", s)
}

// sameOffset gives the one offset among those given, if any.
func sameOffset(offsets []*int) (*int, error) {
	var found *int
	for _, o := range offsets {
		switch {
		case o == nil:
		case found == nil:
			found = o
		case *o != *found:
			return nil, fmt.Errorf("UTC offsets %s and %s disagree", formatHours(*found), formatHours(*o))
		}
	}
	return found, nil
}

// formatHours writes an offset as HSDS 3 wants it: hours east of UTC ("-5", "-3.5").
func formatHours(sec int) string {
	return strconv.FormatFloat(float64(sec)/3600, 'f', -1, 64)
}

// preferredZone is the zone the group's place or phones suggest: its
// town's, else that of the area code of its place's phone, its service
// area's complex (for a place), its contact phone or its dial-in. This
// is the order in which Check fills in a zone.
func (r *reader) preferredZone(g *directory.Group) string {
	if p := g.Place; p != nil {
		if t, ok := r.areas.Town(p.City); ok {
			return t.Zone
		}
		if z := r.phoneZone(p.Phone); z != "" {
			return z
		}
		if len(g.Areas) > 0 && g.Areas[0].Kind == directory.CoverComplex {
			if c, ok := r.areas.Complex(g.Areas[0].Value); ok {
				return c.Zone
			}
		}
	}
	if z := r.phoneZone(g.Phone); z != "" {
		return z
	}
	if g.Dialin != nil {
		return r.phoneZone(g.Dialin.Number)
	}
	return ""
}

// phoneZone is the zone of a phone number's area code, or "".
func (r *reader) phoneZone(number string) string {
	e164, err := directory.NormalizePhone(number)
	if err != nil {
		return ""
	}
	if c, ok := r.areas.Complex(directory.AreaCode(e164)); ok {
		return c.Zone
	}
	return ""
}

// zoneOf is the zone a schedule row names or implies by its offset, on
// its dtstart or valid_from. With no date, an offset the preferred zone
// has in winter or summer names it; otherwise it is read as standard
// time, as Write writes it.
func (w *worker) zoneOf(m meeting, preferred string) (string, error) {
	if m.zone != "" || m.offset == nil {
		return m.zone, nil
	}
	if day := referenceDay(&m.s); !day.IsZero() {
		return w.zoneFor(preferred, *m.offset, noon(day))
	}
	winter, summer := standardDay(), noon(recur.Date{Year: time.Now().Year(), Month: time.July, Day: 15})
	if preferred != "" {
		for _, day := range []time.Time{winter, summer} {
			if z, err := w.zoneFor(preferred, *m.offset, day); err == nil && z == preferred {
				return z, nil
			}
		}
	}
	z, err := w.zoneFor(preferred, *m.offset, winter)
	if err != nil {
		z, err = w.zoneFor(preferred, *m.offset, summer)
	}
	return z, err
}

// referenceDay is the date a schedule's offset is taken on: its dtstart,
// else its valid_from; zero when it has neither.
func referenceDay(s *recur.Schedule) recur.Date {
	if !s.Start.IsZero() {
		return s.Start
	}
	return s.ValidFrom
}

// noon is midday UTC on d: after every Canadian daylight-saving change of
// that day (they happen at 2:00 local), so the offset found is the one
// evening meetings have.
func noon(d recur.Date) time.Time {
	return time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC)
}

// standardDay is the day an undated schedule's offset is taken on:
// mid-January, in standard time.
func standardDay() time.Time {
	return noon(recur.Date{Year: time.Now().Year(), Month: time.January, Day: 15})
}

// offsetAt is the UTC offset of loc on a schedule's reference day.
func offsetAt(s *recur.Schedule, loc *time.Location) int {
	day := standardDay()
	if d := referenceDay(s); !d.IsZero() {
		day = noon(d)
	}
	_, off := day.In(loc).Zone()
	return off
}

// accessCodeRE finds an access code in text: "access code 4127#",
// "PIN: 12 34 56 #", "passcode 8812".
var accessCodeRE = regexp.MustCompile(`(?i)\b(?:access\s+code|passcode|pin|code)\b\W{0,3}?([0-9*#](?:[0-9*# -]*[0-9*#])?)`)

func findAccessCode(text string) string {
	m := accessCodeRE.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return stripSeparators(m[1])
}

// keypadCode reads an extension used as an access code: what a keypad
// can type, with spaces and hyphens dropped.
func keypadCode(s string) (string, error) {
	code := stripSeparators(s)
	if code == "" || strings.Trim(code, "0123456789#*") != "" {
		return "", fmt.Errorf("extension %q: only digits, # and * can be typed on a keypad", s)
	}
	return code, nil
}

func stripSeparators(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' {
			return -1
		}
		return r
	}, s)
}
