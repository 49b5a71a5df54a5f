package sqlstore_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/hsds"
	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/postgres/pgtest"
	"github.com/peerline/peerline/directory/sqlite"
)

// BenchmarkImportHSDS100k is what `peerline import PACKAGE` does with a
// 100,000-group HSDS 3 package (as `peerline export --format hsds`
// writes one), in-process, on each engine: the package read, and its
// groups imported into an empty database. read-s and import-s say which
// took what. $PEERLINE_HSDS_PACKAGE names a package made already
// (scripts/importbench.sh keeps one); else one is written from
// directory.Synthetic before the clock starts. PostgreSQL is skipped
// without $PEERLINE_TEST_POSTGRES. Run with -benchtime=1x.
func BenchmarkImportHSDS100k(b *testing.B) {
	vocab, areas := directorytest.Vocab(b), directorytest.Areas(b)
	pkg := hsdsPackage(b, 100_000, vocab, areas)
	b.Run("sqlite", func(b *testing.B) {
		benchImport(b, pkg, vocab, areas, func() (directory.Store, error) {
			return sqlite.Open(ctx, filepath.Join(b.TempDir(), "import.db"))
		})
	})
	b.Run("postgres", func(b *testing.B) {
		pgtest.Admin(b) // skips without a server
		benchImport(b, pkg, vocab, areas, func() (directory.Store, error) { return postgres.Open(ctx, pgtest.URL(b)) })
	})
}

func benchImport(b *testing.B, pkg string, vocab *directory.Vocabulary, areas *directory.Areas, open func() (directory.Store, error)) {
	var read, write time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := open()
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
		if err := s.Import(ctx, imp, testNow); err != nil || imp.Report.Added != 100_000 || len(imp.Report.Errors) > 0 {
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
