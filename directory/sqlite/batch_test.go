package sqlite_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// Many requests saving at once share transactions; each finds its own
// state committed the moment its save returns.
func TestConcurrentSavesAreEachCommittedOnReturn(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	var wg sync.WaitGroup
	errs := make(chan error, 400)
	for i := range 200 {
		wg.Go(func() {
			key, data := fmt.Sprintf("call:CA%d", i), fmt.Sprintf(`{"n":%d}`, i)
			if err := s.SaveSession(ctx, key, []byte(data), now); err != nil {
				errs <- err
				return
			}
			got, ok, err := s.LoadSession(ctx, key, now.Add(-time.Hour))
			if err != nil || !ok || string(got) != data {
				errs <- fmt.Errorf("%s right after saving: %q %v %v", key, got, ok, err)
			}
			errs <- s.LogSearch(ctx, directory.SearchLog{At: now, Channel: "voice", Concern: "grief", NPA: "705", Area: "705", Results: i})
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	logs, err := s.SearchLogs(ctx, now.Add(-time.Hour))
	if err != nil || len(logs) != 200 {
		t.Errorf("%d searches logged, %v; want 200", len(logs), err)
	}
}

// A request that gave up before its turn writes nothing; a store that
// closed takes no more writes, and closing it twice is harmless.
func TestBatchedWritesAfterCancelAndClose(t *testing.T) {
	s := openTestStore(t)
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	gone, cancel := context.WithCancel(context.Background())
	cancel()
	if err := s.SaveSession(gone, "call:CAgone", []byte(`{}`), now); err == nil {
		t.Error("a cancelled save succeeded")
	}
	if _, ok, _ := s.LoadSession(context.Background(), "call:CAgone", now.Add(-time.Hour)); ok {
		t.Error("a cancelled save was written")
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveSession(context.Background(), "call:CAlate", []byte(`{}`), now); err == nil {
		t.Error("a save after Close succeeded")
	}
}

// A search log is written without the search waiting for it, yet a read
// of the log, and every later write, comes after it.
func TestSearchLogsKeepTheirPlace(t *testing.T) {
	s := openTestStore(t)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	for i := range 50 {
		if err := s.LogSearch(ctx, directory.SearchLog{At: now, Channel: "sms", Concern: "grief", NPA: "705", Area: "705", Results: i}); err != nil {
			t.Fatal(err)
		}
		if err := s.Block(ctx, fmt.Sprintf("+1705555%04d", i), "", now); err != nil {
			t.Fatal(err)
		}
		var logs, blocked int
		err := s.ReadDB().QueryRowContext(ctx, `SELECT (SELECT count(*) FROM search_log), (SELECT count(*) FROM blocklist)`).Scan(&logs, &blocked)
		if err != nil || logs != i+1 || blocked != i+1 {
			t.Fatalf("after %d searches and blocks: %d logged, %d blocked, %v", i+1, logs, blocked, err)
		}
	}
	if logs, err := s.SearchLogs(ctx, now.Add(-time.Hour)); err != nil || len(logs) != 50 {
		t.Fatalf("%d searches read back, %v", len(logs), err)
	}
}
