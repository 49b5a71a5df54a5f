package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
)

// One server at a time holds a lease: others are refused until it runs
// out, its holder may renew it, and of many asking at once one gets it.
func testLeases(t *testing.T, s directory.Store) {
	try := func(holder string, now time.Time) bool {
		t.Helper()
		ok, err := s.TryLease(ctx, "feeds", holder, now, now.Add(time.Hour))
		if err != nil {
			t.Fatal(err)
		}
		return ok
	}
	if !try("a", testNow) {
		t.Fatal("a free lease was refused")
	}
	if try("b", testNow.Add(30*time.Minute)) {
		t.Error("b took a lease a holds")
	}
	if !try("a", testNow.Add(30*time.Minute)) {
		t.Error("a could not renew its own lease")
	}
	if !try("b", testNow.Add(91*time.Minute)) {
		t.Error("b could not take a lease that ran out")
	}
	if ok, err := s.TryLease(ctx, "retention", "a", testNow, testNow.Add(time.Hour)); err != nil || !ok {
		t.Errorf("another lease name = %v, %v; want its own lease", ok, err)
	}

	var mu sync.Mutex
	var wg sync.WaitGroup
	winners := 0
	later := testNow.Add(24 * time.Hour)
	for i := range 10 {
		wg.Go(func() {
			ok, err := s.TryLease(ctx, "nightly", string(rune('a'+i)), later, later.Add(time.Hour))
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				winners++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if winners != 1 {
		t.Errorf("10 servers asking at once: %d got the lease; want 1", winners)
	}
}
