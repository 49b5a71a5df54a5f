// Package recur is the recurrence engine: when a group's schedule meets,
// how a schedule is checked, and how it is read and written: as HSDS
// fields and as the one-line text form of the flat CSV. It needs nothing
// but the standard library.
//
// Recurrence follows RFC 5545 with weeks starting on Monday. Dates are
// worked on as day numbers (days since 1970-01-01) so that finding the
// next meeting jumps straight to the week or month asked about instead of
// walking from Start; only the meeting's start instant goes through
// time.Date, which keeps 19:00 at 19:00 local across daylight-saving
// changes.
package recur

import (
	"errors"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"time"
)

// dayCodes are the RFC 5545 weekday codes, Monday first (index 0).
var dayCodes = [7]string{"MO", "TU", "WE", "TH", "FR", "SA", "SU"}

// A search for the next meeting gives up after about ten years (plus a
// few intervals, for schedules that repeat less often than yearly, but
// never past forty), so a schedule that can never meet costs a bounded
// amount of work and an absurd interval gives no absurd date.
const (
	horizonDays    = 3653
	maxHorizonDays = 40 * 366
)

// Day-number stand-ins for "no bound"; far enough out to never matter,
// near enough that adding a horizon cannot overflow.
const (
	noLow  = -1 << 40
	noHigh = 1 << 40
)

// ---- Dates and clocks ----

// ParseDate reads "2026-01-06". An RFC 3339 date-time gives its date as
// written (the date in its own offset, not in UTC). Empty gives the zero
// Date.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Date{}, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		if t, err = time.Parse(time.RFC3339, s); err != nil {
			return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
		}
	}
	y, m, d := t.Date()
	return Date{y, m, d}, nil
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d == Date{} }

// String gives "2026-01-06", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// MarshalText makes JSON carry a Date as "2026-01-06" ("" when not given).
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what ParseDate reads.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// valid reports whether d is a real calendar date in years 1..9999.
func (d Date) valid() bool {
	return d.Year >= 1 && d.Year <= 9999 && d.Month >= time.January && d.Month <= time.December &&
		d.Day >= 1 && d.Day <= monthLen(d.Year, d.Month)
}

func (d Date) before(e Date) bool {
	if d.Year != e.Year {
		return d.Year < e.Year
	}
	if d.Month != e.Month {
		return d.Month < e.Month
	}
	return d.Day < e.Day
}

// ParseClock reads a time of day: "19:00", "7:00", "19:00:00", optionally
// followed by a UTC offset as HSDS allows ("19:00-05:00", "19:00:00+01:00",
// "19:00Z"). The offset, in seconds east of UTC, is returned separately
// (nil when absent) so the importer can use it to pick a zone; the clock
// itself is always the wall time as written. "24:00" is accepted (a
// meeting closing at midnight); non-zero seconds are refused, as a Clock
// counts whole minutes.
func ParseClock(s string) (c Clock, offset *int, err error) {
	orig := s
	s = strings.TrimSpace(s)
	bad := func(why string) (Clock, *int, error) {
		return 0, nil, fmt.Errorf("time %q: %s", orig, why)
	}
	if s == "" {
		return bad("empty (want HH:MM)")
	}
	if last := s[len(s)-1]; last == 'Z' || last == 'z' {
		s = s[:len(s)-1]
		offset = new(int)
	} else if i := strings.IndexAny(s, "+-"); i >= 0 {
		off, ok := parseOffset(s[i:])
		if !ok {
			return bad("bad UTC offset (want ±HH:MM)")
		}
		s, offset = s[:i], &off
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad("want HH:MM")
	}
	h, okh := atoi(parts[0], 1, 2)
	m, okm := atoi(parts[1], 2, 2)
	if !okh || !okm {
		return bad("want HH:MM")
	}
	if len(parts) == 3 {
		sec, frac, _ := strings.Cut(parts[2], ".")
		n, ok := atoi(sec, 2, 2)
		if !ok || n >= 60 || strings.Trim(frac, "0") != "" || (frac == "" && strings.Contains(parts[2], ".")) {
			return bad("want HH:MM:SS")
		}
		if n != 0 {
			return bad("seconds must be 00")
		}
	}
	if m >= 60 || h > 24 || (h == 24 && m != 0) {
		return bad("no such time of day")
	}
	return Clock(h*60 + m), offset, nil
}

// parseOffset reads "+05:00", "-0500" or "+05" as seconds east of UTC.
func parseOffset(s string) (int, bool) {
	sign := 1
	if s[0] == '-' {
		sign = -1
	}
	s = strings.Replace(s[1:], ":", "", 1)
	var h, m int
	var ok bool
	switch len(s) {
	case 2:
		h, ok = atoi(s, 2, 2)
	case 4:
		var okm bool
		h, ok = atoi(s[:2], 2, 2)
		m, okm = atoi(s[2:], 2, 2)
		ok = ok && okm
	}
	if !ok || h > 23 || m > 59 {
		return 0, false
	}
	return sign * (h*3600 + m*60), true
}

// atoi reads an unsigned decimal of fewest..most ASCII digits.
func atoi(s string, fewest, most int) (int, bool) {
	if len(s) < fewest || len(s) > most {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// String gives "19:00" ("24:00" for a midnight close).
func (c Clock) String() string {
	return fmt.Sprintf("%02d:%02d", int(c)/60, int(c)%60)
}

// MarshalText makes JSON carry a Clock as "19:00".
func (c Clock) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads "19:00". An offset is refused: a stored Clock is
// always wall time in the group's zone. Empty reads as 0.
func (c *Clock) UnmarshalText(b []byte) error {
	if strings.TrimSpace(string(b)) == "" {
		*c = 0
		return nil
	}
	v, off, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	if off != nil {
		return fmt.Errorf("time %q: a stored time takes no UTC offset", b)
	}
	*c = v
	return nil
}

// describe shows a clock in an error message, even an impossible one.
func (c Clock) describe() string {
	if c < 0 || c > 24*60 {
		return fmt.Sprintf("%d minutes", int(c))
	}
	return c.String()
}

// ---- Days ----

// parseDay reads one BYDAY entry: "TU", "2TU", "-1FR", "+2tu". It
// gives the ordinal (0 for none) and the weekday, Monday = 0.
func parseDay(e string) (ord, wd int, err error) {
	e = strings.TrimSpace(e)
	if len(e) < 2 {
		return 0, 0, fmt.Errorf("unknown day %q", e)
	}
	code := e[len(e)-2:]
	wd = -1
	for i, c := range dayCodes {
		if upper(code[0]) == c[0] && upper(code[1]) == c[1] {
			wd = i
			break
		}
	}
	if wd < 0 {
		return 0, 0, fmt.Errorf("unknown day %q", e)
	}
	num := strings.TrimSpace(e[:len(e)-2])
	if num == "" {
		return 0, wd, nil
	}
	sign := 1
	switch num[0] {
	case '-':
		sign, num = -1, num[1:]
	case '+':
		num = num[1:]
	}
	n, ok := atoi(num, 1, 3)
	if !ok {
		return 0, 0, fmt.Errorf("unknown day %q", e)
	}
	if n < 1 || n > 5 {
		return 0, 0, fmt.Errorf("day %q: ordinal must be 1..5 or -1..-5", e)
	}
	return sign * n, wd, nil
}

func upper(b byte) byte {
	if 'a' <= b && b <= 'z' {
		return b - 'a' + 'A'
	}
	return b
}

func dayString(ord, wd int) string {
	if ord == 0 {
		return dayCodes[wd]
	}
	return strconv.Itoa(ord) + dayCodes[wd]
}

// parseMonthDay reads one BYMONTHDAY entry; ok is false when e is
// not a number at all, err when it is one out of range.
func parseMonthDay(e string) (n int, ok bool, err error) {
	e = strings.TrimSpace(e)
	digits := strings.TrimLeft(e, "+-")
	if len(e)-len(digits) > 1 {
		return 0, false, nil
	}
	if _, isNum := atoi(digits, 1, len(digits)); !isNum {
		return 0, false, nil
	}
	n, err = strconv.Atoi(e)
	if err != nil || n == 0 || n > 31 || n < -31 {
		return 0, true, fmt.Errorf("month day %q is out of range (1..31 or -31..-1)", e)
	}
	return n, true, nil
}

// ParseByDay reads a comma list of weekdays, each optionally with an
// ordinal: "TU", "tu, th", "2TU", "-1FR". The result is upper-case
// ("2TU"). Empty gives nil.
func ParseByDay(s string) ([]string, error) {
	var out []string
	for _, e := range strings.Split(s, ",") {
		if strings.TrimSpace(e) == "" {
			continue
		}
		ord, wd, err := parseDay(e)
		if err != nil {
			return nil, err
		}
		out = append(out, dayString(ord, wd))
	}
	return out, nil
}

// ParseByMonthDay reads a comma list of month days: "15", "1,15", "-1".
// Empty gives nil.
func ParseByMonthDay(s string) ([]int, error) {
	var out []int
	for _, e := range strings.Split(s, ",") {
		if strings.TrimSpace(e) == "" {
			continue
		}
		n, ok, err := parseMonthDay(e)
		if !ok {
			return nil, fmt.Errorf("month day %q is not a number", strings.TrimSpace(e))
		}
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// ---- Checking ----

// Validate reports the first thing wrong with the schedule. Next and
// Between give no meetings for a schedule whose recurrence is malformed.
func (s *Schedule) Validate() error {
	switch s.Freq {
	case Weekly, Monthly:
	case "":
		return errors.New("freq is missing (want weekly or monthly)")
	default:
		return fmt.Errorf("unknown freq %q (want weekly or monthly)", string(s.Freq))
	}
	if s.Interval < 0 {
		return fmt.Errorf("interval %d is negative", s.Interval)
	}
	for _, e := range s.ByDay {
		ord, _, err := parseDay(e)
		if err != nil {
			return err
		}
		if ord != 0 && s.Freq == Weekly {
			return fmt.Errorf("day %q: a weekly schedule takes no ordinal (monthly does)", e)
		}
	}
	for _, d := range s.ByMonthDay {
		if d == 0 || d > 31 || d < -31 {
			return fmt.Errorf("month day %d is out of range (1..31 or -31..-1)", d)
		}
	}
	if len(s.ByMonthDay) > 0 && s.Freq == Weekly {
		return errors.New("a weekly schedule takes no month days (monthly does)")
	}
	for _, d := range []struct {
		name string
		d    Date
	}{{"start", s.Start}, {"until", s.Until}, {"valid_from", s.ValidFrom}, {"valid_to", s.ValidTo}} {
		if !d.d.IsZero() && !d.d.valid() {
			return fmt.Errorf("%s %s is not a valid date", d.name, d.d)
		}
	}
	if len(s.ByDay) == 0 && len(s.ByMonthDay) == 0 && s.Start.IsZero() {
		return errors.New("no days given and no start date to take them from")
	}
	if s.Opens < 0 || s.Opens >= 24*60 {
		return fmt.Errorf("opens %s is outside 00:00..23:59", s.Opens.describe())
	}
	if s.Closes < 0 || s.Closes > 24*60 {
		return fmt.Errorf("closes %s is outside 00:00..24:00", s.Closes.describe())
	}
	if s.Closes != 0 && s.Closes < s.Opens {
		return fmt.Errorf("closes %s is before opens %s", s.Closes, s.Opens)
	}
	if !s.Start.IsZero() && !s.Until.IsZero() && s.Until.before(s.Start) {
		return fmt.Errorf("until %s is before start %s", s.Until, s.Start)
	}
	if s.Count < 0 {
		return fmt.Errorf("count %d is negative", s.Count)
	}
	if s.Count > 0 && s.Start.IsZero() {
		return errors.New("count needs a start date to count from")
	}
	if !s.ValidFrom.IsZero() && !s.ValidTo.IsZero() && s.ValidTo.before(s.ValidFrom) {
		return fmt.Errorf("valid_to %s is before valid_from %s", s.ValidTo, s.ValidFrom)
	}
	return nil
}

// ---- When it meets ----

// Next gives the first meeting start strictly after `after`.
//
// A meeting starts on its date at Opens, wall-clock time in loc, built
// with time.Date: 19:00 stays 19:00 local across a daylight-saving change.
// An Opens that does not exist on a spring-forward day follows time.Date's
// normalisation (in Go today 02:30 on 2026-03-08 in Toronto comes out as
// 01:30 EST); an ambiguous one on a fall-back day is the first of the two.
// A zero Start means no lower bound, with every-N weeks or months counted
// from the week of Monday 1970-01-05 or from January 1970.
//
// The search looks about ten years ahead (longer for long intervals, up
// to forty) from `after` or from the first day the schedule allows,
// whichever is later, and reports false past that, so a schedule that can
// never meet, or has ended, costs little.
func (s *Schedule) Next(after time.Time, loc *time.Location) (time.Time, bool) {
	if loc == nil {
		loc = time.UTC
	}
	r, ok := compile(s)
	if !ok {
		return time.Time{}, false
	}
	// From the day before the local date of `after` (one comparison more
	// than needed, and safe), or from the first day the schedule allows,
	// so that a schedule starting far ahead is still found.
	lo := max(localDay(after, loc)-1, r.lo)
	var next time.Time
	found := false
	r.walk(lo, lo+r.horizon(), func(d int) bool {
		if t := startOn(d, s.Opens, loc); t.After(after) {
			next, found = t, true
			return false
		}
		return true
	})
	return next, found
}

// Between gives the meeting starts in [from, to), ascending. See Next for
// how a start is placed in time.
func (s *Schedule) Between(from, to time.Time, loc *time.Location) []time.Time {
	if loc == nil {
		loc = time.UTC
	}
	if !from.Before(to) {
		return nil
	}
	r, ok := compile(s)
	if !ok {
		return nil
	}
	var out []time.Time
	r.walk(localDay(from, loc)-1, localDay(to, loc)+1, func(d int) bool {
		t := startOn(d, s.Opens, loc)
		if !t.Before(to) {
			return false
		}
		if !t.Before(from) {
			out = append(out, t)
		}
		return true
	})
	return out
}

func localDay(t time.Time, loc *time.Location) int {
	y, m, d := t.In(loc).Date()
	return dayNumber(y, m, d)
}

func startOn(day int, opens Clock, loc *time.Location) time.Time {
	y, m, d := civil(day)
	return time.Date(y, m, d, int(opens)/60, int(opens)%60, 0, 0, loc)
}

// rule is a Schedule made ready to enumerate, with no allocation.
type rule struct {
	weekly bool
	n      int   // interval, at least 1
	anchor int   // weekly: day number of the Monday of Start's week; monthly: month number (year*12+month-1) of Start
	days   uint8 // weekly: the weekdays met on; monthly: weekdays met on every week of the month
	ordPos [7]uint8
	ordNeg [7]uint8 // per weekday, bit o-1 for ordinal o (ordPos) or -o (ordNeg)
	mdPos  uint32   // bit d for month day d
	mdNeg  uint32   // bit d for month day -d
	startD int      // monthly with no days: Start's day of month
	start  int      // Start as a day number, or noLow
	count  int
	lo, hi int // day-number bounds from Start, ValidFrom, Until and ValidTo
}

// compile readies s, or says it has no meetings because the
// recurrence itself is malformed (what Validate reports about it).
func compile(s *Schedule) (rule, bool) {
	r := rule{n: max(s.Interval, 1), start: noLow, lo: noLow, hi: noHigh, count: s.Count}
	// Alignment only matters within a few thousand years of Start, so a
	// huge interval behaves the same clamped; clamping keeps arithmetic
	// from overflowing.
	r.n = min(r.n, 1<<31)
	switch s.Freq {
	case Weekly:
		r.weekly = true
	case Monthly:
	default:
		return r, false
	}
	if s.Interval < 0 || s.Count < 0 {
		return r, false
	}
	for _, d := range [...]Date{s.Start, s.Until, s.ValidFrom, s.ValidTo} {
		if !d.IsZero() && !d.valid() {
			return r, false
		}
	}
	for _, e := range s.ByDay {
		ord, wd, err := parseDay(e)
		switch {
		case err != nil || (ord != 0 && r.weekly):
			return r, false
		case ord > 0:
			r.ordPos[wd] |= 1 << (ord - 1)
		case ord < 0:
			r.ordNeg[wd] |= 1 << (-ord - 1)
		default:
			r.days |= 1 << wd
		}
	}
	for _, d := range s.ByMonthDay {
		switch {
		case r.weekly || d == 0 || d > 31 || d < -31:
			return r, false
		case d > 0:
			r.mdPos |= 1 << d
		default:
			r.mdNeg |= 1 << -d
		}
	}
	if s.Start.IsZero() {
		if (len(s.ByDay) == 0 && len(s.ByMonthDay) == 0) || s.Count > 0 {
			return r, false
		}
		r.anchor = 4 // Monday 1970-01-05
		if !r.weekly {
			r.anchor = 1970 * 12
		}
	} else {
		r.start = dayNumber(s.Start.Year, s.Start.Month, s.Start.Day)
		r.lo = r.start
		if r.weekly {
			r.anchor = r.start - weekday(r.start)
			if len(s.ByDay) == 0 {
				r.days = 1 << weekday(r.start)
			}
		} else {
			r.anchor = s.Start.Year*12 + int(s.Start.Month) - 1
			r.startD = s.Start.Day
		}
	}
	if !s.ValidFrom.IsZero() {
		r.lo = max(r.lo, dayNumber(s.ValidFrom.Year, s.ValidFrom.Month, s.ValidFrom.Day))
	}
	if !s.Until.IsZero() {
		r.hi = dayNumber(s.Until.Year, s.Until.Month, s.Until.Day)
	}
	if !s.ValidTo.IsZero() {
		r.hi = min(r.hi, dayNumber(s.ValidTo.Year, s.ValidTo.Month, s.ValidTo.Day))
	}
	return r, true
}

// horizon is how many days ahead Next looks before giving up.
func (r *rule) horizon() int {
	period := 31
	if r.weekly {
		period = 7
	}
	return min(horizonDays+4*r.n*period, maxHorizonDays)
}

// walk calls fn with each meeting day in [lo, hi], ascending, until fn
// returns false.
func (r *rule) walk(lo, hi int, fn func(day int) bool) {
	lo, hi = max(lo, r.lo), min(hi, r.hi)
	if lo > hi {
		return
	}
	if r.count > 0 {
		if last, ok := r.lastCounted(hi); ok {
			hi = min(hi, last)
		}
	}
	if r.weekly {
		r.weeks(lo, hi, fn)
	} else {
		r.months(lo, hi, fn)
	}
}

// lastCounted gives the day of the Count-th meeting from Start, when it
// is no later than hi. ValidFrom and ValidTo do not enter into it: a
// meeting outside them still counts.
func (r *rule) lastCounted(hi int) (int, bool) {
	if r.weekly {
		// Closed form: Start's week is aligned by definition, and every
		// later aligned week holds popcount(days) meetings.
		first := r.days &^ (1<<weekday(r.start) - 1)
		c0 := bits.OnesCount8(first)
		if r.count <= c0 {
			return r.anchor + nthBit(uint32(first), r.count), true
		}
		per := bits.OnesCount8(r.days)
		rest := r.count - c0 - 1
		week := 1 + rest/per
		if hi < r.anchor || week > (hi-r.anchor)/(7*r.n) {
			return 0, false
		}
		return r.anchor + week*7*r.n + nthBit(uint32(r.days), rest%per+1), true
	}
	left, last, found := r.count, 0, false
	r.months(r.start, hi, func(d int) bool {
		if left--; left == 0 {
			last, found = d, true
			return false
		}
		return true
	})
	return last, found
}

// nthBit gives the index of the n-th (from 1) set bit of x.
func nthBit(x uint32, n int) int {
	for ; n > 1; n-- {
		x &= x - 1
	}
	return bits.TrailingZeros32(x)
}

func (r *rule) weeks(lo, hi int, fn func(int) bool) {
	mon := lo - weekday(lo)
	if k := mod(div(mon-r.anchor, 7), r.n); k != 0 {
		mon += (r.n - k) * 7
	}
	for ; mon <= hi; mon += 7 * r.n {
		for m := r.days; m != 0; m &= m - 1 {
			d := mon + bits.TrailingZeros8(m)
			if d < lo {
				continue
			}
			if d > hi || !fn(d) {
				return
			}
		}
	}
}

func (r *rule) months(lo, hi int, fn func(int) bool) {
	y, m, _ := civil(lo)
	mi := y*12 + int(m) - 1
	if k := mod(mi-r.anchor, r.n); k != 0 {
		mi += r.n - k
	}
	for ; ; mi += r.n {
		y, m := div(mi, 12), time.Month(mod(mi, 12)+1)
		first := dayNumber(y, m, 1)
		if first > hi {
			return
		}
		for mask := r.monthDays(y, m, first); mask != 0; mask &= mask - 1 {
			d := first + bits.TrailingZeros32(mask) - 1
			if d < lo {
				continue
			}
			if d > hi || !fn(d) {
				return
			}
		}
	}
}

// monthDays gives the days of month m met on, as bit d for day d. ByDay
// and ByMonthDay together mean days that satisfy both (RFC 5545: BYDAY
// limits BYMONTHDAY); a day that does not exist in the month is skipped.
func (r *rule) monthDays(y int, m time.Month, first int) uint32 {
	dim := monthLen(y, m)
	all := uint32(1)<<(dim+1) - 2
	hasDay := r.days != 0 || r.ordPos != [7]uint8{} || r.ordNeg != [7]uint8{}
	hasMD := r.mdPos|r.mdNeg != 0
	var byDay, byMD uint32
	if hasDay {
		wd1 := weekday(first)
		for wd := range 7 {
			f := 1 + mod(wd-wd1, 7) // the month's first such weekday
			if r.days&(1<<wd) != 0 {
				byDay |= uint32(1)<<f | uint32(1)<<(f+7) | uint32(1)<<(f+14) | uint32(1)<<(f+21) | uint32(1)<<(f+28)
			}
			for o := r.ordPos[wd]; o != 0; o &= o - 1 {
				byDay |= uint32(1) << (f + 7*bits.TrailingZeros8(o)) // shifts past 31 give 0
			}
			last := f + (dim-f)/7*7
			for o := r.ordNeg[wd]; o != 0; o &= o - 1 {
				if d := last - 7*bits.TrailingZeros8(o); d >= 1 {
					byDay |= uint32(1) << d
				}
			}
		}
	}
	if hasMD {
		byMD = r.mdPos
		for neg := r.mdNeg; neg != 0; neg &= neg - 1 {
			if k := bits.TrailingZeros32(neg); k <= dim {
				byMD |= uint32(1) << (dim + 1 - k)
			}
		}
	}
	switch {
	case hasDay && hasMD:
		return byDay & byMD & all
	case hasDay:
		return byDay & all
	case hasMD:
		return byMD & all
	}
	return uint32(1) << r.startD & all
}

// ---- Calendar arithmetic on day numbers (days since 1970-01-01) ----

// dayNumber is days_from_civil from Howard Hinnant's date algorithms.
func dayNumber(y int, m time.Month, d int) int {
	if m <= time.February {
		y--
	}
	era := div(y, 400)
	yoe := y - era*400
	mp := (int(m) + 9) % 12 // March = 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civil is the inverse of dayNumber.
func civil(z int) (int, time.Month, int) {
	z += 719468
	era := div(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	y := yoe + era*400
	if m <= 2 {
		y++
	}
	return y, time.Month(m), d
}

// weekday gives the weekday of a day number, Monday = 0.
func weekday(day int) int { return mod(day+3, 7) }

func monthLen(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func div(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

func mod(a, b int) int {
	m := a % b
	if m < 0 {
		m += b
	}
	return m
}

// ---- The one-line text form ----

// ParseSchedules reads the flat CSV's schedule column: entries separated
// by ";", each
//
//	FREQ[/N] DAYS HH:MM[-HH:MM] [from DATE] [until DATE] [count N] [valid DATE..DATE]
//
// for example "weekly TU 19:00-20:30 from 2026-01-06", "weekly/2 TH 13:30",
// "monthly 2TU 19:00", "monthly -1FR 10:00-11:30", "monthly 15 18:30".
// FREQ is weekly or monthly; DAYS a comma list of weekdays, with an
// ordinal for monthly (2TU, -1FR), or of month days (15, -1); both kinds
// together mean days that are both. Case does not matter and spaces may
// be added anywhere between the parts ("MO, TH", "19:00 - 20:30"). The
// options come in any order; valid may be open on one side
// ("valid 2026-01-01..", "valid ..2026-06-30"). A closing "00:00" means
// midnight at the end of the day and reads as 24:00. Every schedule read
// passes Validate.
func ParseSchedules(text string) ([]Schedule, error) {
	var out []Schedule
	for i, entry := range strings.Split(text, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		s, err := parseSchedule(entry)
		if err == nil {
			err = s.Validate()
		}
		if err != nil {
			return nil, fmt.Errorf("schedule %d (%q): %w", i+1, entry, err)
		}
		out = append(out, s)
	}
	return out, nil
}

func parseSchedule(entry string) (Schedule, error) {
	var s Schedule
	toks := strings.Fields(entry)

	// FREQ[/N], the slash possibly set apart by spaces.
	head, i := toks[0], 1
	for i < len(toks) && (strings.HasSuffix(head, "/") || strings.HasPrefix(toks[i], "/")) {
		head += toks[i]
		i++
	}
	name, n, hasN := strings.Cut(head, "/")
	switch {
	case strings.EqualFold(name, "weekly"):
		s.Freq = Weekly
	case strings.EqualFold(name, "monthly"):
		s.Freq = Monthly
	default:
		return s, fmt.Errorf("unknown frequency %q (want weekly or monthly)", name)
	}
	if hasN {
		v, err := positive(n)
		if err != nil {
			return s, fmt.Errorf("interval %q: %v", n, err)
		}
		if v > 1 { // 1 is the default, kept as 0 so that text round-trips
			s.Interval = v
		}
	}

	// DAYS run up to the time, the first word with a colon.
	j := i
	for j < len(toks) && !strings.Contains(toks[j], ":") {
		j++
	}
	if j == len(toks) {
		return s, errors.New("missing the time (HH:MM)")
	}
	for _, e := range strings.Split(strings.Join(toks[i:j], ""), ",") {
		if e == "" {
			continue
		}
		if md, isNum, err := parseMonthDay(e); isNum {
			if err != nil {
				return s, err
			}
			s.ByMonthDay = append(s.ByMonthDay, md)
			continue
		}
		ord, wd, err := parseDay(e)
		if err != nil {
			return s, err
		}
		s.ByDay = append(s.ByDay, dayString(ord, wd))
	}
	if s.ByDay == nil && s.ByMonthDay == nil {
		return s, errors.New("missing the days (like TU, MO,TH, 2TU, -1FR or 15)")
	}

	// HH:MM[-HH:MM] run up to the first option.
	k := j + 1
	for k < len(toks) && !option(toks[k]) {
		k++
	}
	opens, closes, hasCloses := strings.Cut(strings.Join(toks[j:k], ""), "-")
	var err error
	if s.Opens, err = localClock(opens); err != nil {
		return s, err
	}
	if hasCloses {
		if s.Closes, err = localClock(closes); err != nil {
			return s, err
		}
		if s.Closes == 0 {
			s.Closes = 24 * 60
		}
	}

	seen := map[string]bool{}
	for k < len(toks) {
		opt := strings.ToLower(toks[k])
		v := k + 1
		k = v
		for k < len(toks) && !option(toks[k]) {
			k++
		}
		val := strings.Join(toks[v:k], "")
		if seen[opt] {
			return s, fmt.Errorf("%s given twice", opt)
		}
		seen[opt] = true
		switch opt {
		case "from", "until":
			if val == "" {
				return s, fmt.Errorf("%s needs a date (YYYY-MM-DD)", opt)
			}
			d, err := ParseDate(val)
			if err != nil {
				return s, fmt.Errorf("%s: %v", opt, err)
			}
			if opt == "from" {
				s.Start = d
			} else {
				s.Until = d
			}
		case "count":
			if s.Count, err = positive(val); err != nil {
				return s, fmt.Errorf("count %q: %v", val, err)
			}
		case "valid":
			a, b, ok := strings.Cut(val, "..")
			if !ok || a == "" && b == "" {
				return s, fmt.Errorf("valid %q: want FROM..TO, either side may be left open", val)
			}
			if s.ValidFrom, err = ParseDate(a); err != nil {
				return s, fmt.Errorf("valid: %v", err)
			}
			if s.ValidTo, err = ParseDate(b); err != nil {
				return s, fmt.Errorf("valid: %v", err)
			}
		}
	}
	return s, nil
}

// option reports whether a word starts an option of the text form.
func option(w string) bool {
	switch strings.ToLower(w) {
	case "from", "until", "count", "valid":
		return true
	}
	return false
}

// localClock reads a time in the text form, where times are the
// group's own wall time and an offset would be a mistake.
func localClock(s string) (Clock, error) {
	c, off, err := ParseClock(s)
	if err == nil && off != nil {
		err = fmt.Errorf("time %q: give the group's local time, without a UTC offset", s)
	}
	return c, err
}

func positive(s string) (int, error) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		return 0, errors.New("want a whole number of at least 1")
	}
	return n, nil
}

// FormatSchedules writes schedules in the form ParseSchedules reads,
// joined by "; ". It leaves out an interval of 1, a missing close and
// options not given. A schedule with neither ByDay nor ByMonthDay means
// Start's weekday (weekly) or day of month (monthly); that day is written
// out, as the text form always names its days. (If Start is missing too
// the schedule is invalid and its text will not parse.)
func FormatSchedules(ss []Schedule) string {
	parts := make([]string, 0, len(ss))
	for i := range ss {
		parts = append(parts, ss[i].compact())
	}
	return strings.Join(parts, "; ")
}

func (s *Schedule) compact() string {
	var b strings.Builder
	b.WriteString(strings.ToLower(string(s.Freq)))
	if s.Interval > 1 {
		b.WriteString("/" + strconv.Itoa(s.Interval))
	}
	var days []string
	for _, e := range s.ByDay {
		if ord, wd, err := parseDay(e); err == nil {
			e = dayString(ord, wd)
		}
		days = append(days, e)
	}
	for _, d := range s.ByMonthDay {
		days = append(days, strconv.Itoa(d))
	}
	if len(days) == 0 && s.Start.valid() {
		if s.Freq == Monthly {
			days = append(days, strconv.Itoa(s.Start.Day))
		} else {
			days = append(days, dayCodes[weekday(dayNumber(s.Start.Year, s.Start.Month, s.Start.Day))])
		}
	}
	b.WriteString(" " + strings.Join(days, ","))
	b.WriteString(" " + s.Opens.String())
	if s.Closes != 0 {
		b.WriteString("-" + s.Closes.String())
	}
	if !s.Start.IsZero() {
		b.WriteString(" from " + s.Start.String())
	}
	if !s.Until.IsZero() {
		b.WriteString(" until " + s.Until.String())
	}
	if s.Count != 0 {
		b.WriteString(" count " + strconv.Itoa(s.Count))
	}
	if !s.ValidFrom.IsZero() || !s.ValidTo.IsZero() {
		b.WriteString(" valid " + s.ValidFrom.String() + ".." + s.ValidTo.String())
	}
	return b.String()
}
