package main

import (
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// The promise: `peerline verify --now T` asks the groups not
// confirmed for six months whether they still meet as listed, by text,
// numbers masked in what it prints; --dry-run only prints; again the
// same day it asks nobody.
func TestVerifyOnceAtAGivenTime(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	db := filepath.Join(t.TempDir(), "verify.db")
	env := map[string]string{
		"PEERLINE_DB": db, "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef", "TWILIO_AUTH_TOKEN": "token123",
		"TWILIO_FROM": "+17055550100", "TWILIO_API_BASE_URL": fake.URL, "PEERLINE_PUBLIC_URL": "https://line.example.org",
		"PEERLINE_SEND_RATE": "100",
	}
	if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}
	at := testNow.AddDate(0, 7, 0).Format(time.RFC3339)
	wholeNumber := regexp.MustCompile(`\+1\d{10}`)

	out, _, err := run(t, env, "verify", "--now", at, "--dry-run")
	if err != nil || !strings.Contains(out, "would ask") || !strings.Contains(out, "ask by text") || wholeNumber.MatchString(out) {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if len(fake.Messages())+len(fake.Calls()) != 0 {
		t.Fatal("the dry run sent something")
	}
	out, _, err = run(t, env, "verify", "--now", at)
	if err != nil || !strings.HasPrefix(lastLine(out), "asked ") || wholeNumber.MatchString(out) {
		t.Fatalf("verify: %v\n%s", err, out)
	}
	msgs := fake.Messages()
	if len(msgs) == 0 || !strings.HasPrefix(msgs[0].Body, "Peer Line: Is ") || !strings.Contains(msgs[0].Body, "Reply YES, or CHANGED") {
		t.Fatalf("texts sent: %+v", msgs)
	}
	sent := len(msgs)
	out, _, err = run(t, env, "verify", "--now", at)
	if err != nil || !strings.HasPrefix(lastLine(out), "asked 0 by text, 0 by call") || len(fake.Messages()) != sent {
		t.Errorf("again the same day: %v\n%s", err, out)
	}
	store := directorytest.StoreAt(t, db)
	defer store.Close()
	a, ok, err := store.OpenAsk(context.Background(), msgs[0].To)
	if err != nil || !ok || a.Role != directory.AskContact {
		t.Errorf("the first ask: %+v %v %v", a, ok, err)
	}
}

func lastLine(out string) string {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	return lines[len(lines)-1]
}

// Without Twilio, verify can only dry-run; a bad --now or setting is a
// clear error, and nothing is asked.
func TestVerifyRefusesWhatItCannotDo(t *testing.T) {
	db := filepath.Join(t.TempDir(), "verify.db")
	env := map[string]string{"PEERLINE_DB": db}
	if _, _, err := run(t, env, "verify"); err == nil || !strings.Contains(err.Error(), "try --dry-run") {
		t.Errorf("verify without Twilio: %v", err)
	}
	var u usageError
	if _, _, err := run(t, env, "verify", "--now", "tomorrow"); !errors.As(err, &u) {
		t.Errorf("--now tomorrow: %v; want a usage error", err)
	}
	for _, c := range []struct{ name, value, want string }{
		{"PEERLINE_VERIFY_AFTER", "soon", "PEERLINE_VERIFY_AFTER"},
		{"PEERLINE_VERIFY_HIDE_AFTER", "3mo", "hides listings before they are asked about"},
		{"PEERLINE_VERIFY_HIDE_AFTER", "forever", "or off"},
	} {
		bad := map[string]string{"PEERLINE_DB": db, c.name: c.value}
		if _, _, err := run(t, bad, "verify", "--dry-run"); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s=%s: %v; want %q", c.name, c.value, err, c.want)
		}
	}
}

func TestParseAge(t *testing.T) {
	day := 24 * time.Hour
	for in, want := range map[string]time.Duration{"6mo": 180 * day, "180d": 180 * day, "26w": 182 * day, "1y": 365 * day, " 18MO ": 540 * day} {
		if got, err := parseAge(in); err != nil || got != want {
			t.Errorf("parseAge(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "6", "0mo", "-1d", "6 months", "100y", "4320h"} {
		if _, err := parseAge(in); err == nil {
			t.Errorf("parseAge(%q) took it", in)
		}
	}
}
