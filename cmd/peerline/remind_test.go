package main

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// The promise: `peerline remind --now T` against a database with
// subscriptions and a fake Twilio sends exactly the reminders due; again
// at the same T it sends nothing. --dry-run only prints.
func TestRemindOnceAtAGivenTime(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	db := filepath.Join(t.TempDir(), "remind.db")
	env := map[string]string{
		"PEERLINE_DB": db, "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef", "TWILIO_AUTH_TOKEN": "token123",
		"TWILIO_FROM": "+17055550100", "TWILIO_API_BASE_URL": fake.URL, "PEERLINE_PUBLIC_URL": "https://line.example.org",
	}
	if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	store := directorytest.StoreAt(t, db)
	// Two members of the demo's Ontario grief telephone group (1-888-555-0101, code 4821#).
	g := groupNamed(t, store, "Ontario Grief Companions by Phone")
	for _, n := range []string{"+17055550181", "+17055550182"} {
		if _, err := store.Subscribe(ctx, n, g.ID, directory.ByText, directory.Consent{At: testNow, Via: "sms", Purpose: "reminders",
			Contact: directory.ByText, Lang: directory.English, Wording: "Reply YES to get a text before each meeting."}); err != nil {
			t.Fatal(err)
		}
	}
	if err := store.Close(); err != nil { // what remind reads is on disk
		t.Fatal(err)
	}
	next, _ := g.NextMeeting(testNow)
	at := next.Add(-time.Hour).Format("2006-01-02T15:04:05-07:00")

	out, _, err := run(t, env, "remind", "--now", at, "--dry-run")
	if err != nil || !strings.Contains(out, "would send 2 at") || !strings.Contains(out, "+1705*****81") || strings.Contains(out, "+17055550181") {
		t.Fatalf("dry run: %v\n%s", err, out)
	}
	if len(fake.Messages()) != 0 {
		t.Fatal("the dry run sent texts")
	}
	out, _, err = run(t, env, "remind", "--now", at)
	if err != nil || !strings.Contains(out, "sent 2") {
		t.Fatalf("remind: %v %s", err, out)
	}
	msgs := fake.Messages()
	if len(msgs) != 2 || !strings.Contains(msgs[0].Body, "Ontario Grief Companions by Phone meets") || !strings.Contains(msgs[0].Body, "code 4821#") {
		t.Fatalf("texts: %+v", msgs)
	}
	out, _, err = run(t, env, "remind", "--now", at)
	if err != nil || !strings.Contains(out, "sent 0") || len(fake.Messages()) != 2 {
		t.Fatalf("the same pass again: %v %s, %d texts", err, out, len(fake.Messages()))
	}
}

func TestCancelAMeeting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "c.db")
	env := map[string]string{"PEERLINE_DB": db}
	if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}
	g := groupNamed(t, directorytest.StoreAt(t, db), "Algoma Grief Companions")
	next, _ := g.NextMeeting(testNow)
	day := next.In(g.Location()).Format("2006-01-02")
	out, _, err := run(t, env, "cancel", "--group", strconv.Itoa(g.Code), "--date", day)
	if err != nil || !strings.Contains(out, "cancelled the "+day+" meeting of Algoma Grief Companions") {
		t.Fatalf("cancel: %v %s", err, out)
	}
	// What staff see from now on is what callers hear: the next meeting
	// that happens.
	out, _, err = run(t, env, "search", "--concern", "grief", "--area", "+17052530000", "--json", "--limit", "1")
	if err != nil {
		t.Fatal(err)
	}
	var found struct {
		Groups []struct {
			Code        int    `json:"code"`
			NextMeeting string `json:"next_meeting"`
		} `json:"groups"`
	}
	if err := json.Unmarshal([]byte(out), &found); err != nil || len(found.Groups) != 1 || found.Groups[0].Code != g.Code {
		t.Fatalf("search: %v %s", err, out)
	}
	after, ok := g.NextMeeting(next)
	if !ok || found.Groups[0].NextMeeting != after.Format(time.RFC3339) {
		t.Errorf("after cancelling %s, search says the next meeting is %s; want %s", day, found.Groups[0].NextMeeting, after.Format(time.RFC3339))
	}
	if _, _, err := run(t, env, "cancel", "--group", strconv.Itoa(g.Code), "--date", "2026-11-25"); err == nil || !strings.Contains(err.Error(), "does not meet on 2026-11-25") {
		t.Fatalf("a day it does not meet: %v", err)
	}
	if _, _, err := run(t, env, "cancel", "--group", "99999", "--date", day); err == nil {
		t.Fatal("an unknown group code should fail")
	}
}

func groupNamed(t *testing.T, s *sqlite.Store, name string) directory.Group {
	t.Helper()
	gs, err := s.Groups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range gs {
		if g.Name == name {
			return g
		}
	}
	t.Fatalf("no group %q in the demo", name)
	return directory.Group{}
}
