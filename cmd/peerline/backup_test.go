package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory/directorytest"
)

func TestBackupCommand(t *testing.T) {
	w, db := demoWorld(t)
	member(t, w, "+17055550142", 1001)
	out := filepath.Join(t.TempDir(), "peerline-backup.db")
	stdout, _, err := run(t, nil, "backup", "--db", db, out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(stdout, "backed up "+db+" to "+out+": ") || !strings.Contains(stdout, "integrity ok") {
		t.Errorf("backup printed %q", stdout)
	}
	if clearNumber.MatchString(stdout) {
		t.Errorf("backup printed a number: %q", stdout)
	}
	copyStore := directorytest.StoreAt(t, out)
	want, err := w.store.CountGroups(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n, err := copyStore.CountGroups(context.Background()); err != nil || n != want {
		t.Errorf("the copy has %d groups (%v); want %d", n, err, want)
	}
	if _, ok, err := copyStore.Member(context.Background(), "+17055550142"); err != nil || !ok {
		t.Errorf("the copy lost a member (%v)", err)
	}

	// The same OUT again: refused, the first copy kept.
	before, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, nil, "backup", "--db", db, out); err == nil || !strings.Contains(err.Error(), "already exists") {
		t.Errorf("a second backup to the same file: %v", err)
	}
	if after, err := os.ReadFile(out); err != nil || string(after) != string(before) {
		t.Errorf("the first backup was changed (%v)", err)
	}
	var u usageError
	if _, _, err := run(t, nil, "backup", "--db", db); !errors.As(err, &u) {
		t.Errorf("backup with no OUT: %v", err)
	}
	missing := filepath.Join(t.TempDir(), "typo.db")
	if _, _, err := run(t, nil, "backup", "--db", missing, out+"2"); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("backup of a database that does not exist: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Error("backing up a missing database created it")
	}
}
