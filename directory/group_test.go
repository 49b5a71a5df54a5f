package directory

import (
	"testing"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// The next meeting is never a cancelled one, however many are cancelled
// in a row; the meetings of a period still list them, for the notices.
func TestNextMeetingIsNeverCancelled(t *testing.T) {
	toronto, err := time.LoadLocation("America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	g := Group{Zone: "America/Toronto", Schedules: []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TU"},
		Start: recur.Date{Year: 2026, Month: time.January, Day: 6}, Opens: 19 * 60}}}
	monday := time.Date(2026, 11, 23, 10, 0, 0, 0, toronto)
	tests := []struct {
		name      string
		cancelled []recur.Date
		want      time.Time
	}{
		{"none cancelled", nil, time.Date(2026, 11, 24, 19, 0, 0, 0, toronto)},
		{"the next one cancelled", []recur.Date{{Year: 2026, Month: 11, Day: 24}}, time.Date(2026, 12, 1, 19, 0, 0, 0, toronto)},
		{"two in a row cancelled", []recur.Date{{Year: 2026, Month: 12, Day: 1}, {Year: 2026, Month: 11, Day: 24}}, time.Date(2026, 12, 8, 19, 0, 0, 0, toronto)},
		{"a day it does not meet", []recur.Date{{Year: 2026, Month: 11, Day: 25}}, time.Date(2026, 11, 24, 19, 0, 0, 0, toronto)},
	}
	for _, tt := range tests {
		g.Cancelled = tt.cancelled
		got, ok := g.NextMeeting(monday)
		if !ok || !got.Equal(tt.want) {
			t.Errorf("%s: next %v, %v; want %v", tt.name, got, ok, tt.want)
		}
	}
	g.Cancelled = []recur.Date{{Year: 2026, Month: 11, Day: 24}}
	if all := g.Meetings(monday, monday.Add(9*24*time.Hour)); len(all) != 2 || !g.IsCancelled(all[0]) || g.IsCancelled(all[1]) {
		t.Errorf("meetings %v: want the cancelled one listed, then the next", all)
	}
}

func TestTakesReminders(t *testing.T) {
	weekly := []recur.Schedule{{Freq: recur.Weekly, ByDay: []string{"TU"}, Opens: 600}}
	dialin := &Dialin{Number: "+17055550199"}
	tests := []struct {
		name string
		g    Group
		want bool
	}{
		{"a telephone group that meets", Group{Status: StatusActive, Dialin: dialin, Schedules: weekly}, true},
		{"an in-person group", Group{Status: StatusActive, Place: &Place{City: "Sudbury"}, Schedules: weekly}, false},
		{"a telephone group with no meetings listed", Group{Status: StatusActive, Dialin: dialin}, false},
		{"a closed telephone group", Group{Status: StatusTemporarilyClosed, Dialin: dialin, Schedules: weekly}, false},
	}
	for _, tt := range tests {
		if got := tt.g.TakesReminders(); got != tt.want {
			t.Errorf("%s: %v; want %v", tt.name, got, tt.want)
		}
	}
}
