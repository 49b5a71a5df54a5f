package telephony

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Encoding is how an SMS is carried.
type Encoding int

const (
	GSM7 Encoding = iota // the GSM 03.38 default alphabet, with its extension table
	UCS2                 // anything else: UTF-16
)

func (e Encoding) String() string {
	switch e {
	case GSM7:
		return "GSM-7"
	case UCS2:
		return "UCS-2"
	}
	return "Encoding(" + strconv.Itoa(int(e)) + ")"
}

// gsmBasic is the GSM 03.38 default alphabet in code order, 0x00 to 0x7F,
// without 0x1B: that code is the escape into the extension table, not a
// character anyone types, so a literal U+001B in a text is not GSM-7.
const gsmBasic = "@£$¥èéùìòÇ\nØø\rÅå" +
	"Δ_ΦΓΛΩΠΨΣΘΞ" + /* 0x1B */ "ÆæßÉ" +
	" !\"#¤%&'()*+,-./" +
	"0123456789:;<=>?" +
	"¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§" +
	"¿abcdefghijklmnopqrstuvwxyzäöñüà"

// gsmExtension is the extension table: each is sent as ESC plus a septet,
// so it costs 2 septets.
const gsmExtension = "\f^{}\\[~]|€"

var (
	gsmASCII [utf8.RuneSelf]uint8 // septets per ASCII rune, 0 if not GSM-7; most text is ASCII
	gsmOther = map[rune]uint8{}   // septets for the non-ASCII GSM-7 runes
)

func init() {
	for _, r := range gsmBasic {
		setSeptets(r, 1)
	}
	for _, r := range gsmExtension {
		setSeptets(r, 2)
	}
}

func setSeptets(r rune, n uint8) {
	if r < utf8.RuneSelf {
		gsmASCII[r] = n
	} else {
		gsmOther[r] = n
	}
}

// septets is how many septets r takes in GSM-7: 1 (basic table), 2
// (extension table) or 0 when r is not GSM-7.
func septets(r rune) int {
	if r >= 0 && r < utf8.RuneSelf {
		return int(gsmASCII[r])
	}
	return int(gsmOther[r])
}

// IsGSM7 reports whether every character of s is in the GSM-7 basic or extension table.
func IsGSM7(s string) bool {
	for _, r := range s { // invalid UTF-8 reads as U+FFFD, which is not GSM-7
		if septets(r) == 0 {
			return false
		}
	}
	return true
}

// Segment sizes, as Twilio and the handsets count them: a lone message has
// 140 bytes; a concatenated one gives 6 of them to the user data header.
const (
	gsmSingle = 160 // septets
	gsmPart   = 153
	ucsSingle = 70 // UTF-16 code units
	ucsPart   = 67
)

// Segments says how a text is sent: its encoding, how many SMS segments it
// takes, and its length in the encoding's units (septets for GSM-7,
// counting an extension character such as € { } [ ] ~ \ ^ | and form feed
// as 2; UTF-16 code units for UCS-2, counting characters outside the BMP
// such as emoji as 2).
//
// A single message holds 160 septets or 70 units; a concatenated one 153
// or 67 per segment. An escape and its extension character, or the two
// halves of a surrogate pair, are never split between segments, so
// segments are counted by packing: a 2-unit character that would straddle
// a boundary starts the next segment, which dividing by 153 or 67 misses.
// The empty text is 0 units and 0 segments, since Twilio sends nothing.
func Segments(s string) (enc Encoding, segments int, units int) {
	if s == "" {
		return GSM7, 0, 0
	}
	enc, single, part, width := GSM7, gsmSingle, gsmPart, septets
	if !IsGSM7(s) {
		// Invalid UTF-8 reads as U+FFFD, 1 unit, as Twilio would replace it.
		enc, single, part, width = UCS2, ucsSingle, ucsPart, utf16.RuneLen
	}
	for _, r := range s {
		units += width(r)
	}
	if units <= single {
		return enc, 1, units
	}
	segments, used := 1, 0
	for _, r := range s {
		w := width(r)
		if used+w > part {
			segments, used = segments+1, 0
		}
		used += w
	}
	return enc, segments, units
}

// gsmFold maps characters GSM-7 lacks to their closest GSM-7 spelling, so
// that a text typed on a phone or pasted from a word processor still goes
// at 160 characters a segment rather than 70. Accented letters GSM-7 has
// (é è ù ì ò à É Ç ä ö ñ ü å æ ø ß and their capitals where present) are
// not here and are kept.
var gsmFold = map[rune]string{
	// Typographic quotes and apostrophes, as word processors and iOS
	// "smart punctuation" produce; guillemets as French writes quotes.
	'‘': "'", '’': "'", '‚': "'", '‛': "'", '′': "'", '`': "'", '´': "'",
	'‹': "'", '›': "'",
	'“': `"`, '”': `"`, '„': `"`, '‟': `"`, '″': `"`, '«': `"`, '»': `"`,
	// Hyphens and dashes, including the minus sign.
	'‐': "-", '‑': "-", '‒': "-", '–': "-", '—': "-", '―': "-", '−': "-",
	'…': "...",
	// Line and paragraph separators break lines: keep them as newlines.
	'\u0085': "\n", '\u2028': "\n", '\u2029': "\n",
	// A tab separates words; removing it as a control character would
	// join them.
	'\t': " ",
	// Letters French (and Spanish, Portuguese) use that GSM-7 lacks.
	'á': "a", 'â': "a", 'ã': "a", 'ç': "c", 'ê': "e", 'ë': "e",
	'í': "i", 'î': "i", 'ï': "i", 'ó': "o", 'ô': "o", 'õ': "o",
	'ú': "u", 'û': "u", 'ý': "y", 'ÿ': "y", 'œ': "oe",
	'À': "A", 'Á': "A", 'Â': "A", 'Ã': "A", 'È': "E", 'Ê': "E", 'Ë': "E",
	'Ì': "I", 'Í': "I", 'Î': "I", 'Ï': "I", 'Ò': "O", 'Ó': "O", 'Ô': "O",
	'Õ': "O", 'Ù': "U", 'Ú': "U", 'Û': "U", 'Ý': "Y", 'Ÿ': "Y", 'Œ': "OE",
}

// gsmDrop holds invisible characters that would force UCS-2 for nothing:
// the soft hyphen, zero-width space, word joiner and byte order mark.
// Zero-width (non-)joiners are kept: emoji sequences and some scripts need
// them, and such text is UCS-2 anyway.
var gsmDrop = map[rune]bool{'\u00AD': true, '\u200B': true, '\u2060': true, '\uFEFF': true}

// Fold rewrites s into the GSM-7 alphabet where a close equivalent exists,
// so a reply costs GSM-7 segments (160 characters) instead of UCS-2 (70):
// curly quotes and apostrophes to straight ones, dashes (en, em, minus) to
// '-', ellipsis to "...", non-breaking and other spaces to ' ', « » to '"',
// and French letters GSM-7 lacks to their plain form (â→a, ê→e, ç→c, œ→oe,
// Ê→E, ...) while keeping the accented letters GSM-7 has (é è ù ì ò à É Ç
// ñ Ñ ü Ü ö Ö ä Ä å Å æ Æ ø Ø ß). Characters with no GSM-7 equivalent
// (emoji, CJK) are left as they are: the text then goes as UCS-2, by
// choice of its author. Control characters other than \n and \r are
// removed (form feed too, though GSM-7 has it: it prints nothing), a tab
// becomes a space, and invalid UTF-8 becomes U+FFFD.
//
// Fold is idempotent, and a GSM-7 text without form feed is unchanged.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r':
			b.WriteRune(r)
		case gsmFold[r] != "":
			b.WriteString(gsmFold[r])
		case unicode.IsControl(r) || gsmDrop[r]:
			// dropped
		case septets(r) > 0:
			b.WriteRune(r)
		case unicode.Is(unicode.Zs, r): // no-break, narrow no-break (French « x »), em, ideographic spaces...
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
