package sqlite_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/sqlite"
)

func searchNames(t *testing.T, s *sqlite.Store, q directory.Query) []string {
	t.Helper()
	rs, total, err := s.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
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
func TestGriefIn705(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	areas := directorytest.Areas(t)
	want := []string{
		// in person in the area (the caller's town is unknown): English ones first
		"Algoma Grief Companions", "Elliot Lake Bereavement Circle", "Barrie Grief Support", "Cercle du deuil de Sudbury",
		// then telephone and mail: own area, province, country
		"Northern Grief by Phone", "Ontario Grief Phone Circle", "Grief Pen Pals of Canada",
	}
	for _, npa := range []string{"705", "249", "683"} {
		got := searchNames(t, s, directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, npa), Lang: directory.English, Now: testNow})
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("grief in %s:\n got %q\nwant %q", npa, got, want)
		}
	}
}

func TestNearestFirstWhenTheTownIsKnown(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	areas := directorytest.Areas(t)
	sault, _ := areas.Town("Sault Ste. Marie")
	got := searchNames(t, s, directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, "705"), Near: &directory.Point{Lat: sault.Lat, Lon: sault.Lon}, Now: testNow})
	want := []string{
		"Algoma Grief Companions", // in town
		"Northern Grief by Phone", "Ontario Grief Phone Circle", "Grief Pen Pals of Canada",
		"Elliot Lake Bereavement Circle", "Barrie Grief Support", "Cercle du deuil de Sudbury", // farther: English nearest first, then French
	}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("from the Sault:\n got %q\nwant %q", got, want)
	}
}

func TestFrenchCallersHearFrenchGroupsFirst(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	got := searchNames(t, s, directory.Query{Concern: "grief", Complex: directorytest.Complex(t, directorytest.Areas(t), "705"), Lang: directory.French, Now: testNow})
	if len(got) == 0 || got[0] != "Cercle du deuil de Sudbury" {
		t.Errorf("in French: %q; want the Sudbury French group first", got)
	}
}

func TestOtherAreasAndOnline(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	areas := directorytest.Areas(t)
	got := searchNames(t, s, directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, "613"), Now: testNow})
	want := []string{"Ottawa Grief Circle", "Ontario Grief Phone Circle", "Grief Pen Pals of Canada"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("grief in 613: %q; want %q", got, want)
	}
	got = searchNames(t, s, directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, "514"), Lang: directory.French, Now: testNow})
	want = []string{"Ligne du deuil du Québec", "Grief Pen Pals of Canada"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("grief in Montreal: %q; want %q", got, want)
	}
	got = searchNames(t, s, directory.Query{Concern: "grief", Complex: directorytest.Complex(t, areas, "613"), Online: true, Now: testNow})
	if got[len(got)-1] != "Grief Online" {
		t.Errorf("asked for online too: %q; want the online group last", got)
	}
}

func TestInactiveGroupsDisappearFromSearch(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	g := fixture()[0]
	g.Status = directory.StatusInactive
	importGroups(t, s, []directory.Group{g})
	for _, name := range searchNames(t, s, directory.Query{Concern: "grief", Complex: directorytest.Complex(t, directorytest.Areas(t), "705"), Now: testNow}) {
		if name == g.Name {
			t.Fatal("a group marked inactive is still offered")
		}
	}
}

func TestResultsCarryTheNextMeetingAndPage(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	c := directorytest.Complex(t, directorytest.Areas(t), "705")
	rs, total, err := s.Search(context.Background(), directory.Query{Concern: "grief", Complex: c, Limit: 2, Now: testNow})
	if err != nil || total != 7 || len(rs) != 2 {
		t.Fatalf("page 1: %d results of %d, %v", len(rs), total, err)
	}
	// Monday 2026-11-23 10:00 in Toronto: the Tuesday group meets tomorrow at 7 p.m.
	next := rs[0].Next.In(rs[0].Group.Location())
	if next.Format("Mon 2006-01-02 15:04") != "Tue 2026-11-24 19:00" || rs[0].Mode != directory.InPerson {
		t.Errorf("first result: %s next %s", rs[0].Mode, next)
	}
	rest, _, _ := s.Search(context.Background(), directory.Query{Concern: "grief", Complex: c, Offset: 2, Limit: 10, Now: testNow})
	if len(rest) != 5 || rest[0].Group.Name != "Barrie Grief Support" {
		t.Errorf("page 2 has %d results starting %q", len(rest), rest[0].Group.Name)
	}
	if rest[2].Mode != directory.ByPhone || rest[4].Mode != directory.ByMail {
		t.Errorf("modes: %s, %s; want phone then mail", rest[2].Mode, rest[4].Mode)
	}
}

func TestFinderUnderstandsAndLogsWithoutNumbers(t *testing.T) {
	s := openTestStore(t)
	importGroups(t, s, fixture())
	f := &directory.Finder{Store: s, Vocab: directorytest.Vocab(t), Areas: directorytest.Areas(t), Now: func() time.Time { return testNow }}
	ctx := context.Background()

	a, err := f.Find(ctx, directory.Request{Concern: "greif", Area: "249", Channel: "sms"})
	if err != nil || a.Match.Concern.Code != "grief" || !a.Match.Typo || a.Total != 7 {
		t.Fatalf("greif in 249: %+v, %v", a, err)
	}
	a, err = f.Find(ctx, directory.Request{Concern: "deuil", From: "+17052530000", Channel: "voice", Lang: directory.French})
	if err != nil || a.Caller.Town == nil || a.Caller.Town.Name != "Sault Ste. Marie" || a.Results[0].Group.Name != "Algoma Grief Companions" {
		t.Fatalf("deuil from a Sault number: %+v, %v", a.Caller, err)
	}
	a, err = f.Find(ctx, directory.Request{Concern: "alzheimers", Area: "sault ste marie", Channel: "sms"})
	if err != nil || a.Total != 1 || a.Results[0].Group.Name != "Sault Caregivers' Circle" {
		t.Fatalf("alzheimers near the Sault: %+v, %v", a, err)
	}
	if _, err := f.Find(ctx, directory.Request{Concern: "basket weaving", Area: "705", Channel: "voice"}); !errors.Is(err, directory.ErrUnknownConcern) {
		t.Errorf("basket weaving: %v", err)
	}
	if _, err := f.Find(ctx, directory.Request{Concern: "grief", Area: "999", Channel: "voice"}); !errors.Is(err, directory.ErrUnknownArea) {
		t.Errorf("area 999: %v", err)
	}
	if _, err := f.Find(ctx, directory.Request{Concern: "grief", From: "anonymous", Channel: "voice"}); !errors.Is(err, directory.ErrNoArea) {
		t.Errorf("anonymous caller: %v", err)
	}

	logs, err := s.SearchLogs(ctx, testNow.Add(-1))
	if err != nil {
		t.Fatal(err)
	}
	if len(logs) != 4 {
		t.Fatalf("%d searches logged; want 4 (unknown areas are not)", len(logs))
	}
	want := []directory.SearchLog{
		{Channel: "sms", Concern: "grief", NPA: "249", Area: "705", Results: 7},
		{Channel: "voice", Concern: "grief", NPA: "705", Area: "705", Results: 7},
		{Channel: "sms", Concern: "dementia", NPA: "705", Area: "705", Results: 1},
		{Channel: "voice", Concern: "", NPA: "705", Area: "705", Results: 0},
	}
	for i, l := range logs {
		l.At = time.Time{}
		if l != want[i] {
			t.Errorf("log %d = %+v; want %+v", i, l, want[i])
		}
	}
	var dump strings.Builder
	rows, _ := s.ReadDB().Query(`SELECT * FROM search_log`)
	cols, _ := rows.Columns()
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Scan(ptrs...)
		for _, v := range vals {
			dump.WriteString(strings.TrimSpace(strings.ReplaceAll(toString(v), "\n", " ")) + " ")
		}
	}
	rows.Close()
	if strings.Contains(dump.String(), "2530000") {
		t.Error("the search log holds the caller's number")
	}
}

func toString(v any) string {
	switch x := v.(type) {
	case []byte:
		return string(x)
	case string:
		return x
	}
	return ""
}
