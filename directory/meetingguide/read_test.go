package meetingguide

import (
	"os"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

func TestAFeedAsIntergroupsWriteIt(t *testing.T) {
	f, err := os.Open("testdata/northeast.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	imp, err := Read(f, Options{Concern: "alcoholics anonymous", Source: "northeast.json"}, directorytest.Vocab(t), directorytest.Areas(t))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, r := range imp.Rows {
		g := r.Group
		got = append(got, strings.Join([]string{strings.TrimPrefix(g.SourceID, prefix("northeast.json")), g.Name, string(g.Status), strings.Join(g.Concerns, ",")}, " | "))
	}
	want := []string{
		"saturday-morning-hope | Hope Group | active | alcohol",
		"1042 | Groupe Espoir | active | alcohol",
		"noon-by-phone | Noon by Phone | active | alcohol",
		"kenora-lakeside | Kenora Lakeside | temporarily closed | alcohol",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("groups:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(imp.Report.Errors) != 1 {
		t.Fatalf("reported %v, want the meeting by appointment", imp.Report.Errors)
	}
	mustContain(t, imp.Report.Errors[0].Error(), "northeast.json:6: meeting 6 (by-appointment): day: missing", "time: missing")

	hope := imp.Rows[0].Group
	if hope.Place.Name != "St. Andrew's Hall" || hope.Place.Lat != 46.4904 || hope.Organization != "District 84" || len(hope.Schedules) != 2 {
		t.Errorf("Hope Group: %+v", hope)
	}
	espoir := imp.Rows[1].Group
	if !espoir.Speaks(directory.French) || espoir.Speaks(directory.English) || espoir.Description != "Réunion fermée : pour les membres seulement." {
		t.Errorf("Groupe Espoir: languages %v, description %q", espoir.Languages, espoir.Description)
	}
	phone := imp.Rows[2].Group
	if phone.Place != nil || phone.Dialin.AccessCode != "83212345678#085392#" || !phone.TakesReminders() {
		t.Errorf("Noon by Phone: %+v %+v", phone.Place, phone.Dialin)
	}
	if kenora := imp.Rows[3].Group; kenora.Zone != "America/Winnipeg" {
		t.Errorf("Kenora: zone %s", kenora.Zone)
	}
}

func TestAnEntrysProblemsAreReportedTogetherAtItsPosition(t *testing.T) {
	bad := with(obj{"slug": "three-problems", "day": 9, "time": nil, "conference_url": "zoom.us/j/1"})
	imp := read(t, defaultOptions, feedOf(t, with(obj{"slug": "one"}), bad, with(obj{"slug": "three", "name": "Other"})))
	if len(imp.Rows) != 2 {
		t.Errorf("%d groups, want the two good meetings", len(imp.Rows))
	}
	if len(imp.Report.Errors) != 1 {
		t.Fatalf("reported %d errors, want one for the meeting: %v", len(imp.Report.Errors), imp.Report.Errors)
	}
	e := imp.Report.Errors[0]
	if e.File != "feed.json" || e.Line != 2 {
		t.Errorf("reported at %s:%d, want feed.json:2", e.File, e.Line)
	}
	msg := e.Error()
	mustContain(t, msg, "feed.json:2: meeting 2 (three-problems): ", `day: "9"`, "time: missing", `conference_url: url "zoom.us/j/1"`)
	if n := strings.Count(msg, ";"); n != 2 {
		t.Errorf("%q: %d problems, want 3", msg, n+1)
	}
}

func TestAFeedThatCannotBeReadChangesNothing(t *testing.T) {
	vocab, areas := directorytest.Vocab(t), directorytest.Areas(t)
	good := feedOf(t, base())
	for _, tc := range []struct {
		name, feed string
		opt        Options
		want       string
	}{
		{"not JSON", "<html><body>Error 500</body></html>", defaultOptions, "not a Meeting Guide feed"},
		{"empty", "", defaultOptions, "not a Meeting Guide feed: the JSON ends too soon"},
		{"an object", `{"meetings": []}`, defaultOptions, "want an array of meetings"},
		{"a string", `"meetings"`, defaultOptions, "want an array of meetings"},
		{"null", `null`, defaultOptions, "want an array of meetings"},
		{"no meetings", `[]`, defaultOptions, "lists no meetings"},
		{"cut short", good[:len(good)/2], defaultOptions, "meeting 1 cannot be read"},
		{"unclosed", strings.TrimSuffix(good, "]"), defaultOptions, "not closed"},
		{"followed by more", good + good, defaultOptions, "something follows"},
		{"no meeting usable", feedOf(t, with(obj{"time": nil}), with(obj{"slug": "b", "day": 9})), defaultOptions,
			"none of its 2 meetings can be used, so nothing was changed; meeting 1 (hope): time: missing"},
		{"no concern", good, Options{Source: "feed.json"}, "no concern given"},
		{"an unknown concern", good, Options{Concern: "knitting", Source: "feed.json"}, `concern "knitting" is not one the line knows`},
		{"an unknown zone", good, Options{Concern: "alcohol", Zone: "Eastern", Source: "feed.json"}, `zone "Eastern" is not an IANA time zone`},
	} {
		imp, err := Read(strings.NewReader(tc.feed), tc.opt, vocab, areas)
		if err == nil || imp != nil {
			t.Errorf("%s: read %+v, %v; want an error and nothing", tc.name, imp, err)
			continue
		}
		mustContain(t, err.Error(), tc.want)
	}
}

func TestAFeedMayStartWithAByteOrderMark(t *testing.T) {
	imp := read(t, defaultOptions, "\ufeff"+feedOf(t, base()))
	if len(imp.Rows) != 1 {
		t.Errorf("%d groups", len(imp.Rows))
	}
}

func TestAnEntryThatIsNotAMeetingIsReported(t *testing.T) {
	imp := read(t, defaultOptions, "["+feedOf(t, base())[1:len(feedOf(t, base()))-1]+`, "meeting", 42, null]`)
	if len(imp.Rows) != 1 || len(imp.Report.Errors) != 3 {
		t.Fatalf("%d groups, errors %v", len(imp.Rows), imp.Report.Errors)
	}
	for i, e := range imp.Report.Errors {
		if e.Line != i+2 {
			t.Errorf("error %d at %d", i, e.Line)
		}
		mustContain(t, e.Error(), "not a meeting: want a JSON object")
	}
	mustContain(t, readBad(t, with(obj{"name": []string{"Hope"}})), "name: want text, not a list")
	mustContain(t, readBad(t, with(obj{"slug": nil})), "slug: missing")
	mustContain(t, readBad(t, with(obj{"name": ""})), "no name")
}
