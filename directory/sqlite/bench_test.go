package sqlite_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/sqlite"
)

// benchDirectory opens a store holding a synthetic directory of n groups.
func benchDirectory(b *testing.B, n int) (*sqlite.Store, *directory.Vocabulary, *directory.Areas) {
	b.Helper()
	vocab, areas := directorytest.Vocab(b), directorytest.Areas(b)
	s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	imp := &directory.Import{}
	for i, g := range directory.Synthetic(n, 1, vocab, areas) {
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "synthetic", Line: i + 2})
	}
	if err := s.Import(context.Background(), imp, testNow); err != nil {
		b.Fatal(err)
	}
	return s, vocab, areas
}

// BenchmarkImport100k imports a 100,000-group directory into an empty
// database, as `peerline import` does. Run with -benchtime=1x.
func BenchmarkImport100k(b *testing.B) {
	vocab, areas := directorytest.Vocab(b), directorytest.Areas(b)
	groups := directory.Synthetic(100_000, 1, vocab, areas)
	for b.Loop() {
		s, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), fmt.Sprint("import-", time.Now().UnixNano(), ".db")))
		if err != nil {
			b.Fatal(err)
		}
		imp := &directory.Import{Rows: make([]directory.Row, len(groups))}
		for i, g := range groups {
			imp.Rows[i] = directory.Row{Group: g, File: "synthetic", Line: i + 2}
		}
		if err := s.Import(context.Background(), imp, testNow); err != nil || imp.Report.Added != len(groups) {
			b.Fatalf("%+v %v", imp.Report, err)
		}
		s.Close()
	}
	b.ReportMetric(float64(len(groups)), "groups/op")
}

// BenchmarkSearch100k is one phone-line search over a 100,000-group
// directory: a concern and an area (and, every other time, the caller's
// town), the first three groups with their next meetings. It reports the
// median and 99th percentile of single searches.
func BenchmarkSearch100k(b *testing.B) {
	s, vocab, areas := benchDirectory(b, 100_000)
	type q struct {
		concern string
		complex *directory.Complex
		near    *directory.Point
	}
	var queries []q
	for i, c := range vocab.Concerns() {
		for j, t := range areas.Towns() {
			cx, _ := areas.Complex(t.NPA)
			query := q{concern: c.Code, complex: cx}
			if (i+j)%2 == 0 {
				query.near = &directory.Point{Lat: t.Lat, Lon: t.Lon}
			}
			queries = append(queries, query)
		}
	}
	ctx := context.Background()
	var lat []time.Duration
	i := 0
	for b.Loop() {
		q := queries[i%len(queries)]
		i++
		start := time.Now()
		if _, _, err := s.Search(ctx, directory.Query{Concern: q.concern, Complex: q.complex, Near: q.near, Lang: directory.English, Limit: 3, Now: testNow}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
	}
	reportPercentiles(b, lat)
}

// BenchmarkFind100k is the whole of a search as a channel makes it: the
// words understood, the caller placed by their number, the search, and
// the search logged.
func BenchmarkFind100k(b *testing.B) {
	s, vocab, areas := benchDirectory(b, 100_000)
	f := &directory.Finder{Store: s, Vocab: vocab, Areas: areas, Now: func() time.Time { return testNow }}
	words := []string{"grief", "greif", "care giver", "alzheimer's", "deuil", "heart", "alcohol", "cancer du sein"}
	from := []string{"+17052530000", "+17055550142", "+18074680000", "+16135550100", "+14165550100"}
	ctx := context.Background()
	var lat []time.Duration
	i := 0
	for b.Loop() {
		start := time.Now()
		if _, err := f.Find(ctx, directory.Request{Concern: words[i%len(words)], From: from[i%len(from)], Channel: "voice", Limit: 3}); err != nil {
			b.Fatal(err)
		}
		lat = append(lat, time.Since(start))
		i++
	}
	reportPercentiles(b, lat)
}

func reportPercentiles(b *testing.B, lat []time.Duration) {
	if len(lat) == 0 {
		return
	}
	slices.Sort(lat)
	at := func(p float64) float64 { return float64(lat[int(p*float64(len(lat)-1))].Microseconds()) }
	b.ReportMetric(at(0.50), "p50-µs")
	b.ReportMetric(at(0.99), "p99-µs")
}
