package hsds

// A validator of exported packages against the HSDS 3 schema published
// with the spec: its JSON table schemas and schema.csv, found beside the
// repository (shared/hsds/schema). The project builds and tests without
// them: where they are not found, the tests that need them skip.

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/mail"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// schemaField is what the schema asks of one column.
type schemaField struct {
	typ      string // the Table Schema type: datapackage_type, else type
	format   string // uuid, email, uri, ...
	enum     []string
	unique   bool
	required bool // required, in the JSON or tabular form
}

// schemaTable is one HSDS table. Its path, datapackage metadata and
// formats are known only where a JSON schema describes it: schema.csv
// gives none of them.
type schemaTable struct {
	name, path                 string
	format, mediatype, profile string
	fields                     map[string]*schemaField
	fromJSON                   bool
}

type hsdsSchema map[string]*schemaTable

// findSchemaDir walks up from the working directory to a folder holding
// shared/hsds/schema, as CI clones the repository beside shared/.
func findSchemaDir(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	var looked []string
	for {
		p := filepath.Join(dir, "shared", "hsds", "schema")
		if info, err := os.Stat(p); err == nil && info.IsDir() {
			return p
		}
		looked = append(looked, p)
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skipf("the HSDS schema was not found; looked in %s", strings.Join(looked, ", "))
		}
		dir = parent
	}
}

// loadSchema reads every JSON table schema, then schema.csv. Where the
// two disagree on a type, format or enum (schedule's bymonthday is a
// string in schedule.json and a number in schema.csv) the JSON wins, as
// HSDS's own datapackage.json is made from it. A field is required, or
// unique, where either says so; schema.csv alone has the taxonomy table.
func loadSchema(t *testing.T) hsdsSchema {
	t.Helper()
	dir := findSchemaDir(t)
	s := hsdsSchema{}
	files, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatalf("%s has no JSON table schemas", dir)
	}
	for _, f := range files {
		if err := s.readJSON(f); err != nil {
			t.Fatalf("%s: %v", f, err)
		}
	}
	if err := s.readCSV(filepath.Join(dir, "schema.csv")); err != nil {
		t.Fatalf("schema.csv: %v", err)
	}
	return s
}

func (s hsdsSchema) readJSON(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	var raw struct {
		Name, Path string
		Meta       struct{ Format, Mediatype, Profile string } `json:"datapackage_metadata"`
		Properties map[string]struct {
			Type, Format    string
			DatapackageType string `json:"datapackage_type"`
			Enum            []string
			Constraints     struct{ Unique bool }
		}
		Required        []string
		TabularRequired []string `json:"tabular_required"`
	}
	if err := json.Unmarshal(data, &raw); err != nil {
		return err
	}
	tb := &schemaTable{name: raw.Name, path: raw.Path, format: raw.Meta.Format, mediatype: raw.Meta.Mediatype,
		profile: raw.Meta.Profile, fields: map[string]*schemaField{}, fromJSON: true}
	for name, p := range raw.Properties {
		if p.Type == "" || p.Type == "array" || p.Type == "object" {
			continue // a nested object of the JSON form, not a column
		}
		tb.fields[name] = &schemaField{typ: firstNonEmpty(p.DatapackageType, p.Type), format: p.Format,
			enum: p.Enum, unique: p.Constraints.Unique}
	}
	for _, name := range append(raw.Required, raw.TabularRequired...) {
		if f := tb.fields[name]; f != nil {
			f.required = true
		}
	}
	s[tb.name] = tb
	return nil
}

func (s hsdsSchema) readCSV(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return err
	}
	if len(rows) == 0 {
		return errors.New("empty")
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, rec := range rows[1:] {
		get := func(name string) string { return rec[col[name]] }
		table, name, typ := get("table_name"), get("name"), get("type")
		if table == "" || typ == "" || typ == "array" {
			continue
		}
		tb := s[table]
		if tb == nil {
			tb = &schemaTable{name: table, fields: map[string]*schemaField{}}
			s[table] = tb
		}
		fl := tb.fields[name]
		if fl == nil {
			fl = &schemaField{typ: typ, format: get("format"), enum: splitEnum(get("enum"))}
			tb.fields[name] = fl
		}
		fl.required = fl.required || get("constraints_required") == "true" || get("constraints_tablular_required") == "true"
		fl.unique = fl.unique || get("constraints_unique") == "true"
	}
	return nil
}

func splitEnum(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

// referenced is the table a column's ids point into: parent_id into its
// own table, X_id into the longest table name X ends with
// (parent_organization_id into organization), else none. link_id points
// into the table its row's link_entity names.
func (s hsdsSchema) referenced(table, col string) string {
	if col == "parent_id" {
		return table
	}
	base, ok := strings.CutSuffix(col, "_id")
	if !ok {
		return ""
	}
	best := ""
	for name := range s {
		if (base == name || strings.HasSuffix(base, "_"+name)) && len(name) > len(best) {
			best = name
		}
	}
	return best
}

// violation is one way a package departs from the schema.
type violation struct {
	file  string
	line  int // 0 for the file as a whole
	field string
	rule  string // resource, column, required, type, format, enum, unique, foreign key
	msg   string
}

func (v violation) String() string {
	where := v.file
	if v.line > 0 {
		where += ":" + strconv.Itoa(v.line)
	}
	return fmt.Sprintf("%s: %s: %s: %s", where, v.field, v.rule, v.msg)
}

// declaredResource is a resource as a datapackage.json declares it.
type declaredResource struct {
	Name, Path, Profile, Format, Mediatype string
	Schema                                 struct {
		Fields      []struct{ Name, Type, Format string }
		PrimaryKey  json.RawMessage
		ForeignKeys []struct {
			Fields    json.RawMessage
			Reference struct {
				Resource string
				Fields   json.RawMessage
			}
		}
	}
}

// csvTable is one resource's file, read.
type csvTable struct {
	res    declaredResource
	schema *schemaTable
	header []string
	rows   []csvRow
}

type csvRow struct {
	line  int
	cells map[string]string
}

// validation is one package being checked.
type validation struct {
	schema hsdsSchema
	dir    string
	tables map[string]*csvTable // by resource name
	found  []violation
	seen   map[string]bool
}

func (v *validation) add(file string, line int, field, rule, format string, args ...any) {
	x := violation{file, line, field, rule, fmt.Sprintf(format, args...)}
	if !v.seen[x.String()] {
		v.seen[x.String()] = true
		v.found = append(v.found, x)
	}
}

// validate checks the package in dir: its datapackage.json against the
// schema's tables, then every row of every file, then the ids each
// foreign key names. The error is for a package that cannot be read.
func (s hsdsSchema) validate(dir string) ([]violation, error) {
	v := &validation{schema: s, dir: dir, tables: map[string]*csvTable{}, seen: map[string]bool{}}
	data, err := os.ReadFile(filepath.Join(dir, "datapackage.json"))
	if err != nil {
		return nil, err
	}
	var dp struct {
		Profile   string
		Resources []declaredResource
	}
	if err := json.Unmarshal(data, &dp); err != nil {
		return nil, fmt.Errorf("datapackage.json: %w", err)
	}
	if dp.Profile != "tabular-data-package" {
		v.add("datapackage.json", 0, "profile", "resource", "%q, want tabular-data-package", dp.Profile)
	}
	for _, r := range dp.Resources {
		if err := v.resource(r); err != nil {
			return nil, fmt.Errorf("%s: %w", r.Path, err)
		}
	}
	for _, name := range sortedKeys(v.tables) {
		v.rows(v.tables[name])
	}
	v.foreignKeys()
	return v.found, nil
}

// resource checks what datapackage.json says of a resource against the
// schema's table, and reads its file.
func (v *validation) resource(r declaredResource) error {
	st := v.schema[r.Name]
	if st == nil {
		v.add("datapackage.json", 0, r.Name, "resource", "not an HSDS table")
		return nil
	}
	for _, c := range []struct{ what, got, want string }{
		{"path", r.Path, st.path}, {"profile", r.Profile, st.profile},
		{"format", r.Format, st.format}, {"mediatype", r.Mediatype, st.mediatype},
	} {
		if c.want != "" && c.got != c.want {
			v.add("datapackage.json", 0, r.Name, "resource", "%s %q, HSDS says %q", c.what, c.got, c.want)
		}
	}
	if pk, err := keyNames(r.Schema.PrimaryKey); err != nil || strings.Join(pk, ",") != "id" {
		v.add("datapackage.json", 0, r.Name, "resource", "primary key %s, want id", r.Schema.PrimaryKey)
	}
	for _, f := range r.Schema.Fields {
		sf := st.fields[f.Name]
		if sf == nil {
			continue // reported against the file's header
		}
		if f.Type != sf.typ {
			v.add("datapackage.json", 0, r.Name+"."+f.Name, "type", "declared %q, HSDS says %q", f.Type, sf.typ)
		}
		if want := declaredFormat(sf); f.Format != want && st.fromJSON {
			v.add("datapackage.json", 0, r.Name+"."+f.Name, "format", "declared %q, HSDS says %q", f.Format, want)
		}
	}
	t, err := readTable(filepath.Join(v.dir, r.Path))
	if err != nil {
		return err
	}
	t.res, t.schema = r, st
	v.tables[r.Name] = t
	return nil
}

// declaredFormat is the format a datapackage.json should give a field:
// Table Schema's own formats of strings; dates and times keep the default.
func declaredFormat(f *schemaField) string {
	switch f.format {
	case "uuid", "email", "uri":
		if f.typ == "string" {
			return f.format
		}
	}
	return ""
}

// keyNames reads a key given as one field name or a list of them.
func keyNames(raw json.RawMessage) ([]string, error) {
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	err := json.Unmarshal(raw, &many)
	return many, err
}

func readTable(path string) (*csvTable, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	cr := csv.NewReader(f)
	t := &csvTable{}
	if t.header, err = cr.Read(); err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		row := csvRow{line: line, cells: map[string]string{}}
		for i, h := range t.header {
			row.cells[h] = rec[i]
		}
		t.rows = append(t.rows, row)
	}
}

// rows checks a file's columns and every cell: required, type, format,
// enum and unique.
func (v *validation) rows(t *csvTable) {
	file := t.res.Path
	has := map[string]bool{}
	for _, h := range t.header {
		has[h] = true
		if t.schema.fields[h] == nil {
			v.add(file, 0, h, "column", "not a field of the HSDS %s table", t.schema.name)
		}
	}
	for _, name := range sortedKeys(t.schema.fields) {
		if t.schema.fields[name].required && !has[name] {
			v.add(file, 0, name, "required", "the column is missing")
		}
	}
	for _, h := range t.header {
		f := t.schema.fields[h]
		if f == nil {
			continue
		}
		first := map[string]int{}
		for _, row := range t.rows {
			val := row.cells[h]
			if val == "" {
				if f.required {
					v.add(file, row.line, h, "required", "empty")
				}
				continue
			}
			if rule, msg := checkValue(f, val); rule != "" {
				v.add(file, row.line, h, rule, "%s", msg)
			}
			if prev, dup := first[val]; dup && f.unique {
				v.add(file, row.line, h, "unique", "%q is also on line %d", val, prev)
			} else if !dup {
				first[val] = row.line
			}
		}
	}
}

var schemaUUID = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// checkValue checks a non-empty cell's type, format and enum, giving the
// rule broken and how.
func checkValue(f *schemaField, val string) (rule, msg string) {
	if err := checkType(f.typ, val); err != nil {
		return "type", err.Error()
	}
	if err := checkFormat(f.format, val); err != nil {
		return "format", err.Error()
	}
	if len(f.enum) > 0 && !contains(f.enum, val) {
		return "enum", fmt.Sprintf("%q is not one of %q", val, f.enum)
	}
	return "", ""
}

func checkType(typ, val string) error {
	var err error
	switch typ {
	case "string":
	case "number":
		_, err = strconv.ParseFloat(val, 64)
	case "integer":
		_, err = strconv.ParseInt(val, 10, 64)
	case "boolean":
		if !contains([]string{"true", "True", "TRUE", "1", "false", "False", "FALSE", "0"}, val) {
			err = errors.New("not true or false")
		}
	case "date":
		_, err = time.Parse(time.DateOnly, val)
	case "time":
		_, err = time.Parse(time.TimeOnly, val)
	case "datetime":
		_, err = time.Parse(time.RFC3339, val)
	default:
		return fmt.Errorf("type %q is not one this validator knows", typ)
	}
	if err != nil {
		return fmt.Errorf("%q is not a %s", val, typ)
	}
	return nil
}

func checkFormat(format, val string) error {
	ok := true
	switch format {
	case "":
	case "uuid":
		ok = schemaUUID.MatchString(val)
	case "email":
		a, err := mail.ParseAddress(val)
		ok = err == nil && a.Address == val
	case "uri":
		u, err := url.Parse(val)
		ok = err == nil && u.Scheme != "" && (u.Host != "" || u.Opaque != "")
	case "date-time":
		_, err := time.Parse(time.RFC3339, val)
		ok = err == nil
	default:
		return fmt.Errorf("format %q is not one this validator knows", format)
	}
	if !ok {
		return fmt.Errorf("%q is not a %s", val, format)
	}
	return nil
}

// foreignKeys checks that every id a row names is in the table it points
// into: the keys datapackage.json declares, and those the schema implies
// by column name.
func (v *validation) foreignKeys() {
	ids := map[string]map[string]bool{}
	for name, t := range v.tables {
		ids[name] = map[string]bool{}
		for _, row := range t.rows {
			ids[name][row.cells["id"]] = true
		}
	}
	for _, name := range sortedKeys(v.tables) {
		t := v.tables[name]
		v.declaredKeys(t, ids)
		for _, h := range t.header {
			for _, row := range t.rows {
				target := v.schema.referenced(name, h)
				if h == "link_id" {
					target = row.cells["link_entity"]
				}
				if val := row.cells[h]; target != "" && val != "" {
					v.pointsInto(t.res.Path, row.line, h, val, target, ids)
				}
			}
		}
	}
}

func (v *validation) declaredKeys(t *csvTable, ids map[string]map[string]bool) {
	for _, fk := range t.res.Schema.ForeignKeys {
		fields, err1 := keyNames(fk.Fields)
		refs, err2 := keyNames(fk.Reference.Fields)
		if err1 != nil || err2 != nil || len(fields) != 1 || strings.Join(refs, ",") != "id" {
			v.add("datapackage.json", 0, t.res.Name, "foreign key", "%s -> %s.%s: want one field referencing id", fk.Fields, fk.Reference.Resource, fk.Reference.Fields)
			continue
		}
		for _, row := range t.rows {
			if val := row.cells[fields[0]]; val != "" {
				v.pointsInto(t.res.Path, row.line, fields[0], val, fk.Reference.Resource, ids)
			}
		}
	}
}

func (v *validation) pointsInto(file string, line int, field, val, target string, ids map[string]map[string]bool) {
	switch in, written := ids[target]; {
	case !written:
		v.add(file, line, field, "foreign key", "points into %s, which the package does not have", target)
	case !in[val]:
		v.add(file, line, field, "foreign key", "%q is no id of %s", val, target)
	}
}

// summary gives one line per file, field and rule broken: how often,
// and the first place, so that a failure reads at a glance.
func summary(found []violation) []string {
	count := map[string]int{}
	first := map[string]violation{}
	for _, x := range found {
		k := x.file + " " + x.field + " " + x.rule
		if count[k] == 0 {
			first[k] = x
		}
		count[k]++
	}
	var out []string
	for _, k := range sortedKeys(count) {
		out = append(out, fmt.Sprintf("%v (%d rows)", first[k], count[k]))
	}
	return out
}
