package storetest

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

func addActivity(s directory.Store, channel, kind string, at time.Time) error {
	return s.AddActivity(ctx, map[directory.ActivityKey]int{directory.ActivityAt(at, channel, kind): 1})
}

// Activity is counted by UTC day, so every server counts a day alike: a
// report counts whole UTC days, from the one its start falls in.
func testCountActivityByUTCDay(t *testing.T, s directory.Store) {
	toronto := zone(t, "America/Toronto")
	// 7:30 p.m. in Toronto on Nov 23 is Nov 24 in UTC.
	evening := time.Date(2026, 11, 23, 19, 30, 0, 0, toronto)
	for _, a := range []struct {
		ch, kind string
		at       time.Time
	}{
		{directory.ActivityVoice, directory.ActivityCall, testNow}, {directory.ActivityVoice, directory.ActivityCall, testNow.Add(time.Hour)},
		{directory.ActivityVoice, directory.ActivityCall, evening}, {directory.ActivitySMS, directory.ActivityText, testNow}, {directory.ActivitySMS, directory.ActivityText, testNow.AddDate(0, 0, -40)},
	} {
		must(t, addActivity(s, a.ch, a.kind, a.at))
	}
	// By day: 2026-10-14 sms text 1; 2026-11-23 sms text 1, voice call 2; 2026-11-24 voice call 1.
	sms := func(n int) directory.ActivityCount {
		return directory.ActivityCount{Channel: "sms", Kind: "text", Count: n}
	}
	voice := func(n int) directory.ActivityCount {
		return directory.ActivityCount{Channel: "voice", Kind: "call", Count: n}
	}
	for _, tc := range []struct {
		since time.Time
		from  string
		want  []directory.ActivityCount
	}{
		{time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC), "2026-10-01", []directory.ActivityCount{sms(2), voice(3)}},
		{time.Date(2026, 10, 14, 23, 59, 0, 0, time.UTC), "2026-10-14", []directory.ActivityCount{sms(2), voice(3)}},
		{time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC), "2026-10-15", []directory.ActivityCount{sms(1), voice(3)}},
		{time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC), "2026-11-23", []directory.ActivityCount{sms(1), voice(3)}},
		{time.Date(2026, 11, 23, 20, 0, 0, 0, toronto), "2026-11-24", []directory.ActivityCount{voice(1)}}, // Nov 24, 1 a.m. UTC
		{time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC), "2026-11-25", nil},
	} {
		r, err := s.Report(ctx, tc.since)
		must(t, err)
		if r.ActivityFrom != tc.from || !slices.Equal(r.Activity, tc.want) {
			t.Errorf("Report(%v): from %s, activity %+v; want from %s, %+v", tc.since, r.ActivityFrom, r.Activity, tc.from, tc.want)
		}
	}
	if err := addActivity(s, "", directory.ActivityCall, testNow); err == nil {
		t.Error("counting with no channel succeeded")
	}
	if err := s.AddActivity(ctx, map[directory.ActivityKey]int{{Channel: "voice", Kind: "call"}: 1}); err == nil {
		t.Error("counting with no day succeeded")
	}
	if r, err := s.Report(ctx, time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)); err != nil || !slices.Equal(r.Activity, []directory.ActivityCount{sms(2), voice(3)}) {
		t.Errorf("after the refused counts: %+v, %v", r.Activity, err)
	}
}

// reportStore is a store with known activity, searches (some before the
// report's period, some that found nothing, some by staff), a wait list
// and an outbox.
func reportStore(t *testing.T, s directory.Store) time.Time {
	t.Helper()
	withFixture(t, s)
	since := testNow.Add(-30 * 24 * time.Hour)
	for i := range 3 {
		must(t, addActivity(s, directory.ActivityVoice, directory.ActivityCall, testNow.Add(-time.Duration(i)*time.Hour)))
	}
	must(t, addActivity(s, directory.ActivitySMS, directory.ActivityText, testNow))
	must(t, addActivity(s, directory.ActivityVoice, directory.ActivityCall, since.Add(-48*time.Hour))) // before the period
	for _, l := range []directory.SearchLog{
		{Concern: "grief", Area: "705", Results: 4},
		{Concern: "grief", Area: "705", Results: 2},
		{Concern: "grief", Area: "807", Results: 0},
		{Concern: "hoarding", Area: "705", Results: 0},
		{Concern: "hoarding", Area: "705", Results: 0},
		{Concern: "hoarding", Area: "807", Results: 0},
		{Concern: "", Area: "705", Results: 0},
		{Concern: "caregiving", Area: "613", Results: 1},
	} {
		l.At, l.Channel, l.NPA = testNow.Add(-time.Hour), directory.ChannelVoice, l.Area
		must(t, s.LogSearch(ctx, l))
	}
	// Before the period: not counted.
	must(t, s.LogSearch(ctx, directory.SearchLog{At: since.Add(-time.Second), Channel: directory.ChannelSMS, Concern: "hoarding", NPA: "705", Area: "705"}))
	// Staff trying the directory out are not demand: not counted.
	for _, l := range []directory.SearchLog{
		{Concern: "hoarding", Area: "705", Results: 0},
		{Concern: "grief", Area: "613", Results: 3},
		{Concern: "", Area: "807", Results: 0},
	} {
		l.At, l.Channel, l.NPA = testNow.Add(-time.Minute), directory.ChannelStaff, l.Area
		must(t, s.LogSearch(ctx, l))
	}

	join := func(number, concern, area string) directory.WaitEntry {
		return mustJoin(t, s, number, concern, area, smsConsent(testNow.AddDate(0, -3, 0)))
	}
	join("+17055550101", "hoarding", "705")
	join("+17055550102", "hoarding", "705")
	join("+18075550103", "hoarding", "807")
	// Told of a group before the period (its note is not counted either): closed.
	tellWaiting(t, s, join("+17055550104", "grief", "705"), groupIDOf(t, s, "sault-grief"), since.Add(-2*time.Hour))
	join("+17055550105", "grief", "705")
	must(t, s.OptOut(ctx, "+17055550105", testNow)) // STOP closes it

	sub := mustSubscribe(t, s, "+17055550106", "sault-grief", directory.ByText, smsConsent(testNow.AddDate(0, -2, 0)))
	states := []struct{ state, delivery string }{
		{directory.OutboxSent, "delivered"}, {directory.OutboxSent, "delivered"}, {directory.OutboxSent, "undelivered"}, {directory.OutboxSent, ""},
		{directory.OutboxFailed, ""}, {directory.OutboxPending, ""}, {directory.OutboxSent, "delivered"},
	}
	var items []directory.Outgoing
	for i, st := range states {
		it := reminder(sub, fmt.Sprintf("r%d", i), testNow.Add(-time.Hour))
		switch {
		case st.state == directory.OutboxPending:
			it.DueAt = testNow.Add(48 * time.Hour) // not claimed below
		case i == len(states)-1:
			// Queued before the period: not counted.
			enqueue(t, s, since.Add(-time.Hour), it)
			continue
		}
		items = append(items, it)
	}
	enqueue(t, s, testNow.Add(-time.Hour), items...)
	claimed := claim(t, s, testNow, 100)
	if len(claimed) != len(states)-1 {
		t.Fatalf("claimed %q", keys(claimed))
	}
	for _, it := range claimed {
		var i int
		if _, err := fmt.Sscanf(it.Key, "r%d", &i); err != nil {
			t.Fatal(err)
		}
		sid := "SM" + it.Key
		must(t, s.Settle(ctx, it.ID, states[i].state, sid, "", time.Time{}, testNow))
		if d := states[i].delivery; d != "" {
			if ok, err := s.RecordDelivery(ctx, sid, d, testNow); !ok || err != nil {
				t.Fatalf("RecordDelivery(%s, %s) = %v, %v", sid, d, ok, err)
			}
		}
	}
	return since
}

func testReportCountsExactly(t *testing.T, s directory.Store) {
	since := reportStore(t, s)
	r, err := s.Report(ctx, since)
	must(t, err)
	want := directory.Report{
		Since:        since,
		ActivityFrom: "2026-10-24",
		Activity:     []directory.ActivityCount{{Channel: "sms", Kind: "text", Count: 1}, {Channel: "voice", Kind: "call", Count: 3}},
		Searches:     8,
		FoundNothing: 5,
		ByConcern: []directory.SearchCount{
			{Concern: "grief", Searches: 3, FoundNothing: 1},
			{Concern: "hoarding", Searches: 3, FoundNothing: 3},
			{Concern: "", Searches: 1, FoundNothing: 1},
			{Concern: "caregiving", Searches: 1, FoundNothing: 0},
		},
		ByArea: []directory.SearchCount{
			{Area: "705", Searches: 5, FoundNothing: 3},
			{Area: "807", Searches: 2, FoundNothing: 2},
			{Area: "613", Searches: 1, FoundNothing: 0},
		},
		Unmet: []directory.NeedCount{
			{Concern: "hoarding", Area: "705", Count: 2},
			{Concern: "", Area: "705", Count: 1},
			{Concern: "grief", Area: "807", Count: 1},
			{Concern: "hoarding", Area: "807", Count: 1},
		},
		Waiting: []directory.NeedCount{{Concern: "hoarding", Area: "705", Count: 2}, {Concern: "hoarding", Area: "807", Count: 1}},
		Outbox: []directory.OutboxCount{
			{Kind: "reminder", State: "failed", Delivery: "", Count: 1},
			{Kind: "reminder", State: "pending", Delivery: "", Count: 1},
			{Kind: "reminder", State: "sent", Delivery: "", Count: 1},
			{Kind: "reminder", State: "sent", Delivery: "delivered", Count: 2},
			{Kind: "reminder", State: "sent", Delivery: "undelivered", Count: 1},
		},
	}
	if !r.Since.Equal(want.Since) {
		t.Errorf("Since = %v; want %v", r.Since, want.Since)
	}
	r.Since = want.Since
	if !reflect.DeepEqual(r, want) {
		t.Errorf("Report =\n%+v\nwant\n%+v", r, want)
	}
	if regexp.MustCompile(`\+1\d`).MatchString(fmt.Sprintf("%+v", r)) {
		t.Errorf("the report holds a phone number: %+v", r)
	}
}

func testReportOfAnEmptyStore(t *testing.T, s directory.Store) {
	r, err := s.Report(ctx, testNow.Add(-time.Hour))
	must(t, err)
	if r.Searches != 0 || r.FoundNothing != 0 || len(r.Activity)+len(r.ByConcern)+len(r.ByArea)+len(r.Unmet)+len(r.Waiting)+len(r.Outbox) != 0 {
		t.Errorf("an empty store's report: %+v", r)
	}
}
