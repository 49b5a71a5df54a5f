package storetest

import (
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

const feedURL = "https://intergroup.example.org/wp-admin/admin-ajax.php?action=meetings"

// feedImport is an import of groups as a feed's reader gives them.
func feedImport(t *testing.T, groups ...directory.Group) *directory.Import {
	t.Helper()
	a := areas(t)
	imp := &directory.Import{}
	for i, g := range groups {
		if err := g.Check(a); err != nil {
			t.Fatalf("fixture %s: %v", g.SourceID, err)
		}
		imp.Rows = append(imp.Rows, directory.Row{Group: g, File: feedURL, Line: i + 1})
	}
	return imp
}

// A feed is the authority for its groups: a sync adds and changes them,
// takes off the line (marked inactive, kept) those it no longer lists,
// leaves the spreadsheet's alone, and records what it did.
func testAFeedSyncAddsChangesAndTakesOff(t *testing.T, s directory.Store) {
	withFixture(t, s)
	must(t, s.AddFeed(ctx, directory.Feed{URL: feedURL, Concern: "alcohol", Added: testNow}))
	fx := fixture()
	a, b := fx[0], fx[1] // reused as the feed's meetings, under their own ids
	a.SourceID, b.SourceID = "mg-a", "mg-b"
	first, err := s.SyncFeed(ctx, feedURL, "h1", feedImport(t, a, b), testNow)
	must(t, err)
	if first.Added != 2 || first.TakenOff != 0 {
		t.Fatalf("first sync: %+v", first)
	}
	a.Name = "Renamed by the feed"
	later := testNow.Add(24 * time.Hour)
	second, err := s.SyncFeed(ctx, feedURL, "h2", feedImport(t, a), later)
	must(t, err)
	if second.Changed != 1 || second.TakenOff != 1 || second.Added != 0 {
		t.Fatalf("second sync: %+v; want a changed, b taken off", second)
	}
	gone := findBySource(t, s, "mg-b")
	if gone.Status != directory.StatusInactive || gone.Source != feedURL {
		t.Errorf("the meeting the feed dropped: status %q source %q; want inactive, kept", gone.Status, gone.Source)
	}
	if kept := findBySource(t, s, "sault-grief"); kept.Status != directory.StatusActive {
		t.Errorf("a spreadsheet's group was touched by the feed: %q", kept.Status)
	}
	feeds, err := s.Feeds(ctx)
	must(t, err)
	if len(feeds) != 1 || feeds[0].Hash != "h2" || !feeds[0].Synced.Equal(later) || feeds[0].Groups != 1 {
		t.Errorf("the feed after two syncs: %+v", feeds)
	}
	syncs, err := s.FeedSyncs(ctx, testNow)
	must(t, err)
	if len(syncs) != 2 || syncs[1].TakenOff != 1 || syncs[1].URL != feedURL {
		t.Errorf("the syncs recorded: %+v", syncs)
	}
	// Listed again, it comes back.
	third, err := s.SyncFeed(ctx, feedURL, "h3", feedImport(t, a, b), later.Add(time.Hour))
	must(t, err)
	if back := findBySource(t, s, "mg-b"); back.Status != directory.StatusActive || third.Changed != 1 {
		t.Errorf("a meeting listed again: status %q, sync %+v", back.Status, third)
	}
}

// A feed that fails changes nothing and says why; an unchanged sync is
// not recorded as news.
func testAFailedFeedChangesNothing(t *testing.T, s directory.Store) {
	must(t, s.AddFeed(ctx, directory.Feed{URL: feedURL, Concern: "alcohol", Added: testNow}))
	g := fixture()[0]
	g.SourceID = "mg-a"
	_, err := s.SyncFeed(ctx, feedURL, "h1", feedImport(t, g), testNow)
	must(t, err)
	before := groups(t, s)
	must(t, s.FeedFailed(ctx, feedURL, "the server answered 500 Internal Server Error", testNow.Add(time.Hour)))
	if after := groups(t, s); len(after) != len(before) || after[0].Status != directory.StatusActive {
		t.Errorf("a failed sync changed the directory: %+v", after)
	}
	feeds, err := s.Feeds(ctx)
	must(t, err)
	if len(feeds) != 1 || feeds[0].Problem == "" || !feeds[0].Failed.After(feeds[0].Synced) { // failed an hour after
		t.Errorf("the failed feed: %+v", feeds)
	}
	same, err := s.SyncFeed(ctx, feedURL, "h1", feedImport(t, g), testNow.Add(2*time.Hour))
	must(t, err)
	syncs, err := s.FeedSyncs(ctx, testNow)
	must(t, err)
	if same.Any() || len(syncs) != 2 || syncs[1].Problem == "" {
		t.Errorf("syncs: %+v (the unchanged one %+v should not be recorded)", syncs, same)
	}
	removed, err := s.RemoveFeed(ctx, feedURL)
	must(t, err)
	if feeds, _ := s.Feeds(ctx); !removed || len(feeds) != 0 {
		t.Errorf("removing the feed: %v %+v", removed, feeds)
	}
	if g := findBySource(t, s, "mg-a"); g.Status != directory.StatusActive {
		t.Error("removing a feed should leave its groups as they are")
	}
}

// Words staff teach are kept by their normalized form, replaced when
// taught again, and forgotten.
func testTaughtWordsAreKept(t *testing.T, s directory.Store) {
	must(t, s.TeachWord(ctx, "Empty Nest", "aging", testNow))
	must(t, s.TeachWord(ctx, "empty nest", "grief", testNow))
	must(t, s.TeachWord(ctx, "Deuil blanc", "dementia", testNow))
	m, err := s.TaughtWords(ctx)
	must(t, err)
	if len(m) != 2 || m["empty nest"] != "grief" || m["deuil blanc"] != "dementia" {
		t.Errorf("taught: %v", m)
	}
	if gone, err := s.ForgetWord(ctx, "EMPTY NEST"); err != nil || !gone {
		t.Errorf("forget: %v %v", gone, err)
	}
	if m, _ := s.TaughtWords(ctx); len(m) != 1 {
		t.Errorf("after forgetting: %v", m)
	}
}

// Staff's choices for terms are kept, by their normalized words.
func testTermChoicesAreKept(t *testing.T, s directory.Store) {
	must(t, s.SetTerm(ctx, "Widowed Persons", "grief", testNow))
	must(t, s.SetTerm(ctx, "Mutual aid, seniors", "aging", testNow))
	must(t, s.SetTerm(ctx, "widowed persons", "suicide-loss", testNow)) // set again: replaced
	m, err := s.TermMap(ctx)
	must(t, err)
	if len(m) != 2 || m["widowed persons"] != "suicide-loss" || m["mutual aid seniors"] != "aging" {
		t.Errorf("term map: %v", m)
	}
	removed, err := s.RemoveTerm(ctx, "WIDOWED PERSONS")
	must(t, err)
	if m, _ := s.TermMap(ctx); !removed || len(m) != 1 {
		t.Errorf("after removing: %v %v", removed, m)
	}
}
