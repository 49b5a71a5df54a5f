package meetingguide

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/peerline/peerline/directory/directorytest"
)

// bigFeed writes a feed of n meetings as a large intergroup's looks:
// groups of one to three meetings in the towns the line knows, in person,
// hybrid and by phone, with the usual types and notes.
func bigFeed(t testing.TB, n int) []byte {
	t.Helper()
	towns := directorytest.Areas(t).Towns()
	ms := make([]obj, 0, n)
	for i := 0; len(ms) < n; i++ {
		town := towns[i%len(towns)]
		group := obj{
			"group": fmt.Sprintf("Group %d", i), "location": fmt.Sprintf("Hall %d", i),
			"formatted_address": fmt.Sprintf("%d Main St, %s, %s, Canada", i%900+1, town.Name, town.Province),
			"types":             []string{"O", "D", "X"}, "notes": "Side door.", "location_notes": "Parking at the back.",
			"updated": "2024-05-31 14:32:23",
		}
		switch i % 5 {
		case 0:
			group["conference_phone"] = fmt.Sprintf("+16473744685,,%09d#,,%06d#", i, i%1000000)
			group["attendance_option"] = "online"
			group["types"] = []string{"ONL", "C"}
		case 1:
			group["conference_url"] = fmt.Sprintf("https://zoom.us/j/%09d", i)
			group["attendance_option"] = "hybrid"
		}
		for j := 0; j <= i%3 && len(ms) < n; j++ {
			m := obj{"name": fmt.Sprintf("Meeting %d-%d", i, j), "slug": fmt.Sprintf("m-%d-%d", i, j),
				"day": (i + j) % 7, "time": fmt.Sprintf("%d:30 PM", 6+j), "end_time": fmt.Sprintf("%d:30 PM", 7+j)}
			for k, v := range group {
				m[k] = v
			}
			ms = append(ms, m)
		}
	}
	return []byte(feedOf(t, ms...))
}

func TestATenThousandMeetingFeedReadsWhole(t *testing.T) {
	feed := bigFeed(t, 10_000)
	start := time.Now()
	imp := read(t, Options{Concern: "alcohol", Source: "big.json"}, string(feed))
	took := time.Since(start)
	if len(imp.Report.Errors) > 0 {
		t.Fatalf("%d errors, first %v", len(imp.Report.Errors), imp.Report.Errors[0])
	}
	if len(imp.Rows) != 5_001 { // groups of 1, 2 and 3 meetings in turn
		t.Errorf("%d groups, want 5001", len(imp.Rows))
	}
	t.Logf("10,000 meetings (%d KB) into %d groups in %v", len(feed)/1024, len(imp.Rows), took)
}

func BenchmarkRead10000(b *testing.B) {
	feed := bigFeed(b, 10_000)
	vocab, areas := directorytest.Vocab(b), directorytest.Areas(b)
	b.SetBytes(int64(len(feed)))
	b.ReportAllocs()
	for b.Loop() {
		imp, err := Read(bytes.NewReader(feed), Options{Concern: "alcohol", Source: "big.json"}, vocab, areas)
		if err != nil || len(imp.Rows) == 0 {
			b.Fatal(err)
		}
	}
}
