package csvfile

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// sheet is a file with what a spreadsheet's CSV holds: an accented name,
// cells over several lines, a row with three problems, a row with two, a
// record encoding/csv cannot parse, and good rows after each.
const sheet = "" +
	"id,name,concerns,city,description,status,email,schedule\n" + // 1
	"g1,Entraide des endeuillés,deuil,Wawa,\"line one\n" + // 2
	"line two\n" + // 3
	"line three\",,,\n" + // 4
	"g2,G2,grief,Wawa,,sleeping,not-an-email,every blue moon\n" + // 5: three problems
	"g3,G3,grief,Wawa,\"x\n" + // 6
	"y\",,,\n" + // 7
	"g4,G4,grief,,,,,\n" + // 8: no way to attend, no service area
	"g5,Bob's \"best\",grief,Wawa,,,,\n" + // 9: a bare quote
	"g6,Café,grief,Wawa,,,,weekly TU 19:00\n" // 10

// win1252 encodes text, which must hold no character beyond Latin-1's
// letters, as older Excel saves it.
func win1252(t *testing.T, text string) string {
	t.Helper()
	var b []byte
	for _, r := range text {
		if r > 0xff {
			t.Fatalf("win1252: %q", r)
		}
		b = append(b, byte(r))
	}
	return string(b)
}

// TestSpreadsheetFiles reads the same sheet as each way spreadsheets save
// it: each must give the same rows on the same lines, the same errors on
// the same lines, every problem of a row in one error, and a note when
// the encoding was guessed.
func TestSpreadsheetFiles(t *testing.T) {
	semicolons := func(s string) string { return strings.ReplaceAll(s, ",", ";") }
	crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
	tests := []struct {
		name string
		text func(t *testing.T) string
		note bool // the file is noted as Windows-1252
	}{
		{"comma, LF, UTF-8", func(*testing.T) string { return sheet }, false},
		{"UTF-8 with a byte order mark", func(*testing.T) string { return bom + sheet }, false},
		{"CRLF", func(*testing.T) string { return crlf(sheet) }, false},
		{"lone CR (old Mac Excel)", func(*testing.T) string { return strings.ReplaceAll(sheet, "\n", "\r") }, false},
		{"semicolons", func(*testing.T) string { return semicolons(sheet) }, false},
		{"semicolons, CRLF, byte order mark (French Excel, CSV UTF-8)", func(*testing.T) string { return bom + crlf(semicolons(sheet)) }, false},
		{"Windows-1252", func(t *testing.T) string { return win1252(t, sheet) }, true},
		{"Windows-1252, semicolons, CRLF (French Excel, CSV)", func(t *testing.T) string { return win1252(t, crlf(semicolons(sheet))) }, true},
		{"Windows-1252, lone CR", func(t *testing.T) string { return win1252(t, strings.ReplaceAll(sheet, "\n", "\r")) }, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp := read(t, tt.text(t))
			good, bad := lines(imp)
			if want := []int{2, 6, 10}; !slices.Equal(good, want) {
				t.Errorf("rows read on lines %v, want %v; errors %v", good, want, imp.Report.Errors)
			}
			if want := []int{5, 8, 9}; !slices.Equal(bad, want) {
				t.Fatalf("errors on lines %v, want %v: %v", bad, want, imp.Report.Errors)
			}
			if len(good) == 3 {
				g1, g6 := imp.Rows[0].Group, imp.Rows[2].Group
				if g1.Name != "Entraide des endeuillés" || g6.Name != "Café" {
					t.Errorf("names %q and %q, want Entraide des endeuillés and Café", g1.Name, g6.Name)
				}
				if g1.Description != "line one\nline two\nline three" || !slices.Equal(g1.Concerns, []string{"grief"}) {
					t.Errorf("g1 read as %+v", g1)
				}
				if len(g6.Schedules) != 1 {
					t.Errorf("g6 schedules %v", g6.Schedules)
				}
			}
			says := [][]string{
				{`"sleeping"`, "email", `"every blue moon"`},
				{"no way to attend", "no service area"},
				{"bare \""},
			}
			for i, e := range imp.Report.Errors {
				msg := e.Error()
				if e.File != "test.csv" || strings.Contains(msg, "\n") {
					t.Errorf("error %d: %q, want one line about test.csv", i, msg)
				}
				for _, s := range says[i] {
					if !strings.Contains(msg, s) {
						t.Errorf("error %d: %q does not say %s", i, msg, s)
					}
				}
			}
			switch {
			case !tt.note && len(imp.Report.Notes) > 0:
				t.Errorf("notes %q, want none", imp.Report.Notes)
			case tt.note && (len(imp.Report.Notes) != 1 ||
				!strings.HasPrefix(imp.Report.Notes[0], "test.csv was saved as Windows-1252 (older Excel)") ||
				!strings.Contains(imp.Report.Notes[0], "accented names on lines 2 and 10")):
				t.Errorf("notes %q, want one that test.csv is Windows-1252, accents on lines 2 and 10", imp.Report.Notes)
			}
		})
	}
}

// TestRowProblems checks that a row with several problems is refused
// once, on its line, with all of them: one line of text, and each one
// still there for errors.Is and errors.As.
func TestRowProblems(t *testing.T) {
	tests := []struct {
		name string
		text string // line 2 is a good row
		line int
		says []string // each problem, in the order said
	}{
		{"three problems", "id,name,concerns,city,status,email,schedule\n" +
			"g1,G1,grief,Wawa,,,\n" +
			"g2,G2,grief,Wawa,sleeping,not-an-email,every blue moon\n",
			3, []string{`unknown status "sleeping"`, `email "not-an-email"`, `schedule 1 ("every blue moon")`}},
		{"phone, schedule and place", "id,name,concerns,phone,schedule,place_name,city\n" +
			"g1,G1,grief,705-555-0142,,,Wawa\n" +
			"\n" +
			"g2,G2,grief,555,every blue moon,Legion Hall,\n",
			4, []string{`schedule 1 ("every blue moon")`, `phone: "555"`, "a meeting place needs a town"}},
		{"from the reader and from Check", "id,code,name,concerns,city,latitude,languages\n" +
			"g1,1,G1,grief,Wawa,,\n" +
			"g1,1,,grief,Wawa,91,klingon\n",
			3, []string{"both", "no name", "klingon", `id "g1" is already used on line 2`, "code 1 is already used on line 2"}},
		{"place problems from the reader", "id,name,concerns,city,province,latitude,longitude\n" +
			"g1,G1,grief,Wawa,,,\n" +
			"g2,G2,grief,Wawa,Atlantis,91,-200\n",
			3, []string{"Atlantis", "latitude"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp := read(t, tt.text)
			good, bad := lines(imp)
			if !slices.Equal(good, []int{2}) || !slices.Equal(bad, []int{tt.line}) {
				t.Fatalf("rows read on lines %v, refused on %v, want 2 and %d: %v", good, bad, tt.line, imp.Report.Errors)
			}
			e := imp.Report.Errors[0]
			msg := e.Error()
			if !strings.HasPrefix(msg, "test.csv:"+strconv.Itoa(tt.line)+": ") || strings.Contains(msg, "\n") {
				t.Errorf("%q: want one line starting test.csv:%d", msg, tt.line)
			}
			at := 0
			for _, s := range tt.says {
				i := strings.Index(msg[at:], s)
				if i < 0 {
					t.Errorf("%q does not say %q after character %d", msg, s, at)
					continue
				}
				at += i + len(s)
			}
			var parts interface{ Unwrap() []error }
			if !errors.As(e.Err, &parts) || len(parts.Unwrap()) < len(tt.says) {
				t.Errorf("%q does not unwrap to its %d problems", msg, len(tt.says))
			}
		})
	}
}

// TestSeparatorAndEncoding checks how the separator and encoding are
// found in less usual files.
func TestSeparatorAndEncoding(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	tests := []struct {
		name, text string
		line       int    // the one row's line
		group      string // its name
		note       string // a note says this; "" for none
		err        string // or Read fails saying this
	}{
		{"semicolons, lists quoted", "id;name;concerns;city;languages\ng1;Groupe;\"deuil; proches aidants\";Wawa;\"en;fr\"\n", 2, "Groupe", "", ""},
		{"semicolons, a comma in a quoted header cell", "\"Notes, staff only\";id;name;concerns;city\nx, y;g1;G;grief;Wawa\n", 2, "G", "", ""},
		{"commas, semicolons in a quoted header cell", "id,name,concerns,city,\"a;b;c;d;e;f\"\ng1,G;H,grief,Wawa,x;y\n", 2, "G;H", "", ""},
		{"sep= line", "sep=;\nid;name;concerns;city\ng1;G, H;grief;Wawa\n", 3, "G, H", "", ""},
		{"sep= line, CRLF, header with commas", "sep=;\r\nid;name;concerns;city;\"a,b,c,d,e\"\r\ng1;G, H;grief;Wawa;\r\n", 3, "G, H", "", ""},
		{"blank lines before the header", "\r\n\r\nid;name;concerns;city\r\ng1;G;grief;Wawa\r\n", 4, "G", "", ""},
		{"Windows-1252 punctuation", "id,name,concerns,city\ng1,Groupe d\x92entraide \xabDeuil\xbb \x96 Wawa,grief,Wawa\n", 2,
			"Groupe d’entraide «Deuil» – Wawa", "test.csv was saved as Windows-1252 (older Excel), not UTF-8; read as such, so check accented names on line 2", ""},
		{"UTF-8 with a stray Windows-1252 byte", bom + "id,name,concerns,city,description\ng1,Entraide des endeuill\xe9s,grief,Wawa,Société\n", 2,
			"Entraide des endeuillés", "test.csv is saved as UTF-8, but some characters on line 2 are not; read them as Windows-1252", ""},
		{"UTF-16", "\xff\xfei\x00d\x00", 0, "", "", `test.csv: the file is saved as UTF-16 (Excel's "Unicode Text")`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp, err := Read(strings.NewReader(tt.text), "test.csv", vocab, areas)
			if tt.err != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tt.err) {
					t.Errorf("err %v, want one saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Rows) != 1 || len(imp.Report.Errors) > 0 {
				t.Fatalf("rows %+v, errors %v", imp.Rows, imp.Report.Errors)
			}
			if r := imp.Rows[0]; r.Line != tt.line || r.Group.Name != tt.group {
				t.Errorf("read %q on line %d, want %q on line %d", r.Group.Name, r.Line, tt.group, tt.line)
			}
			switch {
			case tt.note == "" && len(imp.Report.Notes) > 0:
				t.Errorf("notes %q, want none", imp.Report.Notes)
			case tt.note != "" && (len(imp.Report.Notes) != 1 || !strings.HasPrefix(imp.Report.Notes[0], tt.note)):
				t.Errorf("notes %q, want one saying %q", imp.Report.Notes, tt.note)
			}
		})
	}
}

func TestOnLines(t *testing.T) {
	tests := []struct {
		lines []int
		want  string
	}{
		{[]int{4}, "on line 4"},
		{[]int{2, 9}, "on lines 2 and 9"},
		{[]int{2, 3, 5}, "on lines 2, 3 and 5"},
		{[]int{2, 3, 5, 8, 13}, "on lines 2, 3, 5, 8 and 13"},
		{[]int{2, 3, 5, 8, 13, 21, 34}, "on lines 2, 3, 5, 8, 13 and 2 more"},
	}
	for _, tt := range tests {
		if got := onLines(tt.lines); got != tt.want {
			t.Errorf("onLines(%v) = %q, want %q", tt.lines, got, tt.want)
		}
	}
}

func TestNote(t *testing.T) {
	var r directory.ImportReport
	r.Note("a")
	r.Note("b")
	r.Note("a")
	if !slices.Equal(r.Notes, []string{"a", "b"}) {
		t.Errorf("notes %q, want a and b once each", r.Notes)
	}
}
