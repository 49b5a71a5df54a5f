package telephony

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/twilio/twilio-go/client"
	api "github.com/twilio/twilio-go/rest/api/v2010"
)

// RequestTimeout bounds one REST request; a reminder that waits longer is
// better retried on the next pass. For the line, a send is over this
// long after it starts (Twilio may still act on a request the line gave
// up on).
const RequestTimeout = 10 * time.Second

// Sender sends texts and places calls through Twilio's REST API (or a
// Twilio-compatible base URL). It is safe for concurrent use.
type Sender struct {
	accountSID, authToken, from string
	transport                   http.RoundTripper // shared, so connections are reused
}

// NewSender makes a sender for the account. baseURL "" means Twilio's own
// API; otherwise every REST request goes to that base (scheme+host[+port])
// instead, by a transport that rewrites the request's scheme and host,
// since twilio-go has no base-URL option.
func NewSender(accountSID, authToken, from, baseURL string) (*Sender, error) {
	// twilio-go refuses other credentials only when it sends; better to
	// know at start-up.
	if !alphanumeric(accountSID) {
		return nil, errors.New("twilio sender: account SID must be non-empty and alphanumeric")
	}
	if !alphanumeric(authToken) {
		return nil, errors.New("twilio sender: auth token must be non-empty and alphanumeric")
	}
	if from == "" {
		return nil, errors.New("twilio sender: no From number")
	}
	t := &apiTransport{base: http.DefaultTransport}
	if baseURL != "" {
		u, err := url.Parse(baseURL)
		if err != nil {
			return nil, fmt.Errorf("twilio sender: base URL: %w", err)
		}
		if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			return nil, fmt.Errorf("twilio sender: base URL %q must be scheme://host[:port]", baseURL)
		}
		t.scheme, t.host = u.Scheme, u.Host
	}
	return &Sender{accountSID: accountSID, authToken: authToken, from: from, transport: t}, nil
}

// service builds a REST client whose requests carry ctx. twilio-go's
// generated calls take no context, so the context rides in the transport;
// the client is a few small structs, cheap to build per request.
func (s *Sender) service(ctx context.Context) *api.ApiService {
	c := &client.Client{
		Credentials: client.NewCredentials(s.accountSID, s.authToken),
		HTTPClient: &http.Client{
			Timeout:   RequestTimeout,
			Transport: ctxTransport{ctx: ctx, next: s.transport},
			// As twilio-go's default: a 3xx is an answer, not a hop.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	c.SetAccountSid(s.accountSID)
	return api.NewApiServiceWithClient(c)
}

// SendText sends one SMS. statusCallback may be "".
func (s *Sender) SendText(ctx context.Context, to, body, statusCallback string) (sid string, err error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("send text: %w", err)
	}
	params := (&api.CreateMessageParams{}).SetTo(to).SetFrom(s.from).SetBody(body)
	if statusCallback != "" {
		params.SetStatusCallback(statusCallback)
	}
	msg, err := s.service(ctx).CreateMessage(params)
	if err != nil {
		return "", fmt.Errorf("send text: %w", err)
	}
	if msg == nil || msg.Sid == nil || *msg.Sid == "" {
		return "", errors.New("send text: the API answered without a message Sid")
	}
	return *msg.Sid, nil
}

// StartCall places a call to to; Twilio fetches its TwiML from twimlURL
// when the call is answered. statusCallback may be "".
func (s *Sender) StartCall(ctx context.Context, to, twimlURL, statusCallback string) (sid string, err error) {
	if err := ctx.Err(); err != nil {
		return "", fmt.Errorf("start call: %w", err)
	}
	params := (&api.CreateCallParams{}).SetTo(to).SetFrom(s.from).SetUrl(twimlURL)
	if statusCallback != "" {
		params.SetStatusCallback(statusCallback)
	}
	call, err := s.service(ctx).CreateCall(params)
	if err != nil {
		return "", fmt.Errorf("start call: %w", err)
	}
	if call == nil || call.Sid == nil || *call.Sid == "" {
		return "", errors.New("start call: the API answered without a call Sid")
	}
	return *call.Sid, nil
}

// Sent is a text or a call the line's number made, as Twilio lists it.
type Sent struct {
	Sid  string
	At   time.Time // when Twilio created it, by Twilio's clock, to the second
	Body string    // a text's words; "" for a call
}

// lookupPageSize is how many messages or calls one list request asks for.
// A lookup covers one number over a day or two: almost always one page.
const lookupPageSize = 100

// TextsSince lists the texts the line's number sent to `to` that Twilio
// created at or after since (to the second, the resolution of Twilio's
// dates), oldest first. Twilio filters only by whole UTC days, so the
// list asks for the days from since's on and keeps the rest here. That
// filter is on the day a text was sent: one still queued at Twilio has no
// such day yet and may be left out, so ask minutes after the send, not
// seconds. An error is classified as a send's is (Classify): Retry when
// Twilio could not be asked.
func (s *Sender) TextsSince(ctx context.Context, to string, since time.Time) ([]Sent, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list texts: %w", err)
	}
	day := utcDay(since)
	params := (&api.ListMessageParams{}).SetTo(to).SetFrom(s.from).SetDateSentAfter(day).SetPageSize(lookupPageSize)
	msgs, err := s.service(ctx).ListMessage(params)
	if err != nil {
		return nil, fmt.Errorf("list texts: %w", err)
	}
	var out []Sent
	for _, m := range msgs {
		if deref(m.Sid) == "" || deref(m.To) != to || deref(m.From) != s.from {
			continue
		}
		at, err := twilioTime(deref(m.DateCreated))
		if err != nil {
			return nil, fmt.Errorf("list texts: message %s: %w", deref(m.Sid), err)
		}
		if !at.Before(since.Truncate(time.Second)) {
			out = append(out, Sent{Sid: *m.Sid, At: at, Body: deref(m.Body)})
		}
	}
	sortSent(out)
	return out, nil
}

// CallsSince lists the calls the line's number placed to `to` that Twilio
// created at or after since, oldest first, as TextsSince does for texts.
// Twilio's own filter is on the UTC day the call started: a call still
// queued has not started, and may be left out.
func (s *Sender) CallsSince(ctx context.Context, to string, since time.Time) ([]Sent, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("list calls: %w", err)
	}
	day := utcDay(since)
	params := (&api.ListCallParams{}).SetTo(to).SetFrom(s.from).SetStartTimeAfter(day).SetPageSize(lookupPageSize)
	calls, err := s.service(ctx).ListCall(params)
	if err != nil {
		return nil, fmt.Errorf("list calls: %w", err)
	}
	var out []Sent
	for _, c := range calls {
		if deref(c.Sid) == "" || deref(c.To) != to || deref(c.From) != s.from {
			continue
		}
		at, err := twilioTime(deref(c.DateCreated))
		if err != nil {
			return nil, fmt.Errorf("list calls: call %s: %w", deref(c.Sid), err)
		}
		if !at.Before(since.Truncate(time.Second)) {
			out = append(out, Sent{Sid: *c.Sid, At: at})
		}
	}
	sortSent(out)
	return out, nil
}

// utcDay is the start of since's day in UTC: Twilio's date filters are
// whole UTC days, and twilio-go writes the time in full.
func utcDay(t time.Time) time.Time {
	y, m, d := t.UTC().Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// twilioTime reads a date as Twilio writes it in JSON ("Mon, 23 Nov 2026
// 15:00:00 +0000").
func twilioTime(s string) (time.Time, error) {
	for _, layout := range []string{time.RFC1123Z, time.RFC1123, time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("a date Twilio wrote as %q", s)
}

// sortSent puts what Twilio listed newest first in the order it was made.
func sortSent(s []Sent) {
	slices.Reverse(s)
	slices.SortStableFunc(s, func(a, b Sent) int { return a.At.Compare(b.At) })
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// Failure says what a send error means for what to do next.
type Failure int

const (
	Retry       Failure = iota // 429 (code 20429), 5xx, network: try again later
	OptedOut                   // 21610: the recipient sent STOP
	NotTextable                // 21211 invalid number, 21614 not a mobile number, 21612 cannot route
	Rejected                   // anything else: do not retry
)

func (f Failure) String() string {
	switch f {
	case Retry:
		return "retry"
	case OptedOut:
		return "opted-out"
	case NotTextable:
		return "not-textable"
	case Rejected:
		return "rejected"
	}
	return fmt.Sprintf("Failure(%d)", int(f))
}

func alphanumeric(s string) bool {
	for _, r := range s {
		if (r < 'a' || r > 'z') && (r < 'A' || r > 'Z') && (r < '0' || r > '9') {
			return false
		}
	}
	return s != ""
}

// byCode maps the Twilio error codes that decide the outcome whatever the
// HTTP status.
func byCode(code int) (Failure, bool) {
	switch code {
	case 20429: // too many requests
		return Retry, true
	case 21610: // the recipient replied STOP
		return OptedOut, true
	case 21211, // invalid 'To' number
		21614, // 'To' is not a mobile number
		21612: // cannot route to 'To'
		return NotTextable, true
	}
	return 0, false
}

// Classify says what to do after a SendText or StartCall error. A failure
// whose outcome is unknown (a malformed success answer) is Rejected, so a
// message that may have gone out is not sent twice.
func Classify(err error) Failure {
	var status, code int
	var restErr *client.TwilioRestError
	var restErrV1 *client.RestErrorV1
	switch {
	case err == nil:
		return Rejected
	case errors.As(err, &restErr):
		status, code = restErr.Status, restErr.Code
	case errors.As(err, &restErrV1):
		status, code = restErrV1.HttpStatusCode, restErrV1.Code
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return Retry
	default:
		var netErr net.Error
		var urlErr *url.Error
		if errors.As(err, &netErr) || errors.As(err, &urlErr) {
			return Retry
		}
		return Rejected
	}
	if f, ok := byCode(code); ok {
		return f
	}
	if status == http.StatusTooManyRequests || status >= 500 {
		return Retry
	}
	return Rejected
}

// apiTransport sends to the configured base and makes every error answer
// a Twilio error document, so twilio-go always returns a TwilioRestError
// with the HTTP status — even for a proxy's HTML 502 page.
type apiTransport struct {
	scheme, host string // "" keeps the request's own
	base         http.RoundTripper
}

func (t *apiTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.host != "" {
		req = req.Clone(req.Context())
		req.URL.Scheme, req.URL.Host, req.Host = t.scheme, t.host, t.host
	}
	res, err := t.base.RoundTrip(req)
	if err != nil || res.StatusCode < 400 {
		return res, err
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	var doc map[string]any
	if json.Unmarshal(raw, &doc) != nil || doc == nil {
		msg := http.StatusText(res.StatusCode)
		if len(raw) > 0 {
			msg += ": " + string(raw[:min(len(raw), 200)])
		}
		doc = map[string]any{"message": msg}
	}
	if s, ok := doc["status"].(float64); !ok || s == 0 {
		doc["status"] = res.StatusCode
	}
	if _, ok := doc["code"].(float64); !ok {
		doc["code"] = 0
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("normalise error answer: %w", err)
	}
	res.Body = io.NopCloser(bytes.NewReader(out))
	res.ContentLength = int64(len(out))
	res.Header = res.Header.Clone()
	res.Header.Set("Content-Type", "application/json")
	res.Header.Del("Content-Length")
	return res, nil
}

// ctxTransport ties a request made without a context (twilio-go uses
// context.Background) to the caller's ctx, keeping the http.Client's own
// timeout: the merged context ends with either, and lives until the body is
// closed.
type ctxTransport struct {
	ctx  context.Context
	next http.RoundTripper
}

func (t ctxTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx, cancel := context.WithCancel(req.Context())
	stop := context.AfterFunc(t.ctx, cancel)
	done := func() { stop(); cancel() }
	res, err := t.next.RoundTrip(req.WithContext(ctx))
	if err != nil {
		done()
		if cerr := t.ctx.Err(); cerr != nil {
			return nil, fmt.Errorf("%w (%w)", cerr, err)
		}
		return nil, err
	}
	res.Body = &closeHook{ReadCloser: res.Body, done: done}
	return res, nil
}

type closeHook struct {
	io.ReadCloser
	done func()
}

func (c *closeHook) Close() error {
	err := c.ReadCloser.Close()
	c.done()
	return err
}

// Recording fetches the audio of a recording the line made (a voicemail),
// with the account's credentials, for staff to play in the console; the
// browser never sees them. Only Twilio's own recording addresses are
// fetched (through the configured base, as every REST call).
func (s *Sender) Recording(ctx context.Context, recordingURL string) (io.ReadCloser, string, error) {
	u, err := url.Parse(recordingURL)
	if err != nil || u.Scheme != "https" || u.Host != "api.twilio.com" || !strings.Contains(u.Path, "/Recordings/") {
		return nil, "", fmt.Errorf("not a Twilio recording address: %q", recordingURL)
	}
	if path.Ext(u.Path) == "" {
		u.Path += ".mp3"
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, "", err
	}
	req.SetBasicAuth(s.accountSID, s.authToken)
	res, err := (&http.Client{Timeout: time.Minute, Transport: s.transport}).Do(req)
	if err != nil {
		return nil, "", fmt.Errorf("fetching a recording: %w", err)
	}
	if res.StatusCode != http.StatusOK {
		res.Body.Close()
		return nil, "", fmt.Errorf("fetching a recording: Twilio answered %s", res.Status)
	}
	return res.Body, res.Header.Get("Content-Type"), nil
}
