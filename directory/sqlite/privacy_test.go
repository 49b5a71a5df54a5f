package sqlite_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/sqlite"
)

// A backup taken while another goroutine keeps writing — searches logged,
// members subscribing — is whole: it passes integrity_check, opens as a
// store, has every group, at least what was written before it began, and
// no subscription without its member and consent.
func TestBackupWhileWriting(t *testing.T) {
	s, ids := memberStore(t)
	ctx := context.Background()
	groups, err := s.CountGroups(ctx)
	if err != nil || groups == 0 {
		t.Fatal(groups, err)
	}
	gid := ids[1001]
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
	copyStore := openStoreAt(t, out)
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
	s, _ := memberStore(t)
	ctx := context.Background()
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

// forgetFixture gives a member every kind of record: reminders, a
// wait-list entry, queued messages, voicemails, a text conversation.
func forgetFixture(t *testing.T, s *sqlite.Store, ids map[int]int64, number string, digit int) {
	t.Helper()
	ctx := context.Background()
	a := mustSubscribe(t, s, number, ids[1001], directory.ByText, smsConsent(testNow))
	mustSubscribe(t, s, number, ids[1002], directory.ByCall, voiceConsent(testNow.Add(time.Minute)))
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
	num, err := directory.NormalizePhone(number)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSession(ctx, directory.TextSessionKey(num), []byte(`{"lang":"en","concern":"cancer"}`), testNow); err != nil {
		t.Fatal(err)
	}
}

// The forgotten number is not left in the database file's free pages:
// secure_delete overwrites what Forget deletes, and is put back after on
// the writer. Nothing left refers to what was deleted.
func TestForgetLeavesNoTraceInTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.db")
	s := openStoreAt(t, path)
	ids := directorytest.Import(t, s, directorytest.Areas(t), testNow, fixture()...)
	ctx := context.Background()
	const gone = "+17055550177"
	forgetFixture(t, s, ids, gone, 3)
	forgetFixture(t, s, ids, "+17055550143", 2)
	if f, err := s.Forget(ctx, gone); err != nil || f.Members != 1 {
		t.Fatalf("Forget = %+v, %v", f, err)
	}
	if n := countRows(t, s, `SELECT count(*) FROM pragma_foreign_key_check`); n != 0 {
		t.Errorf("%d dangling references after forgetting", n)
	}
	var secure int
	if err := s.DB().QueryRow(`PRAGMA secure_delete`).Scan(&secure); err != nil || secure != 0 {
		t.Errorf("secure_delete left at %d (%v) on the writer", secure, err)
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
