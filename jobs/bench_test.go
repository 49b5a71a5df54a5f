package jobs

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
)

// BenchmarkScan1M is one scan over 1,000,000 active subscriptions to
// 20,000 telephone groups that all meet at the same hour, so that every
// subscription has a reminder due: the worst a scan can meet. The scan
// runs in a child process (this test binary, in TestScanChild's mode) so
// its memory is its own. Run with -benchtime=1x.
func BenchmarkScan1M(b *testing.B) {
	db := filepath.Join(b.TempDir(), "scan1m.db")
	fillSubscriptions(b, db, 20_000, 1_000_000)
	var secs, peak float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestScanChild$", "-test.v")
		cmd.Env = append(os.Environ(), "PEERLINE_SCAN_CHILD_DB="+db)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		measured := false
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			if f := strings.Fields(sc.Text()); len(f) == 5 && f[0] == "scan:" {
				measured = true
				if secs, err = strconv.ParseFloat(f[2], 64); err != nil {
					b.Fatal(err)
				}
				if peak, err = strconv.ParseFloat(f[4], 64); err != nil {
					b.Fatal(err)
				}
				if f[1] != "1000000" {
					b.Fatalf("the scan queued %s reminders; want 1000000", f[1])
				}
			}
		}
		if !measured {
			b.Fatalf("the child printed no measurement:\n%s", out)
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
	store, areas := directorytest.StoreAt(t, db), directorytest.Areas(t)
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
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	hwm := "0"
	for _, line := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			hwm = strings.Fields(v)[0]
		}
	}
	fmt.Printf("scan: %d %.2f kB %s\n", rep.Queued, elapsed, hwm)
}

// fillSubscriptions makes a database of telephone groups meeting every
// Tuesday at 7 p.m. and members subscribed to them, written in bulk, and
// closes it for the child to open.
func fillSubscriptions(b *testing.B, path string, groups, subs int) {
	b.Helper()
	store, areas := directorytest.StoreAt(b, path), directorytest.Areas(b)
	gs := make([]directory.Group, groups)
	for i := range gs {
		gs[i] = directory.Group{SourceID: fmt.Sprintf("g%05d", i), Name: fmt.Sprintf("Tuesday Circle %d", i), Concerns: []string{"grief"},
			Dialin: &directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TU"}, Start: date(2026, 1, 6), Opens: 19 * 60}}}
	}
	now := time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)
	byCode := directorytest.Import(b, store, areas, now, gs...)
	ids := make([]int64, 0, len(byCode))
	for _, code := range slices.Sorted(maps.Keys(byCode)) {
		ids = append(ids, byCode[code])
	}
	if err := subscribeInBulk(context.Background(), store.DB(), ids, subs, now); err != nil {
		b.Fatal(err)
	}
	if err := store.Close(); err != nil {
		b.Fatal(err)
	}
}

// subscribeInBulk writes subs members, each with a consent and an active
// subscription to one of the groups in turn, in one transaction.
func subscribeInBulk(ctx context.Context, db *sql.DB, groups []int64, subs int, now time.Time) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	stamp := now.Format("2006-01-02T15:04:05.000000000Z")
	var stmts [3]*sql.Stmt
	for i, q := range []string{
		`INSERT INTO members (number, lang, created_at) VALUES (?, 'en', ?)`,
		`INSERT INTO consents (member_id, at, via, purpose, contact, lang, wording) VALUES (?, ?, 'sms', 'reminders', 'sms', 'en', 'Reply YES to get a text before each meeting.')`,
		`INSERT INTO subscriptions (member_id, group_id, channel, lang, state, consent_id, created_at) VALUES (?, ?, 'sms', 'en', 'active', ?, ?)`,
	} {
		if stmts[i], err = tx.PrepareContext(ctx, q); err != nil {
			return err
		}
	}
	member, consent, sub := stmts[0], stmts[1], stmts[2]
	for i := range subs {
		res, err := member.ExecContext(ctx, fmt.Sprintf("+1705%07d", 2000000+i), stamp)
		if err != nil {
			return err
		}
		mid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if res, err = consent.ExecContext(ctx, mid, stamp); err != nil {
			return err
		}
		cid, err := res.LastInsertId()
		if err != nil {
			return err
		}
		if _, err := sub.ExecContext(ctx, mid, groups[i%len(groups)], cid, stamp); err != nil {
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
		w := newWorld(b)
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
		if err := w.store.Close(); err != nil {
			b.Fatal(err)
		}
		w.fake.Close()
	}
	b.ReportMetric(got, "sent/s")
	b.ReportMetric(100*(got-rate)/rate, "off-%")
}

// wallFrom is the wall clock, starting at a chosen time.
type wallFrom struct{ start, at time.Time }

func (c wallFrom) Now() time.Time { return c.at.Add(time.Since(c.start)) }

func (c wallFrom) Sleep(ctx context.Context, d time.Duration) error { return RealClock{}.Sleep(ctx, d) }
