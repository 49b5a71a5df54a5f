package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/sqlite"
)

// `peerline import` runs in its own process while the server answers: the
// server's next search must see what was imported.
func TestSearchSeesAnotherProcesssImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shared.db")
	server, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer server.Close()
	importer, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer importer.Close()

	c := directorytest.Complex(t, directorytest.Areas(t), "705")
	q := directory.Query{Concern: "grief", Complex: c, Now: testNow}
	if got := searchNames(t, server, q); len(got) != 0 {
		t.Fatalf("an empty directory found %q", got)
	}
	importGroups(t, importer, fixture()[:1])
	if got := searchNames(t, server, q); len(got) != 1 {
		t.Fatalf("after another process imported one group, the server found %q", got)
	}
	closed := fixture()[0]
	closed.Status = directory.StatusInactive
	importGroups(t, importer, []directory.Group{closed})
	if got := searchNames(t, server, q); len(got) != 0 {
		t.Fatalf("after the group was closed elsewhere, the server still offers %q", got)
	}
}

// Pages picked by keeping the best few must be exactly the slices of the
// fully sorted list, whatever the area, concern, language and position.
func TestPagesAgreeWithTheFullRanking(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	s := openTestStore(t)
	imp := &directory.Import{}
	for _, g := range directory.Synthetic(3000, 7, vocab, areas) {
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "s"})
	}
	if err := s.Import(context.Background(), imp, testNow); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	checked := 0
	for i, concern := range vocab.Concerns() {
		town := areas.Towns()[i*7%len(areas.Towns())]
		c, _ := areas.Complex(town.NPA)
		for _, lang := range []directory.Lang{directory.English, directory.French} {
			q := directory.Query{Concern: concern.Code, Complex: c, Lang: lang, Online: i%2 == 0, Now: testNow}
			if i%3 != 0 {
				q.Near = &directory.Point{Lat: town.Lat, Lon: town.Lon}
			}
			all, total, err := s.Search(ctx, q)
			if err != nil || total != len(all) {
				t.Fatalf("%v %d %d", err, total, len(all))
			}
			for _, page := range []struct{ offset, limit int }{{0, 1}, {0, 3}, {3, 3}, {5, 10}, {10, 60}} {
				q.Offset, q.Limit = page.offset, page.limit
				got, n, err := s.Search(ctx, q)
				if err != nil || n != total {
					t.Fatalf("page %+v: total %d, %v; want %d", page, n, err, total)
				}
				want := all[min(page.offset, len(all)):min(page.offset+page.limit, len(all))]
				if len(got) != len(want) {
					t.Fatalf("%s in %s, page %+v: %d results; want %d", concern.Code, c.Key(), page, len(got), len(want))
				}
				for j := range got {
					if got[j].Group.Code != want[j].Group.Code {
						t.Fatalf("%s in %s, page %+v, result %d: %d; want %d", concern.Code, c.Key(), page, j, got[j].Group.Code, want[j].Group.Code)
					}
				}
				checked++
			}
		}
	}
	if checked < 300 {
		t.Errorf("only %d pages checked", checked)
	}
}
