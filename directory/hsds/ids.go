package hsds

import (
	"crypto/sha1"
	"fmt"
	"regexp"
	"strings"
)

// HSDS 3 gives every row a UUID. Write derives each one from a name (the
// group's id and what the row is of), as a version 5 UUID in peerline's
// namespace, so that the same groups always give the same ids.

// idSpace is peerline's namespace for derived ids: a random UUID, fixed.
var idSpace = [16]byte{0x43, 0xd6, 0x83, 0x65, 0x0d, 0xcf, 0x46, 0x45, 0xbc, 0xa0, 0xe9, 0x03, 0x0b, 0x1c, 0xd4, 0x04}

// uuid5 is the name-based (SHA-1) UUID of name in a namespace (RFC 9562).
func uuid5(space [16]byte, name string) string {
	h := sha1.New()
	h.Write(space[:])
	h.Write([]byte(name))
	u := h.Sum(nil)[:16]
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // the RFC's variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16])
}

// nameID is the id derived from the parts of a name: ("g-7", "place").
func nameID(parts ...any) string {
	s := make([]string, len(parts))
	for i, p := range parts {
		s[i] = fmt.Sprint(p)
	}
	return uuid5(idSpace, strings.Join(s, "/"))
}

var uuidPattern = regexp.MustCompile(`^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$`)

// serviceID is the service id of a group: its own id when that is
// already a UUID (a group imported from HSDS), else one derived from it.
func serviceID(sourceID string) string {
	if uuidPattern.MatchString(sourceID) {
		return sourceID
	}
	return nameID("service", sourceID)
}

// selfOrganizationID is the id of the organization Write gives a group
// that names none, HSDS wanting one for every service: the group itself.
// Read knows it from the service's id and reads it as no organization.
func selfOrganizationID(serviceID string) string {
	return nameID(serviceID, "organization")
}
