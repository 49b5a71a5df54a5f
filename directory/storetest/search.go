package storetest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

func searchNames(t *testing.T, s directory.Store, q directory.Query) []string {
	t.Helper()
	rs, total, err := s.Search(ctx, q)
	must(t, err)
	if q.Limit == 0 && total != len(rs) {
		t.Errorf("total %d but %d results", total, len(rs))
	}
	var names []string
	for _, r := range rs {
		names = append(names, r.Group.Name)
	}
	return names
}

// The "done when": grief in 705 (or 249) lists the in-person
// grief groups of the 705/249/683 area and the Ontario-wide telephone
// ones; never an inactive group, never an in-person group of another area.
// The caller's town is not known (a withheld number keying an area code):
// the telephone and mail groups, which reach them wherever they are, come
// before in-person ones that may be a day's drive away.
func testGriefIn705(t *testing.T, s directory.Store) {
	withFixture(t, s)
	a := areas(t)
	want := []string{
		// telephone and mail: own area, province, country
		"Northern Grief by Phone", "Ontario Grief Phone Circle", "Grief Pen Pals of Canada",
		// then in person in the area: English ones first
		"Algoma Grief Companions", "Elliot Lake Bereavement Circle", "Barrie Grief Support", "Cercle du deuil de Sudbury",
	}
	for _, npa := range []string{"705", "249", "683"} {
		got := searchNames(t, s, directory.Query{Concern: "grief", Complex: complexOf(t, a, npa), Lang: directory.English, Now: testNow})
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("grief in %s:\n got %q\nwant %q", npa, got, want)
		}
	}
}

func testNearestFirstWhenTheTownIsKnown(t *testing.T, s directory.Store) {
	withFixture(t, s)
	a := areas(t)
	sault, ok := a.Town("Sault Ste. Marie")
	if !ok {
		t.Fatal("no town Sault Ste. Marie")
	}
	got := searchNames(t, s, directory.Query{Concern: "grief", Complex: complexOf(t, a, "705"), Near: &directory.Point{Lat: sault.Lat, Lon: sault.Lon}, Now: testNow})
	want := []string{
		"Algoma Grief Companions", // in town
		"Northern Grief by Phone", "Ontario Grief Phone Circle", "Grief Pen Pals of Canada",
		"Elliot Lake Bereavement Circle", "Barrie Grief Support", "Cercle du deuil de Sudbury", // farther: English nearest first, then French
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("from the Sault:\n got %q\nwant %q", got, want)
	}
}

// French callers hear French groups first of each tier: here the first of
// the in-person groups, after the (English) telephone and mail ones.
func testFrenchCallersHearFrenchGroupsFirst(t *testing.T, s directory.Store) {
	withFixture(t, s)
	got := searchNames(t, s, directory.Query{Concern: "grief", Complex: complexOf(t, areas(t), "705"), Lang: directory.French, Now: testNow})
	if len(got) < 4 || got[3] != "Cercle du deuil de Sudbury" {
		t.Errorf("in French: %q; want the Sudbury French group first of the in-person ones", got)
	}
}

func testOtherAreasAndOnline(t *testing.T, s directory.Store) {
	withFixture(t, s)
	a := areas(t)
	got := searchNames(t, s, directory.Query{Concern: "grief", Complex: complexOf(t, a, "613"), Now: testNow})
	want := []string{"Ontario Grief Phone Circle", "Grief Pen Pals of Canada", "Ottawa Grief Circle"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("grief in 613: %q; want %q", got, want)
	}
	got = searchNames(t, s, directory.Query{Concern: "grief", Complex: complexOf(t, a, "514"), Lang: directory.French, Now: testNow})
	want = []string{"Ligne du deuil du Québec", "Grief Pen Pals of Canada"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("grief in Montreal: %q; want %q", got, want)
	}
	got = searchNames(t, s, directory.Query{Concern: "grief", Complex: complexOf(t, a, "613"), Online: true, Now: testNow})
	if len(got) == 0 || got[len(got)-1] != "Grief Online" {
		t.Errorf("asked for online too: %q; want the online group last", got)
	}
}

func testInactiveGroupsDisappearFromSearch(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := fixture()[0]
	g.Status = directory.StatusInactive
	importGroups(t, s, []directory.Group{g})
	for _, name := range searchNames(t, s, directory.Query{Concern: "grief", Complex: complexOf(t, areas(t), "705"), Now: testNow}) {
		if name == g.Name {
			t.Fatal("a group marked inactive is still offered")
		}
	}
}

func testResultsCarryTheNextMeetingAndPage(t *testing.T, s directory.Store) {
	withFixture(t, s)
	c := complexOf(t, areas(t), "705")
	rs, total, err := s.Search(ctx, directory.Query{Concern: "grief", Complex: c, Limit: 2, Now: testNow})
	if err != nil || total != 7 || len(rs) != 2 {
		t.Fatalf("page 1: %d results of %d, %v", len(rs), total, err)
	}
	// Monday 2026-11-23 10:00 in Toronto: the fortnightly Tuesday
	// telephone group meets tomorrow at 7 p.m.
	next := rs[1].Next.In(rs[1].Group.Location())
	if next.Format("Mon 2006-01-02 15:04") != "Tue 2026-11-24 19:00" || rs[1].Mode != directory.ByPhone {
		t.Errorf("second result: %s next %s", rs[1].Mode, next)
	}
	rest, total, err := s.Search(ctx, directory.Query{Concern: "grief", Complex: c, Offset: 2, Limit: 10, Now: testNow})
	if err != nil || total != 7 || len(rest) != 5 {
		t.Fatalf("page 2: %d results of %d, %v; want 5 of 7", len(rest), total, err)
	}
	if rest[0].Group.Name != "Grief Pen Pals of Canada" || rest[0].Mode != directory.ByMail {
		t.Errorf("page 2 starts %q (%s); want the pen pals by mail", rest[0].Group.Name, rest[0].Mode)
	}
	next = rest[1].Next.In(rest[1].Group.Location())
	if next.Format("Mon 2006-01-02 15:04") != "Tue 2026-11-24 19:00" || rest[1].Mode != directory.InPerson {
		t.Errorf("page 2, second result: %s next %s", rest[1].Mode, next)
	}
}

// A search sees the directory as it is now: what each import added,
// changed or closed, the moment the import is done.
func testSearchSeesEveryImport(t *testing.T, s directory.Store) {
	a := areas(t)
	q := directory.Query{Concern: "grief", Complex: complexOf(t, a, "705"), Lang: directory.French, Now: testNow}
	if got := searchNames(t, s, q); len(got) != 0 {
		t.Fatalf("an empty directory found %q", got)
	}
	importGroups(t, s, fixture()[:2])
	want := "Algoma Grief Companions|Elliot Lake Bereavement Circle"
	if got := searchNames(t, s, q); strings.Join(got, "|") != want {
		t.Fatalf("after importing two groups: %q; want %q", got, want)
	}
	// The Elliot Lake group now meets in French too: French callers hear it first.
	bilingual := fixture()[1]
	bilingual.Languages = []directory.Lang{directory.English, directory.French}
	importGroups(t, s, []directory.Group{bilingual})
	want = "Elliot Lake Bereavement Circle|Algoma Grief Companions"
	if got := searchNames(t, s, q); strings.Join(got, "|") != want {
		t.Fatalf("after the Elliot Lake group took French: %q; want %q", got, want)
	}
	// It no longer meets about grief, and a new group does.
	bilingual.Concerns = []string{"caregiving"}
	importGroups(t, s, []directory.Group{bilingual, fixture()[2]})
	want = "Cercle du deuil de Sudbury|Algoma Grief Companions"
	if got := searchNames(t, s, q); strings.Join(got, "|") != want {
		t.Fatalf("after the Elliot Lake group changed concern: %q; want %q", got, want)
	}
	closed := fixture()[0]
	closed.Status = directory.StatusInactive
	importGroups(t, s, []directory.Group{closed})
	want = "Cercle du deuil de Sudbury"
	if got := searchNames(t, s, q); strings.Join(got, "|") != want {
		t.Fatalf("after the Sault group closed: %q; want %q", got, want)
	}
}

// Pages picked by keeping the best few must be exactly the slices of the
// fully sorted list, whatever the area, concern, language and position.
func testPagesAgreeWithTheFullRanking(t *testing.T, s directory.Store) {
	v, a := vocab(t), areas(t)
	imp := &directory.Import{}
	for _, g := range directory.Synthetic(3000, 7, v, a) {
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "s"})
	}
	must(t, s.Import(ctx, imp, testNow))
	if len(imp.Report.Errors) > 0 {
		t.Fatal(imp.Report.Errors)
	}
	checked := 0
	for i, concern := range v.Concerns() {
		town := a.Towns()[i*7%len(a.Towns())]
		c := complexOf(t, a, town.NPA)
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

func testSyntheticDirectoryIsSearchable(t *testing.T, s directory.Store) {
	v, a := vocab(t), areas(t)
	groups := directory.Synthetic(2000, 1, v, a)
	if len(groups) != 2000 {
		t.Fatalf("%d groups", len(groups))
	}
	again := directory.Synthetic(2000, 1, v, a)
	if groups[1999].Name != again[1999].Name {
		t.Error("the same seed should give the same directory")
	}
	imp := &directory.Import{}
	for _, g := range groups {
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "s"})
	}
	if err := s.Import(ctx, imp, testNow); err != nil || imp.Report.Added != 2000 {
		t.Fatalf("%+v %v", imp.Report, err)
	}
	rs, total, err := s.Search(ctx, directory.Query{Concern: "grief", Complex: complexOf(t, a, "705"), Now: testNow})
	if err != nil || total == 0 || rs[0].Next.IsZero() {
		t.Fatalf("grief in 705 over a synthetic directory: %d, %v", total, err)
	}
}

// The Finder over the store: it understands misspelt and French words and
// a caller's number, and logs each search with no number in it. Staff's
// searches are not logged.
func testFinderUnderstandsAndLogsWithoutNumbers(t *testing.T, s directory.Store) {
	withFixture(t, s)
	f := &directory.Finder{Store: s, Vocab: vocab(t), Areas: areas(t), Now: func() time.Time { return testNow }}

	a, err := f.Find(ctx, directory.Request{Concern: "greif", Area: "249", Channel: directory.ChannelSMS})
	if err != nil || a.Match.Concern.Code != "grief" || !a.Match.Typo || a.Total != 7 {
		t.Fatalf("greif in 249: %+v, %v", a, err)
	}
	a, err = f.Find(ctx, directory.Request{Concern: "deuil", From: "+17052530000", Channel: directory.ChannelVoice, Lang: directory.French})
	if err != nil || a.Caller.Town == nil || a.Caller.Town.Name != "Sault Ste. Marie" || len(a.Results) == 0 || a.Results[0].Group.Name != "Algoma Grief Companions" {
		t.Fatalf("deuil from a Sault number: %+v, %v", a.Caller, err)
	}
	a, err = f.Find(ctx, directory.Request{Concern: "alzheimers", Area: "sault ste marie", Channel: directory.ChannelSMS})
	if err != nil || a.Total != 1 || a.Results[0].Group.Name != "Sault Caregivers' Circle" {
		t.Fatalf("alzheimers near the Sault: %+v, %v", a, err)
	}
	if a, err := f.Find(ctx, directory.Request{Concern: "grief", Area: "705", Channel: directory.ChannelStaff}); err != nil || a.Total != 7 {
		t.Fatalf("staff trying grief in 705: %d, %v", a.Total, err)
	}
	if _, err := f.Find(ctx, directory.Request{Concern: "basket weaving", Area: "705", Channel: directory.ChannelVoice}); !errors.Is(err, directory.ErrUnknownConcern) {
		t.Errorf("basket weaving: %v", err)
	}
	if _, err := f.Find(ctx, directory.Request{Concern: "grief", Area: "999", Channel: directory.ChannelVoice}); !errors.Is(err, directory.ErrUnknownArea) {
		t.Errorf("area 999: %v", err)
	}
	if _, err := f.Find(ctx, directory.Request{Concern: "grief", From: "anonymous", Channel: directory.ChannelVoice}); !errors.Is(err, directory.ErrNoArea) {
		t.Errorf("anonymous caller: %v", err)
	}

	logs, err := s.SearchLogs(ctx, testNow.Add(-1))
	must(t, err)
	if len(logs) != 4 {
		t.Fatalf("%d searches logged; want 4 (unknown areas and staff are not)", len(logs))
	}
	want := []directory.SearchLog{
		{Channel: "sms", Concern: "grief", NPA: "249", Area: "705", Results: 7},
		{Channel: "voice", Concern: "grief", NPA: "705", Area: "705", Results: 7},
		{Channel: "sms", Concern: "dementia", NPA: "705", Area: "705", Results: 1},
		{Channel: "voice", Concern: "", NPA: "705", Area: "705", Results: 0},
	}
	for i, l := range logs {
		if !l.At.Equal(testNow) {
			t.Errorf("log %d at %v; want %v", i, l.At, testNow)
		}
		l.At = time.Time{}
		if l != want[i] {
			t.Errorf("log %d = %+v; want %+v", i, l, want[i])
		}
	}
	if later, err := s.SearchLogs(ctx, testNow.Add(time.Millisecond)); err != nil || len(later) != 0 {
		t.Errorf("SearchLogs since after them all = %+v, %v", later, err)
	}
}
