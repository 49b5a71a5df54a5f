package directory

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Members are the people who opted in to something: reminders before a
// group's meetings, or word when a group for their concern starts. Their
// phone numbers, and what they are linked to, are health information:
// nothing here logs them, and no error returned here contains a number.
// Every opt-in is recorded as a Consent, with its exact wording.

// Channel is how the line contacts a member.
type Channel string

const (
	ByText Channel = "sms"
	ByCall Channel = "call"
)

// Ways a consent is given (Consent.Via).
const (
	ViaVoice = "voice"
	ViaSMS   = "sms"
)

// What a consent is for (Consent.Purpose).
const (
	PurposeReminders = "reminders"
	PurposeWaitlist  = "waitlist"
)

// Subscription states.
const (
	SubscriptionActive   = "active"
	SubscriptionStopped  = "stopped"
	SubscriptionOptedOut = "opted_out"
)

// ErrOptedOut is returned when a member who sent STOP opts in to
// something: they must send START (OptIn) first.
var ErrOptedOut = errors.New("this number has opted out (STOP); it must opt back in (START) first")

// ErrInvalidNumber is returned for a phone number that cannot be read. It
// does not repeat the number, so that it can be logged.
var ErrInvalidNumber = errors.New("not a valid phone number (want 10 digits, or + and a country code)")

// ErrGroupNotActive is returned when subscribing to a group that is not
// active (or not in the directory).
var ErrGroupNotActive = errors.New("the group is not active")

// Member is one phone number known to the line.
type Member struct {
	ID         int64
	Number     string // E.164
	Lang       Lang   // of their latest opt-in
	CannotText bool   // a text to them failed as not-a-mobile
	OptedOut   bool   // they sent STOP
	CreatedAt  time.Time
}

// Consent is one opt-in, as it was given.
type Consent struct {
	At      time.Time
	Via     string  // the channel it was given on: "voice" or "sms"
	Purpose string  // "reminders" or "waitlist"; Subscribe and JoinWaitlist fill it in when empty
	Contact Channel // how they agreed to be contacted; empty means the channel subscribed with
	Lang    Lang    // empty means English
	Wording string  // the exact words they heard or read
	Ref     string  // what it was about; empty means the group code, or concern:area
}

// Subscription is a member's reminders for one group.
type Subscription struct {
	ID        int64
	MemberID  int64
	Number    string
	GroupID   int64
	GroupCode int
	GroupName string
	Channel   Channel
	Lang      Lang
	State     string // "active", "stopped" or "opted_out"
	ConsentID int64  // the opt-in it rests on
	CreatedAt time.Time
}

// WaitEntry is an open wish to hear when a group for a concern starts in
// an area.
type WaitEntry struct {
	ID            int64
	MemberID      int64
	Number        string
	Concern, Area string // a concern code; a complex key like "705"
	NPA           string // the area code they called or texted from
	Channel       Channel
	Lang          Lang
	ConsentID     int64
	CreatedAt     time.Time
}

// Voicemail is a message left on the line, for staff to call back.
type Voicemail struct {
	ID           int64
	At           time.Time
	Caller       string // E.164, or "" when the number was blocked
	RecordingURL string
	Seconds      int
	Lang         Lang // empty means English
}

// ConsentRecord is a stored consent, for audits.
type ConsentRecord struct {
	ID     int64
	Number string
	Consent
}

// Check checks an opt-in for purpose, contact by ch, and fills in its
// defaults. Every store checks a consent with it before keeping it.
func (c *Consent) Check(ch Channel, purpose string) error {
	if ch != ByText && ch != ByCall {
		return fmt.Errorf("unknown channel %q (want %q or %q)", ch, ByText, ByCall)
	}
	if c.At.IsZero() {
		return errors.New("consent: no time")
	}
	if c.Via != ViaVoice && c.Via != ViaSMS {
		return fmt.Errorf("consent: given via %q (want %q or %q)", c.Via, ViaVoice, ViaSMS)
	}
	switch c.Purpose {
	case "":
		c.Purpose = purpose
	case purpose:
	default:
		return fmt.Errorf("consent: for %q, not %q", c.Purpose, purpose)
	}
	switch c.Contact {
	case "":
		c.Contact = ch
	case ch:
	default:
		return fmt.Errorf("consent: to contact by %q, not %q", c.Contact, ch)
	}
	lang, err := MemberLang(c.Lang)
	if err != nil {
		return fmt.Errorf("consent: %w", err)
	}
	c.Lang = lang
	if strings.TrimSpace(c.Wording) == "" {
		return errors.New("consent: no wording (the exact words the person heard or read)")
	}
	return nil
}

// MemberLang checks a member's language, empty meaning English.
func MemberLang(l Lang) (Lang, error) {
	switch l {
	case "":
		return English, nil
	case English, French:
		return l, nil
	}
	return "", fmt.Errorf("unknown language %q (want %q or %q)", l, English, French)
}

// MemberNumber normalizes a member's number to E.164. Its error, unlike
// NormalizePhone's, does not repeat the number, so it can be logged.
func MemberNumber(number string) (string, error) {
	num, err := NormalizePhone(number)
	if err != nil {
		return "", ErrInvalidNumber
	}
	return num, nil
}
