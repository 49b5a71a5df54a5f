package telephony

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A recording is fetched with the account's credentials, as MP3, only
// from Twilio's own addresses (through the configured base).
func TestARecordingIsFetchedWithTheAccountsCredentials(t *testing.T) {
	var gotPath, user, pass string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotPath = r.URL.Path
		user, pass, _ = r.BasicAuth()
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Write([]byte("mp3 bytes"))
	}))
	defer srv.Close()
	s, err := NewSender("AC0123456789abcdef0123456789abcdef", "token0123", "+17055550100", srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, kind, err := s.Recording(context.Background(), "https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(body)
	body.Close()
	if string(data) != "mp3 bytes" || kind != "audio/mpeg" || gotPath != "/2010-04-01/Accounts/AC1/Recordings/RE1.mp3" ||
		user != "AC0123456789abcdef0123456789abcdef" || pass != "token0123" {
		t.Errorf("fetched %q %q from %s as %s:%s", data, kind, gotPath, user, pass)
	}
	for _, bad := range []string{"https://evil.example/Recordings/RE1", "http://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1", "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/SM1"} {
		if _, _, err := s.Recording(context.Background(), bad); err == nil {
			t.Errorf("%s was fetched", bad)
		}
	}
}
