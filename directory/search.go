package directory

import (
	"math"
	"sort"
	"time"
)

// NearbyKm is how far an in-person group may be from a caller whose town
// is known and still come before the telephone groups: about an hour's
// drive on a northern highway.
const NearbyKm = 80

// Query is a search the store can run: a concern known to the vocabulary
// and an area the line knows.
type Query struct {
	Concern string   // a concern code
	Complex *Complex // the caller's area
	Near    *Point   // the caller's position, when known: nearest first
	Lang    Lang     // groups meeting in this language come first
	Online  bool     // offer online-only groups too (after all others)
	// Within, when set with Near, keeps only in-person groups at most
	// this many km from Near: another area's groups, offered to a caller
	// whose own area has none, are no help beyond a drive.
	Within float64
	Offset int
	Limit  int // 0 means all
	Now    time.Time

	// SeenAfter, when set, leaves out spreadsheet-kept listings last seen
	// right (confirmed or changed) before it (PEERLINE_VERIFY_HIDE_AFTER).
	SeenAfter time.Time
}

// Far reports how far an in-person group is from the caller, as it is
// told — rounded to 10 km — when it is beyond NearbyKm, so worth saying.
func (r Result) Far() (km int, far bool) {
	if r.Mode != InPerson || r.DistanceKm <= NearbyKm {
		return 0, false
	}
	return RoundKm(r.DistanceKm), true
}

// RoundKm is a distance as the line tells it: to the nearest 10 km.
func RoundKm(km float64) int { return int(math.Round(km/10)) * 10 }

// Result is one group offered to a caller, and why.
type Result struct {
	Group      Group
	Mode       Mode      // how this caller would attend: in person, by phone, by mail, online
	DistanceKm float64   // to an in-person meeting place; -1 when unknown
	Next       time.Time // the next meeting; zero when the group lists none
}

// candidate is one group found in the index, before it is ranked.
type candidate struct {
	id         int64
	code       int
	mode       string
	scopeRank  int // remote: 0 own complex, 1 province, 2 country
	lat, lon   float64
	langOK     bool
	distanceKm float64
	tier       int
}

// rank puts the candidate in its tier: 0 in person nearby, 1 telephone
// or mail, 2 in person farther away or where the caller is not known,
// 3 online. An in-person group's distance is measured unless the group
// cannot come before worst, the last of a page already full: most
// in-person groups of an area are far from the caller, and measuring them
// all was most of a search's work.
func (c *candidate) rank(near *origin, worst *candidate) {
	c.distanceKm = -1
	switch c.mode {
	case IndexLocal:
		if near == nil {
			c.tier = 2 // a wide area's groups, none known to be near: after the telephone
			return
		}
		if c.lat != 0 || c.lon != 0 {
			if worst != nil && cannotBeat(c.lat, c.langOK, near, worst) {
				c.tier = offPage
				return
			}
			c.distanceKm = near.km(Point{c.lat, c.lon})
		}
		if c.distanceKm > NearbyKm {
			c.tier = 2
		}
	case IndexRemote:
		c.tier = 1
	default:
		c.tier = 3
	}
}

// offPage is the tier of a candidate known to come after a full page.
const offPage = 4

// cannotBeat tells, without measuring, that an in-person group at lat
// comes after w: even at the least distance its latitude allows (no way
// between two latitudes is shorter than the meridian), it would be in a
// later tier, or in w's tier and language but farther.
func cannotBeat(lat float64, langOK bool, near *origin, w *candidate) bool {
	const margin = 1e-6 // km: far above the rounding of either distance
	least := 6371.0*math.Abs(lat-near.p.Lat)*(math.Pi/180) - margin
	tier := 0
	if least > NearbyKm {
		tier = 2
	}
	switch {
	case tier != w.tier:
		return tier > w.tier
	case langOK != w.langOK:
		return w.langOK
	}
	return w.mode == IndexLocal && w.distanceKm >= 0 && least > w.distanceKm
}

func (c candidate) less(d candidate) bool {
	if c.tier != d.tier {
		return c.tier < d.tier
	}
	if c.langOK != d.langOK {
		return c.langOK
	}
	if c.mode == IndexLocal && c.distanceKm != d.distanceKm {
		return c.distanceKm >= 0 && (d.distanceKm < 0 || c.distanceKm < d.distanceKm)
	}
	if c.scopeRank != d.scopeRank {
		return c.scopeRank < d.scopeRank
	}
	return c.code < d.code
}

// insertRanked adds c to top, the best k candidates so far in order. A
// caller hears a page of a few groups, so keeping the best few of a few
// thousand beats sorting them all.
func insertRanked(top []candidate, c candidate, k int) []candidate {
	if len(top) == k && !c.less(top[k-1]) {
		return top
	}
	i := sort.Search(len(top), func(i int) bool { return c.less(top[i]) })
	top = append(top, candidate{})
	copy(top[i+1:], top[i:])
	top[i] = c
	if len(top) > k {
		top = top[:k]
	}
	return top
}

func pageOf[T any](all []T, offset, limit int) []T {
	if offset >= len(all) {
		return nil
	}
	all = all[max(offset, 0):]
	if limit > 0 && limit < len(all) {
		all = all[:limit]
	}
	return all
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if x == s {
			return i
		}
	}
	return len(list)
}

// SearchLog is one search as the planner's report sees it: what was
// asked for, where, and how many groups were found. Never who asked.
type SearchLog struct {
	At      time.Time
	Channel string // voice, sms, cli
	Concern string // a concern code, or "" when the words named none
	NPA     string
	Area    string // the complex's key
	Results int
}
