package directory

import (
	"strings"
	"testing"

	"github.com/peerline/peerline/directory/recur"
)

func TestCheckFillsInWhatTheDataImplies(t *testing.T) {
	areas := mustAreas(t)
	tests := []struct {
		name  string
		g     Group
		check func(g Group) string // "" when right
	}{
		{"a Kenora group keeps Central time",
			Group{SourceID: "k", Name: "K", Concerns: []string{"grief"}, Place: &Place{City: "Kenora"}},
			func(g Group) string {
				if g.Zone != "America/Winnipeg" || g.Place.Area != "807" || g.Areas[0] != (Coverage{CoverComplex, "807"}) {
					return g.Zone + " " + g.Place.Area
				}
				return ""
			}},
		{"a place in a known town gets the town's position and province",
			Group{SourceID: "w", Name: "W", Concerns: []string{"grief"}, Place: &Place{City: "wawa"}},
			func(g Group) string {
				if !g.Place.HasCoords() || g.Place.Province != "ON" || g.Zone != "America/Toronto" {
					return "no coordinates, province or zone"
				}
				return ""
			}},
		{"an unknown town is placed by its phone",
			Group{SourceID: "h", Name: "H", Concerns: []string{"grief"}, Place: &Place{City: "Hilton Beach", Phone: "(705) 555-0150"}},
			func(g Group) string {
				if g.Place.Area != "705" || g.Place.HasCoords() || g.Place.Phone != "+17055550150" {
					return g.Place.Area
				}
				return ""
			}},
		{"a telephone group with no service area serves its number's area",
			Group{SourceID: "t", Name: "T", Concerns: []string{"grief"}, Dialin: &Dialin{Number: "249-555-0111", AccessCode: "12 34 #"}},
			func(g Group) string {
				if len(g.Areas) != 1 || g.Areas[0] != (Coverage{CoverComplex, "705"}) || g.Dialin.AccessCode != "1234#" {
					return "areas or access code"
				}
				return ""
			}},
	}
	for _, tt := range tests {
		g := tt.g
		if err := g.Check(areas); err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if g.Status != StatusActive {
			t.Errorf("%s: status %q; blank means active", tt.name, g.Status)
		}
		if msg := tt.check(g); msg != "" {
			t.Errorf("%s: %s", tt.name, msg)
		}
	}
}

func TestCheckSaysWhatIsWrong(t *testing.T) {
	areas := mustAreas(t)
	ok := func() Group {
		return Group{SourceID: "x", Name: "X", Concerns: []string{"grief"}, Place: &Place{City: "Wawa"}}
	}
	tests := []struct {
		name   string
		change func(g *Group)
		want   string
	}{
		{"no name", func(g *Group) { g.Name = " " }, "no name"},
		{"no concern", func(g *Group) { g.Concerns = nil }, "no concern"},
		{"no way to attend", func(g *Group) { g.Place = nil }, "no way to attend"},
		{"a bad phone", func(g *Group) { g.Phone = "555-0142" }, "phone"},
		{"letters in an access code", func(g *Group) { g.Dialin = &Dialin{Number: "705 555 0100", AccessCode: "abc"} }, "access code"},
		{"an unknown zone", func(g *Group) { g.Zone = "Mars/Olympus" }, "unknown time zone"},
		{"the server's zone", func(g *Group) { g.Zone = "Local" }, "unknown time zone"},
		{"a language the line does not speak", func(g *Group) { g.Languages = []Lang{"de"} }, "language"},
		{"a place with no town", func(g *Group) { g.Place = &Place{Street: "1 Main St"}; g.Phone = "705 555 0100" }, "needs a town"},
		{"nowhere to offer it", func(g *Group) { g.Place = nil; g.OnlineURL = "https://example.org" }, "no service area"},
		{"a schedule that cannot be expanded", func(g *Group) { g.Schedules = []recur.Schedule{{Freq: "yearly", Opens: 600}} }, "schedule 1"},
	}
	for _, tt := range tests {
		g := ok()
		tt.change(&g)
		err := g.Check(areas)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v; want an error about %q", tt.name, err, tt.want)
		}
	}
}
