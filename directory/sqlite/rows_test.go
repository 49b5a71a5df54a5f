package sqlite_test

// What the rows hold beyond what directory.Store shows: times kept for
// the record, states the interface folds together, the schema's
// cascades. directory/storetest checks the behaviour; these check the
// SQLite tables behind it.

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/directory/sqlstore"
)

func subscriptionStates(t *testing.T, s *sqlite.Store, number string) map[int]string {
	t.Helper()
	rows, err := s.ReadDB().Query(`SELECT g.code, s.state FROM subscriptions s
		JOIN groups g ON g.id = s.group_id JOIN members m ON m.id = s.member_id WHERE m.number = ?`, number)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	states := map[int]string{}
	for rows.Next() {
		var code int
		var state string
		if err := rows.Scan(&code, &state); err != nil {
			t.Fatal(err)
		}
		states[code] = state
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return states
}

func TestStopSubscriptionRecordsWhen(t *testing.T) {
	s, ids := memberStore(t)
	sub := mustSubscribe(t, s, "(705) 555-0142", ids[1001], directory.ByText, smsConsent(testNow))
	if ok, err := s.StopSubscription(context.Background(), "(705) 555-0142", sub.ID, testNow.Add(time.Hour)); !ok || err != nil {
		t.Fatal(ok, err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM subscriptions WHERE id = ? AND state = 'stopped' AND stopped_at = ?`,
		sub.ID, sqlstore.FormatTime(testNow.Add(time.Hour))); n != 1 {
		t.Errorf("a stopped subscription records when")
	}
}

// STOP marks active subscriptions opted_out (those stopped before stay
// stopped) and keeps the time of the first STOP; START changes neither.
func TestOptOutRowsKeepTheFirstStop(t *testing.T) {
	s, ids := memberStore(t)
	ctx := context.Background()
	const num = "(705) 555-0142"
	mustSubscribe(t, s, num, ids[1001], directory.ByText, smsConsent(testNow))
	care := mustSubscribe(t, s, num, ids[1002], directory.ByText, smsConsent(testNow))
	if ok, err := s.StopSubscription(ctx, num, care.ID, testNow.Add(time.Minute)); !ok || err != nil {
		t.Fatal(ok, err)
	}
	wait, err := s.JoinWaitlist(ctx, num, "cancer", "705", "705", directory.ByText, smsConsent(testNow))
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := s.OptOut(ctx, "+17055550142", testNow.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRows(t, s, `SELECT count(*) FROM members WHERE opted_out_at = ?`, sqlstore.FormatTime(testNow.Add(time.Hour))); n != 1 {
		t.Errorf("a second STOP should keep the time of the first")
	}
	want := map[int]string{1001: "opted_out", 1002: "stopped"}
	if got := subscriptionStates(t, s, "+17055550142"); !maps.Equal(got, want) {
		t.Errorf("after STOP: states %v; want %v", got, want)
	}
	if n := countRows(t, s, `SELECT count(*) FROM waitlist WHERE id = ? AND closed_at = ?`, wait.ID, sqlstore.FormatTime(testNow.Add(time.Hour))); n != 1 {
		t.Errorf("after STOP: the wait-list entry is not closed at the time of STOP")
	}

	if err := s.OptIn(ctx, num, testNow.Add(3*time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := subscriptionStates(t, s, "+17055550142"); !maps.Equal(got, want) {
		t.Errorf("after START: states %v; want %v (nothing restarted)", got, want)
	}
	mustSubscribe(t, s, num, ids[1001], directory.ByText, smsConsent(testNow.Add(4*time.Hour)))
	want[1001] = "active"
	if got := subscriptionStates(t, s, "+17055550142"); !maps.Equal(got, want) {
		t.Errorf("after re-subscribing: states %v; want %v", got, want)
	}
}

func TestSetCannotTextKeepsTheFirstTime(t *testing.T) {
	s, ids := memberStore(t)
	mustSubscribe(t, s, "(705) 555-0142", ids[1001], directory.ByText, smsConsent(testNow))
	for i := range 2 {
		if err := s.SetCannotText(context.Background(), "+17055550142", testNow.Add(time.Duration(i+1)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	if n := countRows(t, s, `SELECT count(*) FROM members WHERE cannot_text_at = ?`, sqlstore.FormatTime(testNow.Add(time.Hour))); n != 1 {
		t.Error("want the time of the first failure kept")
	}
}

// A number that cannot be read leaves no row anywhere, not even one the
// interface cannot list (a member with no consent).
func TestInvalidNumbersLeaveNoRows(t *testing.T) {
	s, ids := memberStore(t)
	ctx := context.Background()
	writes := map[string]func(number string) error{
		"Subscribe": func(n string) error {
			_, err := s.Subscribe(ctx, n, ids[1001], directory.ByText, smsConsent(testNow))
			return err
		},
		"OptOut": func(n string) error { return s.OptOut(ctx, n, testNow) },
		"OptIn":  func(n string) error { return s.OptIn(ctx, n, testNow) },
		"JoinWaitlist": func(n string) error {
			_, err := s.JoinWaitlist(ctx, n, "grief", "705", "705", directory.ByText, smsConsent(testNow))
			return err
		},
		"SetCannotText": func(n string) error { return s.SetCannotText(ctx, n, testNow) },
		"SaveVoicemail": func(n string) error {
			return s.SaveVoicemail(ctx, directory.Voicemail{At: testNow, Caller: n, RecordingURL: "https://api.twilio.com/r/RE1"})
		},
		"Block": func(n string) error { return s.Block(ctx, n, "abusive", testNow) },
	}
	for name, write := range writes {
		for _, number := range []string{"555-0142", "(123) 555-0142", "call me", "+44 20", "7055550142x"} {
			if err := write(number); !errors.Is(err, directory.ErrInvalidNumber) {
				t.Errorf("%s(%q) = %v; want ErrInvalidNumber", name, number, err)
			}
		}
	}
	for _, table := range []string{"members", "consents", "subscriptions", "waitlist", "voicemails", "blocklist"} {
		if n := countRows(t, s, `SELECT count(*) FROM `+table); n != 0 {
			t.Errorf("%d rows in %s after only invalid numbers", n, table)
		}
	}
}

// Forgetting a member (Forget) is one delete: the schema's cascades take
// every record of them. Deleting a group takes its subscriptions.
func TestDeletesCascade(t *testing.T) {
	s, ids := memberStore(t)
	mustSubscribe(t, s, "(705) 555-0142", ids[1001], directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, "(705) 555-0142", ids[1002], directory.ByCall, voiceConsent(testNow))
	if _, err := s.JoinWaitlist(context.Background(), "(705) 555-0142", "cancer", "705", "705", directory.ByText, smsConsent(testNow)); err != nil {
		t.Fatal(err)
	}
	mustSubscribe(t, s, "(705) 555-0143", ids[1001], directory.ByText, smsConsent(testNow))

	if _, err := s.DB().Exec(`DELETE FROM groups WHERE id = ?`, ids[1002]); err != nil {
		t.Fatal(err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM subscriptions`); n != 2 {
		t.Errorf("%d subscriptions after deleting a group; want 2", n)
	}
	if _, err := s.DB().Exec(`DELETE FROM members WHERE number = ?`, "+17055550142"); err != nil {
		t.Fatal(err)
	}
	for table, want := range map[string]int{"members": 1, "consents": 1, "subscriptions": 1, "waitlist": 0} {
		if n := countRows(t, s, `SELECT count(*) FROM `+table); n != want {
			t.Errorf("%d rows in %s after forgetting a member; want %d", n, table, want)
		}
	}
}

// No column of the search log holds the caller's number, whatever the
// search found.
func TestSearchLogHoldsNoNumber(t *testing.T) {
	s, _ := memberStore(t)
	ctx := context.Background()
	f := &directory.Finder{Store: s, Vocab: directorytest.Vocab(t), Areas: directorytest.Areas(t), Now: func() time.Time { return testNow }}
	if _, err := f.Find(ctx, directory.Request{Concern: "deuil", From: "+17052530000", Channel: directory.ChannelVoice, Lang: directory.French}); err != nil {
		t.Fatal(err)
	}
	if _, err := f.Find(ctx, directory.Request{Concern: "basket weaving", From: "+17052530000", Channel: directory.ChannelSMS}); !errors.Is(err, directory.ErrUnknownConcern) {
		t.Fatalf("basket weaving: %v", err)
	}
	// The log is written after the search answers: reading it through the
	// store waits for it, and then the raw rows are there.
	if logs, err := s.SearchLogs(ctx, testNow.Add(-time.Hour)); err != nil || len(logs) != 2 {
		t.Fatalf("search logs: %d, %v", len(logs), err)
	}
	rows, err := s.ReadDB().Query(`SELECT * FROM search_log`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var dump strings.Builder
	n := 0
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for _, v := range vals {
			if b, ok := v.([]byte); ok {
				v = string(b)
			}
			fmt.Fprintf(&dump, "%v ", v)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if n != 2 {
		t.Fatalf("%d searches logged; want 2", n)
	}
	if strings.Contains(dump.String(), "2530000") {
		t.Errorf("the search log holds the caller's number: %s", dump.String())
	}
}
