package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
)

// folder writes files into a new temporary folder.
func folder(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// zipped writes files into a new .zip, under prefix.
func zipped(t *testing.T, files map[string]string, prefix string) string {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, name := range sortedKeys(files) {
		w, err := zw.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "package.zip")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func read(t *testing.T, path string) *directory.Import {
	t.Helper()
	imp, err := Read(path, directorytest.Vocab(t), directorytest.Areas(t))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return imp
}

func groupsOf(imp *directory.Import) []directory.Group {
	var gs []directory.Group
	for _, r := range imp.Rows {
		gs = append(gs, r.Group)
	}
	return gs
}

func groupByID(imp *directory.Import, id string) (directory.Group, bool) {
	for _, r := range imp.Rows {
		if r.Group.SourceID == id {
			return r.Group, true
		}
	}
	return directory.Group{}, false
}

// only reads a one-service package and gives its group, failing the test
// on any reported error.
func only(t *testing.T, files map[string]string) directory.Group {
	t.Helper()
	imp := read(t, folder(t, files))
	noErrors(t, imp)
	if len(imp.Rows) != 1 {
		t.Fatalf("got %d groups, want 1", len(imp.Rows))
	}
	return imp.Rows[0].Group
}

func noErrors(t *testing.T, imp *directory.Import) {
	t.Helper()
	for _, e := range imp.Report.Errors {
		t.Errorf("unexpected error: %v", e)
	}
}

func sameGroup(t *testing.T, got, want directory.Group) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("group %s:\ngot  %s\nwant %s", want.SourceID, dump(got), dump(want))
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestReadProfile(t *testing.T) {
	imp := read(t, folder(t, basePackage()))
	noErrors(t, imp)
	want := baseGroups()
	if len(imp.Rows) != len(want) {
		t.Fatalf("got %d groups, want %d", len(imp.Rows), len(want))
	}
	for i, w := range want {
		t.Run(w.SourceID, func(t *testing.T) {
			row := imp.Rows[i]
			if row.File != "services.csv" {
				t.Errorf("row file %q, want services.csv", row.File)
			}
			sameGroup(t, row.Group, w)
		})
	}
	// The location's "Wheelchair accessible" is not the service's: it is
	// neither a concern nor unmatched.
	if want := []string{"Basket weaving"}; !reflect.DeepEqual(imp.Report.Unmatched, want) {
		t.Errorf("unmatched %q, want %q", imp.Report.Unmatched, want)
	}
	if imp.Rows[1].Line != 4 {
		t.Errorf("svc-phone read on line %d, want 4 (the description before it spans two lines)", imp.Rows[1].Line)
	}
}

func TestReadAttendingKinds(t *testing.T) {
	imp := read(t, folder(t, basePackage()))
	tests := []struct {
		id    string
		modes []directory.Mode
	}{
		{"svc-grief", []directory.Mode{directory.InPerson}},
		{"svc-phone", []directory.Mode{directory.ByPhone}},
		{"svc-online", []directory.Mode{directory.Online}},
		{"svc-mail", []directory.Mode{directory.ByMail}},
	}
	for _, tt := range tests {
		g, ok := groupByID(imp, tt.id)
		if !ok {
			t.Errorf("%s: not read", tt.id)
			continue
		}
		if got := g.Modes(); !reflect.DeepEqual(got, tt.modes) {
			t.Errorf("%s: modes %v, want %v", tt.id, got, tt.modes)
		}
	}
}

func TestReadPhoneFormats(t *testing.T) {
	for _, phone := range []string{"(705) 555-0142", "705.555.0142", "+1 705 555 0142", "1-705-555-0142"} {
		t.Run(phone, func(t *testing.T) {
			g := only(t, singlePackage(map[string]string{"phone": phone}))
			if g.Phone != "+17055550142" {
				t.Errorf("phone %q, want +17055550142", g.Phone)
			}
		})
	}
}

func TestReadPhoneRoles(t *testing.T) {
	files := singlePackage(nil)
	files["phones.csv"] = `id,service_id,location_id,number,type
p-1,svc-1,,705-555-0199,fax
p-2,svc-1,loc-1,705-555-0198,voice
p-3,svc-1,,705-555-0101,
p-4,svc-1,,705-555-0102,voice
`
	g := only(t, files)
	if g.Phone != "+17055550101" || g.Place.Phone != "+17055550198" {
		t.Errorf("contact %q, place %q; want the first voice phone of each: +17055550101, +17055550198", g.Phone, g.Place.Phone)
	}
}

func TestReadTimes(t *testing.T) {
	tests := []struct {
		name                  string
		opens, tz, city, date string
		wantOpens             recur.Clock
		wantZone              string
	}{
		{"bare HH:MM", "19:00", "", "", "", at(19, 0), "America/Toronto"},
		{"bare HH:MM:SS", "19:00:00", "", "", "", at(19, 0), "America/Toronto"},
		{"offset on the time", "19:00-05:00", "", "", "", at(19, 0), "America/Toronto"},
		{"offset in hours", "19:00", "-5", "", "", at(19, 0), "America/Toronto"},
		{"offset as -05:00", "19:00", "-05:00", "", "", at(19, 0), "America/Toronto"},
		{"offset as UTC-5", "19:00", "UTC-5", "", "", at(19, 0), "America/Toronto"},
		{"IANA name", "19:00", "America/Toronto", "", "", at(19, 0), "America/Toronto"},
		{"Sault in summer", "19:00", "-4", "", "2025-07-03", at(19, 0), "America/Toronto"},
		{"Kenora in winter", "19:00", "-06:00", "Kenora", "", at(19, 0), "America/Winnipeg"},
		{"Kenora in summer", "19:00-05:00", "", "Kenora", "2025-07-03", at(19, 0), "America/Winnipeg"},
		{"Kenora, no offset", "19:00", "", "Kenora", "", at(19, 0), "America/Winnipeg"},
		{"Central time in the Sault", "19:00", "-6", "", "", at(19, 0), "America/Winnipeg"},
		{"no date, preferred zone's summer offset", "19:00", "-4", "", "-", at(19, 0), "America/Toronto"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := map[string]string{"opens": tt.opens, "tz": tt.tz}
			if tt.city != "" {
				set["city"], set["area"] = tt.city, "807"
			}
			switch tt.date {
			case "-":
				set["dtstart"] = ""
			case "":
			default:
				set["dtstart"] = tt.date
			}
			g := only(t, singlePackage(set))
			if len(g.Schedules) != 1 || g.Schedules[0].Opens != tt.wantOpens {
				t.Errorf("schedules %+v, want one opening at %v", g.Schedules, tt.wantOpens)
			}
			if g.Zone != tt.wantZone {
				t.Errorf("zone %q, want %q", g.Zone, tt.wantZone)
			}
		})
	}
}

func TestReadServiceAreaText(t *testing.T) {
	npa := func(v string) directory.Coverage { return directory.Coverage{Kind: directory.CoverComplex, Value: v} }
	prov := func(v string) directory.Coverage { return directory.Coverage{Kind: directory.CoverProvince, Value: v} }
	tests := []struct {
		text string
		want []directory.Coverage
	}{
		{"705, 249, 683", []directory.Coverage{npa("705")}},
		{"249", []directory.Coverage{npa("705")}},
		{"Ontario", []directory.Coverage{prov("ON")}},
		{"Canada", []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}},
		{"Ontario; 204", []directory.Coverage{prov("ON"), npa("204")}},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			g := only(t, singlePackage(map[string]string{"area": tt.text}))
			if !reflect.DeepEqual(g.Areas, tt.want) {
				t.Errorf("areas %v, want %v", g.Areas, tt.want)
			}
		})
	}
}

// A publisher's term is filed by its name, read as words, or by its
// code through the code table only: a code is an identifier, and words
// inside it say nothing.
func TestReadTaxonomyTerms(t *testing.T) {
	tests := []struct {
		name                 string
		taxonomy, taxonomyID string
		code, term           string
		want                 []string
		unmatched            []string
	}{
		{"a name", "", "", "", "Grief and loss", []string{"grief"}, nil},
		{"a synonym, whole", "", "", "", "Bereavement", []string{"grief"}, nil},
		{"the French name, whole", "", "", "", "Deuil", []string{"grief"}, nil},
		{"a synonym within a name", "", "", "", "Widowed persons", []string{"grief"}, nil},
		{"a name naming two concerns", "", "", "", "Alcohol and drug addiction", []string{"alcohol", "drugs"}, nil},
		{"a code with a concern's words is not read for them", "", "", "grief-and-cancer-XYZ", "Bereavement", []string{"grief"}, nil},
		{"a 211-style code with a synonym in it", "", "", "BD-1800.1500-caregiver", "Bereavement", []string{"grief"}, nil},
		{"a code the table does not know falls back to the name", "AIRS", "", "BD-1800.2000", "Bereavement", []string{"grief"}, nil},
		{"a code in the table, whatever the name", "", "", "PN-8100.5000", "Peer groups", []string{"mental-health"}, nil},
		{"a code in the table, in lower case", "", "tx-airs", " pn-8100.5000", "Peer groups", []string{"mental-health"}, nil},
		{"peerline's own code, by the taxonomy column", "peerline", "", "grief", "Whatever the publisher calls it", []string{"grief"}, nil},
		{"peerline's own code, by taxonomy_id", "", "tx-peerline", "grief", "Whatever the publisher calls it", []string{"grief"}, nil},
		{"a concern code in another taxonomy is not ours", "AIRS", "", "grief", "Whatever the publisher calls it", nil, []string{"Whatever the publisher calls it"}},
		{"an unknown name with an unmapped code", "", "", "XYZ-999", "Basket weaving", nil, []string{"Basket weaving"}},
		{"an unmapped code with no name", "", "", "XYZ-999", "", nil, []string{"XYZ-999"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set := map[string]string{"taxonomy": tt.taxonomy, "taxonomy_id": tt.taxonomyID, "code": tt.code, "term": tt.term}
			imp := read(t, folder(t, singlePackage(set)))
			if !reflect.DeepEqual(imp.Report.Unmatched, tt.unmatched) {
				t.Errorf("unmatched %q, want %q", imp.Report.Unmatched, tt.unmatched)
			}
			if tt.want == nil {
				// A group left with no concern fails Check, on its services.csv line.
				if len(imp.Rows) != 0 || len(imp.Report.Errors) != 1 || imp.Report.Errors[0].File != "services.csv" || imp.Report.Errors[0].Line != 2 {
					t.Errorf("rows %d, errors %v; want the service reported on services.csv:2", len(imp.Rows), imp.Report.Errors)
				}
				return
			}
			noErrors(t, imp)
			if len(imp.Rows) != 1 || !reflect.DeepEqual(imp.Rows[0].Group.Concerns, tt.want) {
				t.Errorf("rows %+v, want concerns %q", imp.Rows, tt.want)
			}
		})
	}
}

func TestReadAccessCode(t *testing.T) {
	dialin := func(ext, desc, attending string) map[string]string {
		files := singlePackage(nil)
		files["locations.csv"] = "id,location_type,url\nloc-1,virtual,\n"
		files["addresses.csv"] = "id,location_id\n"
		files["phones.csv"] = "id,location_id,number,extension,description\np-1,loc-1,705-555-0150," + ext + "," + desc + "\n"
		files["schedules.csv"] = "id,service_id,freq,byday,dtstart,opens_at,attending_type\ns-1,svc-1,WEEKLY,TH,2025-01-09,19:00," + attending + "\n"
		return files
	}
	tests := []struct {
		name                 string
		ext, desc, attending string
		want                 string
	}{
		{"extension", "4127", "Access code 9999#", "access code 8888#", "4127"},
		{"phone description", "", "Access code 4127#", "access code 8888#", "4127#"},
		{"attending_type", "", "", "\"By phone: dial in, then access code 41 27 #\"", "4127#"},
		{"PIN", "", "PIN: 5512", "", "5512"},
		{"none", "", "Call the bridge", "by telephone", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := only(t, dialin(tt.ext, tt.desc, tt.attending))
			if g.Dialin == nil || g.Dialin.Number != "+17055550150" || g.Dialin.AccessCode != tt.want {
				t.Errorf("dial-in %+v, want +17055550150 with code %q", g.Dialin, tt.want)
			}
		})
	}
}

func TestReadMeeting(t *testing.T) {
	tests := []struct {
		name    string
		cells   map[string]string
		skip    bool
		wantErr string
		want    recur.Schedule
	}{
		{name: "weekly", cells: map[string]string{"freq": "weekly", "byday": "mo, th", "opens_at": "19:00", "closes_at": "20:30"},
			want: recur.Schedule{Freq: recur.Weekly, ByDay: []string{"MO", "TH"}, Opens: at(19, 0), Closes: at(20, 30)}},
		{name: "spreadsheet numbers", cells: map[string]string{"freq": "MONTHLY", "interval": "2.0", "count": "6",
			"bymonthday": "-1", "dtstart": "2025-01-31", "opens_at": "10:00"},
			want: recur.Schedule{Freq: recur.Monthly, Interval: 2, Count: 6, ByMonthDay: []int{-1}, Start: day(2025, 1, 31), Opens: at(10, 0)}},
		{name: "a note", cells: map[string]string{"attending_type": "Closed in August"}, skip: true},
		{name: "no freq", cells: map[string]string{"byday": "TU", "opens_at": "19:00"}, wantErr: "freq: missing"},
		{name: "no time", cells: map[string]string{"freq": "WEEKLY", "byday": "TU"}, wantErr: "opens_at"},
		{name: "closes at midnight", cells: map[string]string{"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "closes_at": "00:00:00"},
			want: recur.Schedule{Freq: recur.Weekly, ByDay: []string{"TU"}, Opens: at(19, 0), Closes: at(24, 0)}},
		{name: "closes at 24:00", cells: map[string]string{"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "closes_at": "24:00"},
			want: recur.Schedule{Freq: recur.Weekly, ByDay: []string{"TU"}, Opens: at(19, 0), Closes: at(24, 0)}},
		{name: "closes before opens", cells: map[string]string{"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "closes_at": "18:00"},
			wantErr: "before opens"},
		{name: "byweekno", cells: map[string]string{"freq": "WEEKLY", "byday": "TU", "byweekno": "41,42", "opens_at": "19:00"},
			wantErr: "byweekno: not supported"},
		{name: "wkst that changes the weeks", cells: map[string]string{"freq": "WEEKLY", "interval": "2", "byday": "SU,MO",
			"wkst": "SU", "dtstart": "2025-01-05", "opens_at": "19:00"}, wantErr: "wkst: SU"},
		{name: "wkst that does not", cells: map[string]string{"freq": "WEEKLY", "interval": "2", "byday": "SU",
			"wkst": "SU", "dtstart": "2025-01-05", "opens_at": "19:00"},
			want: recur.Schedule{Freq: recur.Weekly, Interval: 2, ByDay: []string{"SU"}, Start: day(2025, 1, 5), Opens: at(19, 0)}},
		{name: "bad date", cells: map[string]string{"freq": "WEEKLY", "byday": "TU", "dtstart": "07/01/2025", "opens_at": "19:00"},
			wantErr: "dtstart"},
		{name: "bad timezone", cells: map[string]string{"freq": "WEEKLY", "byday": "TU", "opens_at": "19:00", "timezone": "Eastern"},
			wantErr: "timezone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, ok, err := readMeeting(recordOf(2, tt.cells))
			switch {
			case tt.skip:
				if ok || err != nil {
					t.Errorf("ok %v, err %v; want the row skipped", ok, err)
				}
			case tt.wantErr != "":
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Errorf("error %v, want one mentioning %q", err, tt.wantErr)
				}
			case err != nil || !ok:
				t.Errorf("ok %v, err %v", ok, err)
			case !reflect.DeepEqual(m.s, tt.want):
				t.Errorf("schedule %+v, want %+v", m.s, tt.want)
			}
		})
	}
}

type where struct {
	file string
	line int
}

func TestReadBadRows(t *testing.T) {
	tests := []struct {
		name    string
		edits   [][3]string // file, old, new
		want    []where
		dropped []string
	}{
		{"bad phone",
			[][3]string{{"phones.csv", "807-555-0180", "555-0199"}},
			[]where{{"phones.csv", 8}}, []string{"svc-kenora"}},
		{"unknown status",
			[][3]string{{"services.csv", "svc-online,,active", "svc-online,,paused"}},
			[]where{{"services.csv", 5}}, []string{"svc-online"}},
		{"schedule freq YEARLY",
			[][3]string{{"schedules.csv", "svc-online,,,Weekly", "svc-online,,,YEARLY"}},
			[]where{{"schedules.csv", 4}}, []string{"svc-online"}},
		{"byday XX",
			[][3]string{{"schedules.csv", "WEEKLY,,WE,", "WEEKLY,,XX,"}},
			[]where{{"schedules.csv", 6}}, []string{"svc-kenora"}},
		{"unknown service area",
			[][3]string{{"service_areas.csv", "svc-mail,Canada", "svc-mail,Narnia"}},
			[]where{{"service_areas.csv", 3}}, []string{"svc-mail"}},
		{"two bad rows of one service are both reported",
			[][3]string{{"phones.csv", "807-555-0180", "555-0199"}, {"schedules.csv", "WEEKLY,,WE,", "WEEKLY,,XX,"}},
			[]where{{"phones.csv", 8}, {"schedules.csv", 6}}, []string{"svc-kenora"}},
		{"no concern left: Check fails the service",
			[][3]string{{"attributes.csv", "at-6,svc-phone,t-4", "at-6,svc-phone,t-7"}},
			[]where{{"services.csv", 4}}, []string{"svc-phone"}},
		{"a location that is not there",
			[][3]string{{"service_at_location.csv", "sal-3,svc-online,loc-web", "sal-3,svc-online,loc-nowhere"}},
			[]where{{"service_at_location.csv", 4}}, []string{"svc-online"}},
		{"offsets that disagree",
			[][3]string{{"schedules.csv", "14:00:00,15:00:00,-5", "14:00-06:00,15:00:00,-5"}},
			[]where{{"schedules.csv", 3}}, []string{"svc-phone"}},
		{"a stray quote spoils one row only",
			[][3]string{{"languages.csv", "l-2,svc-grief,English,eng\n", "l-2,svc-grief,English,eng\nl-3,svc-grief,Eng\"lish,en\n"}},
			[]where{{"languages.csv", 4}}, nil},
		{"a second meeting place",
			[][3]string{{"service_at_location.csv", "sal-6,", "sal-7,svc-fr,loc-kenora\nsal-6,"}},
			[]where{{"service_at_location.csv", 7}}, []string{"svc-fr"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := basePackage()
			for _, e := range tt.edits {
				if !strings.Contains(files[e[0]], e[1]) {
					t.Fatalf("%s has no %q to edit", e[0], e[1])
				}
				files[e[0]] = strings.Replace(files[e[0]], e[1], e[2], 1)
			}
			imp := read(t, folder(t, files))
			var got []where
			for _, e := range imp.Report.Errors {
				got = append(got, where{e.File, e.Line})
			}
			sort.Slice(got, func(i, j int) bool { return got[i].file < got[j].file })
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("errors at %v, want %v; errors: %v", got, tt.want, imp.Report.Errors)
			}
			for _, w := range baseGroups() {
				_, ok := groupByID(imp, w.SourceID)
				if dropped := contains(tt.dropped, w.SourceID); ok == dropped {
					t.Errorf("%s: read %v, want %v", w.SourceID, ok, !dropped)
				}
			}
		})
	}
}

func TestReadPackageErrors(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	noServices := basePackage()
	delete(noServices, "services.csv")
	noID := basePackage()
	noID["services.csv"] = "name,status\nA group,active\n"
	twice := basePackage()
	twice["phones.csv"] = "id,number,number\n"
	notZip := filepath.Join(t.TempDir(), "package.zip")
	if err := os.WriteFile(notZip, []byte("id,name\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	badJSON := basePackage()
	badJSON["datapackage.json"] = "{"
	tests := []struct {
		name, path, want string
	}{
		{"no services.csv", folder(t, noServices), "services.csv"},
		{"no id column", folder(t, noID), `no "id" column`},
		{"a column twice", folder(t, twice), `column "number" twice`},
		{"not a zip", notZip, "not a folder or a .zip"},
		{"nothing there", filepath.Join(t.TempDir(), "missing"), "opening the package"},
		{"bad datapackage.json", folder(t, badJSON), "datapackage.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(tt.path, vocab, areas)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}

func TestReadZipAndFolderAgree(t *testing.T) {
	want := read(t, folder(t, basePackage()))
	for _, prefix := range []string{"", "hsds-export/"} {
		got := read(t, zipped(t, basePackage(), prefix))
		if !reflect.DeepEqual(got, want) {
			t.Errorf("zip with prefix %q reads differently from the folder", prefix)
		}
	}
}

func TestReadTwiceIsIdentical(t *testing.T) {
	files := basePackage()
	files["phones.csv"] = strings.Replace(files["phones.csv"], "807-555-0180", "555-0199", 1)
	dir := folder(t, files)
	a, b := read(t, dir), read(t, dir)
	if !reflect.DeepEqual(a, b) {
		t.Errorf("two reads differ:\n%+v\n%+v", a, b)
	}
}

func TestReadDatapackagePaths(t *testing.T) {
	files := map[string]string{}
	for name, text := range basePackage() {
		files["data/"+strings.ToUpper(name)] = text
	}
	dp := map[string]any{"resources": []map[string]any{}}
	for _, r := range resources {
		dp["resources"] = append(dp["resources"].([]map[string]any), map[string]any{"name": r.name, "path": "data/" + strings.ToUpper(r.path)})
	}
	b, err := json.Marshal(dp)
	if err != nil {
		t.Fatal(err)
	}
	files["datapackage.json"] = string(b)
	files["data/PHONES.CSV"] = strings.Replace(files["data/PHONES.CSV"], "807-555-0180", "555-0199", 1)

	imp := read(t, folder(t, files))
	if len(imp.Rows) != len(baseGroups())-1 {
		t.Errorf("got %d groups, want %d", len(imp.Rows), len(baseGroups())-1)
	}
	if len(imp.Report.Errors) != 1 || imp.Report.Errors[0].File != "data/PHONES.CSV" || imp.Report.Errors[0].Line != 8 {
		t.Errorf("errors %v, want one at data/PHONES.CSV:8", imp.Report.Errors)
	}
}

// checked gives the round-trip fixtures as the store would hold them.
func checked(t *testing.T) []directory.Group {
	t.Helper()
	return check(t, roundTripGroups())
}

func check(t *testing.T, gs []directory.Group) []directory.Group {
	t.Helper()
	areas := directorytest.Areas(t)
	for i := range gs {
		if err := gs[i].Check(areas); err != nil {
			t.Fatalf("fixture %s fails Check: %v", gs[i].SourceID, err)
		}
	}
	return gs
}

func TestRoundTrip(t *testing.T) {
	groups := append(checked(t), check(t, incompleteAddressGroups())...)
	if z := groups[4].Zone; z != "America/Winnipeg" {
		t.Fatalf("Kenora fixture zone %q, want America/Winnipeg", z)
	}
	for _, out := range []string{"hsds", "hsds.zip"} {
		t.Run(out, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), out)
			if err := Write(path, groups); err != nil {
				t.Fatalf("Write: %v", err)
			}
			imp := read(t, path)
			noErrors(t, imp)
			if len(imp.Report.Unmatched) > 0 {
				t.Errorf("unmatched %q", imp.Report.Unmatched)
			}
			got := groupsOf(imp)
			if len(got) != len(groups) {
				t.Fatalf("read %d groups, wrote %d", len(got), len(groups))
			}
			for i := range groups {
				sameGroup(t, got[i], groups[i])
			}
		})
	}
}

func TestWriteTwiceIsByteIdentical(t *testing.T) {
	groups := checked(t)
	dir := t.TempDir()
	for _, out := range []string{"a.zip", "b.zip", "a", "b"} {
		if err := Write(filepath.Join(dir, out), groups); err != nil {
			t.Fatal(err)
		}
	}
	readFile := func(path string) []byte {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	za, zb := readFile(filepath.Join(dir, "a.zip")), readFile(filepath.Join(dir, "b.zip"))
	if len(za) == 0 || !bytes.Equal(za, zb) {
		t.Error("two zips of the same groups differ")
	}
	entries, err := os.ReadDir(filepath.Join(dir, "a"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(resources)+1 {
		t.Errorf("folder holds %d files, want %d", len(entries), len(resources)+1)
	}
	for _, e := range entries {
		a, b := readFile(filepath.Join(dir, "a", e.Name())), readFile(filepath.Join(dir, "b", e.Name()))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between two exports", e.Name())
		}
	}
}

// The datapackage.json lists exactly the files written, and each file's
// header is the fields it declares.
func TestWriteDatapackageDescribesFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, checked(t)); err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		t.Fatal(err)
	}
	var dp struct {
		Profile   string `json:"profile"`
		Resources []struct {
			Name, Path, Profile string
			Schema              struct {
				Fields []struct{ Name, Type string }
			}
		}
	}
	if err := json.Unmarshal(raw, &dp); err != nil {
		t.Fatalf("datapackage.json is not valid JSON: %v", err)
	}
	if dp.Profile != "tabular-data-package" {
		t.Errorf("profile %q", dp.Profile)
	}
	described := map[string]bool{"datapackage.json": true}
	for _, r := range dp.Resources {
		described[r.Path] = true
		if r.Profile != "tabular-data-resource" || r.Name == "" {
			t.Errorf("%s: name %q, profile %q", r.Path, r.Name, r.Profile)
		}
		f, err := os.Open(filepath.Join(dir, r.Path))
		if err != nil {
			t.Errorf("%s is described but not written", r.Path)
			continue
		}
		header, err := csv.NewReader(f).Read()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, fl := range r.Schema.Fields {
			names = append(names, fl.Name)
		}
		if !reflect.DeepEqual(header, names) {
			t.Errorf("%s: header %q, described %q", r.Path, header, names)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !described[e.Name()] {
			t.Errorf("%s is written but not described", e.Name())
		}
	}
}

func TestWriteRefusesDuplicateIDs(t *testing.T) {
	groups := checked(t)
	groups[1].SourceID = groups[0].SourceID
	if err := Write(filepath.Join(t.TempDir(), "out"), groups); err == nil || !strings.Contains(err.Error(), "twice") {
		t.Errorf("error %v, want one about an id used twice", err)
	}
}

// readCSVFile reads a CSV file with a header into rows by column name.
func readCSVFile(t *testing.T, path string) []map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	var rows []map[string]string
	for _, rec := range recs[1:] {
		row := map[string]string{}
		for i, h := range recs[0] {
			row[h] = rec[i]
		}
		rows = append(rows, row)
	}
	return rows
}

// HSDS ids are UUIDs: a group's own id is the service's when it is one,
// and is otherwise carried beside a derived one, so that re-importing an
// export updates the same groups.
func TestWriteGivesUUIDsAndKeepsGroupIDs(t *testing.T) {
	groups := checked(t)
	const own = "5f0c6a52-8d59-4e0e-9a8b-2f6a4d9c1e37"
	groups[1].SourceID = own
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, groups); err != nil {
		t.Fatal(err)
	}
	services := readCSVFile(t, filepath.Join(dir, "services.csv"))
	if len(services) != len(groups) {
		t.Fatalf("%d services, want %d", len(services), len(groups))
	}
	for i, svc := range services {
		switch id := svc["id"]; {
		case i == 1 && id != own:
			t.Errorf("service of %s has id %q, want the group's own", own, id)
		case !uuidPattern.MatchString(id):
			t.Errorf("service of %s has id %q, not a UUID", groups[i].SourceID, id)
		}
	}
	for _, a := range readCSVFile(t, filepath.Join(dir, "attributes.csv")) {
		if a["value"] == own {
			t.Errorf("the group id %s, already the service's, is written again as an attribute", own)
		}
	}
	imp := read(t, dir)
	noErrors(t, imp)
	for i, g := range groupsOf(imp) {
		if g.SourceID != groups[i].SourceID {
			t.Errorf("group %d read back with id %q, want %q", i, g.SourceID, groups[i].SourceID)
		}
	}
}

func TestReadGroupIDAttribute(t *testing.T) {
	tests := []struct {
		name    string
		values  []string
		wantID  string
		badLine int // of attributes.csv; 0 for none
	}{
		{"none: the service's id", nil, "svc-1", 0},
		{"the group's own id", []string{"grp-7"}, "grp-7", 0},
		{"the same id twice", []string{"grp-7", "grp-7"}, "grp-7", 0},
		{"empty", []string{""}, "", 3},
		{"two ids", []string{"grp-7", "grp-8"}, "", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			files := singlePackage(nil)
			files["taxonomy_terms.csv"] += "t-2," + sourceIDTerm + ",peerline group id,peerline,\n"
			files["attributes.csv"] = "id,link_id,taxonomy_term_id,link_entity,value\nat-1,svc-1,t-1,service,\n"
			for i, v := range tt.values {
				files["attributes.csv"] += fmt.Sprintf("at-%d,svc-1,t-2,service,%s\n", i+2, v)
			}
			imp := read(t, folder(t, files))
			if tt.badLine != 0 {
				if len(imp.Rows) != 0 || len(imp.Report.Errors) != 1 || imp.Report.Errors[0].File != "attributes.csv" || imp.Report.Errors[0].Line != tt.badLine {
					t.Errorf("rows %d, errors %v; want one error at attributes.csv:%d", len(imp.Rows), imp.Report.Errors, tt.badLine)
				}
				return
			}
			noErrors(t, imp)
			if len(imp.Rows) != 1 || imp.Rows[0].Group.SourceID != tt.wantID {
				t.Errorf("rows %+v, want one group with id %q", imp.Rows, tt.wantID)
			}
		})
	}
}

// HSDS wants an organization, with a description, for every service. A
// group that names none is its own, written with the group's name and
// description, and read back as naming none.
func TestWriteGivesEveryServiceAnOrganization(t *testing.T) {
	groups := checked(t)
	const about = "Survivors of cancer meet to share what helped."
	groups[2].Description = about // a group with no organization
	dir := filepath.Join(t.TempDir(), "out")
	if err := Write(dir, groups); err != nil {
		t.Fatal(err)
	}
	orgs := map[string]map[string]string{}
	for _, o := range readCSVFile(t, filepath.Join(dir, "organizations.csv")) {
		if orgs[o["id"]] != nil {
			t.Errorf("organization %s written twice", o["id"])
		}
		orgs[o["id"]] = o
	}
	sponsors, own := map[string]bool{}, 0
	for i, svc := range readCSVFile(t, filepath.Join(dir, "services.csv")) {
		g, o := groups[i], orgs[svc["organization_id"]]
		switch {
		case o == nil:
			t.Errorf("%s: organization_id %q names no organization", g.SourceID, svc["organization_id"])
		case o["description"] == "":
			t.Errorf("%s: organization %q has no description", g.SourceID, o["name"])
		case g.Organization == "" && o["name"] != g.Name:
			t.Errorf("%s: names no organization, but is written under %q", g.SourceID, o["name"])
		case g.Organization != "" && o["name"] != g.Organization:
			t.Errorf("%s: organization %q, want %q", g.SourceID, o["name"], g.Organization)
		}
		if g.Organization != "" {
			sponsors[g.Organization] = true
		} else {
			own++
		}
	}
	if want := own + len(sponsors); len(orgs) != want {
		t.Errorf("%d organizations, want one per sponsor and one per group with none: %d", len(orgs), want)
	}
	for _, o := range orgs {
		if o["name"] == groups[2].Name && o["description"] != about {
			t.Errorf("the organization of %s is described %q, want the group's own description", groups[2].SourceID, o["description"])
		}
	}
	for i, g := range groupsOf(read(t, dir)) {
		if g.Organization != groups[i].Organization {
			t.Errorf("%s read back with organization %q, want %q", g.SourceID, g.Organization, groups[i].Organization)
		}
	}
}

// Only the organization Write derives for a group is read as the group
// itself: a publisher's organization named like its service is kept.
func TestReadOrganizationNamedLikeItsService(t *testing.T) {
	files := singlePackage(nil)
	files["services.csv"] = "id,name,status,organization_id\nsvc-1,Test Group,active,org-1\n"
	files["organizations.csv"] = "id,name,description\norg-1,Test Group,A group.\n"
	if g := only(t, files); g.Organization != "Test Group" {
		t.Errorf("organization %q, want Test Group", g.Organization)
	}
}

// taxonomies.csv only names terms' taxonomies: one that cannot serve
// that does not refuse the package.
func TestReadTaxonomiesWithoutIDs(t *testing.T) {
	files := singlePackage(map[string]string{"term": "Bereavement"})
	files["taxonomies.csv"] = "name\npeerline\n"
	if g := only(t, files); !reflect.DeepEqual(g.Concerns, []string{"grief"}) {
		t.Errorf("concerns %q, want grief", g.Concerns)
	}
}

// recordOf is a row of the given cells.
func recordOf(line int, cells map[string]string) record {
	r := record{line: line, cols: map[string]int{}}
	for col, v := range cells {
		r.cols[col] = len(r.cells)
		r.cells = append(r.cells, v)
	}
	return r
}
