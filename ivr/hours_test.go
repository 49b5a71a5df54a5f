package ivr

import (
	"testing"
	"time"

	"github.com/peerline/peerline/directory/directorytest"
)

func TestOperatorHours(t *testing.T) {
	h, err := ParseHours("MO-FR 09:00-17:00", "America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	toronto := directorytest.Zone(t, "America/Toronto")
	for at, open := range map[time.Time]bool{
		time.Date(2026, 11, 23, 9, 0, 0, 0, toronto):   true, // Monday morning
		time.Date(2026, 11, 23, 16, 59, 0, 0, toronto): true,
		time.Date(2026, 11, 23, 17, 0, 0, 0, toronto):  false,
		time.Date(2026, 11, 28, 10, 0, 0, 0, toronto):  false, // Saturday
	} {
		if h.IsOpen(at) != open {
			t.Errorf("open at %s: %v", at, !open)
		}
	}
	if !(Hours{}).IsOpen(time.Now()) {
		t.Error("no hours set means always open")
	}
	for _, bad := range []string{"weekdays", "MO-FR 9-5", "XX 09:00-17:00", "MO 17:00-09:00"} {
		if _, err := ParseHours(bad, "America/Toronto"); err == nil {
			t.Errorf("ParseHours(%q) should fail", bad)
		}
	}
}
