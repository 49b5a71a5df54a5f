package csvfile

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
)

// demoPath is the fictional directory `peerline serve --demo` loads.
const demoPath = "../../cmd/peerline/demo/directory.csv"

// TestDemoDirectory holds the demo directory to what a demo of the line
// needs: every concern findable, every Ontario area served in person,
// Algoma well covered, telephone, mail, French and online groups, a few
// closed ones, and nothing that could ring a real person.
func TestDemoDirectory(t *testing.T) {
	f, err := os.Open(demoPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	imp, err := Read(f, "directory.csv", vocab, areas)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range imp.Report.Errors {
		t.Error(e)
	}
	if len(imp.Report.Unmatched) > 0 {
		t.Errorf("unmatched concerns: %q", imp.Report.Unmatched)
	}
	gs := groups(t, imp)
	if len(gs) < 170 {
		t.Errorf("%d groups, want at least 170", len(gs))
	}

	t.Run("concerns", func(t *testing.T) {
		perConcern := map[string]int{}
		for _, g := range gs {
			if g.Status == directory.StatusActive {
				for _, c := range g.Concerns {
					perConcern[c]++
				}
			}
		}
		for _, c := range vocab.Concerns() {
			if perConcern[c.Code] < 3 {
				t.Errorf("%s: %d active groups, want at least 3", c.Code, perConcern[c.Code])
			}
		}
	})

	t.Run("in person in every Ontario area", func(t *testing.T) {
		for _, npa := range []string{"705", "807", "519", "613", "416", "905"} {
			if n := count(gs, func(g directory.Group) bool { return g.Place != nil && g.Place.Area == npa }); n == 0 {
				t.Errorf("no in-person group in %s", npa)
			}
		}
	})

	t.Run("Algoma", func(t *testing.T) {
		algoma := []string{"Sault Ste. Marie", "Elliot Lake", "Blind River", "Thessalon", "Wawa", "Bruce Mines", "Richards Landing", "Echo Bay"}
		local := filter(gs, func(g directory.Group) bool { return g.Place != nil && slices.Contains(algoma, g.Place.City) })
		if len(local) < 20 {
			t.Errorf("%d groups in Algoma, want at least 20", len(local))
		}
		wantConcerns(t, local, "grief", "caregiving", "dementia", "heart", "cancer", "alcohol", "parenting")
	})

	t.Run("Central time in the northwest", func(t *testing.T) {
		for _, town := range []string{"Kenora", "Dryden", "Fort Frances"} {
			local := filter(gs, func(g directory.Group) bool { return g.Place != nil && g.Place.City == town })
			if len(local) == 0 {
				t.Errorf("no group in %s", town)
			}
			for _, g := range local {
				if g.Zone != "America/Winnipeg" {
					t.Errorf("%s: zone %s, want America/Winnipeg", g.Name, g.Zone)
				}
			}
		}
	})

	t.Run("telephone groups", func(t *testing.T) {
		phone := filter(gs, func(g directory.Group) bool {
			return g.Dialin != nil && g.Place == nil && (covers(g, directory.CoverProvince, "ON") || covers(g, directory.CoverCountry, "CA"))
		})
		if len(phone) < 25 {
			t.Errorf("%d telephone groups serving Ontario or Canada, want at least 25", len(phone))
		}
		wantConcerns(t, phone, "grief", "caregiving", "dementia", "cancer", "heart")
		if count(phone, func(g directory.Group) bool { return g.Speaks(directory.French) }) == 0 {
			t.Error("no French telephone group")
		}
		if count(phone, func(g directory.Group) bool { return g.Dialin.AccessCode != "" }) < len(phone)/2 {
			t.Error("most telephone groups should have an access code")
		}
	})

	t.Run("mail, French, online, closed", func(t *testing.T) {
		tests := []struct {
			what string
			min  int
			is   func(directory.Group) bool
		}{
			{"mail groups serving Canada", 5, func(g directory.Group) bool { return g.Mail != "" && covers(g, directory.CoverCountry, "CA") }},
			{"French-language groups", 15, func(g directory.Group) bool { return g.Speaks(directory.French) }},
			{"French-language groups meeting in person", 10, func(g directory.Group) bool { return g.Speaks(directory.French) && g.Place != nil }},
			{"online-only groups", 3, func(g directory.Group) bool { return slices.Equal(g.Modes(), []directory.Mode{directory.Online}) }},
			{"inactive groups", 3, func(g directory.Group) bool { return g.Status == directory.StatusInactive }},
			{"temporarily closed groups", 2, func(g directory.Group) bool { return g.Status == directory.StatusTemporarilyClosed }},
		}
		for _, tt := range tests {
			if n := count(gs, tt.is); n < tt.min {
				t.Errorf("%d %s, want at least %d", n, tt.what, tt.min)
			}
		}
	})

	t.Run("schedules", func(t *testing.T) {
		kinds := map[string]int{}
		for _, g := range gs {
			if g.Mail == "" && len(g.Schedules) == 0 {
				t.Errorf("%s: no schedule", g.Name)
			}
			for _, s := range g.Schedules {
				kinds[scheduleKind(s)]++
				if s.Start.Year != 2026 {
					t.Errorf("%s: starts %s, want a date in 2026", g.Name, s.Start)
				}
			}
		}
		for _, k := range []string{"weekly", "every 2 weeks", "monthly on the nth weekday", "monthly on the last weekday", "monthly on a day of the month"} {
			if kinds[k] < 3 {
				t.Errorf("%d schedules %s, want at least 3", kinds[k], k)
			}
		}
	})

	t.Run("fictional", func(t *testing.T) {
		for _, g := range gs {
			if !strings.HasPrefix(g.SourceID, "demo-") {
				t.Errorf("id %q: demo ids start with demo-", g.SourceID)
			}
			for _, n := range []string{g.Phone, placePhone(g), dialinNumber(g)} {
				if n != "" && !fictional(areas, n) {
					t.Errorf("%s: %s is not a fictional 555-01xx number in Ontario or toll-free", g.Name, n)
				}
			}
			if e := g.Email; e != "" && !strings.HasSuffix(e, "@example.org") && !strings.HasSuffix(e, "@example.net") {
				t.Errorf("%s: email %s is not at a reserved example domain", g.Name, e)
			}
			if u := g.OnlineURL; u != "" && !strings.HasPrefix(u, "https://meet.example.org/") {
				t.Errorf("%s: URL %s is not at a reserved example domain", g.Name, u)
			}
		}
	})
}

// fictional reports whether an E.164 number is 555-0100..555-0199, the
// range kept for fiction, in an Ontario area code or a toll-free one.
func fictional(areas *directory.Areas, e164 string) bool {
	npa := directory.AreaCode(e164)
	c, ok := areas.Complex(npa)
	ontario := ok && c.Province == "ON"
	tollFree := slices.Contains([]string{"800", "833", "844", "855", "866", "877", "888"}, npa)
	line, err := strconv.Atoi(e164[len(e164)-4:])
	return err == nil && (ontario || tollFree) && e164[5:8] == "555" && line >= 100 && line <= 199
}

func scheduleKind(s recur.Schedule) string {
	switch {
	case s.Freq == recur.Weekly && s.Interval == 2:
		return "every 2 weeks"
	case s.Freq == recur.Weekly:
		return "weekly"
	case len(s.ByMonthDay) > 0:
		return "monthly on a day of the month"
	case len(s.ByDay) > 0 && strings.HasPrefix(s.ByDay[0], "-"):
		return "monthly on the last weekday"
	}
	return "monthly on the nth weekday"
}

func wantConcerns(t *testing.T, gs []directory.Group, codes ...string) {
	t.Helper()
	for _, code := range codes {
		if count(gs, func(g directory.Group) bool { return slices.Contains(g.Concerns, code) }) == 0 {
			t.Errorf("none about %s", code)
		}
	}
}

func covers(g directory.Group, kind directory.CoverageKind, value string) bool {
	return slices.Contains(g.Areas, directory.Coverage{Kind: kind, Value: value})
}

func filter(gs []directory.Group, keep func(directory.Group) bool) []directory.Group {
	var out []directory.Group
	for _, g := range gs {
		if keep(g) {
			out = append(out, g)
		}
	}
	return out
}

func count(gs []directory.Group, is func(directory.Group) bool) int { return len(filter(gs, is)) }

func placePhone(g directory.Group) string {
	if g.Place == nil {
		return ""
	}
	return g.Place.Phone
}

func dialinNumber(g directory.Group) string {
	if g.Dialin == nil {
		return ""
	}
	return g.Dialin.Number
}
