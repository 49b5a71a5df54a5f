package main

import (
	"context"
	"encoding/csv"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
)

// The report says where enough people wait that a group could start, by
// the town they live in when it is one, else the area's region; at the
// threshold set, and only there. Counts only: never a number.
func TestReportSaysWhereAGroupCouldStart(t *testing.T) {
	w, db := demoWorld(t)
	ctx := context.Background()
	c := directory.Consent{At: testNow, Via: directory.ViaSMS, Wording: "Reply YES to get one text when a group starts."}
	for i := range 7 { // Wawa exchange 705-856
		if _, err := w.store.JoinWaitlist(ctx, fmt.Sprintf("+1705856%04d", 100+i), "caregiving", "705", "705", directory.ByText, c); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 { // Sault and Sudbury exchanges: no one town
		for _, exchange := range []string{"705253", "705673"} {
			if _, err := w.store.JoinWaitlist(ctx, fmt.Sprintf("+1%s%04d", exchange, 200+i), "grief", "705", "705", directory.ByText, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, tc := range []struct {
		threshold string
		want      []string
		notWant   []string
	}{
		{"", []string{"Where a group could start (at least 5 people waiting, now)",
			"7 people are waiting for a group for Caregiving near Wawa",
			"6 people are waiting for a group for Grief and bereavement near Northeastern and Central Ontario"}, nil},
		{"7", []string{"7 people are waiting for a group for Caregiving near Wawa"}, []string{"6 people"}},
		{"8", nil, []string{"Where a group could start", "people are waiting"}},
	} {
		out, errOut, err := run(t, map[string]string{"PEERLINE_START_THRESHOLD": tc.threshold}, "report", "--db", db)
		if err != nil {
			t.Fatalf("threshold %q: %v\n%s", tc.threshold, err, errOut)
		}
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("threshold %q: the report does not say %q:\n%s", tc.threshold, want, out)
			}
		}
		for _, not := range tc.notWant {
			if strings.Contains(out, not) {
				t.Errorf("threshold %q: the report says %q:\n%s", tc.threshold, not, out)
			}
		}
		if regexp.MustCompile(`\+1\d`).MatchString(out) {
			t.Errorf("the report printed a phone number:\n%s", out)
		}
	}
	out, _, err := run(t, nil, "report", "--db", db, "--format", "csv")
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var ready []string
	for _, r := range recs {
		if r[0] == "ready" {
			ready = append(ready, strings.Join(r[3:7], "|")+"|"+r[9])
		}
	}
	want := []string{"caregiving|Caregiving|705|Wawa|7", "grief|Grief and bereavement|705|Northeastern and Central Ontario|6"}
	if strings.Join(ready, "\n") != strings.Join(want, "\n") {
		t.Errorf("csv ready rows:\n%s\nwant\n%s", strings.Join(ready, "\n"), strings.Join(want, "\n"))
	}
	if _, errOut, err := run(t, map[string]string{"PEERLINE_START_THRESHOLD": "many"}, "report", "--db", db); err == nil ||
		!strings.Contains(errOut+err.Error(), "PEERLINE_START_THRESHOLD") {
		t.Errorf("a bad threshold: %v %s", err, errOut)
	}
}
