package console

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/peerline/peerline/directory"
)

const (
	// CookieName is the console's session cookie.
	CookieName = "peerline_console"
	// IdleTimeout ends a session not used for this long.
	IdleTimeout = 8 * time.Hour
	// MaxFailures failed sign-ins within ThrottleWindow, for one account
	// or from one address, stop sign-ins there for ThrottleWindow.
	MaxFailures    = 5
	ThrottleWindow = 15 * time.Minute
)

// account is the person signed in, and their session.
type account struct {
	directory.Staff
	key string // their session's key in the store
}

// sessionData is what a console session keeps: who, since when.
type sessionData struct {
	Staff   int64     `json:"staff"`
	Started time.Time `json:"started"`
}

// sessionKey is the store key of a session token: its hash, so that the
// database holds nothing that signs anyone in.
func sessionKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return "console:" + hex.EncodeToString(sum[:])
}

// session finds the account of the request's session cookie, and marks
// the session used; nil when there is none, it has been idle too long,
// or its account is gone.
func (c *Console) session(r *http.Request) (*account, error) {
	ck, err := r.Cookie(CookieName)
	if err != nil || ck.Value == "" || len(ck.Value) > 100 {
		return nil, nil
	}
	ctx, now := r.Context(), c.now()
	key := sessionKey(ck.Value)
	raw, ok, err := c.Store.LoadSession(ctx, key, now.Add(-IdleTimeout))
	if err != nil || !ok {
		return nil, err
	}
	var d sessionData
	if err := json.Unmarshal(raw, &d); err != nil || d.Staff == 0 {
		return nil, c.Store.DeleteSession(ctx, key)
	}
	st, ok, err := c.Store.StaffByID(ctx, d.Staff)
	if err != nil {
		return nil, err
	}
	if !ok { // the account was removed: its sessions end
		return nil, c.Store.DeleteSession(ctx, key)
	}
	if err := c.Store.SaveSession(ctx, key, raw, now); err != nil { // idle time starts again
		return nil, err
	}
	return &account{Staff: st, key: key}, nil
}

func (c *Console) startSession(ctx context.Context, w http.ResponseWriter, st directory.Staff) error {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := c.now()
	data, err := json.Marshal(sessionData{Staff: st.ID, Started: now.UTC()})
	if err != nil {
		return err
	}
	if err := c.Store.SaveSession(ctx, sessionKey(token), data, now); err != nil {
		return err
	}
	http.SetCookie(w, c.cookie(token, 0))
	return nil
}

func (c *Console) cookie(value string, maxAge int) *http.Cookie {
	return &http.Cookie{Name: CookieName, Value: value, Path: Prefix, MaxAge: maxAge,
		HttpOnly: true, Secure: c.Secure, SameSite: http.SameSiteLaxMode}
}

// ---- throttling sign-ins ----

// throttleKeys are the keys failed sign-ins are counted under: for the
// account named, and for the client's address (hashed, like the tokens).
func throttleKeys(email string, r *http.Request) []string {
	return []string{"signin:account:" + digest(strings.ToLower(strings.TrimSpace(email))), "signin:addr:" + digest(clientAddr(r))}
}

func digest(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:16])
}

// clientAddr is the address the request came from. Forwarded headers are
// not believed: anyone can write them, and a throttle they set is none.
func clientAddr(r *http.Request) string {
	if host, _, err := net.SplitHostPort(r.RemoteAddr); err == nil {
		return host
	}
	return r.RemoteAddr
}

type failures struct {
	Count int       `json:"count"`
	First time.Time `json:"first"`
}

func (c *Console) failures(ctx context.Context, key string) (failures, error) {
	var f failures
	raw, ok, err := c.Store.LoadSession(ctx, key, c.now().Add(-ThrottleWindow))
	if err != nil || !ok {
		return f, err
	}
	if json.Unmarshal(raw, &f) != nil {
		return failures{}, nil
	}
	return f, nil
}

// throttled reports whether sign-ins are stopped for any of keys.
func (c *Console) throttled(ctx context.Context, keys []string) (bool, error) {
	for _, k := range keys {
		f, err := c.failures(ctx, k)
		if err != nil {
			return false, err
		}
		if f.Count >= MaxFailures {
			return true, nil
		}
	}
	return false, nil
}

// failed counts a failed sign-in under each key. The count lasts
// ThrottleWindow from the latest failure.
func (c *Console) failed(ctx context.Context, keys []string) error {
	now := c.now()
	for _, k := range keys {
		f, err := c.failures(ctx, k)
		if err != nil {
			return err
		}
		if f.Count == 0 {
			f.First = now.UTC()
		}
		f.Count++
		raw, _ := json.Marshal(f)
		if err := c.Store.SaveSession(ctx, k, raw, now); err != nil {
			return err
		}
	}
	return nil
}

// ---- signing in and out ----

type loginForm struct {
	Email, Next string
	Error       string
}

func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	next := safeNext(r.URL.Query().Get("next"))
	if signedIn(r) != nil {
		http.Redirect(w, r, next, http.StatusSeeOther)
		return
	}
	c.render(w, r, http.StatusOK, "login.html", view{Title: "Sign in", Data: loginForm{Next: next}})
}

// dummyHash is checked against when no account has the e-mail given, so
// that a sign-in takes as long whether or not the account exists.
var dummyHash = sync.OnceValue(func() string { h, _ := HashPassword("no account has this password"); return h })

func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 16<<10)
	if err := r.ParseForm(); err != nil {
		c.render(w, r, http.StatusBadRequest, "login.html", view{Title: "Sign in", Data: loginForm{Next: Prefix + "/", Error: "The form could not be read; please try again."}})
		return
	}
	ctx := r.Context()
	email := strings.ToLower(strings.TrimSpace(r.PostForm.Get("email")))
	pw := r.PostForm.Get("password")
	form := loginForm{Email: email, Next: safeNext(r.PostForm.Get("next"))}
	keys := throttleKeys(email, r)
	stopped, err := c.throttled(ctx, keys)
	if err != nil {
		c.fail(w, r, "sign-in throttle", err)
		return
	}
	if stopped {
		c.log().Warn("console: sign-in refused: too many failed attempts", "addr", clientAddr(r))
		form.Error = "Too many attempts; try again in 15 minutes."
		c.render(w, r, http.StatusTooManyRequests, "login.html", view{Title: "Sign in", Data: form})
		return
	}
	st, found, err := c.Store.StaffByEmail(ctx, email)
	if err != nil {
		c.fail(w, r, "sign-in", err)
		return
	}
	hash := dummyHash()
	if found {
		hash = st.Hash
	}
	if ok := CheckPassword(hash, pw); !ok || !found || email == "" {
		if err := c.failed(ctx, keys); err != nil {
			c.fail(w, r, "sign-in throttle", err)
			return
		}
		who := "an unknown account"
		if found {
			who = st.Email
		}
		c.log().Info("console: sign-in failed", "account", who, "addr", clientAddr(r))
		form.Error = "That e-mail and password do not match an account. Check them and try again."
		c.render(w, r, http.StatusUnauthorized, "login.html", view{Title: "Sign in", Data: form})
		return
	}
	if err := c.Store.DeleteSession(ctx, keys[0]); err != nil { // the account's failures are forgiven
		c.fail(w, r, "sign-in", err)
		return
	}
	if err := c.startSession(ctx, w, st); err != nil {
		c.fail(w, r, "starting a session", err)
		return
	}
	c.log().Info("console: signed in", "account", st.Email, "role", st.Role)
	http.Redirect(w, r, form.Next, http.StatusSeeOther)
}

// logout ends the session. Without one there is nothing to end: it goes
// to the sign-in page (a person whose session ran out may still press
// "Sign out"), changing nothing.
func (c *Console) logout(w http.ResponseWriter, r *http.Request) {
	if me := signedIn(r); me != nil {
		if err := c.Store.DeleteSession(r.Context(), me.key); err != nil {
			c.fail(w, r, "signing out", err)
			return
		}
		c.log().Info("console: signed out", "account", me.Email)
	}
	http.SetCookie(w, c.cookie("", -1))
	http.Redirect(w, r, Prefix+"/login", http.StatusSeeOther)
}
