package console

// Importing from the console (issue 12): staff upload a spreadsheet
// (.csv), an HSDS package (.zip) or a Meeting Guide feed (.json); the
// page reads it with the readers `peerline import` uses and shows what
// it would change, and every row it cannot read, before anything is
// written; a confirm button then imports exactly the file previewed.
//
// Between the preview and the confirmation the upload is kept in the
// database (directory.SessionStore, key "import:" and the hex SHA-256
// of a random token, like the sign-in sessions), with the account that
// uploaded it, for 30 minutes: the token travels in a hidden field, and
// only that account may apply it, once. An account has one preview
// kept at a time: a new upload replaces the last.

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/csvfile"
	"github.com/peerline/peerline/directory/hsds"
	"github.com/peerline/peerline/directory/meetingguide"
)

const (
	// MaxImportSize is the largest file the import page takes.
	MaxImportSize = 20 << 20
	// ImportKept is how long an upload previewed may still be applied.
	ImportKept = 30 * time.Minute
	// importListed is how many rows of each kind a preview lists.
	importListed = 100
	// maxImportField bounds the concern and time zone typed.
	maxImportField = 200
)

func (c *Console) importRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+Prefix+"/import", c.page(directory.RoleViewer, c.importPage))
	mux.Handle("POST "+Prefix+"/import", c.page(directory.RoleStaff, c.importPreview))
	mux.Handle("POST "+Prefix+"/import/apply", c.page(directory.RoleStaff, c.importApply))
}

// importKind is what a file is, by its name.
type importKind string

const (
	kindCSV  importKind = "csv"
	kindHSDS importKind = "hsds"
	kindFeed importKind = "meetingguide"
)

func importKindOf(name string) (importKind, bool) {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return kindCSV, true
	case ".zip":
		return kindHSDS, true
	case ".json":
		return kindFeed, true
	}
	return "", false
}

func (k importKind) String() string {
	switch k {
	case kindCSV:
		return "a spreadsheet (CSV)"
	case kindHSDS:
		return "an Open Referral HSDS package"
	case kindFeed:
		return "a Meeting Guide feed"
	}
	return string(k)
}

// importUpload is a file previewed and not yet applied, as kept in the store.
type importUpload struct {
	Staff   int64      `json:"staff"`
	Name    string     `json:"name"`
	Kind    importKind `json:"kind"`
	Concern string     `json:"concern,omitempty"` // the concern's code, for a feed
	Zone    string     `json:"zone,omitempty"`
	Data    []byte     `json:"data"` // base64 in the JSON
}

// ---- the page's data ----

type importData struct {
	CanImport bool
	MaxMB     int
	Concerns  []importConcernOption
	Form      importForm
	Preview   *importPreview
	Result    *importResult
	Refused   string // an apply that could not be done
}

type importConcernOption struct{ Code, Name string }

type importForm struct {
	Concern, Zone string
	Chosen        string // the file chosen, when the form comes back
	Errors        map[string]string
}

type importPreview struct {
	File, Kind, Concern, Zone string
	Token                     string
	Add, Change, Same         importRowList
	Bad                       importBadList
	Notes                     []string
	Unmatched                 []importTerm
	Spreadsheet               bool
	LeftOut                   string // of a spreadsheet: the groups it does not list
}

type importResult struct {
	File                      string
	Added, Updated, Unchanged int
	Bad                       importBadList
	Notes                     []string
	Unmatched                 []importTerm
	Spreadsheet               bool
	LeftOut                   string // of a spreadsheet: the groups it does not list
}

type importRowList struct {
	Rows []importRow
	N    int // in all
	More int // not listed
}

func (l *importRowList) add(r importRow) {
	l.N++
	if len(l.Rows) < importListed {
		l.Rows = append(l.Rows, r)
	} else {
		l.More++
	}
}

type importRow struct {
	Where   string // file:line
	Code    int    // 0 for a group not in the directory yet
	Name    string
	ID      string
	Changed string // the parts of a group that would change
}

type importBadList struct {
	Rows []importBadRow
	N    int
	More int
}

type importBadRow struct {
	Where    string
	Problems []string
}

type importTerm struct{ Term, Guess string }

func (c *Console) newImportData(me *account) importData {
	d := importData{CanImport: me.Role.Can(directory.RoleStaff), MaxMB: MaxImportSize >> 20, Form: importForm{Errors: map[string]string{}}}
	if c.Vocab != nil {
		for _, k := range c.Vocab.Concerns() {
			d.Concerns = append(d.Concerns, importConcernOption{Code: k.Code, Name: k.Name(directory.English)})
		}
	}
	return d
}

func (c *Console) showImport(w http.ResponseWriter, r *http.Request, me *account, status int, d importData) {
	c.render(w, r, status, "import.html", view{Title: "Import", Me: me, Data: d})
}

func (c *Console) importPage(w http.ResponseWriter, r *http.Request, me *account) {
	c.showImport(w, r, me, http.StatusOK, c.newImportData(me))
}

// ---- preview ----

// importPreview reads the file uploaded and shows what importing it
// would do, writing nothing but the upload kept for the confirmation.
func (c *Console) importPreview(w http.ResponseWriter, r *http.Request, me *account) {
	ctx := r.Context()
	d := c.newImportData(me)
	up, form := c.readUpload(w, r)
	d.Form = form
	vocab, notes, err := c.importVocab(ctx)
	if err != nil {
		c.fail(w, r, "reading the vocabulary", err)
		return
	}
	// Every field is checked, so that each error is said at once.
	if up.Kind == kindFeed && form.Errors["concern"] == "" {
		code, problem := importConcern(vocab, form.Concern)
		if problem != "" {
			d.Form.Errors["concern"] = problem
		}
		up.Concern = code
	}
	if up.Zone != "" && form.Errors["zone"] == "" && !importZoneKnown(up.Zone) {
		d.Form.Errors["zone"] = "That is not a time zone: use a name like America/Toronto."
	}
	if len(d.Form.Errors) > 0 {
		c.showImport(w, r, me, http.StatusUnprocessableEntity, d)
		return
	}
	imp, err := readImport(up, vocab, c.Areas)
	if err != nil {
		d.Form.Errors["file"] = err.Error() + " Nothing was written."
		c.showImport(w, r, me, http.StatusUnprocessableEntity, d)
		return
	}
	p, err := c.compareImport(ctx, up, imp, vocab)
	if err != nil {
		c.fail(w, r, "comparing an import with the directory", err)
		return
	}
	p.Notes = append(notes, p.Notes...)
	if p.Add.N+p.Change.N > 0 {
		if p.Token, err = c.keepUpload(ctx, me, up); err != nil {
			c.fail(w, r, "keeping an upload", err)
			return
		}
	}
	d.Form = importForm{Concern: form.Concern, Zone: form.Zone, Errors: map[string]string{}}
	d.Preview = &p
	c.showImport(w, r, me, http.StatusOK, d)
}

// readUpload reads the multipart form: the file, whole, and what was
// typed, with the errors of the file and of the length of each field.
// The kind of a file is known by its name, even when it is too large.
func (c *Console) readUpload(w http.ResponseWriter, r *http.Request) (up importUpload, form importForm) {
	form.Errors = map[string]string{}
	// The file may be MaxImportSize; the other fields and the parts' headers
	// are small. A larger body stops being read there.
	r.Body = http.MaxBytesReader(w, r.Body, MaxImportSize+1<<20)
	mr, err := r.MultipartReader()
	if err != nil {
		form.Errors["file"] = "The form could not be read; choose the file and send it again."
		return up, form
	}
	var (
		name    string
		tooBig  bool
		gotFile bool
	)
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			tooBig = true
			break
		}
		if err != nil {
			form.Errors["file"] = "The form could not be read; choose the file and send it again."
			return up, form
		}
		switch p.FormName() {
		case "file":
			gotFile = true
			name = uploadName(p.FileName())
			data, err := io.ReadAll(io.LimitReader(p, MaxImportSize+1))
			switch {
			case errors.As(err, &mbe) || len(data) > MaxImportSize:
				tooBig = true
			case err != nil:
				form.Errors["file"] = "The file could not be read; choose it and send it again."
				return up, form
			default:
				up.Data = data
			}
		case "concern", "zone":
			b, _ := io.ReadAll(io.LimitReader(p, 4*maxImportField))
			v := strings.TrimSpace(string(b))
			if !utf8.ValidString(v) {
				v = strings.ToValidUTF8(v, "")
			}
			if p.FormName() == "concern" {
				form.Concern = v
			} else {
				form.Zone = v
			}
		}
		p.Close()
	}
	form.Chosen = name
	up.Name, up.Zone = name, form.Zone
	up.Kind, _ = importKindOf(name)
	switch {
	case tooBig:
		form.Errors["file"] = fmt.Sprintf("The file is larger than %d MB, so it was not read. Split it into smaller files, or import it on the server with peerline import.", MaxImportSize>>20)
	case !gotFile || name == "":
		form.Errors["file"] = "Choose a file to import."
	case len(up.Data) == 0:
		form.Errors["file"] = "The file " + name + " is empty."
	case up.Kind == "":
		form.Errors["file"] = "Choose a spreadsheet (.csv), an HSDS package (.zip) or a Meeting Guide feed (.json); " + name + " is none of these."
	}
	if utf8.RuneCountInString(form.Concern) > maxImportField {
		form.Errors["concern"] = fmt.Sprintf("Keep the concern to %d characters.", maxImportField)
	}
	if utf8.RuneCountInString(form.Zone) > maxImportField {
		form.Errors["zone"] = "That is not a time zone: use a name like America/Toronto."
	}
	return up, form
}

// uploadName is the base name of an uploaded file, as it may be shown
// and audited: no folders, no control characters, not too long.
func uploadName(s string) string {
	s = path.Base(strings.ReplaceAll(s, `\`, "/"))
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == utf8.RuneError {
			return -1
		}
		return r
	}, s)
	s = strings.TrimSpace(s)
	if s == "." || s == "/" || s == ".." {
		return ""
	}
	if rs := []rune(s); len(rs) > 120 {
		s = string(rs[:100]) + "…" + string(rs[len(rs)-19:])
	}
	return s
}

// vocab is the line's vocabulary with the concerns staff chose for terms
// (peerline terms), as the CLI's import reads with; notes say which
// choices name a concern the line no longer has.
func (c *Console) importVocab(ctx context.Context) (*directory.Vocabulary, []string, error) {
	if c.Vocab == nil {
		return nil, nil, errors.New("the console has no vocabulary")
	}
	chosen, err := c.Store.TermMap(ctx)
	if err != nil {
		return nil, nil, err
	}
	vocab, unknown := c.Vocab.WithTerms(chosen)
	var notes []string
	for _, t := range unknown {
		notes = append(notes, fmt.Sprintf("The term %q is mapped to a concern the line no longer has; set it again with peerline terms set.", t))
	}
	return vocab, notes, nil
}

// importConcern reads the concern typed for a feed as `peerline import
// --concern` does: a concern's code, or words that name one (not a
// guess at a misspelling). problem is what to say by the field.
func importConcern(vocab *directory.Vocabulary, words string) (code, problem string) {
	if words == "" {
		return "", "A Meeting Guide feed needs a concern: what its meetings are about, like alcohol."
	}
	if k, ok := vocab.Concern(strings.ToLower(words)); ok {
		return k.Code, ""
	}
	if m, ok := vocab.Match(words); ok && !m.Typo && m.Concern != nil {
		return m.Concern.Code, ""
	}
	return "", fmt.Sprintf("%q names none of the line's concerns: choose one from the list, like alcohol.", words)
}

// importZoneKnown is the test meetingguide.Read makes of a zone.
func importZoneKnown(name string) bool {
	_, err := time.LoadLocation(name)
	return err == nil && strings.Contains(name, "/")
}

// readImport reads an upload with the reader `peerline import` uses for
// its kind. The error is for a file that cannot be read at all.
func readImport(up importUpload, vocab *directory.Vocabulary, areas *directory.Areas) (*directory.Import, error) {
	switch up.Kind {
	case kindCSV:
		return csvfile.Read(bytes.NewReader(up.Data), up.Name, vocab, areas)
	case kindFeed:
		return meetingguide.Read(bytes.NewReader(up.Data), meetingguide.Options{Concern: up.Concern, Zone: up.Zone, Source: up.Name}, vocab, areas)
	case kindHSDS:
		if err := checkUnpacked(up); err != nil {
			return nil, err
		}
		// hsds.Read takes a path: the upload goes to a file of its own,
		// removed as soon as it is read.
		f, err := os.CreateTemp("", "peerline-import-*.zip")
		if err != nil {
			return nil, err
		}
		tmp := f.Name()
		defer os.Remove(tmp)
		if _, err := f.Write(up.Data); err != nil {
			f.Close()
			return nil, err
		}
		if err := f.Close(); err != nil {
			return nil, err
		}
		imp, err := hsds.Read(tmp, vocab, areas)
		if err != nil { // said of the file staff chose, not of the temporary one
			return nil, errors.New(strings.ReplaceAll(err.Error(), tmp, up.Name))
		}
		return imp, nil
	}
	return nil, fmt.Errorf("%s: not a file the console can import", up.Name)
}

// maxUnpacked bounds what an HSDS package may unpack to.
const maxUnpacked = 200 << 20

// checkUnpacked refuses a package that would unpack to more than
// maxUnpacked. The sizes a zip declares can be believed: archive/zip
// refuses an entry that inflates to more than its declared size.
func checkUnpacked(up importUpload) error {
	zr, err := zip.NewReader(bytes.NewReader(up.Data), int64(len(up.Data)))
	if err != nil {
		return fmt.Errorf("%s: not a .zip: %w.", up.Name, err)
	}
	var total uint64
	for _, f := range zr.File {
		if total += f.UncompressedSize64; total > maxUnpacked || f.UncompressedSize64 > maxUnpacked {
			return fmt.Errorf("%s unpacks to more than %d MB; import it on the server with peerline import.", up.Name, maxUnpacked>>20)
		}
	}
	return nil
}

// compareImport says what importing imp would do to the directory, as the
// store's Import decides it (directory/sqlite put): a row whose id the
// directory does not have is added; one it has is unchanged when the
// group, with the code it keeps and the staff's concern words it keeps,
// is the same JSON as the group stored, and changed otherwise. Rows the
// store would refuse (an id or a code used twice, a code another group
// has) are listed with the rows not read.
func (c *Console) compareImport(ctx context.Context, up importUpload, imp *directory.Import, vocab *directory.Vocabulary) (importPreview, error) {
	p := importPreview{File: up.Name, Kind: up.Kind.String(), Zone: up.Zone, Spreadsheet: up.Kind != kindFeed}
	if up.Kind == kindFeed {
		p.Concern = c.concernName(up.Concern)
	}
	all, err := c.Store.Groups(ctx)
	if err != nil {
		return p, err
	}
	bySource := make(map[string]*directory.Group, len(all))
	byCode := make(map[int]string, len(all))
	for i := range all {
		bySource[all[i].SourceID] = &all[i]
		byCode[all[i].Code] = all[i].SourceID
	}
	errs := slices.Clone(imp.Report.Errors)
	seenID, seenCode := map[string]int{}, map[int]int{}
	for _, row := range imp.Rows {
		g := row.Group
		if prev, dup := seenID[g.SourceID]; dup {
			errs = append(errs, directory.RowError{File: row.File, Line: row.Line, Err: fmt.Errorf("id %q already used on line %d", g.SourceID, prev)})
			continue
		}
		seenID[g.SourceID] = row.Line
		if g.Code != 0 {
			if prev, dup := seenCode[g.Code]; dup {
				errs = append(errs, directory.RowError{File: row.File, Line: row.Line, Err: fmt.Errorf("code %d already used on line %d", g.Code, prev)})
				continue
			}
			seenCode[g.Code] = row.Line
		}
		old := bySource[g.SourceID]
		if g.Code != 0 && (old == nil || g.Code != old.Code) {
			if owner, taken := byCode[g.Code]; taken {
				errs = append(errs, directory.RowError{File: row.File, Line: row.Line, Err: fmt.Errorf("code %d already belongs to group %q", g.Code, owner)})
				continue
			}
		}
		pr := importRow{Where: rowWhere(row.File, row.Line), Code: g.Code, Name: g.Name, ID: g.SourceID}
		if old == nil {
			p.Add.add(pr)
			continue
		}
		if g.Code == 0 {
			g.Code = old.Code
		}
		if g.ConcernWords == "" && old.ConcernWords != "" && slices.Equal(old.Concerns, g.Concerns) {
			g.ConcernWords = old.ConcernWords
		}
		pr.Code = g.Code
		changed, err := groupDifferences(old, &g)
		if err != nil {
			return p, err
		}
		if len(changed) == 0 {
			p.Same.add(pr)
		} else {
			pr.Changed = strings.Join(changed, ", ")
			p.Change.add(pr)
		}
	}
	p.Bad = importBadRows(errs)
	p.Notes = slices.Clone(imp.Report.Notes)
	p.Unmatched = unmatchedTerms(vocab, imp.Report.Unmatched)
	if p.Spreadsheet {
		p.LeftOut = leftOutText(importLeftOut(imp, all))
	}
	return p, nil
}

// importGroupParts names the parts of a group, by their JSON keys, in the
// order a group lists them.
var importGroupParts = []struct{ key, name string }{
	{"code", "code"}, {"id", "id"}, {"source", "feed"}, {"name", "name"}, {"description", "description"},
	{"organization", "organization"}, {"status", "status"}, {"languages", "languages"}, {"concerns", "concerns"},
	{"concern_words", "concern words"}, {"phone", "contact phone"}, {"email", "e-mail"}, {"place", "meeting place"},
	{"dialin", "dial-in"}, {"online_url", "online link"}, {"mail", "mailing address"}, {"areas", "where it is offered"},
	{"zone", "time zone"}, {"schedules", "meetings"},
}

// groupDifferences names the parts of a group that differ between the one
// stored and the one a file gives: none when their JSON, as the store
// keeps it and hashes it, is the same.
func groupDifferences(old, g *directory.Group) ([]string, error) {
	a, err := json.Marshal(old)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(g)
	if err != nil {
		return nil, err
	}
	if string(a) == string(b) {
		return nil, nil
	}
	var ma, mb map[string]json.RawMessage
	if err := json.Unmarshal(a, &ma); err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, &mb); err != nil {
		return nil, err
	}
	var out []string
	for _, part := range importGroupParts {
		if string(ma[part.key]) != string(mb[part.key]) {
			out = append(out, part.name)
		}
		delete(ma, part.key)
		delete(mb, part.key)
	}
	if len(out) == 0 || len(ma) > 0 || len(mb) > 0 { // a part this list does not name yet
		out = append(out, "other details")
	}
	return out, nil
}

func rowWhere(file string, line int) string {
	if line > 0 {
		return file + ":" + strconv.Itoa(line)
	}
	return file
}

// importBadRows lists rows not read, each with every problem it has.
func importBadRows(errs []directory.RowError) importBadList {
	l := importBadList{N: len(errs)}
	for i, e := range errs {
		if i == importListed {
			l.More = len(errs) - i
			break
		}
		l.Rows = append(l.Rows, importBadRow{Where: rowWhere(e.File, e.Line), Problems: rowProblems(e.Err)})
	}
	return l
}

// rowProblems lists the problems an error of a row joins.
func rowProblems(err error) []string {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []string
		for _, e := range j.Unwrap() {
			out = append(out, rowProblems(e)...)
		}
		if len(out) > 0 {
			return out
		}
	}
	return []string{err.Error()}
}

func unmatchedTerms(vocab *directory.Vocabulary, terms []string) []importTerm {
	var out []importTerm
	for _, t := range terms {
		row := importTerm{Term: t}
		if k, ok := vocab.Suggest(t); ok && k != nil {
			row.Guess = k.Code + " (" + k.Name(directory.English) + ")"
		}
		out = append(out, row)
	}
	return out
}

// importLeftOut counts the groups of earlier spreadsheets, on the line, that
// this file does not list (a feed's are its feed's to keep), as
// `peerline import` says of them; importing leaves them as they are.
func importLeftOut(imp *directory.Import, all []directory.Group) int {
	in := make(map[string]bool, len(imp.Rows))
	for _, r := range imp.Rows {
		in[r.Group.SourceID] = true
	}
	n := 0
	for _, g := range all {
		if g.Source == "" && g.Status == directory.StatusActive && !in[g.SourceID] {
			n++
		}
	}
	return n
}

// leftOutText says what importing does to the groups a spreadsheet
// leaves out: nothing.
func leftOutText(n int) string {
	switch n {
	case 0:
		return ""
	case 1:
		return "1 group in the directory is not in this file: it stays as it is. (On the server, peerline import --prune takes such groups off the line.)"
	}
	return fmt.Sprintf("%d groups in the directory are not in this file: they stay as they are. (On the server, peerline import --prune takes such groups off the line.)", n)
}

// ---- keeping the upload between preview and apply ----

func importUploadKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "import:" + hex.EncodeToString(sum[:])
}

// importLatestKey keeps, for an account, the key of its latest upload, so that
// a new upload replaces it and the database keeps one per account.
func importLatestKey(staff int64) string { return "import:latest:" + strconv.FormatInt(staff, 10) }

// keepUpload stores the upload for the account, and returns the token
// that applies it.
func (c *Console) keepUpload(ctx context.Context, me *account, up importUpload) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	up.Staff = me.ID
	data, err := json.Marshal(up)
	if err != nil {
		return "", err
	}
	now := c.now()
	if prev, ok, err := c.Store.LoadSession(ctx, importLatestKey(me.ID), time.Time{}); err != nil {
		return "", err
	} else if ok {
		if err := c.Store.DeleteSession(ctx, string(prev)); err != nil {
			return "", err
		}
	}
	key := importUploadKey(token)
	if err := c.Store.SaveSession(ctx, key, data, now); err != nil {
		return "", err
	}
	return token, c.Store.SaveSession(ctx, importLatestKey(me.ID), []byte(key), now)
}

// takeUpload finds the account's upload kept under token; false when
// there is none, it is too old, or it is another account's.
func (c *Console) takeUpload(ctx context.Context, me *account, token string) (importUpload, string, bool, error) {
	var up importUpload
	if token == "" || len(token) > 100 {
		return up, "", false, nil
	}
	key := importUploadKey(token)
	raw, ok, err := c.Store.LoadSession(ctx, key, c.now().Add(-ImportKept))
	if err != nil || !ok {
		return up, key, false, err
	}
	if err := json.Unmarshal(raw, &up); err != nil {
		return up, key, false, nil
	}
	if up.Staff != me.ID {
		c.log().Warn("console: an import was applied with another account's token; refused", "account", me.Email)
		return importUpload{}, key, false, nil
	}
	return up, key, true, nil
}

// ---- apply ----

// importApply imports the file previewed, read again from the bytes
// kept: Store.Import, nothing else (no prune; a feed imported so is not
// made the authority of its groups: that is peerline feeds add).
func (c *Console) importApply(w http.ResponseWriter, r *http.Request, me *account) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "the form could not be read", http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	d := c.newImportData(me)
	up, key, ok, err := c.takeUpload(ctx, me, r.PostForm.Get("token"))
	if err != nil {
		c.fail(w, r, "loading an upload", err)
		return
	}
	if !ok {
		d.Refused = fmt.Sprintf("That preview is not kept any more, so nothing was imported: a preview can be imported once, by the account that made it, within %d minutes. Choose the file again.", int(ImportKept/time.Minute))
		c.showImport(w, r, me, http.StatusConflict, d)
		return
	}
	vocab, notes, err := c.importVocab(ctx)
	if err != nil {
		c.fail(w, r, "reading the vocabulary", err)
		return
	}
	imp, err := readImport(up, vocab, c.Areas)
	if err != nil {
		d.Refused = err.Error() + " Nothing was imported."
		c.showImport(w, r, me, http.StatusUnprocessableEntity, d)
		return
	}
	if err := c.Store.Import(ctx, imp, c.now()); err != nil {
		c.fail(w, r, "importing "+up.Name, err)
		return
	}
	if err := c.Store.DeleteSession(ctx, key); err != nil { // once
		c.log().Error("console: an upload imported could not be deleted", "err", err)
	}
	rep := imp.Report
	c.audit(ctx, me, "directory.import", up.Name, "", fmt.Sprintf("%d added, %d updated, %d rows not read", rep.Added, rep.Updated, len(rep.Errors)))
	c.log().Info("console: directory imported", "account", me.Email, "file", up.Name, "added", rep.Added, "updated", rep.Updated, "not read", len(rep.Errors))
	res := importResult{File: up.Name, Added: rep.Added, Updated: rep.Updated, Unchanged: rep.Unchanged,
		Bad: importBadRows(rep.Errors), Notes: append(notes, rep.Notes...), Unmatched: unmatchedTerms(vocab, rep.Unmatched), Spreadsheet: up.Kind != kindFeed}
	if res.Spreadsheet {
		all, err := c.Store.Groups(ctx)
		if err != nil {
			c.fail(w, r, "listing groups", err)
			return
		}
		res.LeftOut = leftOutText(importLeftOut(imp, all))
	}
	d.Result = &res
	c.showImport(w, r, me, http.StatusOK, d)
}
