package jobs

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// addNote keeps a leader's note to the members of a group before its
// meeting at meeting, as the text line does on the leader's YES.
func (w *world) addNote(t *testing.T, code int, body string, meeting time.Time) directory.Note {
	t.Helper()
	n, err := w.store.AddNote(context.Background(), directory.Note{GroupID: w.codes[code], Body: body, MeetingAt: meeting,
		SentBy: directory.LeaderName(code, "+17055550142"), CreatedAt: w.clock.Now()})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// A leader's note goes to each member who takes the group's reminders,
// once, at the sender's pace: by text, or read on a call to a landline.
// A member who sent STOP — before the note was queued, or after — gets
// nothing; one who signs up before the meeting gets it too.
func TestALeadersNoteReachesTheMembersAtThePace(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	texters := []string{"+17055550160", "+17055550161", "+17055550162"}
	for _, n := range texters {
		w.subscribe(t, n, 3002, directory.ByText, directory.English)
	}
	w.subscribe(t, "+17055550163", 3002, directory.ByCall, directory.English)
	w.subscribe(t, "+17055550164", 3002, directory.ByText, directory.English)
	w.subscribe(t, "+17055550165", 3002, directory.ByText, directory.English)
	must(t, w.store.OptOut(ctx, "+17055550164", w.clock.Now())) // STOP before the note
	w.addNote(t, 3002, "Bring a photo of your loved one.", at(11, 26, 14, 0))

	w.clock.Set(at(11, 20, 12, 0))
	if _, err := w.runner.Scanner.Scan(ctx, w.clock.Now()); err != nil {
		t.Fatal(err)
	}
	must(t, w.store.OptOut(ctx, "+17055550165", w.clock.Now())) // STOP after it was queued, before it went
	w.runner.Sender.Rate = 2
	before, calls := w.clock.Slept(), len(w.fake.Calls())
	rep, err := w.runner.Sender.Send(ctx)
	if err != nil || rep.Sent != 4 || rep.Skipped != 1 {
		t.Fatalf("send: %+v, %v; want 4 sent (3 texts, 1 call) and the member who sent STOP skipped", rep, err)
	}
	if slept := w.clock.Slept() - before; slept < 1500*time.Millisecond {
		t.Errorf("four messages at 2/s waited %v; want at least 1.5s", slept)
	}
	sent := w.fake.Messages()
	got := map[string]bool{}
	for _, m := range sent {
		got[m.To] = true
		want := "Peer Line: a note from the leader of Every Other Thursday, before Thu Nov 26 2pm: Bring a photo of your loved one. Reply STOP to end."
		if m.Body != want {
			t.Errorf("to %s: %q; want %q", directory.Mask(m.To), m.Body, want)
		}
	}
	if len(sent) != 3 || !got[texters[0]] || !got[texters[1]] || !got[texters[2]] {
		t.Errorf("texts went to %v; want the three texting members only", got)
	}
	if c := w.fake.Calls()[calls:]; len(c) != 1 || c[0].To != "+17055550163" {
		t.Errorf("calls %+v; want one, to the member taking calls", c)
	}

	// Once each: the next pass sends nothing; a member who joins before
	// the meeting gets it then.
	if more, _ := w.passAt(t, at(11, 20, 12, 5)); len(more) != 0 {
		t.Errorf("a second pass sent %d; want none", len(more))
	}
	w.subscribe(t, "+17055550166", 3002, directory.ByText, directory.English)
	if late, _ := w.passAt(t, at(11, 21, 10, 0)); len(late) != 1 || late[0].To != "+17055550166" || !strings.Contains(late[0].Body, "Bring a photo") {
		t.Errorf("after a member joined: %+v; want the note to them", late)
	}
}

// A note written at night waits for the end of each member's quiet hours.
func TestANoteWaitsForTheMorning(t *testing.T) {
	w := newWorld(t)
	w.subscribe(t, "+17055550160", 3002, directory.ByText, directory.English)
	w.addNote(t, 3002, "No meeting room change.", at(11, 26, 14, 0))
	if sent, _ := w.passAt(t, at(11, 20, 22, 30)); len(sent) != 0 {
		t.Fatalf("sent at 10:30 p.m.: %+v; want nothing", sent)
	}
	if sent, _ := w.passAt(t, at(11, 21, 7, 59)); len(sent) != 0 {
		t.Fatalf("sent at 7:59 a.m.: %+v; want nothing", sent)
	}
	if sent, _ := w.passAt(t, at(11, 21, 8, 0)); len(sent) != 1 {
		t.Fatalf("sent at 8 a.m.: %+v; want the note", sent)
	}
}

// A meeting a leader cancelled: its members are told instead of reminded,
// and a note written for it does not go.
func TestALeadersCancellationTellsTheMembers(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	w.subscribe(t, "+17055550160", 3002, directory.ByText, directory.English)
	w.addNote(t, 3002, "Bring a photo.", at(11, 26, 14, 0))
	g, _, err := w.store.Group(ctx, 3002)
	if err != nil {
		t.Fatal(err)
	}
	must(t, directory.CancelAsLeader(ctx, w.store, g, date(2026, 11, 26), "+17055550142", "sms", w.clock.Now()))
	sent, _ := w.passAt(t, at(11, 25, 14, 0))
	if len(sent) != 1 || !strings.Contains(sent[0].Body, "Every Other Thursday will not meet on Thu Nov 26. Next meeting: Thu Dec 10 2pm.") {
		t.Fatalf("sent %+v; want only the cancellation notice", sent)
	}
	if sent, _ := w.passAt(t, at(11, 26, 13, 0)); len(sent) != 0 {
		t.Errorf("an hour before the cancelled meeting: %+v; want nothing", sent)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
