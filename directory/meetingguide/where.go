package meetingguide

import (
	"regexp"
	"strings"

	"github.com/peerline/peerline/directory"
)

// address is a meeting's address in parts, from address, city, state,
// postal_code and country, with what formatted_address gives filling
// the parts those leave empty.
type address struct {
	street, city, state, postal, country string
}

var (
	caPostal = regexp.MustCompile(`^[A-Z][0-9][A-Z] ?[0-9][A-Z][0-9]$`)
	usZip    = regexp.MustCompile(`^[0-9]{5}(-[0-9]{4})?$`)
)

// parseFormatted splits "123 Main St, Sudbury, ON P3A 1A1, Canada" into
// parts: from the end, a country, then a province or state with or
// without a postal code (or a postal code alone), then the town; what is
// left is the street. "Sudbury, ON" has no street: an approximate place.
func parseFormatted(s string, areas *directory.Areas) address {
	parts := splitComma(s)
	var a address
	if n := len(parts); n > 1 && isCountry(parts[n-1]) {
		a.country, parts = parts[n-1], parts[:n-1]
	}
	if n := len(parts); n > 1 {
		if state, postal, ok := statePostal(parts[n-1], areas); ok {
			a.state, a.postal, parts = state, postal, parts[:n-1]
		}
	}
	// "Sudbury ON P3A 1A1" or "Sudbury ON": a town and a province with no
	// comma between them.
	if n := len(parts); a.state != "" && !isState(a.state, areas) {
		if city, state, ok := cityState(a.state, areas); ok {
			parts, a.state = append(parts, city), state
		}
	} else if a.state == "" && n > 0 {
		if city, state, ok := cityState(parts[n-1], areas); ok {
			parts[n-1], a.state = city, state
		}
	}
	switch n := len(parts); {
	case n == 1 && !hasDigit(parts[0]):
		a.city = parts[0]
	case n == 1:
		a.street = parts[0]
	case n > 1:
		a.city, a.street = parts[n-1], strings.Join(parts[:n-1], ", ")
	}
	return a
}

// isState reports a province or a US state.
func isState(s string, areas *directory.Areas) bool {
	_, ok := provinceCode(s, areas)
	return ok || usStates[strings.ToUpper(strings.TrimSpace(s))]
}

// statePostal reads "ON P3A 1A1", "ON P3A1A1", "IL 60641", "P3A 1A1",
// "60641", "ON" or "Ontario".
func statePostal(s string, areas *directory.Areas) (state, postal string, ok bool) {
	w := strings.Fields(s)
	n := len(w)
	switch {
	case n >= 2 && caPostal.MatchString(strings.ToUpper(w[n-2]+" "+w[n-1])):
		return strings.Join(w[:n-2], " "), postalCode(w[n-2] + w[n-1]), true
	case n >= 1 && (caPostal.MatchString(strings.ToUpper(w[n-1])) || usZip.MatchString(w[n-1])):
		return strings.Join(w[:n-1], " "), postalCode(w[n-1]), true
	}
	if isState(s, areas) {
		return s, "", true
	}
	return "", "", false
}

// cityState splits "Sudbury ON" at the province.
func cityState(s string, areas *directory.Areas) (city, state string, ok bool) {
	i := strings.LastIndexByte(s, ' ')
	if i < 0 || isState(s, areas) || !isState(s[i+1:], areas) {
		return "", "", false
	}
	return strings.TrimSpace(s[:i]), s[i+1:], true
}

// postalCode writes a Canadian postal code as Canada Post does, "P3A
// 1A1"; other codes as given.
func postalCode(s string) string {
	s = strings.ToUpper(strings.TrimSpace(s))
	if caPostal.MatchString(s) {
		s = strings.ReplaceAll(s, " ", "")
		return s[:3] + " " + s[3:]
	}
	return s
}

func hasDigit(s string) bool { return strings.ContainsAny(s, "0123456789") }

func isCountry(s string) bool { return isCanada(s) || abroad[directory.Normalize(s)] }

func isCanada(s string) bool {
	switch directory.Normalize(s) {
	case "ca", "can", "canada":
		return true
	}
	return false
}

// abroad are the countries feeds near Canada name, normalized; any other
// country that is not Canada is abroad too (see spot.foreign).
var abroad = map[string]bool{"us": true, "usa": true, "united states": true, "united states of america": true, "etats unis": true}

// usStates are the two-letter codes of a "state" that is not a province.
var usStates = func() map[string]bool {
	m := map[string]bool{}
	for _, s := range strings.Fields(`AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO
		MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR`) {
		m[s] = true
	}
	return m
}()

// provinceAbbrevs are the older abbreviations feeds still write, which
// Areas.Province does not know.
var provinceAbbrevs = map[string]string{
	"ont": "ON", "que": "QC", "pq": "QC", "man": "MB", "sask": "SK", "alta": "AB", "alb": "AB",
	"b c": "BC", "nfld": "NL", "nf": "NL", "pei": "PE", "p e i": "PE", "n s": "NS", "n b": "NB",
	"nwt": "NT", "yk": "YT", "yuk": "YT",
}

// provinceCode reads a province by code, name or old abbreviation.
func provinceCode(s string, areas *directory.Areas) (string, bool) {
	if p, ok := provinceAbbrevs[directory.Normalize(s)]; ok {
		return p, true
	}
	return areas.Province(s)
}

// fsa is what the first letters of a Canadian postal code say of where a
// place is, for a town the line does not know: its province always, and
// its area-code complex and zone where the letters fall in one. Only
// areas the letters name without doubt are listed; elsewhere a postal
// code says the province and no more. Rows are tried longest prefix first.
var fsa = []struct {
	prefix, province, npa, zone string
}{
	// Northern Ontario: P is 705 but for the northwest, which is 807, and
	// on Central time west of Atikokan (which keeps Eastern Standard).
	{"P0V", "ON", "807", "America/Winnipeg"}, {"P0W", "ON", "807", "America/Winnipeg"},
	{"P0X", "ON", "807", "America/Winnipeg"}, {"P0T", "ON", "807", ""},
	{"P0Y", "ON", "807", "America/Winnipeg"},
	{"P7", "ON", "807", ""}, {"P8", "ON", "807", "America/Winnipeg"}, {"P9", "ON", "807", "America/Winnipeg"},
	{"P", "ON", "705", ""},
	{"M", "ON", "416", ""},
	{"K", "ON", "", ""}, {"L", "ON", "", ""}, {"N", "ON", "", ""},
	{"G", "QC", "", ""}, {"H", "QC", "", ""}, {"J", "QC", "", ""},
	{"A", "NL", "709", ""}, {"B", "NS", "902", ""}, {"C", "PE", "902", ""}, {"E", "NB", "506", ""},
	{"R", "MB", "204", ""}, {"S", "SK", "306", ""}, {"T", "AB", "403", ""}, {"V", "BC", "604", ""},
	{"Y", "YT", "867", "America/Whitehorse"},
}

// spot is what the line makes of where a meeting is: enough to place it
// in an area and a zone even when its town is unknown.
type spot struct {
	town     *directory.Town // the town the line knows it is in, if any
	area     string          // the area-code complex: "705"; "" when unknown
	province string          // two letters; "" when unknown
	zone     string          // the area's IANA zone; "" when unknown
	foreign  bool            // outside Canada
}

// locate places an address: by its town when the line knows it (the
// province agreeing), else by its postal code, else by its province.
func locate(a address, areas *directory.Areas) spot {
	prov, known := provinceCode(a.state, areas)
	if isForeign(a, known) {
		return spot{foreign: true}
	}
	var s spot
	if t := findTown(a.city, areas); t != nil && (!known || t.Province == prov) {
		s = spot{town: t, area: complexKey(areas, t.NPA), province: t.Province, zone: t.Zone}
	} else if f, ok := postalArea(a.postal); ok && (!known || f.province == prov) {
		s = spot{area: complexKey(areas, f.npa), province: f.province, zone: f.zone}
	}
	if s.province == "" {
		s.province = prov
	}
	if s.zone == "" {
		s.zone = areaZone(areas, s.area, s.province)
	}
	return s
}

// isForeign reports an address outside Canada: a country that is not
// Canada, a US ZIP code, or a state that is not a province.
func isForeign(a address, province bool) bool {
	switch {
	case a.country != "" && !isCanada(a.country):
		return true
	case usZip.MatchString(a.postal):
		return true
	}
	return !province && usStates[strings.ToUpper(strings.TrimSpace(a.state))]
}

func findTown(city string, areas *directory.Areas) *directory.Town {
	if city == "" {
		return nil
	}
	if t, ok := areas.Town(city); ok {
		return t
	}
	if t, ok := areas.FindTown(city); ok { // "City of Greater Sudbury", "Sudbury (Val Caron)"
		return t
	}
	return nil
}

func postalArea(postal string) (struct{ province, npa, zone string }, bool) {
	var out struct{ province, npa, zone string }
	if !caPostal.MatchString(postal) {
		return out, false
	}
	for _, f := range fsa {
		if strings.HasPrefix(postal, f.prefix) {
			out.province, out.npa, out.zone = f.province, f.npa, f.zone
			return out, true
		}
	}
	return out, false
}

func complexKey(areas *directory.Areas, npa string) string {
	if c, ok := areas.Complex(npa); ok {
		return c.Key()
	}
	return ""
}

// areaZone is the zone of an area-code complex, else of a province all of
// whose complexes share one.
func areaZone(areas *directory.Areas, area, province string) string {
	if c, ok := areas.Complex(area); ok {
		return c.Zone
	}
	zone := ""
	for _, c := range areas.Complexes() {
		if c.Province != province {
			continue
		}
		if zone != "" && zone != c.Zone {
			return ""
		}
		zone = c.Zone
	}
	return zone
}
