package directory

import (
	"context"
	"errors"
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
	// HideAfter, when set, stops offering callers a listing not confirmed
	// (or changed) for that long; staff still find it (issue 14).
	HideAfter time.Duration
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
	if f.HideAfter > 0 && req.Channel != ChannelStaff {
		q.SeenAfter = now.Add(-f.HideAfter)
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

// ReachKm is how far away an in-person group of another area may be and
// still be offered to a caller whose own area has none: about a two-to-
// three-hour drive on a northern highway, which some will make for a
// monthly meeting once told the distance. A group farther than that is
// no help to a senior without a car, however near it is on the map of
// areas.
const ReachKm = 200

// Nearby is the nearest in-person group for a concern outside the
// caller's own area, within reach.
type Nearby struct {
	Complex *Complex // its area, to search there
	Town    string   // where it meets, in the caller's language: "Sudbury"
	Km      int      // from the caller, rounded to 10 km
}

// NearestWithin finds, for a caller whose own area has nothing for the
// concern, the in-person group of another area of their province that is
// within ReachKm of them: of the caller's town when known, else of the
// middle of their area. Several in reach are chosen among as a search
// orders them (within NearbyKm first, then the caller's language, then
// nearest). Telephone and mail groups are not offered here: those that
// reach the caller are in their own area's results already. A group whose
// place has no position (nor a town the line knows, to take it from when
// imported) cannot be measured and is not offered.
func (f *Finder) NearestWithin(ctx context.Context, concern string, from Caller, lang Lang) (Nearby, bool, error) {
	origin, ok := f.origin(from)
	if !ok {
		return Nearby{}, false, nil
	}
	var best Result
	var area *Complex
	for _, c := range f.Areas.Complexes() {
		if c == from.Complex || c.Province != from.Complex.Province {
			continue
		}
		q := Query{Concern: concern, Complex: c, Near: &origin, Within: ReachKm, Lang: lang, Limit: 1, Now: f.Now()}
		if f.HideAfter > 0 {
			q.SeenAfter = q.Now.Add(-f.HideAfter)
		}
		rs, _, err := f.Store.Search(ctx, q)
		if err != nil {
			return Nearby{}, false, err
		}
		if len(rs) > 0 && (area == nil || comesBefore(rs[0], best, lang)) {
			best, area = rs[0], c
		}
	}
	if area == nil {
		return Nearby{}, false, nil
	}
	return Nearby{Complex: area, Town: f.townName(best.Group.Place, lang), Km: RoundKm(best.DistanceKm)}, true, nil
}

// comesBefore orders two in-person results of different areas as one
// search would order them.
func comesBefore(a, b Result, lang Lang) bool {
	if aNear, bNear := a.DistanceKm <= NearbyKm, b.DistanceKm <= NearbyKm; aNear != bNear {
		return aNear
	}
	if aSpeaks, bSpeaks := speaksFor(a.Group, lang), speaksFor(b.Group, lang); aSpeaks != bSpeaks {
		return aSpeaks
	}
	return a.DistanceKm < b.DistanceKm
}

// speaksFor is whether a group meets in the caller's language, as the
// index tells it: English unless the caller chose French.
func speaksFor(g Group, lang Lang) bool {
	if lang == French {
		return g.Speaks(French)
	}
	return g.Speaks(English)
}

// townName names the town a place is in as the line says it, in lang;
// as its publisher wrote it when the line does not know the town.
func (f *Finder) townName(p *Place, lang Lang) string {
	if t, ok := f.Areas.Town(p.City); ok {
		return pick(lang, t.Name, t.NameFR)
	}
	return strings.TrimSpace(p.City)
}

// origin is where distances to a caller are measured from: their town,
// else the middle of their area. A caller outside the line's areas has no
// province to search.
func (f *Finder) origin(from Caller) (Point, bool) {
	switch {
	case from.Complex == nil:
		return Point{}, false
	case from.Town != nil:
		return Point{from.Town.Lat, from.Town.Lon}, true
	}
	return f.Areas.Centre(from.Complex)
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
		// Their own area code, typed: their exchange still says where in
		// it they are, so nearby groups come first.
		if own := f.Areas.Locate(req.From); own.Complex == c && own.Town != nil {
			return Caller{NPA: area, Complex: c, Town: own.Town}, nil
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
