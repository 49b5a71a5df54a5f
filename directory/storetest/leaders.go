package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// pinHash hashes a PIN for a check, failing it if the PIN is refused.
func pinHash(t *testing.T, pin string) string {
	t.Helper()
	h, err := directory.HashPIN(pin)
	must(t, err)
	return h
}

// A number may lead several groups; written in any format it is one
// leader; added again it keeps one row (and takes the new PIN); removed,
// it leads nothing.
func testLeadersAreAddedListedAndRemoved(t *testing.T, s directory.Store) {
	withFixture(t, s)
	phone, sault := groupIDOf(t, s, "on-phone-grief"), groupIDOf(t, s, "sault-grief")
	_, err := s.AddLeader(ctx, phone, "(705) 555-0142", pinHash(t, "4821"), testNow)
	must(t, err)
	l, err := s.AddLeader(ctx, sault, "+17055550142", pinHash(t, "4821"), testNow.Add(time.Minute))
	must(t, err)
	if l.GroupID != sault || l.Number != "+17055550142" || l.Name != "Algoma Grief Companions" || !l.AddedAt.Equal(testNow.Add(time.Minute)) {
		t.Errorf("AddLeader = %+v", l)
	}
	_, err = s.AddLeader(ctx, phone, "+18075550101", pinHash(t, "1111"), testNow)
	must(t, err)
	_, err = s.AddLeader(ctx, phone, "705.555.0142", pinHash(t, "9999"), testNow.Add(time.Hour)) // again: a new PIN
	must(t, err)
	if _, err := s.AddLeader(ctx, phone, "not a number", pinHash(t, "1234"), testNow); err == nil {
		t.Error("AddLeader took a number that is not one")
	}

	all, err := s.Leaders(ctx)
	must(t, err)
	if len(all) != 3 {
		t.Fatalf("Leaders = %+v; want 3 rows", all)
	}
	leads, err := s.Leads(ctx, "705 555 0142")
	must(t, err)
	if len(leads) != 2 || leads[0].Code > leads[1].Code {
		t.Errorf("Leads = %+v; want both groups, by code", leads)
	}
	if got, err := s.CheckPIN(ctx, "+17055550142", "9999", testNow); err != nil || len(got) != 1 || got[0].GroupID != phone {
		t.Errorf("the new PIN: %+v, %v; want the telephone group only", got, err)
	}
	for _, n := range []string{"anonymous", "", "+17055550199"} {
		if got, err := s.Leads(ctx, n); err != nil || len(got) != 0 {
			t.Errorf("Leads(%q) = %+v, %v; want none", n, got, err)
		}
	}

	if ok, err := s.RemoveLeader(ctx, phone, "7055550142"); err != nil || !ok {
		t.Errorf("RemoveLeader = %v, %v", ok, err)
	}
	if ok, err := s.RemoveLeader(ctx, phone, "7055550142"); err != nil || ok {
		t.Errorf("RemoveLeader again = %v, %v; want false", ok, err)
	}
	if leads, err := s.Leads(ctx, "+17055550142"); err != nil || len(leads) != 1 || leads[0].GroupID != sault {
		t.Errorf("after removing: Leads = %+v, %v", leads, err)
	}
}

// The right PIN gives the groups it opens and clears the count of wrong
// ones; three wrong in a row lock the number out, even from the right
// PIN, until PINLockout has passed.
func testPINIsCheckedAndLocksOut(t *testing.T, s directory.Store) {
	withFixture(t, s)
	phone, sault := groupIDOf(t, s, "on-phone-grief"), groupIDOf(t, s, "sault-grief")
	const number = "+17055550142"
	_, err := s.AddLeader(ctx, phone, number, pinHash(t, "4821"), testNow)
	must(t, err)
	_, err = s.AddLeader(ctx, sault, number, pinHash(t, "4821"), testNow)
	must(t, err)

	check := func(when, pin string, at time.Time, want error, groups int) {
		t.Helper()
		got, err := s.CheckPIN(ctx, number, pin, at)
		if !errors.Is(err, want) || len(got) != groups {
			t.Fatalf("%s: CheckPIN(%q) = %d groups, %v; want %d, %v", when, pin, len(got), err, groups, want)
		}
	}
	check("right", "4821", testNow, nil, 2)
	check("wrong 1", "1234", testNow, directory.ErrWrongPIN, 0)
	check("wrong 2", "48210", testNow, directory.ErrWrongPIN, 0)
	check("right again clears the count", "4821", testNow, nil, 2)
	check("wrong 1 of 3", "0000", testNow, directory.ErrWrongPIN, 0)
	check("wrong 2 of 3", "", testNow, directory.ErrWrongPIN, 0)
	check("wrong 3 of 3", "12", testNow, directory.ErrLockedOut, 0)
	check("locked, right PIN", "4821", testNow.Add(directory.PINLockout-time.Minute), directory.ErrLockedOut, 0)
	check("after the lockout", "4821", testNow.Add(directory.PINLockout+time.Minute), nil, 2)

	if got, err := s.CheckPIN(ctx, "anonymous", "4821", testNow); !errors.Is(err, directory.ErrWrongPIN) || len(got) != 0 {
		t.Errorf("a withheld number: %+v, %v; want ErrWrongPIN", got, err)
	}
	if got, err := s.CheckPIN(ctx, "+17055550199", "4821", testNow); !errors.Is(err, directory.ErrWrongPIN) || len(got) != 0 {
		t.Errorf("a number that leads nothing: %+v, %v; want ErrWrongPIN", got, err)
	}
}

// A meeting has one note; a note is listed ahead until its meeting
// begins; its words travel with each outbox message that carries it.
func testNotesAreKeptOncePerMeeting(t *testing.T, s directory.Store) {
	withFixture(t, s)
	phone := groupIDOf(t, s, "on-phone-grief")
	meeting := testNow.Add(26 * time.Hour)
	n, err := s.AddNote(ctx, directory.Note{GroupID: phone, Body: "Bring a photo.", MeetingAt: meeting, SentBy: "leader of 1006 (+1705*****42)", CreatedAt: testNow})
	must(t, err)
	if n.ID == 0 {
		t.Fatal("AddNote gave no id")
	}
	if _, err := s.AddNote(ctx, directory.Note{GroupID: phone, Body: "Another.", MeetingAt: meeting, SentBy: "x", CreatedAt: testNow}); !errors.Is(err, directory.ErrNoteExists) {
		t.Errorf("a second note for one meeting: %v; want ErrNoteExists", err)
	}
	_, err = s.AddNote(ctx, directory.Note{GroupID: phone, Body: "Past.", MeetingAt: testNow.Add(-time.Hour), SentBy: "x", CreatedAt: testNow})
	must(t, err)

	due, err := s.NotesAhead(ctx, testNow)
	must(t, err)
	if len(due) != 1 || due[0].ID != n.ID || due[0].Body != "Bring a photo." || !due[0].MeetingAt.Equal(meeting) || due[0].SentBy == "" {
		t.Fatalf("NotesAhead = %+v; want the one note to come", due)
	}
	if due, err := s.NotesAhead(ctx, meeting); err != nil || len(due) != 0 {
		t.Errorf("NotesAhead once the meeting begins = %+v, %v; want none", due, err)
	}

	sub := mustSubscribe(t, s, "+17055550150", "on-phone-grief", directory.ByText, smsConsent(testNow))
	_, err = s.Enqueue(ctx, []directory.Outgoing{{Key: "n:1", Kind: directory.SendNote, SubscriptionID: sub.ID, MemberID: sub.MemberID,
		GroupID: phone, Channel: directory.ByText, Lang: directory.English, MeetingAt: meeting, DueAt: testNow, NoteID: n.ID}}, testNow)
	must(t, err)
	claimed, err := s.ClaimDue(ctx, testNow, 10)
	must(t, err)
	if len(claimed) != 1 || claimed[0].NoteID != n.ID || claimed[0].Note != "Bring a photo." || claimed[0].Number != "+17055550150" {
		t.Errorf("ClaimDue = %+v; want the note with its words", claimed)
	}
	notes, err := s.Notes(ctx, phone)
	must(t, err)
	if len(notes) != 2 || notes[0].Body != "Past." && notes[1].Body != "Past." {
		t.Errorf("Notes = %+v; want both", notes)
	}
}

// Forgetting a number removes it as a leader of every group.
func testForgetRemovesLeaders(t *testing.T, s directory.Store) {
	withFixture(t, s)
	for _, src := range []string{"on-phone-grief", "sault-grief"} {
		_, err := s.AddLeader(ctx, groupIDOf(t, s, src), "+17055550142", pinHash(t, "4821"), testNow)
		must(t, err)
	}
	_, err := s.AddLeader(ctx, groupIDOf(t, s, "sault-grief"), "+17055550143", pinHash(t, "4821"), testNow)
	must(t, err)
	f, err := s.Forget(ctx, "705-555-0142")
	must(t, err)
	if f.Leaders != 2 || f.Total() < 2 {
		t.Errorf("Forget = %+v; want 2 leader rows", f)
	}
	all, err := s.Leaders(ctx)
	must(t, err)
	if len(all) != 1 || all[0].Number != "+17055550143" {
		t.Errorf("leaders left = %+v; want the other number only", all)
	}
}
