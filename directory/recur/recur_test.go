package recur

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func mustSchedule(t testing.TB, text string) Schedule {
	t.Helper()
	ss, err := ParseSchedules(text)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 1 {
		t.Fatalf("%q: %d schedules", text, len(ss))
	}
	return ss[0]
}

// at is a wall time in loc: at(loc, "2026-03-10 19:00").
func at(t testing.TB, loc *time.Location, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation("2006-01-02 15:04", s, loc)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestScheduleNext(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	wpg := mustLoc(t, "America/Winnipeg")
	tests := []struct {
		name     string
		sched    string
		loc      *time.Location
		after    string // wall time in loc
		want     string // wall time in loc; "" for no meeting
		wantOffH int    // UTC offset of the meeting, hours
	}{
		{"weekly before spring forward", "weekly TU 19:00 from 2026-01-06", tor, "2026-03-01 12:00", "2026-03-03 19:00", -5},
		{"weekly after spring forward", "weekly TU 19:00 from 2026-01-06", tor, "2026-03-04 12:00", "2026-03-10 19:00", -4},
		{"weekly on the spring-forward day", "weekly SU 19:00 from 2026-01-04", tor, "2026-03-07 12:00", "2026-03-08 19:00", -4},
		{"weekly before fall back", "weekly TU 19:00 from 2026-01-06", tor, "2026-10-21 12:00", "2026-10-27 19:00", -4},
		{"weekly after fall back", "weekly TU 19:00 from 2026-01-06", tor, "2026-10-28 12:00", "2026-11-03 19:00", -5},
		{"weekly on the fall-back day", "weekly SU 19:00 from 2026-01-04", tor, "2026-10-31 12:00", "2026-11-01 19:00", -5},
		{"weekly, several days", "weekly MO,TH 10:00 from 2026-01-05", tor, "2026-01-06 09:00", "2026-01-08 10:00", -5},
		{"weekly, days from Start", "weekly TU 19:00 from 2026-01-06", tor, "2026-01-01 00:00", "2026-01-06 19:00", -5},
		{"never before Start", "weekly MO,TU 19:00 from 2026-01-06", tor, "2026-01-05 00:00", "2026-01-06 19:00", -5},
		{"start far ahead", "weekly TU 19:00 from 2041-01-01", tor, "2026-01-01 00:00", "2041-01-01 19:00", -5},

		// Every two weeks from Thursday 2026-01-08: Jan 8, 22, Feb 5, 19, Mar 5, 19, Apr 2.
		{"every 2 weeks, on week", "weekly/2 TH 13:30 from 2026-01-08", tor, "2026-03-01 00:00", "2026-03-05 13:30", -5},
		{"every 2 weeks, from an off week across DST", "weekly/2 TH 13:30 from 2026-01-08", tor, "2026-03-10 00:00", "2026-03-19 13:30", -4},
		{"every 2 weeks, right after a meeting", "weekly/2 TH 13:30 from 2026-01-08", tor, "2026-03-05 13:30", "2026-03-19 13:30", -4},
		{"every 2 weeks, years on", "weekly/2 TH 13:30 from 2026-01-08", tor, "2030-01-01 00:00", "2030-01-03 13:30", -5},
		{"every 3 weeks before Start", "weekly/3 TH 13:30 from 2026-01-08", tor, "2025-06-01 00:00", "2026-01-08 13:30", -5},

		{"monthly 2TU", "monthly 2TU 19:00 from 2026-01-01", tor, "2026-01-14 00:00", "2026-02-10 19:00", -5},
		{"monthly 2TU across DST", "monthly 2TU 19:00 from 2026-01-01", tor, "2026-02-11 00:00", "2026-03-10 19:00", -4},
		{"monthly -1FR", "monthly -1FR 10:00-11:30 from 2026-01-01", tor, "2026-01-01 00:00", "2026-01-30 10:00", -5},
		{"monthly -1FR next month", "monthly -1FR 10:00 from 2026-01-01", tor, "2026-01-31 00:00", "2026-02-27 10:00", -5},
		{"monthly -2FR", "monthly -2FR 10:00 from 2026-01-01", tor, "2026-01-01 00:00", "2026-01-23 10:00", -5},
		{"monthly 1MO", "monthly 1MO 19:00 from 2026-01-01", tor, "2026-01-06 00:00", "2026-02-02 19:00", -5},
		{"monthly 5TU skips months without one", "monthly 5TU 19:00 from 2026-01-01", tor, "2026-01-01 00:00", "2026-03-31 19:00", -4},
		{"monthly plain weekday = every one", "monthly WE 19:00 from 2026-01-01", tor, "2026-01-07 20:00", "2026-01-14 19:00", -5},
		{"monthly 31 skips short months", "monthly 31 18:30 from 2026-01-01", tor, "2026-02-01 00:00", "2026-03-31 18:30", -4},
		{"monthly 31 skips April", "monthly 31 18:30 from 2026-01-01", tor, "2026-04-01 00:00", "2026-05-31 18:30", -4},
		{"monthly -1 in February", "monthly -1 18:30 from 2026-01-01", tor, "2026-02-01 00:00", "2026-02-28 18:30", -5},
		{"monthly -1 in a leap February", "monthly -1 18:30 from 2028-01-01", tor, "2028-02-01 00:00", "2028-02-29 18:30", -5},
		{"monthly/3 from Start's month", "monthly/3 15 19:00 from 2026-01-01", tor, "2026-01-16 00:00", "2026-04-15 19:00", -4},
		{"monthly FR and 13 = Friday the 13th", "monthly FR,13 19:00 from 2026-01-01", tor, "2026-01-01 00:00", "2026-02-13 19:00", -5},
		{"leap day every 12 months", "monthly/12 29 19:00 from 2024-02-01", tor, "2024-03-01 00:00", "2028-02-29 19:00", -5},

		{"until is inclusive", "weekly TU 19:00 from 2026-01-06 until 2026-01-20", tor, "2026-01-14 00:00", "2026-01-20 19:00", -5},
		{"after until", "weekly TU 19:00 from 2026-01-06 until 2026-01-20", tor, "2026-01-21 00:00", "", 0},
		{"count, last one", "weekly TU,TH 19:00 from 2026-01-07 count 3", tor, "2026-01-14 00:00", "2026-01-15 19:00", -5},
		{"count, used up", "weekly TU,TH 19:00 from 2026-01-07 count 3", tor, "2026-01-15 20:00", "", 0},
		{"count, every 2 weeks", "weekly/2 TH 19:00 from 2026-01-08 count 3", tor, "2026-01-23 00:00", "2026-02-05 19:00", -5},
		{"count, monthly", "monthly 2TU 19:00 from 2026-01-01 count 2", tor, "2026-01-14 00:00", "2026-02-10 19:00", -5},
		{"count, monthly used up", "monthly 2TU 19:00 from 2026-01-01 count 2", tor, "2026-02-11 00:00", "", 0},
		{"valid from", "weekly TU 19:00 from 2026-01-06 valid 2026-02-01..2026-02-28", tor, "2026-01-01 00:00", "2026-02-03 19:00", -5},
		{"valid to", "weekly TU 19:00 from 2026-01-06 valid 2026-02-01..2026-02-28", tor, "2026-02-25 00:00", "", 0},
		{"valid from keeps the 2-week alignment", "weekly/2 TU 19:00 from 2026-01-06 valid 2026-01-10..", tor, "2026-01-01 00:00", "2026-01-20 19:00", -5},
		{"meetings outside valid still count", "weekly TU 19:00 from 2026-01-06 count 4 valid 2026-01-15..", tor, "2026-01-01 00:00", "2026-01-20 19:00", -5},
		{"meetings outside valid still count, used up", "weekly TU 19:00 from 2026-01-06 count 4 valid 2026-01-15..", tor, "2026-01-21 00:00", "2026-01-27 19:00", -5},

		{"strictly after", "weekly TU 19:00 from 2026-01-06", tor, "2026-01-06 19:00", "2026-01-13 19:00", -5},
		{"just before", "weekly TU 19:00 from 2026-01-06", tor, "2026-01-06 18:59", "2026-01-06 19:00", -5},

		{"winnipeg before DST", "weekly WE 19:00 from 2026-01-07", wpg, "2026-03-01 00:00", "2026-03-04 19:00", -6},
		{"winnipeg after DST", "weekly WE 19:00 from 2026-01-07", wpg, "2026-03-05 00:00", "2026-03-11 19:00", -5},

		{"never: day 31 every 12 months from February", "monthly/12 31 19:00 from 2026-02-01", tor, "2026-01-01 00:00", "", 0},
		{"never: day 30 in February only", "monthly/12 30 19:00 from 2026-02-01", tor, "2030-01-01 00:00", "", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := mustSchedule(t, tt.sched)
			got, ok := s.Next(at(t, tt.loc, tt.after), tt.loc)
			if tt.want == "" {
				if ok {
					t.Fatalf("Next = %v, want none", got)
				}
				return
			}
			want := at(t, tt.loc, tt.want)
			if !ok || !got.Equal(want) {
				t.Fatalf("Next = %v, %v; want %v", got, ok, want)
			}
			if got.Location() != tt.loc {
				t.Errorf("location %v, want %v", got.Location(), tt.loc)
			}
			if _, off := got.Zone(); off != tt.wantOffH*3600 {
				t.Errorf("offset %ds, want %dh", off, tt.wantOffH)
			}
		})
	}
}

func TestScheduleNextKeepsLocalHourAcrossDST(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	s := mustSchedule(t, "weekly TU 19:00 from 2026-01-06")
	offsets := map[int]bool{}
	tm := at(t, tor, "2026-01-01 00:00")
	for range 52 {
		next, ok := s.Next(tm, tor)
		if !ok {
			t.Fatal("no meeting")
		}
		if next.Hour() != 19 || next.Minute() != 0 || next.Weekday() != time.Tuesday {
			t.Fatalf("meeting at %v, want Tuesday 19:00 local", next)
		}
		_, off := next.Zone()
		offsets[off] = true
		tm = next
	}
	if !offsets[-5*3600] || !offsets[-4*3600] || len(offsets) != 2 {
		t.Errorf("offsets %v, want both EST and EDT", offsets)
	}
}

func TestScheduleNextSpringForwardGap(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	s := mustSchedule(t, "weekly SU 02:30 from 2026-01-04")
	got, ok := s.Next(at(t, tor, "2026-03-07 12:00"), tor)
	// 02:30 does not exist on 2026-03-08; whatever time.Date makes of it.
	want := time.Date(2026, 3, 8, 2, 30, 0, 0, tor)
	if !ok || !got.Equal(want) {
		t.Fatalf("Next = %v, want %v", got, want)
	}
	got, ok = s.Next(got, tor)
	if want := at(t, tor, "2026-03-15 02:30"); !ok || !got.Equal(want) {
		t.Fatalf("Next = %v, want %v", got, want)
	}
}

func TestScheduleZeroStart(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	tests := []struct {
		s           Schedule
		after, want string
	}{
		// Weeks count from Monday 1970-01-05: 2026-01-05 is 2922 weeks on, so aligned.
		{Schedule{Freq: Weekly, Interval: 2, ByDay: []string{"MO"}, Opens: 19 * 60}, "2026-01-06 00:00", "2026-01-19 19:00"},
		{Schedule{Freq: Weekly, Interval: 2, ByDay: []string{"MO"}, Opens: 19 * 60}, "2026-01-04 00:00", "2026-01-05 19:00"},
		// Months count from January 1970: January, April, July, October.
		{Schedule{Freq: Monthly, Interval: 3, ByMonthDay: []int{15}, Opens: 19 * 60}, "2026-02-01 00:00", "2026-04-15 19:00"},
		{Schedule{Freq: Weekly, ByDay: []string{"TU"}, Opens: 19 * 60}, "1999-12-30 00:00", "2000-01-04 19:00"},
	}
	for _, tt := range tests {
		got, ok := tt.s.Next(at(t, tor, tt.after), tor)
		if want := at(t, tor, tt.want); !ok || !got.Equal(want) {
			t.Errorf("%s after %s: Next = %v, %v; want %v", FormatSchedules([]Schedule{tt.s}), tt.after, got, ok, want)
		}
	}
}

func TestScheduleDaysFromStart(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	tests := []struct {
		s           Schedule
		after, want string
	}{
		{Schedule{Freq: Weekly, Start: Date{2026, 1, 6}, Opens: 19 * 60}, "2026-01-07 00:00", "2026-01-13 19:00"},
		{Schedule{Freq: Monthly, Start: Date{2026, 1, 15}, Opens: 19 * 60}, "2026-01-16 00:00", "2026-02-15 19:00"},
		{Schedule{Freq: Monthly, Start: Date{2026, 1, 31}, Opens: 19 * 60}, "2026-02-01 00:00", "2026-03-31 19:00"},
	}
	for _, tt := range tests {
		got, ok := tt.s.Next(at(t, tor, tt.after), tor)
		if want := at(t, tor, tt.want); !ok || !got.Equal(want) {
			t.Errorf("%+v after %s: Next = %v, %v; want %v", tt.s, tt.after, got, ok, want)
		}
	}
}

func TestScheduleNextNoMeeting(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	now := at(t, tor, "2026-01-01 00:00")
	for _, s := range []Schedule{
		{Freq: Weekly, ByDay: []string{"TU"}, Start: Date{2026, 1, 6}, Until: Date{2026, 1, 1}, Opens: 60},
		{Freq: Weekly, Opens: 60},                                  // no days, no start
		{Freq: "daily", ByDay: []string{"TU"}, Opens: 60},          // unknown freq
		{Freq: Weekly, ByDay: []string{"2TU"}, Opens: 60},          // ordinal on weekly
		{Freq: Monthly, ByDay: []string{"XX"}, Opens: 60},          // unknown day
		{Freq: Monthly, ByMonthDay: []int{32}, Opens: 60},          // no such day
		{Freq: Weekly, ByDay: []string{"TU"}, Count: 3, Opens: 60}, // count without start
		{Freq: Weekly, ByDay: []string{"TU"}, Start: Date{2026, 2, 30}, Opens: 60},
	} {
		if got, ok := s.Next(now, tor); ok {
			t.Errorf("%+v: Next = %v, want none", s, got)
		}
		if got := s.Between(now, now.AddDate(1, 0, 0), tor); len(got) != 0 {
			t.Errorf("%+v: Between = %v, want none", s, got)
		}
	}
}

func TestScheduleBetween(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	tests := []struct {
		sched    string
		from, to string
		want     []string
	}{
		{"weekly TU,TH 19:00 from 2026-01-01", "2026-03-01 00:00", "2026-03-15 00:00",
			[]string{"2026-03-03 19:00", "2026-03-05 19:00", "2026-03-10 19:00", "2026-03-12 19:00"}},
		{"weekly SU 19:00 from 2026-01-01", "2026-10-25 19:00", "2026-11-08 19:00", // [from, to)
			[]string{"2026-10-25 19:00", "2026-11-01 19:00"}},
		{"weekly TU 19:00 from 2026-01-06 until 2026-01-20", "2026-01-01 00:00", "2026-03-01 00:00",
			[]string{"2026-01-06 19:00", "2026-01-13 19:00", "2026-01-20 19:00"}},
		{"weekly TU,TH 19:00 from 2026-01-06 count 3", "2025-01-01 00:00", "2027-01-01 00:00",
			[]string{"2026-01-06 19:00", "2026-01-08 19:00", "2026-01-13 19:00"}},
		{"weekly TU 19:00 from 2026-01-06 valid 2026-02-01..2026-02-28", "2026-01-01 00:00", "2026-12-31 00:00",
			[]string{"2026-02-03 19:00", "2026-02-10 19:00", "2026-02-17 19:00", "2026-02-24 19:00"}},
		{"weekly TU 19:00 from 2026-01-06 valid ..2026-01-14", "2026-01-01 00:00", "2026-12-31 00:00",
			[]string{"2026-01-06 19:00", "2026-01-13 19:00"}},
		{"monthly 31 18:30 from 2026-01-01", "2026-01-01 00:00", "2026-08-01 00:00",
			[]string{"2026-01-31 18:30", "2026-03-31 18:30", "2026-05-31 18:30", "2026-07-31 18:30"}},
		{"monthly -1 18:30 from 2026-01-01", "2026-01-01 00:00", "2026-05-01 00:00",
			[]string{"2026-01-31 18:30", "2026-02-28 18:30", "2026-03-31 18:30", "2026-04-30 18:30"}},
		{"monthly 1,-1 09:00 from 2026-01-01", "2026-02-01 00:00", "2026-03-02 00:00",
			[]string{"2026-02-01 09:00", "2026-02-28 09:00", "2026-03-01 09:00"}},
		{"monthly 5TU 19:00 from 2026-01-01", "2026-01-01 00:00", "2027-01-01 00:00",
			[]string{"2026-03-31 19:00", "2026-06-30 19:00", "2026-09-29 19:00", "2026-12-29 19:00"}},
		{"monthly 1TU,3TU 19:00 from 2026-01-01 count 3", "2026-01-01 00:00", "2027-01-01 00:00",
			[]string{"2026-01-06 19:00", "2026-01-20 19:00", "2026-02-03 19:00"}},
		{"weekly TU 19:00 from 2026-01-06", "2026-01-07 00:00", "2026-01-07 00:00", nil},
	}
	for _, tt := range tests {
		s := mustSchedule(t, tt.sched)
		got := s.Between(at(t, tor, tt.from), at(t, tor, tt.to), tor)
		var want []time.Time
		for _, w := range tt.want {
			want = append(want, at(t, tor, w))
		}
		if !sameTimes(got, want) {
			t.Errorf("%s in [%s, %s):\n got %v\nwant %v", tt.sched, tt.from, tt.to, got, want)
		}
	}
}

func TestScheduleBetweenAcrossDSTOffsets(t *testing.T) {
	tor := mustLoc(t, "America/Toronto")
	s := mustSchedule(t, "weekly TU 19:00 from 2026-01-06")
	got := s.Between(at(t, tor, "2026-02-28 00:00"), at(t, tor, "2026-03-15 00:00"), tor)
	if len(got) != 2 {
		t.Fatalf("got %v", got)
	}
	// 19:00 EST is 00:00 UTC the next day; 19:00 EDT is 23:00 UTC.
	if h := got[0].UTC().Hour(); h != 0 {
		t.Errorf("first meeting at %02d UTC, want 00", h)
	}
	if h := got[1].UTC().Hour(); h != 23 {
		t.Errorf("second meeting at %02d UTC, want 23", h)
	}
}

func sameTimes(a, b []time.Time) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].Equal(b[i]) {
			return false
		}
	}
	return true
}

// naiveMeets decides whether s meets on the civil date d by checking the
// rules one date at a time with the time package, as a reference for the
// day-number arithmetic (Start, Until and the interval; not Count or the
// valid window).
func naiveMeets(t *testing.T, s *Schedule, d time.Time) bool {
	t.Helper()
	date := func(x Date) time.Time { return time.Date(x.Year, x.Month, x.Day, 0, 0, 0, 0, time.UTC) }
	if !s.Start.IsZero() && d.Before(date(s.Start)) || !s.Until.IsZero() && d.After(date(s.Until)) {
		return false
	}
	n := max(s.Interval, 1)
	if s.Freq == Weekly {
		anchor := time.Date(1970, 1, 5, 0, 0, 0, 0, time.UTC)
		if !s.Start.IsZero() {
			anchor = date(s.Start)
		}
		monday := func(t time.Time) time.Time { return t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7)) }
		weeks := int(monday(d).Sub(monday(anchor)).Hours()) / 24 / 7
		if ((weeks%n)+n)%n != 0 {
			return false
		}
		if len(s.ByDay) == 0 {
			return d.Weekday() == anchor.Weekday()
		}
		for _, e := range s.ByDay {
			if strings.EqualFold(e, d.Weekday().String()[:2]) {
				return true
			}
		}
		return false
	}
	ay, am := 1970, time.January
	if !s.Start.IsZero() {
		ay, am = s.Start.Year, s.Start.Month
	}
	months := (d.Year()-ay)*12 + int(d.Month()-am)
	if ((months%n)+n)%n != 0 {
		return false
	}
	dim := time.Date(d.Year(), d.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
	dayOK, mdOK := len(s.ByDay) == 0, len(s.ByMonthDay) == 0
	for _, e := range s.ByDay {
		ord, wd, err := parseDay(e)
		if err != nil { // Validate passed it: the reference cannot judge it
			t.Fatalf("BYDAY %q: %v", e, err)
		}
		if (wd+1)%7 != int(d.Weekday()) {
			continue
		}
		if ord == 0 || ord > 0 && (d.Day()-1)/7+1 == ord || ord < 0 && (dim-d.Day())/7+1 == -ord {
			dayOK = true
		}
	}
	for _, md := range s.ByMonthDay {
		if md == d.Day() || md < 0 && dim+1+md == d.Day() {
			mdOK = true
		}
	}
	if len(s.ByDay) == 0 && len(s.ByMonthDay) == 0 {
		return d.Day() == s.Start.Day
	}
	return dayOK && mdOK
}

func randomSchedule(r *rand.Rand) Schedule {
	randDate := func() Date {
		t := time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(4*366))
		return Date{t.Year(), t.Month(), t.Day()}
	}
	s := Schedule{Freq: Weekly, Opens: Clock(r.IntN(24 * 60)), Start: randDate()}
	if r.IntN(2) == 0 {
		s.Freq = Monthly
	}
	if r.IntN(2) == 0 {
		s.Interval = 1 + r.IntN(5)
	}
	for range r.IntN(3) {
		e := dayCodes[r.IntN(7)]
		if s.Freq == Monthly && r.IntN(2) == 0 {
			e = dayString([]int{1, 2, 3, 4, 5, -1, -2, -5}[r.IntN(8)], r.IntN(7))
		}
		s.ByDay = append(s.ByDay, e)
	}
	if s.Freq == Monthly {
		for range r.IntN(3) {
			s.ByMonthDay = append(s.ByMonthDay, []int{1, 15, 28, 29, 30, 31, -1, -2, -31}[r.IntN(9)])
		}
	}
	if r.IntN(3) == 0 {
		s.Until = randDate()
	}
	switch r.IntN(4) {
	case 0:
		s.Count = 1 + r.IntN(40)
	case 1:
		if len(s.ByDay)+len(s.ByMonthDay) > 0 {
			s.Start = Date{}
		}
	}
	if r.IntN(3) == 0 {
		s.ValidFrom = randDate()
	}
	if r.IntN(3) == 0 {
		s.ValidTo = randDate()
	}
	return s
}

// TestScheduleAgainstReference checks Between and Next against a plain
// day-by-day walk for many random schedules, in UTC and in Toronto.
func TestScheduleAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	locs := []*time.Location{time.UTC, mustLoc(t, "America/Toronto")}
	first := time.Date(2022, 12, 1, 0, 0, 0, 0, time.UTC)
	for i := range 2000 {
		s := randomSchedule(r)
		loc := locs[i%2]
		if s.Validate() != nil { // until before start and the like
			continue
		}
		// The reference list: walk every day, count from Start, then apply the valid window.
		var want []time.Time
		counted := 0
		for d := first; d.Year() < 2028; d = d.AddDate(0, 0, 1) {
			if !naiveMeets(t, &s, d) {
				continue
			}
			counted++
			if s.Count > 0 && counted > s.Count {
				break
			}
			c := Date{d.Year(), d.Month(), d.Day()}
			if !s.ValidFrom.IsZero() && c.before(s.ValidFrom) || !s.ValidTo.IsZero() && s.ValidTo.before(c) {
				continue
			}
			want = append(want, time.Date(d.Year(), d.Month(), d.Day(), int(s.Opens)/60, int(s.Opens)%60, 0, 0, loc))
		}
		from := time.Date(2023, 1, 1, 0, 0, 0, 0, loc)
		to := time.Date(2027, 6, 1, 0, 0, 0, 0, loc)
		for len(want) > 0 && want[0].Before(from) {
			want = want[1:]
		}
		for len(want) > 0 && !want[len(want)-1].Before(to) {
			want = want[:len(want)-1]
		}
		text := FormatSchedules([]Schedule{s})
		got := s.Between(from, to, loc)
		if !sameTimes(got, want) {
			t.Fatalf("%s (%+v) in %v:\n got %v\nwant %v", text, s, loc, got, want)
		}
		// Next from a few points agrees with the list.
		for range 5 {
			after := from.Add(time.Duration(r.Int64N(int64(to.Sub(from)))))
			if len(want) > 0 && r.IntN(3) == 0 {
				after = want[r.IntN(len(want))] // exactly at a meeting
			}
			var exp time.Time
			for _, w := range want {
				if w.After(after) {
					exp = w
					break
				}
			}
			next, ok := s.Next(after, loc)
			if !exp.IsZero() && (!ok || !next.Equal(exp)) || exp.IsZero() && ok && next.Before(to) {
				t.Fatalf("%s in %v: Next(%v) = %v, %v; want %v", text, loc, after, next, ok, exp)
			}
		}
	}
}

func TestScheduleValidate(t *testing.T) {
	ok := Schedule{Freq: Weekly, ByDay: []string{"TU"}, Start: Date{2026, 1, 6}, Opens: 19 * 60, Closes: 20*60 + 30}
	tests := []struct {
		name   string
		change func(*Schedule)
		want   string // substring of the error; "" for valid
	}{
		{"valid", func(s *Schedule) {}, ""},
		{"monthly ordinal", func(s *Schedule) { s.Freq, s.ByDay = Monthly, []string{"-1FR", "2tu"} }, ""},
		{"closes at midnight", func(s *Schedule) { s.Closes = 24 * 60 }, ""},
		{"no days but a start", func(s *Schedule) { s.ByDay = nil }, ""},
		{"empty freq", func(s *Schedule) { s.Freq = "" }, "freq is missing"},
		{"unknown freq", func(s *Schedule) { s.Freq = "daily" }, `unknown freq "daily"`},
		{"negative interval", func(s *Schedule) { s.Interval = -1 }, "interval -1 is negative"},
		{"unknown day", func(s *Schedule) { s.ByDay = []string{"XX"} }, `unknown day "XX"`},
		{"ordinal 0", func(s *Schedule) { s.Freq, s.ByDay = Monthly, []string{"0TU"} }, `day "0TU": ordinal must be 1..5`},
		{"ordinal 6", func(s *Schedule) { s.Freq, s.ByDay = Monthly, []string{"6TU"} }, `day "6TU": ordinal must be 1..5`},
		{"ordinal on weekly", func(s *Schedule) { s.ByDay = []string{"2TU"} }, `day "2TU": a weekly schedule takes no ordinal`},
		{"month day 0", func(s *Schedule) { s.Freq, s.ByDay, s.ByMonthDay = Monthly, nil, []int{0} }, "month day 0 is out of range"},
		{"month day 32", func(s *Schedule) { s.Freq, s.ByDay, s.ByMonthDay = Monthly, nil, []int{32} }, "month day 32 is out of range"},
		{"month day -32", func(s *Schedule) { s.Freq, s.ByDay, s.ByMonthDay = Monthly, nil, []int{-32} }, "month day -32 is out of range"},
		{"month day on weekly", func(s *Schedule) { s.ByMonthDay = []int{15} }, "weekly schedule takes no month days"},
		{"no days, no start", func(s *Schedule) { s.ByDay, s.Start = nil, Date{} }, "no days given"},
		{"opens negative", func(s *Schedule) { s.Opens = -1 }, "opens -1 minutes is outside"},
		{"opens 24:00", func(s *Schedule) { s.Opens, s.Closes = 24*60, 0 }, "opens 24:00 is outside 00:00..23:59"},
		{"closes 24:01", func(s *Schedule) { s.Closes = 24*60 + 1 }, "closes 1441 minutes is outside 00:00..24:00"},
		{"closes before opens", func(s *Schedule) { s.Closes = 18 * 60 }, "closes 18:00 is before opens 19:00"},
		{"until before start", func(s *Schedule) { s.Until = Date{2026, 1, 5} }, "until 2026-01-05 is before start 2026-01-06"},
		{"negative count", func(s *Schedule) { s.Count = -1 }, "count -1 is negative"},
		{"count without start", func(s *Schedule) { s.Count, s.Start = 3, Date{} }, "count needs a start date"},
		{"valid_to before valid_from", func(s *Schedule) { s.ValidFrom, s.ValidTo = Date{2026, 2, 1}, Date{2026, 1, 31} }, "valid_to 2026-01-31 is before valid_from 2026-02-01"},
		{"not a date", func(s *Schedule) { s.Start = Date{2026, 2, 30} }, "start 2026-02-30 is not a valid date"},
	}
	for _, tt := range tests {
		s := ok
		s.ByDay = append([]string(nil), ok.ByDay...)
		tt.change(&s)
		err := s.Validate()
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("%s: unexpected error %v", tt.name, err)
		case tt.want != "" && err == nil:
			t.Errorf("%s: no error, want %q", tt.name, tt.want)
		case tt.want != "" && !strings.Contains(err.Error(), tt.want):
			t.Errorf("%s: error %q, want %q", tt.name, err, tt.want)
		}
	}
}

func TestParseClock(t *testing.T) {
	off := func(s int) *int { return &s }
	tests := []struct {
		in      string
		want    Clock
		offset  *int
		wantErr bool
	}{
		{"19:00", 19 * 60, nil, false},
		{"7:00", 7 * 60, nil, false},
		{"07:05", 7*60 + 5, nil, false},
		{" 19:00:00 ", 19 * 60, nil, false},
		{"19:00:00.000", 19 * 60, nil, false},
		{"00:00", 0, nil, false},
		{"24:00", 24 * 60, nil, false},
		{"19:00-05:00", 19 * 60, off(-5 * 3600), false},
		{"19:00:00+01:00", 19 * 60, off(3600), false},
		{"19:00+0530", 19 * 60, off(5*3600 + 30*60), false},
		{"19:00Z", 19 * 60, off(0), false},
		{"19:00:00z", 19 * 60, off(0), false},
		{"25:00", 0, nil, true},
		{"24:30", 0, nil, true},
		{"19:60", 0, nil, true},
		{"19:00:30", 0, nil, true},
		{"7pm", 0, nil, true},
		{"", 0, nil, true},
		{"19", 0, nil, true},
		{"19:0", 0, nil, true},
		{"19:00+5:00", 0, nil, true},
		{"19:00-", 0, nil, true},
		{"Z", 0, nil, true},
		{"-05:00", 0, nil, true},
	}
	for _, tt := range tests {
		got, offset, err := ParseClock(tt.in)
		if (err != nil) != tt.wantErr {
			t.Errorf("ParseClock(%q) error %v, wantErr %v", tt.in, err, tt.wantErr)
			continue
		}
		if err != nil {
			continue
		}
		if got != tt.want || !reflect.DeepEqual(offset, tt.offset) {
			t.Errorf("ParseClock(%q) = %v, %v; want %v, %v", tt.in, got, ptrString(offset), tt.want, ptrString(tt.offset))
		}
	}
	if s := Clock(19 * 60).String(); s != "19:00" {
		t.Errorf("String = %q", s)
	}
	if s := Clock(7*60 + 5).String(); s != "07:05" {
		t.Errorf("String = %q", s)
	}
}

func ptrString(p *int) any {
	if p == nil {
		return "nil"
	}
	return *p
}

func TestParseDate(t *testing.T) {
	tests := []struct {
		in      string
		want    Date
		wantErr bool
	}{
		{"2026-01-06", Date{2026, 1, 6}, false},
		{" 2026-01-06 ", Date{2026, 1, 6}, false},
		{"", Date{}, false},
		{"2026-01-06T19:00:00-05:00", Date{2026, 1, 6}, false},
		{"2026-01-06T23:30:00-05:00", Date{2026, 1, 6}, false}, // the date as written, not in UTC
		{"2026-01-06T00:00:00Z", Date{2026, 1, 6}, false},
		{"2026-02-30", Date{}, true},
		{"2026-1-6", Date{}, true},
		{"06/01/2026", Date{}, true},
		{"tomorrow", Date{}, true},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
	if s := (Date{2026, 1, 6}).String(); s != "2026-01-06" {
		t.Errorf("String = %q", s)
	}
	if s := (Date{}).String(); s != "" {
		t.Errorf("zero String = %q", s)
	}
	if !(Date{}).IsZero() || (Date{2026, 1, 6}).IsZero() {
		t.Error("IsZero wrong")
	}
}

func TestScheduleDateClockJSON(t *testing.T) {
	s := Schedule{Freq: Monthly, ByDay: []string{"2TU"}, Start: Date{2026, 1, 6}, Opens: 19 * 60, Closes: 20*60 + 30}
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"dtstart":"2026-01-06"`, `"until":""`, `"opens_at":"19:00"`, `"closes_at":"20:30"`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON %s lacks %s", b, want)
		}
	}
	var back Schedule
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("round trip: %+v, want %+v", back, s)
	}
	for _, bad := range []string{`{"dtstart":"2026-13-01"}`, `{"opens_at":"7pm"}`, `{"opens_at":"19:00-05:00"}`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("Unmarshal(%s): no error", bad)
		}
	}
}

func TestParseByDay(t *testing.T) {
	tests := []struct {
		in      string
		want    []string
		wantErr string
	}{
		{"TU", []string{"TU"}, ""},
		{"tu, th", []string{"TU", "TH"}, ""},
		{" 2tu ,-1Fr", []string{"2TU", "-1FR"}, ""},
		{"+3we", []string{"3WE"}, ""},
		{"", nil, ""},
		{"XX", nil, `unknown day "XX"`},
		{"0TU", nil, `day "0TU": ordinal must be 1..5 or -1..-5`},
		{"6TU", nil, `day "6TU": ordinal must be 1..5 or -1..-5`},
		{"15", nil, `unknown day "15"`},
	}
	for _, tt := range tests {
		got, err := ParseByDay(tt.in)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf("ParseByDay(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseByDay(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestParseByMonthDay(t *testing.T) {
	tests := []struct {
		in      string
		want    []int
		wantErr bool
	}{
		{"15", []int{15}, false},
		{"1, 15", []int{1, 15}, false},
		{"-1", []int{-1}, false},
		{"", nil, false},
		{"0", nil, true},
		{"32", nil, true},
		{"-32", nil, true},
		{"TU", nil, true},
		{"1.5", nil, true},
	}
	for _, tt := range tests {
		got, err := ParseByMonthDay(tt.in)
		if (err != nil) != tt.wantErr || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseByMonthDay(%q) = %v, %v; want %v, err %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestParseSchedules(t *testing.T) {
	tests := []struct {
		in   string
		want []Schedule
		text string // FormatSchedules of want
	}{
		{"weekly TU 19:00-20:30 from 2026-01-06",
			[]Schedule{{Freq: Weekly, ByDay: []string{"TU"}, Opens: 19 * 60, Closes: 20*60 + 30, Start: Date{2026, 1, 6}}},
			"weekly TU 19:00-20:30 from 2026-01-06"},
		{"weekly/2 TH 13:30 from 2026-01-08",
			[]Schedule{{Freq: Weekly, Interval: 2, ByDay: []string{"TH"}, Opens: 13*60 + 30, Start: Date{2026, 1, 8}}},
			"weekly/2 TH 13:30 from 2026-01-08"},
		{"monthly 2TU 19:00",
			[]Schedule{{Freq: Monthly, ByDay: []string{"2TU"}, Opens: 19 * 60}},
			"monthly 2TU 19:00"},
		{"monthly -1FR 10:00-11:30",
			[]Schedule{{Freq: Monthly, ByDay: []string{"-1FR"}, Opens: 10 * 60, Closes: 11*60 + 30}},
			"monthly -1FR 10:00-11:30"},
		{"monthly 15 18:30",
			[]Schedule{{Freq: Monthly, ByMonthDay: []int{15}, Opens: 18*60 + 30}},
			"monthly 15 18:30"},
		{"  WEEKLY / 1  mo, th  7:00 - 8:00  FROM 2026-01-05 Until 2026-06-29 ; ; monthly 1,-1 9:00 count 5 from 2026-01-01",
			[]Schedule{
				{Freq: Weekly, ByDay: []string{"MO", "TH"}, Opens: 7 * 60, Closes: 8 * 60, Start: Date{2026, 1, 5}, Until: Date{2026, 6, 29}},
				{Freq: Monthly, ByMonthDay: []int{1, -1}, Opens: 9 * 60, Count: 5, Start: Date{2026, 1, 1}},
			},
			"weekly MO,TH 07:00-08:00 from 2026-01-05 until 2026-06-29; monthly 1,-1 09:00 from 2026-01-01 count 5"},
		{"weekly TU 19:00 valid 2026-01-01..", []Schedule{{Freq: Weekly, ByDay: []string{"TU"}, Opens: 19 * 60, ValidFrom: Date{2026, 1, 1}}},
			"weekly TU 19:00 valid 2026-01-01.."},
		{"weekly TU 19:00 valid .. 2026-06-30", []Schedule{{Freq: Weekly, ByDay: []string{"TU"}, Opens: 19 * 60, ValidTo: Date{2026, 6, 30}}},
			"weekly TU 19:00 valid ..2026-06-30"},
		{"weekly TU 19:00 valid 2026-01-01..2026-06-30", []Schedule{{Freq: Weekly, ByDay: []string{"TU"}, Opens: 19 * 60, ValidFrom: Date{2026, 1, 1}, ValidTo: Date{2026, 6, 30}}},
			"weekly TU 19:00 valid 2026-01-01..2026-06-30"},
		{"monthly fr,13 19:00", []Schedule{{Freq: Monthly, ByDay: []string{"FR"}, ByMonthDay: []int{13}, Opens: 19 * 60}},
			"monthly FR,13 19:00"},
		{"weekly TU 23:00-00:00", []Schedule{{Freq: Weekly, ByDay: []string{"TU"}, Opens: 23 * 60, Closes: 24 * 60}},
			"weekly TU 23:00-24:00"},
		{"", nil, ""},
		{" ; ", nil, ""},
	}
	for _, tt := range tests {
		got, err := ParseSchedules(tt.in)
		if err != nil {
			t.Errorf("ParseSchedules(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseSchedules(%q)\n got %+v\nwant %+v", tt.in, got, tt.want)
		}
		if text := FormatSchedules(got); text != tt.text {
			t.Errorf("FormatSchedules(%q) = %q, want %q", tt.in, text, tt.text)
		}
		again, err := ParseSchedules(FormatSchedules(got))
		if err != nil || !reflect.DeepEqual(again, got) {
			t.Errorf("round trip of %q: %+v, %v", tt.in, again, err)
		}
	}
}

func TestFormatSchedulesWithoutDays(t *testing.T) {
	ss := []Schedule{
		{Freq: Weekly, Start: Date{2026, 1, 6}, Opens: 19 * 60},
		{Freq: Monthly, Start: Date{2026, 1, 15}, Opens: 19 * 60},
	}
	text := FormatSchedules(ss)
	if want := "weekly TU 19:00 from 2026-01-06; monthly 15 19:00 from 2026-01-15"; text != want {
		t.Fatalf("FormatSchedules = %q, want %q", text, want)
	}
	back, err := ParseSchedules(text)
	if err != nil {
		t.Fatal(err)
	}
	// The same meetings, with the day now written out.
	tor := mustLoc(t, "America/Toronto")
	from, to := at(t, tor, "2026-01-01 00:00"), at(t, tor, "2027-01-01 00:00")
	for i := range ss {
		if !sameTimes(ss[i].Between(from, to, tor), back[i].Between(from, to, tor)) {
			t.Errorf("%s: meetings differ after formatting", FormatSchedules(ss[i:i+1]))
		}
	}
}

func TestParseSchedulesErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"weekly TU 19:00; weekly XX 19:00", `schedule 2 ("weekly XX 19:00"): unknown day "XX"`},
		{"daily 19:00", `schedule 1 ("daily 19:00"): unknown frequency "daily"`},
		{"weekly/0 TU 19:00", `interval "0"`},
		{"weekly/x TU 19:00", `interval "x"`},
		{"weekly TU", "missing the time"},
		{"weekly 19:00", "missing the days"},
		{"weekly TU 7pm", "missing the time"},
		{"weekly TU 25:00", `time "25:00"`},
		{"weekly TU 19:00-05:00", "closes 05:00 is before opens 19:00"},
		{"weekly TU 19:00+01:00", "without a UTC offset"},
		{"weekly 2TU 19:00", `day "2TU": a weekly schedule takes no ordinal`},
		{"monthly 6TU 19:00", `day "6TU": ordinal must be 1..5`},
		{"monthly 0TU 19:00", `day "0TU": ordinal must be 1..5`},
		{"monthly 32 19:00", `month day "32" is out of range`},
		{"monthly 15 19:00 from 2026-02-30", `from: date "2026-02-30"`},
		{"weekly TU 19:00 from", "from needs a date"},
		{"weekly TU 19:00 from 2026-01-06 from 2026-01-07", "from given twice"},
		{"weekly TU 19:00 count 0", `count "0"`},
		{"weekly TU 19:00 count 3", "count needs a start date"},
		{"weekly TU 19:00 valid 2026-01-01", "want FROM..TO"},
		{"weekly TU 19:00 valid ..", "want FROM..TO"},
		{"weekly TU 19:00 from 2026-01-06 until 2026-01-01", "until 2026-01-01 is before start 2026-01-06"},
		{"weekly TU 19:00 valid 2026-02-01..2026-01-01", "valid_to 2026-01-01 is before valid_from 2026-02-01"},
		{"weekly TU 19:00 weekly", "weekly TU 19:00 weekly"},
	}
	for _, tt := range tests {
		_, err := ParseSchedules(tt.in)
		if err == nil {
			t.Errorf("ParseSchedules(%q): no error, want %q", tt.in, tt.want)
			continue
		}
		if !strings.Contains(err.Error(), tt.want) {
			t.Errorf("ParseSchedules(%q) = %q, want %q", tt.in, err, tt.want)
		}
	}
}

func FuzzParseSchedules(f *testing.F) {
	for _, seed := range []string{
		"weekly TU 19:00-20:30 from 2026-01-06",
		"weekly/2 TH 13:30 from 2026-01-08",
		"monthly 2TU 19:00",
		"monthly -1FR 10:00-11:30",
		"monthly 15 18:30",
		"monthly 1,-1 9:00 count 5 from 2026-01-01",
		"monthly FR,13 19:00 valid 2026-01-01..2026-12-31",
		"weekly MO, TH 7:00 - 8:00 from 2026-01-05 until 2026-06-29; monthly 5TU 19:00",
		"weekly TU 19:00 valid ..2026-06-30",
		"WEEKLY / 3 su 23:00-00:00 from 2026-03-08T02:00:00-05:00",
		"monthly/12 29 19:00 from 2024-02-01",
		"weekly XX 19:00",
		"weekly TU 19:00 count 3",
		"",
		";;",
	} {
		f.Add(seed)
	}
	after := time.Date(2026, 3, 7, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, text string) {
		ss, err := ParseSchedules(text)
		if err != nil {
			return
		}
		for i := range ss {
			if err := ss[i].Validate(); err != nil {
				t.Fatalf("parsed %q but schedule %d is invalid: %v", text, i+1, err)
			}
			// Whatever parses must be safe to ask about.
			ss[i].Next(after, time.UTC)
			ss[i].Between(after, after.AddDate(0, 2, 0), time.UTC)
		}
		out := FormatSchedules(ss)
		back, err := ParseSchedules(out)
		if err != nil {
			t.Fatalf("%q formats as %q, which does not parse: %v", text, out, err)
		}
		if !reflect.DeepEqual(back, ss) {
			t.Fatalf("%q formats as %q, which parses differently:\n%+v\n%+v", text, out, ss, back)
		}
	})
}

func BenchmarkNextWeekly(b *testing.B) {
	tor := mustLoc(b, "America/Toronto")
	s := mustSchedule(b, "weekly/2 TU,TH 19:00-20:30 from 2015-01-06")
	after := at(b, tor, "2026-05-10 12:00")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.Next(after, tor); !ok {
			b.Fatal("no meeting")
		}
	}
}

func BenchmarkNextMonthly(b *testing.B) {
	tor := mustLoc(b, "America/Toronto")
	s := mustSchedule(b, "monthly -1FR 19:00 from 2015-01-01")
	after := at(b, tor, "2026-05-10 12:00")
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := s.Next(after, tor); !ok {
			b.Fatal("no meeting")
		}
	}
}
