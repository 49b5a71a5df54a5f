package meetingguide

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// groupKey is what the meetings of one group share: its name (group,
// else name), how it is attended (the place's street and town, or its
// name and town when it has no street; the dial-in and code; the URL),
// its zone, its languages and who may come (the audience types: an open
// and a closed meeting, or a women's and a men's, are two listings for a
// caller). Status is not in the key: see merge.
func groupKey(m *meeting) string {
	g := &m.g
	parts := []string{directory.Normalize(m.title), "", "", "", g.OnlineURL, g.Zone, fmt.Sprint(g.Languages), fmt.Sprint(m.types.only(audience))}
	if p := g.Place; p != nil {
		where := p.Street
		if where == "" {
			where = p.Name
		}
		parts[1] = directory.Normalize(where + " " + p.City)
	}
	if d := g.Dialin; d != nil {
		parts[2], parts[3] = d.Number, d.AccessCode
	}
	return strings.Join(parts, "\x00")
}

// groups gathers meetings by key, each group's meetings in slug order
// and the groups in the order of their first meeting in the feed: the
// same feed in any order gives the same groups.
func groups(ms []*meeting) [][]*meeting {
	byKey := map[string][]*meeting{}
	var keys []string
	for _, m := range ms {
		if _, ok := byKey[m.key]; !ok {
			keys = append(keys, m.key)
		}
		byKey[m.key] = append(byKey[m.key], m)
	}
	out := make([][]*meeting, 0, len(keys))
	for _, k := range keys {
		g := byKey[k]
		slices.SortFunc(g, func(a, b *meeting) int { return cmp.Compare(a.slug, b.slug) })
		out = append(out, g)
	}
	return out
}

// merge makes one group of meetings that share a key; ms is in slug
// order. The group is the first meeting's, with:
//
//   - its id the first slug: stable whatever order the feed lists them;
//   - its name the meetings' name when they all have the same, else the
//     group's name they share;
//   - the schedules of its active meetings, those at the same times put
//     together as one schedule on several days; when none is active, the
//     group has the status of the first and all the schedules;
//   - the first place, with the coordinates the feed gave any meeting
//     there if it gave that one none;
//   - a description of all the meetings' types and notes, each once.
func merge(ms []*meeting) directory.Group {
	g := ms[0].g
	g.Schedules = nil
	g.Place = placeWithCoords(ms)
	for _, m := range ms[1:] {
		if m.g.Name != ms[0].g.Name {
			g.Name = ms[0].title
		}
	}
	live := activeOnly(ms)
	if len(live) == 0 {
		live = ms
	} else {
		g.Status = directory.StatusActive
	}
	g.Schedules = mergeSchedules(live)
	g.Description = describe(ms, g.Languages)
	for _, m := range ms {
		g.Email = cmp.Or(g.Email, m.g.Email)
		g.Phone = cmp.Or(g.Phone, m.g.Phone)
		g.Organization = cmp.Or(g.Organization, m.g.Organization)
	}
	return g
}

func placeWithCoords(ms []*meeting) *directory.Place {
	p := ms[0].g.Place
	if p == nil || ms[0].coords {
		return p
	}
	for _, m := range ms[1:] {
		if m.coords {
			q := *p
			q.Lat, q.Lon = m.g.Place.Lat, m.g.Place.Lon
			return &q
		}
	}
	return p
}

func activeOnly(ms []*meeting) []*meeting {
	var out []*meeting
	for _, m := range ms {
		if m.g.Status == directory.StatusActive {
			out = append(out, m)
		}
	}
	return out
}

// mergeSchedules puts the meetings' schedules together: one schedule per
// start and end time, on every day any meeting has it, Monday first, the
// earliest first.
func mergeSchedules(ms []*meeting) []recur.Schedule {
	type span struct{ opens, closes recur.Clock }
	days := map[span]map[string]bool{}
	var spans []span
	for _, m := range ms {
		for _, s := range m.g.Schedules {
			k := span{s.Opens, s.Closes}
			if days[k] == nil {
				days[k] = map[string]bool{}
				spans = append(spans, k)
			}
			for _, d := range s.ByDay {
				days[k][d] = true
			}
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Or(cmp.Compare(a.opens, b.opens), cmp.Compare(a.closes, b.closes)) })
	out := make([]recur.Schedule, 0, len(spans))
	for _, k := range spans {
		var byDay []string
		for i := 1; i <= 7; i++ {
			if d := dayCodes[i%7]; days[k][d] {
				byDay = append(byDay, d)
			}
		}
		out = append(out, recur.Schedule{Freq: recur.Weekly, ByDay: byDay, Opens: k.opens, Closes: k.closes})
	}
	return out
}

// describe writes the description: the types in words (in French for a
// group that meets only in French), then the notes of the meetings, of
// the group and of the place, then how to join by phone and online, each
// text once, one a line.
func describe(ms []*meeting, langs []directory.Lang) string {
	lang := directory.English
	if len(langs) == 1 && langs[0] == directory.French {
		lang = directory.French
	}
	var all typeSet
	for _, m := range ms {
		all = all.union(m.types)
	}
	var lines []string
	seen := map[string]bool{}
	add := func(prefix, s string) {
		if s != "" && !seen[s] {
			seen[s] = true
			lines = append(lines, prefix+s)
		}
	}
	if w := all.words(lang); len(w) > 0 {
		add("", strings.Join(w, ". ")+".")
	}
	phone, online := "By phone: ", "Online: "
	if lang == directory.French {
		phone, online = "Par téléphone : ", "En ligne : "
	}
	for _, pick := range []func(n notes) (string, string){
		func(n notes) (string, string) { return "", n.meeting },
		func(n notes) (string, string) { return "", n.group },
		func(n notes) (string, string) { return "", n.location },
		func(n notes) (string, string) { return phone, n.phone },
		func(n notes) (string, string) { return online, n.url },
	} {
		for _, m := range ms {
			add(pick(m.notes))
		}
	}
	return strings.Join(lines, "\n")
}
