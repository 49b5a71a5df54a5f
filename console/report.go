package console

import (
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
)

// The planner's report, for any range of days: what callers asked the
// line for and did not find, over time and by area, who is waiting now,
// and what became of the reminders; each table also as CSV. Counts only:
// nothing here reads or shows a phone number.
//
// Days are UTC days, as the store counts activity. The searches are
// counted here from the search log, within the range. The store counts
// calls and texts and the outbox only "since" a time, so a count for a
// range is the difference of two reports, read until they agree (see
// reportCounts); the wait list is as it is now.

// reportDefaultDays is the range shown when none is asked for: the last
// 30 days, today included.
const reportDefaultDays = 30

// reportMaxDays bounds a range (about ten years).
const reportMaxDays = 3660

// reportScanBudget bounds how many search-log rows counting calls and
// texts period by period may make the store read again: each period
// costs a report, and a report reads the search log from its start to
// now. Past it, the page gives the period's totals only. (A variable
// for the tests.)
var reportScanBudget = 400_000

func (c *Console) reportRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+Prefix+"/report", c.page(directory.RoleViewer, c.reportPage))
	mux.Handle("GET "+Prefix+"/report.csv", c.page(directory.RoleViewer, c.reportCSV))
}

// reportPeriod is a range of whole UTC days, both included.
type reportPeriod struct{ From, To time.Time }

// End is the instant after the last day.
func (p reportPeriod) End() time.Time { return p.To.AddDate(0, 0, 1) }

func (p reportPeriod) Days() int { return int(p.End().Sub(p.From).Hours()/24 + 0.5) }

func (p reportPeriod) query() string {
	return url.Values{"from": {p.From.Format(time.DateOnly)}, "to": {p.To.Format(time.DateOnly)}}.Encode()
}

// reportForm is the range as typed, and what is wrong with it, by field.
type reportForm struct {
	From, To string
	Errors   map[string]string
}

func reportDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// reportRange reads the range asked for. Without one it is the last 30
// days; an end after today is today. When a date is wrong the errors say
// so by field, and the range is the default one.
func (c *Console) reportRange(q url.Values) (reportPeriod, reportForm) {
	today := reportDay(c.now())
	def := reportPeriod{From: today.AddDate(0, 0, 1-reportDefaultDays), To: today}
	f := reportForm{From: strings.TrimSpace(q.Get("from")), To: strings.TrimSpace(q.Get("to")), Errors: map[string]string{}}
	read := func(field, typed string) (time.Time, bool) {
		if typed == "" {
			return time.Time{}, false
		}
		t, err := time.Parse(time.DateOnly, typed)
		if err != nil {
			f.Errors[field] = fmt.Sprintf("“%s” is not a date: choose one, or write it as YYYY-MM-DD, like %s.", typed, today.Format(time.DateOnly))
			return time.Time{}, false
		}
		return t, true
	}
	p := def
	from, hasFrom := read("from", f.From)
	to, hasTo := read("to", f.To)
	if hasTo {
		p.To = to
		if to.After(today) {
			p.To = today
		}
		if !hasFrom {
			p.From = p.To.AddDate(0, 0, 1-reportDefaultDays)
		}
	}
	if hasFrom {
		p.From = from
	}
	switch {
	case len(f.Errors) > 0:
	case hasFrom && from.After(today):
		f.Errors["from"] = fmt.Sprintf("%s has not come yet: the report can start today (%s) at the latest.", f.From, today.Format(time.DateOnly))
	case hasTo && p.To.Before(p.From):
		f.Errors["to"] = fmt.Sprintf("The end, %s, is before the start, %s.", f.To, p.From.Format(time.DateOnly))
	case p.Days() > reportMaxDays:
		f.Errors["from"] = "That is more than ten years: choose a later start."
	}
	if len(f.Errors) > 0 {
		return def, f
	}
	return p, f
}

// ---- counting ----

// reportBucket is a part of the period: [From, Next).
type reportBucket struct{ From, Next time.Time }

func (b reportBucket) last() time.Time { return b.Next.AddDate(0, 0, -1) }

// Label is the bucket's days: "2026-11-03", or "2026-11-03 to 2026-11-09".
func (b reportBucket) Label() string {
	if b.Next.Sub(b.From) <= 24*time.Hour {
		return b.From.Format(time.DateOnly)
	}
	return b.From.Format(time.DateOnly) + " to " + b.last().Format(time.DateOnly)
}

// reportBuckets cuts the period in days (up to 62 days), weeks of seven
// days from its first (up to 62 weeks), or calendar months; the last is
// cut short at the period's end.
func reportBuckets(p reportPeriod) (step string, out []reportBucket) {
	next := func(t time.Time) time.Time { return t.AddDate(0, 1, 1-t.Day()) }
	switch days := p.Days(); {
	case days <= 62:
		step, next = "day", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }
	case days <= 62*7:
		step, next = "week", func(t time.Time) time.Time { return t.AddDate(0, 0, 7) }
	default:
		step = "month"
	}
	end := p.End()
	for t := p.From; t.Before(end); t = next(t) {
		b := reportBucket{From: t, Next: next(t)}
		if b.Next.After(end) {
			b.Next = end
		}
		out = append(out, b)
	}
	return step, out
}

// reportCount is searches, and of them those that found nothing.
type reportCount struct{ Searches, Nothing int }

// reportCalls is calls and texts answered.
type reportCalls struct{ Calls, Texts int }

type planReport struct {
	Period      reportPeriod
	Step        string // day, week or month
	Buckets     []reportBucket
	reportCount // callers' searches in the period
	ByConcern   []directory.SearchCount
	ByArea      []directory.SearchCount
	Unmet       []directory.NeedCount
	Over        []reportCount // by bucket
	reportCalls               // in the period
	CallsBy     []reportCalls // by bucket; nil when only the totals could be read
	Waiting     []directory.NeedCount
	Outbox      []directory.OutboxCount // queued in the period, by what became of them
}

// buildReport counts the period. byBucket asks for calls and texts
// bucket by bucket, which costs a report of the store for each.
func (c *Console) buildReport(ctx context.Context, p reportPeriod, byBucket bool) (*planReport, error) {
	rep := &planReport{Period: p}
	rep.Step, rep.Buckets = reportBuckets(p)
	rep.Over = make([]reportCount, len(rep.Buckets))
	logs, err := c.Store.SearchLogs(ctx, p.From)
	if err != nil {
		return nil, err
	}
	end := p.End()
	concerns, areas, unmet := map[string]*directory.SearchCount{}, map[string]*directory.SearchCount{}, map[[2]string]int{}
	for _, l := range logs {
		if l.At.Before(p.From) || !l.At.Before(end) || (l.Channel != directory.ChannelVoice && l.Channel != directory.ChannelSMS) {
			continue // not in the period, or staff trying the directory out
		}
		nothing := 0
		if l.Results == 0 {
			nothing = 1
			unmet[[2]string{l.Concern, l.Area}]++
		}
		rep.Searches++
		rep.Nothing += nothing
		for _, s := range []*directory.SearchCount{reportTally(concerns, l.Concern, true), reportTally(areas, l.Area, false)} {
			s.Searches++
			s.FoundNothing += nothing
		}
		i := sort.Search(len(rep.Buckets), func(i int) bool { return rep.Buckets[i].Next.After(l.At) })
		rep.Over[i].Searches++
		rep.Over[i].Nothing += nothing
	}
	rep.ByConcern = reportSorted(concerns, func(s directory.SearchCount) string { return s.Concern })
	rep.ByArea = reportSorted(areas, func(s directory.SearchCount) string { return s.Area })
	for k, n := range unmet {
		rep.Unmet = append(rep.Unmet, directory.NeedCount{Concern: k[0], Area: k[1], Count: n})
	}
	slices.SortFunc(rep.Unmet, func(a, b directory.NeedCount) int {
		if a.Count != b.Count {
			return b.Count - a.Count
		}
		if a.Concern != b.Concern {
			return strings.Compare(a.Concern, b.Concern)
		}
		return strings.Compare(a.Area, b.Area)
	})

	// Calls, texts and the outbox: from the store's reports at the
	// bucket boundaries, when that does not read too much.
	bounds := []time.Time{p.From, end}
	if byBucket && reportScanCost(logs, rep.Buckets, c.now()) <= reportScanBudget {
		bounds = bounds[:0]
		for _, b := range rep.Buckets {
			bounds = append(bounds, b.From)
		}
		bounds = append(bounds, end)
	}
	reps, err := c.reportCounts(ctx, bounds)
	if err != nil {
		return nil, err
	}
	first, last := reps[0], reps[len(reps)-1]
	rep.reportCalls = reportCallsBetween(first, last)
	if len(bounds) == len(rep.Buckets)+1 {
		for i := range rep.Buckets {
			rep.CallsBy = append(rep.CallsBy, reportCallsBetween(reps[i], reps[i+1]))
		}
	}
	rep.Waiting = first.Waiting
	later := map[directory.OutboxCount]int{}
	for _, o := range last.Outbox {
		n := o.Count
		o.Count = 0
		later[o] = n
	}
	for _, o := range first.Outbox {
		n := o.Count
		o.Count = 0
		if n -= later[o]; n > 0 {
			o.Count = n
			rep.Outbox = append(rep.Outbox, o)
		}
	}
	return rep, nil
}

// reportTally is the count under key, made when new.
func reportTally(m map[string]*directory.SearchCount, key string, concern bool) *directory.SearchCount {
	s, ok := m[key]
	if !ok {
		s = &directory.SearchCount{}
		if concern {
			s.Concern = key
		} else {
			s.Area = key
		}
		m[key] = s
	}
	return s
}

// reportSorted orders counts as the store does: most searched first.
func reportSorted(m map[string]*directory.SearchCount, key func(directory.SearchCount) string) []directory.SearchCount {
	out := make([]directory.SearchCount, 0, len(m))
	for _, s := range m {
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b directory.SearchCount) int {
		if a.Searches != b.Searches {
			return b.Searches - a.Searches
		}
		return strings.Compare(key(a), key(b))
	})
	return out
}

// reportScanCost is how many search-log rows the reports at the buckets'
// boundaries read: each reads from its boundary to now.
func reportScanCost(logs []directory.SearchLog, buckets []reportBucket, now time.Time) int {
	at := make([]time.Time, len(logs))
	for i, l := range logs {
		at[i] = l.At
	}
	slices.SortFunc(at, time.Time.Compare)
	cost := 0
	for _, b := range buckets {
		if b.From.After(now) {
			break
		}
		cost += len(at) - sort.Search(len(at), func(i int) bool { return !at[i].Before(b.From) })
	}
	return cost
}

// reportCounts reads the store's report at each boundary (the first is
// the earliest). A boundary still to come has nothing after it. The
// reports are read one after the other, so a call, a text or a reminder
// counted in between would put a count in the wrong part; the first is
// read again at the end, and all again (twice at most) unless it is the
// same.
func (c *Console) reportCounts(ctx context.Context, bounds []time.Time) ([]directory.Report, error) {
	now := c.now()
	for attempt := 1; ; attempt++ {
		reps := make([]directory.Report, len(bounds))
		read := 0
		for i, b := range bounds {
			if i > 0 && b.After(now) {
				continue
			}
			r, err := c.Store.Report(ctx, b)
			if err != nil {
				return nil, err
			}
			reps[i] = r
			read++
		}
		if read == 1 {
			return reps, nil // one read transaction
		}
		again, err := c.Store.Report(ctx, bounds[0])
		if err != nil {
			return nil, err
		}
		if slices.Equal(again.Activity, reps[0].Activity) && slices.Equal(again.Outbox, reps[0].Outbox) {
			return reps, nil
		}
		if attempt == 3 {
			c.log().Warn("console: the report's counts changed while they were read; some may be off by a few")
			return reps, nil
		}
	}
}

// reportCallsBetween is the calls and texts counted from a's start to b's.
func reportCallsBetween(a, b directory.Report) reportCalls {
	ca, ta := activity(a)
	cb, tb := activity(b)
	return reportCalls{Calls: max(ca-cb, 0), Texts: max(ta-tb, 0)}
}

// ---- names, as the command line's report shows them ----

func (c *Console) reportConcern(code string) string {
	if code == "" {
		return "(no concern understood)"
	}
	if c.Vocab != nil {
		if k, ok := c.Vocab.Concern(code); ok {
			return k.NameEN
		}
	}
	return code
}

func (c *Console) reportArea(key string) string {
	if key == "" {
		return "(area not known)"
	}
	if c.Areas != nil {
		if cx, ok := c.Areas.Complex(key); ok {
			return cx.Key() + " (" + cx.RegionEN + ")"
		}
	}
	return key
}

// ---- tables: one model for the page and the CSV ----

// reportTable is a table of counts. On the page a row is its Text and
// its Counts; in the CSV, its Keys and its Counts.
type reportTable struct {
	Key                string // table= in the CSV's address
	CSV                string // the CSV's address, for the page
	Caption            string
	TextHead, CSVHead  []string // headings of Text, and of Keys
	CountHead, CSVNums []string // headings of Counts, on the page and in the CSV
	Rows               []reportRow
	Empty              string // said when there are no rows
}

type reportRow struct {
	Text, Keys []string
	Counts     []int
}

func (c *Console) reportTables(rep *planReport) []reportTable {
	var ts []reportTable
	searchRows := func(counts []directory.SearchCount, concern bool) []reportRow {
		var rows []reportRow
		for _, s := range counts {
			key, name := s.Area, c.reportArea(s.Area)
			if concern {
				key, name = s.Concern, c.reportConcern(s.Concern)
			}
			rows = append(rows, reportRow{Text: []string{name}, Keys: []string{key, name}, Counts: []int{s.Searches, s.Searches - s.FoundNothing, s.FoundNothing}})
		}
		return rows
	}
	needRows := func(counts []directory.NeedCount) []reportRow {
		var rows []reportRow
		for _, n := range counts {
			cn, an := c.reportConcern(n.Concern), c.reportArea(n.Area)
			rows = append(rows, reportRow{Text: []string{cn, an}, Keys: []string{n.Concern, cn, n.Area, an}, Counts: []int{n.Count}})
		}
		return rows
	}
	searched := []string{"Searches", "Found a group", "Found nothing"}
	searchedCSV := []string{"searches", "found", "found_nothing"}
	ts = append(ts, reportTable{Key: "concerns", Caption: "Searches by concern, most searched first",
		TextHead: []string{"Concern"}, CSVHead: []string{"concern", "concern_name"}, CountHead: searched, CSVNums: searchedCSV,
		Rows: searchRows(rep.ByConcern, true), Empty: "No searches in these days."})

	var over []reportRow
	for i, b := range rep.Buckets {
		n := rep.Over[i]
		over = append(over, reportRow{Text: []string{b.Label()}, Keys: []string{b.From.Format(time.DateOnly), b.last().Format(time.DateOnly)},
			Counts: []int{n.Searches, n.Searches - n.Nothing, n.Nothing}})
	}
	ts = append(ts, reportTable{Key: "time", Caption: "Searches by " + rep.Step,
		TextHead: []string{reportStepName[rep.Step]}, CSVHead: []string{"from", "to"}, CountHead: searched, CSVNums: searchedCSV, Rows: over})

	ts = append(ts, reportTable{Key: "areas", Caption: "Searches by area (area-code region), most searched first",
		TextHead: []string{"Area"}, CSVHead: []string{"area", "area_name"}, CountHead: searched, CSVNums: searchedCSV,
		Rows: searchRows(rep.ByArea, false), Empty: "No searches in these days."})

	ts = append(ts, reportTable{Key: "unmet", Caption: "Searches that found no group, by concern and area, most first",
		TextHead: []string{"Concern", "Area"}, CSVHead: []string{"concern", "concern_name", "area", "area_name"},
		CountHead: []string{"Searches"}, CSVNums: []string{"searches"}, Rows: needRows(rep.Unmet), Empty: "Every search found a group."})

	var calls []reportRow
	if rep.CallsBy != nil {
		for i, b := range rep.Buckets {
			n := rep.CallsBy[i]
			calls = append(calls, reportRow{Text: []string{b.Label()}, Keys: []string{b.From.Format(time.DateOnly), b.last().Format(time.DateOnly)},
				Counts: []int{n.Calls, n.Texts}})
		}
	} else {
		p := rep.Period
		calls = []reportRow{{Text: []string{reportBucket{From: p.From, Next: p.End()}.Label()}, Keys: []string{p.From.Format(time.DateOnly), p.To.Format(time.DateOnly)},
			Counts: []int{rep.Calls, rep.Texts}}}
	}
	step := rep.Step
	if rep.CallsBy == nil {
		step = "period"
	}
	ts = append(ts, reportTable{Key: "calls", Caption: "Calls and texts answered, by " + step,
		TextHead: []string{reportStepName[step]}, CSVHead: []string{"from", "to"}, CountHead: []string{"Calls", "Texts"}, CSVNums: []string{"calls", "texts"}, Rows: calls})

	ts = append(ts, reportTable{Key: "waiting", Caption: "Open wait-list entries now, by concern and area, most first",
		TextHead: []string{"Concern", "Area"}, CSVHead: []string{"concern", "concern_name", "area", "area_name"},
		CountHead: []string{"People"}, CSVNums: []string{"people"}, Rows: needRows(rep.Waiting), Empty: "Nobody is waiting."})

	var out []reportRow
	for _, o := range rep.Outbox {
		d := o.Delivery
		if d == "" {
			d = "—"
		}
		out = append(out, reportRow{Text: []string{o.Kind, o.State, d}, Keys: []string{o.Kind, o.State, o.Delivery}, Counts: []int{o.Count}})
	}
	ts = append(ts, reportTable{Key: "reminders", Caption: "Reminders and notices queued in these days, by what became of them",
		TextHead: []string{"Kind", "State", "Twilio status"}, CSVHead: []string{"kind", "state", "delivery"},
		CountHead: []string{"Messages"}, CSVNums: []string{"messages"}, Rows: out, Empty: "None was queued in these days."})
	return ts
}

var reportStepName = map[string]string{"day": "Day (UTC)", "week": "Week (UTC days)", "month": "Month (UTC days)", "period": "Days (UTC)"}

// ---- the page ----

type reportData struct {
	Form          reportForm
	From, To      string
	Days          int
	Query         string // from=...&to=..., for the CSV links
	Searches      int
	Nothing       int
	Share         string // of searches that found nothing: "25%"
	Calls, Texts  int
	Step          string
	CallsByStep   bool                   // else the totals only
	Tables        map[string]reportTable // by key
	ConcernsChart template.HTML
	TimeChart     template.HTML
	AreasChart    template.HTML
	Ready         []readyLine // where enough people wait that a group could start (starting.go)
	Flagged       []flagRow   // listings to call back, now (checks.go)
}

func (c *Console) reportPage(w http.ResponseWriter, r *http.Request, me *account) {
	p, form := c.reportRange(r.URL.Query())
	rep, err := c.buildReport(r.Context(), p, true)
	if err != nil {
		c.fail(w, r, "counting the report", err)
		return
	}
	d := reportData{Form: form, From: p.From.Format(time.DateOnly), To: p.To.Format(time.DateOnly), Days: p.Days(), Query: p.query(),
		Searches: rep.Searches, Nothing: rep.Nothing, Calls: rep.Calls, Texts: rep.Texts, Step: rep.Step,
		CallsByStep: rep.CallsBy != nil, Tables: map[string]reportTable{}}
	if rep.Searches > 0 {
		d.Share = fmt.Sprintf("%.0f%%", 100*float64(rep.Nothing)/float64(rep.Searches))
	}
	if d.Ready, err = c.readyLines(r.Context()); err != nil {
		c.fail(w, r, "listing where a group could start", err)
		return
	}
	if d.Flagged, err = c.flagRows(r.Context(), me); err != nil {
		c.fail(w, r, "listing the flagged listings", err)
		return
	}
	for _, t := range c.reportTables(rep) {
		t.CSV = Prefix + "/report.csv?table=" + t.Key + "&" + d.Query
		d.Tables[t.Key] = t
	}
	span := fmt.Sprintf("from %s to %s", d.From, d.To)
	var bars []chartBar
	for _, s := range rep.ByConcern {
		bars = append(bars, chartBar{Label: c.reportConcern(s.Concern), Found: s.Searches - s.FoundNothing, Nothing: s.FoundNothing})
	}
	d.ConcernsChart = hbarChart("chart-concerns", "Searches by concern, "+span, bars)
	bars = bars[:0]
	for _, s := range rep.ByArea {
		bars = append(bars, chartBar{Label: c.reportArea(s.Area), Found: s.Searches - s.FoundNothing, Nothing: s.FoundNothing})
	}
	d.AreasChart = hbarChart("chart-areas", "Searches by area, "+span, bars)
	bars = bars[:0]
	for i, b := range rep.Buckets {
		bars = append(bars, chartBar{Label: b.Label(), Short: chartTick(b.From, rep.Step), Found: rep.Over[i].Searches - rep.Over[i].Nothing, Nothing: rep.Over[i].Nothing})
	}
	d.TimeChart = columnChart("chart-time", "Searches by "+rep.Step+", "+span, rep.Step, bars)
	status := http.StatusOK
	if len(form.Errors) > 0 {
		status = http.StatusUnprocessableEntity
	}
	c.render(w, r, status, "report.html", view{Title: "Report", Me: me, Data: d})
}

// ---- CSV ----

func (c *Console) reportCSV(w http.ResponseWriter, r *http.Request, me *account) {
	key := r.URL.Query().Get("table")
	p, form := c.reportRange(r.URL.Query())
	if len(form.Errors) > 0 {
		var msgs []string
		for _, f := range []string{"from", "to"} {
			if m, ok := form.Errors[f]; ok {
				msgs = append(msgs, f+": "+m)
			}
		}
		http.Error(w, strings.Join(msgs, "\n"), http.StatusBadRequest)
		return
	}
	if !slices.Contains(reportTableKeys, key) {
		c.notFound(w, r, me, "The report has no table “"+key+"”: it has "+strings.Join(reportTableKeys, ", ")+".")
		return
	}
	rep, err := c.buildReport(r.Context(), p, key == "calls")
	if err != nil {
		c.fail(w, r, "counting the report", err)
		return
	}
	var t reportTable
	for _, x := range c.reportTables(rep) {
		if x.Key == key {
			t = x
		}
	}
	var b strings.Builder
	cw := csv.NewWriter(&b)
	cw.Write(append(slices.Clone(t.CSVHead), t.CSVNums...))
	for _, row := range t.Rows {
		rec := make([]string, 0, len(row.Keys)+len(row.Counts))
		for _, k := range row.Keys {
			rec = append(rec, reportCSVCell(k))
		}
		for _, n := range row.Counts {
			rec = append(rec, strconv.Itoa(n))
		}
		cw.Write(rec)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		c.fail(w, r, "writing the report's CSV", err)
		return
	}
	name := fmt.Sprintf("peerline-report-%s-%s-to-%s.csv", key, p.From.Format(time.DateOnly), p.To.Format(time.DateOnly))
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	w.Write([]byte(b.String()))
}

// reportTableKeys are the tables, in the page's order.
var reportTableKeys = []string{"concerns", "time", "areas", "unmet", "calls", "waiting", "reminders"}

// reportCSVCell keeps a spreadsheet from reading a cell as a formula.
func reportCSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
