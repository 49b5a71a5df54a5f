package csvfile

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Write writes groups as a directory CSV file, in the order given, in a
// form Read reads back to the same groups. The file starts with a UTF-8
// byte order mark: without one, Excel opens it as a legacy code page and
// garbles French names ("Société" becomes "SociÃ©tÃ©").
func Write(w io.Writer, groups []directory.Group) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("writing the directory: %w", err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(columns); err != nil {
		return fmt.Errorf("writing the header: %w", err)
	}
	for i := range groups {
		if err := cw.Write(record(&groups[i])); err != nil {
			return fmt.Errorf("writing group %q: %w", groups[i].SourceID, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("writing the directory: %w", err)
	}
	return nil
}

// concernWords is the concerns cell: in the words staff wrote (kept
// while the group's concerns are the same), else the concerns' codes.
func concernWords(g *directory.Group) string {
	if g.ConcernWords != "" {
		return g.ConcernWords
	}
	return strings.Join(g.Concerns, "; ")
}

// record lays a group out in the file's columns.
func record(g *directory.Group) []string {
	v := map[string]string{
		"id":           g.SourceID,
		"name":         g.Name,
		"organization": g.Organization,
		"description":  g.Description,
		"status":       string(g.Status),
		"concerns":     concernWords(g),
		"languages":    joinLangs(g.Languages),
		"phone":        g.Phone,
		"email":        g.Email,
		"online_url":   g.OnlineURL,
		"mail_address": g.Mail,
		"service_area": coverageText(g.Areas),
		"timezone":     g.Zone,
		"schedule":     recur.FormatSchedules(g.Schedules),
	}
	if g.Code != 0 {
		v["code"] = strconv.Itoa(g.Code)
	}
	if p := g.Place; p != nil {
		v["place_name"], v["street"], v["city"] = p.Name, p.Street, p.City
		v["province"], v["postal_code"], v["place_phone"] = p.Province, p.PostalCode, p.Phone
		if p.HasCoords() {
			v["latitude"], v["longitude"] = formatDegrees(p.Lat), formatDegrees(p.Lon)
		}
	}
	if d := g.Dialin; d != nil {
		v["dialin"], v["access_code"] = d.Number, d.AccessCode
	}
	rec := make([]string, len(columns))
	for i, c := range columns {
		rec[i] = v[c]
	}
	return rec
}

func joinLangs(langs []directory.Lang) string {
	s := make([]string, len(langs))
	for i, l := range langs {
		s[i] = string(l)
	}
	return strings.Join(s, ";")
}

// coverageText writes a service area the way (*Areas).Coverage reads it:
// a complex by its first area code, a province by its two letters, and
// the country by name, since "CA" reads like California to staff.
func coverageText(cov []directory.Coverage) string {
	parts := make([]string, len(cov))
	for i, c := range cov {
		parts[i] = c.Value
		if c.Kind == directory.CoverCountry && c.Value == "CA" {
			parts[i] = "Canada"
		}
	}
	return strings.Join(parts, ", ")
}

// formatDegrees writes the shortest decimal that reads back to the same
// float, so coordinates survive a round trip exactly.
func formatDegrees(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
