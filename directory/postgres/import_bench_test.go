package postgres_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/hsds"
	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/postgres/pgtest"
)

// BenchmarkImportHSDS100k is what `peerline import PACKAGE` does with a
// 100,000-group HSDS 3 package, in-process, into an empty PostgreSQL
// database (skipped without $PEERLINE_TEST_POSTGRES): directory/sqlite's
// benchmark of the same name, on this engine. Run with -benchtime=1x.
func BenchmarkImportHSDS100k(b *testing.B) {
	pgtest.Admin(b) // skips, without a server, before the package is made
	vocab, areas := directorytest.Vocab(b), directorytest.Areas(b)
	pkg := hsdsPackage(b, 100_000, vocab, areas)
	ctx := context.Background()
	var read, write time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := postgres.Open(ctx, pgtest.URL(b))
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		imp, err := hsds.Read(pkg, vocab, areas)
		if err != nil {
			b.Fatal(err)
		}
		read += time.Since(start)
		start = time.Now()
		if err := s.Import(ctx, imp, benchNow); err != nil || imp.Report.Added != 100_000 || len(imp.Report.Errors) > 0 {
			b.Fatalf("%d rows, %d added, %v: %v", len(imp.Rows), imp.Report.Added, imp.Report.Errors, err)
		}
		write += time.Since(start)
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(read.Seconds()/float64(b.N), "read-s/op")
	b.ReportMetric(write.Seconds()/float64(b.N), "import-s/op")
}

var benchNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// hsdsPackage is the folder of an HSDS package of n synthetic groups with
// their flyer codes, as an export of them after an import would be:
// $PEERLINE_HSDS_PACKAGE, or one written here.
func hsdsPackage(b *testing.B, n int, vocab *directory.Vocabulary, areas *directory.Areas) string {
	b.Helper()
	if pkg := os.Getenv("PEERLINE_HSDS_PACKAGE"); pkg != "" {
		return pkg
	}
	groups := directory.Synthetic(n, 1, vocab, areas)
	for i := range groups {
		groups[i].Code = directory.FirstCode + i
	}
	pkg := filepath.Join(b.TempDir(), "package")
	if err := hsds.Write(pkg, groups); err != nil {
		b.Fatal(err)
	}
	return pkg
}
