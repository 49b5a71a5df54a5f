package hsds

import (
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/peerline/peerline/directory"
)

// Read reads the HSDS package at path (a folder, or a .zip) into groups,
// one per service, each checked with (*Group).Check. The error is for a
// package that cannot be read at all: not a folder or zip, no
// services.csv, a header that cannot be read or lacks a needed column.
// A row that cannot be read goes to the report with its file and line;
// a service that depends on such a row is left out, and the rest still
// come through, in the order of services.csv.
func Read(path string, vocab *directory.Vocabulary, areas *directory.Areas) (*directory.Import, error) {
	src, err := open(path)
	if err != nil {
		return nil, err
	}
	defer src.close()
	codes, err := loadCodeTable(vocab)
	if err != nil {
		return nil, err
	}
	imp := &directory.Import{}
	r := &reader{vocab: vocab, codes: codes, areas: areas, rep: &imp.Report}
	if err := r.load(src); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	imp.Rows = r.groups()
	return imp, nil
}

// tableSpecs says which tables are read and the columns each must have
// to be of any use.
var tableSpecs = []struct {
	name     string
	required bool
	columns  []string
}{
	{resService, true, []string{"id", "name"}},
	{resOrganization, false, []string{"id", "name"}},
	{resServiceAt, false, []string{"service_id", "location_id"}},
	{resLocation, false, []string{"id", "location_type"}},
	{resAddress, false, []string{"location_id"}},
	{resPhone, false, []string{"number"}},
	{resSchedule, false, nil},
	{resServiceArea, false, []string{"service_id"}},
	{resLanguage, false, []string{"service_id"}},
	{resTaxonomy, false, nil}, // only to name a term's taxonomy: never a reason to refuse a package
	{resTerm, false, []string{"id"}},
	{resAttribute, false, []string{"link_id", "taxonomy_term_id"}},
}

// reader holds a package's tables, indexed the ways a service's rows are
// looked up.
type reader struct {
	vocab *directory.Vocabulary
	codes *codeTable
	areas *directory.Areas
	rep   *directory.ImportReport
	t     map[string]*table

	orgs, locations, taxonomies, terms map[string]record // by id

	linksOf      index // service id -> its service_at_location rows
	addressesOf  index // location id -> addresses
	phonesOf     index // service id -> the service's own phones
	phonesAtLoc  index // location id -> phones
	phonesAtLink index // service_at_location id -> phones
	schedulesOf  index // service id -> schedules
	schedAtLink  index // service_at_location id -> schedules with no service_id
	schedAtLoc   index // location id -> schedules with no service_id or service_at_location_id
	areasOf      index // service id -> service areas
	languagesOf  index // service id -> languages
	attributesOf index // service id -> attributes
}

func (r *reader) load(src *source) error {
	reads := make([]tableRead, len(tableSpecs))
	eachInParallel(len(tableSpecs), func(i int) {
		spec := tableSpecs[i]
		reads[i] = src.table(spec.name, spec.required, spec.columns)
	})
	r.t = map[string]*table{}
	for i, spec := range tableSpecs {
		if reads[i].fail != nil {
			return reads[i].fail
		}
		for _, e := range reads[i].bad {
			r.rep.Fail(e.File, e.Line, e.Err)
		}
		r.t[spec.name] = reads[i].t
	}
	r.orgs, r.locations = byID(r.t[resOrganization]), byID(r.t[resLocation])
	r.taxonomies, r.terms = byID(r.t[resTaxonomy]), byID(r.t[resTerm])
	r.linksOf = indexBy(r.t[resServiceAt], "service_id", nil)
	r.addressesOf = indexBy(r.t[resAddress], "location_id", nil)

	phones := r.t[resPhone]
	atLocation := func(rec record) bool { return rec.get("location_id") != "" || rec.get("service_at_location_id") != "" }
	r.phonesOf = indexBy(phones, "service_id", func(rec record) bool { return isVoice(rec) && !atLocation(rec) })
	r.phonesAtLoc = indexBy(phones, "location_id", isVoice)
	r.phonesAtLink = indexBy(phones, "service_at_location_id", isVoice)

	sched := r.t[resSchedule]
	noService := func(rec record) bool { return rec.get("service_id") == "" }
	r.schedulesOf = indexBy(sched, "service_id", nil)
	r.schedAtLink = indexBy(sched, "service_at_location_id", noService)
	r.schedAtLoc = indexBy(sched, "location_id", func(rec record) bool {
		return noService(rec) && rec.get("service_at_location_id") == ""
	})

	r.areasOf = indexBy(r.t[resServiceArea], "service_id", nil)
	r.languagesOf = indexBy(r.t[resLanguage], "service_id", nil)
	r.attributesOf = indexBy(r.t[resAttribute], "link_id", func(rec record) bool {
		e := strings.ToLower(rec.get("link_entity"))
		return e == "" || e == "service"
	})
	return nil
}

// isVoice reports whether a phone can be called: type voice, cell or none.
func isVoice(rec record) bool {
	switch strings.ToLower(rec.get("type")) {
	case "", "voice", "cell":
		return true
	}
	return false
}

// groups reads every service, in file order: the services on as many
// cores as there are, the report in order.
func (r *reader) groups() []directory.Row {
	services := r.t[resService]
	rows := make([]directory.Row, len(services.rows)) // the services', compacted at the end
	bad := make([][]directory.RowError, len(services.rows))
	read := make([]bool, len(services.rows))
	seen := map[string]int{}
	for i, svc := range services.rows {
		id := svc.get("id")
		if prev, dup := seen[id]; dup {
			bad[i] = []directory.RowError{{File: services.file, Line: svc.line, Err: fmt.Errorf("service id %q is already used on line %d", id, prev)}}
			continue
		}
		if id == "" {
			bad[i] = []directory.RowError{{File: services.file, Line: svc.line, Err: errors.New("the service has no id")}}
			continue
		}
		seen[id] = svc.line
		read[i] = true
	}
	workers := make([]*worker, runtime.GOMAXPROCS(0))
	eachInParallelBy(len(workers), len(services.rows), func(w, i int) {
		if !read[i] {
			return
		}
		if workers[w] == nil {
			workers[w] = &worker{r: r, concerns: map[string][]*directory.Concern{}, zones: map[zoneKey]zoneFound{}}
		}
		svc := services.rows[i]
		g, problems := workers[w].group(svc)
		if len(problems) == 0 {
			if err := g.Check(r.areas); err != nil {
				problems = append(problems, directory.RowError{File: services.file, Line: svc.line, Err: err})
			}
		}
		rows[i], bad[i] = directory.Row{Group: g, File: services.file, Line: svc.line}, problems
	})
	for _, w := range workers {
		if w != nil {
			for _, term := range w.unmatched {
				r.rep.Unmatch(term)
			}
		}
	}
	good := rows[:0]
	for i := range rows {
		for _, e := range bad[i] {
			r.rep.Fail(e.File, e.Line, e.Err)
		}
		if read[i] && len(bad[i]) == 0 {
			good = append(good, rows[i])
		}
	}
	clear(rows[len(good):])
	return good
}

// worker reads services on one goroutine, and keeps to itself what
// services repeat: the concerns each taxonomy term names, the zone each
// UTC offset is on a day, and the terms that named none.
type worker struct {
	r         *reader
	concerns  map[string][]*directory.Concern // by term id
	zones     map[zoneKey]zoneFound
	unmatched []string
}

type zoneKey struct {
	preferred string
	offset    int
	day       int64 // Unix seconds
}

type zoneFound struct {
	zone string
	err  error
}

// zoneFor is Areas.ZoneFor, remembered: it loads every zone it tries.
func (w *worker) zoneFor(preferred string, offset int, day time.Time) (string, error) {
	k := zoneKey{preferred, offset, day.Unix()}
	f, ok := w.zones[k]
	if !ok {
		f.zone, f.err = w.r.areas.ZoneFor(preferred, offset, day)
		w.zones[k] = f
	}
	return f.zone, f.err
}

// build is one service being read into a group. Problems are collected,
// not stopped at, so that staff see all of a service's at once.
type build struct {
	r        *reader
	w        *worker
	svc      record
	id       string // the service's id, which its rows name
	g        directory.Group
	bad      []directory.RowError
	linkIDs  []string // its service_at_location rows
	locIDs   []string // and their locations
	meetings []meeting
}

func (b *build) fail(res string, rec record, err error) {
	if err != nil {
		b.bad = append(b.bad, directory.RowError{File: b.r.t[res].file, Line: rec.line, Err: err})
	}
}

// group reads one service and every row linked to it.
func (w *worker) group(svc record) (directory.Group, []directory.RowError) {
	b := &build{r: w.r, w: w, svc: svc, id: svc.get("id")}
	b.basics()
	b.attendance()
	b.concerns()
	b.serviceAreas()
	b.languages()
	b.g.Phone = b.phone(w.r.phonesOf[b.id])
	b.schedules()
	b.accessCodeFromSchedules()
	b.zone()
	return b.g, b.bad
}

func (b *build) basics() {
	svc := b.svc
	b.g.SourceID = b.id
	b.g.Name = svc.get("name")
	b.g.Description = svc.get("description")
	var err error
	b.g.Status, err = directory.ParseStatus(svc.get("status"))
	b.fail(resService, svc, err)
	b.g.Email, err = directory.ParseEmail(svc.get("email"))
	b.fail(resService, svc, err)
	// The organization Write gives a group that names none is the group
	// itself, not a sponsor.
	orgID := svc.get("organization_id")
	if org, ok := b.r.orgs[orgID]; ok && orgID != selfOrganizationID(b.id) {
		b.g.Organization = org.get("name")
	}
}

// attendance reads how people attend from the service's locations.
func (b *build) attendance() {
	for _, link := range b.r.linksOf[b.id] {
		locID := link.get("location_id")
		loc, ok := b.r.locations[locID]
		if !ok {
			b.fail(resServiceAt, link, fmt.Errorf("location %q is not in %s", locID, b.r.t[resLocation].file))
			continue
		}
		b.linkIDs = append(b.linkIDs, link.get("id"))
		b.locIDs = append(b.locIDs, locID)
		phones := merge(b.r.phonesAtLoc[locID], b.r.phonesAtLink[link.get("id")])
		switch kind := strings.ToLower(loc.get("location_type")); {
		case kind == "physical":
			b.place(link, loc, phones)
		case kind == "virtual" && loc.get("url") != "":
			b.online(link, loc)
		case kind == "virtual":
			b.dialin(link, loc, phones)
		case kind == "postal":
			b.mail(link, loc)
		default:
			b.fail(resLocation, loc, fmt.Errorf("location_type %q: want physical, virtual or postal", loc.get("location_type")))
		}
	}
}

// second reports a location of a kind the group already has.
func (b *build) second(link record, what string) {
	b.fail(resServiceAt, link, fmt.Errorf("the service already has %s; a group has one, so give this location a service of its own", what))
}

func (b *build) place(link, loc record, phones []record) {
	if b.g.Place != nil {
		b.second(link, "a meeting place")
		return
	}
	addr, ok := b.r.address(loc.get("id"), "physical")
	if !ok {
		b.fail(resLocation, loc, fmt.Errorf("a physical location needs an address in %s", b.r.t[resAddress].file))
		return
	}
	p := &directory.Place{
		Name:       loc.get("name"),
		Street:     joinNonEmpty(", ", addr.get("address_1"), addr.get("address_2")),
		City:       addr.get("city"),
		PostalCode: strings.ToUpper(addr.get("postal_code")),
		Phone:      b.phone(phones),
	}
	var err error
	p.Province, err = b.r.areas.ParseProvince(addr.get("state_province"))
	b.fail(resAddress, addr, err)
	p.Lat, p.Lon, err = directory.ParseCoordinates(loc.get("latitude"), loc.get("longitude"))
	b.fail(resLocation, loc, err)
	b.g.Place = p
}

func (b *build) online(link, loc record) {
	if b.g.OnlineURL != "" {
		b.second(link, "a web address")
		return
	}
	u, err := directory.ParseWebAddress(loc.get("url"))
	b.fail(resLocation, loc, err)
	b.g.OnlineURL = u
}

// dialin reads a virtual location with no URL: a telephone meeting. Its
// access code is the phone's extension, else one named in the phone's
// description; failing both, the schedules' attending_type may give it.
func (b *build) dialin(link, loc record, phones []record) {
	if b.g.Dialin != nil {
		b.second(link, "a dial-in number")
		return
	}
	if len(phones) == 0 {
		b.fail(resLocation, loc, fmt.Errorf("a virtual location with no url is a telephone meeting and needs a voice phone in %s", b.r.t[resPhone].file))
		return
	}
	d := &directory.Dialin{Number: b.phone(phones)}
	ph := phones[0]
	if ext := ph.get("extension"); ext != "" {
		code, err := keypadCode(ext)
		b.fail(resPhone, ph, err)
		d.AccessCode = code
	} else {
		d.AccessCode = findAccessCode(ph.get("description"))
	}
	b.g.Dialin = d
}

func (b *build) mail(link, loc record) {
	if b.g.Mail != "" {
		b.second(link, "a mailing address")
		return
	}
	addr, ok := b.r.address(loc.get("id"), "postal")
	if !ok {
		b.fail(resLocation, loc, fmt.Errorf("a postal location needs an address in %s", b.r.t[resAddress].file))
		return
	}
	b.g.Mail = mailLine(addr.get("address_1"), addr.get("address_2"), addr.get("city"), addr.get("state_province"), addr.get("postal_code"))
}

// address is a location's address of the given type, else its first.
func (r *reader) address(locID, kind string) (record, bool) {
	all := r.addressesOf[locID]
	for _, a := range all {
		if strings.EqualFold(a.get("address_type"), kind) {
			return a, true
		}
	}
	if len(all) > 0 {
		return all[0], true
	}
	return record{}, false
}

// phone checks every phone given and returns the first number, as
// written: Check normalizes it. A number that cannot be read is reported
// on its own row.
func (b *build) phone(phones []record) string {
	for _, p := range phones {
		if _, err := directory.NormalizePhone(p.get("number")); err != nil {
			b.fail(resPhone, p, fmt.Errorf("number: %w", err))
		}
	}
	if len(phones) == 0 {
		return ""
	}
	return phones[0].get("number")
}

// concerns reads the taxonomy terms linked to the service, and its group
// code. A term is matched by its code through the code table, else by its
// name; one that names no concern is listed in the report.
func (b *build) concerns() {
	seen := map[string]bool{}
	for _, attr := range b.r.attributesOf[b.id] {
		termID := attr.get("taxonomy_term_id")
		term, ok := b.r.terms[termID]
		if !ok {
			b.fail(resAttribute, attr, fmt.Errorf("taxonomy term %q is not in %s", termID, b.r.t[resTerm].file))
			continue
		}
		switch term.get("code") {
		case groupCodeTerm:
			b.groupCode(attr)
			continue
		case sourceIDTerm:
			b.sourceID(attr)
			continue
		}
		for _, c := range b.w.match(termID, term) {
			if !seen[c.Code] {
				seen[c.Code] = true
				b.g.Concerns = append(b.g.Concerns, c.Code)
			}
		}
	}
}

// match gives the concerns a term names. Its code is an identifier: it
// counts only where the code table files it under a concern, and is never
// searched for words, lest "BD-1800.1500-caregiver" read as caregiving.
// Otherwise the term's name is read as words, as a spreadsheet cell is.
// A term is matched once: services name the same few terms.
func (w *worker) match(termID string, term record) []*directory.Concern {
	if found, ok := w.concerns[termID]; ok {
		return found
	}
	r := w.r
	code, name := term.get("code"), term.get("name")
	found := r.codes.lookup(r.taxonomyOf(term), code)
	if len(found) == 0 && name != "" {
		found = r.vocab.Terms(name)
	}
	if len(found) == 0 {
		w.unmatched = append(w.unmatched, firstNonEmpty(name, code))
	}
	w.concerns[termID] = found
	return found
}

// taxonomyOf names a term's taxonomy: its taxonomy column, else the name
// of the taxonomy its taxonomy_id gives.
func (r *reader) taxonomyOf(term record) string {
	if name := term.get("taxonomy"); name != "" {
		return name
	}
	return r.taxonomies[term.get("taxonomy_id")].get("name")
}

func (b *build) groupCode(attr record) {
	v := attr.get("value")
	n, err := strconv.Atoi(v)
	switch {
	case err != nil || n <= 0:
		b.fail(resAttribute, attr, fmt.Errorf("group code %q is not a positive whole number", v))
	case b.g.Code != 0 && b.g.Code != n:
		b.fail(resAttribute, attr, fmt.Errorf("group code %d: the service already has code %d", n, b.g.Code))
	default:
		b.g.Code = n
	}
}

// sourceID takes the group's own id from the attribute Write gives a
// group whose id is not a UUID.
func (b *build) sourceID(attr record) {
	switch v := attr.get("value"); {
	case v == "":
		b.fail(resAttribute, attr, errors.New("the group id is empty"))
	case b.g.SourceID != b.id && b.g.SourceID != v:
		b.fail(resAttribute, attr, fmt.Errorf("group id %q: the service already has id %q", v, b.g.SourceID))
	default:
		b.g.SourceID = v
	}
}

func (b *build) serviceAreas() {
	seen := map[directory.Coverage]bool{}
	for _, row := range b.r.areasOf[b.id] {
		cov, err := b.r.coverage(row)
		b.fail(resServiceArea, row, err)
		for _, c := range cov {
			if !seen[c] {
				seen[c] = true
				b.g.Areas = append(b.g.Areas, c)
			}
		}
	}
}

// coverage reads a service area from its name, else from a text extent
// (a GeoJSON, TopoJSON or KML shape is not read).
func (r *reader) coverage(row record) ([]directory.Coverage, error) {
	name, extent := row.get("name"), row.get("extent")
	var firstErr error
	for _, text := range []string{name, extent} {
		if text == "" || (text == extent && isShape(row.get("extent_type"), extent)) {
			continue
		}
		cov, err := r.areas.Coverage(text)
		if err == nil && len(cov) > 0 {
			return cov, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = fmt.Errorf("service area %q: name no area codes (705, 249, 683), province (Ontario) or country (Canada)", name)
	}
	return nil, firstErr
}

func isShape(kind, extent string) bool {
	switch strings.ToLower(kind) {
	case "geojson", "topojson", "kml":
		return true
	}
	return strings.HasPrefix(extent, "{") || strings.HasPrefix(extent, "[") || strings.HasPrefix(extent, "<")
}

// languages reads the service's languages. Languages the line does not
// speak are passed over when the group also meets in English or French;
// a group that meets in none of them is reported, as callers would be
// sent to a meeting they cannot follow.
func (b *build) languages() {
	var others []record
	for _, row := range b.r.languagesOf[b.id] {
		text := firstNonEmpty(row.get("code"), row.get("name"))
		lang, err := directory.ParseLang(text)
		if err != nil {
			others = append(others, row)
			continue
		}
		if !contains(b.g.Languages, lang) {
			b.g.Languages = append(b.g.Languages, lang)
		}
	}
	if len(b.g.Languages) == 0 && len(others) > 0 {
		row := others[0]
		b.fail(resLanguage, row, fmt.Errorf("language %q: the line speaks English (en) and French (fr), and the group meets in neither",
			firstNonEmpty(row.get("code"), row.get("name"))))
	}
}

// schedules reads the service's schedules: its own, and those of its
// service_at_location rows and locations that name no service.
func (b *build) schedules() {
	var lists [][]record
	lists = append(lists, b.r.schedulesOf[b.id])
	for _, id := range b.linkIDs {
		lists = append(lists, b.r.schedAtLink[id])
	}
	for _, id := range b.locIDs {
		lists = append(lists, b.r.schedAtLoc[id])
	}
	for _, row := range merge(lists...) {
		m, ok, err := readMeeting(row)
		b.fail(resSchedule, row, err)
		if ok && err == nil {
			b.meetings = append(b.meetings, m)
			b.g.Schedules = append(b.g.Schedules, m.s)
		}
	}
}

// accessCodeFromSchedules takes a dial-in's access code from the
// schedules' attending_type ("by phone, access code 4127#") when the
// phone did not give one.
func (b *build) accessCodeFromSchedules() {
	if b.g.Dialin == nil || b.g.Dialin.AccessCode != "" {
		return
	}
	for _, m := range b.meetings {
		if code := findAccessCode(m.attending); code != "" {
			b.g.Dialin.AccessCode = code
			return
		}
	}
}

// zone turns the schedules' UTC offsets into the group's IANA zone.
// With no offset it stays empty and Check takes the zone from the place.
func (b *build) zone() {
	preferred := b.r.preferredZone(&b.g)
	for _, m := range b.meetings {
		z, err := b.w.zoneOf(m, preferred)
		switch {
		case err != nil:
			b.fail(resSchedule, m.rec, err)
		case z == "":
		case b.g.Zone == "":
			b.g.Zone = z
		case z != b.g.Zone:
			b.fail(resSchedule, m.rec, fmt.Errorf("time zone %s differs from the %s of the group's other schedules", z, b.g.Zone))
		}
	}
}

// merge joins lists of rows of one table in file order, each row once.
func merge(lists ...[]record) []record {
	var out []record
	seen := map[int]bool{}
	for _, l := range lists {
		for _, r := range l {
			if !seen[r.line] {
				seen[r.line] = true
				out = append(out, r)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].line < out[j].line })
	return out
}

// mailLine writes a postal address on one line:
// "PO Box 117, Wawa, ON P0S 1K0".
func mailLine(address1, address2, city, province, postal string) string {
	return joinNonEmpty(", ", address1, address2, city, joinNonEmpty(" ", province, postal))
}

func joinNonEmpty(sep string, parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, sep)
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

func contains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}

// eachInParallel calls fn(0) ... fn(n-1), on as many cores as there are.
func eachInParallel(n int, fn func(i int)) {
	eachInParallelBy(runtime.GOMAXPROCS(0), n, func(_, i int) { fn(i) })
}

// eachInParallelBy calls fn(w, i) for i from 0 to n-1 on up to workers
// goroutines, w being the goroutine's number: calls with the same w are
// never at once. Each goroutine takes the next i in turn.
func eachInParallelBy(workers, n int, fn func(w, i int)) {
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range min(workers, n) {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(w, i)
			}
		})
	}
	wg.Wait()
}
