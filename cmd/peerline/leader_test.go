package main

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// Staff add a group's leader from the command line: a PIN made and shown
// once (or theirs), numbers masked unless asked, every change audited.
func TestLeadersFromTheCommandLine(t *testing.T) {
	w, db := demoWorld(t)
	ctx := context.Background()
	out, _, err := run(t, nil, "leader", "add", "--db", db, "--group", "1145", "(705) 555-0142")
	if err != nil || !strings.Contains(out, "+1705*****42 leads Northern Widowed Friends Telephone Circle (1145)") || strings.Contains(out, "5550142") {
		t.Fatalf("add: %v\n%s", err, out)
	}
	m := regexp.MustCompile(`PIN: (\d{6}) `).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("add printed no PIN:\n%s", out)
	}
	if leads, err := w.store.CheckPIN(ctx, "+17055550142", m[1], testNow); err != nil || len(leads) != 1 || leads[0].Code != 1145 {
		t.Errorf("the printed PIN opens %+v, %v; want group 1145", leads, err)
	}
	out, _, err = run(t, nil, "leader", "add", "--db", db, "--group", "1001", "--pin", "4821", "705-555-0142")
	if err != nil || strings.Contains(out, "PIN:") {
		t.Fatalf("add with a PIN: %v\n%s", err, out) // a PIN staff chose is not printed back
	}
	for _, bad := range [][]string{
		{"add", "--group", "1001", "--pin", "12", "+17055550143"},   // a PIN too short
		{"add", "--group", "1001", "--pin", "12ab", "+17055550143"}, // not digits
		{"add", "--group", "9999", "+17055550143"},                  // no such group
		{"add", "--group", "1001", "555-0142"},                      // not a number the line can reach
		{"add", "+17055550143"},                                     // no group
		{"promote", "--group", "1001", "+17055550143"},              // no such verb
	} {
		if _, _, err := run(t, nil, append([]string{"leader", bad[0], "--db", db}, bad[1:]...)...); err == nil {
			t.Errorf("leader %v: no error", bad)
		}
	}
	out, _, err = run(t, nil, "leader", "list", "--db", db)
	if err != nil || strings.Count(out, "+1705*****42") != 2 || strings.Contains(out, "5550142") || !strings.Contains(out, "2 leader(s)") {
		t.Fatalf("list: %v\n%s", err, out)
	}
	if out, _, err = run(t, nil, "leader", "list", "--db", db, "--full-numbers"); err != nil || !strings.Contains(out, "+17055550142") {
		t.Fatalf("list --full-numbers: %v\n%s", err, out)
	}
	if out, _, err = run(t, nil, "leader", "remove", "--db", db, "--group", "1145", "+17055550142"); err != nil || !strings.Contains(out, "no longer leads") {
		t.Fatalf("remove: %v\n%s", err, out)
	}
	if out, _, err = run(t, nil, "leader", "remove", "--db", db, "--group", "1145", "+17055550142"); err != nil || !strings.Contains(out, "nothing removed") {
		t.Fatalf("remove again: %v\n%s", err, out)
	}
	log, err := w.store.AuditLog(ctx, 10)
	if err != nil || len(log) != 3 {
		t.Fatalf("audit: %+v, %v; want 2 adds and a remove", log, err)
	}
	for _, e := range log {
		if !strings.HasPrefix(e.Action, "leader.") || strings.Contains(e.Old+e.New, "5550142") || !strings.Contains(e.Old+e.New, "+1705*****42") {
			t.Errorf("audit entry %+v: want a leader change, the number masked", e)
		}
	}
}
