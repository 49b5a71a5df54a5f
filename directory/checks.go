package directory

import (
	"context"
	"time"
)

// ListingCheckStore keeps the asks that check a listing with its group (is it still meeting as listed?), and their answers.
type ListingCheckStore interface {
	// AskListing records an ask about to go out, holding its number
	// until the listing is answered for or flagged.
	AskListing(ctx context.Context, a ListingAsk) (ListingAsk, error)
	// DropAsk removes an ask that could not be sent: it does not count.
	DropAsk(ctx context.Context, id int64) error
	// ListingAsks lists a group's asks made after since, oldest first.
	ListingAsks(ctx context.Context, groupID int64, since time.Time) ([]ListingAsk, error)
	// ListingAskByID returns one ask (for the call that asks it).
	ListingAskByID(ctx context.Context, id int64) (ListingAsk, bool, error)
	// OpenAsk returns the latest ask still awaiting an answer from number.
	OpenAsk(ctx context.Context, number string) (ListingAsk, bool, error)
	// AnswerAsk records an answer to an ask still open: CheckYes confirms
	// the listing (by the ask's role), CheckChanged puts it on the staff's
	// list. The group's asks let go of their numbers. False when the ask
	// was answered already, or is gone.
	AnswerAsk(ctx context.Context, id int64, answer string, now time.Time) (bool, error)
	// FlagListing puts a group's listing on the staff's list, unless it
	// is there already; the group's asks let go of their numbers.
	FlagListing(ctx context.Context, groupID int64, reason, role string, now time.Time) error
	// ListingFlags lists the listings on the staff's list, oldest first.
	ListingFlags(ctx context.Context) ([]ListingFlag, error)
	// ResolveFlags takes a group's listing off the staff's list and
	// confirms it, by who; false when it was not on it.
	ResolveFlags(ctx context.Context, groupID int64, by string, now time.Time) (bool, error)
}

// Who a listing check asks, and who confirmed a listing by answering it.
const (
	AskLeader  = "leader"
	AskContact = "contact"
)

// The answers to a listing check.
const (
	CheckYes     = "yes"
	CheckChanged = "changed"
)

// Why a listing is on the staff's list.
const (
	FlagChanged  = "changed"   // the group said it changed: call them back
	FlagNoAnswer = "no answer" // three asks, a week apart, went unanswered
)

// CheckRound is how many asks, AskEvery apart, go unanswered before a
// listing is put on the staff's list.
const (
	CheckRound = 3
	AskEvery   = 7 * 24 * time.Hour
)

// ListingAsk is one ask: a text or a call to a group's leader or contact.
type ListingAsk struct {
	ID         int64
	GroupID    int64
	Role       string  // AskLeader or AskContact
	Number     string  // E.164 while an answer is awaited; "" after
	Channel    Channel // ByText or ByCall
	Lang       Lang
	At         time.Time
	Answer     string // "", CheckYes or CheckChanged
	AnsweredAt time.Time
}

// ListingFlag is a listing on the staff's list.
type ListingFlag struct {
	ID      int64
	GroupID int64
	Code    int
	Name    string
	Phone   string // the group's contact, E.164
	Reason  string // FlagChanged or FlagNoAnswer
	Role    string // who said it changed, or was asked
	At      time.Time
}
