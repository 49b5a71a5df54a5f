package directory

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Role is what a console account may do. Each role may do what the ones
// before it may.
type Role string

const (
	RoleViewer Role = "viewer" // reads; phone numbers masked
	RoleStaff  Role = "staff"  // also edits the directory, cancels meetings, handles voicemails
	RoleAdmin  Role = "admin"  // also manages accounts and forgets members
)

// ParseRole reads a role by name.
func ParseRole(s string) (Role, error) {
	switch r := Role(strings.ToLower(strings.TrimSpace(s))); r {
	case RoleViewer, RoleStaff, RoleAdmin:
		return r, nil
	}
	return "", fmt.Errorf("unknown role %q: viewer, staff or admin", s)
}

// Can reports whether the role includes what need allows.
func (r Role) Can(need Role) bool { return rank(r) >= rank(need) && rank(need) > 0 }

func rank(r Role) int {
	switch r {
	case RoleViewer:
		return 1
	case RoleStaff:
		return 2
	case RoleAdmin:
		return 3
	}
	return 0
}

// Staff is a person who runs the line and signs in to the console.
type Staff struct {
	ID      int64
	Email   string // lower case; the sign-in name
	Name    string
	Role    Role
	Hash    string // the password, hashed (argon2id, PHC string); never shown
	Created time.Time
}

// ErrStaffExists is an account added with an e-mail already used.
var ErrStaffExists = errors.New("an account with that e-mail already exists")

// AuditEntry is one change a person made, through the console or the
// command line: who, when, what, and the values before and after.
type AuditEntry struct {
	ID     int64
	At     time.Time
	Who    string // the account's e-mail, or "cli" (with the OS user when known)
	Action string // "group.edit", "meeting.cancel", "staff.add", "voicemail.handle", ...
	Object string // what it was done to: "group 1001", "staff x@y.org"
	Old    string // before (JSON or words); "" when none
	New    string // after
}

// Listing is when a group's listing was last known to be right: confirmed
// by staff, or changed by an import or an edit.
type Listing struct {
	Code int
	Name string
	Seen time.Time // confirmed or changed, whichever is later
	By   string    // who confirmed it; "" when only changed
}

// VoicemailNote is how staff handled a voicemail.
type VoicemailNote struct {
	Handled time.Time // zero while waiting
	By      string
	Note    string
}
