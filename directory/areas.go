package directory

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/nyaruka/phonenumbers"
)

// Complex is an area-code overlay complex: area codes that share one
// territory (705, 249 and 683 are all of northeastern Ontario), so a
// caller from any of them is in the same area.
type Complex struct {
	NPAs     []string // the first is the original and names the complex
	Province string   // two letters: ON
	Zone     string   // IANA zone of most of the territory
	RegionEN string
	RegionFR string
	loc      *time.Location // Zone, loaded once
}

// Key names the complex by its first area code: "705".
func (c *Complex) Key() string { return c.NPAs[0] }

// Region is the complex's territory in words, in lang.
func (c *Complex) Region(lang Lang) string { return pick(lang, c.RegionEN, c.RegionFR) }

// Town is a place the line knows the position of.
type Town struct {
	Name     string
	NameFR   string
	Province string
	NPA      string
	Lat, Lon float64
	Zone     string // IANA; the complex's when blank
	loc      *time.Location
}

// Named is the town's name in lang: "Sault-Sainte-Marie" in French.
func (t *Town) Named(lang Lang) string { return pick(lang, t.Name, t.NameFR) }

// Point is a position in degrees.
type Point struct{ Lat, Lon float64 }

// Caller is what the line knows of where a number is.
type Caller struct {
	NPA     string   // the area code dialled from
	Complex *Complex // nil for an area code outside the data
	Town    *Town    // the exchange's town when known, else nil
}

// Location is the time zone the caller lives in, by their exchange's town
// or else their area code; nil when neither is known.
func (c Caller) Location() *time.Location {
	switch {
	case c.Town != nil:
		return c.Town.loc
	case c.Complex != nil:
		return c.Complex.loc
	}
	return nil
}

// Location is the time zone of most of the complex's territory.
func (c *Complex) Location() *time.Location { return c.loc }

// Areas is the line's geography: area-code complexes and towns.
type Areas struct {
	complexes []*Complex
	byNPA     map[string]*Complex
	provinces map[string]string // normalized name -> code
	towns     map[string]*Town  // normalized name or alias -> town
	townList  []*Town

	// placed remembers where numbers are, by the part of the number the
	// geocoding reads (see Locate): each step of a call places its caller
	// several times, and the geocoding parses the number with regular
	// expressions behind a global lock. It holds exchanges, not numbers.
	placed     sync.Map // "+1" and 8 digits -> Caller
	placedSize atomic.Int64

	// zones holds the time zones loaded by name: time.LoadLocation reads
	// a file each call, and an import checks the same few zones for every
	// one of 100,000 groups.
	zones sync.Map // IANA name -> *time.Location
}

// location loads a time zone by its IANA name, once (each time without
// Areas).
func (a *Areas) location(name string) (*time.Location, error) {
	if a == nil {
		return time.LoadLocation(name)
	}
	if loc, ok := a.zones.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	a.zones.Store(name, loc)
	return loc, nil
}

// maxPlaced bounds Areas.placed; a few thousand exchanges cover Canada.
const maxPlaced = 50_000

// LoadAreas reads the area codes and towns embedded in the binary.
func LoadAreas() (*Areas, error) {
	a := &Areas{byNPA: map[string]*Complex{}, towns: map[string]*Town{}, provinces: map[string]string{}}
	f, err := dataFS.Open("data/areacodes.csv")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	err = readCSV(f, "areacodes.csv", []string{"npas", "province", "zone", "region_en", "region_fr"}, func(line int, r map[string]string) error {
		c := &Complex{NPAs: SplitList(r["npas"], "|"), Province: r["province"], Zone: r["zone"], RegionEN: r["region_en"], RegionFR: r["region_fr"]}
		loc, err := time.LoadLocation(c.Zone)
		if err != nil || len(c.NPAs) == 0 {
			return fmt.Errorf("areacodes.csv:%d: needs area codes and a known zone", line)
		}
		c.loc = loc
		for _, npa := range c.NPAs {
			if a.byNPA[npa] != nil {
				return fmt.Errorf("areacodes.csv:%d: area code %s twice", line, npa)
			}
			a.byNPA[npa] = c
		}
		a.complexes = append(a.complexes, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	t, err := dataFS.Open("data/towns.csv")
	if err != nil {
		return nil, err
	}
	defer t.Close()
	err = readCSV(t, "towns.csv", []string{"name", "name_fr", "aliases", "province", "npa", "lat", "lon", "zone"}, func(line int, r map[string]string) error {
		lat, err1 := strconv.ParseFloat(r["lat"], 64)
		lon, err2 := strconv.ParseFloat(r["lon"], 64)
		town := &Town{Name: r["name"], NameFR: r["name_fr"], Province: r["province"], NPA: r["npa"], Lat: lat, Lon: lon, Zone: r["zone"]}
		c := a.byNPA[town.NPA]
		if err1 != nil || err2 != nil || c == nil {
			return fmt.Errorf("towns.csv:%d: needs a known area code and coordinates", line)
		}
		if town.Zone == "" {
			town.Zone = c.Zone
		}
		if town.loc, err = time.LoadLocation(town.Zone); err != nil {
			return fmt.Errorf("towns.csv:%d: unknown zone %q", line, town.Zone)
		}
		a.townList = append(a.townList, town)
		for _, name := range append([]string{town.Name, town.NameFR}, SplitList(r["aliases"], "|")...) {
			a.towns[Normalize(name)] = town
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for code, names := range provinceNames {
		a.provinces[Normalize(code)] = code
		for _, n := range names {
			a.provinces[Normalize(n)] = code
		}
	}
	return a, nil
}

var provinceNames = map[string][]string{
	"ON": {"Ontario"}, "QC": {"Quebec", "Québec"}, "MB": {"Manitoba"}, "SK": {"Saskatchewan"},
	"AB": {"Alberta"}, "BC": {"British Columbia", "Colombie-Britannique"}, "NS": {"Nova Scotia", "Nouvelle-Écosse"},
	"PE": {"Prince Edward Island", "Île-du-Prince-Édouard"}, "NB": {"New Brunswick", "Nouveau-Brunswick"},
	"NL": {"Newfoundland and Labrador", "Newfoundland", "Terre-Neuve-et-Labrador"},
	"YT": {"Yukon"}, "NT": {"Northwest Territories", "Territoires du Nord-Ouest"}, "NU": {"Nunavut"},
}

// Complex returns the complex an area code belongs to.
func (a *Areas) Complex(npa string) (*Complex, bool) {
	c, ok := a.byNPA[strings.TrimSpace(npa)]
	return c, ok
}

// Complexes lists every complex.
func (a *Areas) Complexes() []*Complex { return a.complexes }

// Town finds a town by any of its names ("the soo", "Grand Sudbury").
func (a *Areas) Town(name string) (*Town, bool) {
	t, ok := a.towns[Normalize(name)]
	return t, ok
}

// Centre is the middle of the towns the line knows in a complex, to say
// which area is nearest another.
func (a *Areas) Centre(c *Complex) (Point, bool) {
	var sum Point
	n := 0
	for _, t := range a.townList {
		if tc, ok := a.byNPA[t.NPA]; ok && tc == c {
			sum.Lat += t.Lat
			sum.Lon += t.Lon
			n++
		}
	}
	if n == 0 {
		return Point{}, false
	}
	return Point{sum.Lat / float64(n), sum.Lon / float64(n)}, true
}

// Towns lists every town the line knows, in file order.
func (a *Areas) Towns() []*Town { return a.townList }

// FindTown finds the longest town name in free text: "caregivers near
// sault ste marie" names Sault Ste. Marie.
func (a *Areas) FindTown(text string) (*Town, bool) {
	words := strings.Fields(Normalize(text))
	for n := min(4, len(words)); n > 0; n-- {
		for i := 0; i+n <= len(words); i++ {
			if t, ok := a.towns[strings.Join(words[i:i+n], " ")]; ok {
				return t, true
			}
		}
	}
	return nil, false
}

// Province returns the two-letter code of a province named in English,
// in French or by its code.
func (a *Areas) Province(name string) (string, bool) {
	p, ok := a.provinces[Normalize(name)]
	return p, ok
}

// Locate says where a phone number is: its area code's complex, and the
// town of its exchange (NPA-NXX) where the numbering plan's geocoding
// names one the line knows. Numbers outside North America get a bare Caller.
func (a *Areas) Locate(number string) Caller {
	e164, err := NormalizePhone(number)
	if err != nil || !strings.HasPrefix(e164, "+1") {
		return Caller{}
	}
	// The geocoding looks up prefixes of at most 10 characters of the
	// E.164 form ("+1", the area code, the exchange and 2 digits), so
	// numbers that share them are in the same place.
	block := e164[:10]
	if c, ok := a.placed.Load(block); ok {
		return c.(Caller)
	}
	c := a.locate(e164)
	if a.placedSize.Add(1) <= maxPlaced {
		a.placed.Store(block, c)
	}
	return c
}

func (a *Areas) locate(e164 string) Caller {
	c := Caller{NPA: e164[2:5]}
	c.Complex, _ = a.Complex(c.NPA)
	if p, err := phonenumbers.Parse(e164, "CA"); err == nil {
		if place, err := phonenumbers.GetGeocodingForNumber(p, "en"); err == nil {
			name, _, _ := strings.Cut(place, ",") // "Sault Ste. Marie, ON"
			if t, ok := a.Town(name); ok {
				c.Town = t
			}
		}
	}
	return c
}

// Coverage reads a service area as HSDS publishers write it: area codes
// ("705, 249, 683"), a province ("Ontario", "ON"), a country ("Canada").
// Area codes stand for their whole complex.
func (a *Areas) Coverage(text string) ([]Coverage, error) {
	var out []Coverage
	seen := map[Coverage]bool{}
	add := func(c Coverage) {
		if !seen[c] {
			seen[c] = true
			out = append(out, c)
		}
	}
	for _, part := range strings.FieldsFunc(text, func(r rune) bool { return r == ',' || r == ';' || r == '|' || r == '/' }) {
		part = strings.TrimSpace(part)
		n := Normalize(part)
		switch {
		case n == "":
		case n == "canada" || n == "ca" || n == "national" || n == "nationwide":
			add(Coverage{CoverCountry, "CA"})
		case isDigits(n) && len(n) == 3:
			c, ok := a.Complex(n)
			if !ok {
				return nil, fmt.Errorf("unknown area code %s in service area %q", n, text)
			}
			add(Coverage{CoverComplex, c.Key()})
		default:
			p, ok := a.Province(part)
			if !ok {
				return nil, fmt.Errorf("service area %q: %q is not an area code, province or country", text, part)
			}
			add(Coverage{CoverProvince, p})
		}
	}
	return out, nil
}

// Covers reports whether a group offered in cov reaches a caller in complex c.
func Covers(cov []Coverage, c *Complex) bool {
	for _, v := range cov {
		switch v.Kind {
		case CoverCountry:
			return true
		case CoverProvince:
			if c.Province == v.Value {
				return true
			}
		case CoverComplex:
			if c.Key() == v.Value {
				return true
			}
		}
	}
	return false
}

// canadianZones are tried in order when a UTC offset is all there is.
var canadianZones = []string{
	"America/Toronto", "America/Winnipeg", "America/Regina", "America/Edmonton",
	"America/Vancouver", "America/Halifax", "America/Moncton", "America/St_Johns", "America/Atikokan",
}

// ZoneFor picks the IANA zone for an HSDS schedule that gives only a UTC
// offset. The zone the group's town or area suggests wins when it has that
// offset on the day; otherwise the first Canadian zone that does. Asking
// on the day matters: -05:00 is Toronto in winter but Winnipeg in summer.
func (a *Areas) ZoneFor(preferred string, offsetSeconds int, day time.Time) (string, error) {
	for _, name := range append([]string{preferred}, canadianZones...) {
		if name == "" {
			continue
		}
		loc, err := a.location(name)
		if err != nil {
			continue
		}
		if _, off := day.In(loc).Zone(); off == offsetSeconds {
			return name, nil
		}
	}
	return "", fmt.Errorf("no Canadian time zone is at UTC%s on %s", formatOffset(offsetSeconds), day.Format("2006-01-02"))
}

func formatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d:%02d", sign, sec/3600, sec%3600/60)
}

// DistanceKm is the great-circle distance between two points.
func DistanceKm(a, b Point) float64 { return from(a).km(b) }

// origin is a point distances are measured from, with the cosine of its
// latitude worked out once: a search measures from the caller's town to
// every in-person group of the area.
type origin struct {
	p      Point
	cosLat float64
}

func from(p Point) origin { return origin{p, math.Cos(p.Lat * (math.Pi / 180))} }

// km is the haversine distance, each sine taken once.
func (o origin) km(b Point) float64 {
	const r = 6371.0
	rad := math.Pi / 180
	dLat, dLon := (b.Lat-o.p.Lat)*rad, (b.Lon-o.p.Lon)*rad
	sLat, sLon := math.Sin(dLat/2), math.Sin(dLon/2)
	h := sLat*sLat + o.cosLat*math.Cos(b.Lat*rad)*sLon*sLon
	return 2 * r * math.Asin(math.Sqrt(h))
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
