package storetest

import (
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

func testPing(t *testing.T, s directory.Store) {
	if err := s.Ping(ctx); err != nil {
		t.Fatalf("Ping = %v", err)
	}
}

// A group reads back as it was imported, every listed field of it, by
// code and by id, with its zone loaded.
func testImportKeepsEveryField(t *testing.T, s directory.Store) {
	a := areas(t)
	imp := &directory.Import{}
	for i, g := range fixture() {
		g.Description, g.Organization, g.Email = "Peer support after a death.", "Algoma Family Services", "circle@example.org"
		must(t, g.Check(a))
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "fixture", Line: i + 2})
	}
	must(t, s.Import(ctx, imp, testNow))
	if len(imp.Report.Errors) > 0 || imp.Report.Added != len(imp.Rows) {
		t.Fatalf("report %+v", imp.Report)
	}
	if n, err := s.CountGroups(ctx); err != nil || n != len(imp.Rows) {
		t.Errorf("CountGroups = %d, %v; want %d", n, err, len(imp.Rows))
	}
	listed := groups(t, s)
	if len(listed) != len(imp.Rows) {
		t.Fatalf("Groups lists %d; want %d", len(listed), len(imp.Rows))
	}
	if !slices.IsSortedFunc(listed, func(a, b directory.Group) int { return a.Code - b.Code }) {
		t.Error("Groups is not in code order")
	}
	asJSON := func(g directory.Group) string {
		b, err := json.Marshal(g)
		must(t, err)
		return string(b)
	}
	for _, row := range imp.Rows {
		want := row.Group
		if want.ID == 0 || want.Code == 0 {
			t.Fatalf("%s: Import left id %d, code %d in its row", want.SourceID, want.ID, want.Code)
		}
		byCode, ok, err := s.Group(ctx, want.Code)
		if err != nil || !ok {
			t.Fatalf("Group(%d) = %v, %v", want.Code, ok, err)
		}
		byID, ok, err := s.GroupByID(ctx, want.ID)
		if err != nil || !ok {
			t.Fatalf("GroupByID(%d) = %v, %v", want.ID, ok, err)
		}
		for how, got := range map[string]directory.Group{"by code": byCode, "by id": byID} {
			if got.ID != want.ID || got.Code != want.Code || asJSON(got) != asJSON(want) {
				t.Errorf("%s read %s:\n got %d %s\nwant %d %s", want.SourceID, how, got.ID, asJSON(got), want.ID, asJSON(want))
			}
			if got.Location().String() != want.Zone || len(got.Cancelled) != 0 {
				t.Errorf("%s read %s: zone %s, cancelled %v", want.SourceID, how, got.Location(), got.Cancelled)
			}
		}
	}
	if _, ok, err := s.Group(ctx, 9999); ok || err != nil {
		t.Errorf("Group(9999) = %v, %v; want not found", ok, err)
	}
	if _, ok, err := s.GroupByID(ctx, 999999); ok || err != nil {
		t.Errorf("GroupByID(999999) = %v, %v; want not found", ok, err)
	}
}

func testReimportChangesNothing(t *testing.T, s directory.Store) {
	first := importGroups(t, s, fixture())
	if first.Added != len(fixture()) || first.Updated+first.Unchanged != 0 {
		t.Fatalf("first import: %+v", first)
	}
	before := groups(t, s)
	again := importGroups(t, s, fixture())
	if again.Unchanged != len(fixture()) || again.Added+again.Updated != 0 {
		t.Fatalf("re-import: %+v; want all unchanged", again)
	}
	after := groups(t, s)
	if len(after) != len(before) {
		t.Fatalf("%d groups after re-import; were %d", len(after), len(before))
	}
	for i := range before {
		if before[i].Code != after[i].Code || before[i].ID != after[i].ID {
			t.Errorf("group %s changed code or id on re-import", before[i].SourceID)
		}
	}
}

func testReimportUpdatesInPlaceAndKeepsTheCode(t *testing.T, s directory.Store) {
	importGroups(t, s, fixture())
	g := findBySource(t, s, "sault-grief")
	changed := fixture()[:1]
	changed[0].Name = "Algoma Grief Companions (Tuesdays)"
	r := importGroups(t, s, changed)
	if r.Updated != 1 {
		t.Fatalf("report %+v; want one update", r)
	}
	g2 := findBySource(t, s, "sault-grief")
	if g2.Code != g.Code || g2.ID != g.ID || g2.Name != "Algoma Grief Companions (Tuesdays)" {
		t.Errorf("after update: code %d id %d name %q; want code %d, id %d and the new name", g2.Code, g2.ID, g2.Name, g.Code, g.ID)
	}
}

func testGroupCodes(t *testing.T, s directory.Store) {
	groups := fixture()[:3]
	groups[1].Code = 4127 // printed on a flyer already
	importGroups(t, s, groups)
	for _, want := range []struct {
		id   string
		code int
	}{{"sault-grief", directory.FirstCode}, {"elliot-grief", 4127}, {"sudbury-deuil", 4128}} {
		if g := findBySource(t, s, want.id); g.Code != want.code {
			t.Errorf("%s has code %d; want %d", want.id, g.Code, want.code)
		}
	}
	if g, ok, err := s.Group(ctx, 4127); err != nil || !ok || g.SourceID != "elliot-grief" {
		t.Errorf("Group(4127) = %v, %v, %v", g.SourceID, ok, err)
	}

	clash := fixture()[3]
	clash.Code = 4127
	must(t, clash.Check(areas(t)))
	imp := &directory.Import{Rows: []directory.Row{{Group: clash, File: "groups.csv", Line: 7}}}
	must(t, s.Import(ctx, imp, testNow))
	if len(imp.Report.Errors) != 1 || imp.Report.Errors[0].Line != 7 || imp.Report.Added != 0 {
		t.Fatalf("a code already taken: report %+v", imp.Report)
	}
	if got := imp.Report.Errors[0].Error(); got != `groups.csv:7: code 4127 already belongs to group "elliot-grief"` {
		t.Errorf("error reads %q", got)
	}
	if n, err := s.CountGroups(ctx); err != nil || n != 3 {
		t.Errorf("CountGroups = %d, %v; want the 3 imported before", n, err)
	}
}

func testImportReportsDuplicateIDsByLine(t *testing.T, s directory.Store) {
	g := fixture()[0]
	must(t, g.Check(areas(t)))
	imp := &directory.Import{Rows: []directory.Row{{Group: g, File: "a.csv", Line: 2}, {Group: g, File: "a.csv", Line: 9}}}
	must(t, s.Import(ctx, imp, testNow))
	if imp.Report.Added != 1 || len(imp.Report.Errors) != 1 || imp.Report.Errors[0].Line != 9 {
		t.Errorf("report %+v", imp.Report)
	}
}

// Many goroutines importing, logging and searching at once all succeed:
// an engine queues its writers rather than failing them as busy.
func testConcurrentWritesAllSucceed(t *testing.T, s directory.Store) {
	withFixture(t, s)
	a := areas(t)
	area := complexOf(t, a, "705")
	rows := make([]directory.Row, 0, len(fixture()))
	for i, g := range fixture() {
		must(t, g.Check(a))
		rows = append(rows, directory.Row{Group: g, File: "f", Line: i})
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8*25*2+5)
	for i := range 8 {
		wg.Go(func() {
			for j := range 25 {
				errs <- s.LogSearch(ctx, directory.SearchLog{At: testNow, Channel: directory.ChannelVoice, Concern: "grief", NPA: "705", Area: "705", Results: i + j})
				_, _, err := s.Search(ctx, directory.Query{Concern: "grief", Complex: area, Now: testNow})
				errs <- err
			}
		})
	}
	wg.Go(func() {
		for range 5 {
			errs <- s.Import(ctx, &directory.Import{Rows: slices.Clone(rows)}, testNow)
		}
	})
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	logs, err := s.SearchLogs(ctx, testNow.Add(-time.Hour))
	if err != nil || len(logs) != 200 {
		t.Fatalf("%d searches logged, %v; want 200", len(logs), err)
	}
}

func sortedDates(ds []recur.Date) []recur.Date {
	ds = slices.Clone(ds)
	slices.SortFunc(ds, func(a, b recur.Date) int { return strings.Compare(a.String(), b.String()) })
	return ds
}

// A cancelled meeting is never the next one a caller hears of: every read
// of a group carries its cancelled days, and its next meeting skips them.
func testCancelledMeetings(t *testing.T, s directory.Store) {
	withFixture(t, s)
	toronto := zone(t, "America/Toronto")
	sault := findBySource(t, s, "sault-grief")    // Tuesdays, 7 p.m.
	phone := findBySource(t, s, "on-phone-grief") // every other Tuesday, 7 p.m.: Nov 24, Dec 8
	nov24, dec1 := recur.Date{Year: 2026, Month: time.November, Day: 24}, recur.Date{Year: 2026, Month: time.December, Day: 1}
	for range 2 { // twice: the same day is cancelled once
		must(t, s.CancelMeeting(ctx, sault.ID, nov24, testNow))
	}
	must(t, s.CancelMeeting(ctx, sault.ID, dec1, testNow))
	must(t, s.CancelMeeting(ctx, phone.ID, nov24, testNow))
	if _, err := s.Subscribe(ctx, "+17055550142", phone.ID, directory.ByCall, voiceConsent(testNow, directory.English)); err != nil {
		t.Fatal(err)
	}

	wantSault := []recur.Date{nov24, dec1}
	check := func(how string, g directory.Group) {
		t.Helper()
		var want []recur.Date
		switch g.SourceID {
		case "sault-grief":
			want = wantSault
		case "on-phone-grief":
			want = []recur.Date{nov24}
		}
		if got := sortedDates(g.Cancelled); !slices.Equal(got, want) {
			t.Errorf("%s: %s cancelled %v; want %v", how, g.SourceID, got, want)
		}
	}
	for _, g := range groups(t, s) {
		check("Groups", g)
	}
	for _, g := range []directory.Group{sault, phone} {
		byCode, ok, err := s.Group(ctx, g.Code)
		if err != nil || !ok {
			t.Fatalf("Group(%d) = %v, %v", g.Code, ok, err)
		}
		check("Group", byCode)
		byID, ok, err := s.GroupByID(ctx, g.ID)
		if err != nil || !ok {
			t.Fatalf("GroupByID(%d) = %v, %v", g.ID, ok, err)
		}
		check("GroupByID", byID)
	}
	subscribed, err := s.SubscribedGroups(ctx)
	if err != nil || len(subscribed) != 1 {
		t.Fatalf("SubscribedGroups = %d, %v; want the phone group", len(subscribed), err)
	}
	check("SubscribedGroups", subscribed[0])

	sault = findBySource(t, s, "sault-grief")
	if next, ok := sault.NextMeeting(testNow); !ok || !next.Equal(time.Date(2026, 12, 8, 19, 0, 0, 0, toronto)) {
		t.Errorf("the Sault group's next meeting: %v, %v; want Tuesday Dec 8, 7 p.m. (two cancelled)", next, ok)
	}
	rs, _, err := s.Search(ctx, directory.Query{Concern: "grief", Complex: complexOf(t, areas(t), "705"), Lang: directory.English, Now: testNow})
	must(t, err)
	next := map[string]time.Time{}
	for _, r := range rs {
		check("Search", r.Group)
		next[r.Group.SourceID] = r.Next
	}
	for id, want := range map[string]time.Time{
		"sault-grief":    time.Date(2026, 12, 8, 19, 0, 0, 0, toronto),
		"on-phone-grief": time.Date(2026, 12, 8, 19, 0, 0, 0, toronto),
		"elliot-grief":   time.Date(2026, 11, 25, 14, 0, 0, 0, toronto), // nothing cancelled
	} {
		if !next[id].Equal(want) {
			t.Errorf("search: %s meets next %v; want %v", id, next[id].In(toronto), want)
		}
	}
}

// A cancellation undone: the meeting is the next one again, and undoing
// what was not cancelled says so.
func testACancellationUndone(t *testing.T, s directory.Store) {
	withFixture(t, s)
	toronto := zone(t, "America/Toronto")
	sault := findBySource(t, s, "sault-grief") // Tuesdays, 7 p.m.
	nov24 := recur.Date{Year: 2026, Month: time.November, Day: 24}
	must(t, s.CancelMeeting(ctx, sault.ID, nov24, testNow))
	undone, err := s.UncancelMeeting(ctx, sault.ID, nov24)
	must(t, err)
	if !undone {
		t.Error("undoing a cancellation reported nothing undone")
	}
	if again, err := s.UncancelMeeting(ctx, sault.ID, nov24); err != nil || again {
		t.Errorf("undoing it twice: %v %v", again, err)
	}
	g := findBySource(t, s, "sault-grief")
	if next, ok := g.NextMeeting(testNow); !ok || !next.Equal(time.Date(2026, 11, 24, 19, 0, 0, 0, toronto)) || len(g.Cancelled) != 0 {
		t.Errorf("after the undo: next %v, cancelled %v", next, g.Cancelled)
	}
}

// A directory too large to read cancellations group by group still
// carries each group's own.
func testCancelledMeetingsInALargeDirectory(t *testing.T, s directory.Store) {
	imp := &directory.Import{}
	for i, g := range directory.Synthetic(300, 3, vocab(t), areas(t)) {
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "s", Line: i + 2})
	}
	must(t, s.Import(ctx, imp, testNow))
	if len(imp.Report.Errors) > 0 {
		t.Fatal(imp.Report.Errors)
	}
	day := recur.Date{Year: 2026, Month: time.December, Day: 2}
	cancelled := map[int64]bool{imp.Rows[7].Group.ID: true, imp.Rows[250].Group.ID: true}
	for id := range cancelled {
		must(t, s.CancelMeeting(ctx, id, day, testNow))
	}
	all := groups(t, s)
	if len(all) != 300 {
		t.Fatalf("%d groups; want 300", len(all))
	}
	for _, g := range all {
		var want []recur.Date
		if cancelled[g.ID] {
			want = []recur.Date{day}
		}
		if !slices.Equal(g.Cancelled, want) {
			t.Errorf("group %d cancelled %v; want %v", g.Code, g.Cancelled, want)
		}
	}
}

// A listing last seen right over a year ago is due for a check; staff
// confirming it, or an import changing it, makes it fresh; a feed's
// groups are its feed's to keep.
func testUnconfirmedListings(t *testing.T, s directory.Store) {
	withFixture(t, s)
	yearOn := testNow.AddDate(1, 0, 1)
	due, err := s.Unconfirmed(ctx, yearOn.AddDate(-1, 0, 0))
	must(t, err)
	active := 0
	for _, g := range groups(t, s) {
		if g.Status == directory.StatusActive {
			active++
		}
	}
	if len(due) != active || !due[0].Seen.Equal(testNow) || due[0].By != "" {
		t.Fatalf("a year on, %d due of %d active: %+v", len(due), active, due)
	}
	sault := findBySource(t, s, "sault-grief")
	must(t, s.ConfirmListing(ctx, sault.ID, "jo@centre.example", testNow.AddDate(0, 6, 0)))
	due, err = s.Unconfirmed(ctx, yearOn.AddDate(-1, 0, 0))
	must(t, err)
	for _, l := range due {
		if l.Code == sault.Code {
			t.Error("a listing confirmed six months ago is due")
		}
	}
	l, ok, err := s.Confirmed(ctx, sault.ID)
	must(t, err)
	if !ok || l.By != "jo@centre.example" || !l.Seen.Equal(testNow.AddDate(0, 6, 0)) {
		t.Errorf("confirmed: %+v %v", l, ok)
	}
}
