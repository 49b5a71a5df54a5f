// Package csvfile reads and writes the directory as one flat CSV file,
// one row per group, for directory staff who keep it in a spreadsheet.
//
// Columns are found by their header, in any order and any case; unknown
// columns are ignored, so staff may keep notes of their own beside them.
// Only id, name and concerns must be there. template.csv (Template) shows
// every column with three example groups.
package csvfile

import (
	_ "embed"
	"fmt"
	"slices"
	"strings"
)

// Template is an example file to start a directory from: the header and
// three fictional groups (in person, by telephone, by mail).
//
//go:embed template.csv
var Template []byte

// columns are the file's columns, in the order Write puts them.
var columns = []string{
	"id", "code", "name", "organization", "description", "status", "concerns",
	"languages", "phone", "email",
	"place_name", "street", "city", "province", "postal_code", "place_phone", "latitude", "longitude",
	"dialin", "access_code", "online_url", "mail_address",
	"service_area", "timezone", "schedule",
}

// required are the columns without which no row could be read.
var required = []string{"id", "name", "concerns"}

// bom is the UTF-8 byte order mark spreadsheets put before the header.
const bom = "\ufeff"

// header maps each known column to its index in a file's records.
type header map[string]int

// readHeader finds the known columns in a header record. Headers match
// case-insensitively, and "Postal Code" or "postal-code" is postal_code,
// as spreadsheet users tend to write them.
func readHeader(rec []string) (header, error) {
	known := map[string]bool{}
	for _, c := range columns {
		known[c] = true
	}
	h := header{}
	for i, cell := range rec {
		name := headerName(cell)
		if !known[name] {
			continue
		}
		if _, dup := h[name]; dup {
			return nil, fmt.Errorf("column %q appears twice in the header", name)
		}
		h[name] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := h[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("the header has no %s column (found %q)", strings.Join(missing, ", "), rec)
	}
	return h, nil
}

func headerName(cell string) string {
	cell = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(cell, bom)))
	return strings.Join(strings.FieldsFunc(cell, func(r rune) bool { return r == ' ' || r == '-' || r == '_' }), "_")
}

// cells is one record, read by column name.
type cells struct {
	rec []string
	h   header
}

// get returns a column's value, trimmed; "" when the file has no such
// column or the record is short (spreadsheets drop trailing empty cells).
func (c cells) get(col string) string {
	i, ok := c.h[col]
	if !ok || i >= len(c.rec) {
		return ""
	}
	return strings.TrimSpace(c.rec[i])
}

// blank reports whether every cell is empty: the rows a spreadsheet
// leaves below its data, which are no one's mistake.
func (c cells) blank() bool {
	for _, v := range c.rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// errorList collects the problems of one row, so staff see them all at
// once, in one message on one line.
type errorList []error

// add records err, if any, prefixed with the column it came from (none
// when field is "": err names its columns itself). Errors joined with
// errors.Join, as (*Group).Check gives them, or collected in an
// errorList, are added one by one.
func (l *errorList) add(field string, err error) {
	ps, isList := err.(problems)
	switch {
	case err == nil:
	case isList || isJoin(err):
		if !isList {
			ps = err.(interface{ Unwrap() []error }).Unwrap()
		}
		for _, e := range ps {
			l.add(field, e)
		}
	case field == "":
		*l = append(*l, err)
	default:
		*l = append(*l, fmt.Errorf("%s: %w", field, err))
	}
}

// isJoin reports whether err is a list of errors made by errors.Join:
// one that unwraps to several and says nothing but theirs, one a line.
// (An error from fmt.Errorf with several %w unwraps the same way but
// has words of its own, and is kept whole.)
func isJoin(err error) bool {
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return false
	}
	var msgs []string
	for _, e := range j.Unwrap() {
		if e != nil {
			msgs = append(msgs, e.Error())
		}
	}
	return len(msgs) > 0 && err.Error() == strings.Join(msgs, "\n")
}

// err is the row's problems as one error, nil when there are none.
func (l errorList) err() error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return problems(slices.Clone(l))
}

// problems are several problems of one row. They read as one line,
// "phone: ...; schedule 1 (...): ...; a meeting place needs a town", for
// the report's "file:line: " before them, and unwrap to each one.
type problems []error

func (p problems) Error() string {
	msgs := make([]string, len(p))
	for i, e := range p {
		msgs[i] = e.Error()
	}
	return strings.Join(msgs, "; ")
}

func (p problems) Unwrap() []error { return p }
