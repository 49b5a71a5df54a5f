package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func runWithInput(t *testing.T, env map[string]string, input string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	m := &Main{Stdin: strings.NewReader(input), Stdout: &out, Stderr: io.Discard,
		Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return testNow },
		Log: slog.New(slog.DiscardHandler)}
	err := m.Run(context.Background(), args)
	return out.String(), err
}

// A practice call in the terminal, on the demo directory, in-process.
func TestCallInTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "call.db")
	out, err := runWithInput(t, nil, "1\n1\n1\n\nq\n", "call", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"(Polly.Joanna-Neural en-US)", "this is the Peer Line",
		"(Polly.Gabrielle-Neural fr-CA)", "Pour le français, appuyez sur le 9.",
		"9 8 8", "For Grief and loss, press 1.", "groups for Grief and bereavement in the 7 0 5 area", // a 555 number: no town
		"Group 1: Northern Widowed Friends Telephone Circle.", "The next meeting is tomorrow, at 10 a.m.",
		"I did not hear a choice.", "[you hang up]",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the call did not show %q:\n%s", want, out)
		}
	}
}

// Enter alone at the voicemail prompt leaves no message, as silence on a
// real call does, and the call goes on.
func TestNoMessageAtTheVoicemailPrompt(t *testing.T) {
	db := filepath.Join(t.TempDir(), "vm.db")
	env := map[string]string{"PEERLINE_OPERATOR": "+17055550150", "PEERLINE_OPERATOR_HOURS": "SA 10:00-12:00"} // closed on a Monday
	out, err := runWithInput(t, env, "4\n\nq\n", "call", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[recording after the tone]", "I did not get a message.", "To find a group, press 1.", "[you hang up]"} {
		if !strings.Contains(out, want) {
			t.Errorf("the call did not show %q:\n%s", want, out)
		}
	}
}

// The same call over HTTP to a running server, signed with the token.
func TestCallAgainstARunningServer(t *testing.T) {
	db := filepath.Join(t.TempDir(), "srv.db")
	env := map[string]string{"TWILIO_AUTH_TOKEN": "abc123", "PEERLINE_PUBLIC_URL": ""}
	m := &Main{Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
	w, err := m.open(context.Background(), db)
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

	out, err := runWithInput(t, env, "9\n", "call", "--url", srv.URL, "--from", "+18074680000")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Pour trouver un groupe, appuyez sur le 1.") {
		t.Errorf("the signed call to a running server:\n%s", out)
	}
	env["TWILIO_AUTH_TOKEN"] = "wrong"
	if _, err := runWithInput(t, env, "", "call", "--url", srv.URL); err == nil || !strings.Contains(err.Error(), "403") {
		t.Errorf("a call signed with the wrong token: %v", err)
	}
}

func TestServeRefusesToRunWithoutAToken(t *testing.T) {
	_, stderr, err := run(t, map[string]string{"PEERLINE_DB": filepath.Join(t.TempDir(), "x.db")}, "serve", "--addr", "127.0.0.1:0")
	if err == nil || !strings.Contains(err.Error(), "TWILIO_AUTH_TOKEN is not set") {
		t.Fatalf("serve without a token: %v %s", err, stderr)
	}
	env := map[string]string{"TWILIO_AUTH_TOKEN": "t", "PEERLINE_OPERATOR": "555-0100", "PEERLINE_OPERATOR_HOURS": "weekdays"}
	_, _, err = run(t, env, "serve", "--addr", "127.0.0.1:0", "--db", filepath.Join(t.TempDir(), "y.db"))
	if err == nil || !strings.Contains(err.Error(), "PEERLINE_OPERATOR:") || !strings.Contains(err.Error(), "PEERLINE_OPERATOR_HOURS") {
		t.Fatalf("bad operator settings should each be named: %v", err)
	}
}
