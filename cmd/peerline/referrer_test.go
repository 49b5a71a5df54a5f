package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory/sqlite"
)

// Staff register, rename, list and remove referrers from the command
// line: numbers masked unless asked for, every change in the audit log.
func TestReferrersFromTheCommandLine(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r.db")
	env := map[string]string{"PEERLINE_DB": db, "USER": "jmartin"}
	steps := []struct {
		args    []string
		want    []string
		notWant []string
	}{
		{[]string{"referrer", "add", "--name", "Dr. Ana Roy", "(705) 555-0170"}, []string{"added the referrer +1705*****70: Dr. Ana Roy"}, []string{"5550170"}},
		{[]string{"referrer", "add", "--name", "Ana Roy, Algoma Family Health", "705.555.0170"}, []string{"renamed the referrer +1705*****70: Ana Roy, Algoma Family Health"}, nil},
		{[]string{"referrer", "add", "807-555-0172"}, []string{"added the referrer +1807*****72: (no name)"}, nil},
		{[]string{"referrer", "list"}, []string{"Ana Roy, Algoma Family Health  +1705*****70  added 2026-", "(no name)  +1807*****72", "2 referrers"}, []string{"5550170"}},
		{[]string{"referrer", "list", "--full-numbers"}, []string{"+17055550170", "+18075550172"}, nil},
		{[]string{"referrer", "remove", "+1 807 555 0172"}, []string{"removed the referrer +1807*****72"}, nil},
		{[]string{"referrer", "remove", "+1 807 555 0172"}, []string{"that number is not a referrer"}, nil},
		{[]string{"referrer", "list"}, []string{"1 referrer\n"}, []string{"+1807"}},
	}
	for _, s := range steps {
		out, errOut, err := run(t, env, s.args...)
		if err != nil {
			t.Fatalf("%v: %v\n%s", s.args, err, errOut)
		}
		for _, w := range s.want {
			if !strings.Contains(out, w) {
				t.Errorf("%v printed %q; want %q", s.args, out, w)
			}
		}
		for _, w := range s.notWant {
			if strings.Contains(out+errOut, w) {
				t.Errorf("%v printed %q", s.args, w)
			}
		}
	}
	for _, bad := range [][]string{
		{"referrer", "add", "555-0170"}, {"referrer", "add"}, {"referrer", "remove"}, {"referrer", "promote", "705-555-0170"},
		{"referrer", "add", "--name", strings.Repeat("long name ", 10), "705-555-0173"},
	} {
		if _, _, err := run(t, env, bad...); err == nil {
			t.Errorf("%v: accepted", bad)
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
		got = append(got, e.Who+" "+e.Action+" "+e.Object+" "+e.Old+" → "+e.New)
	}
	want := []string{
		"cli:jmartin referrer.remove referrer +1807*****72  → ",
		"cli:jmartin referrer.add referrer +1807*****72  → ",
		"cli:jmartin referrer.rename referrer +1705*****70 Dr. Ana Roy → Ana Roy, Algoma Family Health",
		"cli:jmartin referrer.add referrer +1705*****70  → Dr. Ana Roy",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the audit log:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
