package directory

import (
	"time"
)

// What the outbox holds.
const (
	SendReminder     = "reminder"
	SendCancellation = "cancellation"
	SendWaitlist     = "waitlist"
	SendEnded        = "ended"  // the group was taken off the line: its reminders stop
	SendNote         = "note"   // a leader's note to the members before a meeting (NoteID)
	SendInvite       = "invite" // staff ask people waiting for a group to help start one (WaitlistID)
)

// Outbox states.
const (
	OutboxPending = "pending"
	OutboxSending = "sending"
	OutboxSent    = "sent"
	OutboxFailed  = "failed"
	OutboxSkipped = "skipped"
	OutboxUnknown = "unknown"
)

// Outgoing is one message the line will send on its own.
type Outgoing struct {
	ID             int64
	Key            string // unique: makes enqueueing idempotent
	Kind           string // SendReminder, SendCancellation, SendWaitlist, SendEnded, SendNote, SendInvite
	SubscriptionID int64
	WaitlistID     int64
	MemberID       int64
	Number         string
	GroupID        int64
	Channel        Channel
	Lang           Lang
	MeetingAt      time.Time // zero for a wait-list note
	Lead           time.Duration
	DueAt          time.Time
	State          string
	Attempts       int
	NextTryAt      time.Time
	Sid            string
	Delivery       string
	Error          string
	Concern        string    // a wait-list note or invitation: the concern code the member asked about
	NoteID         int64     // a leader's note: its row in notes
	Note           string    // ... and its words, read with the message
	ClaimedAt      time.Time // while sending: when a sender claimed it
}

// DeliveryRank orders Twilio's statuses for a message or a call, so that
// a late callback never undoes a later one (they can arrive out of
// order). It reports false for a status the line does not know.
func DeliveryRank(status string) (int, bool) {
	switch status {
	case "accepted", "scheduled":
		return 1, true
	case "queued", "initiated":
		return 2, true
	case "sending", "ringing":
		return 3, true
	case "in-progress", "sent":
		return 4, true
	case "delivered", "undelivered", "failed", "completed", "busy", "no-answer", "canceled":
		return 5, true
	case "read":
		return 6, true
	}
	return 0, false
}

// Subscriber is one active subscription to a group, as the reminder
// scan needs it.
type Subscriber struct {
	SubscriptionID int64
	GroupID        int64
	MemberID       int64
	Number         string
	Channel        Channel
	Lang           Lang
}
