package meetingguide

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// obj is a meeting as a test writes it: a JSON object's fields.
type obj map[string]any

// base is an ordinary in-person meeting in Sudbury, Tuesdays at 19:00.
func base() obj {
	return obj{"name": "Hope Group", "slug": "hope", "day": 2, "time": "19:00",
		"location": "St. Andrew's Hall", "address": "111 Larch St", "city": "Sudbury", "state": "ON", "postal_code": "P3E 4T5"}
}

// with is base changed by over; a nil value takes the field out.
func with(over obj) obj {
	m := base()
	for k, v := range over {
		if v == nil {
			delete(m, k)
			continue
		}
		m[k] = v
	}
	return m
}

// feedOf writes meetings as a feed.
func feedOf(t testing.TB, ms ...obj) string {
	t.Helper()
	b, err := json.Marshal(ms)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var defaultOptions = Options{Concern: "alcohol", Source: "feed.json"}

// read reads a feed with opt, failing the test if it cannot be read.
func read(t testing.TB, opt Options, feed string) *directory.Import {
	t.Helper()
	imp, err := Read(strings.NewReader(feed), opt, directorytest.Vocab(t), directorytest.Areas(t))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return imp
}

// readOne reads meetings that make one group, with no problem reported.
func readOne(t testing.TB, ms ...obj) directory.Group {
	t.Helper()
	return readOneWith(t, defaultOptions, ms...)
}

func readOneWith(t testing.TB, opt Options, ms ...obj) directory.Group {
	t.Helper()
	imp := read(t, opt, feedOf(t, ms...))
	if len(imp.Report.Errors) > 0 {
		t.Fatalf("reported: %v", imp.Report.Errors)
	}
	if len(imp.Rows) != 1 {
		t.Fatalf("got %d groups, want 1", len(imp.Rows))
	}
	return imp.Rows[0].Group
}

// readBad reads a feed whose meeting at pos cannot be used (beside one
// that can, so the feed is read), and returns the reported error.
func readBad(t testing.TB, m obj) string {
	t.Helper()
	imp := read(t, defaultOptions, feedOf(t, with(obj{"slug": "fine"}), m))
	if len(imp.Report.Errors) != 1 {
		t.Fatalf("reported %d errors, want 1: %v", len(imp.Report.Errors), imp.Report.Errors)
	}
	e := imp.Report.Errors[0]
	if e.File != "feed.json" || e.Line != 2 {
		t.Errorf("reported at %s:%d, want feed.json:2", e.File, e.Line)
	}
	if len(imp.Rows) != 1 || imp.Rows[0].Group.SourceID != prefix("feed.json")+"fine" {
		t.Errorf("the good meeting did not come through: %+v", imp.Rows)
	}
	return e.Error()
}

func prefix(source string) string { return sourcePrefix(source) }

func mustContain(t testing.TB, got string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(got, w) {
			t.Errorf("%q\ndoes not say %q", got, w)
		}
	}
}
