package sqlite_test

import (
	"context"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/sqlite"
)

func addActivity(ctx context.Context, s *sqlite.Store, channel, kind string, at time.Time) error {
	return s.AddActivity(ctx, map[directory.ActivityKey]int{directory.ActivityAt(at, channel, kind): 1})
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCountActivityByUTCDay(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	toronto, _ := time.LoadLocation("America/Toronto")
	// 7:30 p.m. in Toronto on Nov 23 is Nov 24 in UTC.
	evening := time.Date(2026, 11, 23, 19, 30, 0, 0, toronto)
	for _, a := range []struct {
		ch, kind string
		at       time.Time
	}{
		{directory.ActivityVoice, directory.ActivityCall, testNow}, {directory.ActivityVoice, directory.ActivityCall, testNow.Add(time.Hour)},
		{directory.ActivityVoice, directory.ActivityCall, evening}, {directory.ActivitySMS, directory.ActivityText, testNow}, {directory.ActivitySMS, directory.ActivityText, testNow.AddDate(0, 0, -40)},
	} {
		must(t, addActivity(ctx, s, a.ch, a.kind, a.at))
	}
	rows, err := s.ReadDB().Query(`SELECT day, channel, kind, count FROM activity ORDER BY day, channel`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var day, ch, kind string
		var n int
		if err := rows.Scan(&day, &ch, &kind, &n); err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s %s %s %d", day, ch, kind, n))
	}
	want := []string{"2026-10-14 sms text 1", "2026-11-23 sms text 1", "2026-11-23 voice call 2", "2026-11-24 voice call 1"}
	if !slices.Equal(got, want) {
		t.Errorf("activity = %q\nwant       %q", got, want)
	}
	if err := addActivity(ctx, s, "", directory.ActivityCall, testNow); err == nil {
		t.Error("counting with no channel succeeded")
	}
	if err := s.AddActivity(ctx, map[directory.ActivityKey]int{{Channel: "voice", Kind: "call"}: 1}); err == nil {
		t.Error("counting with no day succeeded")
	}
}

// reportStore is a store with known activity, searches (some before the
// report's period, some that found nothing), a wait list and an outbox.
func reportStore(t *testing.T) (*sqlite.Store, time.Time) {
	t.Helper()
	s, ctx := memberStore(t)
	since := testNow.Add(-30 * 24 * time.Hour)
	for i := range 3 {
		must(t, addActivity(ctx, s, directory.ActivityVoice, directory.ActivityCall, testNow.Add(-time.Duration(i)*time.Hour)))
	}
	must(t, addActivity(ctx, s, directory.ActivitySMS, directory.ActivityText, testNow))
	must(t, addActivity(ctx, s, directory.ActivityVoice, directory.ActivityCall, since.Add(-48*time.Hour))) // before the period
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
		l.At, l.Channel, l.NPA = testNow.Add(-time.Hour), "voice", l.Area
		if err := s.LogSearch(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	// Before the period: not counted.
	if err := s.LogSearch(ctx, directory.SearchLog{At: since.Add(-time.Second), Channel: "sms", Concern: "hoarding", NPA: "705", Area: "705"}); err != nil {
		t.Fatal(err)
	}
	join := func(number, concern, area string) directory.WaitEntry {
		e, err := s.JoinWaitlist(ctx, number, concern, area, area, directory.ByText, smsConsent(testNow.AddDate(0, -3, 0)))
		if err != nil {
			t.Fatal(err)
		}
		return e
	}
	join("+17055550101", "hoarding", "705")
	join("+17055550102", "hoarding", "705")
	join("+18075550103", "hoarding", "807")
	closed := join("+17055550104", "grief", "705")
	if _, err := s.DB().Exec(`UPDATE waitlist SET closed_at = ? WHERE id = ?`, sqlite.FormatTime(testNow), closed.ID); err != nil {
		t.Fatal(err)
	}
	join("+17055550105", "grief", "705")
	if err := s.OptOut(ctx, "+17055550105", testNow); err != nil { // STOP closes it
		t.Fatal(err)
	}
	sub := mustSubscribe(t, s, "+17055550106", "sault-grief", directory.ByText, smsConsent(testNow.AddDate(0, -2, 0)))
	states := []struct{ state, delivery string }{
		{directory.OutboxSent, "delivered"}, {directory.OutboxSent, "delivered"}, {directory.OutboxSent, "undelivered"}, {directory.OutboxSent, ""},
		{directory.OutboxFailed, ""}, {directory.OutboxPending, ""}, {directory.OutboxSent, "delivered"},
	}
	var items []directory.Outgoing
	for i := range states {
		items = append(items, directory.Outgoing{Key: fmt.Sprintf("r%d", i), Kind: directory.SendReminder, SubscriptionID: sub.ID, MemberID: sub.MemberID,
			GroupID: sub.GroupID, Channel: directory.ByText, Lang: directory.English, MeetingAt: testNow, DueAt: testNow})
	}
	if _, err := s.Enqueue(ctx, items, testNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	for i, st := range states {
		created := testNow.Add(-time.Hour)
		if i == len(states)-1 {
			created = since.Add(-time.Hour) // queued before the period: not counted
		}
		if _, err := s.DB().Exec(`UPDATE outbox SET state = ?, delivery = ?, created_at = ? WHERE key = ?`,
			st.state, st.delivery, sqlite.FormatTime(created), fmt.Sprintf("r%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	return s, since
}

func TestReportCountsExactly(t *testing.T) {
	s, since := reportStore(t)
	r, err := s.Report(context.Background(), since)
	if err != nil {
		t.Fatal(err)
	}
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
	if !reflect.DeepEqual(r, want) {
		t.Errorf("Report =\n%+v\nwant\n%+v", r, want)
	}
	if regexp.MustCompile(`\+1\d`).MatchString(fmt.Sprintf("%+v", r)) {
		t.Errorf("the report holds a phone number: %+v", r)
	}
}

func TestReportOfAnEmptyStore(t *testing.T) {
	s := openTestStore(t)
	r, err := s.Report(context.Background(), testNow.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if r.Searches != 0 || r.FoundNothing != 0 || len(r.Activity)+len(r.ByConcern)+len(r.ByArea)+len(r.Unmet)+len(r.Waiting)+len(r.Outbox) != 0 {
		t.Errorf("an empty store's report: %+v", r)
	}
}
