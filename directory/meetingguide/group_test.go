package meetingguide

import (
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

func TestMeetingsOfOneGroupAreOneGroupWithSeveralSchedules(t *testing.T) {
	g := readOne(t,
		with(obj{"slug": "hope-tue", "name": "Tuesday Hope", "group": "Hope Group", "day": 2, "time": "19:00", "types": []string{"O", "B"}}),
		with(obj{"slug": "hope-sat", "name": "Saturday Hope", "group": "Hope Group", "day": 6, "time": "10:00", "end_time": "11:00", "types": []string{"O", "ST"}}),
		with(obj{"slug": "hope-thu", "name": "Thursday Hope", "group": "Hope Group", "day": 4, "time": "7:00 PM", "types": []string{"O"}}),
	)
	if g.Name != "Hope Group" {
		t.Errorf("name %q, want the group's, as the meetings' names differ", g.Name)
	}
	if g.SourceID != prefix("feed.json")+"hope-sat" {
		t.Errorf("id %q, want the first slug", g.SourceID)
	}
	want := []recur.Schedule{
		{Freq: recur.Weekly, ByDay: []string{"SA"}, Opens: 10 * 60, Closes: 11 * 60},
		{Freq: recur.Weekly, ByDay: []string{"TU", "TH"}, Opens: 19 * 60}, // the same hour: one schedule
	}
	if !reflect.DeepEqual(g.Schedules, want) {
		t.Errorf("schedules %+v, want %+v", g.Schedules, want)
	}
	if g.Description != "Open meeting: anyone may attend. Big Book. Step study." {
		t.Errorf("description %q", g.Description)
	}
}

func TestMeetingsWithTheSameNameAndNoGroupAreOneGroup(t *testing.T) {
	g := readOne(t, with(obj{"slug": "a", "day": 1}), with(obj{"slug": "b", "day": 3}))
	if g.Name != "Hope Group" || len(g.Schedules) != 1 || !slices.Equal(g.Schedules[0].ByDay, []string{"MO", "WE"}) {
		t.Errorf("got %q %+v", g.Name, g.Schedules)
	}
}

func TestMeetingsThatDifferAreSeparateGroups(t *testing.T) {
	const phone = "+17055550199,,1#"
	open := with(obj{"types": []string{"O"}})
	byPhone := remoteOnly(obj{"conference_phone": phone})
	for _, tc := range []struct {
		name          string
		first, second obj
	}{
		{"another name", open, with(obj{"name": "Serenity", "types": []string{"O"}})},
		{"another place", open, with(obj{"address": "9 Elm St", "types": []string{"O"}})},
		{"another town", open, with(obj{"city": "Timmins", "postal_code": "P4N 1A1", "types": []string{"O"}})},
		{"another access code", byPhone, remoteOnly(obj{"conference_phone": "+17055550199,,2#"})},
		{"women's and open", open, with(obj{"types": []string{"W"}})},
		{"open and closed", open, with(obj{"types": []string{"C"}})},
		{"English and French", open, with(obj{"types": []string{"O", "FR"}})},
		{"another zone", open, with(obj{"types": []string{"O"}, "timezone": "America/Winnipeg"})},
		{"in person and by phone", base(), byPhone},
	} {
		first, second := clone(tc.first), clone(tc.second)
		first["slug"], second["slug"] = "a", "b"
		imp := read(t, defaultOptions, feedOf(t, first, second))
		if len(imp.Rows) != 2 || len(imp.Report.Errors) > 0 {
			t.Errorf("%s: %d groups (%v), want 2", tc.name, len(imp.Rows), imp.Report.Errors)
		}
	}
}

func clone(m obj) obj {
	out := obj{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestAClosedMeetingOfAGroupThatStillMeetsIsLeftOutOfItsSchedule(t *testing.T) {
	g := readOne(t, with(obj{"slug": "a", "day": 1}), with(obj{"slug": "b", "day": 3, "types": []string{"TC"}}))
	if g.Status != directory.StatusActive || len(g.Schedules) != 1 || !slices.Equal(g.Schedules[0].ByDay, []string{"MO"}) {
		t.Errorf("status %s schedules %+v; want active on Mondays", g.Status, g.Schedules)
	}
	g = readOne(t, with(obj{"slug": "a", "day": 1, "types": []string{"TC"}}), with(obj{"slug": "b", "day": 3, "types": []string{"TC"}}))
	if g.Status != directory.StatusTemporarilyClosed || len(g.Schedules) != 1 || len(g.Schedules[0].ByDay) != 2 {
		t.Errorf("status %s schedules %+v; want temporarily closed, both days kept", g.Status, g.Schedules)
	}
}

func TestIdsAndGroupsDoNotDependOnTheFeedsOrder(t *testing.T) {
	ms := []obj{
		with(obj{"slug": "hope-1", "day": 1}),
		with(obj{"slug": "hope-2", "day": 3}),
		with(obj{"slug": "hope-3", "day": 5, "time": "12:00"}),
		with(obj{"slug": "women-1", "types": []string{"W"}}),
		with(obj{"slug": "women-2", "day": 4, "types": []string{"W"}}),
		remoteOnly(obj{"slug": "phone-1", "name": "Noon by phone", "conference_phone": "+17055550199,,1#"}),
		with(obj{"slug": "timmins", "city": "Timmins", "postal_code": "P4N 1A1"}),
	}
	want := groupsByID(t, ms)
	if len(want) != 4 {
		t.Fatalf("%d groups, want 4", len(want))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		shuffled := slices.Clone(ms)
		rng.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		if got := groupsByID(t, shuffled); !reflect.DeepEqual(got, want) {
			t.Fatalf("reordered, the groups changed:\n got %+v\nwant %+v", got, want)
		}
	}
}

func groupsByID(t *testing.T, ms []obj) map[string]directory.Group {
	t.Helper()
	imp := read(t, defaultOptions, feedOf(t, ms...))
	if len(imp.Report.Errors) > 0 {
		t.Fatal(imp.Report.Errors)
	}
	out := map[string]directory.Group{}
	for _, r := range imp.Rows {
		out[r.Group.SourceID] = r.Group
	}
	return out
}

func TestTwoFeedsSlugsDoNotCollide(t *testing.T) {
	a := readOneWith(t, Options{Concern: "alcohol", Source: "https://a.example/feed"}, base())
	b := readOneWith(t, Options{Concern: "alcohol", Source: "https://b.example/feed"}, base())
	if a.SourceID == b.SourceID {
		t.Errorf("both feeds' %q are %q", "hope", a.SourceID)
	}
	if a.SourceID != prefix("https://a.example/feed")+"hope" || len(prefix("x")) != len("mg-12345678-") {
		t.Errorf("id %q", a.SourceID)
	}
}

func TestASlugUsedTwiceIsReported(t *testing.T) {
	imp := read(t, defaultOptions, feedOf(t, base(), with(obj{"day": 4})))
	if len(imp.Rows) != 1 || len(imp.Report.Errors) != 1 {
		t.Fatalf("%d rows, errors %v", len(imp.Rows), imp.Report.Errors)
	}
	mustContain(t, imp.Report.Errors[0].Error(), `feed.json:2: meeting 2 (hope): slug "hope" is already the slug of meeting 1`)
}
