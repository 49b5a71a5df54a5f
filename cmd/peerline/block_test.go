package main

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestBlockFromTheCommandLine(t *testing.T) {
	env := map[string]string{"PEERLINE_DB": filepath.Join(t.TempDir(), "b.db")}
	if out, _, err := run(t, env, "block", "add", "--note", "prank calls", "(705) 555-0142"); err != nil || !strings.Contains(out, "blocked +1705*****42") {
		t.Fatalf("add: %v %s", err, out)
	}
	out, _, err := run(t, env, "block", "list")
	if err != nil || !strings.Contains(out, "+1705*****42") || !strings.Contains(out, "prank calls") || strings.Contains(out, "5550142") {
		t.Fatalf("list: %v %s", err, out)
	}
	if out, _, err := run(t, env, "block", "remove", "705-555-0142"); err != nil || !strings.Contains(out, "unblocked") {
		t.Fatalf("remove: %v %s", err, out)
	}
	if _, _, err := run(t, env, "block", "add", "555-0142"); err == nil {
		t.Fatal("a bad number should be refused")
	}
}
