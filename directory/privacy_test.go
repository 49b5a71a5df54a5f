package directory

import (
	"strings"
	"testing"
)

// Mirrors sms.key; TestForgetFindsTheTextLinesMemory in cmd/peerline
// checks it against the text line itself.
func TestTextSessionKey(t *testing.T) {
	k := TextSessionKey("+17055550142")
	if !strings.HasPrefix(k, "sms:") || len(k) != 4+32 || strings.Contains(k, "7055550142") {
		t.Errorf("TextSessionKey = %q", k)
	}
	if TextSessionKey("+17055550143") == k {
		t.Error("two numbers share a key")
	}
}
