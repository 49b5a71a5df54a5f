package telephony

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// The verifier checks the URL as given with one HMAC first; what does
// not match still gets twilio-go's check, which allows the default port
// added or removed.
func TestVerifierAcceptsTheURLWithOrWithoutItsDefaultPort(t *testing.T) {
	form := url.Values{"CallSid": {"CA1"}, "From": {"+17052530000"}, "Digits": {"1"}}
	cases := []struct {
		public, signed string
		ok             bool
	}{
		{"https://line.example.org", "https://line.example.org/twilio/voice", true},
		{"https://line.example.org", "https://line.example.org:443/twilio/voice", true},
		{"https://line.example.org:443", "https://line.example.org/twilio/voice", true},
		{"https://line.example.org", "https://line.example.org:8443/twilio/voice", false},
		{"https://line.example.org", "https://other.example.org/twilio/voice", false},
	}
	for _, c := range cases {
		v := &Verifier{AuthToken: testToken, PublicURL: c.public}
		h := v.Wrap(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
		r := httptest.NewRequest(http.MethodPost, "/twilio/voice", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("X-Twilio-Signature", Sign(testToken, c.signed, form))
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if got := w.Code == http.StatusOK; got != c.ok {
			t.Errorf("public %s, signed over %s: status %d", c.public, c.signed, w.Code)
		}
	}
}
