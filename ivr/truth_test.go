package ivr

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// What the voice line says is true for the caller who hears it.

const kenoraCaller = "+18074680000" // a Kenora exchange: Central time

// kenoraCircle is a telephone group run from Kenora, on Central time,
// open to all of Ontario: Thursdays at 6:30 p.m. there, 7:30 in the Sault.
func kenoraCircle() directory.Group {
	return directory.Group{SourceID: "kenora-phone", Code: 1701, Name: "Kenora Grief Phone Circle", Concerns: []string{"grief"},
		Phone: "(807) 555-0120", Dialin: &directory.Dialin{Number: "+18075550199", AccessCode: "5150#"},
		Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}}, Zone: "America/Winnipeg",
		Schedules: []recur.Schedule{directorytest.Weekly("TH", 18, 30)}}
}

// untilHeard presses 1 (next group) until the group is named, and
// returns all that was said of it.
func untilHeard(t *testing.T, p *twiliotest.Phone, steps []act, name string) string {
	t.Helper()
	converse(t, p, steps)
	for range 6 {
		turn, err := p.Press(context.Background(), "1")
		if err != nil {
			t.Fatal(err)
		}
		if got := heard(turn); strings.Contains(got, name) {
			return got
		}
	}
	t.Fatalf("never heard of %s", name)
	return ""
}

func TestTimesAreSaidAtTheCallersClock(t *testing.T) {
	tests := []struct {
		name, caller, group string
		want, notWant       string
	}{
		{"a Sault caller hears a Kenora group", saultCaller, "Kenora Grief Phone Circle",
			"The next meeting is Thursday, November 26th, at 7:30 p.m. Eastern time, which is 6:30 p.m. Central time.", "at 6:30 p.m. Eastern"},
		{"a Kenora caller hears an Eastern group", kenoraCaller, "Ontario Grief Phone Circle",
			"The next meeting is Thursday, November 26th, at 1 p.m. Central time, which is 2 p.m. Eastern time.", "at 2 p.m. Central"},
		{"a Kenora caller hears a Kenora group, no zone named", kenoraCaller, "Kenora Grief Phone Circle",
			"The next meeting is Thursday, November 26th, at 6:30 p.m.", "Eastern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.add(t, kenoraCircle())
			p := phone(mount(w.line(t)), tt.caller)
			// Menu 1, topic 1, concern 1: the first group; then the next
			// ones until the group.
			said := untilHeard(t, p, []act{{do: "call"}, {do: "1"}, {do: "1"}, {do: "1"}}, tt.group)
			if !strings.Contains(said, tt.want) || strings.Contains(said, tt.notWant) {
				t.Errorf("heard:\n%s\nwant %q", said, tt.want)
			}
		})
	}
}

// A cancelled meeting is never offered as the next one.
func TestACancelledMeetingIsNotTheNextOne(t *testing.T) {
	w := newWorld(t)
	if err := w.store.CancelMeeting(context.Background(), w.codes[1001], directorytest.Date(2026, time.November, 24), testNow); err != nil {
		t.Fatal(err)
	}
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"}, {do: "1"}, {do: "1"},
		{do: "1", hear: []string{"Group 1: Algoma Grief Companions", "The next meeting is Tuesday, December 1st, at 7 p.m."}, notHear: []string{"tomorrow"}},
	})
}

// The consent to reminders by phone call says what a call is: no message
// rates, no STOP to a text; and that is the wording recorded, in the
// caller's language.
func TestAPhoneCallReminderConsentFitsACall(t *testing.T) {
	tests := []struct {
		name, lang string
		keys       []act
		want       string
		notWant    []string
	}{
		{"English", "en", nil,
			"You will get a phone call the day before and one hour before each meeting of Ontario Grief Phone Circle. Your phone number is used only for these reminders. You can stop at any time: call this line and press 2, or press 9 during a reminder call.",
			[]string{"rates", "STOP", "text"}},
		{"French", "fr", []act{{do: "9"}},
			"Vous recevrez un appel téléphonique la veille et une heure avant chaque réunion du groupe Ontario Grief Phone Circle. Votre numéro ne sert qu'à ces rappels. Vous pouvez arrêter en tout temps : appelez cette ligne et appuyez sur le 2, ou appuyez sur le 9 pendant un appel de rappel.",
			[]string{"frais", "ARRET", "texto"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			steps := append([]act{{do: "call"}}, tt.keys...)
			steps = append(steps, act{do: "1"}, act{do: "1"}, act{do: "1"},
				act{do: "1", hear: []string{"Ontario Grief Phone Circle"}}, act{do: "6"},
				// (the phone, like a listener, hears no space before a colon)
				act{do: "2", hear: []string{strings.ReplaceAll(tt.want, " :", ":")}, notHear: tt.notWant},
				act{do: "1", notHear: []string{"To get a reminder", "Pour recevoir un rappel"}}) // signed up: not offered again
			converse(t, phone(mount(w.line(t)), saultCaller), steps)
			consents, err := w.store.Consents(context.Background(), saultCaller)
			if err != nil || len(consents) != 1 {
				t.Fatalf("consents: %+v, %v", consents, err)
			}
			c := consents[0]
			if c.Wording != tt.want || c.Contact != directory.ByCall || string(c.Lang) != tt.lang {
				t.Errorf("recorded %+v\nwant the wording heard, by call, in %s", c, tt.lang)
			}
		})
	}
}

// A step out of order never apologises: Twilio replaying the greeting on
// the same call, then a key arriving late for the results, is answered as
// the call now stands.
func TestAStepOutOfOrderNeverApologises(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	p.CallSid = "CA0123456789abcdef0123456789abcdef"
	converse(t, p, []act{{do: "call"}, {do: "1"}, {do: "1"}, {do: "1", hear: []string{"Group 1"}}})
	ctx := context.Background()
	sorry := w.line(t).m(&call{Lang: directory.English}).Sorry
	turn, err := p.Call(ctx) // the greeting again, same CallSid
	if err != nil || strings.Contains(heard(turn), sorry) {
		t.Fatalf("a replayed greeting: %v\n%s", err, heard(turn))
	}
	for _, late := range []struct{ step, keys string }{{"result", "6"}, {"remind-consent", "1"}, {"areacode", "705"}, {"mine", "3"}} {
		turn, err = p.Replay(ctx, routes.VoiceStep(late.step), late.keys)
		if err != nil || turn.Status != 200 || turn.Gather == nil {
			t.Fatalf("a late %s: %v %+v", late.step, err, turn)
		}
		if got := heard(turn); strings.Contains(got, sorry) || !strings.Contains(got, "To find a group, press 1") {
			t.Errorf("a late key for %s: heard\n%s\nwant the main menu again, no apology", late.step, got)
		}
	}
	subs, err := w.store.Subscriptions(ctx, saultCaller)
	if err != nil || len(subs) != 0 {
		t.Errorf("a late key signed the caller up: %+v, %v", subs, err)
	}
}

// State written by another version of the line (or unreadable) starts
// the call over politely.
func TestStateFromAnotherVersionStartsOver(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	p.CallSid = "CA00000000000000000000000000000001"
	converse(t, p, []act{{do: "call"}, {do: "1"}})
	ctx := context.Background()
	for _, state := range []string{`{"lang":"en","step":"results-v0"}`, `{"lang":"en","step":"result","index":"two"}`, `{"lang":"en","step":"result"}`} {
		if err := w.store.SaveSession(ctx, "call:"+p.CallSid, []byte(state), testNow); err != nil {
			t.Fatal(err)
		}
		turn, err := p.Replay(ctx, routes.VoiceStep("result"), "1")
		if err != nil || strings.Contains(heard(turn), "went wrong") || !strings.Contains(heard(turn), "To find a group, press 1") {
			t.Errorf("state %s: %v\n%s", state, err, heard(turn))
		}
	}
}
