package recur

import "time"

// Freq is how often a schedule repeats (HSDS schedule.freq).
type Freq string

const (
	Weekly  Freq = "weekly"
	Monthly Freq = "monthly"
)

// Date is a calendar date with no time zone (HSDS dtstart, until,
// valid_from, valid_to). The zero Date means "not given".
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// Clock is a time of day in minutes after local midnight. Opens and
// closes are wall-clock times in the group's zone.
type Clock int

// Schedule is one recurring meeting time of a group, read the way HSDS
// (and iCalendar's RRULE) reads it, in the group's IANA zone.
type Schedule struct {
	Freq       Freq     `json:"freq"`
	Interval   int      `json:"interval,omitempty"`   // every N weeks or months; 0 means 1
	ByDay      []string `json:"byday,omitempty"`      // MO..SU; monthly may carry an ordinal: 2TU, -1FR
	ByMonthDay []int    `json:"bymonthday,omitempty"` // monthly: 1..31, or -1 for the last day
	Start      Date     `json:"dtstart"`              // first possible meeting; every-N counts from its week or month
	Until      Date     `json:"until"`                // last possible meeting day, inclusive
	Count      int      `json:"count,omitempty"`      // at most this many meetings from Start
	ValidFrom  Date     `json:"valid_from"`
	ValidTo    Date     `json:"valid_to"`
	Opens      Clock    `json:"opens_at"`
	Closes     Clock    `json:"closes_at"` // 0 when not given
}
