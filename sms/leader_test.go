package sms

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/telephony"
)

const leaderPhone = "+17055550142" // leads 2003, Ontario Grief Phone Circle: every second Thursday, 2 p.m.

// withLeader is the world with a leader for group 2003 and members taking
// its reminders: two who do, one who sent STOP.
func withLeader(t *testing.T) *world {
	t.Helper()
	w := newWorld(t)
	ctx := context.Background()
	hash, err := directory.HashPIN("4821")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AddLeader(ctx, w.codes[2003], leaderPhone, hash, w.now); err != nil {
		t.Fatal(err)
	}
	for _, n := range []string{"+17055550150", "+17055550151", "+17055550152"} {
		c := directory.Consent{At: w.now, Via: directory.ViaSMS, Purpose: "reminders", Contact: directory.ByText, Lang: directory.English, Wording: "Reply YES"}
		if _, err := w.store.Subscribe(ctx, n, w.codes[2003], directory.ByText, c); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.store.OptOut(ctx, "+17055550152", w.now); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) cancelled(t *testing.T, code int) []recur.Date {
	t.Helper()
	g, ok, err := w.store.Group(context.Background(), code)
	if err != nil || !ok {
		t.Fatalf("group %d: %v, %v", code, ok, err)
	}
	return g.Cancelled
}

// A leader cancels a meeting by text: said back, and only YES cancels —
// in the audit log under the leader's masked number.
func TestALeaderCancelsAMeetingByText(t *testing.T) {
	w := withLeader(t)
	nov26 := recur.Date{Year: 2026, Month: time.November, Day: 26}
	exchange(t, w.phone(leaderPhone), []text{
		{send: "CANCEL 2003 Nov 26", want: []string{"Cancel Ontario Grief Phone Circle on Thu Nov 26 2pm? Reply YES to cancel it and tell its members, or NO."}},
		{send: "NO", want: []string{"nothing was changed"}},
	})
	if got := w.cancelled(t, 2003); len(got) != 0 {
		t.Fatalf("after NO: cancelled %v", got)
	}
	exchange(t, w.phone(leaderPhone), []text{
		{send: "cancel 2003 thursday", want: []string{"Cancel Ontario Grief Phone Circle on Thu Nov 26 2pm?"}},
		{send: "yes", want: []string{"Done: Ontario Grief Phone Circle will not meet on Thu Nov 26. Its members will be told instead of reminded."}},
		{send: "CANCEL 2003 Nov 26", want: []string{"Ontario Grief Phone Circle on Thu Nov 26 is already cancelled. Nothing was changed."}},
	})
	if got := w.cancelled(t, 2003); !slices.Equal(got, []recur.Date{nov26}) {
		t.Fatalf("cancelled %v; want %v", got, nov26)
	}
	log, err := w.store.AuditLog(context.Background(), 10)
	if err != nil || len(log) != 1 {
		t.Fatalf("audit log %+v, %v; want one entry", log, err)
	}
	if e := log[0]; e.Action != "meeting.cancel" || e.Object != "group 2003" || !strings.Contains(e.Who, "leader of 2003") ||
		strings.Contains(e.Who, "5550142") || !strings.Contains(e.New, "2026-11-26") {
		t.Errorf("audit entry %+v; want the cancellation, by the leader, their number masked", e)
	}
	// In French, with the day as a French speaker types it.
	exchange(t, w.phone(leaderPhone), []text{
		{send: "ANNULER 2003 10 déc", want: []string{"Annuler Ontario Grief Phone Circle le jeudi 10 décembre 14 h? Répondez OUI"}},
		{send: "OUI", want: []string{"C'est fait : Ontario Grief Phone Circle ne se réunira pas le jeudi 10 décembre."}},
	})
	if got := w.cancelled(t, 2003); len(got) != 2 {
		t.Errorf("cancelled %v; want Nov 26 and Dec 10", got)
	}
}

// Each refusal says why, plainly, and changes nothing.
func TestALeadersCancelIsRefusedPlainly(t *testing.T) {
	w := withLeader(t)
	exchange(t, w.phone(leaderPhone), []text{
		// A question asked, then a refused command: the YES after it
		// must not answer the question before.
		{send: "CANCEL 2003 Nov 26", want: []string{"Cancel Ontario Grief Phone Circle"}},
		{send: "CANCEL 2003 DEC 3", want: []string{"Ontario Grief Phone Circle does not meet on Thu Dec 3.", "Its next meetings: Thu Nov 26, Thu Dec 10, Thu Dec 24.", "e.g. CANCEL 2003 Thu Nov 26"}},
		{send: "CANCEL 2003 Nov 12", want: []string{"Thu Nov 12 has passed, so nothing was changed.", "CANCEL 2003 Thu Nov 26"}},
		{send: "CANCEL 2003 someday soon", want: []string{"could not read that date", "CANCEL 2003 DEC 8", "next Tuesday"}},
		{send: "CANCEL 2003 12/8", want: []string{"could not read that date"}}, // August or December: not guessed
		{send: "CANCEL 2001 Tuesday", want: []string{"This number is not registered as a leader of group 2001, so nothing was changed."}},
		{send: "YES", want: []string{"GRIEF 705"}}, // nothing was asked
	})
	// Another number, even a member of the group, is not its leader; a
	// group with no leader, or no group at all, gets the same answer.
	for _, code := range []string{"2003", "2001", "9999"} {
		exchange(t, w.phone("+17055550150"), []text{
			{send: "CANCEL " + code + " Nov 26", want: []string{"not registered as a leader of group " + code}, notWant: []string{"Ontario", "leader is"}},
		})
	}
	if got := w.cancelled(t, 2003); len(got) != 0 {
		t.Errorf("cancelled %v; want none", got)
	}
}

// The carriers' words keep their meaning, for leaders too: CANCEL alone
// opts out, CANCEL 1 stops one's own reminder 1.
func TestCarrierWordsKeepTheirMeaningForLeaders(t *testing.T) {
	w := withLeader(t)
	exchange(t, w.phone("+17055550150"), []text{
		{send: "CANCEL 1", want: []string{"Ontario Grief Phone Circle"}, notWant: []string{"leader"}},
	})
	subs, err := w.store.Subscriptions(context.Background(), "+17055550150")
	if err != nil || len(subs) != 0 {
		t.Errorf("after CANCEL 1: %+v, %v; want the reminder stopped", subs, err)
	}
	exchange(t, w.phone(leaderPhone), []text{{send: "CANCEL", none: true}})
	if m, ok, err := w.store.Member(context.Background(), leaderPhone); err != nil || !ok || !m.OptedOut {
		t.Errorf("after CANCEL alone: %+v, %v, %v; want the leader's number opted out", m, ok, err)
	}
}

// A leader's note is confirmed with how many it goes to (never who), and
// kept for the scan to queue; one note per meeting, and short.
func TestALeaderSendsANote(t *testing.T) {
	w := withLeader(t)
	replies := exchange(t, w.phone(leaderPhone), []text{
		{send: "NOTE 2003 " + strings.Repeat("long words ", 20), want: []string{"Your note has 219 characters; notes are kept to 160"}},
		{send: "note 2003 Bring a photo of your loved one.", want: []string{"Send your note to the 2 members of Ontario Grief Phone Circle who get reminders, before Thu Nov 26 2pm? Reply YES to send it, or NO."},
			notWant: []string{"555"}},
		{send: "YES", want: []string{"Your note will go to 2 members"}, notWant: []string{"555", "+1"}},
		{send: "NOTE 2003 Also bring a snack.", want: []string{"A note already goes to the members of Ontario Grief Phone Circle before Thu Nov 26 2pm"}},
	})
	for _, r := range replies {
		if enc, segs, _ := telephony.Segments(r); segs > 2 || enc != telephony.GSM7 {
			t.Errorf("a reply of %d segments in %s: %s", segs, enc, r)
		}
	}
	notes, err := w.store.Notes(context.Background(), w.codes[2003])
	if err != nil || len(notes) != 1 {
		t.Fatalf("notes %+v, %v; want one", notes, err)
	}
	n := notes[0]
	if n.Body != "Bring a photo of your loved one." || !n.MeetingAt.Equal(time.Date(2026, 11, 26, 19, 0, 0, 0, time.UTC)) ||
		!strings.Contains(n.SentBy, "leader of 2003") || strings.Contains(n.SentBy, "5550142") {
		t.Errorf("note %+v", n)
	}
	exchange(t, w.phone("+17055550150"), []text{{send: "NOTE 2003 Hello all", want: []string{"not registered as a leader of group 2003"}}})
}
