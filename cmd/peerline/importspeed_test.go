package main

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/hsds"
	"github.com/peerline/peerline/directory/postgres/pgtest"
)

// BenchmarkImportCommandHSDS100k is `peerline import --db DB PACKAGE` of
// a 100,000-group HSDS package into an empty database, in-process, the
// whole command: opening, reading, importing, the audit and the count of
// groups left out. $PEERLINE_HSDS_PACKAGE names a package made already
// (scripts/importbench.sh keeps one); else one is written before the
// clock starts. The goal (issue 13): under 10 s on SQLite, 30 s on
// PostgreSQL. scripts/importbench.sh times the built binary the same way.
//
//	go test ./cmd/peerline -run '^$' -bench ImportCommandHSDS100k -benchtime 1x
func BenchmarkImportCommandHSDS100k(b *testing.B) {
	pkg := benchPackage(b, 100_000)
	b.Run("sqlite", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := filepath.Join(b.TempDir(), "import.db")
			b.StartTimer()
			importCommand(b, db, pkg)
		}
	})
	b.Run("postgres", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			db := pgtest.URL(b)
			b.StartTimer()
			importCommand(b, db, pkg)
		}
	})
}

func importCommand(b *testing.B, db, pkg string) {
	b.Helper()
	var out, errOut bytes.Buffer
	m := &Main{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return testNow },
		Log:    slog.New(slog.NewTextHandler(&errOut, nil)),
	}
	if err := m.Run(context.Background(), []string{"import", "--db", db, pkg}); err != nil || !strings.Contains(out.String(), " 100000 added") {
		b.Fatalf("%v\n%s%s", err, out.String(), errOut.String())
	}
}

// benchPackage is the folder of an HSDS package of n synthetic groups
// with their flyer codes, as `peerline export --format hsds` writes one
// after an import of them: $PEERLINE_HSDS_PACKAGE, or one written here.
func benchPackage(b *testing.B, n int) string {
	b.Helper()
	if pkg := os.Getenv("PEERLINE_HSDS_PACKAGE"); pkg != "" {
		return pkg
	}
	vocab, err := directory.LoadVocabulary()
	if err != nil {
		b.Fatal(err)
	}
	areas, err := directory.LoadAreas()
	if err != nil {
		b.Fatal(err)
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
