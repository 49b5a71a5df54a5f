package storetest

import (
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
