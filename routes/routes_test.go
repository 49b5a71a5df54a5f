package routes

import (
	"net/url"
	"testing"
)

// A reminder call's URL names the reminder step under the voice line, and
// carries the message's id where the voice line reads it.
func TestReminderCall(t *testing.T) {
	u, err := url.Parse(ReminderCall(42))
	if err != nil {
		t.Fatal(err)
	}
	if u.Path != Voice+"/"+ReminderStep {
		t.Errorf("path = %q, want the reminder step under %s", u.Path, Voice)
	}
	if got := u.Query().Get("id"); got != "42" {
		t.Errorf("id = %q, want 42", got)
	}
}
