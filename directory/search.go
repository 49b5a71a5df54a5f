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
	online := modeRemote
	if q.Online {
		online = modeOnline
	}
	rows, err := s.read.QueryContext(ctx, `SELECT group_id, code, mode, scope, lat, lon, french, english
		FROM group_index
		WHERE concern = ? AND ((scope = ? AND mode = 'local') OR (scope IN (?, ?, ?) AND mode IN ('remote', ?)))`,
		q.Concern, scopes[0], scopes[0], scopes[1], scopes[2], online)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	best := map[int64]candidate{}
	for rows.Next() {
		var c candidate
		var scope string
		var fr, en bool
		if err := rows.Scan(&c.id, &c.code, &c.mode, &scope, &c.lat, &c.lon, &fr, &en); err != nil {
			rows.Close()
			return nil, 0, fmt.Errorf("search: %w", err)
		}
		c.langOK = (q.Lang == French && fr) || (q.Lang != French && en)
		c.scopeRank = indexOf(scopes, scope)
		c.rank(q.Near)
		if prev, ok := best[c.id]; !ok || c.less(prev) {
			best[c.id] = c
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	ranked := make([]candidate, 0, len(best))
	for _, c := range best {
		ranked = append(ranked, c)
	}
	sort.Slice(ranked, func(i, j int) bool { return ranked[i].less(ranked[j]) })
	total := len(ranked)
	page := pageOf(ranked, q.Offset, q.Limit)
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
		l.At, _ = time.Parse(time.RFC3339Nano, at)
		out = append(out, l)
	}
	return out, rows.Err()
}
