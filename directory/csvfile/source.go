package csvfile

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
)

// A file as spreadsheets save it varies in three ways Read must undo
// before encoding/csv sees it:
//
//   - the separator: a comma, or a semicolon where the decimal mark is a
//     comma (Excel in French). A first line "sep=;" says which, as Excel
//     itself reads it; otherwise the header decides: a header with more
//     semicolons than commas outside quotes is separated by semicolons.
//   - the encoding: UTF-8, with or without a byte order mark ("CSV UTF-8"
//     in Excel), or Windows-1252 from older Excel ("CSV"), which is not
//     valid UTF-8 as soon as a name has an accent. A file that is not
//     valid UTF-8 and has no byte order mark is read as Windows-1252; one
//     with the mark is UTF-8 with a few stray bytes, and only those are
//     read as Windows-1252. Either way the report says so.
//   - line ends: LF, CRLF (encoding/csv reads both), or a lone CR from
//     old Mac Excel, found at the end of the header and made LF.
//
// None of these change how many lines the file has, so each row keeps
// the line number staff see in a text editor.

// source is a file made ready for encoding/csv.
type source struct {
	text  string // UTF-8, no byte order mark
	comma rune   // the separator
	notes []string
}

// utf16 are the byte order marks of UTF-16, which Excel writes for
// "Unicode Text".
var utf16 = [][]byte{{0xff, 0xfe}, {0xfe, 0xff}}

// prepare reads data as staff's spreadsheet saved it. name is the file's
// name, for the notes.
func prepare(data []byte, name string) (source, error) {
	for _, m := range utf16 {
		if bytes.HasPrefix(data, m) {
			return source{}, errors.New(`the file is saved as UTF-16 (Excel's "Unicode Text"), which is not CSV; save it as "CSV UTF-8 (Comma delimited)" and import that`)
		}
	}
	hadBOM := false
	for bytes.HasPrefix(data, []byte(bom)) {
		data, hadBOM = data[len(bom):], true
	}
	data, comma := sepLine(data)
	header := bytes.TrimLeft(data, "\r\n") // encoding/csv skips empty lines
	semicolons, end := scanHeader(header)
	if comma == 0 {
		comma = ','
		if semicolons {
			comma = ';'
		}
	}
	if end == '\r' {
		data = loneCRtoLF(data)
	}
	text, lines := decode(data, hadBOM)
	var notes []string
	switch {
	case len(lines) == 0:
	case hadBOM:
		notes = append(notes, fmt.Sprintf("%s is saved as UTF-8, but some characters %s are not; read them as Windows-1252 (older Excel), so check accented names there",
			name, onLines(lines)))
	default:
		notes = append(notes, fmt.Sprintf("%s was saved as Windows-1252 (older Excel), not UTF-8; read as such, so check accented names %s",
			name, onLines(lines)))
	}
	return source{text: text, comma: comma, notes: notes}, nil
}

// sepLine finds a first line "sep=;" (or another separator), as Excel
// reads it. The line is emptied but kept, so line numbers still count it;
// comma is 0 when there is no such line.
func sepLine(data []byte) (rest []byte, comma rune) {
	const prefix = "sep="
	if len(data) < len(prefix)+1 || !strings.EqualFold(string(data[:len(prefix)]), prefix) {
		return data, 0
	}
	c := data[len(prefix)]
	after := data[len(prefix)+1:]
	if !strings.ContainsRune(",;", rune(c)) || len(after) > 0 && after[0] != '\n' && after[0] != '\r' {
		return data, 0
	}
	return after, rune(c)
}

// scanHeader reads the header line: whether it has more semicolons than
// commas outside quotes, and what ends it ('\r' alone, '\n' after a
// '\r' or not, or 0 at the end of the file).
func scanHeader(b []byte) (semicolons bool, end byte) {
	quoted := false
	commas, semis := 0, 0
	for i, c := range b {
		switch {
		case c == '"':
			quoted = !quoted // "" inside quotes toggles twice
		case quoted:
		case c == ',':
			commas++
		case c == ';':
			semis++
		case c == '\n':
			return semis > commas, '\n'
		case c == '\r':
			if i+1 < len(b) && b[i+1] == '\n' {
				return semis > commas, '\n'
			}
			return semis > commas, '\r'
		}
	}
	return semis > commas, 0
}

// loneCRtoLF makes each CR not followed by LF an LF: old Mac line ends.
func loneCRtoLF(b []byte) []byte {
	out := make([]byte, len(b))
	for i, c := range b {
		if c == '\r' && (i+1 == len(b) || b[i+1] != '\n') {
			c = '\n'
		}
		out[i] = c
	}
	return out
}

// decode makes b UTF-8. Valid UTF-8 is kept as it is. Otherwise every
// byte above ASCII is read as Windows-1252 (when mixed, only the bytes
// that are not UTF-8). lines are the lines where bytes were read so.
func decode(b []byte, mixed bool) (text string, lines []int) {
	if utf8.Valid(b) {
		return string(b), nil
	}
	var s strings.Builder
	s.Grow(len(b) + len(b)/4)
	line := 1
	for i := 0; i < len(b); {
		c := b[i]
		if c < utf8.RuneSelf {
			if c == '\n' {
				line++
			}
			s.WriteByte(c)
			i++
			continue
		}
		if mixed {
			if r, size := utf8.DecodeRune(b[i:]); r != utf8.RuneError || size > 1 {
				s.Write(b[i : i+size])
				i += size
				continue
			}
		}
		s.WriteRune(charmap.Windows1252.DecodeByte(c))
		if len(lines) == 0 || lines[len(lines)-1] != line {
			lines = append(lines, line)
		}
		i++
	}
	return s.String(), lines
}

// onLines says "on line 4", "on lines 2 and 9" or "on lines 2, 3, 5, 8,
// 13 and 7 more".
func onLines(lines []int) string {
	const most = 5
	if len(lines) == 1 {
		return fmt.Sprintf("on line %d", lines[0])
	}
	var s []string
	for _, l := range lines[:min(len(lines), most)] {
		s = append(s, fmt.Sprint(l))
	}
	if len(lines) > most {
		return fmt.Sprintf("on lines %s and %d more", strings.Join(s, ", "), len(lines)-most)
	}
	return fmt.Sprintf("on lines %s and %s", strings.Join(s[:len(s)-1], ", "), s[len(s)-1])
}
