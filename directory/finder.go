package directory

import (
	"context"
	"errors"
	"sort"
	"strings"
	"time"
)

// The ways a search can fail for what was asked, rather than for a fault.
var (
	ErrUnknownConcern = errors.New("no concern the line knows was named")
	ErrUnknownArea    = errors.New("not an area code or town the line knows")
	ErrNoArea         = errors.New("no area given and the caller's number does not say")
)

// Finder answers the question every channel asks: groups for these words
// near here. It understands the words, places the caller, searches, and
// logs the search.
type Finder struct {
	Store Store
	Vocab *Vocabulary
	Areas *Areas
	Now   func() time.Time
	// OnSearch, when set, hears of every search logged, with its concern's
	// category ("" when the words named none): the metrics count them.
	OnSearch func(l SearchLog, category string)
}

// Where a search came from. The planner's report counts callers' searches
// only: staff trying the directory out are not demand.
const (
	ChannelVoice = "voice"
	ChannelSMS   = "sms"
	ChannelStaff = "staff"
)

// Request is a search as a channel receives it.
type Request struct {
	Concern string // free text or a concern code: "greif", "deuil", "care giver"
	Area    string // an area code, a town, or a phone number; "" to use From
	From    string // the caller's number, to place them when Area is ""
	Channel string // ChannelVoice, ChannelSMS or ChannelStaff: only callers' searches are logged
	Lang    Lang
	Online  bool
	Offset  int
	Limit   int
	// Again marks a further page or a repeat of a search already made, so
	// that the log counts what people asked for, not how often they listened.
	Again bool
}

// Answer is what a search found, and what it understood.
type Answer struct {
	Match   Match
	Caller  Caller
	Results []Result
	Total   int
}

// Find runs a request. A concern or area it cannot make out is one of the
// errors above (still logged when the area is known, as unmet need).
func (f *Finder) Find(ctx context.Context, req Request) (Answer, error) {
	var a Answer
	caller, err := f.place(req)
	if err != nil {
		return a, err
	}
	a.Caller = caller
	if c, ok := f.Vocab.Concern(strings.TrimSpace(req.Concern)); ok {
		a.Match = Match{Concern: c}
	} else if m, ok := f.Vocab.Match(req.Concern); ok {
		a.Match = m
	}
	now := f.Now()
	entry := SearchLog{At: now, Channel: req.Channel, NPA: caller.NPA, Area: caller.Complex.Key()}
	if a.Match.Concern == nil {
		if err := f.log(ctx, req, entry); err != nil {
			return a, err
		}
		return a, ErrUnknownConcern
	}
	q := Query{Concern: a.Match.Concern.Code, Complex: caller.Complex, Lang: req.Lang, Online: req.Online,
		Offset: req.Offset, Limit: req.Limit, Now: now}
	if caller.Town != nil {
		q.Near = &Point{caller.Town.Lat, caller.Town.Lon}
	}
	a.Results, a.Total, err = f.Store.Search(ctx, q)
	if err != nil {
		return a, err
	}
	entry.Concern, entry.Results = q.Concern, a.Total
	return a, f.log(ctx, req, entry)
}

func (f *Finder) log(ctx context.Context, req Request, entry SearchLog) error {
	if req.Again || (req.Channel != ChannelVoice && req.Channel != ChannelSMS) {
		return nil
	}
	if err := f.Store.LogSearch(ctx, entry); err != nil {
		return err
	}
	if f.OnSearch != nil {
		category := ""
		if c, ok := f.Vocab.Concern(entry.Concern); ok {
			category = c.Category.Code
		}
		f.OnSearch(entry, category)
	}
	return nil
}

// Nearest finds the nearest other area of the caller's province that has
// a group for the concern, for a caller whose own area has none.
func (f *Finder) Nearest(ctx context.Context, concern string, from Caller, lang Lang) (*Complex, bool, error) {
	origin, ok := f.Areas.Centre(from.Complex)
	if from.Town != nil {
		origin, ok = Point{from.Town.Lat, from.Town.Lon}, true
	}
	if !ok {
		return nil, false, nil
	}
	type option struct {
		c    *Complex
		dist float64
	}
	var options []option
	for _, c := range f.Areas.Complexes() {
		if c == from.Complex || c.Province != from.Complex.Province {
			continue
		}
		if centre, ok := f.Areas.Centre(c); ok {
			options = append(options, option{c, DistanceKm(origin, centre)})
		}
	}
	sort.Slice(options, func(i, j int) bool { return options[i].dist < options[j].dist })
	for _, o := range options {
		_, total, err := f.Store.Search(ctx, Query{Concern: concern, Complex: o.c, Lang: lang, Limit: 1, Now: f.Now()})
		if err != nil {
			return nil, false, err
		}
		if total > 0 {
			return o.c, true, nil
		}
	}
	return nil, false, nil
}

// place works out where to search: an area code, a town, a phone number
// in the Area field, or else the caller's own number.
func (f *Finder) place(req Request) (Caller, error) {
	area := strings.TrimSpace(req.Area)
	switch {
	case area == "":
		c := f.Areas.Locate(req.From)
		if c.Complex == nil {
			return c, ErrNoArea
		}
		return c, nil
	case len(area) == 3 && isDigits(area):
		c, ok := f.Areas.Complex(area)
		if !ok {
			return Caller{NPA: area}, ErrUnknownArea
		}
		return Caller{NPA: area, Complex: c}, nil
	}
	if t, ok := f.Areas.Town(area); ok {
		c, _ := f.Areas.Complex(t.NPA)
		return Caller{NPA: t.NPA, Complex: c, Town: t}, nil
	}
	if c := f.Areas.Locate(area); c.Complex != nil {
		return c, nil
	}
	return Caller{}, ErrUnknownArea
}
