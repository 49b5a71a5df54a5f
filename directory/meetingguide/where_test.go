package meetingguide

import (
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

func TestFormattedAddressIsSplitIntoParts(t *testing.T) {
	areas := directorytest.Areas(t)
	for _, tc := range []struct {
		in   string
		want address
	}{
		{"111 Larch St, Sudbury, ON P3E 4T5, Canada", address{"111 Larch St", "Sudbury", "ON", "P3E 4T5", "Canada"}},
		{"111 Larch St, Sudbury, ON P3E4T5", address{"111 Larch St", "Sudbury", "ON", "P3E 4T5", ""}},
		{"111 Larch St, Sudbury, Ontario", address{"111 Larch St", "Sudbury", "Ontario", "", ""}},
		{"111 Larch St, Sudbury ON P3E 4T5", address{"111 Larch St", "Sudbury", "ON", "P3E 4T5", ""}},
		{"Unit 2, 111 Larch St, Sudbury, ON", address{"Unit 2, 111 Larch St", "Sudbury", "ON", "", ""}},
		{"Sudbury, ON, Canada", address{"", "Sudbury", "ON", "", "Canada"}},
		{"Sudbury ON", address{"", "Sudbury", "ON", "", ""}},
		{"Sudbury", address{"", "Sudbury", "", "", ""}},
		{"111 Larch St", address{"111 Larch St", "", "", "", ""}},
		{"4953 W Addison St, Chicago, IL 60641, USA", address{"4953 W Addison St", "Chicago", "IL", "60641", "USA"}},
		{"101 Ashmun St, Sault Ste. Marie, MI 49783-1234", address{"101 Ashmun St", "Sault Ste. Marie", "MI", "49783-1234", ""}},
		{"", address{}},
	} {
		if got := parseFormatted(tc.in, areas); got != tc.want {
			t.Errorf("%q:\n got %+v\nwant %+v", tc.in, got, tc.want)
		}
	}
}

func TestAMeetingPlaceIsReadFromEitherFormOfAddress(t *testing.T) {
	want := directory.Place{Name: "St. Andrew's Hall", Street: "111 Larch St", City: "Sudbury", Province: "ON",
		PostalCode: "P3E 4T5", Area: "705", Lat: 46.4917, Lon: -80.993}
	for name, m := range map[string]obj{
		"parts":                    base(),
		"formatted":                with(obj{"address": nil, "city": nil, "state": nil, "postal_code": nil, "formatted_address": "111 Larch St, Sudbury, ON P3E 4T5, Canada"}),
		"both, parts winning":      with(obj{"formatted_address": "9 Elm St, Timmins, ON P4N 1A1, Canada"}),
		"postal code run together": with(obj{"postal_code": "p3e4t5"}),
		"province spelled out":     with(obj{"postal_code": nil, "formatted_address": "111 Larch St, Sudbury, Ontario P3E 4T5"}),
	} {
		g := readOne(t, m)
		if g.Place == nil || *g.Place != want {
			t.Errorf("%s: place %+v, want %+v", name, g.Place, want)
		}
		if len(g.Areas) != 1 || g.Areas[0] != (directory.Coverage{Kind: directory.CoverComplex, Value: "705"}) {
			t.Errorf("%s: offered in %v, want the place's area", name, g.Areas)
		}
	}
}

func TestCoordinatesGivenAreKept(t *testing.T) {
	g := readOne(t, with(obj{"latitude": 46.49, "longitude": "-80.99"}))
	if g.Place.Lat != 46.49 || g.Place.Lon != -80.99 {
		t.Errorf("place at %v,%v, want 46.49,-80.99", g.Place.Lat, g.Place.Lon)
	}
	mustContain(t, readBad(t, with(obj{"latitude": 46.49, "longitude": nil})), "latitude, longitude: give both")
}

func TestATownTheLineDoesNotKnowIsPlacedByItsPostalCode(t *testing.T) {
	for _, tc := range []struct {
		city, postal, area, zone string
	}{
		{"Foleyet", "P0M 1T0", "705", "America/Toronto"},
		{"Keewatin", "P0X 1C0", "807", "America/Winnipeg"}, // northwestern Ontario keeps Central time
		{"Schreiber", "P0T 2S0", "807", "America/Toronto"},
		{"Longlac", "P0T 2A0", "807", "America/Toronto"},
		{"Etobicoke", "M9B 1A1", "416", "America/Toronto"},
		{"Steinbach", "R5G 1A1", "204", "America/Winnipeg"},
	} {
		g := readOne(t, with(obj{"address": "1 Main St", "city": tc.city, "postal_code": tc.postal, "state": nil}))
		if g.Place.Area != tc.area || g.Zone != tc.zone {
			t.Errorf("%s %s: area %s zone %s, want %s %s", tc.city, tc.postal, g.Place.Area, g.Zone, tc.area, tc.zone)
		}
	}
}

func TestATownWithNoPostalCodeTheLineCannotPlaceIsReported(t *testing.T) {
	mustContain(t, readBad(t, with(obj{"city": "Capreol", "postal_code": nil})), `cannot tell the area code of "Capreol"`)
}

func TestAMeetingPlaceAbroadIsNotListed(t *testing.T) {
	for _, m := range []obj{
		with(obj{"address": "101 Ashmun St", "city": "Sault Ste. Marie", "state": "MI", "postal_code": "49783"}),
		with(obj{"city": "Sault Ste. Marie", "state": nil, "postal_code": "49783-1234"}),
		with(obj{"city": "Sault Ste. Marie", "state": nil, "postal_code": 49783}),
		with(obj{"city": "Sault Ste. Marie", "state": nil, "postal_code": nil, "country": "US"}),
		with(obj{"address": nil, "city": nil, "state": nil, "postal_code": nil, "formatted_address": "101 Ashmun St, Sault Ste. Marie, MI 49783, USA"}),
	} {
		mustContain(t, readBad(t, m), "the meeting place is outside Canada")
	}
	// One that can be joined by phone is listed that way, to all of Canada.
	g := readOne(t, with(obj{"state": "MI", "postal_code": "49783", "conference_phone": "+19065550100"}))
	if g.Place != nil || g.Dialin == nil || len(g.Areas) != 1 || g.Areas[0].Kind != directory.CoverCountry {
		t.Errorf("got place %+v, dial-in %+v, areas %v; want a telephone group offered in Canada", g.Place, g.Dialin, g.Areas)
	}
}

func TestZoneIsTheMeetingsElseTheFeedsElseTheAreas(t *testing.T) {
	for _, tc := range []struct {
		name     string
		m        obj
		optZone  string
		wantZone string
	}{
		{"timezone given", with(obj{"timezone": "America/Winnipeg"}), "America/Halifax", "America/Winnipeg"},
		{"none, the feed's", base(), "America/Halifax", "America/Halifax"},
		{"none, the town's", with(obj{"city": "Kenora", "postal_code": nil}), "", "America/Winnipeg"},
		{"none, the postal code's", with(obj{"city": "Keewatin", "postal_code": "P0X 1C0"}), "", "America/Winnipeg"},
		{"none, the area's", base(), "", "America/Toronto"},
		{"none and nowhere", with(obj{"address": nil, "city": nil, "state": nil, "postal_code": nil, "location": nil,
			"conference_url": "https://zoom.us/j/1"}), "", "America/Toronto"},
	} {
		g := readOneWith(t, Options{Concern: "alcohol", Source: "feed.json", Zone: tc.optZone}, tc.m)
		if g.Zone != tc.wantZone {
			t.Errorf("%s: zone %s, want %s", tc.name, g.Zone, tc.wantZone)
		}
	}
	mustContain(t, readBad(t, with(obj{"timezone": "Eastern"})), `timezone: "Eastern" is not an IANA time zone`)
}
