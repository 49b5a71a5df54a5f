package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a log the server writes while the test reads it.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs serve in-process until the test ends, and returns the
// address it listens on and its log.
func startServe(t *testing.T, env map[string]string, args ...string) (string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &lockedBuffer{}
	ready := make(chan string, 1)
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return testNow },
		Log: slog.New(slog.NewTextHandler(logs, nil)), Ready: func(addr string) { ready <- addr }}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve did not stop cleanly: %v", err)
		}
	})
	select {
	case addr := <-ready:
		return addr, logs
	case err := <-done:
		done <- err
		t.Fatalf("serve stopped: %v\n%s", err, logs.String())
	}
	return "", nil
}

func getHealth(t *testing.T, addr string) (int, string) {
	t.Helper()
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(body)
}

// An empty directory is said at start, in the log, and by /healthz —
// still 200, so monitors that read the status keep working — until a
// directory is imported while the line runs.
func TestServeSaysTheDirectoryIsEmpty(t *testing.T) {
	db := filepath.Join(t.TempDir(), "empty.db")
	env := map[string]string{"TWILIO_AUTH_TOKEN": "token123", "PEERLINE_DB": db}
	addr, logs := startServe(t, env)
	if !strings.Contains(logs.String(), `level=WARN msg="the directory is empty: the line will find no group; import one with peerline import, or start with --demo"`) {
		t.Errorf("no warning of the empty directory at start:\n%s", logs.String())
	}
	if code, body := getHealth(t, addr); code != http.StatusOK || body != "ok\ndirectory empty: the line will find no group\n" {
		t.Errorf("/healthz on an empty directory: %d %q", code, body)
	}
	if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}
	if code, body := getHealth(t, addr); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz once a directory is imported: %d %q", code, body)
	}
}

// Asked to (--strict-health, or PEERLINE_HEALTH_STRICT=on), /healthz
// answers 503 while the directory is empty, and 200 "ok" once it is not.
func TestStrictHealthFailsOnAnEmptyDirectory(t *testing.T) {
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
	}{
		{name: "flag", args: []string{"--strict-health"}},
		{name: "variable", env: map[string]string{"PEERLINE_HEALTH_STRICT": "on"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			env := map[string]string{"TWILIO_AUTH_TOKEN": "token123", "PEERLINE_DB": filepath.Join(t.TempDir(), "strict.db")}
			for k, v := range c.env {
				env[k] = v
			}
			addr, _ := startServe(t, env, c.args...)
			if code, body := getHealth(t, addr); code != http.StatusServiceUnavailable || body != "directory empty: the line will find no group\n" {
				t.Errorf("strict /healthz on an empty directory: %d %q", code, body)
			}
			if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
				t.Fatal(err)
			}
			if code, body := getHealth(t, addr); code != http.StatusOK || body != "ok\n" {
				t.Errorf("strict /healthz once a directory is imported: %d %q", code, body)
			}
		})
	}
}

// A directory with groups: plain "ok", strict or not, and no warning.
func TestHealthOnADirectoryIsPlainOK(t *testing.T) {
	db := filepath.Join(t.TempDir(), "full.db")
	env := map[string]string{"TWILIO_AUTH_TOKEN": "token123", "PEERLINE_DB": db}
	if _, _, err := run(t, env, "import", writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}
	addr, logs := startServe(t, env, "--strict-health")
	if code, body := getHealth(t, addr); code != http.StatusOK || body != "ok\n" {
		t.Errorf("/healthz on a directory with groups: %d %q", code, body)
	}
	if strings.Contains(logs.String(), "directory is empty") {
		t.Errorf("a directory with groups is said to be empty:\n%s", logs.String())
	}
}

// countingStore counts how often the health check asks the store.
type countingStore struct {
	groups, asked int
}

func (c *countingStore) CountGroups(context.Context) (int, error) {
	c.asked++
	return c.groups, nil
}

// The health check asks the store while the directory is empty (a count
// of no rows) and never again once it has seen a group: a probe of a
// 100,000-group directory reads no group.
func TestHealthCountsGroupsOnlyWhileEmpty(t *testing.T) {
	s := &countingStore{}
	g := &groupsSeen{store: s}
	ctx := context.Background()
	for range 3 {
		if empty, err := g.empty(ctx); err != nil || !empty {
			t.Fatalf("empty = %v, %v; want true", empty, err)
		}
	}
	s.groups = 100_000
	for range 3 {
		if empty, err := g.empty(ctx); err != nil || empty {
			t.Fatalf("empty = %v, %v; want false", empty, err)
		}
	}
	if s.asked != 4 {
		t.Errorf("the store was asked %d times; want 4 (three while empty, one to see the groups)", s.asked)
	}
}
