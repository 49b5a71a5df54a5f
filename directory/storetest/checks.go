package storetest

import (
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// Listing checks (issue 14): asks, answers, the staff's list.

const askedNumber = "+17055550160"

func ask(t *testing.T, s directory.Store, groupID int64, number string, at time.Time) directory.ListingAsk {
	t.Helper()
	a, err := s.AskListing(ctx, directory.ListingAsk{GroupID: groupID, Role: directory.AskContact, Number: number,
		Channel: directory.ByText, Lang: directory.English, At: at})
	must(t, err)
	if a.ID == 0 || a.Number != askedNumber {
		t.Fatalf("asked: %+v", a)
	}
	return a
}

func flags(t *testing.T, s directory.Store) []directory.ListingFlag {
	t.Helper()
	fs, err := s.ListingFlags(ctx)
	must(t, err)
	return fs
}

// A YES to the open ask confirms the listing by the ask's role, and the
// number is let go; a second YES finds no open ask.
func testListingAskAnsweredYes(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	a := ask(t, s, g.ID, "(705) 555-0160", testNow)
	open, ok, err := s.OpenAsk(ctx, askedNumber)
	must(t, err)
	if !ok || open.ID != a.ID || open.GroupID != g.ID || open.Role != directory.AskContact || !open.At.Equal(testNow) {
		t.Fatalf("open ask: %+v %v", open, ok)
	}
	answered := testNow.Add(2 * time.Hour)
	took, err := s.AnswerAsk(ctx, a.ID, directory.CheckYes, answered)
	must(t, err)
	if !took {
		t.Fatal("the open ask did not take the answer")
	}
	l, _, err := s.Confirmed(ctx, g.ID)
	must(t, err)
	if l.By != directory.AskContact || !l.Seen.Equal(answered) {
		t.Errorf("after YES the listing reads %+v", l)
	}
	if _, ok, _ := s.OpenAsk(ctx, askedNumber); ok {
		t.Error("an answered ask is still open")
	}
	got, _, err := s.ListingAskByID(ctx, a.ID)
	must(t, err)
	if got.Number != "" || got.Answer != directory.CheckYes || !got.AnsweredAt.Equal(answered) {
		t.Errorf("the answered ask: %+v", got)
	}
	if took, err := s.AnswerAsk(ctx, a.ID, directory.CheckChanged, answered); err != nil || took {
		t.Errorf("a second answer: %v %v", took, err)
	}
	if len(flags(t, s)) != 0 {
		t.Error("a YES put the listing on the staff's list")
	}
}

// CHANGED puts the listing on the staff's list, once, with who said it.
func testListingAskAnsweredChanged(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	a := ask(t, s, g.ID, askedNumber, testNow)
	took, err := s.AnswerAsk(ctx, a.ID, directory.CheckChanged, testNow.Add(time.Hour))
	must(t, err)
	must(t, s.FlagListing(ctx, g.ID, directory.FlagNoAnswer, directory.AskContact, testNow.Add(2*time.Hour)))
	fs := flags(t, s)
	if !took || len(fs) != 1 {
		t.Fatalf("took %v, flags %+v", took, fs)
	}
	f := fs[0]
	if f.Code != g.Code || f.Name != g.Name || f.Phone != g.Phone || f.Reason != directory.FlagChanged ||
		f.Role != directory.AskContact || !f.At.Equal(testNow.Add(time.Hour)) {
		t.Errorf("flag: %+v", f)
	}
	if _, ok, _ := s.OpenAsk(ctx, askedNumber); ok {
		t.Error("a flagged listing's ask still holds the number")
	}
	l, _, err := s.Confirmed(ctx, g.ID)
	must(t, err)
	if !l.Seen.Equal(testNow) {
		t.Errorf("CHANGED confirmed the listing: %+v", l)
	}
}

// Asks are listed by round; a dropped ask does not count; the latest
// open ask takes a text's answer, and the answer lets go of every
// number the round held.
func testListingAsksKeepOneNumber(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	first := ask(t, s, g.ID, askedNumber, testNow)
	second := ask(t, s, g.ID, askedNumber, testNow.Add(directory.AskEvery))
	dropped := ask(t, s, g.ID, askedNumber, testNow.Add(2*directory.AskEvery))
	must(t, s.DropAsk(ctx, dropped.ID))
	asks, err := s.ListingAsks(ctx, g.ID, testNow.Add(-time.Second))
	must(t, err)
	if len(asks) != 2 || asks[0].ID != first.ID || asks[1].ID != second.ID {
		t.Fatalf("asks: %+v", asks)
	}
	if later, _ := s.ListingAsks(ctx, g.ID, testNow); len(later) != 1 {
		t.Errorf("asks after the first: %d; want 1", len(later))
	}
	open, ok, err := s.OpenAsk(ctx, askedNumber)
	must(t, err)
	if !ok || open.ID != second.ID {
		t.Fatalf("open ask: %+v %v; want the second", open, ok)
	}
	if took, err := s.AnswerAsk(ctx, second.ID, directory.CheckYes, testNow); err != nil || !took {
		t.Fatalf("answer: %v %v", took, err)
	}
	asks, err = s.ListingAsks(ctx, g.ID, testNow.Add(-time.Second))
	must(t, err)
	for _, a := range asks {
		if a.Number != "" {
			t.Errorf("ask %d still holds the number after the answer", a.ID)
		}
	}
	if took, err := s.AnswerAsk(ctx, first.ID, directory.CheckYes, testNow); err != nil || took {
		t.Errorf("an earlier ask of an answered round took an answer: %v %v", took, err)
	}
}

// Three unanswered asks put a listing on the list; staff resolving it
// confirm it and take it off.
func testListingFlaggedAndResolved(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	for i := range directory.CheckRound {
		ask(t, s, g.ID, askedNumber, testNow.Add(time.Duration(i)*directory.AskEvery))
	}
	flagged := testNow.Add(directory.CheckRound * directory.AskEvery)
	must(t, s.FlagListing(ctx, g.ID, directory.FlagNoAnswer, directory.AskContact, flagged))
	if fs := flags(t, s); len(fs) != 1 || fs[0].Reason != directory.FlagNoAnswer || !fs[0].At.Equal(flagged) {
		t.Fatalf("flags: %+v", fs)
	}
	if _, ok, _ := s.OpenAsk(ctx, askedNumber); ok {
		t.Error("a number is still held after the listing was flagged")
	}
	other := findBySource(t, s, "elliot-grief")
	if ok, err := s.ResolveFlags(ctx, other.ID, "jo@centre.example", flagged); err != nil || ok {
		t.Errorf("resolving a listing not on the list: %v %v", ok, err)
	}
	resolved := flagged.Add(time.Hour)
	ok, err := s.ResolveFlags(ctx, g.ID, "jo@centre.example", resolved)
	must(t, err)
	if !ok || len(flags(t, s)) != 0 {
		t.Errorf("resolved %v; flags left %+v", ok, flags(t, s))
	}
	l, _, err := s.Confirmed(ctx, g.ID)
	must(t, err)
	if l.By != "jo@centre.example" || !l.Seen.Equal(resolved) {
		t.Errorf("resolving did not confirm the listing: %+v", l)
	}
}

// Every read of a group says when its listing was last seen right, also
// a search's, after a confirmation.
func testListingSeenIsReadWithTheGroup(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	if !g.Seen.Equal(testNow) {
		t.Fatalf("imported at %v, seen %v", testNow, g.Seen)
	}
	search := func() directory.Group {
		t.Helper()
		rs, _, err := s.Search(ctx, directory.Query{Concern: "grief", Complex: complexOf(t, areas(t), "705"), Now: testNow})
		must(t, err)
		for _, r := range rs {
			if r.Group.ID == g.ID {
				return r.Group
			}
		}
		t.Fatal("the group was not found")
		return directory.Group{}
	}
	search() // the cache now holds it
	later := testNow.AddDate(0, 3, 0)
	must(t, s.ConfirmListing(ctx, g.ID, "jo@centre.example", later))
	byID, _, err := s.GroupByID(ctx, g.ID)
	must(t, err)
	if !byID.Seen.Equal(later) || !search().Seen.Equal(later) {
		t.Errorf("after confirming: read %v, searched %v; want %v", byID.Seen, search().Seen, later)
	}
}

// Forgetting a number lets go of the ask awaiting its answer.
func testForgetLetsGoOfAListingAsk(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	a := ask(t, s, g.ID, askedNumber, testNow)
	_, err := s.Forget(ctx, askedNumber)
	must(t, err)
	if _, ok, _ := s.OpenAsk(ctx, askedNumber); ok {
		t.Error("the forgotten number still has an open ask")
	}
	got, _, err := s.ListingAskByID(ctx, a.ID)
	must(t, err)
	if got.Number != "" {
		t.Errorf("the ask still holds %s", directory.Mask(got.Number))
	}
}

// A search with SeenAfter leaves out the listings last seen right before
// it, until one is confirmed; feeds' groups and staff's searches are not
// concerned.
func testUnconfirmedListingsAreHidden(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	later := testNow.AddDate(2, 0, 0)
	q := directory.Query{Concern: "grief", Complex: complexOf(t, areas(t), "705"), Now: later}
	all := searchNames(t, s, q)
	q.SeenAfter = later.AddDate(-1, 0, 0)
	if hidden := searchNames(t, s, q); len(hidden) != 0 {
		t.Errorf("listings unconfirmed for two years are offered: %v", hidden)
	}
	must(t, s.ConfirmListing(ctx, g.ID, directory.AskLeader, later))
	if got := searchNames(t, s, q); len(got) != 1 || got[0] != g.Name || len(all) < 2 {
		t.Errorf("after confirming one: %v (of %v)", got, all)
	}
	f := &directory.Finder{Store: s, Vocab: vocab(t), Areas: areas(t), Now: func() time.Time { return later }, HideAfter: 365 * 24 * time.Hour}
	for _, c := range []struct {
		channel string
		want    int
	}{{directory.ChannelSMS, 1}, {directory.ChannelStaff, len(all)}} {
		ans, err := f.Find(ctx, directory.Request{Concern: "grief", Area: "705", Channel: c.channel})
		must(t, err)
		if ans.Total != c.want {
			t.Errorf("%s search: %d groups; want %d", c.channel, ans.Total, c.want)
		}
	}
}

// Staff editing a flagged listing is their answer to it: it leaves the
// list, and a later CHANGED puts it back.
func testAnEditTakesAListingOffTheList(t *testing.T, s directory.Store) {
	withFixture(t, s)
	g := findBySource(t, s, "sault-grief")
	must(t, s.FlagListing(ctx, g.ID, directory.FlagChanged, directory.AskContact, testNow.Add(time.Hour)))
	g.Description = "Now meets at the library."
	imp := &directory.Import{Rows: []directory.Row{{Group: g, File: "edit", Line: 2}}}
	must(t, s.Import(ctx, imp, testNow.Add(2*time.Hour)))
	if fs := flags(t, s); len(fs) != 0 {
		t.Fatalf("an edited listing is still on the list: %+v", fs)
	}
	a := ask(t, s, g.ID, askedNumber, testNow.Add(3*time.Hour))
	if took, err := s.AnswerAsk(ctx, a.ID, directory.CheckChanged, testNow.Add(4*time.Hour)); err != nil || !took {
		t.Fatalf("answer: %v %v", took, err)
	}
	if fs := flags(t, s); len(fs) != 1 || !fs[0].At.Equal(testNow.Add(4*time.Hour)) {
		t.Errorf("after a new CHANGED: %+v", fs)
	}
}
