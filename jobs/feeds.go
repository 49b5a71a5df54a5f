package jobs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/meetingguide"

	"github.com/robfig/cron/v3"
)

// Feeds re-imports the Meeting Guide feeds the line carries. A feed is
// the authority for its groups: what it no longer lists is taken off the
// line. A feed that cannot be fetched or read changes nothing.
type Feeds struct {
	Store directory.FeedStore
	Vocab *directory.Vocabulary
	Areas *directory.Areas
	HTTP  *http.Client // nil: a client with a 1-minute timeout
	Now   func() time.Time
	Log   *slog.Logger
	// Lease, when set, makes the nightly sync run on one server of
	// several: the one that takes the "feeds" lease, held by Holder (a
	// name for this process).
	Lease  directory.LeaseStore
	Holder string
}

// maxFeed bounds a feed's body: a large intergroup's is a few MB.
const maxFeed = 64 << 20

// SyncAll syncs every feed, one after another; one that fails does not
// stop the others.
func (f *Feeds) SyncAll(ctx context.Context) ([]directory.FeedSync, error) {
	feeds, err := f.Store.Feeds(ctx)
	if err != nil {
		return nil, err
	}
	var out []directory.FeedSync
	for _, feed := range feeds {
		s, err := f.Sync(ctx, feed)
		if err != nil {
			return out, err
		}
		out = append(out, s)
	}
	return out, nil
}

// Sync syncs one feed. A feed whose body has not changed since the last
// sync writes nothing. The error is for the store failing; a feed that
// cannot be fetched or read is a FeedSync with its Problem, recorded.
func (f *Feeds) Sync(ctx context.Context, feed directory.Feed) (directory.FeedSync, error) {
	now := f.now()
	imp, hash, err := f.Read(ctx, feed)
	switch {
	case errors.Is(err, errUnchanged):
		return directory.FeedSync{URL: feed.URL, At: now}, nil
	case err != nil:
		return f.failed(ctx, feed, err, now)
	}
	s, err := f.Store.SyncFeed(ctx, feed.URL, hash, imp, now)
	if err != nil {
		return s, fmt.Errorf("feed %s: %w", feed.URL, err)
	}
	s.Rejected = imp.Report.Errors
	f.log().Info("feeds: synced", "feed", feed.URL, "added", s.Added, "changed", s.Changed, "taken_off", s.TakenOff,
		"unchanged", s.Unchanged, "rejected", len(imp.Report.Errors))
	for _, e := range imp.Report.Errors {
		f.log().Warn("feeds: a meeting could not be read", "feed", feed.URL, "err", e)
	}
	return s, nil
}

// errUnchanged is a feed whose body is the one its last sync read.
var errUnchanged = errors.New("unchanged since the last sync")

// Read fetches and reads a feed, and the hash of what it read; a feed
// unchanged since feed.Hash is errUnchanged, not read again.
func (f *Feeds) Read(ctx context.Context, feed directory.Feed) (*directory.Import, string, error) {
	body, err := f.fetch(ctx, feed.URL)
	if err != nil {
		return nil, "", err
	}
	hash := hashOf(body)
	if hash == feed.Hash {
		return nil, hash, errUnchanged
	}
	imp, err := meetingguide.Read(bytes.NewReader(body), meetingguide.Options{Concern: feed.Concern, Zone: feed.Zone, Source: feed.URL}, f.Vocab, f.Areas)
	return imp, hash, err
}

func (f *Feeds) failed(ctx context.Context, feed directory.Feed, why error, now time.Time) (directory.FeedSync, error) {
	f.log().Warn("feeds: a feed could not be read; nothing was changed", "feed", feed.URL, "err", why)
	s := directory.FeedSync{URL: feed.URL, At: now, Problem: why.Error()}
	return s, f.Store.FeedFailed(ctx, feed.URL, why.Error(), now)
}

// fetch reads a feed: an http(s) URL, or a file (for a feed kept on disk).
func (f *Feeds) fetch(ctx context.Context, url string) ([]byte, error) {
	if !strings.HasPrefix(url, "http://") && !strings.HasPrefix(url, "https://") {
		return os.ReadFile(url)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json")
	hc := f.HTTP
	if hc == nil {
		hc = &http.Client{Timeout: time.Minute}
	}
	res, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("the server answered %s", res.Status)
	}
	body, err := io.ReadAll(io.LimitReader(res.Body, maxFeed+1))
	if err == nil && len(body) > maxFeed {
		err = errors.New("the feed is larger than 64 MB")
	}
	return body, err
}

// Start syncs every feed each night at 3 a.m. (server time), until the
// returned stop is called; stop waits for a sync in progress.
func (f *Feeds) Start(ctx context.Context) (stop func()) {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.AddFunc("0 3 * * *", func() { f.Nightly(ctx) })
	c.Start()
	return func() { <-c.Stop().Done() }
}

// Nightly is the nightly sync: of several servers, the one that takes
// the lease syncs every feed; the others leave it.
func (f *Feeds) Nightly(ctx context.Context) {
	if mine, err := f.ours(ctx); err != nil || !mine {
		return
	}
	if _, err := f.SyncAll(ctx); err != nil {
		f.log().Error("feeds: the nightly sync failed", "err", err)
	}
}

// syncLease is how long a server holds the nightly sync: longer than a
// sync takes, shorter than a day, so a server that died holding it does
// not keep the next night's from running.
const syncLease = 2 * time.Hour

// ours reports whether this server runs tonight's sync: always without a
// Lease, else when it takes the lease.
func (f *Feeds) ours(ctx context.Context) (bool, error) {
	if f.Lease == nil {
		return true, nil
	}
	now := f.now()
	mine, err := f.Lease.TryLease(ctx, "feeds", f.Holder, now, now.Add(syncLease))
	switch {
	case err != nil:
		f.log().Error("feeds: cannot tell which server syncs tonight; not syncing", "err", err)
	case !mine:
		f.log().Info("feeds: another server syncs the feeds tonight")
	}
	return mine, err
}

func (f *Feeds) now() time.Time {
	if f.Now == nil {
		return time.Now()
	}
	return f.Now()
}

func (f *Feeds) log() *slog.Logger {
	if f.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return f.Log
}

func hashOf(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}
