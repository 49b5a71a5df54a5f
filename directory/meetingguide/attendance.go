package meetingguide

import (
	"errors"
	"fmt"
	"strings"

	"github.com/peerline/peerline/directory"
)

// attendance decides how the meeting can be attended, and its status:
//
//   - attendance_option, when given, says which ways are offered:
//     in_person (the place only: conference details are left out),
//     online (conference details only: the address is only where the
//     meeting is from), hybrid (both), inactive (status inactive, the
//     rest kept as written).
//   - Without it: the address is a meeting place when it has a street,
//     or when the meeting has a place name and no conference details.
//     An address with neither, or marked approximate, is only where an
//     online meeting is from (the spec's "approximate location").
//   - TC (location temporarily closed): a meeting that can still be
//     joined by phone or online is listed that way, without its place;
//     one that cannot is temporarily closed.
//   - ONL says a meeting is also online; the line can offer that only
//     with a conference_url or conference_phone, so ONL changes nothing.
//   - A meeting place outside Canada is not listed (the line's areas are
//     Canada's); a meeting there that can be joined by phone or online is
//     listed that way.
func (b *build) attendance() {
	e, f, g := b.e, &b.f, &b.m.g
	b.remote()
	option := strings.ToLower(f.text("attendance_option", e.Attendance))
	remote := g.Dialin != nil || g.OnlineURL != ""
	physical := b.isPlace(remote)
	switch option {
	case "":
	case "in_person":
		g.Dialin, g.OnlineURL, physical = nil, "", true
		b.m.notes.phone, b.m.notes.url = "", ""
	case "online":
		physical = false
	case "hybrid":
		physical = true
	case "inactive":
		g.Status = directory.StatusInactive
	default:
		f.fail("attendance_option", fmt.Errorf("%q: want in_person, hybrid, online or inactive", option))
	}
	remote = g.Dialin != nil || g.OnlineURL != ""
	switch {
	case b.closed && remote && option != "in_person":
		physical = false // the place is closed; the meeting goes on by phone or online
	case b.closed && g.Status == "":
		g.Status = directory.StatusTemporarilyClosed
	}
	if physical && b.at.foreign {
		if !remote {
			f.fail("address", fmt.Errorf("the meeting place is outside Canada (%s): the line lists meeting places in Canada", b.addrText()))
		}
		physical = false
	}
	b.need(option, remote)
	if physical {
		g.Place = b.place()
	}
}

// remote reads the conference details.
func (b *build) remote() {
	e, f, g := b.e, &b.f, &b.m.g
	b.m.notes.phone = f.text("conference_phone_notes", e.PhoneNotes)
	b.m.notes.url = f.text("conference_url_notes", e.URLNotes)
	if phone := f.text("conference_phone", e.ConferencePhone); phone != "" {
		d, err := readDialin(phone, b.m.notes.phone)
		if err != nil {
			f.fail("conference_phone", err)
		}
		g.Dialin = d
	}
	url, err := directory.ParseWebAddress(f.text("conference_url", e.ConferenceURL))
	if err != nil {
		f.fail("conference_url", err)
	}
	g.OnlineURL = url
}

// isPlace reports whether the address is a meeting place, when
// attendance_option does not say.
func (b *build) isPlace(remote bool) bool {
	switch approx := strings.ToLower(b.f.text("approximate", b.e.Approximate)); {
	case approx == "yes" || approx == "true":
		return false
	case b.addr.street != "":
		return true
	}
	return !remote && b.location != ""
}

// need reports a hybrid meeting with nothing to join by: its place
// alone would pass for an in-person meeting. Other meetings with nothing
// to attend by are reported by Check.
func (b *build) need(option string, remote bool) {
	if option == "hybrid" && !remote {
		b.f.fail("attendance_option", errors.New("hybrid, but there is no conference_url or conference_phone"))
	}
}

// place is the meeting place, located as where found it.
func (b *build) place() *directory.Place {
	a, w := b.addr, b.at
	p := &directory.Place{
		Name:       b.location,
		Street:     a.street,
		City:       a.city,
		Province:   w.province,
		PostalCode: a.postal,
		Area:       w.area,
	}
	var err error
	p.Lat, p.Lon, err = directory.ParseCoordinates(b.f.text("latitude", b.e.Latitude), b.f.text("longitude", b.e.Longitude))
	b.f.add(err)
	b.m.coords = p.HasCoords()
	if !p.HasCoords() && w.town != nil {
		p.Lat, p.Lon = w.town.Lat, w.town.Lon // the town's centre is near enough to rank by, as Check does
	}
	return p
}

func (b *build) addrText() string {
	a := b.addr
	var parts []string
	for _, s := range []string{a.street, a.city, strings.TrimSpace(a.state + " " + a.postal), a.country} {
		if s != "" {
			parts = append(parts, s)
		}
	}
	return strings.Join(parts, ", ")
}
