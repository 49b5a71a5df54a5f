package jobs

import (
	"context"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// What a reminder says is true for the member who reads or hears it.

// A member in Kenora (Central time) is reminded of an Eastern group's
// 7 p.m. meeting at their own clock, with the group's beside it.
func TestAKenoraMemberIsRemindedAtTheirClock(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, "+18074680000", 3001, directory.ByText, directory.English) // a Kenora exchange
	w.subscribe(t, "+17052530000", 3001, directory.ByText, directory.English) // a Sault one
	sent, _ := w.passAt(t, at(11, 23, 19, 0))                                 // the day before
	byNumber := map[string]string{}
	for _, m := range sent {
		byNumber[m.To] = m.Body
	}
	if got := byNumber["+18074680000"]; !strings.Contains(got, "Tuesday Grief Circle meets Tue Nov 24 6pm Central (7pm Eastern).") {
		t.Errorf("the Kenora member read:\n%s", got)
	}
	if got := byNumber["+17052530000"]; !strings.Contains(got, "Tuesday Grief Circle meets Tue Nov 24 7pm.") {
		t.Errorf("the Sault member read:\n%s", got)
	}
}

// A cancellation notice names the next meeting that is not cancelled
// too.
func TestACancellationNoticeNamesAMeetingThatHappens(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, "+17052530000", 3001, directory.ByText, directory.English)
	ctx := context.Background()
	for _, day := range []recur.Date{date(2026, 11, 24), date(2026, 12, 1)} { // this week's, and next week's too
		if err := w.store.CancelMeeting(ctx, w.codes[3001], day, at(11, 20, 9, 0)); err != nil {
			t.Fatal(err)
		}
	}
	sent, _ := w.passAt(t, at(11, 23, 19, 0))
	if len(sent) != 1 || !strings.Contains(sent[0].Body, "Tuesday Grief Circle will not meet on Tue Nov 24. Next meeting: Tue Dec 8 7pm.") {
		t.Fatalf("the notice: %+v", sent)
	}
}
