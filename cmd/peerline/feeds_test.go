package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// feedServer serves a Meeting Guide feed whose body a test changes, or
// fails with a status.
type feedServer struct {
	mu     sync.Mutex
	body   string
	status int
}

func (f *feedServer) set(body string, status int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.body, f.status = body, status
}

func (f *feedServer) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.status != http.StatusOK {
		http.Error(w, "down", f.status)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Write([]byte(f.body))
}

// meetings writes a feed of the given meetings.
func meetings(t *testing.T, ms ...map[string]any) string {
	t.Helper()
	b, err := json.Marshal(ms)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func sudburyMeeting(slug, name string, day int) map[string]any {
	return map[string]any{"slug": slug, "name": name, "day": day, "time": "7:30 PM", "end_time": "20:30",
		"location": "St. Andrew's Hall", "formatted_address": "111 Larch St, Sudbury, ON P3E 4T5, Canada", "types": []string{"O", "D"}}
}

func phoneMeeting() map[string]any {
	return map[string]any{"slug": "noon-phone", "name": "Noon by Phone", "day": []int{1, 2, 3, 4, 5}, "time": "12:00", "end_time": "13:00",
		"conference_phone": "+17055550188,,8321#", "formatted_address": "Sudbury, ON"}
}

// A feed carried with peerline feeds: added and synced, then each night
// (here, feeds sync) changed, taken off, failing, unchanged — and what
// each sync did is in the planner's report.
func TestAFeedIsTheAuthorityForItsGroups(t *testing.T) {
	db := filepath.Join(t.TempDir(), "feeds.db")
	feed := &feedServer{status: http.StatusOK}
	srv := httptest.NewServer(feed)
	defer srv.Close()
	url := srv.URL + "/wp-admin/admin-ajax.php?action=meetings"

	noTime := map[string]any{"slug": "no-time", "name": "By Appointment", "day": 1}
	feed.set(meetings(t, sudburyMeeting("tue-hope", "Tuesday Hope", 2), sudburyMeeting("sat-hope", "Saturday Hope", 6), phoneMeeting(), noTime), http.StatusOK)
	out, errOut, err := run(t, nil, "feeds", "add", "--db", db, "--concern", "alcoholics anonymous", url)
	if err != nil || !strings.Contains(out, "3 added") || !strings.Contains(errOut, "not read: ") || !strings.Contains(errOut, "meeting 4 (no-time)") {
		t.Fatalf("feeds add: %v\n%s%s", err, out, errOut)
	}
	out, _, err = run(t, nil, "search", "--db", db, "--concern", "drinking", "--area", "Sudbury", "--limit", "5")
	if err != nil || !strings.Contains(out, "Tuesday Hope") || !strings.Contains(out, "Noon by Phone") {
		t.Fatalf("the feed's meetings are not found: %v\n%s", err, out)
	}

	// The feed drops Saturday and renames Tuesday.
	feed.set(meetings(t, sudburyMeeting("tue-hope", "Tuesday Night Hope", 2), phoneMeeting()), http.StatusOK)
	out, errOut, err = run(t, nil, "feeds", "sync", "--db", db)
	if err != nil || !strings.Contains(out, "0 added, 1 changed, 1 taken off, 1 unchanged") {
		t.Fatalf("sync after a change: %v\n%s%s", err, out, errOut)
	}
	out, _, _ = run(t, nil, "search", "--db", db, "--concern", "alcohol", "--area", "Sudbury", "--limit", "5")
	if strings.Contains(out, "Saturday Hope") || !strings.Contains(out, "Tuesday Night Hope") {
		t.Errorf("after the sync the line offers:\n%s", out)
	}
	exported := filepath.Join(t.TempDir(), "all.csv")
	if _, _, err := run(t, nil, "export", "--db", db, "--format", "csv", exported); err != nil {
		t.Fatal(err)
	}
	if csv, _ := os.ReadFile(exported); !strings.Contains(string(csv), "Saturday Hope") || !strings.Contains(string(csv), "inactive") {
		t.Errorf("the meeting taken off should be kept, inactive:\n%s", csv)
	}

	// The feed fails: nothing changes, the command says why and fails.
	feed.set("", http.StatusInternalServerError)
	out, errOut, err = run(t, nil, "feeds", "sync", "--db", db)
	if err == nil || !strings.Contains(errOut, "not synced, nothing changed") || !strings.Contains(errOut, "500") {
		t.Fatalf("a failing feed: %v\n%s%s", err, out, errOut)
	}
	out, _, _ = run(t, nil, "search", "--db", db, "--concern", "alcohol", "--area", "Sudbury", "--limit", "5")
	if !strings.Contains(out, "Tuesday Night Hope") {
		t.Errorf("a failed sync took groups off:\n%s", out)
	}
	out, _, _ = run(t, nil, "feeds", "list", "--db", db)
	if !strings.Contains(out, url) || !strings.Contains(out, "alcohol") || !strings.Contains(out, "500") {
		t.Errorf("feeds list:\n%s", out)
	}

	// Back, unchanged: nothing is written.
	feed.set(meetings(t, sudburyMeeting("tue-hope", "Tuesday Night Hope", 2), phoneMeeting()), http.StatusOK)
	before := fileSum(t, db)
	out, _, err = run(t, nil, "feeds", "sync", "--db", db)
	if err != nil || !strings.Contains(out, "unchanged since the last sync") {
		t.Fatalf("an unchanged feed: %v\n%s", err, out)
	}
	if after := fileSum(t, db); after != before {
		t.Error("syncing an unchanged feed wrote to the database")
	}

	out, _, err = run(t, nil, "report", "--db", db)
	if err != nil || !strings.Contains(out, "Feeds: syncs that changed the directory or failed") || !strings.Contains(out, "500 Internal Server Error") {
		t.Errorf("the report's feeds: %v\n%s", err, out)
	}

	if _, _, err = run(t, nil, "feeds", "remove", "--db", db, url); err != nil {
		t.Fatal(err)
	}
	if out, _, _ := run(t, nil, "feeds", "list", "--db", db); !strings.Contains(out, "no feeds") {
		t.Errorf("after remove:\n%s", out)
	}
}

// fileSum is the database's bytes, WAL included, to tell a write.
func fileSum(t *testing.T, db string) string {
	t.Helper()
	var b strings.Builder
	for _, p := range []string{db, db + "-wal"} {
		data, err := os.ReadFile(p)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// import reads a feed once, filed under --concern; without it, or with
// words that name no concern, it says what to do and writes nothing.
func TestImportAFeedOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "once.db")
	path := writeTemp(t, "meetings.json", meetings(t, sudburyMeeting("tue-hope", "Tuesday Hope", 2)))
	if _, _, err := run(t, nil, "import", "--db", db, path); err == nil || !strings.Contains(err.Error(), "--concern") {
		t.Errorf("a feed without --concern: %v", err)
	}
	if _, _, err := run(t, nil, "import", "--db", db, "--concern", "knitting", path); err == nil {
		t.Error("a concern the line does not know was accepted")
	}
	if _, _, err := run(t, nil, "import", "--db", db, "--concern", "alcohol", "--zone", "Mars/Olympus", path); err == nil || !strings.Contains(err.Error(), "--zone") {
		t.Errorf("a zone that is not one: %v", err)
	}
	out, errOut, err := run(t, nil, "import", "--db", db, "--concern", "alcohol", path)
	if err != nil || !strings.Contains(out, "1 added") {
		t.Fatalf("import of a feed: %v\n%s%s", err, out, errOut)
	}
	bad := writeTemp(t, "broken.json", `{"not": "a list"}`)
	if _, _, err := run(t, nil, "import", "--db", db, "--concern", "alcohol", bad); err == nil || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("a broken feed: %v", err)
	}
}
