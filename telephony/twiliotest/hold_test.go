package twiliotest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// post sends a text through the fake as a client that may give up.
func post(ctx context.Context, f *FakeAPI, to string) (int, error) {
	form := url.Values{"To": {to}, "From": {testFrom}, "Body": {"hi"}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, f.URL+"/2010-04-01/Accounts/"+testSID+"/Messages.json", strings.NewReader(form.Encode()))
	if err != nil {
		return 0, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth(testSID, testToken)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	res.Body.Close()
	return res.StatusCode, nil
}

func waitFor(t *testing.T, c <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-c:
	case <-time.After(10 * time.Second):
		t.Fatalf("timed out waiting: %s", what)
	}
}

// A sender that dies while its text is held before the fake records it
// sent nothing; one that dies after sent it, and never heard the Sid.
func TestHoldMakesCrashWindows(t *testing.T) {
	f := NewFakeAPI()
	defer f.Close()

	// Did not go: the client gives up while held, and nothing is recorded.
	h := f.Hold(0, BeforeRecord)
	ctx, kill := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { _, err := post(ctx, f, "+17055550101"); errc <- err }()
	waitFor(t, h.Reached(), "the first text held")
	if n := len(f.Messages()); n != 0 {
		t.Fatalf("%d texts recorded while held before recording", n)
	}
	kill()
	waitFor(t, h.Done(), "the fake to see the client go")
	if err := <-errc; err == nil {
		t.Fatal("the killed client got an answer")
	}
	h.Release() // too late: it is gone
	if n := len(f.Messages()); n != 0 {
		t.Fatalf("a text held before recording was recorded after its client died: %d", n)
	}

	// Went, Sid unknown: the second request is held after recording.
	h = f.Hold(1, AfterRecord)
	if code, err := post(context.Background(), f, "+17055550102"); err != nil || code != http.StatusCreated {
		t.Fatalf("the request before the held one: %d %v", code, err)
	}
	ctx, kill = context.WithCancel(context.Background())
	go func() { _, err := post(ctx, f, "+17055550103"); errc <- err }()
	waitFor(t, h.Reached(), "the third text held")
	if h.To() != "+17055550103" {
		t.Fatalf("held a text to %q", h.To())
	}
	if m := f.Messages(); len(m) != 2 || m[1].To != "+17055550103" {
		t.Fatalf("held after recording, the fake has %+v", m)
	}
	kill()
	waitFor(t, h.Done(), "the fake to see the client go")
	if err := <-errc; err == nil {
		t.Fatal("the killed client got an answer")
	}

	// Released, a held request is answered.
	h = f.Hold(0, AfterRecord)
	codes := make(chan int, 1)
	go func() { code, _ := post(context.Background(), f, "+17055550104"); codes <- code }()
	waitFor(t, h.Reached(), "the fourth text held")
	h.Release()
	if code := <-codes; code != http.StatusCreated {
		t.Fatalf("released: %d", code)
	}
	if n := len(f.Messages()); n != 3 {
		t.Fatalf("%d texts; want 3", n)
	}

	// Close lets a held request go rather than wait for it forever.
	h = f.Hold(0, BeforeRecord)
	go func() { code, _ := post(context.Background(), f, "+17055550105"); codes <- code }()
	waitFor(t, h.Reached(), "the fifth text held")
	closed := make(chan struct{})
	go func() { f.Close(); close(closed) }()
	waitFor(t, closed, "Close with a held request")
	<-codes
}

// The list has Twilio's shape: the records under "messages", newest
// first, filtered by To and by whole UTC days, and the page fields.
func TestListShape(t *testing.T) {
	f := NewFakeAPI()
	defer f.Close()
	now := time.Date(2026, 11, 23, 23, 0, 0, 0, time.UTC)
	f.SetClock(func() time.Time { return now })
	for _, to := range []string{"+17055550101", "+17055550102", "+17055550101"} {
		if code, err := post(context.Background(), f, to); err != nil || code != http.StatusCreated {
			t.Fatal(code, err)
		}
		now = now.Add(time.Hour) // the second and third go on the 24th
	}
	get := func(query string) (int, map[string]any) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, f.URL+"/2010-04-01/Accounts/"+testSID+"/Messages.json?"+query, nil)
		req.SetBasicAuth(testSID, testToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		var doc map[string]any
		if err := json.NewDecoder(res.Body).Decode(&doc); err != nil {
			t.Fatal(err)
		}
		return res.StatusCode, doc
	}
	code, doc := get(url.Values{"To": {"+17055550101"}, "PageSize": {"1"}}.Encode())
	msgs, _ := doc["messages"].([]any)
	if code != 200 || len(msgs) != 1 || msgs[0].(map[string]any)["date_created"] != "Tue, 24 Nov 2026 01:00:00 +0000" ||
		doc["page_size"] != 1.0 || doc["next_page_uri"] == nil || doc["previous_page_uri"] != nil {
		t.Fatalf("first page: %d %v", code, doc)
	}
	next, _ := url.Parse(doc["next_page_uri"].(string))
	code, doc = get(next.RawQuery)
	msgs, _ = doc["messages"].([]any)
	if code != 200 || len(msgs) != 1 || msgs[0].(map[string]any)["date_created"] != "Mon, 23 Nov 2026 23:00:00 +0000" || doc["next_page_uri"] != nil {
		t.Fatalf("second page: %d %v", code, doc)
	}
	for query, want := range map[string]int{
		"DateSent%3E=2026-11-24T00:30:00Z": 2, // a day, whatever the time
		"DateSent%3E=2026-11-23":           3,
		"DateSent%3C=2026-11-23":           1,
		"DateSent=2026-11-24":              2,
		"DateSent%3E=2026-11-25":           0,
	} {
		code, doc := get(query)
		if msgs, _ := doc["messages"].([]any); code != 200 || len(msgs) != want {
			t.Errorf("%s: %d, %d messages; want %d", query, code, len(msgs), want)
		}
	}
	if code, _ := get("DateSent%3E=tomorrow"); code != http.StatusBadRequest {
		t.Errorf("a bad date: %d", code)
	}
}
