package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// BenchmarkServeResident100k measures what `peerline serve` holds in
// memory with a 100,000-group directory. The server runs in a child
// process (this test binary, in TestServeChild's mode) so that nothing the
// benchmark itself allocated counts; once it listens, the same process runs
// 5,000 searches of the kind the phone line makes, so the ranking index
// and the exchange geocoder are loaded too. Run with -benchtime=1x.
func BenchmarkServeResident100k(b *testing.B) {
	db := filepath.Join(b.TempDir(), "serve100k.db")
	areas := directorytest.Areas(b)
	store := directorytest.StoreAt(b, db)
	directorytest.Import(b, store, areas, time.Now(), directory.Synthetic(100_000, 1, directorytest.Vocab(b), areas)...)
	if err := store.Close(); err != nil { // the child opens the file itself
		b.Fatal(err)
	}

	var rss, peak float64
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestServeChild$", "-test.v")
		cmd.Env = append(os.Environ(), "PEERLINE_SERVE_CHILD_DB="+db)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		sc := bufio.NewScanner(strings.NewReader(string(out)))
		for sc.Scan() {
			if v, ok := strings.CutPrefix(sc.Text(), "resident-kB "); ok {
				f := strings.Fields(v)
				if len(f) != 2 {
					b.Fatalf("the child's measurement %q", v)
				}
				if rss, err = strconv.ParseFloat(f[0], 64); err != nil {
					b.Fatal(err)
				}
				if peak, err = strconv.ParseFloat(f[1], 64); err != nil {
					b.Fatal(err)
				}
			}
		}
		if rss == 0 {
			b.Fatalf("the child printed no measurement:\n%s", out)
		}
	}
	b.ReportMetric(rss/1024, "RSS-MB")
	b.ReportMetric(peak/1024, "peak-RSS-MB")
}

// TestServeChild is the server half of BenchmarkServeResident100k; run on
// its own it does nothing.
func TestServeChild(t *testing.T) {
	db := os.Getenv("PEERLINE_SERVE_CHILD_DB")
	if db == "" {
		t.Skip("the child process of BenchmarkServeResident100k")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	env := map[string]string{"TWILIO_AUTH_TOKEN": "benchmark"} // a production-like start: signatures checked
	m := &Main{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(k string) string { return env[k] },
		Now: time.Now, Log: slog.New(slog.NewTextHandler(io.Discard, nil)),
		Ready: func(addr string) { ready <- addr }}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db}) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped before it listened: %v", err)
	}

	w, err := m.open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer w.store.Close()
	f := w.finder(time.Now)
	words := []string{"grief", "care giver", "alzheimer's", "deuil", "heart", "alcohol", "cancer"}
	from := []string{"+17052530000", "+18074680000", "+16135550100", "+14165550100", "+15195550100"}
	for i := range 5000 {
		if _, err := f.Find(ctx, directory.Request{Concern: words[i%len(words)], From: from[i%len(from)], Channel: "voice", Limit: 3}); err != nil {
			t.Fatal(err)
		}
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("healthz: %v", err)
	}
	resp.Body.Close()
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	field := func(name string) string {
		for _, line := range strings.Split(string(status), "\n") {
			if v, ok := strings.CutPrefix(line, name+":"); ok {
				return strings.Fields(v)[0]
			}
		}
		return "0"
	}
	fmt.Printf("resident-kB %s %s\n", field("VmRSS"), field("VmHWM"))
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve did not stop cleanly: %v", err)
	}
}
