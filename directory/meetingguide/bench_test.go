package meetingguide

import (
	"bytes"
	"testing"
	"time"

	"github.com/peerline/peerline/directory/directorytest"
)

func bigFeed(t testing.TB, n int) []byte { return directorytest.MeetingGuideFeed(t, n) }

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
