package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory/sqlite"
)

// Changes made from the command line are in the audit log, with who (the
// OS user) and what; a phone number only masked.
func TestTheCommandLineIsAudited(t *testing.T) {
	db := filepath.Join(t.TempDir(), "audit.db")
	env := map[string]string{"USER": "jmartin"}
	file := writeTemp(t, "one.csv", sheet("a,Sault Grief Circle,grief,705 555 0101,Sault Ste. Marie,weekly TU 19:00"))
	for _, args := range [][]string{
		{"import", "--db", db, file},
		{"cancel", "--db", db, "--group", "1001", "--date", "2026-11-24"},
		{"block", "add", "--db", db, "--note", "abusive", "+17055550142"},
		{"terms", "set", "--db", db, "Empty nesters", "aging"},
	} {
		if out, errOut, err := run(t, env, args...); err != nil {
			t.Fatalf("%v: %v\n%s%s", args, err, out, errOut)
		}
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	log, err := store.AuditLog(context.Background(), 10)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range log {
		got = append(got, e.Who+" "+e.Action+" "+e.Object+" → "+e.New)
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{"cli:jmartin directory.import one.csv → 1 added", "cli:jmartin meeting.cancel group 1001 → 2026-11-24",
		"cli:jmartin block.add number +1705*****42 → abusive", "cli:jmartin term.set Empty nesters → aging"} {
		if !strings.Contains(all, want) {
			t.Errorf("the audit log lacks %q:\n%s", want, all)
		}
	}
	if strings.Contains(all, "5550142") {
		t.Errorf("a number in clear in the audit log:\n%s", all)
	}
}
