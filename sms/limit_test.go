package sms

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/telephony/twiliotest"
)

func TestASenderIsLimitedAndABlockedOneIgnored(t *testing.T) {
	w := newWorld(t, func(l *Line) { l.Burst, l.Window = 0, 0 }) // the line's own default: 20 in 10 minutes
	p := w.phone("+17055550166")
	// send texts the line, failing the test if the text does not go through.
	send := func(p *twiliotest.Phone, body string) []string {
		t.Helper()
		r, err := p.Text(context.Background(), "/twilio/sms", body)
		if err != nil {
			t.Fatalf("text %q from %s: %v", body, p.From, err)
		}
		return r
	}
	for i := range 20 {
		if r := send(p, "HELP"); len(r) != 1 {
			t.Fatalf("text %d got no answer", i+1)
		}
	}
	if r := send(p, "HELP"); len(r) != 0 {
		t.Fatalf("the 21st text in ten minutes was answered: %q", r)
	}
	// ...but a crisis is always answered.
	if r := send(p, "I want to die"); len(r) != 1 || !strings.Contains(r[0], "988") {
		t.Fatalf("a crisis text over the limit got %q; it must always get the crisis answer", r)
	}
	if r := send(w.phone("+17055550167"), "HELP"); len(r) != 1 {
		t.Fatal("another sender was limited too")
	}
	w.now = w.now.Add(11 * time.Minute)
	if r := send(p, "HELP"); len(r) != 1 {
		t.Fatal("the limit did not lift after the window")
	}

	if err := w.store.Block(context.Background(), "(705) 555-0168", "abusive", w.now); err != nil {
		t.Fatal(err)
	}
	if r := send(w.phone("+17055550168"), "grief 705"); len(r) != 0 {
		t.Fatalf("a blocked texter was answered: %q", r)
	}
	if logs := w.count(t, "search_log"); logs != 0 {
		t.Errorf("a blocked texter's search was logged")
	}
	// Only ordinary use is blocked: a crisis still gets its answer, in
	// the language it was written in, and nothing is kept.
	for body, want := range map[string]string{"I want to kill myself": "call or text 988", "je veux mourir": "appelez ou textez le 988"} {
		if r := send(w.phone("+17055550168"), body); len(r) != 1 || !strings.Contains(r[0], want) || !strings.Contains(r[0], "911") {
			t.Errorf("a blocked number in crisis (%q) got %q", body, r)
		}
	}
	if sessions := w.count(t, "sessions"); sessions != 0 {
		t.Errorf("a blocked texter left %d sessions", sessions)
	}
}
