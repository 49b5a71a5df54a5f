package directory

import (
	"fmt"
	"slices"
	"sort"
)

// Row is a group read from an import file, with where it was read, so
// that every problem can be reported against the file and line staff
// can open.
type Row struct {
	Group Group
	File  string
	Line  int
}

// RowError is a row that could not be imported, and why.
type RowError struct {
	File string
	Line int
	Err  error
}

func (e RowError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e RowError) Unwrap() error { return e.Err }

// ImportReport is what an import did.
type ImportReport struct {
	Added, Updated, Unchanged int
	Errors                    []RowError
	// Unmatched lists concern names or taxonomy terms that named none of
	// the line's concerns, so staff can add them as synonyms.
	Unmatched []string
	// Notes are what staff should know about a file as a whole, such as
	// an encoding the reader had to guess ("sheet.csv was saved as
	// Windows-1252 ..."): each a sentence naming its file, in the order
	// found. A note refuses nothing; the rows are in or in Errors.
	Notes []string
}

// Note records something staff should know about a file as a whole,
// once.
func (r *ImportReport) Note(note string) {
	if !slices.Contains(r.Notes, note) {
		r.Notes = append(r.Notes, note)
	}
}

// Unmatch records a term that named no concern, once.
func (r *ImportReport) Unmatch(term string) {
	i := sort.SearchStrings(r.Unmatched, term)
	if i < len(r.Unmatched) && r.Unmatched[i] == term {
		return
	}
	r.Unmatched = append(r.Unmatched, "")
	copy(r.Unmatched[i+1:], r.Unmatched[i:])
	r.Unmatched[i] = term
}

// Fail records a row that could not be imported.
func (r *ImportReport) Fail(file string, line int, err error) {
	r.Errors = append(r.Errors, RowError{File: file, Line: line, Err: err})
}

// Import is what a file format's reader gives the store: the good rows,
// and the report of the rest.
type Import struct {
	Rows   []Row
	Report ImportReport
}
