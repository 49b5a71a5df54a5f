package meetingguide

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"strconv"
	"strings"
)

// entry is one meeting of a feed as written. Every field is kept raw and
// read leniently by the functions below: feeds write a slug or a postal
// code as a number, a day as "1" or 1, types as a list or one string, and
// a field of the wrong shape must be reported with the entry's other
// problems rather than stop the feed.
type entry struct {
	Name             json.RawMessage `json:"name"`
	Slug             json.RawMessage `json:"slug"`
	Day              json.RawMessage `json:"day"`
	Time             json.RawMessage `json:"time"`
	EndTime          json.RawMessage `json:"end_time"`
	Timezone         json.RawMessage `json:"timezone"`
	Types            json.RawMessage `json:"types"`
	Notes            json.RawMessage `json:"notes"`
	Group            json.RawMessage `json:"group"`
	GroupNotes       json.RawMessage `json:"group_notes"`
	Location         json.RawMessage `json:"location"`
	LocationNotes    json.RawMessage `json:"location_notes"`
	FormattedAddress json.RawMessage `json:"formatted_address"`
	Address          json.RawMessage `json:"address"`
	City             json.RawMessage `json:"city"`
	State            json.RawMessage `json:"state"`
	PostalCode       json.RawMessage `json:"postal_code"`
	Country          json.RawMessage `json:"country"`
	Latitude         json.RawMessage `json:"latitude"`
	Longitude        json.RawMessage `json:"longitude"`
	Approximate      json.RawMessage `json:"approximate"`
	ConferencePhone  json.RawMessage `json:"conference_phone"`
	PhoneNotes       json.RawMessage `json:"conference_phone_notes"`
	ConferenceURL    json.RawMessage `json:"conference_url"`
	URLNotes         json.RawMessage `json:"conference_url_notes"`
	Attendance       json.RawMessage `json:"attendance_option"`
	Email            json.RawMessage `json:"email"`
	Phone            json.RawMessage `json:"phone"`
	Entity           json.RawMessage `json:"entity"`
}

// fields reads an entry's fields, remembering every one that has the
// wrong shape instead of stopping at the first.
type fields struct{ errs []error }

func (f *fields) fail(name string, err error) {
	f.errs = append(f.errs, fmt.Errorf("%s: %w", name, err))
}

// add records an error that names its field itself, as the directory's
// parsers' do ("email ... is not an email address").
func (f *fields) add(err error) {
	if err != nil {
		f.errs = append(f.errs, err)
	}
}

// text reads a scalar as text: a string (HTML entities decoded, as
// WordPress writes "Men&#8217;s"), a number as written, true or false.
// null and a missing field are "".
func (f *fields) text(name string, raw json.RawMessage) string {
	s, err := scalar(raw)
	if err != nil {
		f.fail(name, err)
	}
	return s
}

// list reads a list of scalars; one string is split at commas, as sheets
// write "O, D".
func (f *fields) list(name string, raw json.RawMessage) []string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '[' {
		s := f.text(name, raw)
		return splitComma(s)
	}
	var items []json.RawMessage
	if err := json.Unmarshal(raw, &items); err != nil {
		f.fail(name, fmt.Errorf("cannot be read: %v", err))
		return nil
	}
	var out []string
	for _, it := range items {
		s, err := scalar(it)
		if err != nil {
			f.fail(name, err)
			continue
		}
		out = append(out, splitComma(s)...)
	}
	return out
}

func scalar(raw json.RawMessage) (string, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return "", nil
	}
	switch raw[0] {
	case '"':
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", err
		}
		return strings.TrimSpace(html.UnescapeString(s)), nil
	case 'n':
		return "", nil
	case '[', '{':
		return "", fmt.Errorf("want text, not %s", shape(raw))
	}
	if _, err := strconv.ParseFloat(string(raw), 64); err == nil || string(raw) == "true" || string(raw) == "false" {
		return string(raw), nil
	}
	return "", fmt.Errorf("cannot read %s", raw)
}

func shape(raw json.RawMessage) string {
	if raw[0] == '[' {
		return "a list"
	}
	return "an object"
}

func splitComma(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
