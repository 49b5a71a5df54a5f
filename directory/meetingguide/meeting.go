package meetingguide

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// meeting is one usable entry of a feed, read into a group of its own
// and checked; group.go merges the meetings of one group.
type meeting struct {
	pos   int    // 1-based position in the feed
	slug  string // as the feed writes it
	title string // group, else name: what the meetings of one group share
	g     directory.Group
	types typeSet
	notes notes
	key   string // see groupKey
	// coords reports coordinates the feed gave, rather than the town's.
	coords bool
}

// notes are the texts a group's description is made of.
type notes struct{ meeting, group, location, phone, url string }

// build is one entry being read. Problems are collected, not stopped
// at, so that the report lists all of an entry's at once.
type build struct {
	rd       *reader
	e        *entry
	f        fields
	m        meeting
	addr     address
	location string // the place's name
	at       spot
	closed   bool // TC: the meeting place is temporarily closed
}

// readMeeting reads the entry at pos. The error lists every problem.
func (rd *reader) readMeeting(pos int, raw json.RawMessage) (*meeting, error) {
	b := &build{rd: rd, e: &entry{}, m: meeting{pos: pos}}
	if raw = bytes.TrimSpace(raw); len(raw) == 0 || raw[0] != '{' {
		return nil, &entryError{pos: pos, errs: []error{errors.New("not a meeting: want a JSON object")}}
	}
	if err := json.Unmarshal(raw, b.e); err != nil {
		return nil, &entryError{pos: pos, errs: []error{err}}
	}
	b.basics()
	b.when()
	b.where()
	b.attendance()
	b.zone()
	b.coverage()
	if err := b.m.g.Check(rd.areas); err != nil {
		b.f.errs = append(b.f.errs, unjoin(err)...)
	}
	if len(b.f.errs) > 0 {
		return nil, &entryError{pos: pos, slug: b.m.slug, errs: b.f.errs}
	}
	b.m.key = groupKey(&b.m)
	return &b.m, nil
}

// basics reads what names and describes the meeting.
func (b *build) basics() {
	e, f, g := b.e, &b.f, &b.m.g
	b.m.slug = f.text("slug", e.Slug)
	g.SourceID = b.rd.prefix + b.m.slug
	if b.m.slug == "" {
		f.fail("slug", errors.New("missing: the feed's id for the meeting"))
		g.SourceID = b.rd.prefix + "?" // so that Check does not say it again
	}
	g.Name = f.text("name", e.Name)
	b.m.title = f.text("group", e.Group)
	if b.m.title == "" {
		b.m.title = g.Name
	}
	g.Organization = f.text("entity", e.Entity)
	g.Concerns = b.rd.concerns
	g.Phone = f.text("phone", e.Phone)
	var err error
	g.Email, err = directory.ParseEmail(f.text("email", e.Email))
	f.add(err)
	b.m.notes = notes{
		meeting:  f.text("notes", e.Notes),
		group:    f.text("group_notes", e.GroupNotes),
		location: f.text("location_notes", e.LocationNotes),
	}
	b.m.types = readTypes(f.list("types", e.Types))
	g.Languages = b.m.types.languages()
	b.closed = b.m.types.with(closedTmp)
	if len(g.Languages) == 0 && b.m.types.with(otherLang) {
		f.fail("types", errors.New("the meeting is in a language the line does not speak: it lists meetings in English (EN) and French (FR)"))
	}
}

// when reads day, time and end_time into the meeting's schedule.
func (b *build) when() {
	e, f := b.e, &b.f
	days, err := readDays(f.list("day", e.Day))
	if err != nil {
		f.fail("day", err)
	}
	opens, err := readClock(f.text("time", e.Time))
	if err != nil {
		f.fail("time", err)
	}
	var closes recur.Clock
	end := f.text("end_time", e.EndTime)
	if end != "" {
		if closes, err = readClock(end); err != nil {
			f.fail("end_time", err)
		}
	}
	if len(days) > 0 {
		b.m.g.Schedules = []recur.Schedule{schedule(days, opens, closes, end != "")}
	}
}

// where reads the address: its parts, with formatted_address filling
// the parts they leave empty, and where the line places it.
func (b *build) where() {
	e, f := b.e, &b.f
	parts := address{
		street:  f.text("address", e.Address),
		city:    f.text("city", e.City),
		state:   f.text("state", e.State),
		postal:  postalCode(f.text("postal_code", e.PostalCode)),
		country: f.text("country", e.Country),
	}
	formatted := parseFormatted(f.text("formatted_address", e.FormattedAddress), b.rd.areas)
	b.addr = fill(parts, formatted)
	b.location = f.text("location", e.Location)
	b.at = locate(b.addr, b.rd.areas)
}

func fill(a, from address) address {
	for _, p := range []struct{ to, from *string }{
		{&a.street, &from.street}, {&a.city, &from.city}, {&a.state, &from.state},
		{&a.postal, &from.postal}, {&a.country, &from.country},
	} {
		if *p.to == "" {
			*p.to = *p.from
		}
	}
	return a
}

// zone is the meeting's timezone, else the feed's (Options.Zone), else
// its area's, else Toronto's.
func (b *build) zone() {
	tz := b.f.text("timezone", b.e.Timezone)
	if tz != "" && !knownZone(tz) {
		b.f.fail("timezone", fmt.Errorf("%q is not an IANA time zone (want e.g. America/Toronto)", tz))
		tz = "" // said once, here, not again by Check
	}
	b.m.g.Zone = cmp.Or(tz, b.rd.opt.Zone, b.at.zone, "America/Toronto")
}

func knownZone(name string) bool {
	_, err := time.LoadLocation(name)
	return err == nil && strings.Contains(name, "/")
}

// coverage sets where the group is offered by telephone or online. A
// meeting place's area is where it is offered in person whatever this
// says (see directory.Group.IndexKeys). A meeting one can join from
// anywhere is offered in its own area first, then its province; when
// neither is known (no address, an address abroad), in all of Canada.
// The dial-in number says nothing of where a meeting is: conference
// services give their own numbers, often in another province.
func (b *build) coverage() {
	g, w := &b.m.g, b.at
	remote := g.Dialin != nil || (g.OnlineURL != "" && g.Place == nil)
	switch {
	case remote && w.province != "":
		if w.area != "" {
			g.Areas = append(g.Areas, directory.Coverage{Kind: directory.CoverComplex, Value: w.area})
		}
		g.Areas = append(g.Areas, directory.Coverage{Kind: directory.CoverProvince, Value: w.province})
	case remote:
		g.Areas = []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}
	case w.area != "":
		g.Areas = []directory.Coverage{{Kind: directory.CoverComplex, Value: w.area}}
	case g.Place == nil:
		// Nothing to attend by, which Check reports; a coverage keeps it
		// from also reporting no service area, which only follows from it.
		g.Areas = []directory.Coverage{{Kind: directory.CoverCountry, Value: "CA"}}
	}
}

// unjoin lists the errors errors.Join made into one, so that an entry's
// problems are one flat list.
func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return j.Unwrap()
	}
	return []error{err}
}

// entryError is everything wrong with one entry of a feed.
type entryError struct {
	pos  int
	slug string
	errs []error
}

func (e *entryError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "meeting %d", e.pos)
	if e.slug != "" {
		fmt.Fprintf(&b, " (%s)", e.slug)
	}
	for i, err := range e.errs {
		if i == 0 {
			b.WriteString(": ")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(err.Error())
	}
	return b.String()
}

func (e *entryError) Unwrap() []error { return e.errs }
