package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"log/slog"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/sms"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// clearNumber is a phone number written whole.
var clearNumber = regexp.MustCompile(`\+1\d{3}\d`)

// demoWorld is the demo directory in a database of its own.
func demoWorld(t *testing.T) (*world, string) {
	t.Helper()
	db := filepath.Join(t.TempDir(), "peerline.db")
	m := &Main{Getenv: func(string) string { return "" }, Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
	w, err := m.open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { w.store.Close() })
	if err := m.loadDemo(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	return w, db
}

// member signs a number up for reminders of a demo group, and puts it on
// the wait list, with a voicemail.
func member(t *testing.T, w *world, number string, code int) {
	t.Helper()
	ctx := context.Background()
	g, ok, err := w.store.Group(ctx, code)
	if err != nil || !ok {
		t.Fatalf("group %d: %v", code, err)
	}
	c := directory.Consent{At: testNow, Via: directory.ViaSMS, Wording: "Reply YES to get a text before each meeting. Reply STOP to end."}
	if _, err := w.store.Subscribe(ctx, number, g.ID, directory.ByText, c); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.JoinWaitlist(ctx, number, "parkinsons", "705", "705", directory.ByText, c); err != nil {
		t.Fatal(err)
	}
	if err := w.store.SaveVoicemail(ctx, directory.Voicemail{At: testNow, Caller: number, Seconds: 12,
		RecordingURL: "https://api.twilio.com/2010-04-01/Accounts/AC0123/Recordings/RE0123456789abcdef0123456789abcdef"}); err != nil {
		t.Fatal(err)
	}
}

// The text line keeps its memory under sms.key(number); forgetting
// recomputes that key in directory (TextSessionKey). Here the real text
// line writes a session, and forget must find and remove it.
func TestForgetFindsTheTextLinesMemory(t *testing.T) {
	w, db := demoWorld(t)
	const number = "+17052530000"
	line := sms.New(sms.Line{Finder: w.finder(func() time.Time { return testNow }), Now: func() time.Time { return testNow }})
	p := &twiliotest.Phone{Handler: line.Handler(), From: number, To: "+17055550100"}
	if replies, err := p.Text(context.Background(), "/twilio/sms", "greif"); err != nil || len(replies) == 0 {
		t.Fatalf("texting the line: %q, %v", replies, err)
	}
	if _, ok, err := w.store.LoadSession(context.Background(), directory.TextSessionKey(number), time.Time{}); err != nil || !ok {
		t.Fatalf("no session under directory.TextSessionKey after a text (%v): it no longer agrees with sms.key", err)
	}
	out, _, err := run(t, nil, "member", "forget", "--db", db, number)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "  sessions       1\n") {
		t.Errorf("forget did not remove the conversation:\n%s", out)
	}
	if _, ok, err := w.store.LoadSession(context.Background(), directory.TextSessionKey(number), time.Time{}); err != nil || ok {
		t.Errorf("the text line's memory is still there (%v)", err)
	}
}

func TestMemberForgetPrintsCountsWithTheNumberMasked(t *testing.T) {
	w, db := demoWorld(t)
	member(t, w, "+17055550142", 1001)
	member(t, w, "+17055550143", 1001)
	out, errOut, err := run(t, nil, "member", "forget", "--db", db, "(705) 555-0142")
	if err != nil {
		t.Fatal(err)
	}
	want := "forgot +1705*****42:\n" +
		"  members        1\n" +
		"  consents       2\n" +
		"  subscriptions  1\n" +
		"  waitlist       1\n" +
		"  outbox         0\n" +
		"  voicemails     1\n" +
		"  sessions       0\n" +
		"  referrals      0\n" +
		"  start offers   0\n" +
		"  leaders        0\n" +
		"Twilio still keeps the audio of 1 voicemail(s); delete it there (Console: Monitor > Call recordings, or the API):\n" +
		"  RE0123456789abcdef0123456789abcdef\n"
	if out != want {
		t.Errorf("forget printed\n%s\nwant\n%s", out, want)
	}
	if clearNumber.MatchString(out + errOut) {
		t.Errorf("a number printed in clear:\n%s%s", out, errOut)
	}
	if _, ok, err := w.store.Member(context.Background(), "+17055550143"); err != nil || !ok {
		t.Errorf("the other member was forgotten too (%v)", err)
	}

	// Unknown (or already forgotten): said kindly, exit 0.
	out, _, err = run(t, nil, "member", "forget", "--db", db, "+17055550142")
	if err != nil || out != "no records of +1705*****42: nothing to forget\n" {
		t.Errorf("forgetting an unknown number: %q, %v", out, err)
	}

	// On the blocklist: it stays there, and forget says so.
	if err := w.store.Block(context.Background(), "+17055550142", "", testNow); err != nil {
		t.Fatal(err)
	}
	out, _, err = run(t, nil, "member", "forget", "--db", db, "+17055550142")
	if err != nil || out != "no records of +1705*****42: nothing to forget\n+1705*****42 stays on the blocklist ('peerline block remove' takes it off)\n" {
		t.Errorf("forgetting a blocked number: %q, %v", out, err)
	}

	// Not a number: a usage error that does not repeat what was typed.
	_, _, err = run(t, nil, "member", "forget", "--db", db, "705-555-01")
	var u usageError
	if !errors.As(err, &u) || strings.Contains(err.Error(), "555-01") {
		t.Errorf("an unreadable number: %v", err)
	}
	for _, args := range [][]string{{"member"}, {"member", "forget", "--db", db}, {"member", "nonsense"}} {
		if _, _, err := run(t, nil, args...); !errors.As(err, &u) {
			t.Errorf("%q: %v; want a usage error", args, err)
		}
	}
	if _, _, err := run(t, nil, "member", "forget", "--db", filepath.Join(t.TempDir(), "typo.db"), "+17055550142"); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("forget in a database that does not exist: %v", err)
	}
}

func TestMemberForgetReadsTheDatabaseFromTheEnvironment(t *testing.T) {
	w, db := demoWorld(t)
	member(t, w, "+17055550142", 1001)
	out, _, err := run(t, map[string]string{"PEERLINE_DB": db}, "member", "forget", "+17055550142")
	if err != nil || !strings.HasPrefix(out, "forgot +1705*****42:") {
		t.Errorf("forget with PEERLINE_DB: %q, %v", out, err)
	}
}

func TestMemberConsentsExport(t *testing.T) {
	w, db := demoWorld(t)
	member(t, w, "+17055550142", 1001)
	member(t, w, "+18075550143", 1001)

	out, errOut, err := run(t, nil, "member", "consents", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 5 || strings.Join(recs[0], ",") != "id,number,at,via,purpose,contact,lang,ref,wording" {
		t.Fatalf("csv export:\n%s", out)
	}
	if got := recs[1]; got[1] != "+1705*****42" || got[2] != "2026-11-23T15:00:00Z" || got[3] != "sms" || got[4] != "reminders" ||
		got[5] != "sms" || got[6] != "en" || got[7] != "1001" || !strings.HasPrefix(got[8], "Reply YES") {
		t.Errorf("first record: %q", got)
	}
	if clearNumber.MatchString(out) || errOut != "" {
		t.Errorf("numbers in clear, or a warning, without --full-numbers:\n%s%s", out, errOut)
	}

	out, errOut, err = run(t, nil, "member", "consents", "--db", db, "--format", "json", "--number", "807 555 0143")
	if err != nil {
		t.Fatal(err)
	}
	var js []consentJSON
	if err := json.Unmarshal([]byte(out), &js); err != nil {
		t.Fatalf("json export %q: %v", out, err)
	}
	if len(js) != 2 || js[0].Number != "+1807*****43" || js[1].Purpose != "waitlist" || js[1].Ref != "parkinsons:705" {
		t.Errorf("json export of one number: %+v", js)
	}

	out, errOut, err = run(t, nil, "member", "consents", "--db", db, "--full-numbers")
	if err != nil || !strings.Contains(out, ",+17055550142,") || !strings.Contains(errOut, "warning") {
		t.Errorf("--full-numbers: %v\n%s\nstderr: %s", err, out, errOut)
	}
	var u usageError
	if _, _, err := run(t, nil, "member", "consents", "--db", db, "--format", "xml"); !errors.As(err, &u) {
		t.Errorf("--format xml: %v", err)
	}
	if _, _, err := run(t, nil, "member", "consents", "--db", db, "--number", "12"); !errors.As(err, &u) {
		t.Errorf("--number 12: %v", err)
	}
}

func TestOperatorCommandsHaveHelp(t *testing.T) {
	for _, args := range [][]string{
		{"backup", "--help"}, {"report", "--help"}, {"member", "forget", "--help"}, {"member", "consents", "--help"},
	} {
		_, errOut, err := run(t, nil, args...)
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(errOut, "usage: peerline "+strings.Join(args[:len(args)-1], " ")) {
			t.Errorf("%q: %v\n%s", args, err, errOut)
		}
		if !strings.Contains(errOut, "PEERLINE_DB") {
			t.Errorf("%q: --db does not name PEERLINE_DB:\n%s", args, errOut)
		}
	}
	if _, errOut, err := run(t, nil, "member", "--help"); err != nil || !strings.Contains(errOut, "peerline member forget") {
		t.Errorf("member --help: %v\n%s", err, errOut)
	}
}
