package meetingguide

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/peerline/peerline/directory"
)

// readDialin reads conference_phone, a one-tap link as the spec allows:
// the number, then after a pause mark (",", ";", or "w"/"p" as phones
// write them) the keys to type: "+16699009128,,530851127#,,085392#".
//
// The access code is every key after the number, in order, the pauses
// left out: "530851127#085392#", meeting ID then passcode, each ending in
// # as conferences ask. That is what a caller types, prompt by prompt;
// the line says it key by key ("... 2 7, pound, 0 8 5 ...") so the #
// marks where one answer ends. The pauses cannot be kept: an access code
// holds only keys (Group.Check refuses anything else). When the link
// gives no keys, a meeting ID and passcode written out in
// conference_phone_notes are used (see codesFromNotes).
func readDialin(phone, notes string) (*directory.Dialin, error) {
	number, rest := splitDial(trimTel(phone))
	e164, err := directory.NormalizePhone(number)
	if err != nil {
		return nil, err
	}
	keys := strings.Map(func(r rune) rune {
		switch {
		case r >= '0' && r <= '9', r == '#', r == '*':
			return r
		case strings.ContainsRune(",;wWpP -", r):
			return -1 // pauses, and spacing
		}
		return '?'
	}, rest)
	if strings.ContainsRune(keys, '?') {
		return nil, fmt.Errorf("%q: after the number, only keys (0-9, #, *) and pauses (,) can be dialled", phone)
	}
	if keys == "" {
		keys = codesFromNotes(notes)
	}
	return &directory.Dialin{Number: e164, AccessCode: keys}, nil
}

// trimTel takes off the "tel:" of a link.
func trimTel(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > 4 && strings.EqualFold(s[:4], "tel:") {
		return s[4:]
	}
	return s
}

// splitDial cuts a one-tap link at its first pause mark.
func splitDial(s string) (number, rest string) {
	if i := strings.IndexAny(s, ",;wWpP"); i >= 0 {
		return s[:i], s[i:]
	}
	return s, ""
}

var (
	// A meeting ID as notes write it: "Meeting ID: 530 851 127", "ID de
	// réunion : 530 851 127", "Access code 4127#", "PIN: 1234".
	meetingID = regexp.MustCompile(`(?i)\b(?:meeting\s*id|conference\s*id|id\s+de\s+(?:la\s+)?r[ée]union|access\s*code|code\s+d'acc[èe]s|pin)\s*(?:#|no\.?|number|:)?\s*:?\s*([0-9][0-9 \-]{2,}[0-9])`)
	// A numeric passcode: "Passcode: 085392", "Password 085392", "mot de
	// passe : 085392". A passcode of letters is for the web, not a keypad.
	passcode = regexp.MustCompile(`(?i)\b(?:pass\s*code|password|mot\s+de\s+passe|code\s+secret)\s*:?\s*([0-9]+)\b`)
)

// idSpacing is how notes space a meeting ID for reading: "530 851 127".
var idSpacing = strings.NewReplacer(" ", "", "-", "")

// codesFromNotes finds the keys a caller types in notes written for
// people: the meeting ID and a numeric passcode, each followed by #. It
// gives nothing when the notes name no meeting ID, rather than guess.
func codesFromNotes(notes string) string {
	id := meetingID.FindStringSubmatch(notes)
	if id == nil {
		return ""
	}
	keys := idSpacing.Replace(id[1]) + "#"
	if pw := passcode.FindStringSubmatch(notes); pw != nil {
		keys += pw[1] + "#"
	}
	return keys
}
