package console

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/csvfile"
	"github.com/peerline/peerline/words"
)

// Adding and editing a group (DESIGN.md, "The console": /console/groups/new
// and /console/groups/{code}/edit). The form is one row of the directory
// spreadsheet: its fields are the CSV columns, a group being edited is
// laid out by csvfile.Write, and what is typed is read back by csvfile.Read,
// so a group typed here obeys exactly the rules of a group imported from
// a spreadsheet (the concerns cell, the service area, the schedule text,
// then (*Group).Check). Each problem is shown next to its field; a form
// with any problem saves nothing.

// editRoutes serves the form, to staff and admins.
func (c *Console) editRoutes(mux *http.ServeMux) {
	written := words.NewBook().In(directory.English).Writer(nil)
	mux.Handle("GET "+Prefix+"/groups/new", c.page(directory.RoleStaff, func(w http.ResponseWriter, r *http.Request, me *account) {
		form := newEditValues()
		c.showEditForm(w, r, me, http.StatusOK, nil, form)
	}))
	mux.Handle("POST "+Prefix+"/groups/new", c.page(directory.RoleStaff, func(w http.ResponseWriter, r *http.Request, me *account) {
		c.saveEditedGroup(w, r, me, nil)
	}))
	mux.Handle("GET "+Prefix+"/groups/{code}/edit", c.page(directory.RoleStaff, func(w http.ResponseWriter, r *http.Request, me *account) {
		g, ok := c.loadGroup(w, r, me)
		if !ok {
			return
		}
		form, err := editValuesOf(&g, written)
		if err != nil {
			c.fail(w, r, "laying out a group for its form", err)
			return
		}
		c.showEditForm(w, r, me, http.StatusOK, &g, form)
	}))
	mux.Handle("POST "+Prefix+"/groups/{code}/edit", c.page(directory.RoleStaff, func(w http.ResponseWriter, r *http.Request, me *account) {
		g, ok := c.loadGroup(w, r, me)
		if !ok {
			return
		}
		c.saveEditedGroup(w, r, me, &g)
	}))
}

// editFile is the name the spreadsheet reader and the store report a
// group typed in the console under.
const editFile = "console"

// maxGroupForm bounds the size of a group's form.
const maxGroupForm = 64 << 10

// editField is one field of the form: a column of the directory CSV.
type editField struct {
	Name  string // the CSV column, and the form field's name and id
	Label string
	Kind  string // text, phone, email, url, textarea, select, languages
	Hint  string
}

type editFieldset struct {
	Legend, Hint string
	Fields       []editField
}

// editLayout lays the form out. Every field is a column of the directory
// CSV (see csvfile and its template.csv).
var editLayout = []editFieldset{
	{Legend: "The group", Fields: []editField{
		{Name: "name", Label: "Name", Kind: "text"},
		{Name: "organization", Label: "Organization (optional)", Kind: "text"},
		{Name: "status", Label: "Status", Kind: "select", Hint: "Only active groups are offered to callers."},
		{Name: "concerns", Label: "Concerns", Kind: "text",
			Hint: `Separated by ";": each a concern's name, code or synonym, in English or French, as in the spreadsheet (for example: grief; caregivers).`},
		{Name: "languages", Label: "Languages the group meets in", Kind: "languages", Hint: "None ticked is taken as English."},
		{Name: "description", Label: "Description (optional)", Kind: "textarea"},
	}},
	{Legend: "Contact", Fields: []editField{
		{Name: "phone", Label: "Contact phone", Kind: "phone", Hint: "10 digits, like 705-555-0101, or + and a country code."},
		{Name: "email", Label: "E-mail", Kind: "email"},
	}},
	{Legend: "Meeting place (in person)", Hint: "Leave blank for a group that does not meet in person.", Fields: []editField{
		{Name: "place_name", Label: "Name of the place", Kind: "text"},
		{Name: "street", Label: "Street", Kind: "text"},
		{Name: "city", Label: "Town or city", Kind: "text"},
		{Name: "province", Label: "Province", Kind: "text", Hint: "Blank: the province of the town's area code."},
		{Name: "postal_code", Label: "Postal code", Kind: "text"},
		{Name: "place_phone", Label: "Phone of the place (optional)", Kind: "phone"},
	}},
	{Legend: "By telephone", Hint: "Leave blank for a group that does not meet by telephone.", Fields: []editField{
		{Name: "dialin", Label: "Dial-in number", Kind: "phone"},
		{Name: "access_code", Label: "Access code", Kind: "text", Hint: "Digits, # and *, as typed on the keypad after connecting."},
	}},
	{Legend: "Online and by mail", Fields: []editField{
		{Name: "online_url", Label: "Online meeting URL", Kind: "url", Hint: "Starting with https://."},
		{Name: "mail_address", Label: "Mailing address (for a group by mail)", Kind: "textarea"},
	}},
	{Legend: "Where and when", Fields: []editField{
		{Name: "service_area", Label: "Service area", Kind: "text",
			Hint: "Area codes, provinces or Canada, separated by commas (for example: 705, 249 or Ontario). Blank: the area of the group's phones or place."},
		{Name: "timezone", Label: "Time zone", Kind: "text", Hint: "IANA, like America/Toronto. Blank: the zone of the group's town or area."},
		{Name: "schedule", Label: "Meetings", Kind: "text",
			Hint: `As in the spreadsheet, separated by ";", in the group's time zone (for example: weekly TU 19:00-20:30; monthly 2TH 14:00).`},
	}},
}

var editStatuses = []directory.Status{directory.StatusActive, directory.StatusTemporarilyClosed, directory.StatusInactive}

var editLanguages = []directory.Lang{directory.English, directory.French}

// editValues are the form's values, by CSV column; languages as "en;fr".
type editValues map[string]string

func newEditValues() editValues {
	return editValues{"status": string(directory.StatusActive), "languages": string(directory.English)}
}

// editValuesOf is a group's form, filled in as the directory CSV writes the
// group (concerns in staff's words, the schedule as FormatSchedules
// writes it, the service area as Coverage reads it), its phone numbers
// written as people dial them.
func editValuesOf(g *directory.Group, written words.Writer) (editValues, error) {
	v, err := editCSVCells(g)
	if err != nil {
		return nil, err
	}
	for _, col := range []string{"phone", "place_phone", "dialin"} {
		if v[col] != "" {
			v[col] = written.Phone(v[col])
		}
	}
	return v, nil
}

// editCSVCells are a group's cells in the directory CSV, by column.
func editCSVCells(g *directory.Group) (map[string]string, error) {
	var b bytes.Buffer
	if err := csvfile.Write(&b, []directory.Group{*g}); err != nil {
		return nil, err
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(b.String(), "\ufeff"))).ReadAll()
	if err != nil {
		return nil, err
	}
	if len(recs) != 2 {
		return nil, fmt.Errorf("the directory CSV of one group has %d records", len(recs))
	}
	v := map[string]string{}
	for i, col := range recs[0] {
		v[col] = recs[1][i]
	}
	return v, nil
}

// postedEditValues are the values of a form as posted, kept as typed.
func postedEditValues(r *http.Request) editValues {
	v := editValues{}
	for _, set := range editLayout {
		for _, f := range set.Fields {
			if f.Kind == "languages" {
				var langs []string
				for _, l := range r.PostForm[f.Name] {
					langs = append(langs, strings.ToValidUTF8(l, "\uFFFD"))
				}
				v[f.Name] = strings.Join(langs, ";")
				continue
			}
			v[f.Name] = strings.ToValidUTF8(r.PostForm.Get(f.Name), "\uFFFD")
		}
	}
	return v
}

// editProblems are what is wrong with a form: by field, and for the group
// as a whole.
type editProblems struct {
	byField map[string][]string
	top     []string
}

func (p *editProblems) add(field, msg string) {
	msg = editSentence(msg)
	if field == "" {
		p.top = append(p.top, msg)
		return
	}
	if p.byField == nil {
		p.byField = map[string][]string{}
	}
	p.byField[field] = append(p.byField[field], msg)
}

func (p *editProblems) none() bool { return len(p.top) == 0 && len(p.byField) == 0 }

// readEditedGroup reads a form into a group as the directory CSV reader reads
// a row: keep, when not nil, is the group being edited, whose id, code
// and source it keeps.
func (c *Console) readEditedGroup(ctx context.Context, v editValues, keep *directory.Group) (directory.Group, editProblems, error) {
	var p editProblems
	cells := map[string]string{}
	for k, s := range v {
		cells[k] = s
	}
	if keep != nil {
		cells["id"], cells["code"] = keep.SourceID, strconv.Itoa(keep.Code)
		// The form has no coordinates: a place keeps its own while it is in the
		// same town, else Check puts it at the new town's centre.
		if pl := keep.Place; pl.HasCoords() && directory.Normalize(pl.City) == directory.Normalize(v["city"]) {
			cells["latitude"], cells["longitude"] = strconv.FormatFloat(pl.Lat, 'f', -1, 64), strconv.FormatFloat(pl.Lon, 'f', -1, 64)
		}
	} else {
		id := make([]byte, 8)
		rand.Read(id)
		cells["id"] = "console-" + hex.EncodeToString(id)
	}
	vocab, err := c.editVocab(ctx)
	if err != nil {
		return directory.Group{}, p, err
	}
	imp, err := editReadRow(cells, vocab, c.Areas)
	if err != nil {
		return directory.Group{}, p, err
	}
	if len(imp.Report.Unmatched) > 0 {
		p.add("concerns", editUnknownConcerns(vocab, imp.Report.Unmatched))
	}
	for _, e := range imp.Report.Errors {
		for _, err := range editEach(e.Err) {
			field, msg := editFieldOf(err.Error())
			if field == "concerns" && len(imp.Report.Unmatched) > 0 && strings.HasPrefix(msg, "no concern") {
				continue // the unknown words say it better
			}
			p.add(field, msg)
		}
	}
	if !p.none() || len(imp.Rows) != 1 {
		if p.none() {
			return directory.Group{}, p, fmt.Errorf("the CSV reader gave %d rows and no error for one group", len(imp.Rows))
		}
		return directory.Group{}, p, nil
	}
	g := imp.Rows[0].Group // read and checked with (*Group).Check
	if keep != nil {
		g.Source = keep.Source
		// Concerns left as the form showed them keep staff's words, or
		// their lack (data from HSDS or a feed), as the store does.
		if was, err := editCSVCells(keep); err == nil && strings.TrimSpace(v["concerns"]) == was["concerns"] {
			g.ConcernWords = keep.ConcernWords
		}
	}
	return g, p, nil
}

// editVocab is the line's vocabulary with the concerns staff chose for words
// of imported data, as the importers read concerns.
func (c *Console) editVocab(ctx context.Context) (*directory.Vocabulary, error) {
	chosen, err := c.Store.TermMap(ctx)
	if err != nil {
		return nil, err
	}
	if len(chosen) == 0 {
		return c.Vocab, nil
	}
	v, _ := c.Vocab.WithTerms(chosen)
	return v, nil
}

// editReadRow reads cells, by CSV column, as one row of a directory CSV.
func editReadRow(cells map[string]string, vocab *directory.Vocabulary, areas *directory.Areas) (*directory.Import, error) {
	cols := make([]string, 0, len(cells))
	for k := range cells {
		cols = append(cols, k)
	}
	slices.Sort(cols)
	rec := make([]string, len(cols))
	for i, k := range cols {
		rec[i] = cells[k]
	}
	var b bytes.Buffer
	cw := csv.NewWriter(&b)
	cw.Write(cols)
	cw.Write(rec)
	cw.Flush()
	if err := cw.Error(); err != nil {
		return nil, err
	}
	return csvfile.Read(&b, editFile, vocab, areas)
}

// editUnknownConcerns says which words named no concern, with the
// line's guess for each when it has one.
func editUnknownConcerns(vocab *directory.Vocabulary, terms []string) string {
	var parts []string
	for _, t := range terms {
		s := fmt.Sprintf("%q", t)
		if k, ok := vocab.Suggest(t); ok && k != nil {
			s += fmt.Sprintf(" (did you mean %q?)", k.Name(directory.English))
		}
		parts = append(parts, s)
	}
	what := "unknown concern"
	if len(terms) > 1 {
		what = "unknown concerns"
	}
	return fmt.Sprintf("%s: %s. Write each as a concern's name, code or synonym, in English or French, separated by \";\"", what, strings.Join(parts, ", "))
}

// editEach lists the problems of a row: one error, or each of a list of
// them (one that unwraps to several and says nothing else).
func editEach(err error) []error {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var msgs []string
	var list []error
	for _, e := range j.Unwrap() {
		if e != nil {
			msgs = append(msgs, e.Error())
			list = append(list, e)
		}
	}
	if len(list) == 0 || (err.Error() != strings.Join(msgs, "; ") && err.Error() != strings.Join(msgs, "\n")) {
		return []error{err}
	}
	var out []error
	for _, e := range list {
		out = append(out, editEach(e)...)
	}
	return out
}

// editRule puts a problem, by the words it starts with or has, next
// to a field; strip is the start of the message the field's label says.
type editRule struct {
	field      string
	starts     []string
	has        []string
	strip      string
	replaceMsg string
}

// editRules map the problems of the CSV reader and of (*Group).Check
// to the fields of the form. The first that matches wins; a problem none
// matches is about the group as a whole.
var editRules = []editRule{
	{field: "place_phone", starts: []string{"place phone: "}, strip: "place phone: "},
	{field: "phone", starts: []string{"phone: "}, strip: "phone: "},
	{field: "email", starts: []string{"email "}},
	{field: "online_url", starts: []string{"online_url: "}, strip: "online_url: "},
	{field: "status", starts: []string{"unknown status"}},
	{field: "province", starts: []string{"province "}},
	{field: "dialin", starts: []string{"access_code: "}, replaceMsg: "an access code is given but no dial-in number"},
	{field: "access_code", starts: []string{"access code "}},
	{field: "dialin", starts: []string{"dial-in: ", "a telephone group needs"}, strip: "dial-in: "},
	{field: "city", starts: []string{"a meeting place needs a town", "cannot tell the area code of"}},
	{field: "service_area", has: []string{"service area"}},
	{field: "timezone", starts: []string{"unknown time zone"}},
	{field: "schedule", starts: []string{"schedule "}},
	{field: "languages", starts: []string{"language "}},
	{field: "name", starts: []string{"no name"}},
	{field: "concerns", starts: []string{"no concern"}},
}

// editFieldOf is the field a problem is about ("" for none) and what to
// say next to it.
func editFieldOf(msg string) (field, say string) {
	for _, r := range editRules {
		match := slices.ContainsFunc(r.starts, func(s string) bool { return strings.HasPrefix(msg, s) }) ||
			slices.ContainsFunc(r.has, func(s string) bool { return strings.Contains(msg, s) })
		if !match {
			continue
		}
		switch {
		case r.replaceMsg != "":
			return r.field, r.replaceMsg
		case r.strip != "":
			return r.field, strings.TrimPrefix(msg, r.strip)
		}
		return r.field, msg
	}
	return "", msg
}

// editSentence makes a problem a sentence: a capital, a full stop.
func editSentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return s
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") {
		s += "."
	}
	return s
}

// saveEditedGroup reads a posted form and, when all is well, adds the group
// (old is nil) or updates it, in one import of one row, and records the
// change in the audit log.
func (c *Console) saveEditedGroup(w http.ResponseWriter, r *http.Request, me *account, old *directory.Group) {
	r.Body = http.MaxBytesReader(w, r.Body, maxGroupForm)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	v := postedEditValues(r)
	g, p, err := c.readEditedGroup(ctx, v, old)
	if err != nil {
		c.fail(w, r, "reading a group's form", err)
		return
	}
	if !p.none() {
		c.showEditFormWith(w, r, me, http.StatusUnprocessableEntity, old, v, p)
		return
	}
	imp := &directory.Import{Rows: []directory.Row{{Group: g, File: editFile, Line: 0}}}
	if err := c.Store.Import(ctx, imp, c.now()); err != nil {
		c.fail(w, r, "saving a group", err)
		return
	}
	if len(imp.Report.Errors) > 0 { // a code another group has: nothing was written
		for _, e := range imp.Report.Errors {
			p.add("", e.Err.Error())
		}
		c.showEditFormWith(w, r, me, http.StatusUnprocessableEntity, old, v, p)
		return
	}
	saved := imp.Rows[0].Group
	if imp.Report.Unchanged == 0 {
		action, before := "group.add", ""
		if old != nil {
			action, before = "group.edit", editJSON(old)
		}
		c.audit(ctx, me, action, fmt.Sprintf("group %d", saved.Code), before, editJSON(&saved))
		c.log().Info("console: group saved", "account", me.Email, "action", action, "group", saved.Code)
	}
	http.Redirect(w, r, fmt.Sprintf("%s/groups/%d?saved=1", Prefix, saved.Code), http.StatusSeeOther)
}

func editJSON(g *directory.Group) string {
	b, err := json.Marshal(g)
	if err != nil {
		return fmt.Sprintf("(the group could not be written: %v)", err)
	}
	return string(b)
}

// ---- the page ----

type editPage struct {
	New    bool
	Code   int
	Action string
	Source string // the feed that is the authority for the group
	Top    []string
	Wrong  []editFieldRow // the fields with a problem, for the summary
	Sets   []editFieldsetRow
	Zones  []string
}

type editFieldsetRow struct {
	Legend, Hint string
	Fields       []editFieldRow
}

type editFieldRow struct {
	Name, Label, Kind, Hint string
	Value                   string
	Error                   string
	Described               string // the ids aria-describedby names
	Options                 []editOption
}

type editOption struct {
	ID, Value, Label string
	Selected         bool
}

func (c *Console) showEditForm(w http.ResponseWriter, r *http.Request, me *account, status int, g *directory.Group, v editValues) {
	c.showEditFormWith(w, r, me, status, g, v, editProblems{})
}

func (c *Console) showEditFormWith(w http.ResponseWriter, r *http.Request, me *account, status int, g *directory.Group, v editValues, p editProblems) {
	d := editPage{New: g == nil, Action: Prefix + "/groups/new", Top: p.top, Zones: c.editZones()}
	title := "Add a group"
	if g != nil {
		d.Code, d.Source = g.Code, g.Source
		d.Action = fmt.Sprintf("%s/groups/%d/edit", Prefix, g.Code)
		title = "Edit " + g.Name
	}
	for _, set := range editLayout {
		fs := editFieldsetRow{Legend: set.Legend, Hint: set.Hint}
		for _, f := range set.Fields {
			row := editFieldRow{Name: f.Name, Label: f.Label, Kind: f.Kind, Hint: f.Hint, Value: v[f.Name], Error: strings.Join(p.byField[f.Name], " ")}
			var ids []string
			if row.Hint != "" {
				ids = append(ids, f.Name+"-hint")
			}
			if row.Error != "" {
				ids = append(ids, f.Name+"-error")
			}
			row.Described = strings.Join(ids, " ")
			switch f.Kind {
			case "select":
				row.Options = editStatusOptions(v[f.Name])
			case "languages":
				have := directory.SplitList(v[f.Name], ";")
				for _, l := range editLanguages {
					row.Options = append(row.Options, editOption{ID: f.Name + "-" + string(l), Value: string(l), Label: langNames[l],
						Selected: slices.Contains(have, string(l))})
				}
			}
			if row.Error != "" {
				d.Wrong = append(d.Wrong, row)
			}
			fs.Fields = append(fs.Fields, row)
		}
		d.Sets = append(d.Sets, fs)
	}
	c.render(w, r, status, "edit.html", view{Title: title, Me: me, Data: d})
}

// editStatusOptions are the statuses staff may choose, and the one the group
// has if it is another (defunct, from an HSDS package).
func editStatusOptions(have string) []editOption {
	st, err := directory.ParseStatus(have)
	if err != nil {
		st = directory.Status(have)
	}
	var out []editOption
	for _, s := range editStatuses {
		out = append(out, editOption{Value: string(s), Label: string(s), Selected: s == st})
	}
	if !slices.Contains(editStatuses, st) && st != "" {
		out = append(out, editOption{Value: string(st), Label: string(st), Selected: true})
	}
	return out
}

// editZones are the time zones of the line's areas and towns, to choose from.
func (c *Console) editZones() []string {
	if c.Areas == nil {
		return nil
	}
	var out []string
	for _, cx := range c.Areas.Complexes() {
		out = append(out, cx.Zone)
	}
	for _, t := range c.Areas.Towns() {
		out = append(out, t.Zone)
	}
	slices.Sort(out)
	return slices.Compact(slices.DeleteFunc(out, func(s string) bool { return s == "" }))
}
