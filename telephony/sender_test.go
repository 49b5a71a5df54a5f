package telephony_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
	"github.com/twilio/twilio-go/client"
)

const (
	testSID   = "AC0123456789abcdef0123456789abcdef"
	testFrom  = "+17055550100"
	testToken = "12345678901234567890123456789012"
)

var (
	messageSidRE = regexp.MustCompile(`^SM[0-9a-f]{32}$`)
	callSidRE    = regexp.MustCompile(`^CA[0-9a-f]{32}$`)
)

func newSender(t *testing.T, base string) *telephony.Sender {
	t.Helper()
	s, err := telephony.NewSender(testSID, testToken, testFrom, base)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSendTextReachesFake(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	s := newSender(t, fake.URL)

	body := "Rappel : Deuil & espoir, mardi 19 h. Répondez ARRET pour arrêter."
	sid, err := s.SendText(context.Background(), "+17055550123", body, "https://line.example.org/twilio/status")
	if err != nil {
		t.Fatal(err)
	}
	if !messageSidRE.MatchString(sid) {
		t.Fatalf("sid %q", sid)
	}
	want := twiliotest.FakeMessage{Sid: sid, AccountSid: testSID, To: "+17055550123", From: testFrom, Body: body,
		StatusCallback: "https://line.example.org/twilio/status"}
	if got := fake.Messages(); len(got) != 1 || got[0] != want {
		t.Fatalf("messages = %+v, want %+v", got, want)
	}
	// No status callback: none is sent.
	if _, err := s.SendText(context.Background(), "+17055550124", "hi", ""); err != nil {
		t.Fatal(err)
	}
	if got := fake.Messages(); len(got) != 2 || got[1].StatusCallback != "" {
		t.Fatalf("messages = %+v", got)
	}
	if fake.Requests() != 2 || len(fake.Calls()) != 0 {
		t.Fatalf("requests %d, calls %d", fake.Requests(), len(fake.Calls()))
	}
}

func TestStartCallReachesFake(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	s := newSender(t, fake.URL+"/")

	sid, err := s.StartCall(context.Background(), "+17055550123", "https://line.example.org/twilio/voice/reminder?id=42", "https://line.example.org/twilio/status")
	if err != nil {
		t.Fatal(err)
	}
	if !callSidRE.MatchString(sid) {
		t.Fatalf("sid %q", sid)
	}
	want := twiliotest.FakeCall{Sid: sid, AccountSid: testSID, To: "+17055550123", From: testFrom,
		URL: "https://line.example.org/twilio/voice/reminder?id=42", StatusCallback: "https://line.example.org/twilio/status"}
	if got := fake.Calls(); len(got) != 1 || got[0] != want {
		t.Fatalf("calls = %+v, want %+v", got, want)
	}
}

func TestClassifyFakeFailures(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	s := newSender(t, fake.URL)
	ctx := context.Background()

	cases := []struct {
		status, code int
		want         telephony.Failure
	}{
		{429, 20429, telephony.Retry},
		{503, 0, telephony.Retry},
		{500, 20500, telephony.Retry},
		{400, 21610, telephony.OptedOut},
		{400, 21614, telephony.NotTextable},
		{400, 21211, telephony.NotTextable},
		{400, 21612, telephony.NotTextable},
		{400, 21408, telephony.Rejected},
		{401, 20003, telephony.Rejected},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%d-%d", c.status, c.code), func(t *testing.T) {
			fake.FailNext(1, c.status, c.code)
			_, err := s.SendText(ctx, "+17055550123", "hello", "")
			if err == nil {
				t.Fatal("no error")
			}
			var te *client.TwilioRestError
			if !errors.As(err, &te) || te.Status != c.status || te.Code != c.code {
				t.Fatalf("error %v does not carry status %d code %d", err, c.status, c.code)
			}
			if got := telephony.Classify(err); got != c.want {
				t.Fatalf("telephony.Classify = %v, want %v (%v)", got, c.want, err)
			}
			// Only the next one failed.
			if _, err := s.StartCall(ctx, "+17055550123", "https://line.example.org/twilio/voice", ""); err != nil {
				t.Fatalf("the request after the failure: %v", err)
			}
		})
	}
	if len(fake.Messages()) != 0 {
		t.Fatalf("failed sends recorded: %+v", fake.Messages())
	}
}

func TestFailNextCountsRequests(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	s := newSender(t, fake.URL)
	fake.FailNext(2, 429, 20429)
	for i := range 3 {
		_, err := s.SendText(context.Background(), "+17055550123", "hello", "")
		if (err != nil) != (i < 2) {
			t.Fatalf("send %d: %v", i, err)
		}
	}
	if fake.Requests() != 3 || len(fake.Messages()) != 1 {
		t.Fatalf("requests %d, messages %d", fake.Requests(), len(fake.Messages()))
	}
}

func TestClassifyNetworkError(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	s := newSender(t, fake.URL)
	fake.Close()
	_, err := s.SendText(context.Background(), "+17055550123", "hello", "")
	if err == nil {
		t.Fatal("sent to a closed server")
	}
	if got := telephony.Classify(err); got != telephony.Retry {
		t.Fatalf("telephony.Classify = %v, want telephony.Retry (%v)", got, err)
	}
}

func TestClassifyProxyErrorPage(t *testing.T) {
	// A load balancer's HTML 502 is a passing failure, like Twilio's 5xx.
	proxy := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		fmt.Fprint(w, "<html><body>Bad gateway</body></html>")
	}))
	defer proxy.Close()
	_, err := newSender(t, proxy.URL).SendText(context.Background(), "+17055550123", "hello", "")
	var te *client.TwilioRestError
	if !errors.As(err, &te) || te.Status != http.StatusBadGateway {
		t.Fatalf("err = %v", err)
	}
	if got := telephony.Classify(err); got != telephony.Retry {
		t.Fatalf("telephony.Classify = %v, want telephony.Retry", got)
	}
}

func TestSendHonoursContext(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	s := newSender(t, fake.URL)

	done, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.SendText(done, "+17055550123", "hello", ""); !errors.Is(err, context.Canceled) || telephony.Classify(err) != telephony.Retry {
		t.Fatalf("cancelled before: err %v", err)
	}
	if _, err := s.StartCall(done, "+17055550123", "https://x.test/", ""); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled before: err %v", err)
	}
	if fake.Requests() != 0 {
		t.Fatal("a request went out after the context ended")
	}

	fake.SetLatency(5 * time.Second)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := s.SendText(ctx, "+17055550123", "hello", "")
	if took := time.Since(start); took > 2*time.Second {
		t.Fatalf("the send outlived its context by %v", took)
	}
	if !errors.Is(err, context.DeadlineExceeded) || telephony.Classify(err) != telephony.Retry {
		t.Fatalf("err %v, telephony.Classify %v", err, telephony.Classify(err))
	}
}

func TestSenderConcurrentSends(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	s := newSender(t, fake.URL)
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() {
			if _, err := s.SendText(context.Background(), fmt.Sprintf("+1705555%04d", i), "hello", ""); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if got := len(fake.Messages()); got != 20 {
		t.Fatalf("%d messages, want 20", got)
	}
}

func TestNewSenderValidates(t *testing.T) {
	cases := []struct{ sid, token, from, base string }{
		{"", testToken, testFrom, ""},
		{"AC-123", testToken, testFrom, ""},
		{testSID, "", testFrom, ""},
		{testSID, "tok:en", testFrom, ""},
		{testSID, "tøken", testFrom, ""},
		{testSID, testToken, "", ""},
		{testSID, testToken, testFrom, "ftp://example.org"},
		{testSID, testToken, testFrom, "http://"},
		{testSID, testToken, testFrom, "http://example.org/api"},
		{testSID, testToken, testFrom, "::"},
	}
	for _, c := range cases {
		if _, err := telephony.NewSender(c.sid, c.token, c.from, c.base); err == nil {
			t.Errorf("telephony.NewSender(%q, %q, %q, %q) accepted", c.sid, c.token, c.from, c.base)
		}
	}
	if _, err := telephony.NewSender(testSID, testToken, testFrom, ""); err != nil {
		t.Errorf("Twilio's own API: %v", err)
	}
}

func TestClassifyOther(t *testing.T) {
	if telephony.Classify(errors.New("surprise")) != telephony.Rejected {
		t.Error("an unknown error is not telephony.Rejected")
	}
	if telephony.Classify(fmt.Errorf("wrapped: %w", &client.TwilioRestError{Status: 400, Code: 21610})) != telephony.OptedOut {
		t.Error("a wrapped 21610 is not telephony.OptedOut")
	}
	if telephony.Retry.String() != "retry" || telephony.NotTextable.String() != "not-textable" {
		t.Error("telephony.Failure names")
	}
}
