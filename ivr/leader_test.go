package ivr

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// leads makes number a leader of the groups (by source id), PIN 4821.
func (w *world) leads(t *testing.T, number string, sources ...string) {
	t.Helper()
	hash, err := directory.HashPIN("4821")
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range sources {
		if _, err := w.store.AddLeader(context.Background(), w.group(t, src).ID, number, hash, testNow); err != nil {
			t.Fatal(err)
		}
	}
}

// A leader without texting calls from the registered number, types the
// PIN, hears the next meeting and cancels it after a confirmation; the
// audit log names them by their masked number.
func TestALeaderCancelsTheNextMeetingByPhone(t *testing.T) {
	w := newWorld(t)
	w.leads(t, saultCaller, "phone-grief")
	h := mount(w.line(t))
	converse(t, phone(h, "+17052530001"), []act{ // anyone else: no leaders' choice
		{do: "call", hear: []string{"To find a group, press 1"}, notHear: []string{"leader"}},
		{do: "4", hear: []string{"Sorry"}, notHear: []string{"PIN"}},
	})
	converse(t, phone(h, saultCaller), []act{
		{do: "call", hear: []string{"To find a group, press 1", "For group leaders, press 4."}},
		{do: "4", hear: []string{"Please type your leader PIN, then press pound."}},
		{do: "1111#", hear: []string{"That PIN is not right.", "Please type your leader PIN"}},
		{do: "4821#", hear: []string{"The next meeting of Ontario Grief Phone Circle is Thursday, November 26th, at 2 p.m.", "To cancel it, press 1. To hear it again, press star."}},
		{do: "*", hear: []string{"The next meeting of Ontario Grief Phone Circle is Thursday, November 26th, at 2 p.m."}},
		{do: "7", hear: []string{"To cancel it, press 1."}}, // a wrong key re-prompts
		{do: "1", hear: []string{"To cancel the meeting of Ontario Grief Phone Circle on Thursday, November 26th, and tell its members, press 1. To keep it, press 2."}},
		{do: "2", hear: []string{"The meeting is kept. Nothing was changed.", "To find a group, press 1"}},
		{do: "4", hear: []string{"Please type your leader PIN"}},
		{do: "4821#", hear: []string{"Thursday, November 26th"}},
		{do: "1", hear: []string{"To cancel the meeting"}},
		{do: "1", hear: []string{"The meeting of Ontario Grief Phone Circle on Thursday, November 26th is cancelled. Its members will be told instead of reminded.", "To find a group, press 1"}},
		{do: "4"},
		{do: "4821#", hear: []string{"The next meeting of Ontario Grief Phone Circle is Thursday, December 10th, at 2 p.m."}}, // never the cancelled one
	})
	g := w.group(t, "phone-grief")
	if len(g.Cancelled) != 1 || g.Cancelled[0] != (recur.Date{Year: 2026, Month: time.November, Day: 26}) {
		t.Fatalf("cancelled %v; want Nov 26", g.Cancelled)
	}
	log, err := w.store.AuditLog(context.Background(), 5)
	if err != nil || len(log) != 1 || !strings.Contains(log[0].Who, "leader of") || strings.Contains(log[0].Who, "2530000") || !strings.Contains(log[0].New, "voice") {
		t.Errorf("audit %+v, %v; want the cancellation by the leader, masked", log, err)
	}
}

// Three wrong PINs: refused, back to the main menu, nothing changed —
// and the number stays locked out on the next call, even with the right PIN.
func TestThreeWrongPINsLockALeaderOut(t *testing.T) {
	w := newWorld(t)
	w.leads(t, saultCaller, "phone-grief")
	h := mount(w.line(t))
	converse(t, phone(h, saultCaller), []act{
		{do: "call", hear: []string{"For group leaders, press 4."}},
		{do: "4"},
		{do: "1111#", hear: []string{"That PIN is not right."}, notHear: []string{"pound for the main menu"}}, // pound ends the PIN here
		{do: "2222#", hear: []string{"That PIN is not right."}},
		{do: "3333#", hear: []string{"leader choices are closed to this number for half an hour", "To find a group, press 1"}, notHear: []string{"group leaders"}},
	})
	converse(t, phone(h, saultCaller), []act{
		{do: "call", hear: []string{"For group leaders, press 4."}},
		{do: "4"},
		{do: "4821#", hear: []string{"closed to this number"}, notHear: []string{"next meeting"}},
	})
	if g := w.group(t, "phone-grief"); len(g.Cancelled) != 0 {
		t.Errorf("cancelled %v; want nothing", g.Cancelled)
	}
}

// A leader of two groups chooses one; a French call hears it all in French.
func TestALeaderOfTwoGroupsChoosesInFrench(t *testing.T) {
	w := newWorld(t)
	w.leads(t, saultCaller, "phone-grief", "sault-grief")
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"},
		{do: "9", hear: []string{"Pour les animateurs de groupe, appuyez sur le 4."}},
		{do: "4", hear: []string{"Veuillez composer votre NIP d'animateur"}},
		{do: "4821#", hear: []string{"Pour Algoma Grief Companions, appuyez sur le 1.", "Pour Ontario Grief Phone Circle, appuyez sur le 2."}},
		{do: "3", hear: []string{"Pour Algoma Grief Companions"}},
		{do: "1", hear: []string{"La prochaine rencontre de Algoma Grief Companions est demain à 19 h"}},
	})
}

// A member called with a leader's note hears it, twice, in their language.
func TestAMembersCallReadsALeadersNote(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	n, err := w.store.AddNote(context.Background(), directory.Note{GroupID: g.ID, Body: "Bring a photo of your loved one.", MeetingAt: at,
		SentBy: directory.LeaderName(g.Code, saultCaller), CreatedAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	const member = "+17055550177"
	sub, err := w.store.Subscribe(context.Background(), member, g.ID, directory.ByCall, directory.Consent{
		At: testNow, Via: directory.ViaVoice, Lang: directory.English, Wording: "You will get a phone call before each meeting."})
	if err != nil {
		t.Fatal(err)
	}
	id := w.enqueue(t, directory.Outgoing{Key: "n:test", Kind: directory.SendNote, SubscriptionID: sub.ID, MemberID: sub.MemberID,
		GroupID: g.ID, Channel: directory.ByCall, Lang: directory.English, MeetingAt: at, DueAt: testNow, NoteID: n.ID})
	r := ring(mount(w.line(t)), id, member)
	doc := r.do(t, "call")
	want := "A note from the leader of Ontario Grief Phone Circle, before the meeting Thursday, November 26th, at 2 p.m.: Bring a photo of your loved one."
	if got := doc.heard(); strings.Count(got, want) != 2 {
		t.Errorf("heard %q; want the note twice", got)
	}
}
