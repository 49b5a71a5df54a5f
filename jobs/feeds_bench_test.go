package jobs

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// A 10,000-meeting feed synced into an empty SQLite directory, whole:
// fetched (from a file), read, imported and recorded. Then the nightly
// sync of the same feed, unchanged: read and hashed, nothing written.
func BenchmarkFeedSync10000(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.json")
	if err := os.WriteFile(path, directorytest.MeetingGuideFeed(b, 10_000), 0o644); err != nil {
		b.Fatal(err)
	}
	vocab, areas := directorytest.Vocab(b), directorytest.Areas(b)
	ctx := context.Background()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	b.Run("first", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			store := directorytest.Store(b)
			f := &Feeds{Store: store, Vocab: vocab, Areas: areas, Now: func() time.Time { return now }}
			feed := directory.Feed{URL: path, Concern: "alcohol", Added: now}
			if err := store.AddFeed(ctx, feed); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			s, err := f.Sync(ctx, feed)
			if err != nil || s.Added != 5_001 || s.Problem != "" {
				b.Fatalf("%+v %v", s, err)
			}
		}
	})
	b.Run("unchanged", func(b *testing.B) {
		store := directorytest.Store(b)
		f := &Feeds{Store: store, Vocab: vocab, Areas: areas, Now: func() time.Time { return now }}
		feed := directory.Feed{URL: path, Concern: "alcohol", Added: now}
		if err := store.AddFeed(ctx, feed); err != nil {
			b.Fatal(err)
		}
		if _, err := f.Sync(ctx, feed); err != nil {
			b.Fatal(err)
		}
		feeds, err := store.Feeds(ctx)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			s, err := f.Sync(ctx, feeds[0])
			if err != nil || s.Any() || s.Unchanged != 0 {
				b.Fatalf("an unchanged feed was imported again: %+v %v", s, err)
			}
		}
	})
}
