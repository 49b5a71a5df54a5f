package webhook_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/webhook"
)

var now = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)

// guarded is a channel whose handler says "answered", panics on "panic"
// (after noting French), and whose blocked and fault answers say so.
func guarded(t *testing.T) (http.Handler, directory.Store, *webhook.Activity) {
	t.Helper()
	store := directorytest.Store(t)
	act := &webhook.Activity{Store: store, Now: func() time.Time { return now }, Log: slog.New(slog.DiscardHandler)}
	g := &webhook.Guard{
		Channel: directory.ChannelSMS, Kind: directory.ActivityText, Blocklist: store, Activity: act, Log: slog.New(slog.DiscardHandler),
		Starts:  func(r *http.Request) bool { return r.PostForm.Get("From") != "" },
		Party:   func(r *http.Request) string { return r.PostForm.Get("From") },
		Blocked: func(w http.ResponseWriter, _ *http.Request) { w.Write([]byte("blocked")) },
		Fault: func(w http.ResponseWriter, _ *http.Request, lang directory.Lang) {
			w.Write([]byte("sorry in " + string(lang)))
		},
	}
	next := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.PostForm.Get("Body") == "panic" {
			webhook.TurnOf(r.Context()).Lang = directory.French
			panic("inside")
		}
		w.Write([]byte("answered"))
	})
	return g.Wrap(next), store, act
}

func post(h http.Handler, from, body string) (int, string) {
	req := httptest.NewRequest(http.MethodPost, "/twilio/sms", strings.NewReader(url.Values{"From": {from}, "Body": {body}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Code, rec.Body.String()
}

func TestGuard(t *testing.T) {
	h, store, act := guarded(t)
	ctx := context.Background()
	if err := store.Block(ctx, "+17055550199", "prank calls", now); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ name, from, body, want string }{
		{"a texter", "+17055550142", "grief", "answered"},
		{"a blocked number", "+17055550199", "grief", "blocked"},
		{"a fault inside, in the conversation's language", "+17055550142", "panic", "sorry in fr"},
		{"no number: not counted", "", "grief", "answered"},
	} {
		if code, got := post(h, tt.from, tt.body); code != http.StatusOK || got != tt.want {
			t.Errorf("%s: %d %q; want 200 %q", tt.name, code, got, tt.want)
		}
	}
	if err := act.Flush(ctx); err != nil {
		t.Fatal(err)
	}
	rep, err := store.Report(ctx, now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// The texter twice (the fault too was a text answered); the blocked
	// number and the one without a number, not.
	if len(rep.Activity) != 1 || rep.Activity[0].Count != 2 {
		t.Errorf("activity %+v; want 2 texts", rep.Activity)
	}
}

// failing is a report store that cannot write.
type failing struct{ directory.ReportStore }

func (failing) AddActivity(context.Context, map[directory.ActivityKey]int) error {
	return errors.New("disk full")
}

// Counts that cannot be written are kept for the next flush, and added to.
func TestActivityKeepsWhatItCannotWrite(t *testing.T) {
	store := directorytest.Store(t)
	act := &webhook.Activity{Store: failing{store}, Now: func() time.Time { return now }}
	act.Add(directory.ChannelVoice, directory.ActivityCall)
	if err := act.Flush(context.Background()); err == nil {
		t.Fatal("a failed write was not reported")
	}
	act.Add(directory.ChannelVoice, directory.ActivityCall)
	act.Store = store
	if err := act.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	rep, err := store.Report(context.Background(), now.Add(-time.Hour))
	if err != nil || len(rep.Activity) != 1 || rep.Activity[0].Count != 2 {
		t.Errorf("activity %+v, %v; want the 2 calls", rep.Activity, err)
	}
}

type memo struct {
	Step string `json:"step"`
	N    int    `json:"n"`
}

// State comes back as saved, not once expired, and state that cannot be
// read (written by another version) is as if none.
func TestState(t *testing.T) {
	store := directorytest.Store(t)
	clock := now
	s := webhook.State[memo]{Store: store, Expiry: time.Hour, Now: func() time.Time { return clock }}
	ctx := context.Background()
	if err := s.Save(ctx, "call:CA1", &memo{Step: "result", N: 2}); err != nil {
		t.Fatal(err)
	}
	var m memo
	if ok, err := s.Load(ctx, "call:CA1", &m); err != nil || !ok || m != (memo{"result", 2}) {
		t.Errorf("loaded %+v, %v, %v", m, ok, err)
	}
	clock = clock.Add(61 * time.Minute)
	if ok, err := s.Load(ctx, "call:CA1", &m); err != nil || ok {
		t.Errorf("expired state loaded: %v, %v", ok, err)
	}
	if err := store.SaveSession(ctx, "call:CA2", []byte(`{"step": 7}`), clock); err != nil {
		t.Fatal(err)
	}
	m = memo{}
	if ok, err := s.Load(ctx, "call:CA2", &m); err != nil || ok || m != (memo{}) {
		t.Errorf("unreadable state: %+v, %v, %v", m, ok, err)
	}
}
