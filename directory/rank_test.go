package directory

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// A page ranked on its own (keeping the best few, skipping the distance
// of groups that cannot make the page) is the same page cut from the
// whole list sorted: the shortcut changes nothing a caller hears.
func TestRankPageIsTheSortedListCut(t *testing.T) {
	vocab, err := LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	areas := mustAreas(t)
	ix := syntheticIndex(20_000, 7, vocab, areas)
	rng := rand.New(rand.NewPCG(3, 4))
	concerns, towns := vocab.Concerns(), areas.Towns()
	for range 3000 {
		town := towns[rng.IntN(len(towns))]
		cx, _ := areas.Complex(town.NPA)
		q := Query{Concern: concerns[rng.IntN(len(concerns))].Code, Complex: cx, Lang: []Lang{English, French}[rng.IntN(2)],
			Online: rng.IntN(4) == 0, Offset: rng.IntN(6), Limit: 1 + rng.IntN(3)}
		if rng.IntN(5) > 0 {
			q.Near = &Point{town.Lat + rng.NormFloat64()*0.3, town.Lon + rng.NormFloat64()*0.3}
		}
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

// syntheticIndex indexes a synthetic directory as a store does: each way
// a group is offered once (a group may name a concern twice).
func syntheticIndex(n int, seed uint64, vocab *Vocabulary, areas *Areas) *Index {
	ix := NewIndex(1)
	for i, g := range Synthetic(n, seed, vocab, areas) {
		g.ID, g.Code = int64(i+1), 1000+i
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
