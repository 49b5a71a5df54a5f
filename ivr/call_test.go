package ivr

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// The promise: from the greeting, a first matching group within
// three keypresses — find, topic, concern — searched near the caller's
// exchange, which the results name.
func TestAFirstGroupWithinThreeKeypresses(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	last := converse(t, p, []act{
		{do: "call", hear: []string{"this is the Peer Line", "Pour le français, appuyez sur le 9", "9 8 8", "9 1 1", "To find a group, press 1"},
			notHear: []string{"press star"}}, // explained after a first miss
		{do: "1", hear: []string{"Say what the group is about, or choose. | For Grief and loss, press 1", "For Caregiving and aging, press 2"}},
		{do: "1", hear: []string{"For Grief and bereavement, press 1"}},
		{do: "1", hear: []string{
			"I found 3 groups for Grief and bereavement near Sault Ste. Marie.",
			"Group 1: Algoma Grief Companions.",
			"It meets in person at Riverside Hall, 12 Queen Street East, in Sault Ste. Marie.",
			"The next meeting is tomorrow, at 7 p.m.",
			"It meets every Tuesday.",
			"To hear the next group, press 1.", "To get these details by text message, press 2.",
			"To be connected to the group's contact person, press 3.", "To hear the contact's phone number, press 4.",
			"To hear the address again, press 5.", "To search another area, press 8.", "For a new search, press 9.",
		}, notHear: []string{"Ottawa", "access code", "reminder", "meets in English"}},
		{do: "5", hear: []string{"Riverside Hall, 12 Queen Street East, in Sault Ste. Marie. | It meets in person at Riverside Hall", "To hear the next group, press 1."},
			notHear: []string{"Group 1:", "next meeting"}}, // twice, on request; then only the choices
		{do: "4", hear: []string{"The contact's phone number is 7 0 5, 5 5 5, 0 1 0 1. Once again, 7 0 5, 5 5 5, 0 1 0 1."}},
		{do: "1", hear: []string{"Group 2: Ontario Grief Phone Circle.", "by telephone",
			"Thursday, November 26th, at 2 p.m.", "every second Thursday", "Meetings last an hour and a half.",
			"call 7 0 5, 5 5 5, 0 1 9 9", "access code 4 1 2 7, pound",
			"To hear the phone number and access code again, press 5.", "To get a reminder before each meeting, press 6."},
		},
		{do: "5", hear: []string{"access code 4 1 2 7, pound. | To join, call 7 0 5, 5 5 5, 0 1 9 9"}}, // twice, on request
		{do: "1", hear: []string{"Group 3: Cercle du deuil de Sudbury.", "in person in Sudbury. | That is about 260 kilometres from you.", "This group meets in French.",
			"again from the first, press 1.", "To get these details by text message, press 2."}, notHear: []string{"To hear the next group", "address"}}, // farther than the telephone groups
		{do: "*", hear: []string{"Group 3: Cercle du deuil de Sudbury."}},
		{do: "8", hear: []string{"enter the three-digit area code"}},
		{do: "*"},
		{do: "#"}, {do: "1"}, {do: "1"}, {do: "1"}, {do: "1"},
		{do: "1", hear: []string{"Group 3: ", "That was the last group I found. To hear the groups again from the first, press 1."}},
		{do: "1", hear: []string{"Group 1: Algoma Grief Companions."}},
	})
	g := last.Gather
	if g.Timeout < 8 || !g.HasFinishOnKey || g.FinishOnKey != "" {
		t.Errorf("the wait for keys: timeout %d s, finishOnKey %q (set %v); want at least 8 s and no finish key", g.Timeout, g.FinishOnKey, g.HasFinishOnKey)
	}
	if last.Redirect == "" {
		t.Error("no Redirect after the Gather: silence would end the call")
	}
}

func TestSpeechFindsTheConcern(t *testing.T) {
	w := newWorld(t)
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"},
		{do: "1"},
		{do: "say:my husband died", hear: []string{"groups for Grief and bereavement near Sault Ste. Marie", "Algoma Grief Companions"}},
	})
	// A town named with the concern is where the search looks.
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"}, {do: "1"},
		{do: "say:I lost my wife, I live in Sudbury", hear: []string{"groups for Grief and bereavement near Sudbury", "Group 1: Cercle du deuil de Sudbury."}},
	})
	// Heard unsure, the words are said back first; "no" goes back to the topics.
	p := phone(mount(w.line(t)), saultCaller)
	converse(t, p, []act{{do: "call"}, {do: "1"}})
	ctx := context.Background()
	for _, tt := range []struct{ said, then, want string }{
		{"greif", "say:yes", "Algoma Grief Companions"},
		{"grief", "1", "Algoma Grief Companions"},
		{"grief", "say:no", "For Grief and loss, press 1"},
		{"grief", "2", "For Grief and loss, press 1"},
	} {
		turn, err := p.SpeakUnsure(ctx, tt.said, 0.41)
		if err != nil || !strings.Contains(heard(turn), "Grief and bereavement. Is that right? | If yes, press 1. If not, press 2.") {
			t.Fatalf("%q said unsure: %v\n%s", tt.said, err, heard(turn))
		}
		if strings.HasPrefix(tt.then, "say:") {
			turn, err = p.Speak(ctx, strings.TrimPrefix(tt.then, "say:"))
		} else {
			turn, err = p.Press(ctx, tt.then)
		}
		if err != nil || !strings.Contains(heard(turn), tt.want) {
			t.Fatalf("then %q: %v\n%s", tt.then, err, heard(turn))
		}
		converse(t, p, []act{{do: "#"}, {do: "1"}})
	}
	// Words that name nothing: asked again, kindly, with an example.
	converse(t, p, []act{{do: "say:the weather", hear: []string{"I did not understand that", "like grief", "For Grief and loss, press 1"}}})
}

// After choosing French, everything is said in French, by the French voice.
func TestFrenchCallersHearOnlyFrench(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	ctx := context.Background()
	keys := []string{"9", "1", "1", "1", "1", "6", "1", "9", "#", "3", "#", "2", "7", "", "0"}
	if _, err := p.Call(ctx); err != nil {
		t.Fatal(err)
	}
	english := regexp.MustCompile(`(?i)\b(press|the|group|meeting|you|please|to find|calling)\b`)
	for i, k := range keys {
		var turn, err = p.Press(ctx, k)
		if k == "" {
			turn, err = p.Silence(ctx)
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range turn.Said {
			if s.Language != "fr-CA" || s.Voice != "Polly.Gabrielle-Neural" {
				t.Fatalf("after key %d (%q): %q said in %s by %s", i, k, s.Text, s.Language, s.Voice)
			}
			if english.MatchString(s.Text) {
				t.Fatalf("after key %d (%q): English reached a French caller: %q", i, k, s.Text)
			}
		}
		if i == 3 && !strings.Contains(heard(turn), "demain à 19 h") {
			t.Fatalf("the meeting time is not said the French way: %s", heard(turn))
		}
	}
}

// No wrong key and no silence ends a call before three misses in a row;
// the third brings help, the fourth a kind goodbye.
func TestMissesReprompThenHelpThenGoodbye(t *testing.T) {
	for _, miss := range []string{"7", ""} {
		w := newWorld(t)
		sorry := "not one of the choices"
		if miss == "" {
			sorry = "I did not hear a choice"
		}
		converse(t, phone(mount(w.line(t)), saultCaller), []act{
			{do: "call"},
			{do: miss, hear: []string{sorry, "press star to hear the choices again, or pound for the main menu", "To find a group, press 1"}},
			{do: miss, hear: []string{sorry, "To find a group, press 1"}, notHear: []string{"press star"}}, // once is enough
			{do: miss, hear: []string{sorry, "Take your time", "9 8 8", "one more time", "To find a group, press 1"}},
			{do: miss, hear: []string{"Goodbye"}, hangup: true},
		})
	}
	// A good key in between starts the count again; help, repeat and the
	// main menu are never misses.
	w := newWorld(t)
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"}, {do: "7"}, {do: "7"}, {do: "3", hear: []string{"led by its members"}},
		{do: "#", hear: []string{"To find a group, press 1"}},
		{do: "0", hear: []string{"Take your time", "To find a group, press 1"}},
		{do: "*", hear: []string{"To find a group, press 1"}},
		{do: "7"}, {do: "7"}, {do: "7", hear: []string{"one more time"}},
		{do: "1", hear: []string{"For Grief and loss"}},
	})
}

func TestABlockedCallerIsAskedForAnAreaCode(t *testing.T) {
	w := newWorld(t)
	converse(t, phone(mount(w.line(t)), "anonymous"), []act{
		{do: "call"}, {do: "1"}, {do: "1"},
		{do: "1", hear: []string{"enter the three-digit area code"}, notHear: []string{"near"}},
		{do: "999", hear: []string{"I do not know the area code 9 9 9", "enter the three-digit area code"}},
		{do: "0", hear: []string{"Enter the three digits of the area code on your keypad, for example, 7 0 5."}, notHear: []string{"Listen to the choices"}},
		// No town known: the telephone group, which reaches them wherever
		// they are, comes before the in-person groups of a wide area. No
		// text, no reminder: a number not shown cannot get them.
		{do: "249", hear: []string{"I found 3 groups for Grief and bereavement in the 2 4 9 area.", "Ontario Grief Phone Circle"},
			notHear: []string{"text message", "reminder"}},
		{do: "1", hear: []string{"Group 2: "}},
		{do: "1", hear: []string{"Group 3: "}},
	})
}

// The call's state is in the database: a new server picks the call up
// where the old one left it; a CallSid nobody knows starts over politely.
func TestACallSurvivesARestart(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	converse(t, p, []act{{do: "call"}, {do: "1"}})

	p.Handler = mount(w.line(t)) // a new process, the same database
	turn, err := p.Press(context.Background(), "1")
	if err != nil || !strings.Contains(heard(turn), "For Grief and bereavement, press 1") {
		t.Fatalf("after a restart: %v %s", err, heard(turn))
	}

	// The call's state expires (or was never ours): the next key starts over.
	if err := w.store.DeleteSession(context.Background(), "call:"+p.CallSid); err != nil {
		t.Fatal(err)
	}
	turn, err = p.Press(context.Background(), "1")
	if err != nil || !strings.Contains(heard(turn), "start from the main menu") || !strings.Contains(heard(turn), "To find a group, press 1") {
		t.Fatalf("an unknown call at a later step: %v %s", err, heard(turn))
	}
}

// Nothing near: say so and the crisis line once, then only what the
// caller can reach. Ottawa is 1,000 km from the Sault: never offered;
// Pembroke is a drive from North Bay: offered, with the distance.
func TestNoResultsOffersOnlyWhatTheCallerCanReach(t *testing.T) {
	w := newWorld(t)
	h := mount(w.line(t, func(l *Line) { l.Operator = "+17055550150" }))
	converse(t, phone(h, saultCaller), []act{
		{do: "call"}, {do: "1"},
		{do: "2", hear: []string{"For Dementia and Alzheimer's, press 2"}}, // caregiving and aging
		{do: "2", hear: []string{"did not find a group for Dementia and Alzheimer's near Sault Ste. Marie", "9 8 8",
			"told when a group starts near you, press 1", "To talk to someone, press 2", "another area, press 8", "new search"},
			notHear: []string{"Ottawa", "nearest", "kilometres"}},
		{do: "", hear: []string{"I did not hear a choice", "told when a group starts near you, press 1"},
			notHear: []string{"did not find", "9 8 8"}}, // silence does not repeat the apology
		{do: "2", hear: []string{"connect you to someone"}},
	})
	w.add(t, directory.Group{SourceID: "pembroke-dementia", Name: "Upper Ottawa Valley Memory Circle", Concerns: []string{"dementia"},
		Phone: "(613) 555-0105", Place: &directory.Place{City: "Pembroke", Lat: 45.8168, Lon: -77.1163}, Schedules: []recur.Schedule{weekly("WE", 14)}})
	converse(t, phone(h, "+17054740000"), []act{ // a North Bay exchange
		{do: "call"}, {do: "1"}, {do: "2"},
		{do: "2", hear: []string{"did not find a group for Dementia and Alzheimer's near North Bay",
			"The nearest group I know of meets in Pembroke, about 190 kilometres from you. To hear about it, press 1."},
			notHear: []string{"Ottawa"}},
		{do: "1", hear: []string{"I found 2 groups for Dementia and Alzheimer's near Pembroke.", "Group 1: Upper Ottawa Valley Memory Circle."}},
	})
}

func TestTheWaitListRecordsConsent(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	converse(t, p, []act{
		{do: "call"}, {do: "1"}, {do: "2"}, {do: "2", hear: []string{"To be told when a group starts near you, press 1."}},
		{do: "1", hear: []string{"by text message, or by a phone call"}},
		{do: "2", hear: []string{"only to tell you once, by phone call, when a group for Dementia and Alzheimer's starts in the 7 0 5 area", "To agree, press 1"}},
		{do: "1", hear: []string{"We will tell you when a group for Dementia and Alzheimer's starts"}},
	})
	consents, err := w.store.Consents(context.Background(), saultCaller)
	if err != nil || len(consents) != 1 {
		t.Fatalf("consents: %v %v", consents, err)
	}
	c := consents[0]
	if c.Purpose != "waitlist" || c.Via != "voice" || c.Contact != directory.ByCall || !c.At.Equal(testNow) ||
		!strings.HasPrefix(c.Wording, "We will keep your phone number and this request") {
		t.Errorf("the consent record: %+v", c)
	}
}

func TestReminderOptInRecordsConsentWordForWord(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	converse(t, p, []act{
		{do: "call"}, {do: "1"}, {do: "1"},
		{do: "1", notHear: []string{"reminder"}}, // an in-person group has none
		{do: "1", hear: []string{"Ontario Grief Phone Circle", "To get a reminder before each meeting, press 6."}},
		{do: "6", hear: []string{"For a text message, press 1. For a phone call, press 2."}},
		{do: "1", hear: []string{"You will get a text message the day before and one hour before each meeting of Ontario Grief Phone Circle", "reply STOP", "To agree, press 1"}},
		// Signed up, the group is offered again without the choice that is done.
		{do: "1", hear: []string{"You are signed up for reminders for Ontario Grief Phone Circle", "To hear the next group, press 1."},
			notHear: []string{"To get a reminder", "Group 2:"}}, // the group was just heard: only its choices
		{do: "6", hear: []string{"not one of the choices"}},
	})
	ctx := context.Background()
	subs, err := w.store.Subscriptions(ctx, saultCaller)
	if err != nil || len(subs) != 1 || subs[0].GroupName != "Ontario Grief Phone Circle" || subs[0].Channel != directory.ByText || subs[0].State != "active" {
		t.Fatalf("subscriptions: %+v %v", subs, err)
	}
	consents, err := w.store.Consents(ctx, saultCaller)
	if err != nil || len(consents) != 1 || consents[0].Purpose != "reminders" || !strings.Contains(consents[0].Wording, "Message and data rates may apply") {
		t.Fatalf("consent: %+v %v", consents, err)
	}

	// My reminders lists it and stops it.
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"},
		{do: "2", hear: []string{"You have one meeting reminder.", "Reminder 1: Ontario Grief Phone Circle, by text message", "To stop this reminder, press 1"}},
		{do: "1", hear: []string{"That reminder is stopped", "That is all your reminders", "To find a group, press 1"}},
		{do: "2", hear: []string{"You do not have any meeting reminders"}},
	})
}

func TestTextMeTheDetails(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	converse(t, p, []act{
		{do: "call"}, {do: "1"}, {do: "1"}, {do: "1", hear: []string{"To get these details by text message, press 2"}},
		{do: "2", hear: []string{"sent the details by text message"}},
	})
	msgs := w.fake.Messages()
	if len(msgs) != 1 || msgs[0].To != saultCaller || !strings.Contains(msgs[0].Body, "Algoma Grief Companions") || !strings.Contains(msgs[0].Body, "705-555-0101") {
		t.Fatalf("texts sent: %+v", msgs)
	}

	// A landline: Twilio refuses, the caller is told plainly, and the line
	// stops offering texts to that number.
	landline := "+17059490000"
	w.fake.FailNext(1, 400, 21614)
	converse(t, phone(mount(w.line(t)), landline), []act{
		{do: "call"}, {do: "1"}, {do: "1"}, {do: "1"},
		{do: "2", hear: []string{"could not send a text message to this phone. It may be a landline", "Group 1: Algoma",
			"To be connected to the group's contact person, press 2."}, notHear: []string{"To get these details by text message"}}, // no gap where texting was
	})
}

func TestTheOperatorWhoDoesNotAnswer(t *testing.T) {
	w := newWorld(t)
	h := mount(w.line(t, func(l *Line) { l.Operator = "+17055550150" }))
	p := phone(h, saultCaller)
	turn := converse(t, p, []act{
		{do: "call", hear: []string{"To talk to someone, press 4"}},
		{do: "4", hear: []string{"connect you to someone"}},
	})
	if turn.Dial == nil || turn.Dial.Number != "+17055550150" || turn.Dial.Timeout <= 0 || turn.Dial.Timeout > 60 {
		t.Fatalf("the dial: %+v", turn.Dial)
	}
	ctx := context.Background()
	turn, err := p.DialEnded(ctx, "no-answer")
	if err != nil || turn.Record == nil || !strings.Contains(heard(turn), "leave a message with your name and phone number") {
		t.Fatalf("no answer should lead to voicemail: %v %s", err, heard(turn))
	}
	turn, err = p.Recorded(ctx, "https://api.twilio.com/recordings/RE1", 12)
	if err != nil || !turn.Hangup || !strings.Contains(heard(turn), "someone will call you back") {
		t.Fatalf("after the message: %v %s", err, heard(turn))
	}
	vms, err := w.store.Voicemails(ctx, testNow.Add(-1))
	if err != nil || len(vms) != 1 || vms[0].RecordingURL != "https://api.twilio.com/recordings/RE1" || vms[0].Caller != saultCaller {
		t.Fatalf("voicemails: %+v %v", vms, err)
	}

	// Outside the operator's hours the caller goes straight to voicemail.
	closed, err := ParseHours("SA-SU 10:00-12:00", "America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	turn = converse(t, phone(mount(w.line(t, func(l *Line) { l.Operator = "+17055550150"; l.Hours = closed })), saultCaller), []act{
		{do: "call"}, {do: "4", hear: []string{"No one is available", "leave a message"}},
	})
	if turn.Record == nil || turn.Dial != nil {
		t.Fatal("outside hours the caller should be offered voicemail, not rung through")
	}
	// With no operator configured, 4 is not a choice.
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call", notHear: []string{"talk to someone"}}, {do: "4", hear: []string{"not one of the choices"}},
	})
}

func TestAForgedSignatureChangesNothing(t *testing.T) {
	w := newWorld(t)
	p := phone(mount(w.line(t)), saultCaller)
	p.AuthToken = "not-the-token"
	turn, err := p.Call(context.Background())
	if turn == nil || turn.Status != http.StatusForbidden {
		t.Fatalf("forged call: %v %+v", err, turn)
	}
	if _, found, err := w.store.LoadSession(context.Background(), "call:"+p.CallSid, testNow.Add(-callExpiry)); err != nil || found {
		t.Fatalf("a forged request left call state behind (%v)", err)
	}
}

// Internal trouble still answers 200 with TwiML that apologises and
// offers a way on.
func TestTroubleInsideStillAnswersTheCaller(t *testing.T) {
	w := newWorld(t)
	h := mount(w.line(t, func(l *Line) { l.Operator = "+17055550150" }))
	p := phone(h, saultCaller)
	converse(t, p, []act{{do: "call"}, {do: "1"}})
	if err := w.store.Close(); err != nil { // the database goes away
		t.Fatal(err)
	}
	turn, err := p.Press(context.Background(), "1")
	if err != nil || turn.Status != http.StatusOK {
		t.Fatalf("with the database gone: %v, status %d", err, turn.Status)
	}
	if !strings.Contains(heard(turn), "something went wrong on our side") || !strings.Contains(heard(turn), "To talk to someone, press 0") || turn.Gather == nil {
		t.Fatalf("the apology: %s", heard(turn))
	}

	panicky := newWorld(t)
	p = phone(mount(panicky.line(t, func(l *Line) { l.Texts = panicTexter{} })), saultCaller)
	converse(t, p, []act{{do: "call"}, {do: "1"}, {do: "1"}, {do: "1"},
		{do: "2", hear: []string{"something went wrong on our side", "call back in a few minutes"}}})
}

// panicTexter stands for a fault deep inside: the line must still answer.
type panicTexter struct{}

func (panicTexter) SendText(context.Context, string, string, string) (string, error) {
	panic("a fault deep inside")
}

func TestABlockedCallerHearsAShortMessage(t *testing.T) {
	w := newWorld(t)
	if err := w.store.Block(context.Background(), saultCaller, "abusive", testNow); err != nil {
		t.Fatal(err)
	}
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call", hear: []string{"cannot take calls from this number", "9 8 8", "9 1 1", "ne peut pas prendre les appels"}, notHear: []string{"this is the Peer Line"}, hangup: true},
	})
	converse(t, phone(mount(w.line(t)), "+17055550142"), []act{{do: "call", hear: []string{"this is the Peer Line"}}})
}
