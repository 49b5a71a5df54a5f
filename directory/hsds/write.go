package hsds

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Write writes groups as an HSDS 3 tabular data package that Read reads
// back to the same groups: a .zip when out ends in ".zip", else a folder
// (created if need be). Ids are derived from each group's SourceID, and
// nothing depends on the clock but the UTC offset of an undated schedule,
// so writing the same groups twice gives the same bytes.
func Write(out string, groups []directory.Group) error {
	vocab, err := directory.LoadVocabulary()
	if err != nil {
		return fmt.Errorf("loading the vocabulary: %w", err)
	}
	areas, err := directory.LoadAreas()
	if err != nil {
		return fmt.Errorf("loading the areas: %w", err)
	}
	files, err := render(groups, vocab, areas)
	if err != nil {
		return err
	}
	if strings.EqualFold(filepath.Ext(out), ".zip") {
		err = writeZip(out, files)
	} else {
		err = writeDir(out, files)
	}
	if err != nil {
		return fmt.Errorf("writing %s: %w", out, err)
	}
	return nil
}

// file is one file of the package, ready to write.
type file struct {
	path string
	data []byte
}

// render lays the groups out in the package's tables.
func render(groups []directory.Group, vocab *directory.Vocabulary, areas *directory.Areas) ([]file, error) {
	e := &exporter{vocab: vocab, areas: areas, sheets: map[string]*sheet{}, sponsors: map[string]*org{}, terms: map[string]bool{}}
	for _, r := range resources {
		e.sheets[r.name] = &sheet{res: r}
	}
	e.add(resTaxonomy, cells{"id": taxonomyID, "name": peerlineTaxonomy,
		"description": "The concerns peerline finds self-help groups for. A term's code is the line's concern code."})
	e.add(resTerm, cells{"id": groupCodeTermID, "code": groupCodeTerm, "name": "peerline group code",
		"taxonomy": peerlineTaxonomy, "taxonomy_id": taxonomyID,
		"description": "The group's short code, printed on flyers: the attribute's value."})
	e.add(resTerm, cells{"id": sourceIDTermID, "code": sourceIDTerm, "name": "peerline group id",
		"taxonomy": peerlineTaxonomy, "taxonomy_id": taxonomyID,
		"description": "The group's own id where it is not the service's: the attribute's value."})
	seen := map[string]bool{}
	for i := range groups {
		g := &groups[i]
		switch {
		case g.SourceID == "":
			return nil, fmt.Errorf("group %d (%q) has no id", i+1, g.Name)
		case seen[g.SourceID]:
			return nil, fmt.Errorf("group id %q is used twice", g.SourceID)
		}
		seen[g.SourceID] = true
		if err := e.group(g); err != nil {
			return nil, fmt.Errorf("group %q: %w", g.SourceID, err)
		}
	}
	e.organizations()
	return e.files()
}

var (
	taxonomyID      = nameID("taxonomy", peerlineTaxonomy)
	groupCodeTermID = nameID("taxonomy_term", groupCodeTerm)
	sourceIDTermID  = nameID("taxonomy_term", sourceIDTerm)
)

// exporter fills the tables, one group at a time.
type exporter struct {
	vocab    *directory.Vocabulary
	areas    *directory.Areas
	sheets   map[string]*sheet
	orgs     []*org          // in the order first named
	sponsors map[string]*org // by name
	terms    map[string]bool // concern codes whose term is written
}

// sheet is a table being written.
type sheet struct {
	res  resource
	rows [][]string
}

// cells is a row by column name; columns not given are empty.
type cells map[string]string

func (e *exporter) add(res string, c cells) {
	s := e.sheets[res]
	row := make([]string, len(s.res.fields))
	for i, f := range s.res.fields {
		row[i] = c[f.name]
	}
	for col := range c {
		if !s.res.has(col) {
			panic(fmt.Sprintf("hsds: %s has no column %q", s.res.path, col)) // a mistake in this file, not in the data
		}
	}
	s.rows = append(s.rows, row)
}

func (r resource) has(col string) bool {
	for _, f := range r.fields {
		if f.name == col {
			return true
		}
	}
	return false
}

func (e *exporter) group(g *directory.Group) error {
	id := serviceID(g.SourceID)
	e.add(resService, cells{"id": id, "organization_id": e.organization(g, id), "name": g.Name,
		"description": g.Description, "email": g.Email, "status": string(g.Status)})
	if g.Phone != "" {
		e.add(resPhone, cells{"id": nameID(id, "phone"), "service_id": id, "number": g.Phone, "type": "voice"})
	}
	if g.Place != nil {
		e.place(id, g.Place)
	}
	if g.Dialin != nil {
		e.dialin(id, g.Dialin)
	}
	if g.OnlineURL != "" {
		e.location(id, "online", cells{"location_type": "virtual", "url": g.OnlineURL, "name": "Online"})
	}
	if g.Mail != "" {
		e.mail(id, g.Mail)
	}
	for i, c := range g.Areas {
		e.add(resServiceArea, cells{"id": nameID(id, "area", i+1), "service_id": id, "name": e.areaName(c)})
	}
	for _, l := range g.Languages {
		e.add(resLanguage, cells{"id": nameID(id, "language", l), "service_id": id, "name": languageNames[l], "code": string(l)})
	}
	e.concerns(g, id)
	return e.schedules(g, id)
}

// location writes a location of the group and links it to the service.
func (e *exporter) location(serviceID, kind string, c cells) string {
	locID := nameID(serviceID, kind)
	c["id"] = locID
	e.add(resLocation, c)
	e.add(resServiceAt, cells{"id": nameID(serviceID, "at", kind), "service_id": serviceID, "location_id": locID})
	return locID
}

func (e *exporter) place(id string, p *directory.Place) {
	loc := cells{"location_type": "physical", "name": p.Name}
	if p.HasCoords() {
		loc["latitude"], loc["longitude"] = formatDegrees(p.Lat), formatDegrees(p.Lon)
	}
	locID := e.location(id, "place", loc)
	addr := cells{"id": nameID(locID, "address"), "location_id": locID, "address_1": p.Street, "city": p.City,
		"state_province": p.Province, "postal_code": p.PostalCode, "address_type": "physical"}
	if p.Province != "" {
		addr["country"] = "CA"
	}
	e.add(resAddress, addr)
	if p.Phone != "" {
		e.add(resPhone, cells{"id": nameID(locID, "phone"), "location_id": locID, "number": p.Phone, "type": "voice"})
	}
}

// dialin writes a telephone meeting: a virtual location with no URL and
// its phone. The access code goes in the description, where any code
// reads back, and in the extension too when it is a plain number, as
// HSDS types the extension.
func (e *exporter) dialin(id string, d *directory.Dialin) {
	locID := e.location(id, "dialin", cells{"location_type": "virtual", "name": "By telephone"})
	ph := cells{"id": nameID(locID, "phone"), "location_id": locID, "number": d.Number, "type": "voice"}
	if d.AccessCode != "" {
		ph["description"] = "Access code " + d.AccessCode
		if isPlainNumber(d.AccessCode) {
			ph["extension"] = d.AccessCode
		}
	}
	e.add(resPhone, ph)
}

func isPlainNumber(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == "" && (len(s) == 1 || s[0] != '0')
}

// mail writes a pen-pal group's mailing address: split into its parts
// when it reads as "street, town, PROVINCE POSTAL", else whole in address_1.
func (e *exporter) mail(id, line string) {
	locID := e.location(id, "mail", cells{"location_type": "postal", "name": "By mail"})
	addr := e.splitMail(line)
	addr["id"], addr["location_id"], addr["address_type"] = nameID(locID, "address"), locID, "postal"
	e.add(resAddress, addr)
}

var provincePostal = regexp.MustCompile(`^(.*?)(?:\s+([A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d))?$`)

func (e *exporter) splitMail(line string) cells {
	whole := cells{"address_1": line}
	parts := strings.Split(line, ", ")
	n := len(parts)
	if n < 3 {
		return whole
	}
	m := provincePostal.FindStringSubmatch(parts[n-1])
	if m == nil {
		return whole
	}
	if _, ok := e.areas.Province(m[1]); !ok {
		return whole
	}
	a := cells{"address_1": parts[0], "address_2": strings.Join(parts[1:n-2], ", "), "city": parts[n-2],
		"state_province": m[1], "postal_code": m[2], "country": "CA"}
	if mailLine(a["address_1"], a["address_2"], a["city"], a["state_province"], a["postal_code"]) != line {
		return whole // it would not read back the same
	}
	return a
}

// areaName writes a coverage the way (*Areas).Coverage reads it and
// people say it: "705, 249, 683", "Ontario", "Canada".
func (e *exporter) areaName(c directory.Coverage) string {
	switch c.Kind {
	case directory.CoverComplex:
		if cx, ok := e.areas.Complex(c.Value); ok {
			return strings.Join(cx.NPAs, ", ")
		}
	case directory.CoverProvince:
		if name, ok := provinceNames[c.Value]; ok {
			return name
		}
	case directory.CoverCountry:
		if c.Value == "CA" {
			return "Canada"
		}
	}
	return c.Value
}

var provinceNames = map[string]string{
	"ON": "Ontario", "QC": "Quebec", "MB": "Manitoba", "SK": "Saskatchewan", "AB": "Alberta",
	"BC": "British Columbia", "NS": "Nova Scotia", "PE": "Prince Edward Island", "NB": "New Brunswick",
	"NL": "Newfoundland and Labrador", "YT": "Yukon", "NT": "Northwest Territories", "NU": "Nunavut",
}

var languageNames = map[directory.Lang]string{directory.English: "English", directory.French: "French"}

// concerns links the service to a term per concern, to the group-code
// term with its code as the value, and to the group-id term with the
// group's id where that is not the service's.
func (e *exporter) concerns(g *directory.Group, id string) {
	for i, code := range g.Concerns {
		e.add(resAttribute, cells{"id": nameID(id, "concern", i+1), "link_id": id,
			"taxonomy_term_id": e.term(code), "link_type": "concern", "link_entity": "service"})
	}
	if g.Code != 0 {
		e.add(resAttribute, cells{"id": nameID(id, "code"), "link_id": id, "taxonomy_term_id": groupCodeTermID,
			"link_type": "group_code", "link_entity": "service", "value": strconv.Itoa(g.Code)})
	}
	if id != g.SourceID {
		e.add(resAttribute, cells{"id": nameID(id, "source-id"), "link_id": id, "taxonomy_term_id": sourceIDTermID,
			"link_type": "group_id", "link_entity": "service", "value": g.SourceID})
	}
}

// term writes a concern's taxonomy term once, and gives its id. A code
// the vocabulary no longer has is written as it is, so the export stays
// faithful; Read will list it as unmatched.
func (e *exporter) term(code string) string {
	id := nameID("taxonomy_term", peerlineTaxonomy, code)
	if !e.terms[code] {
		e.terms[code] = true
		// HSDS requires a description; French readers get the French name.
		name, about := code, "A concern of an earlier version of the line's vocabulary."
		if c, ok := e.vocab.Concern(code); ok {
			name, about = c.NameEN, fmt.Sprintf("Self-help groups about %s (in French: %s).", c.NameEN, c.NameFR)
		}
		e.add(resTerm, cells{"id": id, "code": code, "name": name, "description": about,
			"taxonomy": peerlineTaxonomy, "taxonomy_id": taxonomyID})
	}
	return id
}

// schedules writes each schedule with the UTC offset of the group's zone
// on its dtstart, as HSDS 3 gives time zones.
func (e *exporter) schedules(g *directory.Group, id string) error {
	if len(g.Schedules) == 0 {
		return nil
	}
	if g.Zone == "" {
		return fmt.Errorf("it has schedules but no time zone")
	}
	loc, err := time.LoadLocation(g.Zone)
	if err != nil {
		return fmt.Errorf("time zone: %w", err)
	}
	attending := attendingText(g)
	for i := range g.Schedules {
		s := &g.Schedules[i]
		c := cells{"id": nameID(id, "schedule", i+1), "service_id": id,
			"freq": strings.ToUpper(string(s.Freq)), "interval": wholeOrEmpty(s.Interval), "count": wholeOrEmpty(s.Count),
			"byday": strings.Join(s.ByDay, ","), "bymonthday": joinInts(s.ByMonthDay),
			"dtstart": s.Start.String(), "until": s.Until.String(), "valid_from": s.ValidFrom.String(), "valid_to": s.ValidTo.String(),
			"opens_at": clockText(s.Opens), "timezone": formatHours(offsetAt(s, loc)), "attending_type": attending}
		if s.Closes != 0 {
			c["closes_at"] = clockText(s.Closes)
		}
		e.add(resSchedule, c)
	}
	return nil
}

// clockText writes a time of day as Table Schema's time (HH:MM:SS),
// which has no 24:00: midnight at the end of a meeting is 00:00:00, and
// Read takes a closes_at of 00:00 as the end of the day.
func clockText(c recur.Clock) string {
	return (c % (24 * 60)).String() + ":00"
}

// attendingText says in words how the group is attended, for people
// reading the schedule.
func attendingText(g *directory.Group) string {
	var ways []string
	for _, m := range g.Modes() {
		switch m {
		case directory.InPerson:
			ways = append(ways, "in person")
		case directory.ByPhone:
			ways = append(ways, joinNonEmpty(", access code ", "by telephone", g.Dialin.AccessCode))
		case directory.Online:
			ways = append(ways, "online")
		case directory.ByMail:
			ways = append(ways, "by mail")
		}
	}
	return strings.Join(ways, "; ")
}

func wholeOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

func joinInts(ns []int) string {
	s := make([]string, len(ns))
	for i, n := range ns {
		s[i] = strconv.Itoa(n)
	}
	return strings.Join(s, ",")
}

// formatDegrees writes the shortest decimal that reads back to the same
// float, so coordinates survive a round trip exactly.
func formatDegrees(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// files renders datapackage.json and the CSV files.
func (e *exporter) files() ([]file, error) {
	dp, err := json.MarshalIndent(describe(), "", "  ")
	if err != nil {
		return nil, err
	}
	files := []file{{"datapackage.json", append(dp, '\n')}}
	for _, r := range resources {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		header := make([]string, len(r.fields))
		for i, f := range r.fields {
			header[i] = f.name
		}
		w.Write(header)
		w.WriteAll(e.sheets[r.name].rows)
		if err := w.Error(); err != nil {
			return nil, fmt.Errorf("%s: %w", r.path, err)
		}
		files = append(files, file{r.path, buf.Bytes()})
	}
	return files, nil
}

// zipTime stamps every file in a zip, so that two exports are byte-identical.
var zipTime = time.Date(1980, time.January, 1, 0, 0, 0, 0, time.UTC)

// writeZip writes the zip beside its destination and renames it into
// place, so a failed export never leaves half a file under that name.
func writeZip(out string, files []file) error {
	tmp, err := os.CreateTemp(filepath.Dir(out), ".hsds-*.zip")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename there is nothing to remove
	zw := zip.NewWriter(tmp)
	for _, f := range files {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: f.path, Method: zip.Deflate, Modified: zipTime})
		if err == nil {
			_, err = w.Write(f.data)
		}
		if err != nil {
			tmp.Close()
			return err
		}
	}
	if err := zw.Close(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

func writeDir(out string, files []file) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(out, f.path), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
