package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/console"
	"github.com/peerline/peerline/directory/sqlite"
)

func runStdin(t *testing.T, stdin string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errOut, Getenv: func(string) string { return "" },
		Now: func() time.Time { return testNow }, Log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	err := m.Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

// The first account is made on the server: the password from standard
// input, kept only as a hash; a short one, a bad role, or the same
// e-mail twice are refused.
func TestStaffAccountsFromTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "staff.db")
	const pw = "the lake is calm in the morning"
	out, errOut, err := runStdin(t, pw+"\n", "staff", "add", "--db", db, "--email", "Jo@Centre.example", "--role", "admin", "--name", "Jo Martin")
	if err != nil || !strings.Contains(out, "added jo@centre.example (admin)") || strings.Contains(out+errOut, pw) {
		t.Fatalf("staff add: %v\n%s%s", err, out, errOut)
	}
	for _, bad := range []struct{ stdin, role, email, want string }{
		{"short\n", "staff", "a@centre.example", "at least"},
		{pw + "\n", "boss", "b@centre.example", "unknown role"},
		{pw + "\n", "viewer", "JO@centre.example", "already has an account"},
		{"", "viewer", "c@centre.example", "standard input"},
	} {
		if _, _, err := runStdin(t, bad.stdin, "staff", "add", "--db", db, "--email", bad.email, "--role", bad.role); err == nil || !strings.Contains(err.Error(), bad.want) {
			t.Errorf("staff add %+v: %v", bad, err)
		}
	}
	out, _, _ = runStdin(t, "", "staff", "list", "--db", db)
	if !strings.Contains(out, "jo@centre.example") || !strings.Contains(out, "Jo Martin") || strings.Count(out, "@") != 1 {
		t.Errorf("staff list:\n%s", out)
	}
	store, err := sqlite.Open(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	st, ok, err := store.StaffByEmail(context.Background(), "jo@centre.example")
	store.Close()
	if err != nil || !ok || !strings.HasPrefix(st.Hash, "$argon2id$") || !console.CheckPassword(st.Hash, pw) {
		t.Errorf("the stored account: %+v %v %v", st, ok, err)
	}
	if _, _, err := runStdin(t, "", "staff", "remove", "--db", db, "--email", "jo@centre.example"); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := runStdin(t, "", "staff", "list", "--db", db); !strings.Contains(out, "no accounts") {
		t.Errorf("after remove:\n%s", out)
	}
}
