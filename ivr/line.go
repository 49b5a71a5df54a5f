// Package ivr is the voice line: a call flow a senior on a rural landline
// can follow with a keypad, in English or French. Twilio posts each step
// of a call here and gets TwiML back. The call's state lives in the
// database by CallSid, never only in memory, so a restart mid-call or a
// second server loses nothing.
package ivr

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/twilio/twilio-go/twiml"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/webhook"
	"github.com/peerline/peerline/words"
)

// Texter sends a text message; the voice line uses it for "text me these
// details". telephony.Sender is one.
type Texter interface {
	SendText(ctx context.Context, to, body, statusCallback string) (string, error)
}

// Voice is how one language is spoken.
type Voice struct {
	Name     string // a Twilio voice: "Polly.Joanna-Neural"
	Language string // "en-US", "fr-CA"
}

// DefaultVoices are neural voices that honour <prosody rate>: a clear
// English voice and a Canadian French one.
func DefaultVoices() map[directory.Lang]Voice {
	return map[directory.Lang]Voice{
		directory.English: {Name: "Polly.Joanna-Neural", Language: "en-US"},
		directory.French:  {Name: "Polly.Gabrielle-Neural", Language: "fr-CA"},
	}
}

// Line is the voice line.
type Line struct {
	Finder   *directory.Finder
	Texts    Texter // nil when texting is not set up
	Voices   map[directory.Lang]Voice
	Operator string          // a person's number (E.164); "" offers no one to talk to
	Hours    Hours           // when the operator answers; zero means always
	Speech   bool            // let callers say their concern at the topic menu
	Leads    []time.Duration // how long before a meeting reminders go out, longest first
	Activity *webhook.Activity
	Now      func() time.Time
	Log      *slog.Logger

	book  words.Book
	steps map[string]step
	state webhook.State[call]
	docs  *telephony.Documents
}

// Timing the caller is given. Twilio waits this long for a first key.
const (
	keyTimeout  = 10 // seconds: at least 8, for people who need a moment
	dialTimeout = 25 // seconds of ringing before "no one answered"
	callExpiry  = 4 * time.Hour
	speechRate  = "90%"
	voicemailS  = 120
)

// New makes a line; fields left zero get sensible defaults.
func New(l Line) *Line {
	if l.Voices == nil {
		l.Voices = DefaultVoices()
	}
	if l.Leads == nil {
		l.Leads = directory.DefaultLeads()
	}
	if l.Now == nil {
		l.Now = time.Now
	}
	if l.Log == nil {
		l.Log = slog.New(slog.DiscardHandler)
	}
	if l.Activity == nil {
		l.Activity = &webhook.Activity{Store: l.Finder.Store, Now: l.Now, Log: l.Log}
	}
	l.book = words.NewBook()
	l.docs = &telephony.Documents{}
	l.steps = l.flow()
	l.state = webhook.State[call]{Store: l.Finder.Store, Expiry: callExpiry, Now: l.Now}
	return &l
}

// Handler serves, mounted at routes.Voice, POST / for a new call, POST
// /reminder?id=N when a member answers a call the line placed (see
// notify), and POST /{step} for each answer; the step in the URL says
// which wait the request answers (routes.VoiceStep).
func (l *Line) Handler() http.Handler {
	r := chi.NewRouter()
	r.Post("/", l.serve)
	r.Post("/{step}", l.serve)
	guard := &webhook.Guard{
		Channel: directory.ChannelVoice, Kind: directory.ActivityCall,
		Blocklist: l.Finder.Store, Activity: l.Activity, Log: l.Log,
		Starts: func(r *http.Request) bool { return strings.TrimSuffix(r.URL.Path, "/") == routes.Voice },
		Party:  func(r *http.Request) string { return decode(r).From },
		Blocked: func(w http.ResponseWriter, _ *http.Request) {
			en, fr := l.book.In(directory.English).Voice, l.book.In(directory.French).Voice
			telephony.Write(w, append(l.says([]line{{en.Blocked, directory.English}, {fr.Blocked, directory.French}}), twiml.VoiceHangup{})...)
		},
		Fault: func(w http.ResponseWriter, _ *http.Request, lang directory.Lang) { l.trouble(w, lang) },
	}
	return guard.Wrap(r)
}

// request is what Twilio tells us at each step of a call.
type request struct {
	CallSid  string
	From     string // the person on the line: the caller, or the member a call of the line rang
	Outbox   int64  // ?id= of a call the line placed: the outbox message it is about
	Digits   string
	Speech   string
	Sure     bool   // the speech was recognised with confidence (see sureOf)
	DialCall string // DialCallStatus
	Recorded string // RecordingUrl
	Seconds  int    // RecordingDuration
}

func decode(r *http.Request) request {
	f := r.PostForm
	secs, _ := strconv.Atoi(f.Get("RecordingDuration"))
	id, _ := strconv.ParseInt(r.URL.Query().Get("id"), 10, 64)
	person := f.Get("From")
	if f.Get("Direction") == "outbound-api" {
		// On a call the line placed, From is the line and To the member:
		// every step that needs "the caller" means the member.
		person = f.Get("To")
	}
	return request{
		CallSid: f.Get("CallSid"), From: person, Outbox: id, Digits: strings.TrimSpace(f.Get("Digits")),
		Speech: strings.TrimSpace(f.Get("SpeechResult")), Sure: sureOf(f.Get("Confidence")), DialCall: f.Get("DialCallStatus"),
		Recorded: f.Get("RecordingUrl"), Seconds: secs,
	}
}

// sureConfidence is the recogniser's confidence (0 to 1) above which
// words are taken as heard; below it they are said back to confirm.
const sureConfidence = 0.6

// sureOf reads Twilio's Confidence; absent or unreadable is not sure.
func sureOf(confidence string) bool {
	c, err := strconv.ParseFloat(confidence, 64)
	return err == nil && c >= sureConfidence
}

// call is the state of one call between requests. It holds no phone
// number: Twilio sends the caller's with every request.
type call struct {
	Lang     directory.Lang `json:"lang"`
	Step     string         `json:"step"`
	Misses   int            `json:"misses,omitempty"`
	Category int            `json:"category,omitempty"` // 1-based, as pressed
	Concern  string         `json:"concern,omitempty"`
	NPA      string         `json:"npa,omitempty"`
	Near     bool           `json:"near,omitempty"` // search from the caller's town
	Town     string         `json:"town,omitempty"` // or from this town (the nearest with a group)
	Index    int            `json:"index,omitempty"`
	Total    int            `json:"total,omitempty"`
	Group    int            `json:"group,omitempty"` // the code of the group being offered
	Contact  string         `json:"contact,omitempty"`
	Told     bool           `json:"told,omitempty"`      // the count of results or reminders, or that none was found, was said
	KeysTold bool           `json:"keys_told,omitempty"` // star and pound were explained (after a first miss)
	Offers   []string       `json:"offers,omitempty"`    // the choices of the result being offered, in key order
	Brief    bool           `json:"brief,omitempty"`     // the result was just heard: offer only its choices again
	NoText   bool           `json:"no_text,omitempty"`   // a text to this phone failed during the call
	Outbox   int64          `json:"outbox,omitempty"`    // on a call the line placed: the message it brought
	Ask      int64          `json:"ask,omitempty"`       // on a listing check the line placed: the ask (check.go)
	Leader   bool           `json:"leader,omitempty"`    // the caller's number leads a group: the menu offers leaders' choice
	Leading  []int          `json:"leading,omitempty"`   // after the right PIN: the codes of the groups it opened
	LeadAt   int64          `json:"lead_at,omitempty"`   // the meeting a leader heard, to cancel (Unix seconds)

	// found is the search this request made, for the prompt that offers
	// its first result: the search runs once a step. Never saved.
	found *directory.Answer
}

// line is one sentence to say, in a language.
type line struct {
	text string
	lang directory.Lang
}

// reply is what the caller hears next and what the call waits for.
type reply struct {
	say      []line
	next     string // the step offered next: its prompt is said and its keys awaited
	dial     string // or: connect the call to this number...
	digits   string // ...typing these keys once it answers (an access code)...
	dialNext string // ...and come back to this step when that call ends
	record   bool   // or: take a voicemail
	hangup   bool   // or: end the call
}

func (l *Line) serve(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c := &call{Lang: directory.English}
	req := decode(r)
	stepName := chi.URLParam(r, "step")
	doc, err := l.respond(ctx, c, stepName, req)
	if err != nil {
		l.Log.Error("voice: cannot answer a call step", "step", stepName, "err", err)
		l.trouble(w, c.Lang)
		return
	}
	l.docs.Write(w, doc.key, doc.verbs)
}

// document is a step's answer: its verbs, and when it is the same for
// every call that gets it (a fixed prompt), the key it is rendered once
// under (telephony.Documents), its verbs then made only that once.
type document struct {
	verbs func() []twiml.Element
	key   string
}

func verbs(v ...twiml.Element) document {
	return document{verbs: func() []twiml.Element { return v }}
}

// respond works out the reply, renders it (prompts may note what they
// said, like the count of results), and only then saves the call: one
// write a step.
func (l *Line) respond(ctx context.Context, c *call, stepName string, req request) (document, error) {
	out, err := l.advance(ctx, c, stepName, req)
	if errors.Is(err, errLostPlace) {
		out, err = l.startOver(c), nil
	}
	if err != nil {
		return document{}, err
	}
	doc, err := l.render(ctx, c, req, out)
	if errors.Is(err, errLostPlace) { // a prompt found the call's state does not fit
		out = l.startOver(c)
		doc, err = l.render(ctx, c, req, out)
	}
	if err != nil {
		return document{}, err
	}
	if out.hangup {
		return doc, l.state.Delete(ctx, callKey(req.CallSid))
	}
	return doc, l.save(ctx, req.CallSid, c)
}

// errLostPlace is what a step returns when the call's state does not fit
// it: a request replayed or arriving late, state written by another
// version of the line, a group gone from the directory mid-call. The
// caller is not apologised to for that; the call starts over politely.
var errLostPlace = errors.New("the call's state does not fit this step")

// startOver takes the call back to the main menu, keeping its language.
func (l *Line) startOver(c *call) reply {
	*c = call{Lang: c.Lang, Leader: c.Leader}
	if c.Lang == "" {
		c.Lang = directory.English
	}
	return reply{say: c.lines(l, l.m(c).StartOver), next: "menu"}
}

// advance loads the call and works out the reply to this request.
func (l *Line) advance(ctx context.Context, c *call, stepName string, req request) (reply, error) {
	switch stepName {
	case "":
		c.Leader = l.isLeader(ctx, req)
		return l.greet(c), nil
	case routes.ReminderStep:
		return l.notify(ctx, c, req)
	case routes.CheckStep:
		return l.checkCall(ctx, c, req)
	}
	found, err := l.load(ctx, req.CallSid, c)
	if err != nil {
		return reply{}, err
	}
	st, known := l.steps[stepName]
	waiting, fits := l.steps[c.Step]
	switch {
	case !found || !known || !fits || !needs(c.Step, c):
		return l.startOver(c), nil
	case stepName != c.Step && stepName != "trouble":
		// A replayed or late request, for a wait the call has left: the
		// caller hears again what the call waits for now.
		if waiting.prompt == nil {
			return l.startOver(c), nil
		}
		return reply{next: c.Step}, nil
	}
	return l.answer(ctx, c, stepName, st, req)
}

// answer handles the caller's keys (or words, or silence) at a step.
func (l *Line) answer(ctx context.Context, c *call, name string, st step, req request) (reply, error) {
	m := l.m(c)
	in := req.Digits
	if st.special != nil {
		return st.special(ctx, c, req)
	}
	switch {
	case in == "*":
		return reply{next: name}, nil
	case in == "#":
		c.Misses = 0
		return reply{next: "menu"}, nil
	case in == "0" && !st.zeroIsKey:
		c.KeysTold = true // the help says them
		return reply{say: c.lines(l, l.helpLines(c, name, req)...), next: name}, nil
	}
	var out reply
	ok := false
	var err error
	switch {
	case in == "" && req.Speech != "" && st.speech != nil:
		out, ok, err = st.speech(ctx, c, req.Speech, req)
	case in == "":
		return l.miss(c, name, m.Silent, req), nil
	case st.keys[in] != nil:
		out, ok, err = st.keys[in](ctx, c, req)
	case st.other != nil:
		out, ok, err = st.other(ctx, c, in, req)
	}
	if err != nil {
		return reply{}, err
	}
	if !ok {
		sorry := m.Didnt
		if in == "" {
			sorry = m.SpeechMissed
		}
		if len(out.say) > 0 {
			sorry = out.say[0].text
		}
		return l.miss(c, name, sorry, req), nil
	}
	c.Misses = 0
	return out, nil
}

// miss re-offers a step after a wrong key or silence. The third miss in a
// row brings help; a fourth ends the call kindly. No first miss ever does.
func (l *Line) miss(c *call, step, sorry string, req request) reply {
	c.Misses++
	m := l.m(c)
	switch {
	case c.Misses >= 4:
		return reply{say: c.lines(l, sorry, l.goodbye(c)), hangup: true}
	case c.Misses == 3:
		return reply{say: c.lines(l, append(append([]string{sorry}, l.helpLines(c, step, req)...), m.LastTry)...), next: step}
	case !c.KeysTold && l.steps[step].finish == "":
		// Where pound ends what is typed (a PIN), "pound for the main
		// menu" would be wrong: the keys are told at the next step.
		c.KeysTold = true
		return reply{say: c.lines(l, sorry, m.Keys), next: step}
	}
	return reply{say: c.lines(l, sorry), next: step}
}

func (l *Line) helpLines(c *call, step string, req request) []string {
	m := l.m(c)
	out := []string{m.Help}
	if step == "areacode" { // three digits to type, not a choice to pick
		out[0] = m.HelpArea
	}
	if key := slices.Index(l.menuChoices(c, req), choiceTalk) + 1; key > 0 {
		out = append(out, words.Fill(m.HelpOp, "key", strconv.Itoa(key)))
	}
	return append(out, m.Crisis)
}

// m is the sentences of the call's language.
func (l *Line) m(c *call) *words.Voice { return &l.book.In(c.Lang).Voice }

// digits says a number digit by digit: "7 0 5".
func (l *Line) digits(n string) string { return l.book.In(directory.English).Speaker(nil).Digits(n) }

// lines makes sentences in the call's language.
func (c *call) lines(l *Line, texts ...string) []line {
	out := make([]line, 0, len(texts))
	for _, t := range texts {
		if t != "" {
			out = append(out, line{text: t, lang: c.Lang})
		}
	}
	return out
}

// callKey is where a call's state is kept.
func callKey(sid string) string { return "call:" + sid }

// load reads the call's state, and tells the guard its language.
func (l *Line) load(ctx context.Context, sid string, c *call) (bool, error) {
	if sid == "" {
		return false, nil
	}
	found, err := l.state.Load(ctx, callKey(sid), c)
	webhook.TurnOf(ctx).Lang = c.Lang
	return found, err
}

// save writes the call's state, noting the step it now waits at.
func (l *Line) save(ctx context.Context, sid string, c *call) error {
	if sid == "" {
		return nil
	}
	return l.state.Save(ctx, callKey(sid), c)
}

// render turns a reply into TwiML: what is said, then the wait.
func (l *Line) render(ctx context.Context, c *call, req request, out reply) (document, error) {
	said := out.say
	c.Step = out.next
	switch {
	case out.hangup:
		return verbs(append(l.says(said), twiml.VoiceHangup{})...), nil
	case out.dial != "":
		c.Step = out.dialNext
		return verbs(append(l.says(said), twiml.VoiceDial{
			Action: l.url(out.dialNext), Timeout: strconv.Itoa(dialTimeout),
			InnerElements: []twiml.Element{twiml.VoiceNumber{PhoneNumber: out.dial, SendDigits: out.digits}},
		})...), nil
	case out.record:
		c.Step = "voicemail"
		return verbs(append(l.says(said),
			twiml.VoiceRecord{Action: l.url("voicemail"), MaxLength: strconv.Itoa(voicemailS), Timeout: "10", FinishOnKey: "#", PlayBeep: "true"},
			twiml.VoiceRedirect{Url: l.url("voicemail")})...), nil
	}
	st := l.steps[out.next]
	prompt, err := st.prompt(ctx, c, req)
	if err != nil {
		return document{}, err
	}
	said = append(said, prompt...)
	if !st.fixed {
		return verbs(l.gather(c.Lang, out.next, st, said)...), nil
	}
	lang := c.Lang
	return document{key: docKey(lang, out.next, said),
		verbs: func() []twiml.Element { return l.gather(lang, out.next, st, said) }}, nil
}

// gather says the sentences while waiting for the step's keys.
func (l *Line) gather(lang directory.Lang, next string, st step, said []line) []twiml.Element {
	g := twiml.VoiceGather{
		Action: l.url(next), Method: "POST", Input: "dtmf", Timeout: strconv.Itoa(keyTimeout),
		NumDigits: strconv.Itoa(max(st.digits, 1)), InnerElements: l.says(said), FinishOnKey: st.finish,
	}
	if st.speech != nil && l.Speech {
		g.Input = "dtmf speech"
		g.Language = l.Voices[lang].Language
		g.Hints = st.hints(lang)
		g.SpeechTimeout = "auto"
	}
	// <Gather> with no input falls through: silence comes back to the same step.
	return []twiml.Element{g, twiml.VoiceRedirect{Url: l.url(next), Method: "POST"}}
}

// docKey names a fixed step's document by what makes it: the call's
// language (the speech settings), the step, and every sentence said.
func docKey(lang directory.Lang, next string, said []line) string {
	var b strings.Builder
	b.WriteString(string(lang) + "\x00" + next)
	for _, ln := range said {
		b.WriteString("\x00" + string(ln.lang) + "\x01" + ln.text)
	}
	return b.String()
}

// says speaks each sentence slowly, in its own language's voice.
func (l *Line) says(lines []line) []twiml.Element {
	var out []twiml.Element
	for _, ln := range lines {
		v := l.Voices[ln.lang]
		out = append(out, telephony.Say{Voice: v.Name, Language: v.Language,
			InnerElements: []twiml.Element{telephony.Prosody{Rate: speechRate, Text: ln.text}}})
	}
	return out
}

func (l *Line) url(step string) string { return routes.VoiceStep(step) }

// trouble answers when something failed inside: valid TwiML that
// apologises and offers a person or another try. Twilio never sees a 5xx.
func (l *Line) trouble(w http.ResponseWriter, lang directory.Lang) {
	c := &call{Lang: lang}
	m := l.m(c)
	offer := m.SorryBack
	if l.Operator != "" {
		offer = m.SorryOp
	}
	telephony.Write(w,
		twiml.VoiceGather{Action: l.url("trouble"), Method: "POST", Input: "dtmf", NumDigits: "1",
			Timeout: strconv.Itoa(keyTimeout), InnerElements: l.says(c.lines(l, m.Sorry, offer, m.Crisis))},
		l.says(c.lines(l, m.Goodbye))[0],
		twiml.VoiceHangup{})
}
