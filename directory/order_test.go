package directory_test

import (
	"context"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
)

// northernGrief is grief in the Sault's area: an in-person group in the
// Sault, one in Elliot Lake (130 km east), and a telephone group for the
// whole area.
func northernGrief() []directory.Group {
	return []directory.Group{
		meetsIn("sault-grief", "grief", "Sault Ste. Marie"),
		meetsIn("elliot-grief", "grief", "Elliot Lake"),
		{SourceID: "north-phone-grief", Name: "north-phone-grief", Concerns: []string{"grief"},
			Dialin: &directory.Dialin{Number: "705 555 0198"}, Areas: []directory.Coverage{{Kind: directory.CoverComplex, Value: "705"}}},
	}
}

// listed is what a search found, as "name (mode)".
func listed(t *testing.T, f *directory.Finder, req directory.Request) string {
	t.Helper()
	req.Concern, req.Channel = "grief", directory.ChannelStaff
	ans, err := f.Find(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range ans.Results {
		out = append(out, r.Group.Name+" ("+string(r.Mode)+")")
	}
	return strings.Join(out, ", ")
}

// A withheld number that keys 705 (or texts GRIEF 705) could be anywhere
// in an area a day's drive across: the telephone group, which reaches
// them wherever they are, comes before the in-person ones.
func TestACallerOfUnknownTownHearsTelephoneGroupsFirst(t *testing.T) {
	f := finderOver(t, northernGrief()...)
	want := "north-phone-grief (phone), sault-grief (in_person), elliot-grief (in_person)"
	if got := listed(t, f, directory.Request{Area: "705"}); got != want {
		t.Errorf("grief in 705:\n got %s\nwant %s", got, want)
	}
}

// A caller whose town is known still hears the group in their town
// first, then the telephone group, then the farther in-person one.
func TestACallerOfKnownTownHearsNearbyGroupsFirst(t *testing.T) {
	f := finderOver(t, northernGrief()...)
	want := "sault-grief (in_person), north-phone-grief (phone), elliot-grief (in_person)"
	for _, req := range []directory.Request{{From: "+17052530000"}, {Area: "sault ste marie"}} {
		if got := listed(t, f, req); got != want {
			t.Errorf("grief from %+v:\n got %s\nwant %s", req, got, want)
		}
	}
}
