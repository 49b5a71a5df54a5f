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
	"github.com/peerline/peerline/words"
)

func (m *Main) importCmd(ctx context.Context, args []string) error {
	fs := m.flags("import", "[--db FILE] PATH\n\nPATH is a flat CSV file (.csv), or an Open Referral HSDS 3 package:\na folder or a .zip with datapackage.json and its CSV files.")
	db := m.dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"import takes one PATH"}
	}
	path := fs.Arg(0)
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	imp, err := readDirectory(path, w)
	if err != nil {
		return err
	}
	if err := w.store.Import(ctx, imp, m.Now()); err != nil {
		return fmt.Errorf("importing %s: %w (nothing was written)", path, err)
	}
	r := imp.Report
	fmt.Fprintf(m.Stdout, "%s: %d added, %d updated, %d unchanged\n", path, r.Added, r.Updated, r.Unchanged)
	if len(r.Unmatched) > 0 {
		fmt.Fprintf(m.Stdout, "\nThese concern names matched none of the line's concerns; add them as synonyms in directory/data/concerns.csv:\n")
		for _, t := range r.Unmatched {
			fmt.Fprintf(m.Stdout, "  %s\n", t)
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

// readDirectory reads a CSV file or an HSDS package, by what path is.
func readDirectory(path string, w *world) (*directory.Import, error) {
	info, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if info.IsDir() || strings.EqualFold(filepath.Ext(path), ".zip") {
		return hsds.Read(path, w.vocab, w.areas)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return csvfile.Read(f, filepath.Base(path), w.vocab, w.areas)
}

func (m *Main) exportCmd(ctx context.Context, args []string) error {
	fs := m.flags("export", "[--db FILE] --format csv|hsds OUT\n\nOUT is a file for csv (- for standard output); a folder, or a file ending in .zip, for hsds.")
	db := m.dbFlag(fs)
	format := fs.String("format", "csv", "csv or hsds")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"export takes one OUT"}
	}
	out := fs.Arg(0)
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
		if r.Mode == directory.InPerson && r.DistanceKm >= 0 {
			how += fmt.Sprintf(" (%.0f km)", r.DistanceKm)
		}
		next := "no meeting listed"
		if !r.Next.IsZero() {
			next = "next " + writer.At(r.Next, &g)
		}
		fmt.Fprintf(tw, "%2d.\t%s\t#%d\t%s\t%s\n", i+1, g.Name, g.Code, how, next)
	}
	return tw.Flush()
}
