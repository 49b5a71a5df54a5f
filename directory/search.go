package directory

import (
	"context"
	"errors"
	"fmt"
	"math"
	"sort"
	"strings"
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
	Offset  int
	Limit   int // 0 means all
	Now     time.Time
}

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

// Search finds the active groups for a concern that a caller in an area
// can attend, ranked: nearby in-person groups (nearest first, or all
// in-person groups of the area when the caller's town is not known), then
// telephone and mail groups (the caller's own area before province-wide
// before national), then farther in-person groups, then — only when
// asked — online groups. Within each tier, groups in the caller's
// language come first. It returns one page and the total.
func (s *Store) Search(ctx context.Context, q Query) ([]Result, int, error) {
	if q.Complex == nil {
		return nil, 0, errors.New("search: no area")
	}
	scopes := []string{
		Coverage{CoverComplex, q.Complex.Key()}.String(),
		Coverage{CoverProvince, q.Complex.Province}.String(),
		Coverage{CoverCountry, "CA"}.String(),
	}
	ix, err := s.rankIndex(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	type source struct {
		scope, mode string
		scopeRank   int
	}
	sources := []source{{scopes[0], modeLocal, 0}}
	for rank, scope := range scopes {
		sources = append(sources, source{scope, modeRemote, rank})
		if q.Online {
			sources = append(sources, source{scope, modeOnline, rank})
		}
	}
	lists := make([][]indexEntry, len(sources))
	for i, src := range sources {
		lists[i] = ix.entries[indexKey{q.Concern, src.scope, src.mode}]
	}
	var all []candidate
	top := make([]candidate, 0, q.Offset+q.Limit+1)
	keepAll := q.Limit <= 0 || q.Offset+q.Limit > 64
	total := 0
	// Each list is in group id order: merging them meets every group once,
	// with all the ways it could be offered side by side.
	heads := make([]int, len(lists))
	for {
		id := int64(-1)
		for i, l := range lists {
			if heads[i] < len(l) && (id < 0 || l[heads[i]].id < id) {
				id = l[heads[i]].id
			}
		}
		if id < 0 {
			break
		}
		var best candidate
		for i, l := range lists {
			if heads[i] < len(l) && l[heads[i]].id == id {
				e := l[heads[i]]
				heads[i]++
				c := candidate{id: e.id, code: int(e.code), mode: sources[i].mode, scopeRank: sources[i].scopeRank,
					lat: float64(e.lat), lon: float64(e.lon),
					langOK: (q.Lang == French && e.french) || (q.Lang != French && e.english)}
				c.rank(q.Near)
				if best.id == 0 || c.less(best) {
					best = c
				}
			}
		}
		total++
		if keepAll {
			all = append(all, best)
		} else {
			top = insertRanked(top, best, q.Offset+q.Limit)
		}
	}
	if keepAll {
		sort.Slice(all, func(i, j int) bool { return all[i].less(all[j]) })
		top = all
	}
	page := pageOf(top, q.Offset, q.Limit)
	results, err := s.load(ctx, page, q.Now)
	return results, total, err
}

func (c *candidate) rank(near *Point) {
	c.distanceKm = -1
	switch c.mode {
	case modeLocal:
		if near != nil && (c.lat != 0 || c.lon != 0) {
			c.distanceKm = DistanceKm(*near, Point{c.lat, c.lon})
		}
		if c.distanceKm > NearbyKm {
			c.tier = 2
		}
	case modeRemote:
		c.tier = 1
	default:
		c.tier = 3
	}
}

func (c candidate) less(d candidate) bool {
	if c.tier != d.tier {
		return c.tier < d.tier
	}
	if c.langOK != d.langOK {
		return c.langOK
	}
	if c.mode == modeLocal && c.distanceKm != d.distanceKm {
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

// load reads the groups of a page of candidates, keeping their order.
func (s *Store) load(ctx context.Context, page []candidate, now time.Time) ([]Result, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]any, len(page))
	for i, c := range page {
		ids[i] = c.id
	}
	groups, err := s.queryGroups(ctx, `SELECT id, code, data FROM groups WHERE id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	byID := make(map[int64]Group, len(groups))
	for _, g := range groups {
		byID[g.ID] = g
	}
	results := make([]Result, 0, len(page))
	for _, c := range page {
		g, ok := byID[c.id]
		if !ok {
			continue // removed between the two reads
		}
		r := Result{Group: g, DistanceKm: c.distanceKm}
		switch {
		case c.mode == modeLocal:
			r.Mode = InPerson
		case g.Dialin != nil:
			r.Mode = ByPhone
		case g.Mail != "":
			r.Mode = ByMail
		default:
			r.Mode = Online
		}
		r.Next, _ = g.NextMeeting(now)
		r.DistanceKm = math.Round(r.DistanceKm*10) / 10
		results = append(results, r)
	}
	return results, nil
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

// LogSearch records a search for the planner's report.
func (s *Store) LogSearch(ctx context.Context, l SearchLog) error {
	_, err := s.write.ExecContext(ctx, `INSERT INTO search_log (at, channel, concern, npa, area, results) VALUES (?, ?, ?, ?, ?, ?)`,
		formatTime(l.At), l.Channel, l.Concern, l.NPA, l.Area, l.Results)
	if err != nil {
		return fmt.Errorf("logging a search: %w", err)
	}
	return nil
}

// SearchLogs lists the searches logged since t, oldest first.
func (s *Store) SearchLogs(ctx context.Context, since time.Time) ([]SearchLog, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT at, channel, concern, npa, area, results FROM search_log WHERE at >= ? ORDER BY id`, formatTime(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []SearchLog
	for rows.Next() {
		var l SearchLog
		var at string
		if err := rows.Scan(&at, &l.Channel, &l.Concern, &l.NPA, &l.Area, &l.Results); err != nil {
			return nil, err
		}
		l.At = parseTime(at)
		out = append(out, l)
	}
	return out, rows.Err()
}
