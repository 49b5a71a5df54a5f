package meetingguide

import (
	"slices"
	"testing"

	"github.com/peerline/peerline/directory/recur"
)

func TestDayIsReadInEveryFormFeedsWrite(t *testing.T) {
	for _, tc := range []struct {
		day  any
		want []string
	}{
		{0, []string{"SU"}},
		{6, []string{"SA"}},
		{1.0, []string{"MO"}},
		{"1", []string{"MO"}},
		{"Monday", []string{"MO"}},
		{"thurs", []string{"TH"}},
		{"mercredi", []string{"WE"}},
		{"Dimanche", []string{"SU"}},
		{[]any{1, 3, 5}, []string{"MO", "WE", "FR"}},
		{[]any{"0", "Tuesday"}, []string{"TU", "SU"}}, // Monday first, as recur orders a week
		{"2, 4", []string{"TU", "TH"}},
		{[]any{2, 2}, []string{"TU"}},
	} {
		g := readOne(t, with(obj{"day": tc.day}))
		if len(g.Schedules) != 1 || !slices.Equal(g.Schedules[0].ByDay, tc.want) {
			t.Errorf("day %v: schedules %+v, want one on %v", tc.day, g.Schedules, tc.want)
		}
	}
}

func TestADayThatIsNoDayIsReported(t *testing.T) {
	for _, day := range []any{7, -1, 1.5, "Someday", nil, []any{}, map[string]any{"d": 1}} {
		mustContain(t, readBad(t, with(obj{"day": day})), "meeting 2 (hope): day: ")
	}
}

func TestTimeIsReadInEveryFormFeedsWrite(t *testing.T) {
	for _, tc := range []struct {
		time string
		want recur.Clock
	}{
		{"19:00", 19 * 60},
		{"19:00:00", 19 * 60},
		{"7:30", 7*60 + 30},
		{"7:30 PM", 19*60 + 30},
		{"7:30pm", 19*60 + 30},
		{"7 p.m.", 19 * 60},
		{"7:30 a.m.", 7*60 + 30},
		{"12:00 AM", 0},
		{"12 PM", 12 * 60},
		{"12:15pm", 12*60 + 15},
		{"19h30", 19*60 + 30},
		{"19 h", 19 * 60},
		{"1900", 19 * 60},
		{"noon", 12 * 60},
	} {
		g := readOne(t, with(obj{"time": tc.time}))
		if got := g.Schedules[0].Opens; got != tc.want {
			t.Errorf("time %q: opens %s, want %s", tc.time, got, tc.want)
		}
	}
}

func TestATimeThatIsNoTimeIsReported(t *testing.T) {
	for _, tm := range []any{nil, "", "25:00", "7:60", "13:00 PM", "0 AM", "19:00:30", "soon", "7", []any{"19:00"}} {
		mustContain(t, readBad(t, with(obj{"time": tm})), "meeting 2 (hope): time: ")
	}
}

func TestEndTimeClosesTheMeeting(t *testing.T) {
	for _, tc := range []struct {
		start, end string
		want       recur.Clock
	}{
		{"19:00", "20:30", 20*60 + 30},
		{"7:00 PM", "8:30 PM", 20*60 + 30},
		{"19:00", "20:30:00", 20*60 + 30},
		{"23:00", "00:00", 24 * 60}, // midnight, at the end of the day
		{"23:30", "00:30", 0},       // past midnight: a schedule cannot say it, so left out
		{"19:00", "19:00", 0},       // no length: nothing to say
		{"19:00", "", 0},            // not given
	} {
		m := with(obj{"time": tc.start, "end_time": tc.end})
		if tc.end == "" {
			m = with(obj{"time": tc.start, "end_time": nil})
		}
		g := readOne(t, m)
		if got := g.Schedules[0].Closes; got != tc.want {
			t.Errorf("%s to %q: closes %d, want %d", tc.start, tc.end, got, tc.want)
		}
	}
	mustContain(t, readBad(t, with(obj{"end_time": "late"})), "end_time: ")
}
