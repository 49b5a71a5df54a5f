package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// retentionWorld has, for each kind of record retention looks at, one
// just past its keeping time and one just inside it, as of now.
func retentionWorld(t *testing.T, now time.Time) *world {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	st := w.store
	for i, age := range []time.Duration{25 * time.Hour, 23 * time.Hour} {
		if err := st.SaveSession(ctx, fmt.Sprintf("call:CA%d", i), []byte(`{}`), now.Add(-age)); err != nil {
			t.Fatal(err)
		}
	}
	if err := st.SaveSession(ctx, directory.TextSessionKey("+17055550142"), []byte(`{}`), now.Add(-48*time.Hour)); err != nil {
		t.Fatal(err)
	}
	for _, age := range []time.Duration{31 * 24 * time.Hour, 29 * 24 * time.Hour} {
		if err := st.SaveVoicemail(ctx, directory.Voicemail{At: now.Add(-age), Caller: "+17055550142", Seconds: 9, RecordingURL: "https://example.org/r"}); err != nil {
			t.Fatal(err)
		}
	}
	sub := w.subscribe(t, "+17055550142", 3001, directory.ByText, directory.English)
	var items []directory.Outgoing
	for i := range 3 {
		items = append(items, directory.Outgoing{Key: fmt.Sprintf("k%d", i), Kind: directory.SendReminder, SubscriptionID: sub.ID,
			MemberID: sub.MemberID, GroupID: sub.GroupID, Channel: directory.ByText, Lang: directory.English, MeetingAt: now, DueAt: now})
	}
	if _, err := st.Enqueue(ctx, items, now); err != nil {
		t.Fatal(err)
	}
	for key, set := range map[string]struct {
		state string
		age   time.Duration
	}{
		"k0": {directory.OutboxSent, 91 * 24 * time.Hour},    // goes
		"k1": {directory.OutboxSent, 89 * 24 * time.Hour},    // stays: too young
		"k2": {directory.OutboxPending, 91 * 24 * time.Hour}, // stays: not finished
	} {
		if _, err := st.(interface{ DB() *sql.DB }).DB().Exec(`UPDATE outbox SET state = ?, updated_at = ? WHERE key = ?`,
			set.state, now.Add(-set.age).UTC().Format("2006-01-02T15:04:05.000000000Z"), key); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

func countOf(t *testing.T, st directory.Store, table string) int {
	t.Helper()
	var n int
	if err := st.(interface{ DB() *sql.DB }).DB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRetentionDeletesWhatIsPastItsTime(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	w := retentionWorld(t, now)
	if err := w.store.LogSearch(context.Background(), directory.SearchLog{At: now.AddDate(-1, 0, 0), Channel: "sms", Concern: "grief", NPA: "705", Area: "705"}); err != nil {
		t.Fatal(err)
	}
	r := &Retention{Store: w.store} // the defaults: 24h, 30 days, 90 days
	rep, err := r.Run(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	if want := (RetentionReport{Sessions: 2, Voicemails: 1, Outbox: 1}); rep != want {
		t.Errorf("Run = %+v; want %+v", rep, want)
	}
	for table, want := range map[string]int{"sessions": 1, "voicemails": 1, "outbox": 2, "search_log": 1, "members": 1, "subscriptions": 1, "consents": 1} {
		if n := countOf(t, w.store, table); n != want {
			t.Errorf("%d rows left in %s; want %d", n, table, want)
		}
	}
	// A second run at the same time finds nothing more.
	if rep, err := r.Run(context.Background(), now); err != nil || rep != (RetentionReport{}) {
		t.Errorf("second run = %+v, %v", rep, err)
	}
}

func TestRetentionTimesCanBeSet(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	w := retentionWorld(t, now)
	r := &Retention{Store: w.store, CallState: 12 * time.Hour, Voicemails: 7 * 24 * time.Hour, Outbox: 30 * 24 * time.Hour}
	rep, err := r.Run(context.Background(), now)
	if err != nil {
		t.Fatal(err)
	}
	if want := (RetentionReport{Sessions: 3, Voicemails: 2, Outbox: 2}); rep != want {
		t.Errorf("Run = %+v; want %+v", rep, want)
	}
	if n := countOf(t, w.store, "outbox"); n != 1 {
		t.Errorf("%d outbox rows left; want the pending one", n)
	}
}

// Start runs once at once, then hourly; stop waits for the run.
func TestRetentionStartRunsAtOnce(t *testing.T) {
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	w := retentionWorld(t, now)
	r := &Retention{Store: w.store, Log: slog.New(slog.DiscardHandler)}
	stop := r.Start(context.Background(), func() time.Time { return now })
	stop()
	if n := countOf(t, w.store, "voicemails"); n != 1 {
		t.Errorf("%d voicemails after a start and stop; want the old one deleted", n)
	}
}
