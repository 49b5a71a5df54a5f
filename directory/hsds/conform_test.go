package hsds

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/peerline/peerline/directory"
)

// exportTo writes groups into a new folder and gives its path.
func exportTo(t *testing.T, groups []directory.Group) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "hsds")
	if err := Write(dir, groups); err != nil {
		t.Fatal(err)
	}
	return dir
}

func validate(t *testing.T, schema hsdsSchema, dir string) []violation {
	t.Helper()
	found, err := schema.validate(dir)
	if err != nil {
		t.Fatal(err)
	}
	return found
}

// An export is a valid HSDS 3 package: every table, column and cell as
// the schema asks, and every id it names is in the package. The groups
// attend in person, by telephone with an access code, online and by
// mail, in English and French, on weekly, every-two-weeks, monthly
// nth-weekday and monthly day-of-month schedules, with service areas of
// area codes, a province and the country.
func TestWriteConformsToHSDS(t *testing.T) {
	schema := loadSchema(t)
	for _, line := range summary(validate(t, schema, exportTo(t, checked(t)))) {
		t.Error(line)
	}
}

// Where staff gave an address only in part, the export leaves out what
// it does not know rather than make it up: those parts, which HSDS
// requires, are all the schema finds wrong, and the groups read back.
func TestWriteInventsNoAddressParts(t *testing.T) {
	schema := loadSchema(t)
	groups := check(t, incompleteAddressGroups())
	dir := exportTo(t, groups)
	var got []string
	for _, v := range validate(t, schema, dir) {
		got = append(got, v.file+" "+v.field+" "+v.rule)
	}
	want := []string{
		"addresses.csv city required", // the mailing address's, all in address_1
		"addresses.csv country required",
		"addresses.csv postal_code required", // the place's
		"addresses.csv postal_code required",
		"addresses.csv state_province required",
	}
	sort.Strings(got)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("violations %q, want %q", got, want)
	}
	for i, g := range groupsOf(read(t, dir)) {
		sameGroup(t, g, groups[i])
	}
}

// editCell sets a column of the first row of a file where that column is
// not empty, or of the first row when it is empty everywhere.
func editCell(t *testing.T, dir, file, col, value string) {
	t.Helper()
	path := filepath.Join(dir, file)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	c := -1
	for i, h := range recs[0] {
		if h == col {
			c = i
		}
	}
	if c < 0 || len(recs) < 2 {
		t.Fatalf("%s has no column %q or no rows", file, col)
	}
	row := 1
	for r := len(recs) - 1; r >= 1; r-- {
		if recs[r][c] != "" {
			row = r
		}
	}
	recs[row][c] = value
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// The validator finds each kind of fault in an export that has it, so
// that TestWriteConformsToHSDS passing means something.
func TestSchemaValidatorFindsFaults(t *testing.T) {
	schema := loadSchema(t)
	const stranger = "0d6c1c6e-2b8a-4f4e-9a51-7c3e5b2d9f10"
	tests := []struct {
		name             string
		file, col, value string
		wantFile         string
		wantField        string
		wantRule         string
	}{
		{"a status outside the enum", "services.csv", "status", "paused", "services.csv", "status", "enum"},
		{"an id that is not a UUID", "locations.csv", "id", "place-1", "locations.csv", "id", "format"},
		{"an email that is not one", "services.csv", "email", "circle at example.org", "services.csv", "email", "format"},
		{"a URL that is not one", "locations.csv", "url", "meet.example.org/anxiety", "locations.csv", "url", "format"},
		{"an organization with no description", "organizations.csv", "description", "", "organizations.csv", "description", "required"},
		{"a service with no organization", "services.csv", "organization_id", "", "services.csv", "organization_id", "required"},
		{"a time zone in words", "schedules.csv", "timezone", "Eastern", "schedules.csv", "timezone", "type"},
		{"a date that does not exist", "schedules.csv", "dtstart", "2025-02-30", "schedules.csv", "dtstart", "type"},
		{"a time past the end of the day", "schedules.csv", "closes_at", "24:00:00", "schedules.csv", "closes_at", "type"},
		{"a phone of a service not in the package", "phones.csv", "service_id", stranger, "phones.csv", "service_id", "foreign key"},
		{"a concern of a term not in the package", "attributes.csv", "taxonomy_term_id", stranger, "attributes.csv", "taxonomy_term_id", "foreign key"},
		{"two terms with one code", "taxonomy_terms.csv", "code", "grief", "taxonomy_terms.csv", "code", "unique"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := exportTo(t, checked(t))
			editCell(t, dir, tt.file, tt.col, tt.value)
			found := validate(t, schema, dir)
			for _, v := range found {
				if v.file == tt.wantFile && v.field == tt.wantField && v.rule == tt.wantRule {
					return
				}
			}
			t.Errorf("no %s fault in %s %s; found %q", tt.wantRule, tt.wantFile, tt.wantField, summary(found))
		})
	}
}

// datapackage.json is checked against the schema too.
func TestSchemaValidatorFindsDatapackageFaults(t *testing.T) {
	schema := loadSchema(t)
	tests := []struct {
		name   string
		edit   func(t *testing.T, dir string, res map[string]any)
		wantOn string
	}{
		{"a number declared a string", func(t *testing.T, dir string, res map[string]any) {
			if res["name"] == resLocation {
				for _, f := range res["schema"].(map[string]any)["fields"].([]any) {
					if f := f.(map[string]any); f["name"] == "latitude" {
						f["type"] = "string"
					}
				}
			}
		}, "location.latitude"},
		{"a resource under another path", func(t *testing.T, dir string, res map[string]any) {
			if res["name"] == resPhone {
				res["path"] = "phone.csv"
				if err := os.Rename(filepath.Join(dir, "phones.csv"), filepath.Join(dir, "phone.csv")); err != nil {
					t.Fatal(err)
				}
			}
		}, resPhone},
		{"a table HSDS does not have", func(t *testing.T, dir string, res map[string]any) {
			if res["name"] == resLanguage {
				res["name"] = "tongue"
			}
		}, "tongue"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := exportTo(t, checked(t))
			path := filepath.Join(dir, "datapackage.json")
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			var dp map[string]any
			if err := json.Unmarshal(data, &dp); err != nil {
				t.Fatal(err)
			}
			for _, res := range dp["resources"].([]any) {
				tt.edit(t, dir, res.(map[string]any))
			}
			if data, err = json.Marshal(dp); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			found := validate(t, schema, dir)
			for _, v := range found {
				if v.file == "datapackage.json" && v.field == tt.wantOn {
					return
				}
			}
			t.Errorf("no fault on %s in datapackage.json; found %q", tt.wantOn, summary(found))
		})
	}
}
