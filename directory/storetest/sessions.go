package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

func testSessions(t *testing.T, s directory.Store) {
	const call = "CA0123456789abcdef0123456789abcdef"
	must(t, s.SaveSession(ctx, call, []byte(`{"step":"concern"}`), testNow))
	must(t, s.SaveSession(ctx, call, []byte(`{"step":"results","concern":"grief"}`), testNow.Add(30*time.Second)))

	for _, tc := range []struct {
		name      string
		key       string
		notBefore time.Time
		want      string
		ok        bool
	}{
		{"the latest state", call, testNow, `{"step":"results","concern":"grief"}`, true},
		{"saved exactly at the limit", call, testNow.Add(30 * time.Second), `{"step":"results","concern":"grief"}`, true},
		{"expired", call, testNow.Add(30*time.Second + time.Millisecond), "", false},
		{"unknown key", "CAnone", testNow.Add(-time.Hour), "", false},
	} {
		data, ok, err := s.LoadSession(ctx, tc.key, tc.notBefore)
		if err != nil || ok != tc.ok || string(data) != tc.want {
			t.Errorf("%s: LoadSession = %q, %v, %v; want %q, %v", tc.name, data, ok, err, tc.want, tc.ok)
		}
	}

	must(t, s.DeleteSession(ctx, call))
	if _, ok, err := s.LoadSession(ctx, call, time.Time{}); ok || err != nil {
		t.Errorf("a deleted session loads: %v, %v", ok, err)
	}
	if err := s.DeleteSession(ctx, call); err != nil {
		t.Errorf("deleting a missing session: %v", err)
	}
	if err := s.SaveSession(ctx, "", []byte("x"), testNow); err == nil {
		t.Error("a session without a key was saved")
	}
}

func testSessionDataRoundTrips(t *testing.T, s directory.Store) {
	for _, data := range [][]byte{{}, []byte("Répondez 1 — ça va"), {0, 1, 2, 0xff}} {
		must(t, s.SaveSession(ctx, "k", data, testNow))
		got, ok, err := s.LoadSession(ctx, "k", testNow)
		if err != nil || !ok || string(got) != string(data) {
			t.Errorf("saved %q, loaded %q, %v, %v", data, got, ok, err)
		}
	}
}

func testDeleteSessionsBefore(t *testing.T, s directory.Store) {
	saved := map[string]time.Time{
		"old":        testNow.Add(-2 * time.Hour),
		"just-old":   testNow.Add(-time.Millisecond),
		"at-cutoff":  testNow,
		"just-fresh": testNow.Add(500 * time.Millisecond), // later, though "...:00.5Z" sorts before "...:00Z" as RFC 3339 text
		"fresh":      testNow.Add(time.Hour),
	}
	for key, at := range saved {
		must(t, s.SaveSession(ctx, key, []byte(key), at))
	}
	n, err := s.DeleteSessionsBefore(ctx, testNow)
	if err != nil || n != 2 {
		t.Fatalf("DeleteSessionsBefore = %d, %v; want 2", n, err)
	}
	for key := range saved {
		_, ok, err := s.LoadSession(ctx, key, time.Time{})
		if want := key != "old" && key != "just-old"; ok != want || err != nil {
			t.Errorf("%s: kept %v, %v; want %v", key, ok, err, want)
		}
	}
	if n, err := s.DeleteSessionsBefore(ctx, testNow); err != nil || n != 0 {
		t.Errorf("again: %d, %v; want 0", n, err)
	}
}

// Hits are counted per key and window, however many count at once, and
// old windows go with old sessions.
func testCountHit(t *testing.T, s directory.Store) {
	window := testNow.Truncate(10 * time.Minute)
	var wg sync.WaitGroup
	counts := make(chan int, 20)
	for range 20 {
		wg.Go(func() {
			n, err := s.CountHit(ctx, "rate:a", window)
			if err != nil {
				t.Error(err)
			}
			counts <- n
		})
	}
	wg.Wait()
	close(counts)
	seen := map[int]bool{}
	for n := range counts {
		seen[n] = true
	}
	if len(seen) != 20 || !seen[1] || !seen[20] {
		t.Errorf("20 hits at once were counted %v; want each of 1..20 once", seen)
	}
	if n, err := s.CountHit(ctx, "rate:b", window); err != nil || n != 1 {
		t.Errorf("another key's first hit = %d, %v; want 1", n, err)
	}
	if n, err := s.CountHit(ctx, "rate:a", window.Add(10*time.Minute)); err != nil || n != 1 {
		t.Errorf("the next window's first hit = %d, %v; want 1", n, err)
	}
	if _, err := s.DeleteSessionsBefore(ctx, window.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if n, err := s.CountHit(ctx, "rate:a", window); err != nil || n != 1 {
		t.Errorf("after retention, the old window counts %d, %v; want it gone (1)", n, err)
	}
}
