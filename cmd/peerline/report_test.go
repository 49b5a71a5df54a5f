package main

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// reportWorld is the demo directory with a month of known use: calls and
// texts, searches (some that found nothing, one before the period), the
// wait list, and reminders in every state.
func reportWorld(t *testing.T) string {
	t.Helper()
	w, db := demoWorld(t)
	ctx := context.Background()
	st := w.store
	for i := range 4 {
		must(t, st.AddActivity(ctx, map[directory.ActivityKey]int{directory.ActivityAt(testNow.Add(-time.Duration(i)*24*time.Hour), directory.ActivityVoice, directory.ActivityCall): 1}))
	}
	must(t, st.AddActivity(ctx, map[directory.ActivityKey]int{directory.ActivityAt(testNow, directory.ActivitySMS, directory.ActivityText): 1}))
	for _, l := range []directory.SearchLog{
		{Concern: "grief", NPA: "705", Area: "705", Results: 13},
		{Concern: "grief", NPA: "249", Area: "705", Results: 13},
		{Concern: "parkinsons", NPA: "807", Area: "807", Results: 0},
		{Concern: "parkinsons", NPA: "807", Area: "807", Results: 0},
		{Concern: "parkinsons", NPA: "705", Area: "705", Results: 0},
		{Concern: "", NPA: "705", Area: "705", Results: 0},
	} {
		l.At, l.Channel = testNow.Add(-time.Hour), "voice"
		must(t, st.LogSearch(ctx, l))
	}
	must(t, st.LogSearch(ctx, directory.SearchLog{At: testNow.AddDate(0, -2, 0), Channel: "sms", Concern: "grief", NPA: "705", Area: "705"}))
	member(t, w, "+17055550142", 1001)
	member(t, w, "+18075550143", 1001)
	subs, err := st.Subscriptions(ctx, "+17055550142")
	if err != nil || len(subs) != 1 {
		t.Fatal(subs, err)
	}
	s := subs[0]
	var items []directory.Outgoing
	for i := range 3 {
		items = append(items, directory.Outgoing{Key: fmt.Sprintf("r%d", i), Kind: directory.SendReminder, SubscriptionID: s.ID, MemberID: s.MemberID,
			GroupID: s.GroupID, Channel: directory.ByText, Lang: directory.English, MeetingAt: testNow.Add(time.Duration(i) * 24 * time.Hour), DueAt: testNow})
	}
	if _, err := st.Enqueue(ctx, items, testNow.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	for key, set := range map[string][2]string{"r0": {"sent", "delivered"}, "r1": {"sent", "delivered"}, "r2": {"failed", ""}} {
		if _, err := st.DB().Exec(`UPDATE outbox SET state = ?, delivery = ? WHERE key = ?`, set[0], set[1], key); err != nil {
			t.Fatal(err)
		}
	}
	return db
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestReportText(t *testing.T) {
	db := reportWorld(t)
	out, errOut, err := run(t, nil, "report", "--db", db)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	want := `peerline report: Sat Oct 24 2026 15:00 UTC to Mon Nov 23 2026 15:00 UTC (30 days)

Calls and texts answered (by UTC day, from 2026-10-24)
  channel  kind  count
  sms      text      1
  voice    call      4

Searches: 6, of which 4 found nothing (67%)

Searches by concern
  concern                  searches  found nothing
  Parkinson's                     3              3
  Grief and bereavement           2              0
  (no concern understood)         1              1

Searches by area
  area                                    searches  found nothing
  705 (Northeastern and Central Ontario)         4              2
  807 (Northwestern Ontario)                     2              2

Found nothing: the unmet need, most asked first
  concern                  area                                    searches
  Parkinson's              807 (Northwestern Ontario)                     2
  (no concern understood)  705 (Northeastern and Central Ontario)         1
  Parkinson's              705 (Northeastern and Central Ontario)         1

Waiting to hear when a group starts (open wait-list entries, now)
  concern      area                                    people
  Parkinson's  705 (Northeastern and Central Ontario)       2

Reminders and notices queued in the period, by what became of them
  kind      state   Twilio status  messages
  reminder  failed  -                     1
  reminder  sent    delivered             2
`
	if out != want {
		t.Errorf("report printed\n%s\nwant\n%s", out, want)
	}
	if regexp.MustCompile(`\+1\d`).MatchString(out + errOut) {
		t.Errorf("the report printed a phone number:\n%s", out)
	}
}

func TestReportCSV(t *testing.T) {
	db := reportWorld(t)
	out, _, err := run(t, map[string]string{"PEERLINE_DB": db}, "report", "--since", "1w", "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	if regexp.MustCompile(`\+1\d`).MatchString(out) {
		t.Errorf("the csv report holds a phone number:\n%s", out)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range recs {
		got = append(got, strings.Join(r, ","))
	}
	want := []string{
		"section,channel,kind,concern,concern_name,area,area_name,state,delivery,count,found_nothing",
		"activity,sms,text,,,,,,,1,",
		"activity,voice,call,,,,,,,4,",
		"searches,,,,,,,,,6,4",
		"searches_by_concern,,,parkinsons,Parkinson's,,,,,3,3",
		"searches_by_concern,,,grief,Grief and bereavement,,,,,2,0",
		"searches_by_concern,,,,(no concern understood),,,,,1,1",
		"searches_by_area,,,,,705,705 (Northeastern and Central Ontario),,,4,2",
		"searches_by_area,,,,,807,807 (Northwestern Ontario),,,2,2",
		"found_nothing,,,parkinsons,Parkinson's,807,807 (Northwestern Ontario),,,2,",
		"found_nothing,,,,(no concern understood),705,705 (Northeastern and Central Ontario),,,1,",
		"found_nothing,,,parkinsons,Parkinson's,705,705 (Northeastern and Central Ontario),,,1,",
		"waiting,,,parkinsons,Parkinson's,705,705 (Northeastern and Central Ontario),,,2,",
		"outbox,,reminder,,,,,failed,,1,",
		"outbox,,reminder,,,,,sent,delivered,2,",
	}
	want[0] += ",group,group_name,since" // the flagged listings' columns (issue 14), empty in these rows
	for i := 1; i < len(want); i++ {
		want[i] += ",,,"
	}
	if !slices.Equal(got, want) {
		t.Errorf("csv report:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestReportFlags(t *testing.T) {
	db := reportWorld(t)
	// 2 hours back: the searches and one day's calls.
	out, _, err := run(t, nil, "report", "--db", db, "--since", "2h")
	if err != nil || !strings.Contains(out, "(2 hours)") || !strings.Contains(out, "Searches: 6,") {
		t.Errorf("--since 2h: %v\n%s", err, out)
	}
	var u usageError
	for _, args := range [][]string{
		{"--since", "0d"}, {"--since", "soon"}, {"--since", "-3d"}, {"--format", "pdf"}, {"extra"},
	} {
		if _, _, err := run(t, nil, append([]string{"report", "--db", db}, args...)...); !errors.As(err, &u) {
			t.Errorf("report %q: %v; want a usage error", args, err)
		}
	}
}

func TestParseSince(t *testing.T) {
	day := 24 * time.Hour
	for in, want := range map[string]time.Duration{
		"30d": 30 * day, "2w": 14 * day, "12h": 12 * time.Hour, "1w3d": 10 * day, "2d12h": 60 * time.Hour,
		"90m": 90 * time.Minute, "1.5h": 90 * time.Minute, " 7D ": 7 * day,
	} {
		if got, err := parseSince(in); err != nil || got != want {
			t.Errorf("parseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "d", "30", "0d", "-1d", "3y", "1w-2d", "99999w"} {
		if got, err := parseSince(in); err == nil {
			t.Errorf("parseSince(%q) = %v; want an error", in, got)
		}
	}
}

// The report counts callers' searches: staff trying the directory out
// with `peerline search` are not demand, nor unmet need.
func TestStaffSearchesAreNotDemand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	env := map[string]string{"PEERLINE_DB": db}
	if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}
	for _, concern := range []string{"grief", "parkinson", "hoarding"} {
		if _, _, err := run(t, env, "search", "--concern", concern, "--area", "807"); err != nil {
			t.Fatalf("search %s: %v", concern, err)
		}
	}
	if _, _, err := run(t, env, "text", "--from", "+18074680000", "parkinson 807"); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, env, "report")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Searches: 1, of which") || strings.Contains(out, "Grief") || strings.Contains(out, "Hoarding") {
		t.Errorf("the report counts staff searches:\n%s", out)
	}
}
