package directory

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// A page ranked on its own (keeping the best few, skipping the distance
// of groups that cannot make the page, or the in-person groups when the
// telephone ones fill it) is the same page cut from the whole list sorted:
// the shortcuts change nothing a caller hears, whether the caller's town
// is known, not known, or another area's groups are sought in reach. The
// small directory has areas with fewer telephone groups than a page.
func TestRankPageIsTheSortedListCut(t *testing.T) {
	vocab, err := LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	areas := mustAreas(t)
	concerns, towns := vocab.Concerns(), areas.Towns()
	big, small := syntheticIndex(20_000, 7, vocab, areas), syntheticIndex(1500, 7, vocab, areas)
	for i, placed := range []string{"town known", "town not known", "within reach", "small, town not known"} {
		ix := big
		if strings.HasPrefix(placed, "small") {
			ix = small
		}
		t.Run(placed, func(t *testing.T) {
			rng := rand.New(rand.NewPCG(3, uint64(4+i)))
			for range 1500 {
				town := towns[rng.IntN(len(towns))]
				cx, _ := areas.Complex(town.NPA)
				q := Query{Concern: concerns[rng.IntN(len(concerns))].Code, Complex: cx, Lang: []Lang{English, French}[rng.IntN(2)],
					Online: rng.IntN(4) == 0, Offset: rng.IntN(6), Limit: 1 + rng.IntN(3)}
				if !strings.HasSuffix(placed, "town not known") {
					q.Near = &Point{town.Lat + rng.NormFloat64()*0.3, town.Lon + rng.NormFloat64()*0.3}
				}
				if placed == "within reach" {
					q.Within = ReachKm
				}
				checkPageIsCut(t, ix, q)
			}
		})
	}
}

func checkPageIsCut(t *testing.T, ix *Index, q Query) {
	t.Helper()
	page, total, err := ix.Rank(q)
	all := q
	all.Offset, all.Limit = 0, 0
	want, wantTotal, err2 := ix.Rank(all)
	if err != nil || err2 != nil {
		t.Fatal(err, err2)
	}
	want = pageOf(want, q.Offset, q.Limit)
	if total != wantTotal || !slices.Equal(page, want) {
		t.Fatalf("%+v near %v:\n page %v (of %d)\n want %v (of %d)", q, q.Near, page, total, want, wantTotal)
	}
}

// Without the caller's town, every telephone and mail group comes before
// every in-person one, each in the caller's language first: the order
// worked out here from the groups themselves, page by page.
func TestRankWithoutATownPutsTelephoneAndMailFirst(t *testing.T) {
	vocab, err := LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	areas := mustAreas(t)
	groups := syntheticGroups(5000, 11, vocab, areas)
	ix := indexOfGroups(groups)
	for i, c := range vocab.Concerns() {
		cx := areas.Complexes()[i%len(areas.Complexes())]
		lang := []Lang{English, French}[i%2]
		want := bruteWithoutTown(groups, c.Code, cx, lang)
		for _, limit := range []int{0, 1, 3} {
			got, total, err := ix.Rank(Query{Concern: c.Code, Complex: cx, Lang: lang, Limit: limit})
			if err != nil || total != len(want) || !slices.Equal(got, pageOf(want, 0, limit)) {
				t.Fatalf("%s in %s (%s), limit %d: %v (of %d), %v\nwant %v", c.Code, cx.Key(), lang, limit, got, total, err, pageOf(want, 0, limit))
			}
		}
	}
}

// bruteWithoutTown orders the groups offered for concern in cx to a
// caller whose town is not known: telephone and mail (caller's language,
// then own area, province, country), then in person (caller's language).
func bruteWithoutTown(groups []Group, concern string, cx *Complex, lang Lang) []Ranked {
	type offer struct {
		g      Group
		local  bool
		scope  int
		speaks bool
	}
	scopes := []string{Coverage{CoverComplex, cx.Key()}.String(), Coverage{CoverProvince, cx.Province}.String(), "country:CA"}
	var offers []offer
	for _, g := range groups {
		o := offer{g: g, scope: -1, speaks: (lang == French && g.Speaks(French)) || (lang != French && g.Speaks(English))}
		for _, k := range g.IndexKeys() {
			switch i := indexOf(scopes, k.Scope); {
			case k.Concern != concern:
			case k.Mode == IndexRemote && i < len(scopes) && (o.scope < 0 || i < o.scope):
				o.scope = i
			case k.Mode == IndexLocal && i == 0:
				o.local = true
			}
		}
		if o.scope >= 0 {
			o.local = false // offered by telephone or mail rather than in person
		}
		if o.scope >= 0 || o.local {
			offers = append(offers, o)
		}
	}
	slices.SortStableFunc(offers, func(a, b offer) int {
		switch {
		case a.local != b.local:
			return cmpBool(a.local, b.local)
		case a.speaks != b.speaks:
			return cmpBool(b.speaks, a.speaks)
		case a.scope != b.scope:
			return a.scope - b.scope
		}
		return a.g.Code - b.g.Code
	})
	out := make([]Ranked, len(offers))
	for i, o := range offers {
		out[i] = Ranked{ID: o.g.ID, Local: o.local, DistanceKm: -1}
	}
	return out
}

// A search within reach finds exactly the in-person groups of the area
// whose place is that near, within an hour first, then in the caller's
// language, then nearest.
func TestRankWithinFindsOnlyInPersonGroupsInReach(t *testing.T) {
	vocab, err := LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	areas := mustAreas(t)
	groups := syntheticGroups(5000, 13, vocab, areas)
	ix := indexOfGroups(groups)
	towns := areas.Towns()
	found := 0
	for i, c := range vocab.Concerns() {
		town := towns[i*5%len(towns)]
		cx := areas.Complexes()[i%4] // Ontario's first four: some near the town, some not
		lang := []Lang{English, French}[i%2]
		near := Point{town.Lat, town.Lon}
		want := bruteWithin(groups, c.Code, cx, near, lang)
		got, total, err := ix.Rank(Query{Concern: c.Code, Complex: cx, Near: &near, Within: ReachKm, Lang: lang})
		if err != nil || total != len(want) || !slices.Equal(got, want) {
			t.Fatalf("%s in %s from %s (%s): %v (of %d), %v\nwant %v", c.Code, cx.Key(), town.Name, lang, got, total, err, want)
		}
		found += total
	}
	if found == 0 {
		t.Error("no group in reach in any search: the test proves nothing")
	}
	if _, _, err := ix.Rank(Query{Concern: "grief", Complex: areas.Complexes()[0], Within: ReachKm}); err == nil {
		t.Error("a reach with nowhere to measure from is not an error")
	}
}

func bruteWithin(groups []Group, concern string, cx *Complex, near Point, lang Lang) []Ranked {
	type offer struct {
		g      Group
		km     float64
		speaks bool
	}
	var offers []offer
	for _, g := range groups {
		if !slices.Contains(g.IndexKeys(), IndexKey{concern, Coverage{CoverComplex, cx.Key()}.String(), IndexLocal}) {
			continue
		}
		e := g.IndexEntry()
		km := DistanceKm(near, Point{float64(e.Lat), float64(e.Lon)})
		if km <= ReachKm {
			offers = append(offers, offer{g, km, (lang == French && e.French) || (lang != French && e.English)})
		}
	}
	slices.SortStableFunc(offers, func(a, b offer) int {
		switch {
		case (a.km <= NearbyKm) != (b.km <= NearbyKm):
			return cmpBool(b.km <= NearbyKm, a.km <= NearbyKm)
		case a.speaks != b.speaks:
			return cmpBool(b.speaks, a.speaks)
		case a.km != b.km:
			return cmp.Compare(a.km, b.km)
		}
		return a.g.Code - b.g.Code
	})
	out := make([]Ranked, len(offers))
	for i, o := range offers {
		out[i] = Ranked{ID: o.g.ID, Local: true, DistanceKm: o.km}
	}
	return out
}

// cmpBool orders false before true.
func cmpBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// BenchmarkRankGriefSault ranks the first results step's search over a
// 100,000-group index: grief, a caller in Sault Ste. Marie, one group.
func BenchmarkRankGriefSault(b *testing.B) {
	vocab, err := LoadVocabulary()
	if err != nil {
		b.Fatal(err)
	}
	areas := mustAreas(b)
	ix := syntheticIndex(100_000, 1, vocab, areas)
	caller := areas.Locate("+17052530000")
	q := Query{Concern: "grief", Complex: caller.Complex, Near: &Point{caller.Town.Lat, caller.Town.Lon}, Lang: English, Limit: 1}
	for b.Loop() {
		if _, total, err := ix.Rank(q); err != nil || total == 0 {
			b.Fatal(total, err)
		}
	}
}

// BenchmarkRankGrief705 ranks a withheld caller's first results step over
// a 100,000-group index: grief in 705 keyed, no town, one group.
func BenchmarkRankGrief705(b *testing.B) {
	vocab, err := LoadVocabulary()
	if err != nil {
		b.Fatal(err)
	}
	areas := mustAreas(b)
	ix := syntheticIndex(100_000, 1, vocab, areas)
	cx, _ := areas.Complex("705")
	q := Query{Concern: "grief", Complex: cx, Lang: English, Limit: 1}
	for b.Loop() {
		if _, total, err := ix.Rank(q); err != nil || total == 0 {
			b.Fatal(total, err)
		}
	}
}

// syntheticIndex indexes a synthetic directory as a store does.
func syntheticIndex(n int, seed uint64, vocab *Vocabulary, areas *Areas) *Index {
	return indexOfGroups(syntheticGroups(n, seed, vocab, areas))
}

// syntheticGroups is a synthetic directory with the ids and codes a
// store would give it.
func syntheticGroups(n int, seed uint64, vocab *Vocabulary, areas *Areas) []Group {
	groups := Synthetic(n, seed, vocab, areas)
	for i := range groups {
		groups[i].ID, groups[i].Code = int64(i+1), 1000+i
	}
	return groups
}

// indexOfGroups indexes groups as a store does: each way a group is
// offered once (a group may name a concern twice).
func indexOfGroups(groups []Group) *Index {
	ix := NewIndex(1)
	for _, g := range groups {
		seen := map[IndexKey]bool{}
		for _, k := range g.IndexKeys() {
			if !seen[k] {
				seen[k] = true
				ix.Add(k, g.IndexEntry())
			}
		}
	}
	return ix
}
