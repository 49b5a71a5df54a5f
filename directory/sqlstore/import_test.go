package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/postgres/pgtest"
	"github.com/peerline/peerline/directory/sqlite"
)

var (
	ctx     = context.Background()
	testNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
)

// store is an engine's store with its database, to look under it.
type store interface {
	directory.Store
	DB() *sql.DB
}

// engines runs fn on a new SQLite store and a new PostgreSQL one (skipped
// without a server).
func engines(t *testing.T, fn func(t *testing.T, s store)) {
	t.Run("sqlite", func(t *testing.T) {
		s, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "import.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
	t.Run("postgres", func(t *testing.T) {
		s, err := postgres.Open(ctx, pgtest.URL(t))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		fn(t, s)
	})
}

// rowsOf makes an import of groups, lines from 2.
func rowsOf(groups []directory.Group) *directory.Import {
	imp := &directory.Import{}
	for i, g := range groups {
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "groups.csv", Line: i + 2})
	}
	return imp
}

func importAll(t *testing.T, s store, groups []directory.Group) *directory.Import {
	t.Helper()
	imp := rowsOf(groups)
	if err := s.Import(ctx, imp, testNow); err != nil {
		t.Fatal(err)
	}
	return imp
}

// checkIndex holds group_index to the ways every stored group is offered.
func checkIndex(t *testing.T, s store) {
	t.Helper()
	all, err := s.Groups(ctx)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{}
	for _, g := range all {
		for _, k := range g.IndexKeys() {
			want[fmt.Sprintf("%s|%s|%s|%d|%d", k.Concern, k.Scope, k.Mode, g.ID, g.Code)] = true
		}
	}
	rows, err := s.DB().QueryContext(ctx, `SELECT concern, scope, mode, group_id, code FROM group_index`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var concern, scope, mode string
		var id int64
		var code int
		if err := rows.Scan(&concern, &scope, &mode, &id, &code); err != nil {
			t.Fatal(err)
		}
		got[fmt.Sprintf("%s|%s|%s|%d|%d", concern, scope, mode, id, code)] = true
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	var missing, extra []string
	for k := range want {
		if !got[k] {
			missing = append(missing, k)
		}
	}
	for k := range got {
		if !want[k] {
			extra = append(extra, k)
		}
	}
	if len(missing)+len(extra) > 0 {
		sort.Strings(missing)
		sort.Strings(extra)
		t.Errorf("group_index: %d rows missing (%.3q), %d extra (%.3q)", len(missing), missing, len(extra), extra)
	}
}

// An import larger than one statement's worth of groups writes every
// group and index row, gives codes in order, and a re-import of the
// same rows writes nothing; a re-import that changes some updates those
// in place, their index rows with them.
func TestAnImportOfManyStatements(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	const n = 1234
	engines(t, func(t *testing.T, s store) {
		first := importAll(t, s, directory.Synthetic(n, 2, vocab, areas))
		if r := first.Report; r.Added != n || len(r.Errors) > 0 {
			t.Fatalf("first import: %+v", r)
		}
		ids := map[string]int64{}
		for i, row := range first.Rows {
			g := row.Group
			if g.Code != directory.FirstCode+i || g.ID == 0 {
				t.Fatalf("row %d: code %d, id %d; want code %d and an id", i, g.Code, g.ID, directory.FirstCode+i)
			}
			if i > 0 && g.ID <= first.Rows[i-1].Group.ID {
				t.Fatalf("row %d: id %d after %d: ids not in the rows' order", i, g.ID, first.Rows[i-1].Group.ID)
			}
			ids[g.SourceID] = g.ID
		}
		checkIndex(t, s)

		again := importAll(t, s, directory.Synthetic(n, 2, vocab, areas))
		if r := again.Report; r.Unchanged != n || r.Added+r.Updated+len(r.Errors) != 0 {
			t.Fatalf("the same rows again: %+v", r)
		}
		for _, row := range again.Rows {
			if row.Group.ID != ids[row.Group.SourceID] {
				t.Fatalf("%s: id %d on re-import; was %d", row.Group.SourceID, row.Group.ID, ids[row.Group.SourceID])
			}
		}

		changed := directory.Synthetic(n, 2, vocab, areas)
		concerns := vocab.Concerns()
		want := 0
		for i := range changed {
			g := &changed[i]
			switch {
			case i%3 == 0:
				g.Concerns = []string{concerns[(i/3)%len(concerns)].Code}
				if !slices.Equal(g.Concerns, first.Rows[i].Group.Concerns) {
					want++
				}
			case i%7 == 0:
				g.Status = directory.StatusInactive
				if first.Rows[i].Group.Status != directory.StatusInactive {
					want++
				}
			}
		}
		third := importAll(t, s, changed)
		if r := third.Report; r.Updated != want || r.Unchanged != n-want || r.Added+len(r.Errors) != 0 {
			t.Fatalf("changing %d rows: %+v", want, r)
		}
		for _, row := range third.Rows {
			if row.Group.ID != ids[row.Group.SourceID] || row.Group.Code == 0 {
				t.Fatalf("%s: id %d, code %d after an update; id was %d", row.Group.SourceID, row.Group.ID, row.Group.Code, ids[row.Group.SourceID])
			}
		}
		checkIndex(t, s)
	})
}

// Codes are decided row after row, as the database holds them after
// each: a code a row gives up is free for the rows after it, not for
// those before.
func TestCodesMoveInTheRowsOrder(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	engines(t, func(t *testing.T, s store) {
		base := directory.Synthetic(4, 5, vocab, areas)
		a, b, c, d := base[0], base[1], base[2], base[3]
		importAll(t, s, []directory.Group{a, b}) // a and b get the first codes
		ca, cb := directory.FirstCode, directory.FirstCode+1

		a.Code, c.Code = 5000, ca // a moves off its code, then c takes it
		imp := importAll(t, s, []directory.Group{a, c})
		if r := imp.Report; r.Updated != 1 || r.Added != 1 || len(r.Errors) != 0 {
			t.Fatalf("a moves, c takes its code: %+v", r)
		}
		d.Code, b.Code = cb, 6000 // d asks for b's code while b still has it
		imp = importAll(t, s, []directory.Group{d, b})
		r := imp.Report
		if r.Updated != 1 || r.Added != 0 || len(r.Errors) != 1 || r.Errors[0].Line != 2 {
			t.Fatalf("d asks for b's code before b moves: %+v", r)
		}
		if got, want := r.Errors[0].Error(), fmt.Sprintf("groups.csv:2: code %d already belongs to group %q", cb, b.SourceID); got != want {
			t.Errorf("the clash reads %q; want %q", got, want)
		}
		for id, code := range map[string]int{a.SourceID: 5000, b.SourceID: 6000, c.SourceID: ca} {
			all, err := s.Groups(ctx)
			if err != nil {
				t.Fatal(err)
			}
			i := slices.IndexFunc(all, func(g directory.Group) bool { return g.SourceID == id })
			if i < 0 || all[i].Code != code {
				t.Errorf("%s: %+v; want code %d", id, all, code)
			}
		}
		// A new group with no code gets the next after the highest.
		d.Code = 0
		imp = importAll(t, s, []directory.Group{d})
		if d := imp.Rows[0].Group; imp.Report.Added != 1 || d.Code != 6001 {
			t.Errorf("d without a code: %+v, code %d; want 6001", imp.Report, d.Code)
		}
		checkIndex(t, s)
	})
}

// Data that carries no words of staff's for the concerns (an HSDS
// package, a feed) keeps the words a group has while its concerns are
// the same.
func TestConcernWordsAreKeptAcrossAnImportWithoutThem(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	engines(t, func(t *testing.T, s store) {
		groups := directory.Synthetic(600, 7, vocab, areas)
		for i := range groups {
			groups[i].ConcernWords = "words of staff's " + groups[i].SourceID
		}
		importAll(t, s, groups)
		plain := directory.Synthetic(600, 7, vocab, areas)
		for i := range plain {
			plain[i].Name += " (renamed)"
			if i%2 == 1 {
				plain[i].Concerns = []string{"caregiving", "grief"}
				if slices.Equal(groups[i].Concerns, plain[i].Concerns) {
					plain[i].Concerns = []string{"grief"}
				}
			}
		}
		imp := importAll(t, s, plain)
		if r := imp.Report; r.Updated != 600 || len(r.Errors) != 0 {
			t.Fatalf("report %+v", r)
		}
		all, err := s.Groups(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, g := range all {
			var i int
			fmt.Sscanf(g.SourceID[strings.LastIndex(g.SourceID, "-")+1:], "%d", &i)
			want := ""
			if i%2 == 0 {
				want = "words of staff's " + g.SourceID
			}
			if g.ConcernWords != want || !strings.HasSuffix(g.Name, " (renamed)") {
				t.Fatalf("%s: %q, words %q; want the new name and words %q", g.SourceID, g.Name, g.ConcernWords, want)
			}
		}
		again := importAll(t, s, directory.Synthetic(600, 7, vocab, areas)[:0])
		if again.Report.Added+again.Report.Updated+again.Report.Unchanged != 0 {
			t.Errorf("an empty import: %+v", again.Report)
		}
	})
}
