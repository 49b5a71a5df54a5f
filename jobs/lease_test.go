package jobs

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// Two servers sharing a database both wake at 3 a.m.; the feed is
// fetched and synced once, by the one that took the lease.
func TestTheNightlySyncRunsOnOneServer(t *testing.T) {
	store := directorytest.Store(t)
	var fetched atomic.Int32
	feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fetched.Add(1)
		w.Write([]byte(`[{"name":"Sault Thursday Night","slug":"sault-thu","day":4,"time":"19:00","formatted_address":"12 Queen St E, Sault Ste. Marie, ON P6A 1Y3"}]`))
	}))
	defer feed.Close()
	ctx := context.Background()
	clock := directorytest.NewClock(time.Date(2026, 12, 4, 3, 0, 0, 0, toronto))
	if err := store.AddFeed(ctx, directory.Feed{URL: feed.URL, Concern: "addiction_alcohol", Zone: "America/Toronto", Added: clock.Now()}); err != nil {
		t.Fatal(err)
	}
	server := func(name string) *Feeds {
		return &Feeds{Store: store, Vocab: directorytest.Vocab(t), Areas: directorytest.Areas(t), Now: clock.Now, Lease: store, Holder: name}
	}
	var wg sync.WaitGroup
	for _, s := range []*Feeds{server("a"), server("b")} {
		wg.Go(func() { s.Nightly(ctx) })
	}
	wg.Wait()
	if n := fetched.Load(); n != 1 {
		t.Errorf("two servers at 3 a.m. fetched the feed %d times; want once", n)
	}
	syncs, err := store.FeedSyncs(ctx, clock.Now().AddDate(0, 0, -1))
	if err != nil || len(syncs) != 1 || syncs[0].Added != 1 {
		t.Errorf("feed syncs recorded: %+v, %v; want one that added the meeting", syncs, err)
	}
}
