package directory

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// Synthetic makes a fictional directory of n groups spread over every
// town the line knows, shaped like a real one: mostly in-person groups,
// some telephone groups serving a province or the country, a few mail and
// online ones, a few closed, weekly and monthly schedules. Benchmarks and
// load tests use it; the same seed gives the same directory. Every group
// has passed Check.
func Synthetic(n int, seed uint64, vocab *Vocabulary, areas *Areas) []Group {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	concerns := vocab.Concerns()
	towns := areas.Towns()
	days := []string{"MO", "TU", "WE", "TH", "FR", "SA"}
	groups := make([]Group, 0, n)
	for i := 0; len(groups) < n; i++ {
		town := towns[rng.IntN(len(towns))]
		c := concerns[rng.IntN(len(concerns))]
		g := Group{
			SourceID:  fmt.Sprintf("synthetic-%07d", i),
			Name:      fmt.Sprintf("%s %s Group %d", town.Name, c.NameEN, i),
			Concerns:  []string{c.Code},
			Phone:     fmt.Sprintf("+1%s55501%02d", town.NPA, rng.IntN(100)),
			Languages: []Lang{English},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{days[rng.IntN(len(days))]},
				Start: recur.Date{Year: 2026, Month: time.January, Day: 1 + rng.IntN(28)}, Opens: recur.Clock((10 + rng.IntN(10)) * 60)}},
		}
		if rng.IntN(4) == 0 {
			g.Concerns = append(g.Concerns, concerns[rng.IntN(len(concerns))].Code)
		}
		switch r := rng.IntN(100); {
		case r < 10:
			g.Languages = []Lang{French}
		case r < 15:
			g.Languages = []Lang{English, French}
		}
		switch r := rng.IntN(100); {
		case r < 3:
			g.Status = StatusInactive
		case r < 5:
			g.Status = StatusTemporarilyClosed
		}
		switch r := rng.IntN(100); {
		case r < 75:
			g.Place = &Place{City: town.Name, Street: fmt.Sprintf("%d Main St", 1+rng.IntN(900)),
				Lat: town.Lat + rng.Float64()*0.4 - 0.2, Lon: town.Lon + rng.Float64()*0.4 - 0.2}
		case r < 90:
			g.Dialin = &Dialin{Number: fmt.Sprintf("+1%s55501%02d", town.NPA, rng.IntN(100)), AccessCode: fmt.Sprint(1000 + rng.IntN(9000))}
			g.Areas = []Coverage{[]Coverage{{CoverComplex, town.NPA}, {CoverProvince, town.Province}, {CoverCountry, "CA"}}[rng.IntN(3)]}
		case r < 95:
			g.Mail = fmt.Sprintf("PO Box %d, %s %s", 1+rng.IntN(999), town.Name, town.Province)
			g.Areas = []Coverage{{CoverCountry, "CA"}}
		default:
			g.OnlineURL = fmt.Sprintf("https://example.org/groups/%d", i)
			g.Areas = []Coverage{{CoverCountry, "CA"}}
		}
		if rng.IntN(5) == 0 {
			g.Schedules[0] = recur.Schedule{Freq: recur.Monthly, ByDay: []string{fmt.Sprint(1+rng.IntN(4)) + days[rng.IntN(len(days))]},
				Start: recur.Date{Year: 2026, Month: time.January, Day: 1}, Opens: recur.Clock((10 + rng.IntN(10)) * 60)}
		}
		if g.Check(areas) != nil {
			continue // cannot happen with the data above; a bad one would only skew the size
		}
		groups = append(groups, g)
	}
	return groups
}
