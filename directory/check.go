package directory

import (
	"errors"
	"fmt"
	"strings"
)

// Check readies a group read from an import for the store, and says what
// is wrong with it if anything is. It normalizes phone numbers to E.164,
// fills in what the data implies (the meeting place's area and
// coordinates from its town, the service area from its phones, the time
// zone from its place) and validates everything else. Both importers call
// it, so a spreadsheet row and an HSDS service obey the same rules.
func (g *Group) Check(areas *Areas) error {
	var errs []error
	fail := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	g.Name = strings.TrimSpace(g.Name)
	if g.SourceID == "" {
		fail("no id")
	}
	if g.Name == "" {
		fail("no name")
	}
	if g.Status == "" {
		g.Status = StatusActive
	}
	if len(g.Concerns) == 0 {
		fail("no concern the line knows")
	}
	if len(g.Modes()) == 0 {
		fail("no way to attend: give a meeting place, a dial-in number, a URL or a mailing address")
	}
	phone := func(field string, p *string) {
		if *p == "" {
			return
		}
		e164, err := NormalizePhone(*p)
		if err != nil {
			fail("%s: %v", field, err)
			return
		}
		*p = e164
	}
	phone("phone", &g.Phone)
	for i, l := range g.Languages {
		lang, err := ParseLang(string(l))
		if err != nil {
			fail("%v", err)
		}
		g.Languages[i] = lang
	}
	var town *Town
	if p := g.Place; p != nil {
		phone("place phone", &p.Phone)
		if strings.TrimSpace(p.City) == "" {
			fail("a meeting place needs a town")
		}
		town, _ = areas.Town(p.City)
		switch {
		case town != nil:
			p.Area = complexKey(areas, town.NPA)
		case p.Phone != "":
			p.Area = complexKey(areas, AreaCode(p.Phone))
		case len(g.Areas) > 0 && g.Areas[0].Kind == CoverComplex:
			p.Area = g.Areas[0].Value
		case g.Phone != "":
			p.Area = complexKey(areas, AreaCode(g.Phone))
		}
		if p.Area == "" {
			fail("cannot tell the area code of %q: give the place a phone number", p.City)
		} else if c, _ := areas.Complex(p.Area); p.Province == "" {
			p.Province = c.Province
		}
		if !p.HasCoords() && town != nil {
			p.Lat, p.Lon = town.Lat, town.Lon // the town's centre is near enough to rank by
		}
	}
	if d := g.Dialin; d != nil {
		phone("dial-in", &d.Number)
		d.AccessCode = strings.Map(func(r rune) rune {
			if r == ' ' || r == '-' {
				return -1
			}
			return r
		}, d.AccessCode)
		if strings.Trim(d.AccessCode, "0123456789#*") != "" {
			fail("access code %q: only digits, # and * can be typed on a keypad", d.AccessCode)
		}
		if d.Number == "" {
			fail("a telephone group needs its dial-in number")
		}
	}
	if len(g.Areas) == 0 {
		for _, p := range []string{placePhone(g.Place), g.Phone, dialinNumber(g.Dialin)} {
			if k := complexKey(areas, AreaCode(p)); k != "" {
				g.Areas = []Coverage{{CoverComplex, k}}
				break
			}
		}
		if len(g.Areas) == 0 && g.Place != nil && g.Place.Area != "" {
			g.Areas = []Coverage{{CoverComplex, g.Place.Area}}
		}
		if len(g.Areas) == 0 {
			fail("no service area, and no Canadian phone number to say where the group is offered")
		}
	}
	if g.Zone == "" {
		switch {
		case town != nil:
			g.Zone = town.Zone
		case g.Place != nil && g.Place.Area != "":
			c, _ := areas.Complex(g.Place.Area)
			g.Zone = c.Zone
		default:
			g.Zone = "America/Toronto"
			for _, p := range []string{g.Phone, dialinNumber(g.Dialin)} {
				if c, ok := areas.Complex(AreaCode(p)); ok {
					g.Zone = c.Zone
					break
				}
			}
		}
	}
	if _, err := areas.location(g.Zone); err != nil || !strings.Contains(g.Zone, "/") {
		fail("unknown time zone %q", g.Zone)
	}
	for i := range g.Schedules {
		if err := g.Schedules[i].Validate(); err != nil {
			fail("schedule %d: %v", i+1, err)
		}
	}
	return errors.Join(errs...)
}

// ParseLang reads a language as HSDS and spreadsheets give it: "en",
// "eng", "English", "fr", "fra", "fre", "French", "français".
func ParseLang(s string) (Lang, error) {
	switch Normalize(s) {
	case "en", "eng", "english", "anglais":
		return English, nil
	case "fr", "fra", "fre", "french", "francais":
		return French, nil
	}
	return "", fmt.Errorf("language %q: the line speaks English (en) and French (fr)", s)
}

func complexKey(areas *Areas, npa string) string {
	if c, ok := areas.Complex(npa); ok {
		return c.Key()
	}
	return ""
}

func placePhone(p *Place) string {
	if p == nil {
		return ""
	}
	return p.Phone
}

func dialinNumber(d *Dialin) string {
	if d == nil {
		return ""
	}
	return d.Number
}
