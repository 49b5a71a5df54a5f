package meetingguide

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/peerline/peerline/directory"
)

// Options are what a feed does not say itself.
type Options struct {
	// Concern is the line's concern code (or words the Vocabulary
	// matches) every meeting is filed under; required.
	Concern string
	// Zone is the IANA zone for meetings without a timezone; "" means the
	// zone of the meeting's town or area, else America/Toronto.
	Zone string
	// Source is the feed's URL or file name: the report names it, and
	// group ids are made unique to it (see doc.go).
	Source string
}

// Read reads a Meeting Guide feed into groups, each checked with
// (*directory.Group).Check. The error is for a feed that cannot be read
// at all (not JSON, not an array of meetings, no meetings, none usable,
// an unknown concern or zone); then nothing is returned, so that nothing
// changes. An entry that cannot be used goes to the report, at its
// position in the array, with all its problems; the rest still come
// through, one Row per group, in the order of each group's first meeting.
func Read(r io.Reader, opt Options, vocab *directory.Vocabulary, areas *directory.Areas) (*directory.Import, error) {
	rd, err := newReader(opt, vocab, areas)
	if err != nil {
		return nil, err
	}
	raws, err := readArray(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", opt.Source, err)
	}
	ms := rd.meetings(raws)
	if len(ms) == 0 {
		return nil, fmt.Errorf("%s: none of its %d meetings can be used, so nothing was changed; %v", opt.Source, len(raws), rd.imp.Report.Errors[0].Err)
	}
	for _, group := range groups(ms) {
		rd.add(group)
	}
	return rd.imp, nil
}

// reader holds what one Read needs and has read so far.
type reader struct {
	opt      Options
	areas    *directory.Areas
	concerns []string
	prefix   string // of every group's id: see sourcePrefix
	imp      *directory.Import
}

func newReader(opt Options, vocab *directory.Vocabulary, areas *directory.Areas) (*reader, error) {
	concerns, err := concernCodes(opt.Concern, vocab)
	if err != nil {
		return nil, err
	}
	if opt.Zone != "" && !knownZone(opt.Zone) {
		return nil, fmt.Errorf("zone %q is not an IANA time zone (want e.g. America/Toronto)", opt.Zone)
	}
	return &reader{opt: opt, areas: areas, concerns: concerns, prefix: sourcePrefix(opt.Source), imp: &directory.Import{}}, nil
}

// concernCodes reads Options.Concern: a concern's code, or words naming
// one or more concerns.
func concernCodes(s string, vocab *directory.Vocabulary) ([]string, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("no concern given: the line must know what the feed's meetings are about")
	}
	var codes []string
	for _, c := range vocab.Terms(s) {
		codes = append(codes, c.Code)
	}
	if len(codes) == 0 {
		return nil, fmt.Errorf("concern %q is not one the line knows", s)
	}
	return codes, nil
}

// sourcePrefix makes a feed's slugs ids unique to it: "mg-" and 8 hex
// digits of a hash of its URL. Slugs are only unique within a feed, and
// two intergroups both have a "sunday-serenity".
func sourcePrefix(source string) string {
	sum := sha256.Sum256([]byte(source))
	return "mg-" + hex.EncodeToString(sum[:4]) + "-"
}

// maxMeetings bounds a feed: the largest intergroups list a few thousand.
const maxMeetings = 100_000

// readArray reads the feed's top-level array, each entry left raw: an
// entry of the wrong shape is that entry's problem, but JSON that cannot
// be read is the whole feed's.
func readArray(r io.Reader) ([]json.RawMessage, error) {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3) // a byte order mark, as some servers send
	}
	dec := json.NewDecoder(br)
	tok, err := dec.Token()
	if err != nil {
		return nil, fmt.Errorf("not a Meeting Guide feed: %w", notJSON(err))
	}
	if tok != json.Delim('[') {
		return nil, errors.New("not a Meeting Guide feed: want an array of meetings")
	}
	var out []json.RawMessage
	for dec.More() {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, fmt.Errorf("meeting %d cannot be read, nor any after it: %w", len(out)+1, notJSON(err))
		}
		if out = append(out, raw); len(out) > maxMeetings {
			return nil, fmt.Errorf("more than %d meetings", maxMeetings)
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, fmt.Errorf("the array of meetings is not closed: %w", notJSON(err))
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("something follows the array of meetings")
	}
	if len(out) == 0 {
		return nil, errors.New("the feed lists no meetings; a feed that suddenly has none is taken for a broken one")
	}
	return out, nil
}

func notJSON(err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("the JSON ends too soon")
	}
	return err
}

// meetings reads every entry, reporting those that cannot be used and
// those whose slug another entry already has.
func (rd *reader) meetings(raws []json.RawMessage) []*meeting {
	var out []*meeting
	bySlug := map[string]int{}
	for i, raw := range raws {
		m, err := rd.readMeeting(i+1, raw)
		if err != nil {
			rd.imp.Report.Fail(rd.opt.Source, i+1, err)
			continue
		}
		if prev, dup := bySlug[m.slug]; dup {
			rd.imp.Report.Fail(rd.opt.Source, m.pos, &entryError{pos: m.pos, slug: m.slug,
				errs: []error{fmt.Errorf("slug %q is already the slug of meeting %d", m.slug, prev)}})
			continue
		}
		bySlug[m.slug] = m.pos
		out = append(out, m)
	}
	return out
}

// add checks a group made of meetings and files it as a Row, at its
// first meeting's position, or as a failure of that meeting.
func (rd *reader) add(ms []*meeting) {
	g := merge(ms)
	first := ms[0].pos
	for _, m := range ms {
		first = min(first, m.pos)
	}
	if err := g.Check(rd.areas); err != nil {
		rd.imp.Report.Fail(rd.opt.Source, first, fmt.Errorf("meetings %s, one group: %w", positions(ms), err))
		return
	}
	rd.imp.Rows = append(rd.imp.Rows, directory.Row{Group: g, File: rd.opt.Source, Line: first})
}

func positions(ms []*meeting) string {
	var s []string
	for _, m := range ms {
		s = append(s, fmt.Sprint(m.pos))
	}
	return strings.Join(s, ", ")
}
