package console_test

import (
	"context"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// reportWorld is the console's world (today is 2026-11-23) with three
// weeks of known use, 2026-11-01 to 2026-11-21, and use just before
// and just after: searches, calls and texts, a wait list, reminders.
func reportWorld(t *testing.T) *world {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	at := func(day, hh, mm, ss int) time.Time {
		return time.Date(2026, time.November, day, hh, mm, ss, 0, time.UTC)
	}
	for _, l := range []directory.SearchLog{
		{At: at(2, 10, 0, 0), Channel: directory.ChannelVoice, Concern: "grief", NPA: "705", Area: "705", Results: 3},
		{At: at(2, 11, 0, 0), Channel: directory.ChannelSMS, Concern: "grief", NPA: "249", Area: "705", Results: 0},
		{At: at(10, 9, 0, 0), Channel: directory.ChannelVoice, Concern: "parkinsons", NPA: "807", Area: "807", Results: 0},
		{At: at(10, 9, 5, 0), Channel: directory.ChannelVoice, Concern: "parkinsons", NPA: "807", Area: "807", Results: 0},
		{At: at(21, 23, 59, 59), Channel: directory.ChannelSMS, Concern: "parkinsons", NPA: "705", Area: "705", Results: 0}, // the range's last second
		{At: at(15, 12, 0, 0), Channel: directory.ChannelVoice, Concern: "", NPA: "705", Area: "705", Results: 0},
		{At: at(16, 12, 0, 0), Channel: directory.ChannelSMS, Concern: "dementia", NPA: "519", Area: "519", Results: 2},
		// Not counted in the range: staff trying the directory, before, after.
		{At: at(12, 12, 0, 0), Channel: directory.ChannelStaff, Concern: "grief", NPA: "705", Area: "705", Results: 0},
		{At: time.Date(2026, time.October, 31, 23, 59, 59, 0, time.UTC), Channel: directory.ChannelVoice, Concern: "grief", NPA: "705", Area: "705", Results: 0},
		{At: at(22, 0, 0, 0), Channel: directory.ChannelVoice, Concern: "suicide-loss", NPA: "705", Area: "705", Results: 0},
	} {
		if err := w.store.LogSearch(ctx, l); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.store.AddActivity(ctx, map[directory.ActivityKey]int{
		directory.ActivityAt(at(2, 10, 0, 0), directory.ActivityVoice, directory.ActivityCall):                                          3,
		directory.ActivityAt(at(21, 23, 0, 0), directory.ActivitySMS, directory.ActivityText):                                           2,
		directory.ActivityAt(time.Date(2026, time.October, 31, 12, 0, 0, 0, time.UTC), directory.ActivityVoice, directory.ActivityCall): 5,
		directory.ActivityAt(at(22, 1, 0, 0), directory.ActivityVoice, directory.ActivityCall):                                          7,
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.JoinWaitlist(ctx, memberNumber, "parkinsons", "705", "705", directory.ByText,
		directory.Consent{At: at(10, 9, 6, 0), Via: directory.ViaSMS, Wording: "Reply YES to hear when a group starts"}); err != nil {
		t.Fatal(err)
	}
	subs, err := w.store.Subscriptions(ctx, memberNumber)
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscriptions: %v %v", subs, err)
	}
	s := subs[0]
	queue := func(key string, when time.Time, state, delivery string) {
		t.Helper()
		it := directory.Outgoing{Key: key, Kind: directory.SendReminder, SubscriptionID: s.ID, MemberID: s.MemberID, GroupID: s.GroupID,
			Channel: directory.ByText, Lang: directory.English, MeetingAt: when.Add(48 * time.Hour), DueAt: when.Add(24 * time.Hour)}
		if _, err := w.store.Enqueue(ctx, []directory.Outgoing{it}, when); err != nil {
			t.Fatal(err)
		}
		if _, err := w.store.DB().Exec(`UPDATE outbox SET state = ?, delivery = ? WHERE key = ?`, state, delivery, key); err != nil {
			t.Fatal(err)
		}
	}
	queue("in-sent", at(5, 8, 0, 0), directory.OutboxSent, "delivered")
	queue("in-failed", at(6, 8, 0, 0), directory.OutboxFailed, "")
	queue("before", time.Date(2026, time.October, 20, 8, 0, 0, 0, time.UTC), directory.OutboxSent, "delivered")
	queue("after", at(22, 8, 0, 0), directory.OutboxPending, "")
	return w
}

const threeWeeks = "/console/report?from=2026-11-01&to=2026-11-21"

// tableCells is each body row of a table of the page, its cells' text.
func tableCells(t *testing.T, page, id string) [][]string {
	t.Helper()
	tbl := parse(t, page).byID(id)
	if tbl == nil {
		t.Fatalf("no table #%s in the page", id)
	}
	var out [][]string
	for _, tr := range tbl.named("tr") {
		if len(tr.named("td")) == 0 { // the heading
			continue
		}
		var row []string
		for _, c := range tr.children {
			if c.name == "th" || c.name == "td" {
				row = append(row, strings.Join(strings.Fields(c.Text()), " "))
			}
		}
		out = append(out, row)
	}
	return out
}

func TestReportCountsTheRangeOnly(t *testing.T) {
	w := reportWorld(t)
	r := w.do(http.MethodGet, threeWeeks, "viewer@centre.example", nil)
	if r.status != http.StatusOK {
		t.Fatalf("%d\n%s", r.status, r.body)
	}
	for id, want := range map[string]string{"from-day": "2026-11-01", "to-day": "2026-11-21", "searches": "7", "nothing": "5", "calls": "3", "texts": "2"} {
		if got := idText(t, r.body, id); got != want {
			t.Errorf("#%s = %q, want %q", id, got, want)
		}
	}
	for id, want := range map[string][][]string{
		"table-concerns": {
			{"Parkinson's", "3", "0", "3"},
			{"Grief and bereavement", "2", "1", "1"},
			{"(no concern understood)", "1", "0", "1"},
			{"Dementia and Alzheimer's", "1", "1", "0"},
		},
		"table-areas": {
			{"705 (Northeastern and Central Ontario)", "4", "1", "3"},
			{"807 (Northwestern Ontario)", "2", "0", "2"},
			{"519 (Southwestern Ontario)", "1", "1", "0"},
		},
		"table-unmet": {
			{"Parkinson's", "807 (Northwestern Ontario)", "2"},
			{"(no concern understood)", "705 (Northeastern and Central Ontario)", "1"},
			{"Grief and bereavement", "705 (Northeastern and Central Ontario)", "1"},
			{"Parkinson's", "705 (Northeastern and Central Ontario)", "1"},
		},
		"table-waiting":   {{"Parkinson's", "705 (Northeastern and Central Ontario)", "1"}},
		"table-reminders": {{"reminder", "failed", "—", "1"}, {"reminder", "sent", "delivered", "1"}},
	} {
		if got := tableCells(t, r.body, id); !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s:\n got %q\nwant %q", id, got, want)
		}
	}
	// By day: 21 rows, the searches and the calls and texts on their days.
	days := tableCells(t, r.body, "table-time")
	calls := tableCells(t, r.body, "table-calls")
	if len(days) != 21 || len(calls) != 21 {
		t.Fatalf("%d days of searches, %d of calls; want 21", len(days), len(calls))
	}
	for i, want := range map[int][]string{0: {"2026-11-01", "0", "0", "0"}, 1: {"2026-11-02", "2", "1", "1"}, 9: {"2026-11-10", "2", "0", "2"}, 20: {"2026-11-21", "1", "0", "1"}} {
		if !slices.Equal(days[i], want) {
			t.Errorf("searches, day %d: %q, want %q", i+1, days[i], want)
		}
	}
	for i, want := range map[int][]string{0: {"2026-11-01", "0", "0"}, 1: {"2026-11-02", "3", "0"}, 20: {"2026-11-21", "0", "2"}} {
		if !slices.Equal(calls[i], want) {
			t.Errorf("calls, day %d: %q, want %q", i+1, calls[i], want)
		}
	}
	text := textOf(t, r.body)
	for _, notThere := range []string{"Loss to suicide", "(no concern understood) 807"} {
		if strings.Contains(text, notThere) {
			t.Errorf("the page counts %q, from outside the range", notThere)
		}
	}
	for _, id := range []string{"calls-period", "waiting-period", "reminders-period"} {
		if !strings.Contains(idText(t, r.body, id), "2026-11-01 to 2026-11-21") {
			t.Errorf("#%s does not say what days it covers: %q", id, idText(t, r.body, id))
		}
	}
	if !strings.Contains(idText(t, r.body, "waiting-period"), "open today, whenever they were made") {
		t.Errorf("the wait list does not say it is now")
	}

	// The default: the last 30 days, today included; the searches and
	// calls before and after the three weeks are in it.
	r = w.do(http.MethodGet, "/console/report", "viewer@centre.example", nil)
	for id, want := range map[string]string{"from-day": "2026-10-25", "to-day": "2026-11-23", "searches": "9", "calls": "15", "texts": "2"} {
		if got := idText(t, r.body, id); got != want {
			t.Errorf("default range: #%s = %q, want %q", id, got, want)
		}
	}
	if got := tableCells(t, r.body, "table-reminders"); len(got) != 3 {
		t.Errorf("default range: reminders %q", got)
	}
	// An end after today is today; a long range is counted by week.
	r = w.do(http.MethodGet, "/console/report?from=2026-08-01&to=2027-01-31", "viewer@centre.example", nil)
	if r.status != http.StatusOK || idText(t, r.body, "to-day") != "2026-11-23" || idText(t, r.body, "searches") != "9" {
		t.Errorf("to a day to come: %d, to %q, %q searches", r.status, idText(t, r.body, "to-day"), idText(t, r.body, "searches"))
	}
	weeks := tableCells(t, r.body, "table-time")
	if len(weeks) != 17 || weeks[0][0] != "2026-08-01 to 2026-08-07" || weeks[16][0] != "2026-11-21 to 2026-11-23" {
		t.Errorf("by week: %q", weeks)
	}
}

func TestReportBadDates(t *testing.T) {
	w := reportWorld(t)
	for _, c := range []struct{ query, field, typed, says string }{
		{"from=24/11/2026&to=2026-11-21", "from", "24/11/2026", "“24/11/2026” is not a date"},
		{"from=2026-11-01&to=2026-02-30", "to", "2026-02-30", "“2026-02-30” is not a date"},
		{"from=2026-11-10&to=2026-11-01", "to", "2026-11-01", "before the start"},
		{"from=2026-12-01", "from", "2026-12-01", "has not come yet"},
		{"from=2001-01-01", "from", "2001-01-01", "more than ten years"},
	} {
		r := w.do(http.MethodGet, "/console/report?"+c.query, "staff@centre.example", nil)
		if r.status != http.StatusUnprocessableEntity {
			t.Errorf("%s: %d, want 422", c.query, r.status)
		}
		if got := idText(t, r.body, c.field+"-error"); !strings.Contains(got, c.says) {
			t.Errorf("%s: #%s-error = %q, want %q", c.query, c.field, got, c.says)
		}
		doc := parse(t, r.body)
		if in := doc.byID(c.field); in.attr["value"] != c.typed || in.attr["aria-invalid"] != "true" || in.attr["aria-describedby"] != c.field+"-error" {
			t.Errorf("%s: the field is %v", c.query, in.attr)
		}
		if idText(t, r.body, "from-day") != "2026-10-25" || idText(t, r.body, "to-day") != "2026-11-23" || doc.byID("range-error") == nil {
			t.Errorf("%s: not the default range, or not said", c.query)
		}
		// The CSV refuses a bad range rather than give another.
		if r := w.do(http.MethodGet, "/console/report.csv?table=concerns&"+c.query, "staff@centre.example", nil); r.status != http.StatusBadRequest {
			t.Errorf("CSV, %s: %d", c.query, r.status)
		}
	}
	if r := w.do(http.MethodGet, "/console/report.csv?table=numbers", "staff@centre.example", nil); r.status != http.StatusNotFound {
		t.Errorf("an unknown table: %d", r.status)
	}
}

func TestReportCSVIsThePage(t *testing.T) {
	w := reportWorld(t)
	page := w.do(http.MethodGet, threeWeeks, "viewer@centre.example", nil).body
	doc := parse(t, page)
	heads := map[string][]string{
		"concerns":  {"concern", "concern_name", "searches", "found", "found_nothing"},
		"time":      {"from", "to", "searches", "found", "found_nothing"},
		"areas":     {"area", "area_name", "searches", "found", "found_nothing"},
		"unmet":     {"concern", "concern_name", "area", "area_name", "searches"},
		"calls":     {"from", "to", "calls", "texts"},
		"waiting":   {"concern", "concern_name", "area", "area_name", "people"},
		"reminders": {"kind", "state", "delivery", "messages"},
	}
	for table, head := range heads {
		link := doc.byID("csv-" + table)
		if link == nil {
			t.Errorf("no CSV link for %s", table)
			continue
		}
		r := w.do(http.MethodGet, link.attr["href"], "viewer@centre.example", nil)
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), "text/csv") {
			t.Fatalf("%s: %d %q", link.attr["href"], r.status, r.header.Get("Content-Type"))
		}
		want := fmt.Sprintf(`attachment; filename="peerline-report-%s-2026-11-01-to-2026-11-21.csv"`, table)
		if got := r.header.Get("Content-Disposition"); got != want {
			t.Errorf("%s: Content-Disposition %q, want %q", table, got, want)
		}
		recs, err := csv.NewReader(strings.NewReader(r.body)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v\n%s", table, err, r.body)
		}
		if !slices.Equal(recs[0], head) {
			t.Errorf("%s: header %q, want %q", table, recs[0], head)
		}
		rows := tableCells(t, page, "table-"+table)
		if len(recs)-1 != len(rows) {
			t.Fatalf("%s: %d rows in the CSV, %d on the page", table, len(recs)-1, len(rows))
		}
		for i, row := range rows {
			rec := recs[i+1]
			nums := 0
			for _, h := range head {
				if !slices.Contains([]string{"concern", "concern_name", "area", "area_name", "from", "to", "kind", "state", "delivery"}, h) {
					nums++
				}
			}
			if !slices.Equal(rec[len(rec)-nums:], row[len(row)-nums:]) {
				t.Errorf("%s row %d: the CSV counts %q, the page %q", table, i+1, rec, row)
			}
			for _, name := range row[:len(row)-nums] {
				if name != "—" && !slices.Contains(rec, name) && !strings.HasPrefix(name, rec[0]) {
					t.Errorf("%s row %d: %q is not in the CSV's %q", table, i+1, name, rec)
				}
			}
		}
	}
	// The names are the command line's; the codes are there too.
	r := w.do(http.MethodGet, "/console/report.csv?table=unmet&from=2026-11-01&to=2026-11-21", "admin@centre.example", nil)
	if !strings.Contains(r.body, "parkinsons,Parkinson's,807,807 (Northwestern Ontario),2\n") ||
		!strings.Contains(r.body, ",(no concern understood),705,") {
		t.Errorf("unmet CSV:\n%s", r.body)
	}
}

// svgs are the page's inline SVG elements, each as its own document.
func svgs(page string) map[string]string {
	out := map[string]string{}
	for rest := page; ; {
		i := strings.Index(rest, "<svg")
		if i < 0 {
			return out
		}
		j := strings.Index(rest[i:], "</svg>")
		if j < 0 {
			out["unclosed"] = rest[i:]
			return out
		}
		doc := rest[i : i+j+len("</svg>")]
		id := regexp.MustCompile(`\bid="([^"]+)"`).FindStringSubmatch(doc)
		out[id[1]] = doc
		rest = rest[i+j:]
	}
}

func TestReportChartsAreWellFormedSVG(t *testing.T) {
	w := reportWorld(t)
	page := w.do(http.MethodGet, threeWeeks, "viewer@centre.example", nil).body
	charts := svgs(page)
	colour := regexp.MustCompile(`^#[0-9a-f]{6}$`)
	for id, bars := range map[string]int{"chart-concerns": 4, "chart-time": 21, "chart-areas": 3} {
		doc, ok := charts[id]
		if !ok {
			t.Errorf("no chart %s; charts: %v", id, charts)
			continue
		}
		d := xml.NewDecoder(strings.NewReader(doc)) // strict: XML, not HTML
		var root xml.StartElement
		var first []string // the root's first children
		said := map[string]string{}
		depth, n := 0, 0
		for {
			tok, err := d.Token()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("%s is not well-formed XML: %v\n%s", id, err, doc)
			}
			switch tok := tok.(type) {
			case xml.StartElement:
				if depth == 0 {
					root = tok
				}
				if depth == 1 && len(first) < 2 && tok.Name.Local != "title" && tok.Name.Local != "desc" {
					first = append(first, tok.Name.Local)
				}
				if depth == 1 && (tok.Name.Local == "title" || tok.Name.Local == "desc") {
					var text string
					if err := d.DecodeElement(&text, &tok); err != nil {
						t.Fatal(err)
					}
					said[tok.Name.Local] = text
					first = append(first, tok.Name.Local)
					continue
				}
				for _, a := range tok.Attr {
					if tok.Name.Local == "g" && a.Name.Local == "class" && a.Value == "bar" {
						n++
					}
					if (a.Name.Local == "fill" || a.Name.Local == "stroke") && !colour.MatchString(a.Value) {
						t.Errorf("%s: %s %s=%q", id, tok.Name.Local, a.Name.Local, a.Value)
					}
					if a.Name.Local == "style" || strings.HasPrefix(a.Name.Local, "on") {
						t.Errorf("%s: a %s attribute", id, a.Name.Local)
					}
				}
				depth++
			case xml.EndElement:
				depth--
			}
		}
		if root.Name.Space != "http://www.w3.org/2000/svg" || root.Name.Local != "svg" || !slices.Equal(first, []string{"title", "desc"}) {
			t.Errorf("%s: root %v, first children %v", id, root.Name, first)
		}
		attr := map[string]string{}
		for _, a := range root.Attr {
			attr[a.Name.Local] = a.Value
		}
		if attr["role"] != "img" || attr["aria-labelledby"] != id+"-title" || attr["aria-describedby"] != id+"-desc" || attr["width"] != "100%" || attr["viewBox"] == "" {
			t.Errorf("%s: attributes %v", id, attr)
		}
		if n != bars {
			t.Errorf("%s: %d bars, want %d", id, n, bars)
		}
		if !strings.Contains(said["title"], "from 2026-11-01 to 2026-11-21") || !strings.Contains(said["desc"], map[string]string{
			"chart-concerns": "4 bars, most first; the blue part of a bar found a group, the orange part found nothing. Parkinson's: 3 searches, 3 found nothing; Grief and bereavement: 2 searches, 1 found nothing;",
			"chart-time":     "A column for each day, 2026-11-01 to 2026-11-21: 7 searches in all, 5 of them found nothing. The most in one day: 2, 2026-11-02.",
			"chart-areas":    "705 (Northeastern and Central Ontario): 4 searches, 3 found nothing; 807 (Northwestern Ontario): 2 searches, 2 found nothing; 519 (Southwestern Ontario): 1 search.",
		}[id]) {
			t.Errorf("%s: title %q, desc %q", id, said["title"], said["desc"])
		}
	}
	// The names are text, escaped: an apostrophe, in title, desc and label.
	if c := charts["chart-concerns"]; !strings.Contains(c, "Dementia and Alzheimer&#39;s") || !strings.Contains(c, "Parkinson&#39;s: 3 searches, 3 found nothing") {
		t.Errorf("the concerns chart does not name its bars:\n%s", c)
	}
	// No searches, no charts, and the tables say so.
	empty := w.do(http.MethodGet, "/console/report?from=2026-09-01&to=2026-09-30", "viewer@centre.example", nil).body
	if len(svgs(empty)) != 0 || !strings.Contains(idText(t, empty, "table-concerns-empty"), "No searches") {
		t.Errorf("a period without searches:\n%s", empty)
	}
}

func TestReportForEveryRoleAndNoNumbers(t *testing.T) {
	w := reportWorld(t)
	phone := regexp.MustCompile(`\+\d{4,}|\b\d{3}[-. ]?\d{3}[-. ]\d{4}\b|\b\d{10,11}\b|\*\*\*`)
	numbers := []string{memberNumber, callerNumber, memberNumber[2:], callerNumber[2:], "555-0142", "5550142", "253-0000", "2530000", directory.Mask(memberNumber)}
	for _, path := range []string{threeWeeks, "/console/report"} {
		for _, role := range []string{"viewer", "staff", "admin"} {
			r := w.do(http.MethodGet, path, role+"@centre.example", nil)
			if r.status != http.StatusOK {
				t.Errorf("%s as %s: %d", path, role, r.status)
				continue
			}
			if !strings.Contains(r.body, `<a href="/console/report">Report</a>`) {
				t.Errorf("%s as %s: no Report link in the navigation", path, role)
			}
			bodies := []string{r.body}
			for _, a := range parse(t, r.body).named("a") {
				if strings.HasPrefix(a.attr["href"], "/console/report.csv") {
					c := w.do(http.MethodGet, a.attr["href"], role+"@centre.example", nil)
					if c.status != http.StatusOK {
						t.Errorf("%s as %s: %d", a.attr["href"], role, c.status)
					}
					bodies = append(bodies, c.body)
				}
			}
			if len(bodies) != 8 {
				t.Errorf("%s as %s: %d CSV links, want 7", path, role, len(bodies)-1)
			}
			for _, b := range bodies {
				if m := phone.FindString(b); m != "" {
					t.Errorf("%s as %s: something like a phone number, %q", path, role, m)
				}
				for _, n := range numbers {
					if strings.Contains(b, n) {
						t.Errorf("%s as %s: the number %s", path, role, n)
					}
				}
			}
		}
	}
	for _, path := range []string{threeWeeks, "/console/report.csv?table=concerns"} {
		if r := w.do(http.MethodGet, path, "", nil); r.status != http.StatusSeeOther || !strings.HasPrefix(r.header.Get("Location"), "/console/login?next=") {
			t.Errorf("%s without a session: %d to %q", path, r.status, r.header.Get("Location"))
		}
	}
}
