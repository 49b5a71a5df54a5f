package jobs

import (
	"testing"
	"time"

	"github.com/peerline/peerline/directory/directorytest"
)

func TestParseLeads(t *testing.T) {
	leads, err := ParseLeads("1h, 24h")
	if err != nil || len(leads) != 2 || leads[0] != 24*time.Hour || leads[1] != time.Hour {
		t.Fatalf("ParseLeads = %v, %v", leads, err)
	}
	for _, bad := range []string{"", "tomorrow", "-1h", "0s", "200h"} {
		if _, err := ParseLeads(bad); err == nil {
			t.Errorf("ParseLeads(%q) should fail", bad)
		}
	}
}

func TestQuietHoursMoveOrDropReminders(t *testing.T) {
	toronto := directorytest.Zone(t, "America/Toronto")
	leads := []time.Duration{24 * time.Hour, time.Hour}
	at := func(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, toronto) }
	tests := []struct {
		name    string
		meeting time.Time
		leads   []time.Duration
		want    []time.Time
	}{
		{"an evening meeting: both in the daytime", at(24, 19, 0), leads, []time.Time{at(23, 19, 0), at(24, 18, 0)}},
		{"an 8:30 meeting: the 7:30 reminder is dropped, the day-before one goes", at(24, 8, 30), leads, []time.Time{at(23, 8, 30)}},
		{"a 10 p.m. meeting: both would fall at night; sent at 8:45 p.m. instead", at(24, 22, 0), leads, []time.Time{at(23, 20, 45), at(24, 20, 45)}},
		{"only an hour's notice, for a 7 a.m. meeting: the evening before", at(24, 7, 0), []time.Duration{time.Hour}, []time.Time{at(23, 20, 45)}},
	}
	for _, tt := range tests {
		got := DefaultQuiet().plan(tt.meeting, tt.leads, toronto)
		if len(got) != len(tt.want) {
			t.Errorf("%s: %d reminders %v; want %v", tt.name, len(got), got, tt.want)
			continue
		}
		for i := range got {
			if !got[i].due.Equal(tt.want[i]) {
				t.Errorf("%s: reminder %d at %s; want %s", tt.name, i, got[i].due.In(toronto), tt.want[i])
			}
		}
	}
}
