package twiliotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// FakeAPI is an in-memory stand-in for Twilio's REST API (the Messages and
// Calls create endpoints), for tests here and in other packages. Point a
// Sender at it with NewSender(sid, token, from, fake.URL).
type FakeAPI struct {
	*httptest.Server

	mu       sync.Mutex
	messages []FakeMessage
	calls    []FakeCall
	requests int
	failN    int // the next failN create requests fail with failStatus/failCode
	failStatus,
	failCode int
	latency time.Duration
}

// FakeMessage is a message the fake accepted.
type FakeMessage struct{ Sid, AccountSid, To, From, Body, StatusCallback string }

// FakeCall is a call the fake accepted.
type FakeCall struct{ Sid, AccountSid, To, From, URL, Twiml, StatusCallback string }

// NewFakeAPI starts a fake; the caller must Close() it.
func NewFakeAPI() *FakeAPI {
	f := &FakeAPI{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Messages.json", f.createMessage)
	mux.HandleFunc("POST /2010-04-01/Accounts/{sid}/Calls.json", f.createCall)
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
	return append([]FakeMessage(nil), f.messages...)
}

// Calls returns a copy of the calls accepted so far, in order.
func (f *FakeAPI) Calls() []FakeCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]FakeCall(nil), f.calls...)
}

// FailNext makes the next n create requests answer status with Twilio's
// error JSON carrying code.
func (f *FakeAPI) FailNext(n int, status, code int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.failN, f.failStatus, f.failCode = n, status, code
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
	if latency > 0 {
		t := time.NewTimer(latency)
		defer t.Stop()
		select {
		case <-t.C:
		case <-r.Context().Done():
			return false
		}
	}
	sid := r.PathValue("sid")
	user, pass, ok := r.BasicAuth()
	if !ok || user != sid || pass == "" {
		writeAPIError(w, http.StatusUnauthorized, 20003, "Authenticate")
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
	f.mu.Lock()
	f.messages = append(f.messages, m)
	f.mu.Unlock()

	now := time.Now().UTC().Format(time.RFC1123Z)
	writeJSON(w, http.StatusCreated, map[string]any{
		"sid":                   m.Sid,
		"account_sid":           m.AccountSid,
		"to":                    m.To,
		"from":                  m.From,
		"body":                  m.Body,
		"status":                "queued",
		"direction":             "outbound-api",
		"num_segments":          "1",
		"num_media":             "0",
		"api_version":           "2010-04-01",
		"date_created":          now,
		"date_updated":          now,
		"date_sent":             nil,
		"price":                 nil,
		"error_code":            nil,
		"error_message":         nil,
		"messaging_service_sid": nil,
		"uri":                   "/2010-04-01/Accounts/" + m.AccountSid + "/Messages/" + m.Sid + ".json",
	})
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
	f.mu.Lock()
	f.calls = append(f.calls, c)
	f.mu.Unlock()

	now := time.Now().UTC().Format(time.RFC1123Z)
	writeJSON(w, http.StatusCreated, map[string]any{
		"sid":          c.Sid,
		"account_sid":  c.AccountSid,
		"to":           c.To,
		"from":         c.From,
		"status":       "queued",
		"direction":    "outbound-api",
		"api_version":  "2010-04-01",
		"date_created": now,
		"date_updated": now,
		"start_time":   nil,
		"end_time":     nil,
		"duration":     nil,
		"price":        nil,
		"uri":          "/2010-04-01/Accounts/" + c.AccountSid + "/Calls/" + c.Sid + ".json",
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
