package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/sqlite"
)

// A backup taken while another goroutine keeps writing — searches logged,
// members subscribing — is whole: it passes integrity_check, opens as a
// store, has every group, at least what was written before it began, and
// no subscription without its member and consent.
func TestBackupWhileWriting(t *testing.T) {
	s, ctx := memberStore(t)
	groups, err := s.CountGroups(ctx)
	if err != nil || groups == 0 {
		t.Fatal(groups, err)
	}
	gid := groupIDOf(t, s, "sault-grief")
	var written atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var writeErr error
	wg.Go(func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if err := s.LogSearch(ctx, directory.SearchLog{At: testNow, Channel: "sms", Concern: "grief", NPA: "705", Area: "705", Results: i % 3}); err != nil {
				writeErr = err
				return
			}
			if _, err := s.Subscribe(ctx, fmt.Sprintf("+1705555%04d", i%10000), gid, directory.ByText, smsConsent(testNow)); err != nil {
				writeErr = err
				return
			}
			written.Add(1)
		}
	})
	for written.Load() < 50 {
		time.Sleep(time.Millisecond)
	}
	before := written.Load()
	out := filepath.Join(t.TempDir(), "backup.db")
	err = s.Backup(ctx, out)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if writeErr != nil {
		t.Fatalf("the writer failed during the backup: %v", writeErr)
	}
	after := written.Load()
	if after <= before {
		t.Logf("no write landed during the backup (%d before, %d after)", before, after)
	}

	fi, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("the backup is %v; want 0600, it holds members' numbers", fi.Mode().Perm())
	}
	if _, err := os.Stat(out + ".tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the temporary copy was left behind: %v", err)
	}
	if err := sqlite.IntegrityCheck(ctx, out); err != nil {
		t.Fatal(err)
	}
	copyStore, err := sqlite.Open(ctx, out)
	if err != nil {
		t.Fatal(err)
	}
	defer copyStore.Close()
	if n, err := copyStore.CountGroups(ctx); err != nil || n != groups {
		t.Errorf("the copy has %d groups (%v); want %d", n, err, groups)
	}
	logs := countRows(t, copyStore, `SELECT count(*) FROM search_log`)
	subs := countRows(t, copyStore, `SELECT count(*) FROM subscriptions`)
	if int64(logs) < before || int64(logs) > after+1 {
		t.Errorf("the copy has %d searches; %d were written before it began, %d by the end", logs, before, after)
	}
	if subs != logs && subs != logs-1 {
		t.Errorf("the copy has %d subscriptions and %d searches: not one moment's state", subs, logs)
	}
	if n := countRows(t, copyStore, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d dangling references in the copy", n)
	}
	if n := countRows(t, copyStore, `SELECT count(*) FROM consents`); n < subs {
		t.Errorf("%d consents for %d subscriptions in the copy", n, subs)
	}
}

// A backup never overwrites: not a file at OUT, not a copy in progress.
func TestBackupRefusesWhatExists(t *testing.T) {
	s, ctx := memberStore(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "exists.db")
	if err := os.WriteFile(out, []byte("precious"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("backup over an existing file: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious" {
		t.Errorf("the existing file was changed: %q", b)
	}
	busy := filepath.Join(dir, "busy.db")
	if err := os.WriteFile(busy+".tmp", nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Backup(ctx, busy); err == nil || !strings.Contains(err.Error(), "busy.db.tmp exists") {
		t.Errorf("backup beside a leftover .tmp: %v", err)
	}
	if _, err := os.Stat(busy); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a backup was written beside a leftover .tmp")
	}
	if err := s.Backup(ctx, filepath.Join(dir, "no-such-folder", "b.db")); err == nil {
		t.Error("backup into a folder that does not exist succeeded")
	}
	if err := s.Backup(ctx, " "); err == nil {
		t.Error("backup to no path succeeded")
	}
}

func TestIntegrityCheckFailsOnAFileThatIsNotADatabase(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(bad, bytes.Repeat([]byte("not sqlite "), 1000), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.IntegrityCheck(context.Background(), bad); err == nil {
		t.Error("a file of text passed the integrity check")
	}
	if err := sqlite.IntegrityCheck(context.Background(), bad+".missing"); err == nil {
		t.Error("a missing file passed the integrity check")
	}
}

// forgetFixture gives two members every kind of record: reminders, a
// wait-list entry, queued messages, voicemails, a text conversation.
func forgetFixture(t *testing.T, s *sqlite.Store, number string, digit int) {
	t.Helper()
	ctx := context.Background()
	a := mustSubscribe(t, s, number, "sault-grief", directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, number, "sault-care", directory.ByCall, voiceConsent(testNow.Add(time.Minute), directory.English))
	w, err := s.JoinWaitlist(ctx, number, "cancer", "705", "705", directory.ByText, smsConsent(testNow.Add(2*time.Minute)))
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Enqueue(ctx, []directory.Outgoing{
		{Key: fmt.Sprintf("r:%d:1", a.ID), Kind: directory.SendReminder, SubscriptionID: a.ID, MemberID: a.MemberID, GroupID: a.GroupID,
			Channel: directory.ByText, Lang: directory.English, MeetingAt: testNow.Add(48 * time.Hour), Lead: time.Hour, DueAt: testNow.Add(47 * time.Hour)},
		{Key: fmt.Sprintf("w:%d", w.ID), Kind: directory.SendWaitlist, WaitlistID: w.ID, MemberID: w.MemberID, GroupID: a.GroupID,
			Channel: directory.ByText, Lang: directory.English, DueAt: testNow},
	}, testNow)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		if err := s.SaveVoicemail(ctx, directory.Voicemail{At: testNow.Add(time.Duration(i) * time.Hour), Caller: number, Seconds: 20,
			RecordingURL: fmt.Sprintf("https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE%032d", digit*10+i)}); err != nil {
			t.Fatal(err)
		}
	}
	num, _ := directory.NormalizePhone(number)
	if err := s.SaveSession(ctx, directory.TextSessionKey(num), []byte(`{"lang":"en","concern":"cancer"}`), testNow); err != nil {
		t.Fatal(err)
	}
}

// rowsOf counts, table by table, the rows that belong to a number.
func rowsOf(t *testing.T, s *sqlite.Store, number string) map[string]int {
	t.Helper()
	member := `(SELECT id FROM members WHERE number = ?)`
	return map[string]int{
		"members":       countRows(t, s, `SELECT count(*) FROM members WHERE number = ?`, number),
		"consents":      countRows(t, s, `SELECT count(*) FROM consents WHERE member_id = `+member, number),
		"subscriptions": countRows(t, s, `SELECT count(*) FROM subscriptions WHERE member_id = `+member, number),
		"waitlist":      countRows(t, s, `SELECT count(*) FROM waitlist WHERE member_id = `+member, number),
		"outbox":        countRows(t, s, `SELECT count(*) FROM outbox WHERE member_id = `+member, number),
		"voicemails":    countRows(t, s, `SELECT count(*) FROM voicemails WHERE caller = ?`, number),
		"sessions":      countRows(t, s, `SELECT count(*) FROM sessions WHERE key = ?`, directory.TextSessionKey(number)),
	}
}

// Forgetting a member removes every record of them, and only theirs.
func TestForgetRemovesEveryRecord(t *testing.T) {
	s, ctx := memberStore(t)
	const gone, kept = "+17055550142", "+17055550143"
	forgetFixture(t, s, gone, 1)
	forgetFixture(t, s, kept, 2)
	if err := s.SaveSession(ctx, "call:CA123", []byte(`{"step":"menu"}`), testNow); err != nil {
		t.Fatal(err)
	}
	if err := s.LogSearch(ctx, directory.SearchLog{At: testNow, Channel: "sms", Concern: "cancer", NPA: "705", Area: "705"}); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"members": 1, "consents": 3, "subscriptions": 2, "waitlist": 1, "outbox": 2, "voicemails": 2, "sessions": 1}
	if got := rowsOf(t, s, gone); !reflect.DeepEqual(got, want) {
		t.Fatalf("before: %v; want %v", got, want)
	}
	keptBefore := rowsOf(t, s, kept)

	f, err := s.Forget(ctx, "(705) 555-0142")
	if err != nil {
		t.Fatal(err)
	}
	wantF := directory.Forgotten{Members: 1, Consents: 3, Subscriptions: 2, Waitlist: 1, Outbox: 2, Voicemails: 2, Sessions: 1,
		Recordings: []string{
			"https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + fmt.Sprintf("%032d", 10),
			"https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + fmt.Sprintf("%032d", 11),
		}}
	if !reflect.DeepEqual(f, wantF) {
		t.Errorf("Forget = %+v\nwant     %+v", f, wantF)
	}
	if f.Total() != 12 {
		t.Errorf("Total = %d; want 12", f.Total())
	}
	for table, n := range rowsOf(t, s, gone) {
		if n != 0 {
			t.Errorf("%d rows of the forgotten member left in %s", n, table)
		}
	}
	if got := rowsOf(t, s, kept); !reflect.DeepEqual(got, keptBefore) {
		t.Errorf("the other member's records changed: %v; were %v", got, keptBefore)
	}
	if n := countRows(t, s, `SELECT count(*) FROM sessions WHERE key = 'call:CA123'`); n != 1 {
		t.Error("a call's state was removed")
	}
	if n := countRows(t, s, `SELECT count(*) FROM search_log`); n != 1 {
		t.Error("the search log was changed")
	}
	if n := countRows(t, s, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d dangling references after forgetting", n)
	}
	var secure int
	if err := s.DB().QueryRow(`PRAGMA secure_delete`).Scan(&secure); err != nil || secure != 0 {
		t.Errorf("secure_delete left at %d (%v) on the writer", secure, err)
	}

	// Again: nothing left, nothing removed, no error.
	f, err = s.Forget(ctx, gone)
	if err != nil || f.Total() != 0 || len(f.Recordings) != 0 {
		t.Errorf("forgetting twice: %+v, %v", f, err)
	}
}

// The forgotten number is not left in the database file's free pages:
// secure_delete overwrites what Forget deletes.
func TestForgetLeavesNoTraceInTheFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "p.db")
	s, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	importGroups(t, s, fixture())
	ctx := context.Background()
	const gone = "+17055550177"
	forgetFixture(t, s, gone, 3)
	if _, err := s.Forget(ctx, gone); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			t.Fatal(err)
		}
		if bytes.Contains(b, []byte(gone)) || bytes.Contains(b, []byte("RE"+fmt.Sprintf("%032d", 30))) {
			t.Errorf("%s still holds the forgotten number or its recording", filepath.Base(name))
		}
	}
}

func TestForgetAnUnknownOrInvalidNumber(t *testing.T) {
	s, ctx := memberStore(t)
	forgetFixture(t, s, "+17055550142", 1)
	f, err := s.Forget(ctx, "+17055550199")
	if err != nil || f.Total() != 0 {
		t.Errorf("an unknown number: %+v, %v", f, err)
	}
	if _, err := s.Forget(ctx, "555-0142"); !errors.Is(err, directory.ErrInvalidNumber) {
		t.Errorf("a number that cannot be read: %v; want ErrInvalidNumber", err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM members`); n != 1 {
		t.Errorf("%d members; want the one untouched", n)
	}
}

// A voicemail from a number that never opted in is forgotten too.
func TestForgetACallerWhoIsNotAMember(t *testing.T) {
	s, ctx := memberStore(t)
	if err := s.SaveVoicemail(ctx, directory.Voicemail{At: testNow, Caller: "705-555-0160", Seconds: 5, RecordingURL: "https://example.org/r/1"}); err != nil {
		t.Fatal(err)
	}
	f, err := s.Forget(ctx, "+17055550160")
	if err != nil || f.Voicemails != 1 || f.Total() != 1 || !reflect.DeepEqual(f.Recordings, []string{"https://example.org/r/1"}) {
		t.Errorf("Forget = %+v, %v; want one voicemail", f, err)
	}
}

// Mirrors sms.key; TestForgetFindsTheTextLinesMemory in cmd/peerline
// checks it against the text line itself.
func TestTextSessionKey(t *testing.T) {
	k := directory.TextSessionKey("+17055550142")
	if !strings.HasPrefix(k, "sms:") || len(k) != 4+32 || strings.Contains(k, "7055550142") {
		t.Errorf("TextSessionKey = %q", k)
	}
	if directory.TextSessionKey("+17055550143") == k {
		t.Error("two numbers share a key")
	}
}

func TestConsentRecordsListsEveryConsentOldestFirst(t *testing.T) {
	s, ctx := memberStore(t)
	mustSubscribe(t, s, "+17055550143", "sault-grief", directory.ByText, smsConsent(testNow.Add(time.Hour)))
	mustSubscribe(t, s, "+17055550142", "sault-care", directory.ByCall, voiceConsent(testNow, directory.French))
	recs, err := s.ConsentRecords(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 2 || recs[0].Number != "+17055550142" || recs[1].Number != "+17055550143" {
		t.Fatalf("records = %+v", recs)
	}
	r := recs[0]
	if !r.At.Equal(testNow) || r.Via != directory.ViaVoice || r.Purpose != directory.PurposeReminders || r.Contact != directory.ByCall || r.Lang != directory.French || r.Wording != voiceWording || r.Ref == "" {
		t.Errorf("record = %+v", r)
	}
}

func TestDeleteVoicemailsBefore(t *testing.T) {
	s, ctx := memberStore(t)
	for _, age := range []time.Duration{31 * 24 * time.Hour, 30*24*time.Hour + time.Second, 29 * 24 * time.Hour, 0} {
		if err := s.SaveVoicemail(ctx, directory.Voicemail{At: testNow.Add(-age), Caller: "+17055550142", Seconds: 3, RecordingURL: "https://example.org/r"}); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.DeleteVoicemailsBefore(ctx, testNow.Add(-30*24*time.Hour))
	if err != nil || n != 2 {
		t.Errorf("deleted %d (%v); want 2", n, err)
	}
	if left, _ := s.Voicemails(ctx, time.Time{}); len(left) != 2 {
		t.Errorf("%d voicemails left; want the 2 younger than 30 days", len(left))
	}
}

// Finished messages go after their time; pending ones, and the note of
// a wait-list entry still open (it keeps the scan from queueing it
// again), stay.
func TestDeleteOutboxBefore(t *testing.T) {
	s, ctx := memberStore(t)
	sub := mustSubscribe(t, s, "+17055550142", "sault-grief", directory.ByText, smsConsent(testNow))
	open, err := s.JoinWaitlist(ctx, "+17055550142", "cancer", "705", "705", directory.ByText, smsConsent(testNow))
	if err != nil {
		t.Fatal(err)
	}
	closed, err := s.JoinWaitlist(ctx, "+17055550142", "hoarding", "705", "705", directory.ByText, smsConsent(testNow))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().Exec(`UPDATE waitlist SET closed_at = ? WHERE id = ?`, sqlite.FormatTime(testNow), closed.ID); err != nil {
		t.Fatal(err)
	}
	old, young := testNow.Add(-91*24*time.Hour), testNow.Add(-89*24*time.Hour)
	rows := []struct {
		key, state string
		waitlist   int64
		updated    time.Time
		gone       bool
	}{
		{"sent-old", directory.OutboxSent, 0, old, true},
		{"failed-old", directory.OutboxFailed, 0, old, true},
		{"skipped-old", directory.OutboxSkipped, 0, old, true},
		{"unknown-old", directory.OutboxUnknown, 0, old, true},
		{"pending-old", directory.OutboxPending, 0, old, false},
		{"sending-old", directory.OutboxSending, 0, old, false},
		{"sent-young", directory.OutboxSent, 0, young, false},
		{"w-open-failed-old", directory.OutboxFailed, open.ID, old, false},
		{"w-closed-sent-old", directory.OutboxSent, closed.ID, old, true},
	}
	var items []directory.Outgoing
	for _, r := range rows {
		it := directory.Outgoing{Key: r.key, Kind: directory.SendReminder, SubscriptionID: sub.ID, MemberID: sub.MemberID, GroupID: sub.GroupID,
			Channel: directory.ByText, Lang: directory.English, MeetingAt: testNow, DueAt: testNow}
		if r.waitlist != 0 {
			it.Kind, it.SubscriptionID, it.WaitlistID, it.MeetingAt = directory.SendWaitlist, 0, r.waitlist, time.Time{}
		}
		items = append(items, it)
	}
	if _, err := s.Enqueue(ctx, items, testNow); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if _, err := s.DB().Exec(`UPDATE outbox SET state = ?, updated_at = ? WHERE key = ?`, r.state, sqlite.FormatTime(r.updated), r.key); err != nil {
			t.Fatal(err)
		}
	}
	n, err := s.DeleteOutboxBefore(ctx, testNow.Add(-90*24*time.Hour))
	if err != nil || n != 5 {
		t.Errorf("deleted %d (%v); want 5", n, err)
	}
	for _, r := range rows {
		left := countRows(t, s, `SELECT count(*) FROM outbox WHERE key = ?`, r.key)
		if (left == 0) != r.gone {
			t.Errorf("%s: %d left; want gone = %v", r.key, left, r.gone)
		}
	}
}

// The blocklist is staff's record, not the person's: forgetting a number
// leaves it blocked, and says so.
func TestForgetLeavesTheBlocklist(t *testing.T) {
	s, ctx := memberStore(t)
	forgetFixture(t, s, "+17055550142", 1)
	if err := s.Block(ctx, "+17055550142", "prank loop", testNow); err != nil {
		t.Fatal(err)
	}
	f, err := s.Forget(ctx, "+17055550142")
	if err != nil || !f.Blocked || f.Members != 1 {
		t.Errorf("Forget = %+v, %v; want the member gone and Blocked", f, err)
	}
	if blocked, _ := s.IsBlocked(ctx, "+17055550142"); !blocked {
		t.Error("forgetting unblocked the number")
	}
	if f, _ := s.Forget(ctx, "+17055550143"); f.Blocked {
		t.Error("a number not on the blocklist is reported blocked")
	}
}
