// Package telephony is the Twilio plumbing that the voice line, the text
// line and the reminder jobs share: webhook signature checks, TwiML
// rendering, the outbound REST sender, and GSM-7 segment counting. Its
// test doubles (a simulated phone, a fake REST API) are in twiliotest.
package telephony

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/twilio/twilio-go/client"
)

// maxWebhookBody bounds what a webhook may send. Twilio's voice and SMS
// requests are a few kilobytes; anything near this is not Twilio.
const maxWebhookBody = 64 << 10

// Verifier checks X-Twilio-Signature on every request it wraps.
type Verifier struct {
	AuthToken string
	PublicURL string       // e.g. "https://line.example.org" (no trailing slash); the URL Twilio was given. If empty, the request's own scheme+Host is used (X-Forwarded-Proto honoured).
	SkipCheck bool         // --demo / --insecure-skip-signature: accept unsigned requests (still accept signed ones)
	Log       *slog.Logger // may be nil
}

// Wrap returns a handler that parses the form (at most 64 KiB) and calls
// next only when the signature is valid. A request that fails gets 403 and
// next never runs, so a forged request changes nothing.
func (v *Verifier) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil {
			r.Body = http.MaxBytesReader(w, r.Body, maxWebhookBody)
		}
		if err := r.ParseForm(); err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				v.reject(r, "body too large")
				http.Error(w, "request body too large", http.StatusRequestEntityTooLarge)
				return
			}
			v.reject(r, "unreadable form")
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if v.SkipCheck {
			next.ServeHTTP(w, r)
			return
		}
		if v.AuthToken == "" {
			// An empty HMAC key is a key anyone knows: fail closed.
			v.reject(r, "no auth token configured")
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		sig := r.Header.Get("X-Twilio-Signature")
		if sig == "" {
			v.reject(r, "missing signature")
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		if !v.valid(r, sig) {
			v.reject(r, "invalid signature")
			http.Error(w, "forbidden", http.StatusForbidden)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// valid checks sig against the URL as Twilio was given it, with one HMAC:
// Twilio's own case. twilio-go's validator, which the rest goes to, tries
// that URL with its default port added and removed (one of the two is
// the URL itself) at the cost of two HMACs and three URL parses a request.
func (v *Verifier) valid(r *http.Request, sig string) bool {
	url, params := v.signedURL(r), firstValues(r.PostForm)
	if hmac.Equal([]byte(signature(v.AuthToken, url, params)), []byte(sig)) {
		return true
	}
	validator := client.NewRequestValidator(v.AuthToken)
	return validator.Validate(url, params, sig)
}

// signedURL is the URL Twilio signed: the public base plus path and query.
// r.URL alone would be wrong behind a proxy or TLS terminator.
func (v *Verifier) signedURL(r *http.Request) string {
	base := strings.TrimSuffix(v.PublicURL, "/")
	if base == "" {
		scheme := "http"
		if r.TLS != nil {
			scheme = "https"
		}
		if p := r.Header.Get("X-Forwarded-Proto"); p != "" {
			// A chain of proxies appends; the first is what the client used.
			scheme = strings.ToLower(strings.TrimSpace(strings.Split(p, ",")[0]))
		}
		base = scheme + "://" + r.Host
	}
	return base + r.URL.RequestURI()
}

// reject logs a refused request. Phone numbers and bodies are personal
// data, so only the path and the peer address are logged.
func (v *Verifier) reject(r *http.Request, reason string) {
	if v.Log == nil {
		return
	}
	v.Log.Warn("twilio webhook rejected",
		slog.String("reason", reason),
		slog.String("path", r.URL.Path),
		slog.String("remote", r.RemoteAddr))
}

// firstValues flattens a form the way Twilio signs it: one value per key.
func firstValues(form url.Values) map[string]string {
	params := make(map[string]string, len(form))
	for k, vs := range form {
		if len(vs) > 0 {
			params[k] = vs[0]
		}
	}
	return params
}

// Sign returns the X-Twilio-Signature Twilio would send for a POST of form
// to fullURL, for the phone simulator and tests.
func Sign(authToken, fullURL string, form url.Values) string {
	return signature(authToken, fullURL, firstValues(form))
}

// signature is Twilio's: HMAC-SHA1 over the URL and each parameter's
// name and value, in name order.
func signature(authToken, fullURL string, params map[string]string) string {
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString(fullURL)
	for _, k := range keys {
		b.WriteString(k)
		b.WriteString(params[k])
	}
	mac := hmac.New(sha1.New, []byte(authToken))
	mac.Write([]byte(b.String()))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
