package directory

import (
	"time"
)

// The planner's report: how much the line was used, what people asked
// for, what they did not find, who is waiting, and what became of the
// messages the line sent. Counts only: nothing here reads, or returns,
// a phone number.

// What activity is counted: a call answered on the voice line, a text
// answered on the text line.
const (
	ActivityVoice = "voice" // channel
	ActivityCall  = "call"  // kind
	ActivitySMS   = "sms"   // channel
	ActivityText  = "text"  // kind
)

// Report is what the line did since a time.
type Report struct {
	Since time.Time
	// ActivityFrom is the first UTC day counted in Activity: activity is
	// counted by day, so it starts at the beginning of Since's UTC day.
	ActivityFrom string
	Activity     []ActivityCount // by channel and kind

	Searches     int           // searches logged since Since
	FoundNothing int           // of them, those that found no group
	ByConcern    []SearchCount // Area is ""; most searched first
	ByArea       []SearchCount // Concern is ""; most searched first
	Unmet        []NeedCount   // searches that found nothing, by concern and area; most first
	Waiting      []NeedCount   // open wait-list entries now (whenever made), by concern and area; most first
	Outbox       []OutboxCount // messages queued since Since, by kind, state and Twilio's delivery status
}

// ActivityKey is what activity is counted by: the UTC day, so that every
// server counts the same day alike, the channel and the kind.
type ActivityKey struct{ Day, Channel, Kind string }

// ActivityAt is the key of activity of kind on channel at a time.
func ActivityAt(at time.Time, channel, kind string) ActivityKey {
	return ActivityKey{Day: at.UTC().Format(time.DateOnly), Channel: channel, Kind: kind}
}

// ActivityCount is how many of one kind of thing happened on a channel.
type ActivityCount struct {
	Channel, Kind string
	Count         int
}

// SearchCount is how many searches asked for a concern, or in an area,
// and how many of those found nothing.
type SearchCount struct {
	Concern      string // a concern code; "" when the words named none (or in ByArea)
	Area         string // a complex key like "705"; "" when not known (or in ByConcern)
	Searches     int
	FoundNothing int
}

// NeedCount is a number of searches, or of people waiting, for a concern
// in an area.
type NeedCount struct {
	Concern string // a concern code; "" when the words named none
	Area    string // a complex key like "705"
	Count   int
}

// OutboxCount is how many messages of a kind are in a state, with the
// latest status Twilio called back with ("" when none came).
type OutboxCount struct {
	Kind     string // reminder, cancellation, waitlist
	State    string // pending, sending, sent, failed, skipped, unknown
	Delivery string // delivered, undelivered, completed, no-answer, ...; "" for none
	Count    int
}
