package main

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/jobs"
)

// isFeed tells a Meeting Guide feed from a spreadsheet or a package: a
// .json file, or a web address.
func isFeed(path string) bool {
	return strings.HasPrefix(path, "http://") || strings.HasPrefix(path, "https://") || strings.EqualFold(strings.TrimSpace(path[max(0, len(path)-5):]), ".json")
}

// feedConcern reads --concern as the line does any words for a concern.
func feedConcern(vocab *directory.Vocabulary, words string) (string, error) {
	if words == "" {
		return "", usageError{"a Meeting Guide feed needs --concern: the concern its meetings are filed under, like --concern alcohol"}
	}
	if c, ok := vocab.Concern(words); ok {
		return c.Code, nil
	}
	if m, ok := vocab.Match(words); ok && !m.Typo {
		return m.Concern.Code, nil
	}
	return "", usageError{fmt.Sprintf("%q names none of the line's concerns (see directory/data/concerns.csv)", words)}
}

func checkZone(zone string) error {
	if zone == "" {
		return nil
	}
	if _, err := time.LoadLocation(zone); err != nil {
		return usageError{fmt.Sprintf("--zone %q is not a time zone; use an IANA name like America/Toronto", zone)}
	}
	return nil
}

// importFeed imports a Meeting Guide feed once, as a spreadsheet is
// imported: it adds and updates its meetings, and takes nothing off.
// (A feed carried with peerline feeds add is the authority for its
// groups; one imported once is not.)
func (m *Main) importFeed(ctx context.Context, w *world, vocab *directory.Vocabulary, path, concern, zone string) error {
	code, err := feedConcern(vocab, concern)
	if err != nil {
		return err
	}
	if err := checkZone(zone); err != nil {
		return err
	}
	f := m.feeds(w, vocab)
	imp, _, err := f.Read(ctx, directory.Feed{URL: path, Concern: code, Zone: zone})
	if err != nil {
		return fmt.Errorf("%s: %w (nothing was written)", path, err)
	}
	if err := w.store.Import(ctx, imp, m.Now()); err != nil {
		return fmt.Errorf("importing %s: %w (nothing was written)", path, err)
	}
	r := imp.Report
	fmt.Fprintf(m.Stdout, "%s: %d added, %d updated, %d unchanged\n", path, r.Added, r.Updated, r.Unchanged)
	return m.reportImport(vocab, &imp.Report)
}

func (m *Main) feeds(w *world, vocab *directory.Vocabulary) *jobs.Feeds {
	return &jobs.Feeds{Store: w.store, Vocab: vocab, Areas: w.areas, Now: m.Now, Log: m.Log}
}

// feedsCmd manages the feeds serve re-imports every night.
func (m *Main) feedsCmd(ctx context.Context, args []string) error {
	fs := m.flags("feeds", "[--db FILE] add --concern WORDS [--zone IANA] URL | list | remove URL | sync\n\n"+
		"A feed is the authority for its own groups: a meeting it no longer lists is taken off the line\n"+
		"(kept, marked inactive). serve syncs every feed each night at 3 a.m.; sync does it now.")
	db := m.dbFlag(fs)
	concern := fs.String("concern", "", "add: the concern the feed's meetings are filed under")
	zone := fs.String("zone", "", "add: IANA time zone for meetings that name none (default: by area code)")
	verb, err := parseVerb(fs, args)
	if err != nil {
		return err
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	switch {
	case verb == "add" && fs.NArg() == 1:
		return m.feedAdd(ctx, w, fs.Arg(0), *concern, *zone)
	case verb == "list" && fs.NArg() == 0:
		return m.feedList(ctx, w)
	case verb == "remove" && fs.NArg() == 1:
		removed, err := w.store.RemoveFeed(ctx, fs.Arg(0))
		if err == nil && !removed {
			return fmt.Errorf("no feed %s", fs.Arg(0))
		}
		if err == nil {
			fmt.Fprintf(m.Stdout, "removed %s; its groups stay as they are\n", fs.Arg(0))
			err = m.audit(ctx, w.store, "feed.remove", fs.Arg(0), "carried", "")
		}
		return err
	case verb == "sync" && fs.NArg() == 0:
		return m.feedSync(ctx, w)
	}
	fs.Usage()
	return usageError{"feeds: add URL, list, remove URL or sync"}
}

func (m *Main) feedAdd(ctx context.Context, w *world, url, concern, zone string) error {
	code, err := feedConcern(w.vocab, concern)
	if err != nil {
		return err
	}
	if err := checkZone(zone); err != nil {
		return err
	}
	if !isFeed(url) {
		return usageError{fmt.Sprintf("%s is not a Meeting Guide feed: an http(s) address or a .json file", url)}
	}
	if err := w.store.AddFeed(ctx, directory.Feed{URL: url, Concern: code, Zone: zone, Added: m.Now()}); err != nil {
		return err
	}
	if err := m.audit(ctx, w.store, "feed.add", url, "", code+" "+zone); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "added %s (%s); it is synced now, and every night\n", url, code)
	return m.feedSync(ctx, w)
}

func (m *Main) feedList(ctx context.Context, w *world) error {
	feeds, err := w.store.Feeds(ctx)
	if err != nil {
		return err
	}
	if len(feeds) == 0 {
		fmt.Fprintln(m.Stdout, "no feeds; add one with peerline feeds add --concern WORDS URL")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "feed\tconcern\tzone\tgroups\tlast synced\tproblem")
	for _, f := range feeds {
		problem := ""
		if f.Problem != "" { // a sync clears it

			problem = f.Failed.UTC().Format("2006-01-02 15:04") + ": " + f.Problem
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%s\t%s\n", f.URL, f.Concern, orDash(f.Zone), f.Groups, when(f.Synced), problem)
	}
	return tw.Flush()
}

// feedSync syncs every feed now and says what each did; it fails when
// any feed could not be read (the others are synced).
func (m *Main) feedSync(ctx context.Context, w *world) error {
	syncs, err := m.feeds(w, w.vocab).SyncAll(ctx)
	failed := 0
	for _, s := range syncs {
		switch {
		case s.Problem != "":
			failed++
			fmt.Fprintf(m.Stderr, "%s: not synced, nothing changed: %s\n", s.URL, s.Problem)
		case !s.Any() && s.Unchanged == 0:
			fmt.Fprintf(m.Stdout, "%s: unchanged since the last sync\n", s.URL)
		default:
			fmt.Fprintf(m.Stdout, "%s: %d added, %d changed, %d taken off, %d unchanged\n", s.URL, s.Added, s.Changed, s.TakenOff, s.Unchanged)
		}
		for _, e := range s.Rejected {
			fmt.Fprintf(m.Stderr, "  not read: %v\n", e)
		}
	}
	if err != nil {
		return err
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// termsCmd manages the concerns staff chose for terms of imported data
// the vocabulary does not know; imports read them so.
func (m *Main) termsCmd(ctx context.Context, args []string) error {
	fs := m.flags("terms", "[--db FILE] list | set TERM CONCERN | remove TERM\n\n"+
		"A term is a concern name or taxonomy term from imported data, as an import listed it.")
	db := m.dbFlag(fs)
	verb, err := parseVerb(fs, args)
	if err != nil {
		return err
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	switch {
	case verb == "list" && fs.NArg() == 0:
		chosen, err := w.store.TermMap(ctx)
		if err != nil {
			return err
		}
		for _, t := range sortedKeys(chosen) {
			fmt.Fprintf(m.Stdout, "%s\t%s\n", t, chosen[t])
		}
		return nil
	case verb == "set" && fs.NArg() == 2:
		c, err := feedConcern(w.vocab, fs.Arg(1))
		if err != nil {
			return err
		}
		if err := w.store.SetTerm(ctx, fs.Arg(0), c, m.Now()); err != nil {
			return err
		}
		if err := m.audit(ctx, w.store, "term.set", fs.Arg(0), "", c); err != nil {
			return err
		}
		fmt.Fprintf(m.Stdout, "%q is now read as %s; import again to file its groups\n", fs.Arg(0), c)
		return nil
	case verb == "remove" && fs.NArg() == 1:
		removed, err := w.store.RemoveTerm(ctx, fs.Arg(0))
		if err == nil && !removed {
			return fmt.Errorf("no term %q", fs.Arg(0))
		}
		if err == nil {
			err = m.audit(ctx, w.store, "term.remove", fs.Arg(0), "mapped", "")
		}
		return err
	}
	fs.Usage()
	return usageError{"terms: list, set TERM CONCERN or remove TERM"}
}

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04")
}
