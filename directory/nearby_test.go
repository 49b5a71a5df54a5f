package directory_test

import (
	"context"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// monday is when these searches are made: a Monday, 10 a.m. in Toronto.
var monday = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// finderOver is a Finder over a new store holding groups.
func finderOver(t *testing.T, groups ...directory.Group) *directory.Finder {
	t.Helper()
	s, areas := directorytest.Store(t), directorytest.Areas(t)
	directorytest.Import(t, s, areas, monday, groups...)
	return &directory.Finder{Store: s, Vocab: directorytest.Vocab(t), Areas: areas, Now: func() time.Time { return monday }}
}

// meetsIn is an in-person group meeting in a town the line knows.
func meetsIn(id, concern, town string, langs ...directory.Lang) directory.Group {
	return directory.Group{SourceID: id, Name: id, Concerns: []string{concern}, Languages: langs, Place: &directory.Place{City: town}}
}

// nearestFor searches for concern from area (a town or an area code) as
// a caller would, expecting nothing there, then asks for the nearest group
// in reach elsewhere.
func nearestFor(t *testing.T, f *directory.Finder, concern, area string, lang directory.Lang) (directory.Nearby, bool) {
	t.Helper()
	ctx := context.Background()
	ans, err := f.Find(ctx, directory.Request{Concern: concern, Area: area, Channel: directory.ChannelStaff, Lang: lang})
	if err != nil || ans.Total != 0 {
		t.Fatalf("%s in %s: %d results, %v; want none there", concern, area, ans.Total, err)
	}
	near, ok, err := f.NearestWithin(ctx, ans.Match.Concern.Code, ans.Caller, lang)
	if err != nil {
		t.Fatal(err)
	}
	return near, ok
}

// km is the distance between two towns the line knows.
func km(t *testing.T, a, b string) float64 {
	t.Helper()
	areas := directorytest.Areas(t)
	x, ok1 := areas.Town(a)
	y, ok2 := areas.Town(b)
	if !ok1 || !ok2 {
		t.Fatalf("%s or %s is not a town the line knows", a, b)
	}
	return directory.DistanceKm(directory.Point{Lat: x.Lat, Lon: x.Lon}, directory.Point{Lat: y.Lat, Lon: y.Lon})
}

// A Thunder Bay caller is never sent to Toronto, over 900 km away, whether
// their town is known or they only keyed 807.
func TestNoGroupAcrossTheProvinceIsOfferedAsNearby(t *testing.T) {
	f := finderOver(t, meetsIn("toronto-grief", "grief", "Toronto"))
	for _, area := range []string{"Thunder Bay", "807"} {
		if near, ok := nearestFor(t, f, "grief", area, directory.English); ok {
			t.Errorf("from %s: offered %+v", area, near)
		}
	}
}

// A caregivers' group meets only in Hornepayne (807): a Wawa caller (705)
// is told of it, about 140 km away; a Sault Ste. Marie caller, 300 km away,
// is not.
func TestAGroupInAnotherAreaIsOfferedOnlyWithinReach(t *testing.T) {
	if d := km(t, "Wawa", "Hornepayne"); d > directory.ReachKm {
		t.Fatalf("Wawa to Hornepayne is %.0f km: the towns no longer fit the test", d)
	}
	if d := km(t, "Sault Ste. Marie", "Hornepayne"); d <= directory.ReachKm {
		t.Fatalf("the Sault to Hornepayne is %.0f km: the towns no longer fit the test", d)
	}
	f := finderOver(t, meetsIn("hornepayne-care", "caregiving", "Hornepayne"))
	near, ok := nearestFor(t, f, "caregivers", "Wawa", directory.English)
	if !ok || near.Complex.Key() != "807" || near.Town != "Hornepayne" || near.Km != 140 {
		t.Errorf("from Wawa: %+v, %v; want Hornepayne in 807, 140 km", near, ok)
	}
	if near, ok := nearestFor(t, f, "caregivers", "Sault Ste. Marie", directory.English); ok {
		t.Errorf("from the Sault: offered %+v", near)
	}
}

// Sudbury is in the Sault's own area (705): a Sault caller hears its group
// in their own results, however far, and is offered no other area for it.
func TestAGroupOfTheCallersOwnAreaIsNotOfferedAsAnotherArea(t *testing.T) {
	ctx := context.Background()
	f := finderOver(t, meetsIn("sudbury-gambling", "gambling", "Sudbury"))
	ans, err := f.Find(ctx, directory.Request{Concern: "gambling", Area: "Sault Ste. Marie", Channel: directory.ChannelStaff})
	if err != nil || ans.Total != 1 || ans.Results[0].Mode != directory.InPerson || ans.Results[0].DistanceKm < 250 {
		t.Fatalf("gambling from the Sault: %+v, %v; want the Sudbury group, about 257 km", ans.Results, err)
	}
	if near, ok, err := f.NearestWithin(ctx, "gambling", ans.Caller, directory.English); ok || err != nil {
		t.Errorf("from the Sault: offered %+v, %v", near, err)
	}
}

// Of several areas' groups in reach, the nearest is offered; telephone and
// mail groups of another area do not count (those that serve the caller are
// in their own results).
func TestTheNearestInPersonGroupOfAnyOtherAreaIsOffered(t *testing.T) {
	byPhone := directory.Group{SourceID: "owen-sound-phone", Name: "Grey Bruce Grief by Phone", Concerns: []string{"grief"},
		Dialin: &directory.Dialin{Number: "519 555 0101"}, Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "519"}}}
	f := finderOver(t, byPhone, meetsIn("toronto-grief", "grief", "Toronto"), meetsIn("owen-sound-grief", "grief", "Owen Sound"))
	near, ok := nearestFor(t, f, "grief", "Collingwood", directory.English)
	if !ok || near.Complex.Key() != "519" || near.Town != "Owen Sound" || near.Km != 60 {
		t.Errorf("from Collingwood: %+v, %v; want Owen Sound in 519, 60 km", near, ok)
	}

	f = finderOver(t, byPhone)
	if near, ok := nearestFor(t, f, "grief", "Collingwood", directory.English); ok {
		t.Errorf("only a telephone group of another area: offered %+v", near)
	}
}

// Beyond an hour's drive, a group in the caller's language is offered
// before a nearer one in the other, as a search lists them.
func TestAGroupInTheCallersLanguageIsOfferedFirstBeyondAnHour(t *testing.T) {
	f := finderOver(t, meetsIn("toronto-grief", "grief", "Toronto"),
		meetsIn("owen-sound-deuil", "grief", "Owen Sound", directory.French))
	for _, c := range []struct {
		lang directory.Lang
		town string
		km   int
	}{{directory.English, "Toronto", 90}, {directory.French, "Owen Sound", 100}} {
		near, ok := nearestFor(t, f, "grief", "Barrie", c.lang)
		if !ok || near.Town != c.town || near.Km != c.km {
			t.Errorf("from Barrie, in %s: %+v, %v; want %s, %d km", c.lang, near, ok, c.town, c.km)
		}
	}
}
