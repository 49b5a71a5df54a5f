package csvfile

import (
	"bytes"
	"encoding/csv"
	"maps"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

func read(t *testing.T, text string) *directory.Import {
	t.Helper()
	imp, err := Read(strings.NewReader(text), "test.csv", directorytest.Vocab(t), directorytest.Areas(t))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return imp
}

// lines gives the line numbers of the rows read and of the rows refused.
func lines(imp *directory.Import) (good, bad []int) {
	for _, r := range imp.Rows {
		good = append(good, r.Line)
	}
	for _, e := range imp.Report.Errors {
		bad = append(bad, e.Line)
	}
	return good, bad
}

func TestTemplate(t *testing.T) {
	imp := read(t, string(Template))
	if len(imp.Report.Errors) > 0 || len(imp.Report.Unmatched) > 0 {
		t.Fatalf("errors %v, unmatched %v", imp.Report.Errors, imp.Report.Unmatched)
	}
	if len(imp.Rows) != 3 {
		t.Fatalf("%d rows, want 3", len(imp.Rows))
	}
	tests := []struct {
		mode  directory.Mode
		areas []directory.Coverage
	}{
		{directory.InPerson, []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}}},
		{directory.ByPhone, []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}}},
		{directory.ByMail, []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}},
	}
	for i, tt := range tests {
		g := imp.Rows[i].Group
		if m := g.Modes(); len(m) != 1 || m[0] != tt.mode {
			t.Errorf("row %d: modes %v, want %v", i+1, m, tt.mode)
		}
		if !reflect.DeepEqual(g.Areas, tt.areas) {
			t.Errorf("row %d: areas %v, want %v", i+1, g.Areas, tt.areas)
		}
	}
	if d := imp.Rows[1].Group.Dialin; d == nil || d.AccessCode == "" {
		t.Errorf("the telephone example has no access code: %+v", d)
	}
}

func TestPhoneFormats(t *testing.T) {
	formats := []struct{ name, phone string }{
		{"parentheses", "(705) 555-0142"}, {"dots", "705.555.0142"}, {"international", "+1 705 555 0142"},
		{"long distance", "1-705-555-0142"}, {"dashes", "705-555-0142"},
	}
	for _, f := range formats {
		phone := f.phone
		t.Run(f.name, func(t *testing.T) { // named for the format: test output holds no number
			imp := read(t, "id,name,concerns,city,phone,place_phone,dialin\n"+
				`g1,Group,grief,Wawa,"`+phone+`","`+phone+`","`+phone+`"`+"\n")
			if len(imp.Report.Errors) > 0 {
				t.Fatal(imp.Report.Errors)
			}
			g := imp.Rows[0].Group
			for _, got := range []string{g.Phone, g.Place.Phone, g.Dialin.Number} {
				if got != "+17055550142" {
					t.Errorf("got %q, want +17055550142", got)
				}
			}
		})
	}
}

func TestConcerns(t *testing.T) {
	tests := []struct {
		cell      string
		want      []string // nil: the row fails
		unmatched []string
	}{
		{"Grief and bereavement", []string{"grief"}, nil},
		{"Deuil", []string{"grief"}, nil},
		{"deuil", []string{"grief"}, nil},
		{"pregnancy-loss", []string{"pregnancy-loss"}, nil},
		{"caregiver", []string{"caregiving"}, nil},
		{"Proches aidants", []string{"caregiving"}, nil},
		{"Grief and bereavement; caregiver; deuil", []string{"grief", "caregiving"}, nil},
		{"Dementia and Alzheimer's;  Cancer du sein ;", []string{"dementia", "breast-cancer"}, nil},
		{"grief; knitting", []string{"grief"}, []string{"knitting"}},
		{"knitting; Quilting", nil, []string{"Quilting", "knitting"}},
		{"", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.cell, func(t *testing.T) {
			imp := read(t, "id,name,concerns,city\ng1,Group,\""+tt.cell+"\",Wawa\n")
			if !slices.Equal(imp.Report.Unmatched, tt.unmatched) {
				t.Errorf("unmatched %q, want %q", imp.Report.Unmatched, tt.unmatched)
			}
			if tt.want == nil {
				if len(imp.Rows) != 0 || len(imp.Report.Errors) != 1 ||
					!strings.Contains(imp.Report.Errors[0].Error(), "no concern") {
					t.Errorf("want the row refused for having no concern; rows %v, errors %v", imp.Rows, imp.Report.Errors)
				}
				return
			}
			if len(imp.Rows) != 1 {
				t.Fatalf("row refused: %v", imp.Report.Errors)
			}
			if got := imp.Rows[0].Group.Concerns; !slices.Equal(got, tt.want) {
				t.Errorf("concerns %q, want %q", got, tt.want)
			}
		})
	}
}

// TestBadRows checks that each bad row is reported on its own line, and
// the rows around it still come through, also after a cell that spans
// lines and after a record encoding/csv cannot parse.
func TestBadRows(t *testing.T) {
	const header = "id,name,concerns,phone,city,status,schedule,timezone,service_area,latitude,longitude,description\n"
	text := header + // line 1
		"good-1,Good One,grief,(705) 555-0142,Wawa,,,,,,,\n" + // 2
		"bad-phone,Bad Phone,grief,555-0142,Wawa,,,,,,,\n" + // 3
		"good-2,Good Two,grief,705-555-0143,Wawa,,weekly TU 19:00,,,,,\"First line\n" + // 4
		"second line, with a comma\n" + // 5
		"third line\"\n" + // 6
		"bad-status,Bad Status,grief,705-555-0144,Wawa,sleeping,,,,,,\n" + // 7
		"bad-schedule,Bad Schedule,grief,705-555-0145,Wawa,,weekly XX 19:00,,,,,\n" + // 8
		"bad-zone,Bad Zone,grief,705-555-0146,Wawa,,,Mars/Olympus,,,,\n" + // 9
		"bad-area,Bad Area,grief,705-555-0147,Wawa,,,,Atlantis,,,\n" + // 10
		"bad-lat,Bad Latitude,grief,705-555-0148,Wawa,,,,,forty-six,-84.77,\n" + // 11
		"bad-quote,Bob's \"best\" group,grief,705-555-0149,Wawa,,,,,,,\n" + // 12
		"\n" + // 13: blank lines are skipped
		",,,,,,,,,,,\n" + // 14: so are rows of empty cells
		"no-concern,No Concern,knitting,705-555-0150,Wawa,,,,,,,\n" + // 15
		"good-3,Good Three,grief,705-555-0151,Wawa,closed,,,,,,\n" // 16
	imp := read(t, text)
	good, bad := lines(imp)
	if want := []int{2, 4, 16}; !slices.Equal(good, want) {
		t.Errorf("rows read on lines %v, want %v", good, want)
	}
	want := []struct {
		line int
		says string
	}{
		{3, "phone"},
		{7, "sleeping"},
		{8, "XX"},
		{9, "Mars/Olympus"},
		{10, "Atlantis"},
		{11, "latitude"},
		{12, "bare \""},
		{15, "no concern"},
	}
	if len(bad) != len(want) {
		t.Fatalf("errors on lines %v, want %d: %v", bad, len(want), imp.Report.Errors)
	}
	for i, w := range want {
		e := imp.Report.Errors[i]
		if e.Line != w.line || e.File != "test.csv" || !strings.Contains(e.Error(), w.says) {
			t.Errorf("error %d: %q, want on line %d saying %q", i, e.Error(), w.line, w.says)
		}
	}
	if g := imp.Rows[1].Group; g.Description != "First line\nsecond line, with a comma\nthird line" || len(g.Schedules) != 1 {
		t.Errorf("good-2 read as %+v", g)
	}
	if !slices.Equal(imp.Report.Unmatched, []string{"knitting"}) {
		t.Errorf("unmatched %q, want knitting", imp.Report.Unmatched)
	}
	if s := imp.Rows[2].Group.Status; s != directory.StatusTemporarilyClosed {
		t.Errorf("status %q, want temporarily closed", s)
	}
}

// row makes a file of one row from its cells, by column.
func row(t *testing.T, cells map[string]string) string {
	t.Helper()
	cols := slices.Sorted(maps.Keys(cells))
	var vals []string
	for _, c := range cols {
		vals = append(vals, cells[c])
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for _, rec := range [][]string{cols, vals} {
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestQuoteErrors checks records encoding/csv cannot parse: each is
// reported on the line it starts on, and reading goes on after it.
func TestQuoteErrors(t *testing.T) {
	tests := []struct {
		name string
		bad  string // lines 2 (and on) of the file
		line int    // the error's line
		says string
		good []int // the lines of the rows read, the last one "z"
	}{
		{"bare quote", "b,Bob's \"best\" group,grief,Wawa\n", 2, "bare", []int{3}},
		{"text after a closing quote", "b,\"Bob's \"best\" group\",grief,Wawa\n", 2, "extraneous", []int{3}},
		{"quote left open", "b,\"Bob's best group,grief,Wawa\nc,C,grief,Wawa\nd,\"D\",grief,Wawa\n", 2, "lines 2 to 4", []int{5}},
		{"after a multi-line cell", "a,\"A\nstill A\",grief,Wawa\nb,Bob's \"best\",grief,Wawa\n", 4, "bare", []int{2, 5}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp := read(t, "id,name,concerns,city\n"+tt.bad+"z,Z,grief,Wawa\n")
			good, bad := lines(imp)
			if len(bad) != 1 || bad[0] != tt.line || !strings.Contains(imp.Report.Errors[0].Error(), tt.says) {
				t.Errorf("errors %v, want one on line %d saying %q", imp.Report.Errors, tt.line, tt.says)
			}
			if !slices.Equal(good, tt.good) {
				t.Errorf("rows read on lines %v, want %v", good, tt.good)
			}
		})
	}
}

func TestFields(t *testing.T) {
	type cells = map[string]string
	tests := []struct {
		name  string
		row   cells // id, name and concerns are added
		check func(g directory.Group) bool
		err   string // the row fails saying this
	}{
		{"code, languages, zone from the town", cells{"code": "42", "languages": "en;fr", "city": "Kenora", "notes": "staff only"},
			func(g directory.Group) bool {
				return g.Code == 42 && slices.Equal(g.Languages, []directory.Lang{"en", "fr"}) &&
					g.Zone == "America/Winnipeg" && g.Place.Area == "807" && g.Place.Province == "ON" && g.Place.HasCoords()
			}, ""},
		{"place as given", cells{"languages": "English", "city": "the soo", "place_name": "Legion Hall", "province": "Ontario", "latitude": "46.5", "longitude": "-84.3", "postal_code": "p6a 1a1"},
			func(g directory.Group) bool {
				p := g.Place
				return g.Code == 0 && g.Languages[0] == "en" && p.Lat == 46.5 && p.Lon == -84.3 && p.PostalCode == "P6A 1A1" &&
					p.Name == "Legion Hall" && p.Province == "ON" && g.Zone == "America/Toronto" && g.Status == directory.StatusActive
			}, ""},
		{"dial-in", cells{"dialin": "1-888-555-0101", "access_code": "12 34#", "service_area": "705, 807", "timezone": "America/Winnipeg"},
			func(g directory.Group) bool {
				return g.Dialin.Number == "+18885550101" && g.Dialin.AccessCode == "1234#" && g.Zone == "America/Winnipeg" &&
					reflect.DeepEqual(g.Areas, []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}, {Kind: directory.CoverComplex, Value: "807"}})
			}, ""},
		{"online", cells{"online_url": "https://meet.example.org/g", "service_area": "Canada", "email": "g@example.org"},
			func(g directory.Group) bool {
				return g.OnlineURL == "https://meet.example.org/g" && g.Email == "g@example.org" &&
					reflect.DeepEqual(g.Areas, []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}})
			}, ""},
		{"mail", cells{"mail_address": "PO Box 1, Wawa ON", "service_area": "CA", "status": "Inactive"},
			func(g directory.Group) bool {
				return g.Mail == "PO Box 1, Wawa ON" && g.Status == directory.StatusInactive
			}, ""},
		{"code zero", cells{"code": "0", "city": "Wawa"}, nil, "code"},
		{"code not a number", cells{"code": "12a", "city": "Wawa"}, nil, "code"},
		{"unknown language", cells{"languages": "klingon", "city": "Wawa"}, nil, "klingon"},
		{"unknown province", cells{"province": "Atlantis", "city": "Wawa"}, nil, "province"},
		{"latitude alone", cells{"latitude": "46.5", "city": "Wawa"}, nil, "both"},
		{"latitude NaN", cells{"latitude": "NaN", "longitude": "-84", "city": "Wawa"}, nil, "latitude"},
		{"longitude out of range", cells{"latitude": "46", "longitude": "-184", "city": "Wawa"}, nil, "longitude"},
		{"place without a town", cells{"place_name": "Legion Hall"}, nil, "town"},
		{"access code without a dial-in", cells{"access_code": "1234#", "service_area": "Ontario"}, nil, "access_code"},
		{"access code not on a keypad", cells{"dialin": "705-555-0199", "access_code": "12AB", "service_area": "Ontario"}, nil, "access code"},
		{"bad dial-in", cells{"dialin": "call Ann", "service_area": "Ontario"}, nil, "dial-in"},
		{"bad place phone", cells{"place_phone": "555-0142", "city": "Wawa"}, nil, "place phone"},
		{"URL without a scheme", cells{"online_url": "meet.example.org", "service_area": "Ontario"}, nil, "web address"},
		{"bad email", cells{"email": "not-an-email", "city": "Wawa"}, nil, "email"},
		{"no way to attend", cells{}, nil, "no way to attend"},
		{"no id", cells{"id": "", "city": "Wawa"}, nil, "no id"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := cells{"id": "g", "name": "G", "concerns": "grief"}
			maps.Copy(c, tt.row)
			imp := read(t, row(t, c))
			if tt.err != "" {
				if len(imp.Report.Errors) != 1 || !strings.Contains(imp.Report.Errors[0].Error(), tt.err) {
					t.Errorf("errors %v, want one saying %q", imp.Report.Errors, tt.err)
				}
				return
			}
			if len(imp.Rows) != 1 {
				t.Fatalf("row refused: %v", imp.Report.Errors)
			}
			if g := imp.Rows[0].Group; !tt.check(g) {
				t.Errorf("read as %+v, place %+v, dialin %+v", g, g.Place, g.Dialin)
			}
		})
	}
}

func TestDuplicates(t *testing.T) {
	imp := read(t, "id,code,name,concerns,city\n"+
		"a,1,A,grief,Wawa\n"+
		"a,2,A again,grief,Wawa\n"+
		"b,1,B,grief,Wawa\n"+
		"c,3,C,grief,Wawa\n")
	good, bad := lines(imp)
	if !slices.Equal(good, []int{2, 5}) || !slices.Equal(bad, []int{3, 4}) {
		t.Errorf("read lines %v, refused %v: %v", good, bad, imp.Report.Errors)
	}
}

func TestHeader(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	tests := []struct {
		name, text string
		err        string // Read fails saying this; "" when it reads one row
	}{
		{"any order and case, unknown columns ignored", "City,CONCERNS,Comments,Name,Id\nWawa,grief,call Ann,G,g1\n", ""},
		{"byte order mark", "\ufeffid,name,concerns,city\ng1,G,grief,Wawa\n", ""},
		{"byte order mark before a quoted header", "\ufeff\"id\",\"name\",\"concerns\",\"city\"\ng1,G,grief,Wawa\n", ""},
		{"spaced and hyphenated names", "ID,Name,Concerns,Place Name,City,Postal-Code\ng1,G,grief,Hall,Wawa,P0S 1K0\n", ""},
		{"CRLF line ends", "id,name,concerns,city\r\ng1,G,grief,Wawa\r\n", ""},
		{"missing required columns", "id,title,city\ng1,G,Wawa\n", "name, concerns"},
		{"column twice", "id,name,concerns,city,Name\ng1,G,grief,Wawa,H\n", "twice"},
		{"empty file", "", "empty"},
		{"broken header", "id,\"name,concerns\n", "header"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp, err := Read(strings.NewReader(tt.text), "test.csv", vocab, areas)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.HasPrefix(err.Error(), "test.csv") {
					t.Errorf("err %v, want one about test.csv saying %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(imp.Rows) != 1 || len(imp.Report.Errors) != 0 || imp.Rows[0].Line != 2 {
				t.Errorf("rows %+v, errors %v", imp.Rows, imp.Report.Errors)
			}
		})
	}
}

func TestWriteCoverage(t *testing.T) {
	g := directory.Group{SourceID: "g", Name: "G", Concerns: []string{"grief", "caregiving"}, Mail: "PO Box 1",
		Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}, {Kind: directory.CoverProvince, Value: "ON"}, {Kind: directory.CoverCountry, Value: "CA"}}}
	var b bytes.Buffer
	if err := Write(&b, []directory.Group{g}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"705, ON, Canada"`, "grief; caregiving"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no %s in\n%s", want, b.String())
		}
	}
}

// TestRoundTrip reads a file, writes what it read and reads that again:
// the groups must come back the same, and writing must be reproducible.
func TestRoundTrip(t *testing.T) {
	demo, err := os.ReadFile(demoPath)
	if err != nil {
		t.Fatal(err)
	}
	multiLine := "id,name,concerns,city,description,schedule,dialin,access_code,service_area\n" +
		"g1,G,grief,Wawa,\"one\ntwo, \"\"quoted\"\"\",\"monthly 2TU 19:00; weekly/2 MO,TH 10:00-11:00 from 2026-01-05 until 2026-12-31\",(705) 555-0142,12-34 #,\"705, ON\"\n"
	for name, text := range map[string]string{"template": string(Template), "demo": string(demo), "multi-line": multiLine} {
		t.Run(name, func(t *testing.T) {
			first := groups(t, read(t, text))
			var out1, out2 bytes.Buffer
			if err := Write(&out1, first); err != nil {
				t.Fatal(err)
			}
			if err := Write(&out2, first); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(out1.Bytes(), out2.Bytes()) {
				t.Error("writing the same groups twice gave different bytes")
			}
			second := groups(t, read(t, out1.String()))
			if len(first) != len(second) {
				t.Fatalf("%d groups, then %d", len(first), len(second))
			}
			for i := range first {
				if !reflect.DeepEqual(first[i], second[i]) {
					t.Errorf("group %d changed:\n%+v\n%+v", i, first[i], second[i])
				}
			}
		})
	}
}

func groups(t *testing.T, imp *directory.Import) []directory.Group {
	t.Helper()
	if len(imp.Report.Errors) > 0 {
		t.Fatalf("errors: %v", imp.Report.Errors)
	}
	var gs []directory.Group
	for _, r := range imp.Rows {
		gs = append(gs, r.Group)
	}
	return gs
}
