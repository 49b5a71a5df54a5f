package jobs

import (
	"fmt"

	"github.com/peerline/peerline/directory"
	"sort"
	"strings"
	"time"
)

// ParseLeads reads how long before a meeting reminders go out:
// "24h,1h" (PEERLINE_REMINDER_LEADS). The longest comes first.
func ParseLeads(s string) ([]time.Duration, error) {
	var leads []time.Duration
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		d, err := time.ParseDuration(part)
		if err != nil || d <= 0 || d > 7*24*time.Hour {
			return nil, fmt.Errorf("reminder lead %q: want a duration like 24h or 90m, up to a week", part)
		}
		leads = append(leads, d)
	}
	if len(leads) == 0 {
		return nil, fmt.Errorf("no reminder leads in %q", s)
	}
	sort.Slice(leads, func(i, j int) bool { return leads[i] > leads[j] })
	return leads, nil
}

// Quiet is the part of the night when nothing is sent, in each member's
// own zone: from Start to End the next morning (default 21:00–08:00).
type Quiet struct {
	Start, End time.Duration // since local midnight
}

// DefaultQuiet is 9 p.m. to 8 a.m.
func DefaultQuiet() Quiet { return Quiet{Start: 21 * time.Hour, End: 8 * time.Hour} }

// lastCall is how long before quiet hours begin a reminder moved out of
// them is sent: 8:45 p.m. by default.
const lastCall = 15 * time.Minute

func (q Quiet) contains(t time.Time) bool {
	since := time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
	if q.Start == q.End {
		return false
	}
	if q.Start < q.End {
		return since >= q.Start && since < q.End
	}
	return since >= q.Start || since < q.End
}

// before returns the last sending time before the quiet hours that
// contain t: 8:45 p.m. of the evening they began.
func (q Quiet) before(t time.Time) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	start := day.Add(q.Start)
	if start.After(t) { // the quiet hours began the evening before
		start = day.AddDate(0, 0, -1).Add(q.Start)
	}
	return start.Add(-lastCall)
}

// Span is how long the quiet hours last.
func (q Quiet) Span() time.Duration {
	if q.Start <= q.End {
		return q.End - q.Start
	}
	return 24*time.Hour - q.Start + q.End
}

// planned is one reminder of one meeting for one member.
type planned struct {
	lead time.Duration
	due  time.Time
}

// plan says when a member in zone gets each reminder of a meeting at
// start. Nothing is sent in quiet hours: a reminder due then is dropped
// when another reminder of the same meeting goes out in the daytime, and
// otherwise is sent at 8:45 p.m. before the quiet hours begin.
func (q Quiet) plan(start time.Time, leads []time.Duration, zone *time.Location) []planned {
	var day, night []planned
	for _, lead := range leads {
		p := planned{lead: lead, due: start.Add(-lead)}
		if q.contains(p.due.In(zone)) {
			night = append(night, p)
		} else {
			day = append(day, p)
		}
	}
	if len(day) > 0 {
		return day
	}
	for i := range night {
		night[i].due = q.before(night[i].due.In(zone))
	}
	return night
}

// Due is when a message that is not tied to a meeting (a notice, a note,
// an invitation, a listing check) may go to number at now: now, or when
// the quiet hours it falls in end, on the number's clock (Areas.Locate,
// as every channel reads it; Toronto's when the number does not say).
func (q Quiet) Due(areas *directory.Areas, number string, now time.Time) time.Time {
	zone := areas.Locate(number).Location()
	if zone == nil {
		zone = (&directory.Group{}).Location()
	}
	if local := now.In(zone); q.contains(local) {
		return q.end(local)
	}
	return now
}

// end returns when the quiet hours containing t end.
func (q Quiet) end(t time.Time) time.Time {
	day := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, t.Location())
	end := day.Add(q.End)
	if !end.After(t) {
		end = day.AddDate(0, 0, 1).Add(q.End)
	}
	return end
}
