package ivr

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/telephony"
)

const lineNumber = "+17055550100" // the line's own number, the From of the calls it places

// ringing is a call the line placed, run as Twilio runs it: the member
// answers, Twilio posts to the call's URL with From the line and To the
// member, then to each action. twiliotest.Phone only places calls to the
// line's number, so this posts the signed forms itself and reads the
// TwiML with encoding/xml.
type ringing struct {
	h   http.Handler
	sid string
	id  string // the ?id= of the call's URL
	to  string
	doc twimlDoc
}

func ring(h http.Handler, id any, to string) *ringing {
	return &ringing{h: h, sid: "CA" + strings.Repeat("7", 32), id: fmt.Sprint(id), to: to}
}

type twimlSay struct {
	Voice    string `xml:"voice,attr"`
	Language string `xml:"language,attr"`
	Text     string `xml:"prosody"`
}

type twimlDoc struct {
	Say    []twimlSay `xml:"Say"`
	Gather *struct {
		Action string     `xml:"action,attr"`
		Say    []twimlSay `xml:"Say"`
	} `xml:"Gather"`
	Redirect string `xml:"Redirect"`
	Dial     *struct {
		Action string `xml:"action,attr"`
		Number struct {
			SendDigits string `xml:"sendDigits,attr"`
			Number     string `xml:",chardata"`
		} `xml:"Number"`
	} `xml:"Dial"`
	Hangup *struct{} `xml:"Hangup"`
}

// said is everything spoken, in order: before a Gather or Dial, then in it.
func (d twimlDoc) said() []twimlSay {
	out := append([]twimlSay(nil), d.Say...)
	if d.Gather != nil {
		out = append(out, d.Gather.Say...)
	}
	return out
}

func (d twimlDoc) heard() string {
	var parts []string
	for _, s := range d.said() {
		parts = append(parts, s.Text)
	}
	return strings.Join(parts, " | ")
}

// post sends one signed request, as Twilio would, and reads the answer.
func (r *ringing) post(t *testing.T, path string, extra url.Values) twimlDoc {
	t.Helper()
	form := url.Values{
		"CallSid": {r.sid}, "AccountSid": {"AC" + strings.Repeat("1", 32)}, "From": {lineNumber}, "To": {r.to},
		"CallStatus": {"in-progress"}, "Direction": {"outbound-api"}, "ApiVersion": {"2010-04-01"},
	}
	for k, v := range extra {
		form[k] = v
	}
	full := "https://line.example.org" + path
	req := httptest.NewRequest(http.MethodPost, full, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Twilio-Signature", telephony.Sign(token, full, form))
	rec := httptest.NewRecorder()
	r.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		t.Fatalf("POST %s: status %d: %s", path, rec.Code, rec.Body)
	}
	var doc twimlDoc
	if err := xml.Unmarshal(rec.Body.Bytes(), &doc); err != nil {
		t.Fatalf("POST %s: %v\n%s", path, err, rec.Body)
	}
	r.doc = doc
	return doc
}

// do is one thing the member does: "call" answers, "" is silence (the
// Gather falls through to its Redirect), "dial:status" ends a Dial.
func (r *ringing) do(t *testing.T, what string) twimlDoc {
	t.Helper()
	switch {
	case what == "call":
		return r.post(t, "/twilio/voice/reminder?id="+url.QueryEscape(r.id), nil)
	case strings.HasPrefix(what, "dial:"):
		if r.doc.Dial == nil {
			t.Fatal("the call is not dialling")
		}
		return r.post(t, r.doc.Dial.Action, url.Values{"DialCallStatus": {strings.TrimPrefix(what, "dial:")}})
	case r.doc.Gather == nil:
		t.Fatalf("the call is not waiting for keys (%q)", what)
	case what == "":
		if r.doc.Redirect == "" {
			t.Fatal("no Redirect after the Gather: silence would end the call")
		}
		return r.post(t, r.doc.Redirect, nil)
	}
	return r.post(t, r.doc.Gather.Action, url.Values{"Digits": {what}})
}

func (r *ringing) converse(t *testing.T, steps []act) twimlDoc {
	t.Helper()
	var doc twimlDoc
	for i, s := range steps {
		doc = r.do(t, s.do)
		got := doc.heard()
		for _, want := range s.hear {
			if !strings.Contains(got, want) {
				t.Fatalf("step %d (%q): did not hear %q in:\n%s", i, s.do, want, got)
			}
		}
		for _, not := range s.notHear {
			if strings.Contains(got, not) {
				t.Fatalf("step %d (%q): heard %q in:\n%s", i, s.do, not, got)
			}
		}
		if (doc.Hangup != nil) != s.hangup {
			t.Fatalf("step %d (%q): hangup = %v, want %v; heard:\n%s", i, s.do, doc.Hangup != nil, s.hangup, got)
		}
		if doc.Hangup == nil && doc.Gather == nil && doc.Dial == nil {
			t.Fatalf("step %d (%q): the call waits for nothing:\n%s", i, s.do, got)
		}
	}
	return doc
}

func (w *world) group(t *testing.T, source string) directory.Group {
	t.Helper()
	gs, err := w.store.Groups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.SourceID == source {
			return g
		}
	}
	t.Fatalf("no group %q", source)
	return directory.Group{}
}

// notice signs number up for calls before g's meetings, queues a message
// of kind about the meeting at, and returns its outbox id.
func (w *world) notice(t *testing.T, number string, lang directory.Lang, g directory.Group, kind string, at time.Time) int64 {
	t.Helper()
	ctx := context.Background()
	sub, err := w.store.Subscribe(ctx, number, g.ID, directory.ByCall, directory.Consent{
		At: testNow, Via: directory.ViaVoice, Lang: lang, Wording: "You will get a phone call the day before and one hour before each meeting.",
	})
	if err != nil {
		t.Fatal(err)
	}
	return w.enqueue(t, directory.Outgoing{Key: fmt.Sprintf("%s:%d:%s", kind, sub.ID, at), Kind: kind, SubscriptionID: sub.ID,
		MemberID: sub.MemberID, GroupID: g.ID, Channel: directory.ByCall, Lang: lang, MeetingAt: at, DueAt: at.Add(-time.Hour)})
}

func (w *world) enqueue(t *testing.T, it directory.Outgoing) int64 {
	t.Helper()
	ctx := context.Background()
	if _, err := w.store.Enqueue(ctx, []directory.Outgoing{it}, testNow); err != nil {
		t.Fatal(err)
	}
	all, err := w.store.Outgoings(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range all {
		if o.Key == it.Key {
			return o.ID
		}
	}
	t.Fatalf("message %s not in the outbox", it.Key)
	return 0
}

// phoneGroup is the telephone group and its next meeting: Thursday,
// November 26th, at 2 p.m.
func phoneGroup(t *testing.T, w *world) (directory.Group, time.Time) {
	t.Helper()
	g := w.group(t, "phone-grief")
	at, ok := g.NextMeeting(testNow)
	if !ok {
		t.Fatal("the telephone group has no next meeting")
	}
	return g, at
}

const (
	enReminder = "Hello, this is the Peer Line with a reminder. Ontario Grief Phone Circle meets Thursday, November 26th, at 2 p.m."
	enJoin     = "To join, call 7 0 5, 5 5 5, 0 1 9 9, then enter the access code 4 1 2 7, pound."
)

func TestAReminderCallSaysItTwiceThenTheChoices(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	id := w.notice(t, saultCaller, directory.English, g, directory.SendReminder, at)
	r := ring(mount(w.line(t)), id, saultCaller)
	first := r.converse(t, []act{{do: "call",
		hear:    []string{enReminder, enJoin, "Once again.", "To hear this again, press 1.", "To stop these reminders, press 9."},
		notHear: []string{"join the meeting now", "welcome"}}})
	got := first.heard()
	if strings.Count(got, enReminder) != 2 || strings.Count(got, enJoin) != 2 {
		t.Errorf("the reminder is not said exactly twice:\n%s", got)
	}
	if strings.LastIndex(got, enJoin) > strings.Index(got, "press 1") {
		t.Errorf("a choice came before the second reading:\n%s", got)
	}
	for _, s := range first.said() {
		if s.Language != "en-US" || s.Voice != "Polly.Joanna-Neural" {
			t.Errorf("%q said in %s by %s", s.Text, s.Language, s.Voice)
		}
	}
	if first.Gather.Action != "/twilio/voice/notice" || first.Redirect != "/twilio/voice/notice" {
		t.Errorf("the wait: action %q, redirect %q", first.Gather.Action, first.Redirect)
	}

	r.h = mount(w.line(t)) // a new process, the same database: the call goes on
	r.converse(t, []act{
		{do: "1", hear: []string{enReminder, enJoin, "To hear this again, press 1."}},
		{do: "7", hear: []string{"not one of the choices", "To stop these reminders, press 9."}},
		{do: "", hear: []string{"I did not hear a choice"}},
		{do: "", hear: []string{"Take your time", "one more time", "To hear this again, press 1."}},
		{do: "", hear: []string{"I did not hear a choice", "Thank you for listening", "Goodbye"}, notHear: []string{"Thank you for calling"}, hangup: true},
	})

	// An answering machine hears it twice, then the choices again; and the
	// main menu on a call the line placed is the member's own.
	ring(mount(w.line(t)), id, saultCaller).converse(t, []act{
		{do: "call"},
		{do: "", hear: []string{"I did not hear a choice", "To hear this again, press 1."}, notHear: []string{enReminder}},
		{do: "#", hear: []string{"To find a group, press 1"}},
		{do: "2", hear: []string{"Reminder 1: Ontario Grief Phone Circle, by phone call"}},
	})
}

func TestAFrenchReminderIsAllFrench(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	id := w.notice(t, saultCaller, directory.French, g, directory.SendReminder, at)
	r := ring(mount(w.line(t)), id, saultCaller)
	reminder := "Bonjour, ici la Ligne d'entraide avec un rappel. Ontario Grief Phone Circle se réunit le jeudi 26 novembre à 14 h."
	join := "Pour participer, composez le 7 0 5, 5 5 5, 0 1 9 9, puis entrez le code d'accès 4 1 2 7, dièse."
	english := regexp.MustCompile(`(?i)\b(press|the|group|meeting|you|please|hello|reminder|join|call|stop|again|goodbye|once|pound)\b`)
	steps := []act{
		{do: "call", hear: []string{reminder, join, "Je répète.", "Pour réentendre ce message, appuyez sur le 1.", "Pour ne plus recevoir ces rappels, appuyez sur le 9."}},
		{do: "1", hear: []string{reminder}},
		{do: "7", hear: []string{"Désolée, ce n'est pas un des choix."}},
		{do: "", hear: []string{"Je n'ai pas entendu de choix."}},
		{do: "0", hear: []string{"Prenez votre temps"}},
		{do: "9", hear: []string{"Vos rappels du groupe Ontario Grief Phone Circle sont arrêtés.", "Au revoir."}, hangup: true},
	}
	for i, s := range steps {
		doc := r.converse(t, []act{s})
		if i == 0 && (strings.Count(doc.heard(), reminder) != 2 || strings.Count(doc.heard(), join) != 2) {
			t.Errorf("the reminder is not said exactly twice:\n%s", doc.heard())
		}
		for _, said := range doc.said() {
			if said.Language != "fr-CA" || said.Voice != "Polly.Gabrielle-Neural" {
				t.Fatalf("after %q: %q said in %s by %s", s.do, said.Text, said.Language, said.Voice)
			}
			if english.MatchString(said.Text) {
				t.Fatalf("after %q: English reached a French member: %q", s.do, said.Text)
			}
		}
	}
}

// "Join the meeting now" puts the member through to the conference,
// typing the access code once it answers; only close to the start.
func TestJoinTheMeetingNow(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	id := w.notice(t, saultCaller, directory.English, g, directory.SendReminder, at)
	soon := func(l *Line) { l.Now = func() time.Time { return at.Add(-10 * time.Minute) } }
	r := ring(mount(w.line(t, soon)), id, saultCaller)
	doc := r.converse(t, []act{
		{do: "call", hear: []string{enReminder, "To hear this again, press 1. | To join the meeting now, press 2. | To stop these reminders, press 9."}},
		{do: "2", hear: []string{"Connecting you to the meeting now"}},
	})
	d := doc.Dial
	if d == nil || strings.TrimSpace(d.Number.Number) != "+17055550199" || d.Action != "/twilio/voice/joined" {
		t.Fatalf("the dial: %+v", d)
	}
	if keys := d.Number.SendDigits; !regexp.MustCompile(`^w{2,}4127#$`).MatchString(keys) {
		t.Errorf("sendDigits %q: want a few waits, then the access code", keys)
	}
	r.converse(t, []act{
		{do: "dial:no-answer", hear: []string{"I could not connect you to the meeting", enJoin, "To join the meeting now, press 2."}},
		{do: "2"},
		{do: "dial:completed", hear: []string{"Thank you for listening"}, hangup: true},
	})

	// Two hours before, the meeting is not about to start.
	early := func(l *Line) { l.Now = func() time.Time { return at.Add(-2 * time.Hour) } }
	r = ring(mount(w.line(t, early)), id, saultCaller)
	r.converse(t, []act{
		{do: "call", hear: []string{enReminder, "To hear this again, press 1."}, notHear: []string{"join the meeting now"}},
		{do: "2", hear: []string{"not one of the choices"}, notHear: []string{"Connecting"}},
	})
	if r.doc.Dial != nil {
		t.Fatal("2 dialled the meeting two hours early")
	}
}

func TestPressing9StopsTheseReminders(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	id := w.notice(t, saultCaller, directory.English, g, directory.SendReminder, at)
	ring(mount(w.line(t)), id, saultCaller).converse(t, []act{
		{do: "call"},
		{do: "9", hear: []string{"Your reminders for Ontario Grief Phone Circle are stopped. You can sign up again at any time by calling this line. Goodbye."}, hangup: true},
	})
	subs, err := w.store.Subscriptions(context.Background(), saultCaller)
	if err != nil || len(subs) != 0 {
		t.Fatalf("subscriptions after 9: %+v %v", subs, err)
	}
}

// A cancelled meeting: the day it will not meet, and the next meeting
// that is not cancelled too.
func TestACancellationNotice(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	ctx := context.Background()
	for _, day := range []int{26, 10} { // November 26th, and December 10th after it
		month := time.November
		if day == 10 {
			month = time.December
		}
		if err := w.store.CancelMeeting(ctx, g.ID, recur.Date{Year: 2026, Month: month, Day: day}, testNow); err != nil {
			t.Fatal(err)
		}
	}
	id := w.notice(t, saultCaller, directory.English, g, directory.SendCancellation, at)
	soon := func(l *Line) { l.Now = func() time.Time { return at.Add(-10 * time.Minute) } }
	notice := "This is the Peer Line. Ontario Grief Phone Circle will not meet on Thursday, November 26th. | Its next meeting is Thursday, December 24th, at 2 p.m."
	doc := ring(mount(w.line(t, soon)), id, saultCaller).converse(t, []act{
		{do: "call", hear: []string{notice, "To hear this again, press 1. | To stop these reminders, press 9."}, notHear: []string{"join", "access code"}},
	})
	if strings.Count(doc.heard(), notice) != 2 {
		t.Errorf("the notice is not said exactly twice:\n%s", doc.heard())
	}

	fr := w.notice(t, "+17052530001", directory.French, g, directory.SendCancellation, at)
	ring(mount(w.line(t)), fr, "+17052530001").converse(t, []act{
		{do: "call", hear: []string{"Ici la Ligne d'entraide. Ontario Grief Phone Circle ne se réunira pas le jeudi 26 novembre. | Sa prochaine réunion aura lieu le jeudi 24 décembre à 14 h."}},
		{do: "9", hear: []string{"Vos rappels du groupe Ontario Grief Phone Circle sont arrêtés"}, hangup: true},
	})
}

// A wait-list note is sent once: it can be heard again, not stopped.
func TestAWaitlistNote(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	e, err := w.store.JoinWaitlist(ctx, saultCaller, "grief", "705", "705", directory.ByCall, directory.Consent{
		At: testNow, Via: directory.ViaVoice, Wording: "We will keep your phone number and this request.",
	})
	if err != nil {
		t.Fatal(err)
	}
	g := w.group(t, "sault-grief")
	id := w.enqueue(t, directory.Outgoing{Key: "waitlist:1", Kind: directory.SendWaitlist, WaitlistID: e.ID, MemberID: e.MemberID,
		GroupID: g.ID, Channel: directory.ByCall, Lang: directory.English, DueAt: testNow})
	note := "This is the Peer Line. You asked to hear when a group starts near you. Algoma Grief Companions is now listed: it meets in person in Sault Ste. Marie. To hear about it, call this line and choose find a group."
	doc := ring(mount(w.line(t)), id, saultCaller).converse(t, []act{
		{do: "call", hear: []string{note, "To hear this again, press 1."}, notHear: []string{"press 2", "press 9"}},
		{do: "9", hear: []string{"not one of the choices"}},
		{do: "1", hear: []string{note}},
	})
	if strings.Count(doc.heard(), note) != 1 {
		t.Errorf("1 should say the note once more:\n%s", doc.heard())
	}
}

// A message the line cannot find, or one for another number than the one
// that answered, is never read: a short apology in both languages.
func TestAReminderCallForSomeoneElseSaysNothingOfIt(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	id := w.notice(t, saultCaller, directory.English, g, directory.SendReminder, at)
	for _, tc := range []struct {
		name string
		id   any
		to   string
	}{
		{"unknown id", id + 1000, saultCaller},
		{"no id", "", saultCaller},
		{"not a number", "abc", saultCaller},
		{"another number", id, "+17059490000"},
		{"a withheld number", id, "anonymous"},
	} {
		r := ring(mount(w.line(t)), tc.id, tc.to)
		doc := r.converse(t, []act{{do: "call",
			hear:    []string{"I have no message for this phone number", "je n'ai pas de message pour ce numéro"},
			notHear: []string{"Ontario", "Grief", "meets", "7 0 5", "press"}, hangup: true}})
		if said := doc.said(); len(said) != 2 || said[0].Language != "en-US" || said[1].Language != "fr-CA" {
			t.Errorf("%s: %+v", tc.name, said)
		}
		if _, found, err := w.store.LoadSession(context.Background(), "call:"+r.sid, testNow.Add(-callExpiry)); err != nil || found {
			t.Errorf("%s: the call left state behind (%v)", tc.name, err)
		}
	}
}

// A call telling a member their group was taken off the line says so,
// and how to find another, in their language; it has nothing to stop.
func TestAnEndedNoticeCall(t *testing.T) {
	w := newWorld(t)
	g, at := phoneGroup(t, w)
	id := w.notice(t, saultCaller, directory.English, g, directory.SendEnded, at)
	ring(mount(w.line(t)), id, saultCaller).converse(t, []act{
		{do: "call", hear: []string{"This is the Peer Line. Ontario Grief Phone Circle is no longer listed with us, so its reminders have stopped. To find another group, call this line and choose find a group.",
			"To hear this again, press 1."}, notHear: []string{"press 9", "join"}},
	})
	fr := w.notice(t, "+17052530001", directory.French, g, directory.SendEnded, at)
	ring(mount(w.line(t)), fr, "+17052530001").converse(t, []act{
		{do: "call", hear: []string{"Ici la Ligne d'entraide. Ontario Grief Phone Circle ne figure plus à notre répertoire; ses rappels sont arrêtés."}},
	})
}
