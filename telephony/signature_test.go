package telephony

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/twilio/twilio-go/client"
)

const testToken = "12345678901234567890123456789012"

// recorder is a webhook that notes each call and the form it saw.
type recorder struct {
	mu    sync.Mutex
	calls int
	form  url.Values
}

func (rec *recorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	rec.mu.Lock()
	rec.calls++
	rec.form = r.PostForm
	rec.mu.Unlock()
	WriteMessages(w)
}

func (rec *recorder) seen() (int, url.Values) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return rec.calls, rec.form
}

func smsForm() url.Values {
	return url.Values{
		"MessageSid": {"SM" + strings.Repeat("a", 32)},
		"From":       {"+17055550123"},
		"To":         {"+17055550100"},
		"Body":       {"grief Sault Ste. Marie & area"},
	}
}

func post(t *testing.T, target string, form url.Values, sig string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if sig != "" {
		req.Header.Set("X-Twilio-Signature", sig)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res
}

// serve starts a server whose Verifier is configured by setup once the
// server's URL is known.
func serve(t *testing.T, setup func(v *Verifier, srvURL string)) (*httptest.Server, *recorder) {
	t.Helper()
	rec := &recorder{}
	v := &Verifier{AuthToken: testToken}
	var h http.Handler
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { h.ServeHTTP(w, r) }))
	t.Cleanup(srv.Close)
	setup(v, srv.URL)
	h = v.Wrap(rec)
	return srv, rec
}

func TestSignMatchesTwilioValidator(t *testing.T) {
	u := "https://line.example.org/twilio/sms?lang=fr"
	form := smsForm()
	sig := Sign(testToken, u, form)
	val := client.NewRequestValidator(testToken)
	if !val.ValidateBody(u, []byte(form.Encode()), sig) {
		t.Fatal("twilio-go rejects our signature")
	}
}

func TestVerifierAcceptsValidSignature(t *testing.T) {
	srv, rec := serve(t, func(v *Verifier, u string) { v.PublicURL = u })
	form := smsForm()
	res := post(t, srv.URL+"/twilio/sms", form, Sign(testToken, srv.URL+"/twilio/sms", form))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", res.StatusCode)
	}
	n, seen := rec.seen()
	if n != 1 || seen.Get("Body") != form.Get("Body") || seen.Get("From") != form.Get("From") {
		t.Fatalf("handler called %d times with %v", n, seen)
	}
}

func TestVerifierRejects(t *testing.T) {
	var logs bytes.Buffer
	var logMu sync.Mutex
	srv, rec := serve(t, func(v *Verifier, u string) {
		v.PublicURL = u
		v.Log = slog.New(slog.NewTextHandler(lockedWriter{&logMu, &logs}, nil))
	})
	path := "/twilio/sms"
	form := smsForm()
	good := Sign(testToken, srv.URL+path, form)

	tampered := smsForm()
	tampered.Set("Body", "STOP")
	extra := smsForm()
	extra.Set("Extra", "1")

	cases := []struct {
		name string
		form url.Values
		sig  string
	}{
		{"tampered param", tampered, good},
		{"added param", extra, good},
		{"wrong token", form, Sign("00000000000000000000000000000000", srv.URL+path, form)},
		{"missing header", form, ""},
		{"another URL", form, Sign(testToken, srv.URL+"/twilio/voice", form)},
		{"another host", form, Sign(testToken, "https://evil.example.com"+path, form)},
		{"garbage", form, "bm90IGEgc2lnbmF0dXJl"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before, _ := rec.seen()
			res := post(t, srv.URL+path, c.form, c.sig)
			if res.StatusCode != http.StatusForbidden {
				t.Fatalf("status %d, want 403", res.StatusCode)
			}
			if after, _ := rec.seen(); after != before {
				t.Fatal("the wrapped handler ran")
			}
		})
	}
	logMu.Lock()
	defer logMu.Unlock()
	out := logs.String()
	if !strings.Contains(out, "path=/twilio/sms") || !strings.Contains(out, "level=WARN") {
		t.Errorf("rejections not logged with the path at Warn:\n%s", out)
	}
	for _, secret := range []string{"7055550123", "7055550100", "grief", "STOP"} {
		if strings.Contains(out, secret) {
			t.Errorf("log reveals %q:\n%s", secret, out)
		}
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

func TestVerifierSignsQueryString(t *testing.T) {
	srv, rec := serve(t, func(v *Verifier, u string) { v.PublicURL = u })
	form := smsForm()
	target := srv.URL + "/twilio/voice?step=menu&lang=fr"
	if res := post(t, target, form, Sign(testToken, target, form)); res.StatusCode != http.StatusOK {
		t.Fatalf("signed with query: status %d, want 200", res.StatusCode)
	}
	// Signed without the query, as if the verifier used only the path.
	if res := post(t, target, form, Sign(testToken, srv.URL+"/twilio/voice", form)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("signed without query: status %d, want 403", res.StatusCode)
	}
	if n, _ := rec.seen(); n != 1 {
		t.Fatalf("handler ran %d times, want 1", n)
	}
}

func TestVerifierPublicURLWithPathPrefix(t *testing.T) {
	// Twilio was given https://line.example.org/peerline; a proxy strips
	// the prefix before the request reaches us.
	public := "https://line.example.org/peerline"
	srv, rec := serve(t, func(v *Verifier, _ string) { v.PublicURL = public + "/" })
	form := smsForm()
	if res := post(t, srv.URL+"/twilio/sms", form, Sign(testToken, public+"/twilio/sms", form)); res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", res.StatusCode)
	}
	if res := post(t, srv.URL+"/twilio/sms", form, Sign(testToken, srv.URL+"/twilio/sms", form)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("signed for the local URL: status %d, want 403", res.StatusCode)
	}
	if n, _ := rec.seen(); n != 1 {
		t.Fatalf("handler ran %d times, want 1", n)
	}
}

func TestVerifierWithoutPublicURLUsesHostAndForwardedProto(t *testing.T) {
	srv, rec := serve(t, func(*Verifier, string) {})
	host := strings.TrimPrefix(srv.URL, "http://")
	form := smsForm()
	if res := post(t, srv.URL+"/twilio/sms", form, Sign(testToken, "http://"+host+"/twilio/sms", form)); res.StatusCode != http.StatusOK {
		t.Fatalf("plain http: status %d, want 200", res.StatusCode)
	}
	if res := post(t, srv.URL+"/twilio/sms", form, Sign(testToken, "https://"+host+"/twilio/sms", form),
		"X-Forwarded-Proto", "https, http"); res.StatusCode != http.StatusOK {
		t.Fatalf("behind TLS proxy: status %d, want 200", res.StatusCode)
	}
	if n, _ := rec.seen(); n != 2 {
		t.Fatalf("handler ran %d times, want 2", n)
	}
}

func TestVerifierSkipCheck(t *testing.T) {
	srv, rec := serve(t, func(v *Verifier, u string) { v.PublicURL, v.SkipCheck = u, true })
	form := smsForm()
	if res := post(t, srv.URL+"/twilio/sms", form, ""); res.StatusCode != http.StatusOK {
		t.Fatalf("unsigned: status %d, want 200", res.StatusCode)
	}
	if res := post(t, srv.URL+"/twilio/sms", form, Sign(testToken, srv.URL+"/twilio/sms", form)); res.StatusCode != http.StatusOK {
		t.Fatalf("signed: status %d, want 200", res.StatusCode)
	}
	if n, seen := rec.seen(); n != 2 || seen.Get("Body") != form.Get("Body") {
		t.Fatalf("handler ran %d times with %v", n, seen)
	}
}

func TestVerifierWithoutTokenFailsClosed(t *testing.T) {
	srv, rec := serve(t, func(v *Verifier, u string) { v.PublicURL, v.AuthToken = u, "" })
	form := smsForm()
	// With an empty key anyone can compute the HMAC.
	if res := post(t, srv.URL+"/twilio/sms", form, Sign("", srv.URL+"/twilio/sms", form)); res.StatusCode != http.StatusForbidden {
		t.Fatalf("status %d, want 403", res.StatusCode)
	}
	if n, _ := rec.seen(); n != 0 {
		t.Fatal("the wrapped handler ran")
	}
}

func TestVerifierBodyTooLarge(t *testing.T) {
	srv, rec := serve(t, func(v *Verifier, u string) { v.PublicURL = u })
	form := smsForm()
	form.Set("Body", strings.Repeat("x", 70<<10))
	res := post(t, srv.URL+"/twilio/sms", form, Sign(testToken, srv.URL+"/twilio/sms", form))
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("status %d, want 413", res.StatusCode)
	}
	if n, _ := rec.seen(); n != 0 {
		t.Fatal("the wrapped handler ran")
	}
}

func TestVerifierIgnoresQueryParamsInForm(t *testing.T) {
	// r.Form would mix the query into the signed params; Twilio signs only
	// the POST fields, so a request with a query must still verify.
	srv, rec := serve(t, func(v *Verifier, u string) { v.PublicURL = u })
	form := smsForm()
	target := srv.URL + "/twilio/sms?From=%2B19999999999"
	if res := post(t, target, form, Sign(testToken, target, form)); res.StatusCode != http.StatusOK {
		t.Fatalf("status %d, want 200", res.StatusCode)
	}
	if _, seen := rec.seen(); seen.Get("From") != form.Get("From") {
		t.Fatalf("PostForm From = %q", seen.Get("From"))
	}
}
