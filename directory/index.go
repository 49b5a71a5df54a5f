package directory

import (
	"errors"
	"math"
	"sort"
	"sync"
	"time"
)

// Index is what a search needs to choose and order groups, without their
// details: each way every active group is offered (a concern, a scope, a
// mode), with the group's position and languages. A store builds one
// snapshot per directory version and searches share it; 100,000 groups
// take about 5 MB.
type Index struct {
	Version int64
	entries map[IndexKey][]IndexEntry
	strs    map[string]string
	totals  sync.Map // totalKey -> int: see total

	// seen is when each spreadsheet-kept listing was last seen right (issue 14).
	seen map[int64]time.Time
}

// SetSeen notes when a group's listing was last seen right, for searches
// that leave out listings unconfirmed for too long (Query.SeenAfter).
func (ix *Index) SetSeen(id int64, at time.Time) {
	if ix.seen == nil {
		ix.seen = map[int64]time.Time{}
	}
	ix.seen[id] = at
}

// IndexKey is one way groups are offered: for a concern, to callers in a
// scope (Coverage.String()), in a mode (IndexLocal, IndexRemote, IndexOnline).
type IndexKey struct{ Concern, Scope, Mode string }

// IndexEntry is a group as the index holds it.
type IndexEntry struct {
	ID              int64
	Code            int32
	Lat, Lon        float32
	French, English bool
}

// Index modes: how a group is offered to a caller.
const (
	IndexLocal  = "local"  // in person, to callers of its meeting place's complex
	IndexRemote = "remote" // by telephone or mail, to callers its service area covers
	IndexOnline = "online" // online only, when asked for
)

// NewIndex starts an empty snapshot of a directory version.
func NewIndex(version int64) *Index {
	return &Index{Version: version, entries: map[IndexKey][]IndexEntry{}, strs: map[string]string{}}
}

// Add puts one entry under a key. Entries of a key must come in ID
// order: Rank merges the lists of several keys.
func (ix *Index) Add(k IndexKey, e IndexEntry) {
	k = IndexKey{ix.intern(k.Concern), ix.intern(k.Scope), ix.intern(k.Mode)}
	ix.entries[k] = append(ix.entries[k], e)
}

// intern keeps one copy of the strings that keys repeat.
func (ix *Index) intern(s string) string {
	if v, ok := ix.strs[s]; ok {
		return v
	}
	ix.strs[s] = s
	return s
}

// IndexKeys lists the ways a group is offered; none unless it is active,
// so that nothing else is ever offered.
func (g *Group) IndexKeys() []IndexKey {
	if g.Status != StatusActive {
		return nil
	}
	remote := IndexRemote
	if g.Dialin == nil && g.Mail == "" {
		remote = ""
		if g.OnlineURL != "" && g.Place == nil {
			remote = IndexOnline
		}
	}
	var keys []IndexKey
	for _, c := range g.Concerns {
		if g.Place != nil && g.Place.Area != "" {
			keys = append(keys, IndexKey{c, Coverage{CoverComplex, g.Place.Area}.String(), IndexLocal})
		}
		if remote == "" {
			continue
		}
		for _, cov := range g.Areas {
			keys = append(keys, IndexKey{c, cov.String(), remote})
		}
	}
	return keys
}

// IndexEntry is the group as the index holds it.
func (g *Group) IndexEntry() IndexEntry {
	e := IndexEntry{ID: g.ID, Code: int32(g.Code), French: g.Speaks(French), English: g.Speaks(English)}
	if g.Place != nil {
		e.Lat, e.Lon = float32(g.Place.Lat), float32(g.Place.Lon)
	}
	return e
}

// Ranked is a group a search chose, before its details are read.
type Ranked struct {
	ID         int64
	Local      bool    // offered in person
	DistanceKm float64 // to its meeting place; -1 when unknown
}

// Result completes a ranked group with its details: how this caller would
// attend, and its next meeting after now.
func (r Ranked) Result(g Group, now time.Time) Result {
	res := Result{Group: g, DistanceKm: math.Round(r.DistanceKm*10) / 10}
	switch {
	case r.Local:
		res.Mode = InPerson
	case g.Dialin != nil:
		res.Mode = ByPhone
	case g.Mail != "":
		res.Mode = ByMail
	default:
		res.Mode = Online
	}
	res.Next, _ = g.NextMeeting(now)
	return res
}

// Rank chooses and orders the groups for a query: nearby in-person
// groups (nearest first), then telephone and mail groups (the caller's
// own area before province-wide before national), then farther in-person
// groups, then — only when asked — online groups. When the caller's town
// is not known (q.Near is nil), no in-person group is known to be near:
// the area's in-person groups follow the telephone and mail ones, since
// an area code spans a day's drive and a telephone group reaches every
// caller of it. Within each tier, groups in the caller's language come
// first. With q.Within, only the in-person groups that near are found.
// It returns one page and the total.
func (ix *Index) Rank(q Query) ([]Ranked, int, error) {
	if q.Complex == nil {
		return nil, 0, errors.New("search: no area")
	}
	if q.Within > 0 && q.Near == nil {
		return nil, 0, errors.New("search: a reach needs a position to measure from")
	}
	r := ranking{q: q, seen: ix.seen}
	r.lists, r.sources = ix.lists(q)
	if q.Near != nil {
		o := from(*q.Near)
		r.near = &o
	}
	var top []candidate
	var total int
	// Within drops groups the index counts, so its total is counted here.
	if k := q.Offset + q.Limit; q.Limit <= 0 || k > 64 || q.Within > 0 || !q.SeenAfter.IsZero() {
		top, total = r.all()
	} else {
		top, total = r.page(k)
		if total < 0 { // the page filled early; the count is the index's
			total = ix.total(q, r.lists)
		}
	}
	page := pageOf(top, q.Offset, q.Limit)
	out := make([]Ranked, len(page))
	for i, c := range page {
		out[i] = Ranked{ID: c.id, Local: c.mode == IndexLocal, DistanceKm: c.distanceKm}
	}
	return out, total, nil
}

// ranking is one query's pass over the lists it reads. Each list is in
// group id order: merging them meets every group once, with all the
// ways it could be offered side by side.
type ranking struct {
	q       Query
	lists   [][]IndexEntry // lists[0] is the in-person groups of the caller's area
	sources []source
	near    *origin
	heads   []int
	seen    map[int64]time.Time
}

// all ranks every group found, and counts them.
func (r *ranking) all() ([]candidate, int) {
	r.heads = make([]int, len(r.lists))
	var all []candidate
	for {
		c, ok := r.next(nil)
		if !ok {
			break
		}
		if r.q.Within > 0 && (c.distanceKm < 0 || c.distanceKm > r.q.Within) {
			continue // out of reach, or its place not known
		}
		if seen, ok := r.seen[c.id]; ok && seen.Before(r.q.SeenAfter) {
			continue // unconfirmed for too long: no longer offered
		}
		all = append(all, c)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].less(all[j]) })
	return all, len(all)
}

// page keeps the best k groups. Without the caller's town, telephone and
// mail groups come first: when there are k of them, the area's in-person
// groups (most of what a search reads) need not be read at all, and the
// count is left to the index (-1).
func (r *ranking) page(k int) ([]candidate, int) {
	if r.near == nil {
		remote := *r
		remote.lists = append([][]IndexEntry{nil}, r.lists[1:]...)
		if top, _ := remote.best(k); len(top) == k && top[k-1].tier == 1 {
			return top, -1
		}
	}
	return r.best(k)
}

// best keeps the best k groups, and counts the groups found. Once the
// page holds k in-person groups near the caller, only nearer ones of the
// caller's area can change it (a telephone group, or one farther away,
// comes after them all): the rest of that one list is read, and the
// count is left to the index (-1). Only a caller whose town is known has
// groups near them (tier 0): for the others every list is read.
func (r *ranking) best(k int) ([]candidate, int) {
	r.heads = make([]int, len(r.lists))
	top := make([]candidate, 0, k+1)
	total := 0
	for {
		var worst *candidate
		if len(top) == k {
			worst = &top[k-1]
			if worst.tier == 0 {
				return r.nearer(top, k), -1
			}
		}
		c, ok := r.next(worst)
		if !ok {
			return top, total
		}
		total++
		top = insertRanked(top, c, k)
	}
}

// nearer goes through the rest of the caller's area's in-person groups
// for any that come before the last of a full page. Each is a group the
// merge has not met yet, offered in person: no other way it is offered
// could put it on the page.
func (r *ranking) nearer(top []candidate, k int) []candidate {
	for _, e := range r.lists[0][r.heads[0]:] {
		if r.near != nil && (e.Lat != 0 || e.Lon != 0) && cannotBeat(float64(e.Lat), r.langOK(e), r.near, &top[k-1]) {
			continue // most of them, told from the entry alone
		}
		c := r.candidate(e, r.sources[0])
		c.rank(r.near, &top[k-1])
		if c.tier != offPage {
			top = insertRanked(top, c, k)
		}
	}
	return top
}

// next takes the lowest group id at the heads of the lists, and the best
// way it can be offered.
func (r *ranking) next(worst *candidate) (candidate, bool) {
	id := int64(-1)
	for i, l := range r.lists {
		if r.heads[i] < len(l) && (id < 0 || l[r.heads[i]].ID < id) {
			id = l[r.heads[i]].ID
		}
	}
	if id < 0 {
		return candidate{}, false
	}
	var best candidate
	for i, l := range r.lists {
		if r.heads[i] < len(l) && l[r.heads[i]].ID == id {
			c := r.candidate(l[r.heads[i]], r.sources[i])
			r.heads[i]++
			c.rank(r.near, worst)
			if best.id == 0 || c.less(best) {
				best = c
			}
		}
	}
	return best, true
}

func (r *ranking) candidate(e IndexEntry, src source) candidate {
	return candidate{id: e.ID, code: int(e.Code), mode: src.mode, scopeRank: src.scopeRank,
		lat: float64(e.Lat), lon: float64(e.Lon), langOK: r.langOK(e)}
}

// langOK: the group meets in the caller's language.
func (r *ranking) langOK(e IndexEntry) bool {
	return (r.q.Lang == French && e.French) || (r.q.Lang != French && e.English)
}

// total counts the groups a query's lists hold, once per concern, area
// and online choice for the life of the snapshot.
func (ix *Index) total(q Query, lists [][]IndexEntry) int {
	key := totalKey{q.Concern, q.Complex.Key(), q.Online}
	if n, ok := ix.totals.Load(key); ok {
		return n.(int)
	}
	heads := make([]int, len(lists))
	n := 0
	for {
		id := int64(-1)
		for i, l := range lists {
			if heads[i] < len(l) && (id < 0 || l[heads[i]].ID < id) {
				id = l[heads[i]].ID
			}
		}
		if id < 0 {
			break
		}
		n++
		for i, l := range lists {
			if heads[i] < len(l) && l[heads[i]].ID == id {
				heads[i]++
			}
		}
	}
	ix.totals.Store(key, n)
	return n
}

type totalKey struct {
	concern, area string
	online        bool
}

// source is one list a query reads: a scope in a mode.
type source struct {
	scope, mode string
	scopeRank   int // 0 the caller's own complex, 1 province, 2 country
}

func (ix *Index) lists(q Query) ([][]IndexEntry, []source) {
	scopes := []string{
		Coverage{CoverComplex, q.Complex.Key()}.String(),
		Coverage{CoverProvince, q.Complex.Province}.String(),
		Coverage{CoverCountry, "CA"}.String(),
	}
	sources := []source{{scopes[0], IndexLocal, 0}}
	for rank, scope := range scopes {
		if q.Within > 0 {
			break // in person only
		}
		sources = append(sources, source{scope, IndexRemote, rank})
		if q.Online {
			sources = append(sources, source{scope, IndexOnline, rank})
		}
	}
	lists := make([][]IndexEntry, len(sources))
	for i, src := range sources {
		lists[i] = ix.entries[IndexKey{q.Concern, src.scope, src.mode}]
	}
	return lists, sources
}
