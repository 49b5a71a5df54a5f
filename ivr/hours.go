package ivr

import (
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// Hours is when the operator answers: some days of the week, between two
// times, in a zone. The zero Hours is always open.
type Hours struct {
	days        [7]bool
	open, close recur.Clock
	zone        *time.Location
	set         bool
}

var dayOrder = []string{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}

// ParseHours reads "MO-FR 09:00-17:00" or "MO,WE,FR 10:00-14:00" in the
// named zone; "" is always open.
func ParseHours(s, zone string) (Hours, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Hours{}, nil
	}
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return Hours{}, fmt.Errorf("operator hours: unknown time zone %q", zone)
	}
	h := Hours{zone: loc, set: true}
	days, span, ok := strings.Cut(s, " ")
	from, to, ok2 := strings.Cut(strings.TrimSpace(span), "-")
	if !ok || !ok2 {
		return Hours{}, fmt.Errorf("operator hours %q: write them like MO-FR 09:00-17:00", s)
	}
	for _, part := range strings.Split(strings.ToUpper(days), ",") {
		a, b, isRange := strings.Cut(part, "-")
		ia, ib := indexDay(a), indexDay(b)
		if !isRange {
			ib = ia
		}
		if ia < 0 || ib < 0 {
			return Hours{}, fmt.Errorf("operator hours %q: %q is not a day (MO, TU, WE, TH, FR, SA, SU)", s, part)
		}
		for i := ia; ; i = (i + 1) % 7 {
			h.days[i] = true
			if i == ib {
				break
			}
		}
	}
	var err1, err2 error
	h.open, _, err1 = recur.ParseClock(strings.TrimSpace(from))
	h.close, _, err2 = recur.ParseClock(strings.TrimSpace(to))
	if err1 != nil || err2 != nil || h.close <= h.open {
		return Hours{}, fmt.Errorf("operator hours %q: the times should read like 09:00-17:00", s)
	}
	return h, nil
}

func indexDay(d string) int {
	for i, name := range dayOrder {
		if strings.TrimSpace(d) == name {
			return i
		}
	}
	return -1
}

// IsOpen reports whether the operator answers at t.
func (h Hours) IsOpen(t time.Time) bool {
	if !h.set {
		return true
	}
	local := t.In(h.zone)
	now := recur.Clock(local.Hour()*60 + local.Minute())
	return h.days[local.Weekday()] && now >= h.open && now < h.close
}
