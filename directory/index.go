package directory

import (
	"errors"
	"math"
	"sort"
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
// groups (nearest first, or all in-person groups of the area when the
// caller's town is not known), then telephone and mail groups (the
// caller's own area before province-wide before national), then farther
// in-person groups, then — only when asked — online groups. Within each
// tier, groups in the caller's language come first. It returns one page
// and the total.
func (ix *Index) Rank(q Query) ([]Ranked, int, error) {
	if q.Complex == nil {
		return nil, 0, errors.New("search: no area")
	}
	lists, sources := ix.lists(q)
	var near *origin
	if q.Near != nil {
		o := from(*q.Near)
		near = &o
	}
	var all []candidate
	top := make([]candidate, 0, q.Offset+q.Limit+1)
	keepAll := q.Limit <= 0 || q.Offset+q.Limit > 64
	total := 0
	// Each list is in group id order: merging them meets every group once,
	// with all the ways it could be offered side by side.
	heads := make([]int, len(lists))
	for {
		var worst *candidate
		if !keepAll && len(top) == q.Offset+q.Limit {
			worst = &top[len(top)-1]
		}
		best, ok := nextCandidate(lists, heads, sources, q, near, worst)
		if !ok {
			break
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
	out := make([]Ranked, len(page))
	for i, c := range page {
		out[i] = Ranked{ID: c.id, Local: c.mode == IndexLocal, DistanceKm: c.distanceKm}
	}
	return out, total, nil
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

// nextCandidate takes the lowest group id at the heads of the lists, and
// the best way it can be offered.
func nextCandidate(lists [][]IndexEntry, heads []int, sources []source, q Query, near *origin, worst *candidate) (candidate, bool) {
	id := int64(-1)
	for i, l := range lists {
		if heads[i] < len(l) && (id < 0 || l[heads[i]].ID < id) {
			id = l[heads[i]].ID
		}
	}
	if id < 0 {
		return candidate{}, false
	}
	var best candidate
	for i, l := range lists {
		if heads[i] < len(l) && l[heads[i]].ID == id {
			e := l[heads[i]]
			heads[i]++
			c := candidate{id: e.ID, code: int(e.Code), mode: sources[i].mode, scopeRank: sources[i].scopeRank,
				lat: float64(e.Lat), lon: float64(e.Lon),
				langOK: (q.Lang == French && e.French) || (q.Lang != French && e.English)}
			c.rank(near, worst)
			if best.id == 0 || c.less(best) {
				best = c
			}
		}
	}
	return best, true
}
