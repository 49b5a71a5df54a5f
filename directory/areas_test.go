package directory

import (
	"testing"
	"time"
)

func mustAreas(t testing.TB) *Areas {
	t.Helper()
	a, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestOverlaysAreOneArea(t *testing.T) {
	a := mustAreas(t)
	complexes := [][]string{
		{"705", "249", "683"},
		{"807"},
		{"519", "226", "548", "382"},
		{"613", "343", "753"},
		{"416", "647", "437", "942"},
		{"905", "289", "365", "742"},
	}
	for _, npas := range complexes {
		first, ok := a.Complex(npas[0])
		if !ok {
			t.Fatalf("area code %s unknown", npas[0])
		}
		if first.Province != "ON" {
			t.Errorf("%s is in %s; want ON", npas[0], first.Province)
		}
		for _, npa := range npas[1:] {
			if c, ok := a.Complex(npa); !ok || c != first {
				t.Errorf("area code %s is not in the same area as %s", npa, npas[0])
			}
		}
	}
	if c705, _ := a.Complex("705"); c705 == mustComplex(t, a, "807") {
		t.Error("705 and 807 are different areas")
	}
}

func mustComplex(t *testing.T, a *Areas, npa string) *Complex {
	t.Helper()
	c, ok := a.Complex(npa)
	if !ok {
		t.Fatalf("no complex for %s", npa)
	}
	return c
}

func TestLocateNamesTheCallersTown(t *testing.T) {
	a := mustAreas(t)
	tests := []struct {
		number, npa, area, town string
	}{
		{"+17052530000", "705", "705", "Sault Ste. Marie"}, // a Sault exchange
		{"+12495550142", "249", "705", ""},                 // an overlay code, fictional exchange
		{"(705) 555-0142", "705", "705", ""},               // fictional: falls back to the area code
		{"+18074680000", "807", "807", "Kenora"},
		{"+16135550100", "613", "613", ""},
	}
	for _, tt := range tests {
		c := a.Locate(tt.number)
		if c.NPA != tt.npa || c.Complex == nil || c.Complex.Key() != tt.area {
			t.Errorf("Locate(%s) = %+v; want area code %s in the %s area", tt.number, c, tt.npa, tt.area)
			continue
		}
		got := ""
		if c.Town != nil {
			got = c.Town.Name
		}
		if got != tt.town {
			t.Errorf("Locate(%s) town = %q; want %q", tt.number, got, tt.town)
		}
	}
	for _, n := range []string{"", "anonymous", "+441234567890", "266696687"} {
		if c := a.Locate(n); c.Complex != nil {
			t.Errorf("Locate(%q) = %+v; want nothing", n, c)
		}
	}
}

func TestCoverageReadsServiceAreas(t *testing.T) {
	a := mustAreas(t)
	tests := []struct {
		text string
		want []Coverage
	}{
		{"705, 249, 683", []Coverage{{CoverComplex, "705"}}},
		{"249", []Coverage{{CoverComplex, "705"}}},
		{"705; 807", []Coverage{{CoverComplex, "705"}, {CoverComplex, "807"}}},
		{"Ontario", []Coverage{{CoverProvince, "ON"}}},
		{"ON", []Coverage{{CoverProvince, "ON"}}},
		{"Québec", []Coverage{{CoverProvince, "QC"}}},
		{"Canada", []Coverage{{CoverCountry, "CA"}}},
	}
	for _, tt := range tests {
		got, err := a.Coverage(tt.text)
		if err != nil || len(got) != len(tt.want) {
			t.Errorf("Coverage(%q) = %v, %v; want %v", tt.text, got, err, tt.want)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("Coverage(%q) = %v; want %v", tt.text, got, tt.want)
			}
		}
	}
	for _, bad := range []string{"Atlantis", "999", "705, Narnia"} {
		if got, err := a.Coverage(bad); err == nil {
			t.Errorf("Coverage(%q) = %v; want an error", bad, got)
		}
	}
}

func TestCovers(t *testing.T) {
	a := mustAreas(t)
	c705, c613, qc := mustComplex(t, a, "705"), mustComplex(t, a, "613"), mustComplex(t, a, "514")
	ontario := []Coverage{{CoverProvince, "ON"}}
	if !Covers(ontario, c705) || !Covers(ontario, c613) || Covers(ontario, qc) {
		t.Error("Ontario covers 705 and 613, not Montreal")
	}
	if !Covers([]Coverage{{CoverCountry, "CA"}}, qc) {
		t.Error("Canada covers Montreal")
	}
	if Covers([]Coverage{{CoverComplex, "705"}}, c613) {
		t.Error("the 705 area does not cover 613")
	}
}

func TestZoneForAnOffsetDependsOnTheDay(t *testing.T) {
	a := mustAreas(t)
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		preferred string
		offset    int
		day       time.Time
		want      string
	}{
		{"America/Toronto", -5 * 3600, winter, "America/Toronto"},
		{"America/Toronto", -4 * 3600, summer, "America/Toronto"},
		{"America/Winnipeg", -6 * 3600, winter, "America/Winnipeg"}, // Kenora
		{"America/Winnipeg", -5 * 3600, summer, "America/Winnipeg"},
		{"", -6 * 3600, winter, "America/Winnipeg"},
		{"America/Toronto", -6 * 3600, winter, "America/Winnipeg"}, // the offset wins over the guess
		{"", -5 * 3600, summer, "America/Winnipeg"},                // -05:00 in July is Central daylight time
	}
	for _, tt := range tests {
		got, err := a.ZoneFor(tt.preferred, tt.offset, tt.day)
		if err != nil || got != tt.want {
			t.Errorf("ZoneFor(%q, %d, %s) = %q, %v; want %q", tt.preferred, tt.offset, tt.day.Format("Jan"), got, err, tt.want)
		}
	}
	if _, err := a.ZoneFor("", 9*3600, winter); err == nil {
		t.Error("UTC+9 is no Canadian zone")
	}
}

func TestTowns(t *testing.T) {
	a := mustAreas(t)
	for name, want := range map[string]string{"the soo": "Sault Ste. Marie", "Sault-Sainte-Marie": "Sault Ste. Marie", "Grand Sudbury": "Sudbury", "KENORA": "Kenora"} {
		if town, ok := a.Town(name); !ok || town.Name != want {
			t.Errorf("Town(%q) = %v; want %s", name, town, want)
		}
	}
	if town, ok := a.FindTown("caregiver support near sault ste marie please"); !ok || town.Name != "Sault Ste. Marie" {
		t.Errorf("FindTown found %v", town)
	}
	if k, _ := a.Town("Kenora"); k.Zone != "America/Winnipeg" {
		t.Errorf("Kenora keeps Central time; got %s", k.Zone)
	}
	d := DistanceKm(Point{46.5219, -84.3461}, Point{46.3834, -82.6533}) // the Sault to Elliot Lake
	if d < 120 || d > 140 {
		t.Errorf("the Sault to Elliot Lake is about 130 km as the crow flies; got %.0f", d)
	}
}

func TestNormalizePhone(t *testing.T) {
	for _, in := range []string{"(705) 555-0142", "705.555.0142", "+1 705 555 0142", "1-705-555-0142", "7055550142"} {
		if got, err := NormalizePhone(in); err != nil || got != "+17055550142" {
			t.Errorf("NormalizePhone(%q) = %q, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "555-0142", "(705) 555-014", "105 555 0142", "705 155 0142", "call me", "+44 12"} {
		if got, err := NormalizePhone(in); err == nil {
			t.Errorf("NormalizePhone(%q) = %q; want an error", in, got)
		}
	}
}

func TestCallerNumberKnowsWithheldCallerIDs(t *testing.T) {
	for from, want := range map[string]string{
		"+17055550142": "+17055550142", "(705) 555-0142": "+17055550142",
		"": "", "anonymous": "", "Anonymous": "", "+266696687": "", "+7378742833": "", "+2562533": "", "+8656696": "", "client:alice": "",
	} {
		got, ok := CallerNumber(from)
		if got != want || ok != (want != "") {
			t.Errorf("CallerNumber(%q) = %q, %v; want %q", from, got, ok, want)
		}
	}
}

// A caller's zone is their town's when the exchange names one (Kenora
// keeps Central time in an Eastern area code), else their area code's.
func TestCallerLocation(t *testing.T) {
	a := mustAreas(t)
	kenora, _ := a.Town("Kenora")
	for _, c := range []struct {
		name   string
		caller Caller
		want   string
	}{
		{"a Kenora exchange", Caller{NPA: "807", Complex: mustComplex(t, a, "807"), Town: kenora}, "America/Winnipeg"},
		{"an 807 exchange of no known town", Caller{NPA: "807", Complex: mustComplex(t, a, "807")}, "America/Toronto"},
	} {
		if got := c.caller.Location(); got == nil || got.String() != c.want {
			t.Errorf("%s: %v; want %s", c.name, got, c.want)
		}
	}
	if got := (Caller{NPA: "999"}).Location(); got != nil {
		t.Errorf("an unknown area: %v; want none", got)
	}
}
