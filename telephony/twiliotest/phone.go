package twiliotest

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
)

// Twilio's own limits, which the phone imitates so a slow or chatty line
// fails in tests the way it would on a real call.
const (
	webhookTimeout = 15 * time.Second
	maxRedirects   = 10
	maxTwiML       = 1 << 20
	inProcessBase  = "http://peerline.test"
)

// Phone is a simulated caller that drives the voice webhooks the way Twilio
// does: it posts the standard parameters, follows <Redirect>, waits at
// <Gather>, <Dial> and <Record>, and hangs up when the document ends. It
// holds one call at a time and is not safe for concurrent use.
type Phone struct {
	Handler   http.Handler // in-process target; or
	BaseURL   string       // "http://localhost:8080" — exactly one of Handler/BaseURL
	AuthToken string       // when set, requests are signed (Sign) against PublicURL
	PublicURL string       // signing base; defaults to BaseURL, or "http://peerline.test" in-process
	From, To  string       // E.164; From may be "" or "anonymous" for a blocked caller ID
	CallSid   string       // generated ("CA" + 32 hex) when empty
	HTTP      *http.Client // defaults to a client with a 15 s timeout

	current      *Turn
	accountSid   string
	generatedSid bool // CallSid was ours to make: each Call gets a fresh one
}

// Said is one <Say>: its Text with SSML markup removed and whitespace
// folded, the speed it is spoken at (a <prosody rate>, 1 when none), and
// whether a key interrupts it (it sits inside the <Gather>).
type Said struct {
	Text, Voice, Language string
	Rate                  float64
	Interruptible         bool
}

// Gather is the <Gather> a call is waiting at. Action is as written
// (possibly relative or empty); Timeout is Twilio's default 5 when absent.
type Gather struct {
	Action, Method, Input, Hints string
	NumDigits, Timeout           int
	FinishOnKey                  string
	HasFinishOnKey               bool
}

// Dial is a <Dial> the call is connected to; Timeout defaults to 30.
type Dial struct {
	Number, Action, CallerID, SendDigits string
	Timeout                              int
}

// Record is a <Record> the call is recording; defaults as Twilio's.
type Record struct {
	Action             string
	MaxLength, Timeout int
	PlayBeep           bool
}

// Turn is what the caller heard since their last action, and what the
// call now waits for.
type Turn struct {
	Said     []Said  // everything spoken, in order, including inside <Gather>
	Gather   *Gather // set when the call waits for keys or speech
	Redirect string  // the URL after the Gather (what silence leads to), "" if none
	Dial     *Dial
	Record   *Record
	Hangup   bool // <Hangup/>, or the document simply ends (Twilio hangs up)
	Status   int  // the HTTP status
	TwiML    []byte

	url    string  // the public URL the last document came from
	method string  // the Dial or Record action's method
	rest   []*node // verbs after the one the call waits at, run on fall-through
}

// Current returns the turn the call is at, nil before Call.
func (p *Phone) Current() *Turn { return p.current }

// Call places the call: POST routes.Voice with CallStatus=ringing.
func (p *Phone) Call(ctx context.Context) (*Turn, error) {
	if (p.Handler == nil) == (p.BaseURL == "") {
		return nil, errors.New("phone: set exactly one of Handler and BaseURL")
	}
	if p.CallSid == "" || p.generatedSid {
		p.CallSid, p.generatedSid = "CA"+randomHex(), true
	}
	if p.accountSid == "" {
		p.accountSid = "AC" + randomHex()
	}
	p.current = nil
	form := p.params("ringing")
	return p.request(ctx, &Turn{}, http.MethodPost, p.publicBase()+routes.Voice, form)
}

// Press types keys at the current <Gather>. As on Twilio, input stops at
// the finishOnKey (default "#") and at numDigits; if nothing is left the
// gather times out as with Silence.
func (p *Phone) Press(ctx context.Context, keys string) (*Turn, error) {
	t, g, err := p.waitingGather()
	if err != nil {
		return nil, err
	}
	if g.Input != "" && !strings.Contains(g.Input, "dtmf") {
		return nil, fmt.Errorf("phone: the gather takes %q, not keys", g.Input)
	}
	finish := "#"
	if g.HasFinishOnKey {
		finish = g.FinishOnKey
	}
	if finish != "" {
		if i := strings.IndexAny(keys, finish); i >= 0 {
			keys = keys[:i]
		}
	}
	if g.NumDigits > 0 && len(keys) > g.NumDigits {
		keys = keys[:g.NumDigits]
	}
	if keys == "" {
		return p.Silence(ctx)
	}
	form := p.params("in-progress")
	form.Set("Digits", keys)
	return p.request(ctx, &Turn{}, g.Method, p.resolveOr(t, g.Action), form)
}

// Speak answers the current <Gather> by voice, as if recognised with high
// confidence. It fails if the gather does not take speech.
func (p *Phone) Speak(ctx context.Context, words string) (*Turn, error) {
	return p.SpeakUnsure(ctx, words, 0.92)
}

// SpeakUnsure answers by voice, recognised with the given confidence (0-1).
func (p *Phone) SpeakUnsure(ctx context.Context, words string, confidence float64) (*Turn, error) {
	t, g, err := p.waitingGather()
	if err != nil {
		return nil, err
	}
	if !strings.Contains(g.Input, "speech") {
		return nil, errors.New("phone: the gather does not take speech")
	}
	form := p.params("in-progress")
	form.Set("SpeechResult", words)
	form.Set("Confidence", strconv.FormatFloat(confidence, 'f', 2, 64))
	return p.request(ctx, &Turn{}, g.Method, p.resolveOr(t, g.Action), form)
}

// Replay posts keys to a step of the call at path (like routes.VoiceStep),
// whatever the call waits at now: what Twilio sends when it retries a
// request, or when a key arrives late after the call has moved on.
func (p *Phone) Replay(ctx context.Context, path, keys string) (*Turn, error) {
	if p.current == nil {
		return nil, errors.New("phone: no call; Call first")
	}
	form := p.params("in-progress")
	if keys != "" {
		form.Set("Digits", keys)
	}
	return p.request(ctx, &Turn{}, http.MethodPost, p.publicBase()+path, form)
}

// Silence lets the current <Gather> time out, or a <Record> hear nothing:
// as on Twilio, the call falls through to the verbs after it (usually a
// <Redirect>); if there are none, the call ends.
func (p *Phone) Silence(ctx context.Context) (*Turn, error) {
	if t := p.current; t != nil && !t.Hangup && t.Record != nil {
		return p.fallThrough(ctx, t)
	}
	t, _, err := p.waitingGather()
	if err != nil {
		return nil, err
	}
	return p.fallThrough(ctx, t)
}

// DialEnded ends the current <Dial> with status (completed, no-answer,
// busy, failed). With an action, Twilio posts DialCallStatus there;
// without one, the call goes on with the verbs after the Dial.
func (p *Phone) DialEnded(ctx context.Context, status string) (*Turn, error) {
	t := p.current
	if t == nil || t.Hangup || t.Dial == nil {
		return nil, errors.New("phone: the call is not dialling")
	}
	if t.Dial.Action == "" {
		return p.fallThrough(ctx, t)
	}
	form := p.params("in-progress")
	form.Set("DialCallStatus", status)
	form.Set("DialCallSid", "CA"+randomHex())
	if status == "completed" {
		form.Set("DialCallDuration", "60")
	}
	return p.request(ctx, &Turn{}, t.method, p.resolve(t.url, t.Dial.Action), form)
}

// Recorded ends the current <Record>: Twilio posts the recording to the
// action, or to the current document's URL when there is none.
func (p *Phone) Recorded(ctx context.Context, recordingURL string, seconds int) (*Turn, error) {
	t := p.current
	if t == nil || t.Hangup || t.Record == nil {
		return nil, errors.New("phone: the call is not recording")
	}
	form := p.params("in-progress")
	form.Set("RecordingUrl", recordingURL)
	form.Set("RecordingDuration", strconv.Itoa(seconds))
	form.Set("RecordingSid", "RE"+randomHex())
	return p.request(ctx, &Turn{}, t.method, p.resolveOr(t, t.Record.Action), form)
}

// fallThrough runs the verbs after the one t waits at, in the same
// document, without a request.
func (p *Phone) fallThrough(ctx context.Context, t *Turn) (*Turn, error) {
	return p.run(ctx, &Turn{Status: t.Status, TwiML: t.TwiML}, t.url, t.rest, 0)
}

func (p *Phone) waitingGather() (*Turn, *Gather, error) {
	t := p.current
	switch {
	case t == nil:
		return nil, nil, errors.New("phone: no call; Call first")
	case t.Hangup:
		return nil, nil, errors.New("phone: the call has ended")
	case t.Gather == nil:
		return nil, nil, errors.New("phone: the call is not waiting for input")
	}
	return t, t.Gather, nil
}

// params are what Twilio sends with every voice request.
func (p *Phone) params(status string) url.Values {
	return url.Values{
		"CallSid":    {p.CallSid},
		"AccountSid": {p.accountSid},
		"From":       {p.From},
		"To":         {p.To},
		"CallStatus": {status},
		"Direction":  {"inbound"},
		"ApiVersion": {"2010-04-01"},
	}
}

func (p *Phone) publicBase() string {
	switch {
	case p.PublicURL != "":
		return strings.TrimSuffix(p.PublicURL, "/")
	case p.BaseURL != "":
		return strings.TrimSuffix(p.BaseURL, "/")
	}
	return inProcessBase
}

// resolve resolves ref against the document URL, as Twilio does with a
// relative action.
func (p *Phone) resolve(base, ref string) string {
	b, err := url.Parse(base)
	if err != nil {
		return ref
	}
	r, err := url.Parse(ref)
	if err != nil {
		return ref
	}
	return b.ResolveReference(r).String()
}

// resolveOr resolves an action, which when absent means the document's own
// URL (Twilio's rule for Gather and Record).
func (p *Phone) resolveOr(t *Turn, action string) string {
	if action == "" {
		return t.url
	}
	return p.resolve(t.url, action)
}

// request fetches one document and runs it, continuing turn.
func (p *Phone) request(ctx context.Context, turn *Turn, method, publicURL string, form url.Values) (*Turn, error) {
	return p.fetchAndRun(ctx, turn, method, publicURL, form, 0)
}

func (p *Phone) fetchAndRun(ctx context.Context, turn *Turn, method, publicURL string, form url.Values, hops int) (*Turn, error) {
	status, body, err := p.fetch(ctx, method, publicURL, form)
	turn.Status, turn.TwiML, turn.url = status, body, publicURL
	turn.Gather, turn.Dial, turn.Record, turn.Redirect, turn.rest = nil, nil, nil, "", nil
	if err != nil {
		return p.fail(turn, err)
	}
	root, err := parseTwiML(body)
	if err != nil {
		return p.fail(turn, fmt.Errorf("phone: %s: invalid TwiML: %w", publicURL, err))
	}
	return p.run(ctx, turn, publicURL, root.elements(), hops)
}

// fail ends the call as Twilio does after a failed webhook ("an
// application error has occurred", then hang up).
func (p *Phone) fail(turn *Turn, err error) (*Turn, error) {
	turn.Hangup = true
	p.current = turn
	return turn, err
}

// run executes verbs from the document at docURL until the call waits
// for the caller, is redirected, or ends.
func (p *Phone) run(ctx context.Context, turn *Turn, docURL string, verbs []*node, hops int) (*Turn, error) {
	turn.url = docURL
	for i, v := range verbs {
		switch v.name {
		case "Say":
			turn.Said = append(turn.Said, sayOf(v))
		case "Gather":
			turn.Gather = gatherOf(v)
			for _, c := range v.elements() {
				if c.name == "Say" {
					said := sayOf(c)
					said.Interruptible = true
					turn.Said = append(turn.Said, said)
				}
			}
			turn.rest = verbs[i+1:]
			turn.Redirect = redirectAfter(turn.rest)
			p.current = turn
			return turn, nil
		case "Dial":
			turn.Dial = dialOf(v)
			turn.method = attrOr(v, "method", http.MethodPost)
			turn.rest = verbs[i+1:]
			p.current = turn
			return turn, nil
		case "Record":
			turn.Record = recordOf(v)
			turn.method = attrOr(v, "method", http.MethodPost)
			turn.rest = verbs[i+1:]
			p.current = turn
			return turn, nil
		case "Redirect":
			if hops >= maxRedirects {
				return p.fail(turn, fmt.Errorf("phone: more than %d redirects in a row", maxRedirects))
			}
			method := attrOr(v, "method", http.MethodPost)
			next := p.resolve(docURL, strings.TrimSpace(v.text()))
			return p.fetchAndRun(ctx, turn, method, next, p.params("in-progress"), hops+1)
		case "Hangup", "Reject":
			turn.Hangup = true
			p.current = turn
			return turn, nil
		}
		// Play, Pause and the rest take time on a real call, nothing more.
	}
	turn.Hangup = true // the document ran out: Twilio hangs up
	p.current = turn
	return turn, nil
}

// fetch sends one webhook request, signed when AuthToken is set.
func (p *Phone) fetch(ctx context.Context, method, publicURL string, form url.Values) (int, []byte, error) {
	base := p.publicBase()
	if !strings.HasPrefix(publicURL, base) {
		return 0, nil, fmt.Errorf("phone: %s is not on the line's URL %s", publicURL, base)
	}
	signURL := publicURL
	var body io.Reader
	if method = strings.ToUpper(method); method == http.MethodGet {
		// Twilio puts a GET's parameters in the query and signs the URL alone.
		signURL = withQuery(publicURL, form)
		form = nil
	} else {
		method = http.MethodPost
		body = strings.NewReader(form.Encode())
	}
	rest := strings.TrimPrefix(signURL, base)
	target := strings.TrimSuffix(p.BaseURL, "/") + rest
	if p.Handler != nil {
		// In-process, the handler sees the public host and scheme, as it
		// would behind the proxy that PublicURL names.
		u, err := url.Parse(base)
		if err != nil {
			return 0, nil, fmt.Errorf("phone: public URL: %w", err)
		}
		target = u.Scheme + "://" + u.Host + rest
	}
	req, err := http.NewRequestWithContext(ctx, method, target, body)
	if err != nil {
		return 0, nil, fmt.Errorf("phone: request %s: %w", publicURL, err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.Header.Set("User-Agent", "TwilioProxy/1.1")
	if p.AuthToken != "" {
		req.Header.Set("X-Twilio-Signature", telephony.Sign(p.AuthToken, signURL, form))
	}

	var res *http.Response
	if p.Handler != nil {
		if u, _ := url.Parse(base); u != nil {
			req.Header.Set("X-Forwarded-Proto", u.Scheme)
		}
		req.RemoteAddr = "127.0.0.1:40000"
		rec := httptest.NewRecorder()
		start := time.Now()
		p.Handler.ServeHTTP(rec, req)
		if d := time.Since(start); d > webhookTimeout {
			return 0, nil, fmt.Errorf("phone: %s took %v; Twilio gives up after %v", publicURL, d, webhookTimeout)
		}
		res = rec.Result()
	} else {
		hc := p.HTTP
		if hc == nil {
			hc = &http.Client{Timeout: webhookTimeout}
		}
		res, err = hc.Do(req)
		if err != nil {
			return 0, nil, fmt.Errorf("phone: %s %s: %w", method, publicURL, err)
		}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxTwiML))
	if err != nil {
		return res.StatusCode, b, fmt.Errorf("phone: read %s: %w", publicURL, err)
	}
	if res.StatusCode != http.StatusOK {
		return res.StatusCode, b, fmt.Errorf("phone: %s %s answered %d", method, publicURL, res.StatusCode)
	}
	if ct := res.Header.Get("Content-Type"); ct != "" {
		mt, _, _ := mime.ParseMediaType(ct)
		if !strings.Contains(mt, "xml") && mt != "text/html" {
			return res.StatusCode, b, fmt.Errorf("phone: %s answered Content-Type %q, not TwiML", publicURL, ct)
		}
	}
	return res.StatusCode, b, nil
}

func withQuery(rawURL string, form url.Values) string {
	if len(form) == 0 {
		return rawURL
	}
	sep := "?"
	if strings.Contains(rawURL, "?") {
		sep = "&"
	}
	return rawURL + sep + form.Encode()
}

// node is a TwiML element; text children are nodes with an empty name.
type node struct {
	name  string
	attrs map[string]string
	kids  []*node
	data  string
}

func (n *node) elements() []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name != "" {
			out = append(out, k)
		}
	}
	return out
}

// text is all character data under n; element boundaries count as spaces
// because the speech engine pauses there too.
func (n *node) text() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(n *node) {
		if n.name == "" {
			b.WriteString(n.data)
			return
		}
		b.WriteByte(' ')
		for _, k := range n.kids {
			walk(k)
		}
		b.WriteByte(' ')
	}
	for _, k := range n.kids {
		walk(k)
	}
	return b.String()
}

func parseTwiML(b []byte) (*node, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var stack []*node
	var root *node
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &node{name: t.Name.Local, attrs: map[string]string{}}
			for _, a := range t.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, n)
			} else if root == nil {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				parent := stack[len(stack)-1]
				parent.kids = append(parent.kids, &node{data: string(t)})
			}
		}
	}
	if root == nil || root.name != "Response" {
		return nil, errors.New("the root element is not <Response>")
	}
	return root, nil
}

func attrOr(n *node, key, dflt string) string {
	if v, ok := n.attrs[key]; ok && v != "" {
		return v
	}
	return dflt
}

func intAttr(n *node, key string, dflt int) int {
	if v, err := strconv.Atoi(strings.TrimSpace(n.attrs[key])); err == nil {
		return v
	}
	return dflt
}

func sayOf(n *node) Said {
	return Said{Text: fold(n.text()), Voice: n.attrs["voice"], Language: n.attrs["language"], Rate: rateOf(n)}
}

// rateOf is the speed of a <Say>'s <prosody rate="90%">: 0.9; 1 when none.
func rateOf(n *node) float64 {
	for _, k := range n.elements() {
		if r, ok := k.attrs["rate"]; ok && strings.EqualFold(k.name, "prosody") {
			if pct, err := strconv.ParseFloat(strings.TrimSuffix(r, "%"), 64); err == nil && strings.HasSuffix(r, "%") {
				return pct / 100
			}
		}
	}
	return 1
}

// fold collapses whitespace and the spaces element boundaries leave
// before punctuation.
func fold(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for _, p := range []string{".", ",", ";", ":", "!", "?"} {
		s = strings.ReplaceAll(s, " "+p, p)
	}
	return s
}

func gatherOf(n *node) *Gather {
	fok, has := n.attrs["finishOnKey"]
	return &Gather{
		Action:         n.attrs["action"],
		Method:         attrOr(n, "method", http.MethodPost),
		Input:          attrOr(n, "input", "dtmf"),
		Hints:          n.attrs["hints"],
		NumDigits:      intAttr(n, "numDigits", 0),
		Timeout:        intAttr(n, "timeout", 5),
		FinishOnKey:    fok,
		HasFinishOnKey: has,
	}
}

// redirectAfter is where silence at a gather leads: the first <Redirect>
// among the verbs that follow it, unless the call waits or ends first.
func redirectAfter(verbs []*node) string {
	for _, v := range verbs {
		switch v.name {
		case "Redirect":
			return strings.TrimSpace(v.text())
		case "Gather", "Dial", "Record", "Hangup", "Reject":
			return ""
		}
	}
	return ""
}

func dialOf(n *node) *Dial {
	number := fold(n.text())
	for _, c := range n.elements() {
		if c.name == "Number" {
			number = fold(c.text())
			break
		}
	}
	return &Dial{
		Number:     number,
		Action:     n.attrs["action"],
		CallerID:   n.attrs["callerId"],
		SendDigits: n.attrs["sendDigits"],
		Timeout:    intAttr(n, "timeout", 30),
	}
}

func recordOf(n *node) *Record {
	return &Record{
		Action:    n.attrs["action"],
		MaxLength: intAttr(n, "maxLength", 3600),
		Timeout:   intAttr(n, "timeout", 5),
		PlayBeep:  attrOr(n, "playBeep", "true") != "false",
	}
}

// randomHex is the 32 hex digits of a Twilio Sid.
func randomHex() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails (Go 1.24+)
	return hex.EncodeToString(b)
}
