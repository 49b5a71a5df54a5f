package twiliotest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/peerline/peerline/telephony"
	"github.com/twilio/twilio-go/twiml"
)

// voiceApp is a tiny voice line. Every URL it gives out is relative, so it
// works under any public base.
type voiceApp struct {
	mu   sync.Mutex
	hits []hit
}

type hit struct {
	method, path string
	params       url.Values
}

func (a *voiceApp) last() hit {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.hits[len(a.hits)-1]
}

func (a *voiceApp) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.hits)
}

func say(text string) *twiml.VoiceSay {
	return &twiml.VoiceSay{Language: "en-CA", InnerElements: []twiml.Element{telephony.Prosody{Rate: "90%", Text: text}}}
}

func (a *voiceApp) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	params := r.PostForm
	if r.Method == http.MethodGet {
		params = r.URL.Query()
	}
	a.mu.Lock()
	a.hits = append(a.hits, hit{r.Method, r.URL.Path, params})
	a.mu.Unlock()

	menu := func(intro ...twiml.Element) []twiml.Element {
		return append(intro,
			&twiml.VoiceGather{Action: "menu", Input: "dtmf speech", NumDigits: "1", Timeout: "8",
				InnerElements: []twiml.Element{say("Press 1 for groups, 2 to talk to someone, 3 to leave a message.")}},
			&twiml.VoiceRedirect{Url: "noinput"})
	}
	switch r.URL.Path {
	case "/twilio/voice":
		telephony.Write(w, menu(&twiml.VoiceSay{Message: "Welcome to peerline.", Voice: "Polly.Joanna"})...)
	case "/twilio/menu":
		choice := params.Get("Digits")
		if s := params.Get("SpeechResult"); s != "" {
			choice = "1"
		}
		switch choice {
		case "1":
			telephony.Write(w, say("You pressed "+params.Get("Digits")+params.Get("SpeechResult")+"."), &twiml.VoiceRedirect{Url: "results?concern=grief"})
		case "2":
			telephony.Write(w, say("Connecting you."), &twiml.VoiceDial{Action: "dialdone", Timeout: "20", CallerId: "+17055550100",
				InnerElements: []twiml.Element{&twiml.VoiceNumber{PhoneNumber: "+17055550199", SendDigits: "ww1"}}})
		case "3":
			telephony.Write(w, &twiml.VoiceRecord{Action: "recorded", MaxLength: "120", PlayBeep: "false"})
		case "#":
			telephony.Write(w, say("Hash is a key here."), &twiml.VoiceHangup{})
		default:
			telephony.Write(w, menu(say("Sorry, that is not a choice."))...)
		}
	case "/twilio/results":
		telephony.Write(w, menu(&twiml.VoiceSay{InnerElements: []twiml.Element{
			telephony.Prosody{Rate: "90%", Text: "One group found for " + r.URL.Query().Get("concern")},
			telephony.Break{Time: "300ms"},
			telephony.SayAs{InterpretAs: "telephone", Text: "705 555 0199"},
			telephony.Prosody{Rate: "90%", Text: "."},
		}})...)
	case "/twilio/noinput":
		telephony.Write(w, say("Are you still there?"), &twiml.VoiceGather{Action: "menu", NumDigits: "1"})
	case "/twilio/dialdone":
		telephony.Write(w, say("The call ended: "+params.Get("DialCallStatus")+"."), &twiml.VoiceHangup{})
	case "/twilio/recorded":
		telephony.Write(w, say("Thank you. We got "+params.Get("RecordingDuration")+" seconds."))
	case "/twilio/loop":
		telephony.Write(w, &twiml.VoiceRedirect{Url: "loop"})
	case "/twilio/broken":
		http.Error(w, "boom", http.StatusInternalServerError)
	case "/twilio/notxml":
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, "<Response><Say>unclosed</Response>")
	case "/twilio/hash":
		// Hand-written TwiML without finishOnKey: Twilio's default "#" ends input.
		w.Header().Set("Content-Type", "text/xml")
		fmt.Fprint(w, `<Response><Gather action="menu" numDigits="1"><Say>Press a key.</Say></Gather><Say>Nothing?</Say></Response>`)
	case "/twilio/noaction":
		// No actions: Twilio posts Gather and Record input back to this
		// URL, and goes on after a Dial.
		switch {
		case params.Get("Digits") == "2":
			telephony.Write(w, &twiml.VoiceDial{Number: "+17055550199"}, say("After the dial."))
		case params.Get("Digits") == "3":
			telephony.Write(w, &twiml.VoiceRecord{})
		case params.Get("RecordingUrl") != "":
			telephony.Write(w, say("Recorded here."), &twiml.VoiceHangup{})
		default:
			telephony.Write(w, &twiml.VoiceGather{NumDigits: "1"})
		}
	case "/twilio/getgather":
		telephony.Write(w, &twiml.VoiceGather{Action: "menu?via=get", Method: "GET", NumDigits: "1"})
	default:
		http.NotFound(w, r)
	}
}

var (
	callSidRE    = regexp.MustCompile(`^CA[0-9a-f]{32}$`)
	accountSidRE = regexp.MustCompile(`^AC[0-9a-f]{32}$`)
)

func texts(t *Turn) []string {
	var out []string
	for _, s := range t.Said {
		out = append(out, s.Text)
	}
	return out
}

func must(t *testing.T) func(*Turn, error) *Turn {
	return func(turn *Turn, err error) *Turn {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return turn
	}
}

func wantSaid(t *testing.T, turn *Turn, want ...string) {
	t.Helper()
	got := texts(turn)
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("said %q, want %q", got, want)
	}
}

// walkCall drives app through every kind of turn.
func walkCall(t *testing.T, p *Phone, app *voiceApp) {
	ctx := context.Background()
	ok := must(t)

	turn := ok(p.Call(ctx))
	wantSaid(t, turn, "Welcome to peerline.", "Press 1 for groups, 2 to talk to someone, 3 to leave a message.")
	if turn.Said[0].Voice != "Polly.Joanna" || turn.Said[1].Language != "en-CA" {
		t.Errorf("said = %+v", turn.Said)
	}
	g := turn.Gather
	if g == nil || g.Action != "menu" || g.Method != "POST" || g.Input != "dtmf speech" || g.NumDigits != 1 || g.Timeout != 8 ||
		!g.HasFinishOnKey || g.FinishOnKey != "" {
		t.Fatalf("gather = %+v", g)
	}
	if turn.Redirect != "noinput" || turn.Status != http.StatusOK || turn.Hangup || len(turn.TwiML) == 0 {
		t.Fatalf("turn = %+v", turn)
	}
	first := app.last()
	if first.path != "/twilio/voice" || first.method != http.MethodPost || first.params.Get("CallStatus") != "ringing" ||
		first.params.Get("Direction") != "inbound" || first.params.Get("From") != p.From || first.params.Get("To") != p.To ||
		!callSidRE.MatchString(first.params.Get("CallSid")) || !accountSidRE.MatchString(first.params.Get("AccountSid")) {
		t.Fatalf("first request = %+v", first)
	}
	if p.CallSid != first.params.Get("CallSid") {
		t.Fatalf("CallSid %q, sent %q", p.CallSid, first.params.Get("CallSid"))
	}

	// A keypress whose answer redirects: the redirect is followed and what
	// both documents said is in the turn.
	turn = ok(p.Press(ctx, "1"))
	wantSaid(t, turn, "You pressed 1.", "One group found for grief 705 555 0199.",
		"Press 1 for groups, 2 to talk to someone, 3 to leave a message.")
	if turn.Gather == nil || turn.Redirect != "noinput" {
		t.Fatalf("after redirect: %+v", turn)
	}
	if h := app.last(); h.path != "/twilio/results" || h.params.Get("CallStatus") != "in-progress" ||
		h.params.Get("CallSid") != p.CallSid || h.params.Get("AccountSid") != first.params.Get("AccountSid") {
		t.Fatalf("redirect request = %+v", h)
	}

	// Silence follows the Redirect after the Gather.
	turn = ok(p.Silence(ctx))
	wantSaid(t, turn, "Are you still there?")
	if turn.Gather == nil || turn.Redirect != "" || turn.Gather.HasFinishOnKey != true {
		t.Fatalf("no-input turn = %+v", turn)
	}
	// Speech on a keys-only gather is refused.
	if _, err := p.Speak(ctx, "grief"); err == nil {
		t.Fatal("Speak on a dtmf gather succeeded")
	}
	// "#" is a key like any other once finishOnKey is empty.
	turn = ok(p.Press(ctx, "#"))
	wantSaid(t, turn, "Hash is a key here.")
	if !turn.Hangup || p.Current() != turn {
		t.Fatalf("after hangup: %+v", turn)
	}
	if _, err := p.Press(ctx, "1"); err == nil {
		t.Fatal("Press after hangup succeeded")
	}

	// Dial and its end.
	ok(p.Call(ctx))
	turn = ok(p.Press(ctx, "2"))
	wantSaid(t, turn, "Connecting you.")
	if d := turn.Dial; d == nil || d.Number != "+17055550199" || d.Action != "dialdone" || d.CallerID != "+17055550100" || d.Timeout != 20 {
		t.Fatalf("dial = %+v", turn.Dial)
	}
	if _, err := p.Silence(ctx); err == nil {
		t.Fatal("Silence while dialling succeeded")
	}
	turn = ok(p.DialEnded(ctx, "no-answer"))
	wantSaid(t, turn, "The call ended: no-answer.")
	if !turn.Hangup || app.last().params.Get("DialCallStatus") != "no-answer" {
		t.Fatalf("after dial: %+v", turn)
	}

	// Record and the recording.
	ok(p.Call(ctx))
	turn = ok(p.Press(ctx, "3"))
	if r := turn.Record; r == nil || r.Action != "recorded" || r.MaxLength != 120 || r.PlayBeep || r.Timeout != 5 {
		t.Fatalf("record = %+v", turn.Record)
	}
	turn = ok(p.Recorded(ctx, "https://api.twilio.com/rec/RE1", 12))
	wantSaid(t, turn, "Thank you. We got 12 seconds.")
	if h := app.last(); h.path != "/twilio/recorded" || h.params.Get("RecordingUrl") != "https://api.twilio.com/rec/RE1" {
		t.Fatalf("recorded request = %+v", h)
	}
	if !turn.Hangup {
		t.Fatal("a document that ends does not hang up")
	}

	// Speech.
	ok(p.Call(ctx))
	turn = ok(p.Speak(ctx, "grief group"))
	if turn.Said[0].Text != "You pressed grief group." || app.last().path != "/twilio/results" {
		t.Fatalf("speech turn = %+v", turn)
	}

	// Silence twice: the second gather has no redirect, so the call ends.
	ok(p.Silence(ctx))
	turn = ok(p.Silence(ctx))
	if !turn.Hangup || len(turn.Said) != 0 {
		t.Fatalf("second silence = %+v", turn)
	}
}

func TestPhoneInProcessSigned(t *testing.T) {
	app := &voiceApp{}
	v := &telephony.Verifier{AuthToken: testToken, PublicURL: "http://peerline.test"}
	p := &Phone{Handler: v.Wrap(app), AuthToken: testToken, From: "+17055550123", To: "+17055550100"}
	walkCall(t, p, app)
}

func TestPhoneInProcessUnderPathPrefix(t *testing.T) {
	app := &voiceApp{}
	public := "https://line.example.org/peer"
	v := &telephony.Verifier{AuthToken: testToken, PublicURL: public}
	p := &Phone{Handler: v.Wrap(app), AuthToken: testToken, PublicURL: public, From: "anonymous", To: "+17055550100"}
	walkCall(t, p, app)
}

func TestPhoneBaseURLSigned(t *testing.T) {
	app := &voiceApp{}
	v := &telephony.Verifier{AuthToken: testToken}
	srv := httptest.NewServer(v.Wrap(app))
	defer srv.Close()
	v.PublicURL = srv.URL
	p := &Phone{BaseURL: srv.URL, AuthToken: testToken, From: "+17055550123", To: "+17055550100"}
	walkCall(t, p, app)
}

func TestPhoneWrongTokenIsRefused(t *testing.T) {
	app := &voiceApp{}
	v := &telephony.Verifier{AuthToken: testToken, PublicURL: "http://peerline.test"}
	p := &Phone{Handler: v.Wrap(app), AuthToken: "wrong", From: "+17055550123", To: "+17055550100"}
	turn, err := p.Call(context.Background())
	if err == nil || turn == nil || turn.Status != http.StatusForbidden || !turn.Hangup {
		t.Fatalf("turn %+v, err %v", turn, err)
	}
	if app.count() != 0 {
		t.Fatal("the app ran")
	}
}

// startAt puts the phone at a gather that leads to path, so failures can
// be provoked anywhere.
func startAt(t *testing.T, path string) (*Phone, *voiceApp) {
	t.Helper()
	app := &voiceApp{}
	mux := http.NewServeMux()
	mux.HandleFunc("/twilio/voice", func(w http.ResponseWriter, r *http.Request) {
		telephony.Write(w, &twiml.VoiceGather{Action: path, NumDigits: "1"}, &twiml.VoiceRedirect{Url: path})
	})
	mux.Handle("/", app)
	p := &Phone{Handler: mux, From: "+17055550123", To: "+17055550100"}
	must(t)(p.Call(context.Background()))
	return p, app
}

func TestPhoneRedirectLoop(t *testing.T) {
	p, _ := startAt(t, "loop")
	if _, err := p.Press(context.Background(), "1"); err == nil || !strings.Contains(err.Error(), "redirects") {
		t.Fatalf("err = %v", err)
	}
}

func TestPhoneServerError(t *testing.T) {
	p, _ := startAt(t, "broken")
	turn, err := p.Silence(context.Background())
	if err == nil || turn == nil || turn.Status != http.StatusInternalServerError || !turn.Hangup {
		t.Fatalf("turn %+v, err %v", turn, err)
	}
}

func TestPhoneInvalidXML(t *testing.T) {
	p, _ := startAt(t, "notxml")
	turn, err := p.Press(context.Background(), "1")
	if err == nil || turn == nil || turn.Status != http.StatusOK || !strings.Contains(err.Error(), "invalid TwiML") {
		t.Fatalf("turn %+v, err %v", turn, err)
	}
}

func TestPhoneDefaultFinishOnKeySwallowsHash(t *testing.T) {
	p, app := startAt(t, "hash")
	ctx := context.Background()
	turn := must(t)(p.Press(ctx, "1"))
	if turn.Gather == nil || turn.Gather.HasFinishOnKey || turn.Redirect != "" {
		t.Fatalf("gather = %+v", turn.Gather)
	}
	n := app.count()
	// Twilio ends input at "#" and, with nothing entered, falls through.
	turn = must(t)(p.Press(ctx, "#"))
	wantSaid(t, turn, "Nothing?")
	if !turn.Hangup || app.count() != n {
		t.Fatalf("turn %+v after %d requests", turn, app.count()-n)
	}
}

func TestPhoneGetAction(t *testing.T) {
	p, app := startAt(t, "getgather")
	ctx := context.Background()
	must(t)(p.Press(ctx, "1"))
	must(t)(p.Press(ctx, "9"))
	h := app.last()
	if h.method != http.MethodGet || h.path != "/twilio/menu" || h.params.Get("Digits") != "9" || h.params.Get("via") != "get" ||
		h.params.Get("CallSid") != p.CallSid {
		t.Fatalf("GET request = %+v", h)
	}
}

func TestPhoneNeedsOneTarget(t *testing.T) {
	for _, p := range []*Phone{{}, {Handler: http.NotFoundHandler(), BaseURL: "http://localhost:1"}} {
		if _, err := p.Call(context.Background()); err == nil {
			t.Errorf("%+v: Call succeeded", p)
		}
	}
	p := &Phone{}
	if _, err := p.Press(context.Background(), "1"); err == nil {
		t.Error("Press before Call succeeded")
	}
}

func TestPhoneFreshCallSidPerCall(t *testing.T) {
	app := &voiceApp{}
	p := &Phone{Handler: app}
	ctx := context.Background()
	must(t)(p.Call(ctx))
	first := p.CallSid
	must(t)(p.Call(ctx))
	if p.CallSid == first || !callSidRE.MatchString(p.CallSid) {
		t.Fatalf("CallSids %q then %q", first, p.CallSid)
	}
	p = &Phone{Handler: app, CallSid: "CAfixed"}
	must(t)(p.Call(ctx))
	must(t)(p.Call(ctx))
	if p.CallSid != "CAfixed" || app.last().params.Get("CallSid") != "CAfixed" {
		t.Fatalf("given CallSid not kept: %q", p.CallSid)
	}
}

func TestPhoneActionsDefaultToTheDocument(t *testing.T) {
	p, app := startAt(t, "noaction")
	ctx := context.Background()
	ok := must(t)
	turn := ok(p.Press(ctx, "1"))
	if turn.Gather == nil || turn.Gather.Action != "" || turn.Gather.Timeout != 5 || turn.Gather.Input != "dtmf" {
		t.Fatalf("gather = %+v", turn.Gather)
	}
	turn = ok(p.Press(ctx, "2"))
	if app.last().path != "/twilio/noaction" || turn.Dial == nil || turn.Dial.Number != "+17055550199" || turn.Dial.Timeout != 30 {
		t.Fatalf("dial turn = %+v after %+v", turn, app.last())
	}
	n := app.count()
	turn = ok(p.DialEnded(ctx, "completed"))
	wantSaid(t, turn, "After the dial.")
	if !turn.Hangup || app.count() != n {
		t.Fatalf("after dial: %+v, %d requests", turn, app.count()-n)
	}

	p, app = startAt(t, "noaction")
	ok(p.Press(ctx, "1"))
	turn = ok(p.Press(ctx, "3"))
	if r := turn.Record; r == nil || r.Action != "" || r.MaxLength != 3600 || !r.PlayBeep {
		t.Fatalf("record = %+v", turn.Record)
	}
	turn = ok(p.Recorded(ctx, "https://api.twilio.com/rec/RE2", 3))
	wantSaid(t, turn, "Recorded here.")
	if h := app.last(); h.path != "/twilio/noaction" || h.params.Get("RecordingDuration") != "3" {
		t.Fatalf("recording went to %+v", h)
	}
}
