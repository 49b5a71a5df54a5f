package directory

import (
	"fmt"
	"testing"
)

// Locate remembers places by the part of a number the geocoding reads;
// what it remembers must be what it would have worked out afresh, for
// every number of the block, in every form a number arrives in.
func TestLocateRemembersWhatItWorksOut(t *testing.T) {
	a := mustAreas(t)
	for _, exchange := range []string{"705253", "705674", "807468", "613230", "416203", "705555", "204555"} {
		for _, last := range []string{"0000", "0042", "0099", "1234"} {
			number := "+1" + exchange + last
			want := a.locate(number)
			for i, form := range []string{number, fmt.Sprintf("(%s) %s-%s", exchange[:3], exchange[3:], last)} {
				if got := a.Locate(form); got != want {
					t.Errorf("Locate(%q), call %d = %+v; afresh %+v", form, i, got, want)
				}
			}
		}
	}
	if c := a.Locate("+17052530000"); c.Town == nil || c.Town.Name != "Sault Ste. Marie" {
		t.Errorf("a Sault Ste. Marie exchange: %+v", c)
	}
	if c := a.Locate("anonymous"); c != (Caller{}) {
		t.Errorf("a withheld number is placed: %+v", c)
	}
}
