package directory

import (
	"fmt"
	"strings"

	"github.com/nyaruka/phonenumbers"
)

// NormalizePhone reads a phone number in any common form — "(705)
// 555-0142", "705.555.0142", "1-705-555-0142", "+1 705 555 0142" — and
// returns it in E.164: "+17055550142". North American numbers are checked
// against the numbering plan's shape (area code and exchange start with
// 2-9), which keeps the fictional 555-01xx numbers the demo uses; others
// must carry a "+" and be valid for their country.
func NormalizePhone(s string) (string, error) {
	raw := strings.TrimSpace(s)
	if raw == "" {
		return "", fmt.Errorf("no phone number")
	}
	if strings.HasPrefix(raw, "+") && !strings.HasPrefix(raw, "+1") {
		p, err := phonenumbers.Parse(raw, "")
		if err != nil || !phonenumbers.IsValidNumber(p) {
			return "", fmt.Errorf("%q is not a valid phone number", s)
		}
		return phonenumbers.Format(p, phonenumbers.E164), nil
	}
	var digits []byte
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case c >= '0' && c <= '9':
			digits = append(digits, c)
		case strings.IndexByte(" ()-.+/", c) >= 0:
		default:
			return "", fmt.Errorf("%q is not a phone number", s)
		}
	}
	if len(digits) == 11 && digits[0] == '1' {
		digits = digits[1:]
	}
	if len(digits) != 10 || digits[0] < '2' || digits[3] < '2' {
		return "", fmt.Errorf("%q is not a 10-digit North American number", s)
	}
	return "+1" + string(digits), nil
}

// AreaCode returns the area code of a North American E.164 number, or "".
func AreaCode(e164 string) string {
	if len(e164) == 12 && strings.HasPrefix(e164, "+1") {
		return e164[2:5]
	}
	return ""
}

// withheld are the pseudo-numbers Twilio sends as From when a caller ID is
// withheld or unknown; they parse as real numbers abroad, so they are
// named here.
var withheld = map[string]bool{
	"+266696687": true, "+7378742833": true, "+2562533": true, "+8656696": true, "+86282452253": true,
}

// CallerNumber reads the From of a call or text: the caller's number in
// E.164, or false when the caller ID is withheld or is not a number.
func CallerNumber(from string) (string, bool) {
	from = strings.TrimSpace(from)
	if from == "" || withheld[from] || strings.EqualFold(from, "anonymous") {
		return "", false
	}
	n, err := NormalizePhone(from)
	return n, err == nil
}

// Mask writes a phone number so that logs and screens never show it
// whole: "+1705*****42" keeps the area code, for the planner, and the last
// two digits, to tell two apart.
func Mask(e164 string) string {
	if len(e164) <= 6 {
		return strings.Repeat("*", len(e164))
	}
	return e164[:5] + strings.Repeat("*", len(e164)-7) + e164[len(e164)-2:]
}
