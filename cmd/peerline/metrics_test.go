package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/telephony/twiliotest"
)

// /metrics moves with the line's work: webhooks by route and outcome,
// searches and the empty ones by category, and the gauges.
func TestMetricsMoveWithTheLine(t *testing.T) {
	env := map[string]string{"TWILIO_AUTH_TOKEN": "tok123"}
	m := &Main{Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
	w, err := m.open(context.Background(), filepath.Join(t.TempDir(), "m.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.store.Close()
	if err := m.loadDemo(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	cfg, err := m.lineConfig(false)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m.router(w, cfg))
	defer srv.Close()
	p := &twiliotest.Phone{BaseURL: srv.URL, AuthToken: "tok123", From: "+17052530000", To: "+17055550100"}
	ctx := context.Background()
	for _, body := range []string{"grief 705", "menopause 807"} {
		if _, err := p.Text(ctx, "/twilio/sms", body); err != nil {
			t.Fatalf("text %q: %v", body, err)
		}
	}
	if _, err := p.Call(ctx); err != nil {
		t.Fatalf("call: %v", err)
	}
	// A forged call is refused: the error is the point, counted as rejected below.
	if _, err := (&twiliotest.Phone{BaseURL: srv.URL, AuthToken: "forged", From: "+17052530000"}).Call(ctx); err == nil {
		t.Fatal("a forged call was answered")
	}

	res, err := http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`peerline_webhook_requests_total{outcome="2xx",route="sms"} 2`,
		`peerline_webhook_requests_total{outcome="2xx",route="voice"} 1`,
		`peerline_webhook_requests_total{outcome="rejected",route="voice"} 1`,
		`peerline_searches_total{category="grief",channel="sms"} 1`,
		`peerline_searches_empty_total{category="life",channel="sms"} 1`,
		`peerline_outbox_depth 0`, `peerline_waitlist_size 0`, `peerline_webhook_seconds_bucket`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	if strings.Contains(string(body), "5530000") {
		t.Error("/metrics holds a phone number")
	}
}
