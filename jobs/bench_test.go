package jobs

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
)

// BenchmarkScan1M is one scan over 1,000,000 active subscriptions to
// 20,000 telephone groups that all meet at the same hour, so that every
// subscription has a reminder due: the worst a scan can meet. The scan
// runs in a child process (this test binary, in TestScanChild's mode) so
// its memory is its own. Run with -benchtime=1x.
func BenchmarkScan1M(b *testing.B) {
	db := filepath.Join(b.TempDir(), "scan1m.db")
	if err := fillSubscriptions(db, 20_000, 1_000_000); err != nil {
		b.Fatal(err)
	}
	var secs, peak float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestScanChild$", "-test.v")
		cmd.Env = append(os.Environ(), "PEERLINE_SCAN_CHILD_DB="+db)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 5 && f[0] == "scan:" {
				secs, _ = strconv.ParseFloat(f[2], 64)
				peak, _ = strconv.ParseFloat(f[4], 64)
				if f[1] != "1000000" {
					b.Fatalf("the scan queued %s reminders; want 1000000", f[1])
				}
			}
		}
	}
	b.ReportMetric(secs, "scan-s")
	b.ReportMetric(peak/1024, "peak-RSS-MB")
}

// TestScanChild is the scanning half of BenchmarkScan1M; on its own it does nothing.
func TestScanChild(t *testing.T) {
	db := os.Getenv("PEERLINE_SCAN_CHILD_DB")
	if db == "" {
		t.Skip("the child process of BenchmarkScan1M")
	}
	ctx := context.Background()
	store, err := sqlite.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	areas, err := directory.LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	leads, err := ParseLeads("24h,1h")
	if err != nil {
		t.Fatal(err)
	}
	s := &Scanner{Store: store, Areas: areas, Leads: leads, Quiet: DefaultQuiet(), Window: 2 * time.Minute}
	start := time.Now()
	rep, err := s.Scan(ctx, time.Date(2026, 11, 23, 19, 0, 0, 0, toronto)) // Monday 7 p.m.: every Tuesday 7 p.m. reminder is due
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start).Seconds()
	status, _ := os.ReadFile("/proc/self/status")
	hwm := "0"
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.Fields(v)[0]
		}
	}
	fmt.Printf("scan: %d %.2f kB %s\n", rep.Queued, elapsed, hwm)
}

// fillSubscriptions makes a database of telephone groups meeting every
// Tuesday at 7 p.m. and members subscribed to them, written in bulk.
func fillSubscriptions(path string, groups, subs int) error {
	ctx := context.Background()
	store, err := sqlite.Open(ctx, path)
	if err != nil {
		return err
	}
	defer store.Close()
	areas, err := directory.LoadAreas()
	if err != nil {
		return err
	}
	imp := &directory.Import{}
	for i := range groups {
		g := directory.Group{SourceID: fmt.Sprintf("g%05d", i), Name: fmt.Sprintf("Tuesday Circle %d", i), Concerns: []string{"grief"},
			Dialin: &directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TU"}, Start: date(2026, 1, 6), Opens: 19 * 60}}}
		if err := g.Check(areas); err != nil {
			return err
		}
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: "bench"})
	}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	if err := store.Import(ctx, imp, now); err != nil {
		return err
	}
	tx, err := store.DB().BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stamp := now.Format("2006-01-02T15:04:05.000000000Z")
	prep := func(q string) *sql.Stmt { s, _ := tx.PrepareContext(ctx, q); return s }
	member := prep(`INSERT INTO members (number, lang, created_at) VALUES (?, 'en', ?)`)
	consent := prep(`INSERT INTO consents (member_id, at, via, purpose, contact, lang, wording) VALUES (?, ?, 'sms', 'reminders', 'sms', 'en', 'Reply YES to get a text before each meeting.')`)
	sub := prep(`INSERT INTO subscriptions (member_id, group_id, channel, lang, state, consent_id, created_at) VALUES (?, ?, 'sms', 'en', 'active', ?, ?)`)
	for i := range subs {
		res, err := member.ExecContext(ctx, fmt.Sprintf("+1705%07d", 2000000+i), stamp)
		if err != nil {
			return err
		}
		mid, _ := res.LastInsertId()
		res, err = consent.ExecContext(ctx, mid, stamp)
		if err != nil {
			return err
		}
		cid, _ := res.LastInsertId()
		if _, err := sub.ExecContext(ctx, mid, imp.Rows[i%groups].Group.ID, cid, stamp); err != nil {
			return err
		}
	}
	return tx.Commit()
}

// BenchmarkSendRate sends 200 texts at 20 a second through a fake Twilio
// that takes 100 ms to answer each, on the wall clock, and reports the
// pace held and how far it strayed from the one configured.
func BenchmarkSendRate(b *testing.B) {
	const n, rate = 200, 20.0
	var got float64
	for b.Loop() {
		b.StopTimer()
		w := newWorld(&testing.T{})
		w.fake.SetLatency(100 * time.Millisecond)
		for i := range n {
			if _, err := w.store.Subscribe(context.Background(), fmt.Sprintf("+1705555%04d", i), w.codes[3001], directory.ByText,
				directory.Consent{At: w.clock.Now(), Via: "sms", Purpose: "reminders", Contact: directory.ByText, Wording: "Reply YES."}); err != nil {
				b.Fatal(err)
			}
		}
		at := time.Date(2026, 11, 23, 19, 0, 0, 0, toronto)
		if _, err := w.runner.Scanner.Scan(context.Background(), at); err != nil {
			b.Fatal(err)
		}
		w.runner.Sender.Clock = wallFrom{start: time.Now(), at: at}
		w.runner.Sender.Rate, w.runner.Sender.Workers = rate, 4
		b.StartTimer()
		start := time.Now()
		rep, err := w.runner.Sender.Send(context.Background())
		elapsed := time.Since(start)
		if err != nil || rep.Sent != n {
			b.Fatalf("%+v %v", rep, err)
		}
		// n sends at rate r span (n-1)/r seconds, plus the last one's answer.
		got = float64(n-1) / (elapsed - 100*time.Millisecond).Seconds()
		w.store.Close()
		w.fake.Close()
	}
	b.ReportMetric(got, "sent/s")
	b.ReportMetric(100*(got-rate)/rate, "off-%")
}

// wallFrom is the wall clock, starting at a chosen time.
type wallFrom struct{ start, at time.Time }

func (c wallFrom) Now() time.Time { return c.at.Add(time.Since(c.start)) }

func (c wallFrom) Sleep(ctx context.Context, d time.Duration) error { return RealClock{}.Sleep(ctx, d) }
