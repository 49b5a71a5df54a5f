package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/csvfile"
	"github.com/peerline/peerline/directory/hsds"
	"github.com/peerline/peerline/jobs"
	"github.com/peerline/peerline/words"
)

func (m *Main) importCmd(ctx context.Context, args []string) error {
	fs := m.flags("import", "[--db FILE] [--concern WORDS] [--zone IANA] [--prune] PATH|URL\n\n"+
		"PATH is a flat CSV file (.csv); an Open Referral HSDS 3 package: a folder or a .zip with\n"+
		"datapackage.json and its CSV files; or a Meeting Guide JSON feed (.json, or an http(s) URL),\n"+
		"whose meetings are filed under --concern. To carry a feed and re-import it every night, use\n"+
		"peerline feeds add.")
	db := m.dbFlag(fs)
	concern := fs.String("concern", "", "the concern a Meeting Guide feed's meetings are filed under (required for a feed)")
	zone := fs.String("zone", "", "IANA time zone for a feed's meetings that name none (default: by area code)")
	prune := fs.Bool("prune", false, "take off the line (mark inactive) the groups of earlier spreadsheets this file leaves out")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"import takes one PATH or URL"}
	}
	path := fs.Arg(0)
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	vocab, err := m.vocabWithTerms(ctx, w)
	if err != nil {
		return err
	}
	if isFeed(path) {
		return m.importFeed(ctx, w, vocab, path, *concern, *zone)
	}
	imp, err := readDirectory(path, vocab, w.areas)
	if err != nil {
		return err
	}
	if err := w.store.Import(ctx, imp, m.Now()); err != nil {
		return fmt.Errorf("importing %s: %w (nothing was written)", path, err)
	}
	r := imp.Report
	fmt.Fprintf(m.Stdout, "%s: %d added, %d updated, %d unchanged\n", path, r.Added, r.Updated, r.Unchanged)
	if err := m.audit(ctx, w.store, "directory.import", filepath.Base(path), "",
		fmt.Sprintf("%d added, %d updated, %d rows not read", r.Added, r.Updated, len(r.Errors))); err != nil {
		return err
	}
	if err := m.leftOut(ctx, w, imp, *prune); err != nil {
		return err
	}
	return m.reportImport(vocab, &imp.Report)
}

// reportImport prints what an import could not use: notes on the file,
// terms that named no concern (with the line's guess), and the rows not
// imported, each with its file and line.
func (m *Main) reportImport(vocab *directory.Vocabulary, r *directory.ImportReport) error {
	for _, n := range r.Notes {
		fmt.Fprintf(m.Stdout, "note: %s\n", n)
	}
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(m.Stdout, "\nThese terms named none of the line's concerns (a group left with none is not imported).\n"+
			"To file them: peerline terms set TERM CONCERN, then import again.\n")
		for _, t := range r.Unmatched {
			if c, ok := vocab.Suggest(t); ok {
				fmt.Fprintf(m.Stdout, "  %-40s perhaps %s (%s)\n", t, c.Code, c.NameEN)
			} else {
				fmt.Fprintf(m.Stdout, "  %s\n", t)
			}
		}
	}
	if len(r.Errors) > 0 {
		fmt.Fprintf(m.Stderr, "\n%d rows could not be imported (the other rows are in):\n", len(r.Errors))
		for _, e := range r.Errors {
			fmt.Fprintf(m.Stderr, "  %v\n", e)
		}
		return errReported
	}
	return nil
}

// leftOut says which groups of earlier spreadsheets this one leaves out
// (a feed's are its feed's to keep), and with prune takes them off.
func (m *Main) leftOut(ctx context.Context, w *world, imp *directory.Import, prune bool) error {
	in := map[string]bool{}
	for _, r := range imp.Rows {
		in[r.Group.SourceID] = true
	}
	all, err := w.store.Groups(ctx)
	if err != nil {
		return err
	}
	var out directory.Import
	for _, g := range all {
		if g.Source == "" && g.Status == directory.StatusActive && !in[g.SourceID] {
			g.Status = directory.StatusInactive
			out.Rows = append(out.Rows, directory.Row{Group: g, File: "prune"})
		}
	}
	switch n := len(out.Rows); {
	case n == 0:
		return nil
	case !prune:
		fmt.Fprintf(m.Stdout, "%s in the directory %s not in this file: unchanged. Use --prune to take them off the line.\n",
			words.Plural(n, "1 group", strconv.Itoa(n)+" groups"), words.Plural(n, "is", "are"))
		return nil
	}
	if err := w.store.Import(ctx, &out, m.Now()); err != nil {
		return fmt.Errorf("taking off the groups left out: %w", err)
	}
	fmt.Fprintf(m.Stdout, "%s not in this file taken off the line (kept, marked inactive).\n", words.Plural(len(out.Rows), "1 group", strconv.Itoa(len(out.Rows))+" groups"))
	return nil
}

// vocabWithTerms is the vocabulary with staff's stored term choices and
// the words they taught.
func (m *Main) vocabWithTerms(ctx context.Context, w *world) (*directory.Vocabulary, error) {
	if err := (&jobs.Words{Store: w.store, Vocab: w.vocab, Log: m.Log}).Load(ctx); err != nil {
		return nil, err
	}
	chosen, err := w.store.TermMap(ctx)
	if err != nil {
		return nil, err
	}
	vocab, unknown := w.vocab.WithTerms(chosen)
	for _, t := range unknown {
		fmt.Fprintf(m.Stderr, "note: the term %q is mapped to a concern the line no longer has; peerline terms set it again\n", t)
	}
	return vocab, nil
}

// readDirectory reads a CSV file or an HSDS package, by what path is.
func readDirectory(path string, vocab *directory.Vocabulary, areas *directory.Areas) (*directory.Import, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() || strings.EqualFold(filepath.Ext(path), ".zip") {
		return hsds.Read(path, vocab, areas)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csvfile.Read(f, filepath.Base(path), vocab, areas)
}

func (m *Main) exportCmd(ctx context.Context, args []string) error {
	fs := m.flags("export", "[--db FILE] --format csv|hsds [--force] OUT\n\nOUT is a file for csv (- for standard output); a folder, or a file ending in .zip, for hsds.\nAn existing OUT is never overwritten without --force.")
	db := m.dbFlag(fs)
	format := fs.String("format", "csv", "csv or hsds")
	force := fs.Bool("force", false, "overwrite OUT if it exists")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"export takes one OUT"}
	}
	out := fs.Arg(0)
	if _, err := os.Stat(out); err == nil && out != "-" && !*force {
		return usageError{fmt.Sprintf("%s already exists; export will not overwrite it without --force", out)}
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	groups, err := w.store.Groups(ctx)
	if err != nil {
		return err
	}
	switch *format {
	case "csv":
		if out == "-" {
			return csvfile.Write(m.Stdout, groups)
		}
		err = writeFile(out, func(wr io.Writer) error { return csvfile.Write(wr, groups) })
	case "hsds":
		err = hsds.Write(out, groups)
	default:
		return usageError{fmt.Sprintf("unknown format %q: csv or hsds", *format)}
	}
	if err != nil {
		return fmt.Errorf("exporting to %s: %w", out, err)
	}
	fmt.Fprintf(m.Stderr, "exported %d groups to %s\n", len(groups), out)
	return nil
}

// writeFile writes a file whole or not at all.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".peerline-export-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func (m *Main) searchCmd(ctx context.Context, args []string) error {
	fs := m.flags("search", "[--db FILE] --concern TEXT --area NPA [--json]")
	db := m.dbFlag(fs)
	concern := fs.String("concern", "", "what the group is about, in English or French: grief, deuil, care giver")
	area := fs.String("area", "", "a three-digit area code, a town, or a caller's phone number")
	lang := fs.String("lang", "en", "the caller's language: en or fr")
	limit := fs.Int("limit", 10, "how many groups to list")
	online := fs.Bool("online", false, "include online-only groups")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if *concern == "" || *area == "" {
		fs.Usage()
		return usageError{"search needs --concern and --area"}
	}
	l, err := directory.ParseLang(*lang)
	if err != nil {
		return usageError{err.Error()}
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	ans, err := w.finder(m.Now).Find(ctx, directory.Request{
		Concern: *concern, Area: *area, Channel: directory.ChannelStaff, Lang: l, Online: *online, Limit: *limit,
	})
	if err != nil {
		return fmt.Errorf("%q in %q: %w", *concern, *area, err)
	}
	if *asJSON {
		return writeJSON(m.Stdout, ans)
	}
	return writeText(m.Stdout, ans, l)
}

// searchJSON is the --json form of an answer: stable field names for scripts.
type searchJSON struct {
	Concern string       `json:"concern"`
	Area    string       `json:"area"`
	Town    string       `json:"town,omitempty"`
	Total   int          `json:"total"`
	Groups  []resultJSON `json:"groups"`
}

type resultJSON struct {
	Code        int      `json:"code"`
	Name        string   `json:"name"`
	Mode        string   `json:"mode"`
	Town        string   `json:"town,omitempty"`
	DistanceKm  *float64 `json:"distance_km,omitempty"`
	NextMeeting string   `json:"next_meeting,omitempty"`
	Phone       string   `json:"phone,omitempty"`
	Dialin      string   `json:"dialin,omitempty"`
	AccessCode  string   `json:"access_code,omitempty"`
	Languages   []string `json:"languages,omitempty"`
}

func writeJSON(w io.Writer, a directory.Answer) error {
	out := searchJSON{Concern: a.Match.Concern.Code, Area: a.Caller.Complex.Key(), Total: a.Total, Groups: []resultJSON{}}
	if a.Caller.Town != nil {
		out.Town = a.Caller.Town.Name
	}
	for _, r := range a.Results {
		g := r.Group
		j := resultJSON{Code: g.Code, Name: g.Name, Mode: string(r.Mode), Phone: g.Phone}
		if g.Place != nil && r.Mode == directory.InPerson {
			j.Town = g.Place.City
		}
		if r.DistanceKm >= 0 {
			d := r.DistanceKm
			j.DistanceKm = &d
		}
		if !r.Next.IsZero() {
			j.NextMeeting = r.Next.Format("2006-01-02T15:04:05-07:00")
		}
		if g.Dialin != nil {
			j.Dialin, j.AccessCode = g.Dialin.Number, g.Dialin.AccessCode
		}
		for _, l := range g.Languages {
			j.Languages = append(j.Languages, string(l))
		}
		out.Groups = append(out.Groups, j)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// writeText prints an answer for staff: each group's code, how the caller
// would attend, and its next meeting as the line would write it to a
// caller of the area searched.
func writeText(w io.Writer, a directory.Answer, lang directory.Lang) error {
	cat := words.NewBook().In(lang)
	where := a.Caller.Complex.Region(lang)
	if a.Caller.Town != nil {
		where = a.Caller.Town.Name
	}
	fmt.Fprintf(w, "%s, %s area (%s): %s\n", a.Match.Concern.Name(lang), a.Caller.Complex.Key(), where, words.Fill(words.Plural(a.Total, "1 group", "{n} groups"), "n", strconv.Itoa(a.Total)))
	if a.Match.Typo {
		fmt.Fprintf(w, "(read as %q)\n", a.Match.Concern.Name(lang))
	}
	writer := cat.Writer(a.Caller.Location())
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, r := range a.Results {
		g := r.Group
		how := writer.HowShort(r)
		if r.Mode == directory.InPerson && r.DistanceKm >= 0 { // staff see every distance, to the km
			how = fmt.Sprintf("%s (%.0f km)", g.Place.City, r.DistanceKm)
		}
		next := "no meeting listed"
		if !r.Next.IsZero() {
			next = "next " + writer.At(r.Next, &g)
		}
		fmt.Fprintf(tw, "%2d.\t%s\t#%d\t%s\t%s\n", i+1, g.Name, g.Code, how, next)
	}
	return tw.Flush()
}
