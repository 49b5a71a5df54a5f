package directory

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"golang.org/x/crypto/argon2"

	"github.com/peerline/peerline/directory/recur"
)

// LeaderStore keeps each group's leaders (a number and a PIN), and the notes they send their members.
type LeaderStore interface {
	// AddLeader makes a number a leader of a group, with a PIN hashed by
	// HashPIN; a leader added again gets the new PIN, and stays added
	// when they were.
	AddLeader(ctx context.Context, groupID int64, number, pinHash string, now time.Time) (Leader, error)
	// RemoveLeader reports whether the number led the group.
	RemoveLeader(ctx context.Context, groupID int64, number string) (bool, error)
	// Leaders lists every leader, by group code, then oldest first.
	Leaders(ctx context.Context) ([]Leader, error)
	// Leads lists the groups a number leads (any format; a withheld or
	// unreadable number leads none), by group code.
	Leads(ctx context.Context, number string) ([]Leader, error)
	// CheckPIN returns the groups a number leads with that PIN. A wrong
	// PIN is ErrWrongPIN; the third in a row locks the number out for
	// PINLockout (ErrLockedOut, even for the right PIN) whichever server
	// or call it came through. The right PIN clears the count.
	CheckPIN(ctx context.Context, number, pin string, now time.Time) ([]Leader, error)
	// AddNote keeps a leader's note to a group's members before one of its
	// meetings; ErrNoteExists when that meeting has one already.
	AddNote(ctx context.Context, n Note) (Note, error)
	// NotesAhead lists the notes whose meeting has not started by now,
	// oldest first: the scan queues each to the group's members (keyed,
	// so once each, and to a member who joins before the meeting too).
	NotesAhead(ctx context.Context, now time.Time) ([]Note, error)
	// Notes lists a group's notes, newest first.
	Notes(ctx context.Context, groupID int64) ([]Note, error)
}

// Leader is a number that leads a group: it may cancel the group's
// meetings and send a note to its members, by text from that number or
// by calling the line from it and typing the PIN.
type Leader struct {
	ID      int64
	GroupID int64
	Code    int    // the group's code
	Name    string // the group's name
	Number  string // E.164: never shown to anyone but staff who may see numbers
	AddedAt time.Time
}

// Note is a leader's short message to the members of a group before one
// of its meetings, sent through the outbox like a reminder.
type Note struct {
	ID        int64
	GroupID   int64
	Body      string
	MeetingAt time.Time // the meeting it comes before
	SentBy    string    // as the audit log names the leader (LeaderName): never the number
	CreatedAt time.Time
}

// MaxNote is the longest note, in characters: with the group's name and
// the meeting around it, the text stays within two SMS segments.
const MaxNote = 160

// PINLockout is how long a number that typed three wrong PINs in a row
// is refused, and PINTries how many wrong PINs that takes.
const (
	PINLockout = 30 * time.Minute
	PINTries   = 3
)

var (
	ErrWrongPIN   = errors.New("wrong PIN")
	ErrLockedOut  = errors.New("too many wrong PINs: locked out for a while")
	ErrNoteExists = errors.New("that meeting has a note already")
	ErrBadPIN     = errors.New("a PIN is 4 to 8 digits")
)

// CheckPINFormat says whether pin is 4 to 8 digits.
func CheckPINFormat(pin string) error {
	if len(pin) < 4 || len(pin) > 8 || strings.Trim(pin, "0123456789") != "" {
		return ErrBadPIN
	}
	return nil
}

// NewPIN makes a random 6-digit PIN.
func NewPIN() (string, error) {
	var b [6]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", fmt.Errorf("making a PIN: %w", err)
	}
	for i := range b {
		b[i] = '0' + b[i]%10 // 256 % 10 skews a little: still 10^6 PINs, behind a lockout
	}
	return string(b[:]), nil
}

// PINs are kept as "argon2id$<salt>$<key>", base64: a PIN is short, so
// the lockout is what protects it on the line, and the hash what
// protects it in a stolen backup.
const (
	pinMemory = 19 * 1024
	pinTime   = 2
	pinKeyLen = 32
)

var pinB64 = base64.RawStdEncoding

// HashPIN hashes a PIN of 4 to 8 digits for the store.
func HashPIN(pin string) (string, error) {
	if err := CheckPINFormat(pin); err != nil {
		return "", err
	}
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("hashing a PIN: %w", err)
	}
	key := argon2.IDKey([]byte(pin), salt, pinTime, pinMemory, 1, pinKeyLen)
	return "argon2id$" + pinB64.EncodeToString(salt) + "$" + pinB64.EncodeToString(key), nil
}

// PINMatches reports whether pin is the one hashed.
func PINMatches(hash, pin string) bool {
	if CheckPINFormat(pin) != nil {
		return false
	}
	parts := strings.Split(hash, "$")
	if len(parts) != 3 || parts[0] != "argon2id" {
		return false
	}
	salt, err1 := pinB64.DecodeString(parts[1])
	want, err2 := pinB64.DecodeString(parts[2])
	if err1 != nil || err2 != nil {
		return false
	}
	got := argon2.IDKey([]byte(pin), salt, pinTime, pinMemory, 1, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// LeaderName is how the audit log and a note name a leader: their group
// and their masked number, never the number in clear.
func LeaderName(code int, number string) string {
	return fmt.Sprintf("leader of %d (%s)", code, Mask(number))
}

// Why a day cannot be cancelled.
var (
	ErrNoMeetingThatDay = errors.New("the group does not meet that day")
	ErrDayPast          = errors.New("that meeting has started or passed")
	ErrAlreadyCancelled = errors.New("that meeting is already cancelled")
)

// MeetingOn is the group's meeting on a day of its own calendar that can
// still be cancelled: one the schedules hold, not cancelled, not begun.
// The one rule for what a leader, by text or by phone, may cancel.
func (g *Group) MeetingOn(day recur.Date, now time.Time) (time.Time, error) {
	loc := g.Location()
	start := time.Date(day.Year, day.Month, day.Day, 0, 0, 0, 0, loc)
	meetings := g.Meetings(start, start.AddDate(0, 0, 1))
	switch {
	case !start.AddDate(0, 0, 1).After(now): // a day gone by: say so, met or not
		return start, ErrDayPast
	case len(meetings) == 0:
		return time.Time{}, ErrNoMeetingThatDay
	case slices.Contains(g.Cancelled, day):
		return meetings[0], ErrAlreadyCancelled
	}
	for _, m := range meetings {
		if m.After(now) {
			return m, nil
		}
	}
	return meetings[0], ErrDayPast
}

// UpcomingDays are the local days of the group's next n meetings that
// are not cancelled, from now: what a leader is told when the day they
// gave is not one.
func (g *Group) UpcomingDays(now time.Time, n int) []time.Time {
	var out []time.Time
	t := now
	for len(out) < n {
		next, ok := g.NextMeeting(t)
		if !ok {
			break
		}
		out = append(out, next)
		t = next
	}
	return out
}

// DayOf is the local day of a meeting of the group.
func (g *Group) DayOf(t time.Time) recur.Date {
	y, m, d := t.In(g.Location()).Date()
	return recur.Date{Year: y, Month: m, Day: d}
}

// CancelAsLeader cancels a meeting the way peerline cancel does — its
// members are told instead of reminded — for a leader of the group, and
// records it in the audit log under the leader's name (LeaderName). via
// is "sms" or "voice".
func CancelAsLeader(ctx context.Context, s Store, g Group, day recur.Date, number, via string, now time.Time) error {
	if err := s.CancelMeeting(ctx, g.ID, day, now); err != nil {
		return fmt.Errorf("cancelling a meeting of %d for its leader: %w", g.Code, err)
	}
	err := s.AddAudit(ctx, AuditEntry{At: now, Who: LeaderName(g.Code, number), Action: "meeting.cancel",
		Object: fmt.Sprintf("group %d", g.Code), New: day.String() + "; by the group's leader, by " + via})
	if err != nil {
		return fmt.Errorf("auditing a leader's cancellation: %w", err)
	}
	return nil
}

// LeaderOf is the leader among leads of the group with that code.
func LeaderOf(leads []Leader, code int) (Leader, bool) {
	for _, l := range leads {
		if l.Code == code {
			return l, true
		}
	}
	return Leader{}, false
}
