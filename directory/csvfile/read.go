package csvfile

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Read reads a directory CSV file. name is the file's name as staff know
// it, for the report. The error is for a file that cannot be read at all
// (no header, a required column missing, a failing reader); a row that
// cannot be read goes to the report with its line number and all its
// problems, and the rest still come through as Rows, each checked with
// (*Group).Check.
//
// The file may be separated by commas or semicolons, in UTF-8 (with or
// without a byte order mark) or Windows-1252, with LF, CRLF or CR line
// ends, as spreadsheets save it (see prepare); an encoding guessed is
// said in the report's Notes.
func Read(r io.Reader, name string, vocab *directory.Vocabulary, areas *directory.Areas) (*directory.Import, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	src, err := prepare(data, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	cr := csv.NewReader(strings.NewReader(src.text))
	cr.Comma = src.comma
	cr.FieldsPerRecord = -1 // a short or long row is read, not refused
	cr.ReuseRecord = false
	cr.LazyQuotes = false // a stray quote is reported, not silently merged into the next rows
	rec, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: the file is empty; the first line must name the columns", name)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", name, err)
	}
	h, err := readHeader(rec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	rd := &reader{name: name, vocab: vocab, areas: areas, header: h,
		imp: &directory.Import{}, ids: map[string]int{}, codes: map[int]int{}}
	for _, n := range src.notes {
		rd.imp.Report.Note(n)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return rd.imp, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rd.imp.Report.Fail(name, pe.StartLine, quoteError(pe))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0) // the record's first line, however many lines its cells span
		rd.row(line, cells{rec, h})
	}
}

// quoteError says what encoding/csv could not read, in a spreadsheet
// user's words. ParseError's column counts bytes, not cells, hence
// "character". A quote left open swallows the lines after it, so that
// case says which lines went with it.
func quoteError(pe *csv.ParseError) error {
	const hint = `a double quote inside a cell must be doubled ("") and the cell quoted`
	if pe.Line != pe.StartLine {
		return fmt.Errorf("the row cannot be read: a quoted cell that starts on this line is not closed properly, so lines %d to %d were read as one row (line %d, character %d: %w); %s",
			pe.StartLine, pe.Line, pe.Line, pe.Column, pe.Err, hint)
	}
	return fmt.Errorf("the row cannot be read (character %d: %w); %s", pe.Column, pe.Err, hint)
}

// reader holds what one Read has seen so far.
type reader struct {
	name   string
	vocab  *directory.Vocabulary
	areas  *directory.Areas
	header header
	imp    *directory.Import
	ids    map[string]int // source id -> line it was read on
	codes  map[int]int    // code -> line it was read on
}

// row reads one record into a group, checks it, and files it as a Row
// or as one failure that lists every problem the row has.
func (rd *reader) row(line int, c cells) {
	if c.blank() {
		return
	}
	g, errs := rd.group(c)
	errs.add("", g.Check(rd.areas))
	if prev, dup := rd.ids[g.SourceID]; dup && g.SourceID != "" {
		errs.add("", fmt.Errorf("id %q is already used on line %d", g.SourceID, prev))
	}
	if prev, dup := rd.codes[g.Code]; dup && g.Code != 0 {
		errs.add("", fmt.Errorf("code %d is already used on line %d", g.Code, prev))
	}
	if len(errs) > 0 {
		rd.imp.Report.Fail(rd.name, line, errs.err())
		return
	}
	rd.ids[g.SourceID] = line
	if g.Code != 0 {
		rd.codes[g.Code] = line
	}
	rd.imp.Rows = append(rd.imp.Rows, directory.Row{Group: g, File: rd.name, Line: line})
}

// group reads the columns of one record. Cells that must be parsed are
// parsed here; Check then normalizes and validates the group as a whole.
func (rd *reader) group(c cells) (directory.Group, errorList) {
	var errs errorList
	g := directory.Group{
		SourceID:     c.get("id"),
		Name:         c.get("name"),
		Organization: c.get("organization"),
		Description:  c.get("description"),
		Phone:        c.get("phone"),
		Mail:         c.get("mail_address"),
		Zone:         c.get("timezone"),
		Concerns:     rd.concerns(c.get("concerns")),
		ConcernWords: c.get("concerns"),
		Languages:    languages(c.get("languages")),
	}
	var err error
	g.Code, err = parseCode(c.get("code"))
	errs.add("code", err)
	g.Status, err = directory.ParseStatus(c.get("status"))
	errs.add("", err) // "unknown status ..."
	g.Email, err = directory.ParseEmail(c.get("email"))
	errs.add("", err) // "email ... is not ..."
	g.OnlineURL, err = directory.ParseWebAddress(c.get("online_url"))
	errs.add("online_url", err)
	g.Place, err = rd.place(c)
	errs.add("", err)
	g.Dialin, err = dialin(c)
	errs.add("", err)
	if text := c.get("service_area"); text != "" {
		g.Areas, err = rd.areas.Coverage(text)
		errs.add("", err) // "... service area ..."
	}
	if text := c.get("schedule"); text != "" {
		g.Schedules, err = recur.ParseSchedules(text)
		errs.add("", err) // it says "schedule 2 (...)" itself
	}
	return g, errs
}

// concerns matches each ";"-separated item to the line's concerns, by
// name, code or synonym in English or French, and reports the items that
// name none so staff can fix them or add a synonym.
func (rd *reader) concerns(text string) []string {
	var codes []string
	seen := map[string]bool{}
	for _, item := range directory.SplitList(text, ";") {
		found := rd.vocab.Terms(item)
		if len(found) == 0 {
			rd.imp.Report.Unmatch(item)
		}
		for _, c := range found {
			if !seen[c.Code] {
				seen[c.Code] = true
				codes = append(codes, c.Code)
			}
		}
	}
	return codes
}

// languages reads "en;fr" (or "en, fr"); Check validates each one.
func languages(text string) []directory.Lang {
	var langs []directory.Lang
	for _, l := range directory.SplitList(strings.ReplaceAll(text, ",", ";"), ";") {
		langs = append(langs, directory.Lang(l))
	}
	return langs
}

func parseCode(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("%q is not a positive whole number", s)
	}
	return n, nil
}

// place reads the meeting place. Any place column makes one, so that a
// street without a town is reported rather than silently dropped.
func (rd *reader) place(c cells) (*directory.Place, error) {
	p := &directory.Place{
		Name:       c.get("place_name"),
		Street:     c.get("street"),
		City:       c.get("city"),
		PostalCode: strings.ToUpper(c.get("postal_code")),
		Phone:      c.get("place_phone"),
	}
	prov, lat, lon := c.get("province"), c.get("latitude"), c.get("longitude")
	if *p == (directory.Place{}) && prov == "" && lat == "" && lon == "" {
		return nil, nil
	}
	var errs errorList
	var err error
	p.Province, err = rd.areas.ParseProvince(prov)
	errs.add("", err)
	p.Lat, p.Lon, err = directory.ParseCoordinates(lat, lon)
	errs.add("", err)
	return p, errs.err()
}

// dialin reads a telephone group's number and access code.
func dialin(c cells) (*directory.Dialin, error) {
	number, code := c.get("dialin"), c.get("access_code")
	switch {
	case number == "" && code == "":
		return nil, nil
	case number == "":
		return nil, fmt.Errorf("access_code: %q is given but the dialin column is empty", code)
	}
	return &directory.Dialin{Number: number, AccessCode: code}, nil
}
