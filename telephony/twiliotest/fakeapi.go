package twiliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"sync"
	"time"
)

// FakeAPI is an in-memory stand-in for Twilio's REST API (the Messages and
// Calls resources: create, and list with Twilio's filters), for tests here
// and in other packages. Point a Sender at it with
// NewSender(sid, token, from, fake.URL). It is a real HTTP server, so a
// process of its own (`peerline remind` with TWILIO_API_BASE_URL) can use
// it as well as the test that started it.
type FakeAPI struct {
	*httptest.Server

	mu       sync.Mutex
	messages []stamped[FakeMessage]
	calls    []stamped[FakeCall]
	requests int // create requests
	lists    int // list requests
	failN    int // the next failN create requests fail with failStatus/failCode
	failStatus,
	failCode int
	listFailN int // the next listFailN list requests fail with listFailStatus/listFailCode
	listFailStatus,
	listFailCode int
	latency time.Duration
	now     func() time.Time // Twilio's clock: when a message or call is created
	holds   []*Hold          // waiting for a create request, in the order they were asked for
	taken   []*Hold          // holding one, or done with it
}

// FakeMessage is a message the fake accepted.
type FakeMessage struct{ Sid, AccountSid, To, From, Body, StatusCallback string }

// FakeCall is a call the fake accepted.
type FakeCall struct{ Sid, AccountSid, To, From, URL, Twiml, StatusCallback string }

// stamped is a message or call with the time Twilio created it.
type stamped[T any] struct {
	v       T
	created time.Time
}

// NewFakeAPI starts a fake; the caller must Close() it.
func NewFakeAPI() *FakeAPI {
	f := &FakeAPI{now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Messages.json", f.createMessage)
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Calls.json", f.createCall)
	mux.HandleFunc("GET /2010-04-01/Accounts/{sid}/Messages.json", f.listMessages)
	mux.HandleFunc("GET /2010-04-01/Accounts/{sid}/Calls.json", f.listCalls)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeAPIError(w, http.StatusNotFound, 20404, "The requested resource "+r.URL.Path+" was not found")
	})
	f.Server = httptest.NewServer(mux)
	return f
}

// Messages returns a copy of the messages accepted so far, in order.
func (f *FakeAPI) Messages() []FakeMessage {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FakeMessage, len(f.messages))
	for i, m := range f.messages {
		out[i] = m.v
	}
	return out
}

// Calls returns a copy of the calls accepted so far, in order.
func (f *FakeAPI) Calls() []FakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]FakeCall, len(f.calls))
	for i, c := range f.calls {
		out[i] = c.v
	}
	return out
}

// SetClock sets Twilio's clock: the fake stamps each message and call it
// accepts with now() (time.Now by default), and lists filter on those
// stamps. A test whose code under test runs on a test clock sets it to
// that clock, so both sides agree on when a message went.
func (f *FakeAPI) SetClock(now func() time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = now
}

// FailNext makes the next n create requests answer status with Twilio's
// error JSON carrying code.
func (f *FakeAPI) FailNext(n int, status, code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failN, f.failStatus, f.failCode = n, status, code
}

// FailListsNext makes the next n list requests (GET Messages.json or
// Calls.json) answer status with Twilio's error JSON carrying code.
func (f *FakeAPI) FailListsNext(n int, status, code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.listFailN, f.listFailStatus, f.listFailCode = n, status, code
}

// SetLatency delays every answer by d (a slow or overloaded Twilio).
func (f *FakeAPI) SetLatency(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.latency = d
}

// Requests is how many create requests arrived, failed ones included.
func (f *FakeAPI) Requests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.requests
}

// ListRequests is how many list requests arrived (pages included),
// failed ones included.
func (f *FakeAPI) ListRequests() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.lists
}

// admit does what every create request goes through: count, wait, check
// credentials, then any scripted failure. It reports whether to go on.
func (f *FakeAPI) admit(w http.ResponseWriter, r *http.Request) bool {
	f.mu.Lock()
	f.requests++
	latency := f.latency
	f.mu.Unlock()

	// Read the body first: only then does the server notice a client that
	// gives up, and end r.Context().
	if err := r.ParseForm(); err != nil {
		writeAPIError(w, http.StatusBadRequest, 20001, "Could not read the request body")
		return false
	}
	if !wait(r, latency) || !authorized(w, r) {
		return false
	}

	f.mu.Lock()
	fail := f.failN > 0
	status, code := f.failStatus, f.failCode
	if fail {
		f.failN--
	}
	f.mu.Unlock()
	if fail {
		writeAPIError(w, status, code, fmt.Sprintf("Scripted failure %d", code))
		return false
	}
	return true
}

// wait waits d, or until the client goes away; it reports whether to go on.
func wait(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

func authorized(w http.ResponseWriter, r *http.Request) bool {
	sid := r.PathValue("sid")
	user, pass, ok := r.BasicAuth()
	if !ok || user != sid || pass == "" {
		writeAPIError(w, http.StatusUnauthorized, 20003, "Authenticate")
		return false
	}
	return true
}

func (f *FakeAPI) createMessage(w http.ResponseWriter, r *http.Request) {
	if !f.admit(w, r) {
		return
	}
	m := FakeMessage{
		Sid:            "SM" + randomHex(),
		AccountSid:     r.PathValue("sid"),
		To:             r.PostForm.Get("To"),
		From:           r.PostForm.Get("From"),
		Body:           r.PostForm.Get("Body"),
		StatusCallback: r.PostForm.Get("StatusCallback"),
	}
	switch {
	case m.To == "":
		writeAPIError(w, http.StatusBadRequest, 21604, "A 'To' phone number is required.")
		return
	case m.From == "" && r.PostForm.Get("MessagingServiceSid") == "":
		writeAPIError(w, http.StatusBadRequest, 21603, "A 'From' phone number is required.")
		return
	case m.Body == "" && r.PostForm.Get("MediaUrl") == "" && r.PostForm.Get("ContentSid") == "":
		writeAPIError(w, http.StatusBadRequest, 21602, "Message body is required.")
		return
	}
	h := f.held()
	defer h.finish()
	if !h.wait(r, BeforeRecord) { // the client went away: nothing went
		return
	}
	f.mu.Lock()
	created := f.now()
	f.messages = append(f.messages, stamped[FakeMessage]{m, created})
	f.mu.Unlock()
	if !h.wait(r, AfterRecord) { // it went; the client never hears
		return
	}
	doc := messageDoc(m, created)
	doc["status"], doc["date_sent"] = "queued", nil
	writeJSON(w, http.StatusCreated, doc)
}

func (f *FakeAPI) createCall(w http.ResponseWriter, r *http.Request) {
	if !f.admit(w, r) {
		return
	}
	c := FakeCall{
		Sid:            "CA" + randomHex(),
		AccountSid:     r.PathValue("sid"),
		To:             r.PostForm.Get("To"),
		From:           r.PostForm.Get("From"),
		URL:            r.PostForm.Get("Url"),
		Twiml:          r.PostForm.Get("Twiml"),
		StatusCallback: r.PostForm.Get("StatusCallback"),
	}
	switch {
	case c.To == "":
		writeAPIError(w, http.StatusBadRequest, 21201, "No 'To' number is specified")
		return
	case c.From == "":
		writeAPIError(w, http.StatusBadRequest, 21213, "No 'From' number is specified")
		return
	case c.URL == "" && c.Twiml == "" && r.PostForm.Get("ApplicationSid") == "":
		writeAPIError(w, http.StatusBadRequest, 21205, "Url parameter is required.")
		return
	}
	h := f.held()
	defer h.finish()
	if !h.wait(r, BeforeRecord) {
		return
	}
	f.mu.Lock()
	created := f.now()
	f.calls = append(f.calls, stamped[FakeCall]{c, created})
	f.mu.Unlock()
	if !h.wait(r, AfterRecord) {
		return
	}
	doc := callDoc(c, created)
	doc["status"], doc["start_time"] = "queued", nil
	writeJSON(w, http.StatusCreated, doc)
}

// twilioDate is how Twilio writes a time in its JSON: RFC 1123, in GMT,
// to the second.
func twilioDate(t time.Time) string { return t.UTC().Format(time.RFC1123Z) }

// messageDoc is a message as Twilio's list shows it: sent when created
// (the fake has no queue).
func messageDoc(m FakeMessage, created time.Time) map[string]any {
	return map[string]any{
		"sid":                   m.Sid,
		"account_sid":           m.AccountSid,
		"to":                    m.To,
		"from":                  m.From,
		"body":                  m.Body,
		"status":                "sent",
		"direction":             "outbound-api",
		"num_segments":          "1",
		"num_media":             "0",
		"api_version":           "2010-04-01",
		"date_created":          twilioDate(created),
		"date_updated":          twilioDate(created),
		"date_sent":             twilioDate(created),
		"price":                 nil,
		"error_code":            nil,
		"error_message":         nil,
		"messaging_service_sid": nil,
		"uri":                   "/2010-04-01/Accounts/" + m.AccountSid + "/Messages/" + m.Sid + ".json",
	}
}

// callDoc is a call as Twilio's list shows it: dialled when created.
func callDoc(c FakeCall, created time.Time) map[string]any {
	return map[string]any{
		"sid":          c.Sid,
		"account_sid":  c.AccountSid,
		"to":           c.To,
		"from":         c.From,
		"status":       "in-progress",
		"direction":    "outbound-api",
		"api_version":  "2010-04-01",
		"date_created": twilioDate(created),
		"date_updated": twilioDate(created),
		"start_time":   twilioDate(created),
		"end_time":     nil,
		"duration":     nil,
		"price":        nil,
		"uri":          "/2010-04-01/Accounts/" + c.AccountSid + "/Calls/" + c.Sid + ".json",
	}
}

// listMessages answers GET Messages.json as Twilio does: the account's
// messages, newest first, filtered by To, From and DateSent (a UTC day:
// DateSent=D that day, DateSent>=D from that day on, DateSent<=D up to
// the end of that day), a page at a time.
func (f *FakeAPI) listMessages(w http.ResponseWriter, r *http.Request) {
	q, ok := f.admitList(w, r)
	if !ok {
		return
	}
	day, ok := dayFilter(w, q, "DateSent")
	if !ok {
		return
	}
	f.mu.Lock()
	var docs []map[string]any
	for _, m := range slices.Backward(f.messages) {
		if m.v.AccountSid == r.PathValue("sid") && matches(q, "To", m.v.To) && matches(q, "From", m.v.From) && day(m.created) {
			docs = append(docs, messageDoc(m.v, m.created))
		}
	}
	f.mu.Unlock()
	writePage(w, r, q, "messages", docs)
}

// listCalls answers GET Calls.json as Twilio does: the account's calls,
// newest first, filtered by To, From and StartTime (a UTC day, as
// DateSent for messages), a page at a time.
func (f *FakeAPI) listCalls(w http.ResponseWriter, r *http.Request) {
	q, ok := f.admitList(w, r)
	if !ok {
		return
	}
	day, ok := dayFilter(w, q, "StartTime")
	if !ok {
		return
	}
	f.mu.Lock()
	var docs []map[string]any
	for _, c := range slices.Backward(f.calls) {
		if c.v.AccountSid == r.PathValue("sid") && matches(q, "To", c.v.To) && matches(q, "From", c.v.From) && day(c.created) {
			docs = append(docs, callDoc(c.v, c.created))
		}
	}
	f.mu.Unlock()
	writePage(w, r, q, "calls", docs)
}

// admitList counts a list request, waits, checks credentials and any
// scripted failure; it returns the query.
func (f *FakeAPI) admitList(w http.ResponseWriter, r *http.Request) (url.Values, bool) {
	f.mu.Lock()
	f.lists++
	latency := f.latency
	fail := f.listFailN > 0
	status, code := f.listFailStatus, f.listFailCode
	if fail {
		f.listFailN--
	}
	f.mu.Unlock()
	if !wait(r, latency) || !authorized(w, r) {
		return nil, false
	}
	if fail {
		writeAPIError(w, status, code, fmt.Sprintf("Scripted failure %d", code))
		return nil, false
	}
	return r.URL.Query(), true
}

func matches(q url.Values, key, value string) bool {
	want := q.Get(key)
	return want == "" || want == value
}

// dayFilter reads Twilio's date filters on a field (DateSent, StartTime):
// field, field< and field>, each a date (YYYY-MM-DD) or a time of which
// only its UTC date counts, as Twilio does: its filters are whole days.
func dayFilter(w http.ResponseWriter, q url.Values, field string) (func(time.Time) bool, bool) {
	type bound struct {
		day string
		cmp func(day, bound string) bool
	}
	var bounds []bound
	for _, b := range []struct {
		key string
		cmp func(day, bound string) bool
	}{
		{field, func(d, b string) bool { return d == b }},
		{field + "<", func(d, b string) bool { return d <= b }},
		{field + ">", func(d, b string) bool { return d >= b }},
	} {
		v := q.Get(b.key)
		if v == "" {
			continue
		}
		day, err := utcDay(v)
		if err != nil {
			writeAPIError(w, http.StatusBadRequest, 20001, fmt.Sprintf("Invalid %s: %q", b.key, v))
			return nil, false
		}
		bounds = append(bounds, bound{day, b.cmp})
	}
	return func(t time.Time) bool {
		d := t.UTC().Format(time.DateOnly)
		for _, b := range bounds {
			if !b.cmp(d, b.day) {
				return false
			}
		}
		return true
	}, true
}

func utcDay(v string) (string, error) {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t.UTC().Format(time.DateOnly), nil
	}
	t, err := time.Parse(time.DateOnly, v)
	if err != nil {
		return "", err
	}
	return t.Format(time.DateOnly), nil
}

// writePage answers one page of a list in Twilio's shape: the records
// under key, and the paging fields twilio-go's pager reads (next_page_uri,
// relative to the API's base, is what it follows).
func writePage(w http.ResponseWriter, r *http.Request, q url.Values, key string, docs []map[string]any) {
	size, err := strconv.Atoi(q.Get("PageSize"))
	if q.Get("PageSize") == "" {
		size, err = 50, nil
	}
	page, err2 := strconv.Atoi(q.Get("Page"))
	if q.Get("Page") == "" {
		page, err2 = 0, nil
	}
	if err != nil || err2 != nil || size < 1 || size > 1000 || page < 0 {
		writeAPIError(w, http.StatusBadRequest, 20001, "Invalid paging parameters")
		return
	}
	uri := func(p int) string {
		v := url.Values{}
		for k, vs := range q {
			v[k] = vs
		}
		v.Set("PageSize", strconv.Itoa(size))
		v.Set("Page", strconv.Itoa(p))
		v.Set("PageToken", fmt.Sprintf("PA%d", p))
		return r.URL.Path + "?" + v.Encode()
	}
	start := min(page*size, len(docs))
	end := min(start+size, len(docs))
	records := docs[start:end]
	if records == nil {
		records = []map[string]any{}
	}
	var next, prev any
	if end < len(docs) {
		next = uri(page + 1)
	}
	if page > 0 {
		prev = uri(page - 1)
	}
	writeJSON(w, http.StatusOK, map[string]any{
		key:                 records,
		"page":              page,
		"page_size":         size,
		"start":             start,
		"end":               max(end-1, start),
		"uri":               uri(page),
		"first_page_uri":    uri(0),
		"next_page_uri":     next,
		"previous_page_uri": prev,
	})
}

// writeAPIError answers as Twilio does when a request fails.
func writeAPIError(w http.ResponseWriter, status, code int, message string) {
	writeJSON(w, status, map[string]any{
		"code":      code,
		"message":   message,
		"more_info": fmt.Sprintf("https://www.twilio.com/docs/errors/%d", code),
		"status":    status,
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v) // the client went away; nothing to do
}
