package directory

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Starting a group: when enough people wait for a concern in an area,
// staff may ask them whether they would help start one (an Invitation,
// sent through the outbox as SendInvite), and a caller who found nothing
// may offer to help (a StartOffer) for staff to call back.

// DefaultStartThreshold is how many people waiting for a concern in an
// area make the report say a group could start there.
const DefaultStartThreshold = 5

// PurposeStart is what a start offer's consent is for: being called back
// by the centre about starting a group.
const PurposeStart = "start"

// StartRef is what a start offer's consent record is about (Consent.Ref).
func StartRef(offer int64) string { return "start:" + strconv.FormatInt(offer, 10) }

// StartOffer is a caller's offer to help start a group for a concern in
// an area. Number and Wording are set only when the caller agreed to be
// called back, Wording being the exact question they said yes to.
type StartOffer struct {
	ID            int64
	At            time.Time
	Concern, Area string // a concern code; a complex key like "705"
	Place         string // the caller's town (Areas.Town's name) when the line knew it, else ""
	Via           string // ViaVoice or ViaSMS
	Lang          Lang
	Number        string // E.164, or "" when the caller did not agree to a call back
	Wording       string
	HandledAt     time.Time // zero while staff have not handled it
	HandledBy     string
	Note          string
}

// Invitation is staff's one ask, to everyone waiting for a concern in an
// area, whether they would help start a group. Its words are made again
// from these fields for each member, in their language: the page that
// confirmed it showed the same.
type Invitation struct {
	ID            int64
	Concern, Area string
	Place         string // the town of everyone waiting (Areas.CommonTown), or "" for the area's region
	People        int    // how many were waiting when staff sent it
	Phone         string // the centre's number to call, E.164
	SentBy        string // as the audit log names them
	CreatedAt     time.Time
}

// Invitee is an open wait-list entry that an invitation may go to, with
// what decides whether it may: the wording of its consent, whether its
// member opted out, whether it was invited before.
type Invitee struct {
	WaitEntry
	Wording  string
	OptedOut bool
	Invited  bool
}

// ErrNoOffer is returned for a start offer that is not there.
var ErrNoOffer = errors.New("no such offer to help start a group")

// StartStore keeps what helps a new group start: callers who would help start one, and the invitations staff send to people waiting.
type StartStore interface {
	// OfferToStart keeps a caller's offer; a Number needs a Wording.
	OfferToStart(ctx context.Context, o StartOffer) (StartOffer, error)
	// StartOffers lists the offers, those not handled first, newest first.
	StartOffers(ctx context.Context) ([]StartOffer, error)
	// HandleStartOffer marks an offer handled, by whom, with a note;
	// ErrNoOffer when it is not there.
	HandleStartOffer(ctx context.Context, id int64, by, note string, now time.Time) error
	// Invitees lists the open wait-list entries for a concern in an area,
	// oldest first.
	Invitees(ctx context.Context, concern, area string) ([]Invitee, error)
	// Invite records an invitation and queues its messages (SendInvite,
	// one per wait-list entry, keyed by it) in one transaction; a message
	// queued before is not queued again. It returns how many were queued;
	// with none, nothing is recorded.
	Invite(ctx context.Context, inv Invitation, items []Outgoing, now time.Time) (Invitation, int, error)
	// InvitationFor is the invitation a wait-list entry was sent.
	InvitationFor(ctx context.Context, waitlistID int64) (Invitation, bool, error)
}

// InviteKey is the outbox key of the invitation to a wait-list entry: one
// per entry, however often staff press the button.
func InviteKey(waitlistID int64) string { return "invite:" + strconv.FormatInt(waitlistID, 10) }

// CommonTown is the town of every number's exchange when it is one and
// the same, else "": where people waiting live, as they would say it.
func (a *Areas) CommonTown(numbers []string) string {
	town := ""
	for i, n := range numbers {
		t := a.Locate(n).Town
		if t == nil || (i > 0 && t.Name != town) {
			return ""
		}
		town = t.Name
	}
	return town
}

// PlaceName says in lang where people wait: the town (CommonTown) when
// there is one, else the area's region.
func (a *Areas) PlaceName(area, town string, lang Lang) string {
	if t, ok := a.Town(town); ok && town != "" {
		return t.Named(lang)
	}
	if cx, ok := a.Complex(area); ok {
		return cx.Region(lang)
	}
	return area
}

// Ready is a concern and area where enough people wait that a group
// could start: how many (members who sent STOP left out), and the town
// they all live in, if one (Areas.CommonTown).
type Ready struct {
	Concern, Area string
	Town          string
	People        int
}

// ReadyToStart lists the concerns and areas whose open wait list reaches
// threshold, most people first: what the report and the console say.
func ReadyToStart(ctx context.Context, s Store, areas *Areas, threshold int, now time.Time) ([]Ready, error) {
	rep, err := s.Report(ctx, now)
	if err != nil {
		return nil, err
	}
	var out []Ready
	for _, w := range rep.Waiting {
		if w.Concern == "" || w.Count < max(threshold, 1) {
			continue
		}
		in, err := s.Invitees(ctx, w.Concern, w.Area)
		if err != nil {
			return nil, fmt.Errorf("reading who waits for %s in %s: %w", w.Concern, w.Area, err)
		}
		var numbers []string
		for _, e := range in {
			if !e.OptedOut {
				numbers = append(numbers, e.Number)
			}
		}
		out = append(out, Ready{Concern: w.Concern, Area: w.Area, Town: areas.CommonTown(numbers), People: w.Count})
	}
	return out, nil
}

// StartLine is how staff read a concern and area where a group could
// start: "7 people are waiting for a group for Caregiving near Wawa".
// The console and peerline report both say it so.
func StartLine(people int, concern, place string) string {
	if people == 1 {
		return fmt.Sprintf("1 person is waiting for a group for %s near %s", concern, place)
	}
	return fmt.Sprintf("%d people are waiting for a group for %s near %s", people, concern, place)
}
