package directory

import (
	"context"
	"errors"
	"strconv"
	"time"
)

// Referrals: a helping professional registered with the centre (a
// referrer) texts the line to send a group's details to a client. The
// client is first asked, in one text that carries no details; only their
// YES sends them, and that YES is a consent record (PurposeReferral, Ref
// "referral:<id>") that holds the referral. The referrer never learns
// more than that the client was asked.

// PurposeReferral is what a client's YES to a referral's ask is for.
const PurposeReferral = "referral"

// Referral states. An ask left unanswered past ReferralExpiry is expired:
// marked so when the same client and group are asked again, or when
// retention lets go of the client's number.
const (
	ReferralAsked    = "asked"
	ReferralAccepted = "accepted"
	ReferralDeclined = "declined"
	ReferralExpired  = "expired"
)

// ReferralExpiry is how long an ask waits for the client's answer: a YES
// a week later is more likely about something else.
const ReferralExpiry = 7 * 24 * time.Hour

// ReferralsPerDay is the most asks one referrer may send in a day of
// their own clock: a caseload, not a mailing list.
const ReferralsPerDay = 20

// ErrReferralWaiting: the client was asked about the group already and
// has not answered yet.
var ErrReferralWaiting = errors.New("this client has already been asked about this group")

// ErrReferralLimit: the referrer has sent as many asks as a day allows.
var ErrReferralLimit = errors.New("the referrer has sent as many referrals as a day allows")

// ErrNotReferrer: the number is not a registered referrer's.
var ErrNotReferrer = errors.New("not a registered referrer")

// Referrer is a helping professional who may refer clients by text.
type Referrer struct {
	ID      int64
	Number  string // E.164: the phone they text from
	Name    string // as their clients will read it: "Dr. Ana Roy, Algoma Family Health"
	AddedAt time.Time
}

// Referral is one ask sent to a client on a referrer's behalf.
type Referral struct {
	ID           int64
	ReferrerID   int64
	ReferrerName string // read back with the referral
	GroupID      int64
	GroupCode    int    // read back with the referral
	Client       string // E.164, to match their answer; "" once retention let it go
	Lang         Lang   // of the ask
	State        string // ReferralAsked, ...
	Wording      string // exactly the ask the client read
	AskedAt      time.Time
	AnsweredAt   time.Time // zero while waiting
}

// ReferralStore keeps the helping professionals who may refer clients (referrers), and each referral: the ask sent to a client, and their answer.
type ReferralStore interface {
	// AddReferrer registers a number, or renames the referrer already
	// registered with it (keeping when they were added).
	AddReferrer(ctx context.Context, r Referrer) (Referrer, error)
	Referrer(ctx context.Context, number string) (Referrer, bool, error)
	// Referrers lists every referrer, by name.
	Referrers(ctx context.Context) ([]Referrer, error)
	// RemoveReferrer removes a referrer and their referrals.
	RemoveReferrer(ctx context.Context, number string) (bool, error)
	// Refer records an ask (its referrer, group, client, language,
	// wording and AskedAt) before it is sent. It fails with
	// ErrNotReferrer, ErrReferralWaiting when the client was asked about
	// the group within ReferralExpiry and has not answered, and
	// ErrReferralLimit when the referrer has recorded perDay asks since
	// dayStart.
	Refer(ctx context.Context, referrerNumber string, r Referral, dayStart time.Time, perDay int) (Referral, error)
	// WithdrawReferral deletes an ask that could not be sent.
	WithdrawReferral(ctx context.Context, id int64) error
	// WaitingReferrals lists the asks to a client still waiting for an
	// answer at now, newest first.
	WaitingReferrals(ctx context.Context, client string, now time.Time) ([]Referral, error)
	// AnswerReferral records a waiting ask's answer. A YES records the
	// consent c (purpose PurposeReferral, Ref "referral:<id>") in the same
	// transaction, and fails with ErrOptedOut for a client who sent STOP.
	// False when the ask was not waiting.
	AnswerReferral(ctx context.Context, id int64, yes bool, c Consent) (bool, error)
	// Referrals lists every referral, newest first, for staff and tests.
	Referrals(ctx context.Context) ([]Referral, error)
}

// ReferralRef is the consent record's Ref for a referral.
func ReferralRef(id int64) string { return "referral:" + strconv.FormatInt(id, 10) }
