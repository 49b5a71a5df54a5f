package directory

import (
	"crypto/sha256"
	"encoding/hex"
)

// What the line keeps about people, and how it lets go of it: backups
// (which hold everything), forgetting one member, the consent records an
// audit reads, and the deletions the retention job runs.

// TextSessionKey is the session key under which the text line keeps its
// memory of a conversation with number (E.164): "sms:" and the first 16
// bytes of the number's SHA-256, in hex. It MUST stay the same as sms.key
// in sms/line.go; directory cannot import sms, so the rule is written
// twice and a test in cmd/peerline (TestForgetFindsTheTextLinesMemory)
// checks that the two agree.
func TextSessionKey(number string) string {
	sum := sha256.Sum256([]byte(number))
	return "sms:" + hex.EncodeToString(sum[:16])
}

// Forgotten is what Forget removed, table by table.
type Forgotten struct {
	Members       int // 1, or 0 when the number was not a member
	Consents      int
	Subscriptions int
	Waitlist      int
	Outbox        int
	Voicemails    int
	Sessions      int // the text line's memory of the conversation
	Referrals     int // asks sent to the number for a referrer, and a referrer registered with it (with their asks)
	StartOffers   int // offers to help start a group, with a number to call back
	Leaders       int // the groups the number led (its notes stay: they name the leader masked)
	// Recordings are the recording URLs of the voicemails removed: the
	// audio itself is kept by Twilio, and is to be deleted there.
	Recordings []string
	// Blocked says the number is on the blocklist, which Forget leaves
	// alone: it is staff's record that protects the line, not the
	// person's, and forgetting must not quietly unblock an abuser. Staff
	// remove it themselves (peerline block remove) if they decide to.
	Blocked bool
}

// Total is the number of rows removed.
func (f Forgotten) Total() int {
	return f.Members + f.Consents + f.Subscriptions + f.Waitlist + f.Outbox + f.Voicemails + f.Sessions + f.Referrals + f.StartOffers + f.Leaders
}
