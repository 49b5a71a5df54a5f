package meetingguide

import (
	"testing"

	"github.com/peerline/peerline/directory"
)

// remoteOnly is a meeting with no meeting place: an approximate address.
func remoteOnly(over obj) obj {
	m := with(obj{"address": nil, "postal_code": nil, "location": nil})
	for k, v := range over {
		if v == nil {
			delete(m, k)
		} else {
			m[k] = v
		}
	}
	return m
}

func TestConferencePhoneIsADialinWithTheKeysToType(t *testing.T) {
	for _, tc := range []struct {
		phone, notes string
		want         directory.Dialin
	}{
		{"+16699009128,,530851127#,,085392#", "", directory.Dialin{Number: "+16699009128", AccessCode: "530851127#085392#"}},
		{"+16473744685,,83212345678#,,,,*123456#", "", directory.Dialin{Number: "+16473744685", AccessCode: "83212345678#*123456#"}},
		{"+16699009128,,530851127#", "", directory.Dialin{Number: "+16699009128", AccessCode: "530851127#"}},
		{"tel:+1-705-555-0199;4127#", "", directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}},
		{"(705) 555-0199", "", directory.Dialin{Number: "+17055550199"}},
		{"+1 705 555 0199", "Meeting ID: 530 851 127 Passcode: 085392", directory.Dialin{Number: "+17055550199", AccessCode: "530851127#085392#"}},
		{"+1 705 555 0199", "ID de réunion : 530 851 127", directory.Dialin{Number: "+17055550199", AccessCode: "530851127#"}},
		{"+1 705 555 0199", "Passcode: serenity", directory.Dialin{Number: "+17055550199"}},                                  // no meeting ID: no guess
		{"+1 705 555 0199,,4127#", "Meeting ID: 999 999 999", directory.Dialin{Number: "+17055550199", AccessCode: "4127#"}}, // the link's keys win
	} {
		g := readOne(t, remoteOnly(obj{"conference_phone": tc.phone, "conference_phone_notes": tc.notes}))
		if g.Dialin == nil || *g.Dialin != tc.want {
			t.Errorf("%q (notes %q): dial-in %+v, want %+v", tc.phone, tc.notes, g.Dialin, tc.want)
		}
		if g.Place != nil {
			t.Errorf("%q: a telephone meeting with an approximate address has a meeting place %+v", tc.phone, g.Place)
		}
	}
	mustContain(t, readBad(t, remoteOnly(obj{"conference_phone": "+17055550199,,4127#,,then press 1"})), "conference_phone: ", "only keys")
	mustContain(t, readBad(t, remoteOnly(obj{"conference_phone": "5550199"})), "conference_phone: ")
}

func TestConferenceNotesAreKeptInTheDescription(t *testing.T) {
	g := readOne(t, remoteOnly(obj{"conference_phone": "+17055550199,,4127#", "conference_phone_notes": "Press *6 to unmute",
		"conference_url": "https://zoom.us/j/4127", "conference_url_notes": "Password: hope"}))
	mustContain(t, g.Description, "By phone: Press *6 to unmute", "Online: Password: hope")
}

func TestConferenceURLIsOnline(t *testing.T) {
	g := readOne(t, remoteOnly(obj{"conference_url": "https://zoom.us/j/4127"}))
	if g.OnlineURL != "https://zoom.us/j/4127" || g.Place != nil || g.Dialin != nil {
		t.Errorf("got url %q place %+v dial-in %+v; want online only", g.OnlineURL, g.Place, g.Dialin)
	}
	mustContain(t, readBad(t, remoteOnly(obj{"conference_url": "zoom.us/j/4127"})), "conference_url: ")
}

func TestARemoteMeetingIsOfferedInItsAreaAndProvinceElseCanada(t *testing.T) {
	npa := directory.Coverage{Kind: directory.CoverComplex, Value: "705"}
	on := directory.Coverage{Kind: directory.CoverProvince, Value: "ON"}
	ca := directory.Coverage{Kind: directory.CoverCountry, Value: "CA"}
	// The dial-in is Vancouver's (Zoom's 778): it says nothing of where the meeting is.
	phone := "+17789072071,,4127#"
	for _, tc := range []struct {
		name string
		m    obj
		want []directory.Coverage
	}{
		{"a town", remoteOnly(obj{"conference_phone": phone}), []directory.Coverage{npa, on}},
		{"a province only", remoteOnly(obj{"conference_phone": phone, "city": nil, "state": "Ontario"}), []directory.Coverage{on}},
		{"a postal code only", remoteOnly(obj{"conference_phone": phone, "city": nil, "state": nil, "postal_code": "P3E 4T5"}), []directory.Coverage{npa, on}},
		{"nothing", remoteOnly(obj{"conference_phone": phone, "city": nil, "state": nil}), []directory.Coverage{ca}},
		{"online only, nothing", remoteOnly(obj{"conference_url": "https://zoom.us/j/1", "city": nil, "state": nil}), []directory.Coverage{ca}},
		{"hybrid", with(obj{"conference_phone": phone}), []directory.Coverage{npa, on}},
		{"in person", base(), []directory.Coverage{npa}},
	} {
		g := readOne(t, tc.m)
		if !equalCoverage(g.Areas, tc.want) {
			t.Errorf("%s: offered in %v, want %v", tc.name, g.Areas, tc.want)
		}
	}
}

func equalCoverage(a, b []directory.Coverage) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestHowAMeetingIsAttended(t *testing.T) {
	const url, phone = "https://zoom.us/j/1", "+17055550199,,1#"
	type ways struct{ place, phone, online bool }
	for _, tc := range []struct {
		name   string
		m      obj
		want   ways
		status directory.Status
	}{
		{"an address", base(), ways{place: true}, directory.StatusActive},
		{"a place name and a town, no street", with(obj{"address": nil}), ways{place: true}, directory.StatusActive},
		{"an address and a URL: hybrid", with(obj{"conference_url": url}), ways{place: true, online: true}, directory.StatusActive},
		{"a town and a URL: online", remoteOnly(obj{"conference_url": url}), ways{online: true}, directory.StatusActive},
		{"a place name, a town and a phone: by phone", with(obj{"address": nil, "conference_phone": phone}), ways{phone: true}, directory.StatusActive},
		{"marked approximate", with(obj{"approximate": "yes", "conference_url": url}), ways{online: true}, directory.StatusActive},
		{"in_person wins over a URL", with(obj{"attendance_option": "in_person", "conference_url": url}), ways{place: true}, directory.StatusActive},
		{"online wins over an address", with(obj{"attendance_option": "online", "conference_url": url}), ways{online: true}, directory.StatusActive},
		{"hybrid", with(obj{"attendance_option": "hybrid", "conference_phone": phone}), ways{place: true, phone: true}, directory.StatusActive},
		{"inactive", with(obj{"attendance_option": "inactive"}), ways{place: true}, directory.StatusInactive},
		{"TC: the place is closed", with(obj{"types": []string{"TC"}}), ways{place: true}, directory.StatusTemporarilyClosed},
		{"TC, but online goes on", with(obj{"types": []string{"TC", "ONL"}, "conference_url": url}), ways{online: true}, directory.StatusActive},
		{"TC and in_person", with(obj{"types": []string{"TC"}, "attendance_option": "in_person", "conference_url": url}), ways{place: true}, directory.StatusTemporarilyClosed},
		{"ONL and an address, no URL", with(obj{"types": []string{"ONL"}}), ways{place: true}, directory.StatusActive},
	} {
		g := readOne(t, tc.m)
		got := ways{g.Place != nil, g.Dialin != nil, g.OnlineURL != ""}
		if got != tc.want || g.Status != tc.status {
			t.Errorf("%s: %+v %s, want %+v %s", tc.name, got, g.Status, tc.want, tc.status)
		}
	}
}

func TestAMeetingWithNothingToAttendByIsReported(t *testing.T) {
	for name, tc := range map[string]struct {
		m    obj
		want string
	}{
		"no address":                {remoteOnly(obj{"city": nil, "state": nil}), "no way to attend"},
		"only a town":               {remoteOnly(nil), "no way to attend"},
		"online, but no conference": {with(obj{"attendance_option": "online"}), "no way to attend"},
		"ONL, but no conference":    {remoteOnly(obj{"types": []string{"ONL"}}), "no way to attend"},
		"hybrid, but no conference": {with(obj{"attendance_option": "hybrid"}), "hybrid, but there is no conference_url or conference_phone"},
		"an attendance option typo": {with(obj{"attendance_option": "in person please"}), `attendance_option: "in person please"`},
	} {
		t.Run(name, func(t *testing.T) { mustContain(t, readBad(t, tc.m), tc.want) })
	}
}
