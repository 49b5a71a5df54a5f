package sms

import (
	"context"
	"testing"
	"time"

	"github.com/peerline/peerline/directory/directorytest"
)

// What the text line writes is true for the person who reads it.

// A texter in Kenora (Central time) reads an Eastern group's meetings at
// their own clock, with the group's beside it, in the list and the details.
func TestTimesAreWrittenAtTheTextersClock(t *testing.T) {
	w := newWorld(t)
	exchange(t, w.phone("+18074680000"), []text{
		{send: "grief", want: []string{"Ontario Grief Phone Circle - by phone, next Thu Nov 26 1pm Central (2pm Eastern)"}, notWant: []string{"next Thu Nov 26 2pm,"}},
		{send: "1", want: []string{"Next: Thu Nov 26 1pm Central (2pm Eastern)."}},
	})
	// A texter in the Sault reads the same meeting as the group keeps it.
	exchange(t, w.phone(sender), []text{
		{send: "grief", want: []string{"Ontario Grief Phone Circle - by phone, next Thu Nov 26 2pm,"}, notWant: []string{"Central", "Eastern"}},
	})
}

// After a meeting is cancelled, the list and the details give the next
// meeting that is not.
func TestACancelledMeetingIsNotTheNextOne(t *testing.T) {
	w := newWorld(t)
	if err := w.store.CancelMeeting(context.Background(), w.codes[2001], directorytest.Date(2026, time.November, 24), w.now); err != nil {
		t.Fatal(err)
	}
	exchange(t, w.phone(sender), []text{
		{send: "grief 705", want: []string{"1) Algoma Grief Companions - Sault Ste. Marie, next Tue Dec 1 7pm"}, notWant: []string{"Nov 24"}},
		{send: "1", want: []string{"Next: Tue Dec 1 7pm."}, notWant: []string{"Nov 24"}},
	})
}
