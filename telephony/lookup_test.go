package telephony_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// twilioClock is Twilio's clock in these tests: set by hand.
type twilioClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *twilioClock) now() time.Time      { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *twilioClock) set(t time.Time)     { c.mu.Lock(); c.t = t; c.mu.Unlock() }
func (c *twilioClock) add(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// After a crash the line asks Twilio what it sent one number since a
// moment: only that number's texts from the line's own number, from that
// second on, oldest first, whatever day Twilio's coarse filter covers.
func TestTextsSinceFindsWhatWentToOneNumber(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	clock := &twilioClock{t: time.Date(2026, 11, 23, 23, 59, 0, 0, time.UTC)} // a minute before a UTC day ends
	fake.SetClock(clock.now)
	s, other := newSender(t, fake.URL), otherLine(t, fake.URL)
	ctx := context.Background()
	send := func(s *telephony.Sender, to, body string) string {
		t.Helper()
		sid, err := s.SendText(ctx, to, body, "")
		if err != nil {
			t.Fatal(err)
		}
		return sid
	}

	send(s, "+17055550123", "yesterday's reminder") // 23:59:00, before the moment
	clock.add(30 * time.Second)
	since := clock.now().Add(500 * time.Millisecond) // 23:59:30.5: Twilio's dates have whole seconds
	first := send(s, "+17055550123", "first")        // 23:59:30
	send(s, "+17055550199", "to someone else")
	send(other, "+17055550123", "from another number")
	clock.add(time.Minute) // the next UTC day
	second := send(s, "+17055550123", "second")

	got, err := s.TextsSince(ctx, "+17055550123", since)
	if err != nil {
		t.Fatal(err)
	}
	want := []telephony.Sent{
		{Sid: first, At: time.Date(2026, 11, 23, 23, 59, 30, 0, time.UTC), Body: "first"},
		{Sid: second, At: time.Date(2026, 11, 24, 0, 0, 30, 0, time.UTC), Body: "second"},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("texts since %s:\n got %v\nwant %v", since, got, want)
	}
	if got, err := s.TextsSince(ctx, "+17055550123", clock.now().Add(time.Second)); err != nil || len(got) != 0 {
		t.Fatalf("since a moment after the last: %v %v", got, err)
	}
	if got, err := s.CallsSince(ctx, "+17055550123", since); err != nil || len(got) != 0 {
		t.Fatalf("calls, when only texts went: %v %v", got, err)
	}
}

// A number texted often fills more than one page: every page is read.
func TestTextsSinceReadsEveryPage(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	clock := &twilioClock{t: time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)}
	fake.SetClock(clock.now)
	s := newSender(t, fake.URL)
	ctx := context.Background()
	since := clock.now()
	for i := range 230 {
		if _, err := s.SendText(ctx, "+17055550123", fmt.Sprint(i), ""); err != nil {
			t.Fatal(err)
		}
		clock.add(time.Second)
	}
	before := fake.ListRequests()
	got, err := s.TextsSince(ctx, "+17055550123", since)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 230 || got[0].Body != "0" || got[229].Body != "229" {
		t.Fatalf("%d texts, from %v to %v", len(got), got[0], got[len(got)-1])
	}
	if pages := fake.ListRequests() - before; pages != 3 {
		t.Fatalf("%d list requests for 230 texts; want 3 pages of 100", pages)
	}
}

func TestCallsSince(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	clock := &twilioClock{t: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	fake.SetClock(clock.now)
	s, other := newSender(t, fake.URL), otherLine(t, fake.URL)
	ctx := context.Background()
	call := func(s *telephony.Sender, to string) string {
		t.Helper()
		sid, err := s.StartCall(ctx, to, "https://line.example.org/twilio/voice/reminder?id=1", "")
		if err != nil {
			t.Fatal(err)
		}
		return sid
	}
	call(s, "+17055550123")
	clock.add(2 * time.Second)
	since := clock.now()
	want := call(s, "+17055550123")
	call(s, "+17055550124")
	call(other, "+17055550123")
	got, err := s.CallsSince(ctx, "+17055550123", since)
	if err != nil || len(got) != 1 || got[0].Sid != want || !got[0].At.Equal(since) || got[0].Body != "" {
		t.Fatalf("calls since %s: %v %v; want %s", since, got, err, want)
	}
	if got, err := s.TextsSince(ctx, "+17055550123", since); err != nil || len(got) != 0 {
		t.Fatalf("texts, when only calls went: %v %v", got, err)
	}
}

// A lookup that fails says why as a send does: Twilio down is worth
// asking again later, bad credentials are not.
func TestLookupFailuresAreClassified(t *testing.T) {
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	s := newSender(t, fake.URL)
	ctx := context.Background()
	for _, c := range []struct {
		status, code int
		want         telephony.Failure
	}{{503, 0, telephony.Retry}, {429, 20429, telephony.Retry}, {401, 20003, telephony.Rejected}} {
		fake.FailListsNext(1, c.status, c.code)
		if _, err := s.TextsSince(ctx, "+17055550123", time.Now()); err == nil || telephony.Classify(err) != c.want {
			t.Errorf("texts, %d %d: %v (%v)", c.status, c.code, err, telephony.Classify(err))
		}
		fake.FailListsNext(1, c.status, c.code)
		if _, err := s.CallsSince(ctx, "+17055550123", time.Now()); err == nil || telephony.Classify(err) != c.want {
			t.Errorf("calls, %d %d: %v (%v)", c.status, c.code, err, telephony.Classify(err))
		}
	}
	if _, err := s.TextsSince(ctx, "+17055550123", time.Now()); err != nil {
		t.Fatalf("after the failures: %v", err)
	}
	done, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.CallsSince(done, "+17055550123", time.Now()); !errors.Is(err, context.Canceled) || telephony.Classify(err) != telephony.Retry {
		t.Fatalf("a cancelled lookup: %v", err)
	}
	fake.Close()
	if _, err := s.TextsSince(ctx, "+17055550123", time.Now()); err == nil || telephony.Classify(err) != telephony.Retry {
		t.Fatalf("Twilio unreachable: %v", err)
	}
}

// otherLine is another account number sending through the same account.
func otherLine(t *testing.T, base string) *telephony.Sender {
	t.Helper()
	s, err := telephony.NewSender(testSID, testToken, "+17055550111", base)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
