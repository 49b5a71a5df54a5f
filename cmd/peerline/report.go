package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
)

// reportCmd prints the planner's report: how much the line was used,
// what people asked for and did not find, who is waiting, and what became
// of the reminders. Counts only: the report never holds a phone number.
func (m *Main) reportCmd(ctx context.Context, args []string) error {
	fs := m.flags("report", "[--db FILE] [--since DURATION] [--format text|csv]\n\n"+
		"What people asked the line for, and what they did not find. DURATION is\n"+
		"like 30d, 2w, 12h or 1w3d (d = day, w = week), counted back from now.")
	db := m.dbFlag(fs)
	sinceFlag := fs.String("since", "30d", "how far back to count: 30d, 2w, 12h, 1w3d")
	format := fs.String("format", "text", "text (to read) or csv (one table, for a spreadsheet)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return usageError{"report takes no arguments, only flags"}
	}
	back, err := parseSince(*sinceFlag)
	if err != nil {
		fs.Usage()
		return usageError{err.Error()}
	}
	if *format != "text" && *format != "csv" {
		fs.Usage()
		return usageError{fmt.Sprintf("unknown format %q: text or csv", *format)}
	}
	vocab, err := directory.LoadVocabulary()
	if err != nil {
		return err
	}
	areas, err := directory.LoadAreas()
	if err != nil {
		return err
	}
	store, err := m.openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	now := m.Now()
	rep, err := store.Report(ctx, now.Add(-back))
	if err != nil {
		return fmt.Errorf("reading the report: %w", err)
	}
	n := namer{vocab: vocab, areas: areas}
	flags, err := store.ListingFlags(ctx) // verify.go
	if err != nil {
		return fmt.Errorf("reading the flagged listings: %w", err)
	}
	ready, threshold, err := m.readyToStart(ctx, store, areas, now) // starting.go
	if err != nil {
		return err
	}
	if *format == "csv" {
		if err := writeReportCSV(m.Stdout, rep, n, flags); err != nil {
			return err
		}
		return writeReadyCSV(m.Stdout, ready, n)
	}
	syncs, err := store.FeedSyncs(ctx, now.Add(-back))
	if err != nil {
		return fmt.Errorf("reading the feeds' syncs: %w", err)
	}
	if err := writeReportText(m.Stdout, rep, now, n); err != nil {
		return err
	}
	if err := writeFlagsText(m.Stdout, flags); err != nil {
		return err
	}
	if err := writeReadyText(m.Stdout, ready, threshold, n); err != nil {
		return err
	}
	return writeFeedSyncs(m.Stdout, syncs)
}

// writeFeedSyncs lists the feed syncs of the period that changed the
// directory or failed: what the line's listings gained and lost.
func writeFeedSyncs(w io.Writer, syncs []directory.FeedSync) error {
	if len(syncs) == 0 {
		return nil
	}
	tw := tabwriter.NewWriter(w, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "\nFeeds: syncs that changed the directory or failed (UTC)")
	fmt.Fprintln(tw, "  when\tfeed\tadded\tchanged\ttaken off\tproblem")
	for _, s := range syncs {
		fmt.Fprintf(tw, "  %s\t%s\t%d\t%d\t%d\t%s\n", s.At.UTC().Format("2006-01-02 15:04"), s.URL, s.Added, s.Changed, s.TakenOff, orDash(s.Problem))
	}
	return tw.Flush()
}

// parseSince reads a look-back: Go's durations (12h, 90m) plus days (d)
// and weeks (w), alone or together (1w3d, 2d12h). It must be positive.
func parseSince(s string) (time.Duration, error) {
	s = strings.TrimSpace(strings.ToLower(s))
	bad := fmt.Errorf("--since %q: want a duration like 30d, 2w, 12h or 1w3d", s)
	if s == "" {
		return 0, bad
	}
	var total time.Duration
	rest := s
	for rest != "" {
		i := 0
		for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
			i++
		}
		if i == 0 || i == len(rest) {
			return 0, bad
		}
		n, err := strconv.Atoi(rest[:i])
		if err != nil || n > 10000 {
			return 0, bad
		}
		unit := map[byte]time.Duration{'w': 7 * 24 * time.Hour, 'd': 24 * time.Hour, 'h': time.Hour, 'm': time.Minute, 's': time.Second}[rest[i]]
		if unit == 0 {
			// Not one of ours: let Go read the whole (1.5h, 300ms).
			d, err := time.ParseDuration(s)
			if err != nil {
				return 0, bad
			}
			total, rest = d, ""
			break
		}
		total += time.Duration(n) * unit
		rest = rest[i+1:]
	}
	if total <= 0 {
		return 0, fmt.Errorf("--since %q: must be more than zero", s)
	}
	return total, nil
}

// namer turns codes into the words staff read.
type namer struct {
	vocab *directory.Vocabulary
	areas *directory.Areas
}

func (n namer) concern(code string) string {
	if code == "" {
		return "(no concern understood)"
	}
	if c, ok := n.vocab.Concern(code); ok {
		return c.NameEN
	}
	return code
}

func (n namer) area(key string) string {
	if key == "" {
		return "(area not known)"
	}
	if c, ok := n.areas.Complex(key); ok {
		return c.Key() + " (" + c.RegionEN + ")"
	}
	return key
}

func writeReportText(w io.Writer, r directory.Report, now time.Time, n namer) error {
	ew := &errWriter{w: w}
	days := now.Sub(r.Since).Hours() / 24
	span := fmt.Sprintf("%.0f days", days)
	if days < 2 {
		span = fmt.Sprintf("%.0f hours", now.Sub(r.Since).Hours())
	}
	ew.printf("peerline report: %s to %s (%s)\n",
		r.Since.UTC().Format("Mon Jan 2 2006 15:04 MST"), now.UTC().Format("Mon Jan 2 2006 15:04 MST"), span)

	ew.printf("\nCalls and texts answered (by UTC day, from %s)\n", r.ActivityFrom)
	rows := [][]string{}
	for _, a := range r.Activity {
		rows = append(rows, []string{a.Channel, a.Kind, strconv.Itoa(a.Count)})
	}
	ew.table([]string{"channel", "kind", "count"}, 2, rows)

	share := ""
	if r.Searches > 0 {
		share = fmt.Sprintf(" (%.0f%%)", 100*float64(r.FoundNothing)/float64(r.Searches))
	}
	ew.printf("\nSearches: %d, of which %d found nothing%s\n", r.Searches, r.FoundNothing, share)

	ew.printf("\nSearches by concern\n")
	rows = rows[:0]
	for _, c := range r.ByConcern {
		rows = append(rows, []string{n.concern(c.Concern), strconv.Itoa(c.Searches), strconv.Itoa(c.FoundNothing)})
	}
	ew.table([]string{"concern", "searches", "found nothing"}, 1, rows)

	ew.printf("\nSearches by area\n")
	rows = rows[:0]
	for _, c := range r.ByArea {
		rows = append(rows, []string{n.area(c.Area), strconv.Itoa(c.Searches), strconv.Itoa(c.FoundNothing)})
	}
	ew.table([]string{"area", "searches", "found nothing"}, 1, rows)

	ew.printf("\nFound nothing: the unmet need, most asked first\n")
	rows = rows[:0]
	for _, u := range r.Unmet {
		rows = append(rows, []string{n.concern(u.Concern), n.area(u.Area), strconv.Itoa(u.Count)})
	}
	ew.table([]string{"concern", "area", "searches"}, 2, rows)

	ew.printf("\nWaiting to hear when a group starts (open wait-list entries, now)\n")
	rows = rows[:0]
	for _, u := range r.Waiting {
		rows = append(rows, []string{n.concern(u.Concern), n.area(u.Area), strconv.Itoa(u.Count)})
	}
	ew.table([]string{"concern", "area", "people"}, 2, rows)

	ew.printf("\nReminders and notices queued in the period, by what became of them\n")
	rows = rows[:0]
	for _, o := range r.Outbox {
		d := o.Delivery
		if d == "" {
			d = "-"
		}
		rows = append(rows, []string{o.Kind, o.State, d, strconv.Itoa(o.Count)})
	}
	ew.table([]string{"kind", "state", "Twilio status", "messages"}, 3, rows)
	return ew.err
}

// reportCSVHeader is the one table the CSV report is: a row per count,
// its section saying what it counts; columns a section does not use are
// empty.
var reportCSVHeader = []string{"section", "channel", "kind", "concern", "concern_name", "area", "area_name", "state", "delivery", "count", "found_nothing",
	"group", "group_name", "since"}

func writeReportCSV(w io.Writer, r directory.Report, n namer, flags []directory.ListingFlag) error {
	cw := csv.NewWriter(w)
	cw.Write(reportCSVHeader)
	row := func(section string, set map[string]string) {
		rec := make([]string, len(reportCSVHeader))
		rec[0] = section
		for i, col := range reportCSVHeader[1:] {
			rec[i+1] = set[col]
		}
		cw.Write(rec)
	}
	itoa := strconv.Itoa
	for _, a := range r.Activity {
		row("activity", map[string]string{"channel": a.Channel, "kind": a.Kind, "count": itoa(a.Count)})
	}
	row("searches", map[string]string{"count": itoa(r.Searches), "found_nothing": itoa(r.FoundNothing)})
	for _, c := range r.ByConcern {
		row("searches_by_concern", map[string]string{"concern": c.Concern, "concern_name": n.concern(c.Concern),
			"count": itoa(c.Searches), "found_nothing": itoa(c.FoundNothing)})
	}
	for _, c := range r.ByArea {
		row("searches_by_area", map[string]string{"area": c.Area, "area_name": n.area(c.Area),
			"count": itoa(c.Searches), "found_nothing": itoa(c.FoundNothing)})
	}
	for _, u := range r.Unmet {
		row("found_nothing", map[string]string{"concern": u.Concern, "concern_name": n.concern(u.Concern),
			"area": u.Area, "area_name": n.area(u.Area), "count": itoa(u.Count)})
	}
	for _, u := range r.Waiting {
		row("waiting", map[string]string{"concern": u.Concern, "concern_name": n.concern(u.Concern),
			"area": u.Area, "area_name": n.area(u.Area), "count": itoa(u.Count)})
	}
	for _, o := range r.Outbox {
		row("outbox", map[string]string{"kind": o.Kind, "state": o.State, "delivery": o.Delivery, "count": itoa(o.Count)})
	}
	for _, f := range flags {
		row("listing_flagged", flagCSV(f))
	}
	cw.Flush()
	return cw.Error()
}

// errWriter keeps the first write error, so the report is written
// without checking every line.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// table prints rows under a header, indented, the first text columns
// left-aligned and the rest (numbers) right-aligned; "none" when empty.
func (e *errWriter) table(header []string, text int, rows [][]string) {
	if len(rows) == 0 {
		e.printf("  none\n")
		return
	}
	width := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for i, cell := range r {
			width[i] = max(width[i], utf8.RuneCountInString(cell))
		}
	}
	for _, r := range append([][]string{header}, rows...) {
		var b strings.Builder
		for i, cell := range r {
			pad := strings.Repeat(" ", width[i]-utf8.RuneCountInString(cell))
			b.WriteString("  ")
			if i < text {
				b.WriteString(cell + pad)
			} else {
				b.WriteString(pad + cell)
			}
		}
		e.printf("%s\n", strings.TrimRight(b.String(), " "))
	}
}
