// Package directory is peerline's domain: self-help groups, the concerns
// people call about, the area codes they call from, members and their
// consent, and the rules about them (how a search ranks, the next meeting,
// who may get reminders). It defines the store it needs as interfaces
// (store.go); directory/sqlite is one engine behind them. The voice line,
// the text line and the jobs all stand on it; it imports none of them.
package directory

import (
	"fmt"
	"slices"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// Lang is a language the line speaks: "en" or "fr" (ISO 639-1).
type Lang string

const (
	English Lang = "en"
	French  Lang = "fr"
)

// Status is an HSDS service status. Only active groups are offered.
type Status string

const (
	StatusActive            Status = "active"
	StatusTemporarilyClosed Status = "temporarily closed"
	StatusInactive          Status = "inactive"
	StatusDefunct           Status = "defunct"
)

// ParseStatus reads an HSDS status; empty means active.
func ParseStatus(s string) (Status, error) {
	switch st := Status(normalizeSpace(s)); st {
	case "":
		return StatusActive, nil
	case StatusActive, StatusTemporarilyClosed, StatusInactive, StatusDefunct:
		return st, nil
	case "temporarily_closed", "closed":
		return StatusTemporarilyClosed, nil
	}
	return "", fmt.Errorf("unknown status %q (want active, temporarily closed, inactive or defunct)", s)
}

// Mode is one way of attending a group.
type Mode string

const (
	InPerson Mode = "in_person"
	ByPhone  Mode = "phone"
	Online   Mode = "online"
	ByMail   Mode = "mail"
)

// Group is one peer-led self-help group: an HSDS service.
type Group struct {
	ID       int64  `json:"-"`                // the store's key
	Code     int    `json:"code"`             // short, stable across re-imports; printed on flyers
	SourceID string `json:"id"`               // the id in the data it was imported from
	Source   string `json:"source,omitempty"` // the feed that is the authority for it; "" for a spreadsheet's

	Name         string   `json:"name"`
	Description  string   `json:"description,omitempty"`
	Organization string   `json:"organization,omitempty"`
	Status       Status   `json:"status"`
	Languages    []Lang   `json:"languages,omitempty"`
	Concerns     []string `json:"concerns"`                // codes from the Vocabulary
	ConcernWords string   `json:"concern_words,omitempty"` // the concerns as the spreadsheet staff keep wrote them, for export
	Phone        string   `json:"phone,omitempty"`         // contact, E.164
	Email        string   `json:"email,omitempty"`

	// How to attend; any combination.
	Place     *Place  `json:"place,omitempty"`      // in person
	Dialin    *Dialin `json:"dialin,omitempty"`     // by telephone
	OnlineURL string  `json:"online_url,omitempty"` // online
	Mail      string  `json:"mail,omitempty"`       // by mail: the postal address to write to

	// Where the group is offered. Empty means: the area code of the
	// meeting place's phone, else of the contact phone.
	Areas []Coverage `json:"areas,omitempty"`

	Zone      string           `json:"zone"` // IANA time zone of the schedules
	Schedules []recur.Schedule `json:"schedules,omitempty"`

	// Cancelled are the days of its own calendar on which the group does
	// not meet after all (peerline cancel). The store fills them in on
	// every read; they are not part of the group's listing.
	Cancelled []recur.Date `json:"-"`

	// Seen is when the listing was last known right: confirmed (by staff,
	// or by its leader or contact answering a check) or changed. The store
	// fills it in on every read; it is not part of the listing.
	Seen time.Time `json:"-"`

	loc *time.Location // Zone, loaded once by the store that read the group
}

// Place is where an in-person group meets.
type Place struct {
	Name       string  `json:"name,omitempty"`
	Street     string  `json:"street,omitempty"`
	City       string  `json:"city"`
	Province   string  `json:"province,omitempty"` // two letters: ON
	PostalCode string  `json:"postal_code,omitempty"`
	Phone      string  `json:"phone,omitempty"` // E.164
	Area       string  `json:"area"`            // the area-code complex it is in: "705"; set by Check
	Lat        float64 `json:"lat,omitempty"`
	Lon        float64 `json:"lon,omitempty"`
}

// HasCoords reports whether the place was given coordinates.
func (p *Place) HasCoords() bool { return p != nil && (p.Lat != 0 || p.Lon != 0) }

// Dialin is how a telephone group is joined.
type Dialin struct {
	Number     string `json:"number"`                // E.164
	AccessCode string `json:"access_code,omitempty"` // digits, typed after connecting
}

// Modes lists how a group can be attended, in the order the line offers them.
func (g *Group) Modes() []Mode {
	var m []Mode
	if g.Place != nil {
		m = append(m, InPerson)
	}
	if g.Dialin != nil {
		m = append(m, ByPhone)
	}
	if g.Mail != "" {
		m = append(m, ByMail)
	}
	if g.OnlineURL != "" {
		m = append(m, Online)
	}
	return m
}

// Speaks reports whether the group meets in lang. A group that names no
// language is taken to meet in English.
func (g *Group) Speaks(lang Lang) bool {
	if len(g.Languages) == 0 {
		return lang == English
	}
	for _, l := range g.Languages {
		if l == lang {
			return true
		}
	}
	return false
}

// SetLocation gives the group its zone already loaded: the store that
// reads groups loads each zone once, not once a group.
func (g *Group) SetLocation(loc *time.Location) { g.loc = loc }

// Location returns the group's time zone, falling back to Toronto's when
// the stored name is unknown to this machine.
func (g *Group) Location() *time.Location {
	if g.loc != nil {
		return g.loc
	}
	if loc, err := time.LoadLocation(g.Zone); err == nil && g.Zone != "" {
		return loc
	}
	loc, err := time.LoadLocation("America/Toronto")
	if err != nil {
		return time.UTC
	}
	return loc
}

// NextMeeting is the first meeting that starts after t and is not
// cancelled, over all of the group's schedules: the one rule for "the
// next meeting" that every channel says.
func (g *Group) NextMeeting(t time.Time) (time.Time, bool) {
	// A group cancelled for months on end is better told to call.
	for range maxSkipped + 1 {
		next, ok := g.nextScheduled(t)
		if !ok || !g.IsCancelled(next) {
			return next, ok
		}
		t = next
	}
	return time.Time{}, false
}

// maxSkipped is how many cancelled meetings in a row NextMeeting looks past.
const maxSkipped = 52

// nextScheduled is the first meeting after t, cancelled or not.
func (g *Group) nextScheduled(t time.Time) (time.Time, bool) {
	loc := g.Location()
	var best time.Time
	for i := range g.Schedules {
		if next, ok := g.Schedules[i].Next(t, loc); ok && (best.IsZero() || next.Before(best)) {
			best = next
		}
	}
	return best, !best.IsZero()
}

// IsCancelled reports whether the meeting starting at t is cancelled:
// whether its day, in the group's own calendar, is.
func (g *Group) IsCancelled(t time.Time) bool {
	if len(g.Cancelled) == 0 {
		return false
	}
	y, m, d := t.In(g.Location()).Date()
	return slices.Contains(g.Cancelled, recur.Date{Year: y, Month: m, Day: d})
}

// TakesReminders reports whether members may sign up for reminders before
// the group's meetings: a telephone group that is listed as meeting.
func (g *Group) TakesReminders() bool {
	return g.Status == StatusActive && g.Dialin != nil && len(g.Schedules) > 0
}

// Meetings lists the meetings that start in [from, to), in order,
// cancelled ones too (their members are told instead of reminded).
func (g *Group) Meetings(from, to time.Time) []time.Time {
	loc := g.Location()
	var all []time.Time
	for i := range g.Schedules {
		all = append(all, g.Schedules[i].Between(from, to, loc)...)
	}
	sortTimes(all)
	return all
}

// CoverageKind says what a Coverage names.
type CoverageKind string

const (
	CoverComplex  CoverageKind = "npa"      // an area-code complex, by its first area code
	CoverProvince CoverageKind = "province" // two letters: ON
	CoverCountry  CoverageKind = "country"  // two letters: CA
)

// Coverage is one piece of a group's service area.
type Coverage struct {
	Kind  CoverageKind `json:"kind"`
	Value string       `json:"value"`
}

func (c Coverage) String() string { return string(c.Kind) + ":" + c.Value }

// DefaultLeads is how long before a meeting reminders go out when the
// line is not told otherwise: the day before, and an hour before.
func DefaultLeads() []time.Duration { return []time.Duration{24 * time.Hour, time.Hour} }
