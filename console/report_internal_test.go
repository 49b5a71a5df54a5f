package console

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

func reportTestDay(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestReportBuckets(t *testing.T) {
	for _, c := range []struct {
		from, to    string
		step        string
		n           int
		first, last string
	}{
		{"2026-11-23", "2026-11-23", "day", 1, "2026-11-23", "2026-11-23"},
		{"2026-09-23", "2026-11-23", "day", 62, "2026-09-23", "2026-11-23"},
		{"2026-09-22", "2026-11-23", "week", 9, "2026-09-22 to 2026-09-28", "2026-11-17 to 2026-11-23"},
		{"2026-08-01", "2026-11-23", "week", 17, "2026-08-01 to 2026-08-07", "2026-11-21 to 2026-11-23"},
		{"2025-01-15", "2026-11-23", "month", 23, "2025-01-15 to 2025-01-31", "2026-11-01 to 2026-11-23"},
	} {
		step, bs := reportBuckets(reportPeriod{From: reportTestDay(c.from), To: reportTestDay(c.to)})
		if step != c.step || len(bs) != c.n || bs[0].Label() != c.first || bs[len(bs)-1].Label() != c.last {
			t.Errorf("%s to %s: %s, %d buckets, %q ... %q; want %s, %d, %q ... %q", c.from, c.to, step, len(bs), bs[0].Label(), bs[len(bs)-1].Label(),
				c.step, c.n, c.first, c.last)
		}
		for i := 1; i < len(bs); i++ {
			if !bs[i].From.Equal(bs[i-1].Next) {
				t.Errorf("%s to %s: a gap between %v and %v", c.from, c.to, bs[i-1], bs[i])
			}
		}
	}
}

// Past the budget of search-log rows, calls and texts are counted for
// the whole period only, and the same.
func TestReportCallsPastTheBudget(t *testing.T) {
	store := directorytest.Store(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	for i := range 20 {
		at := now.AddDate(0, 0, -i)
		if err := store.LogSearch(ctx, directory.SearchLog{At: at, Channel: directory.ChannelVoice, Concern: "grief", NPA: "705", Area: "705", Results: 1}); err != nil {
			t.Fatal(err)
		}
		if err := store.AddActivity(ctx, map[directory.ActivityKey]int{directory.ActivityAt(at, directory.ActivityVoice, directory.ActivityCall): i + 1}); err != nil {
			t.Fatal(err)
		}
	}
	c := &Console{Store: store, Now: func() time.Time { return now }}
	p := reportPeriod{From: reportTestDay("2026-11-04"), To: reportTestDay("2026-11-20")} // 17 days: 3 to 19 days ago
	rep, err := c.buildReport(ctx, p, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.CallsBy) != 17 || rep.CallsBy[0].Calls != 20 || rep.CallsBy[16].Calls != 4 || rep.Calls != 204 || rep.Searches != 17 {
		t.Fatalf("by day: %+v, %d calls, %d searches", rep.CallsBy, rep.Calls, rep.Searches)
	}
	defer func(b int) { reportScanBudget = b }(reportScanBudget)
	reportScanBudget = 17 * 20 / 2 // less than the 17 reports would read
	rep, err = c.buildReport(ctx, p, true)
	if err != nil {
		t.Fatal(err)
	}
	if rep.CallsBy != nil || rep.Calls != 204 || rep.Searches != 17 || len(rep.Over) != 17 {
		t.Errorf("past the budget: %+v, %d calls, %d searches", rep.CallsBy, rep.Calls, rep.Searches)
	}
	// The page says so, and gives the total.
	w := httptest.NewRecorder()
	c.reportPage(w, httptest.NewRequest(http.MethodGet, "/console/report?from=2026-11-04&to=2026-11-20", nil), &account{Staff: directory.Staff{Email: "v@centre.example", Role: directory.RoleViewer}})
	body := w.Body.String()
	for _, want := range []string{"Only the totals are shown", "<tr><th scope=\"row\">2026-11-04 to 2026-11-20</th><td>204</td><td>0</td></tr>"} {
		if !strings.Contains(body, want) {
			t.Errorf("the page lacks %q:\n%s", want, body)
		}
	}
}
