// Package console is the staff console: server-rendered pages under
// /console/ for the people who run the line, to see and change it
// without a terminal. The paths, roles and rules are those of DESIGN.md
// ("The console"). Pages are html/template, embedded with their one
// stylesheet; every page works without JavaScript.
//
// Accounts are directory.Staff, their passwords argon2id hashes
// (HashPassword). Sessions live in the database (directory.SessionStore)
// under "console:" and the hex SHA-256 of the token in the browser's
// cookie, so they survive a restart and work on several servers, and the
// database never holds a token that would sign anyone in. Failed
// sign-ins are counted there too ("signin:..."). Every change a person
// makes is written to the audit log.
package console

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// Prefix is where the console is mounted.
const Prefix = "/console"

// Console serves the staff console.
type Console struct {
	Store directory.Store
	Vocab *directory.Vocabulary
	Areas *directory.Areas
	Now   func() time.Time
	Log   *slog.Logger
	// Secure marks cookies Secure: set it when PEERLINE_PUBLIC_URL is https.
	Secure bool
	// Recordings plays voicemails in the page; nil when the line has no
	// Twilio account to fetch them with.
	Recordings Recordings
	// Zone is the clock times are shown on (voicemails, the audit log);
	// nil means America/Toronto. A meeting is shown in its group's zone.
	Zone *time.Location
	// StartThreshold is how many people waiting for a concern in an area
	// make a line of "a group could start here" (starting.go); 0 means
	// directory.DefaultStartThreshold. InviteDue is when an invitation to
	// a number may go (the end of its quiet hours at night); nil is now.
	StartThreshold int
	InviteDue      func(number string, now time.Time) time.Time
}

func (c *Console) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

func (c *Console) log() *slog.Logger {
	if c.Log != nil {
		return c.Log
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

func (c *Console) zone() *time.Location {
	if c.Zone != nil {
		return c.Zone
	}
	if loc, err := time.LoadLocation("America/Toronto"); err == nil {
		return loc
	}
	return time.UTC
}

// Handler serves everything under /console/. Mount it at /console: it
// reads the whole path.
func (c *Console) Handler() http.Handler {
	book := words.NewBook()
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Prefix+"/style.css", serveCSS)
	mux.HandleFunc("GET "+Prefix+"/login", c.loginPage)
	mux.HandleFunc("POST "+Prefix+"/login", c.login)
	mux.HandleFunc("POST "+Prefix+"/logout", c.logout)
	mux.HandleFunc("GET "+Prefix, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
	})
	mux.Handle("GET "+Prefix+"/{$}", c.page(directory.RoleViewer, c.home))
	mux.Handle("GET "+Prefix+"/groups", c.page(directory.RoleViewer, c.groups))
	mux.Handle("GET "+Prefix+"/groups/{code}", c.page(directory.RoleViewer, func(w http.ResponseWriter, r *http.Request, me *account) {
		c.group(w, r, me, book, nil)
	}))
	mux.Handle("POST "+Prefix+"/groups/{code}/cancel", c.page(directory.RoleStaff, func(w http.ResponseWriter, r *http.Request, me *account) {
		c.cancelMeeting(w, r, me, book)
	}))
	mux.Handle("GET "+Prefix+"/voicemails", c.page(directory.RoleViewer, c.voicemails))
	mux.Handle("POST "+Prefix+"/voicemails/{id}/handle", c.page(directory.RoleStaff, c.handleVoicemail))
	mux.Handle("GET "+Prefix+"/members", c.page(directory.RoleViewer, c.members))
	mux.Handle("GET "+Prefix+"/staff", c.page(directory.RoleAdmin, c.staffList))
	mux.Handle("GET "+Prefix+"/audit", c.page(directory.RoleAdmin, c.auditPage))
	c.importRoutes(mux)
	c.editRoutes(mux)
	c.uncancelRoutes(mux)
	c.audioRoutes(mux)
	c.memberRoutes(mux)
	c.reportRoutes(mux)
	c.staffAdminRoutes(mux)
	c.wordRoutes(mux)
	c.listingRoutes(mux)
	c.leaderRoutes(mux)
	c.referrerRoutes(mux)
	c.checkRoutes(mux)
	c.startRoutes(mux)

	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.log().Warn("console: cross-site request refused", "method", r.Method, "path", r.URL.Path)
		c.forbidden(w, r, nil, "This form was sent from another site, so it was refused.")
	}))
	return cop.Handler(c.withSession(mux))
}

// withSession finds the account signed in, if any, for the handlers, and
// refuses a POST without one (other than signing in and out) before
// anything else reads it.
func (c *Console) withSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("X-Frame-Options", "DENY")
		w.Header().Set("Referrer-Policy", "same-origin")
		w.Header().Set("Content-Security-Policy", "default-src 'self'; script-src 'none'; object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'")
		if r.URL.Path == Prefix+"/style.css" { // needs no session, and should not keep one alive
			next.ServeHTTP(w, r)
			return
		}
		me, err := c.session(r)
		if err != nil {
			c.fail(w, r, "loading the session", err)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead && me == nil &&
			r.URL.Path != Prefix+"/login" && r.URL.Path != Prefix+"/logout" {
			c.forbidden(w, r, nil, "You are not signed in, so nothing was changed. Sign in and try again.")
			return
		}
		if me != nil {
			r = r.WithContext(context.WithValue(r.Context(), accountKey{}, me))
		}
		next.ServeHTTP(w, r)
	})
}

type accountKey struct{}

func signedIn(r *http.Request) *account {
	me, _ := r.Context().Value(accountKey{}).(*account)
	return me
}

// page serves a page to an account whose role includes need: without a
// session a GET is sent to sign in (303) and anything else refused (403),
// as is an account whose role is not enough.
func (c *Console) page(need directory.Role, h func(http.ResponseWriter, *http.Request, *account)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		me := signedIn(r)
		switch {
		case me == nil && (r.Method == http.MethodGet || r.Method == http.MethodHead):
			http.Redirect(w, r, Prefix+"/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case me == nil:
			c.forbidden(w, r, nil, "You are not signed in, so nothing was changed.")
		case !me.Role.Can(need):
			c.forbidden(w, r, me, "Your account ("+string(me.Role)+") may not do this. Ask an administrator if you need to.")
		default:
			h(w, r, me)
		}
	})
}

// safeNext is where to go after signing in: a console page, never
// another site (nor, through "..", another part of this one).
func safeNext(next string) string {
	home := Prefix + "/"
	if next == "" || strings.ContainsAny(next, "\\\r\n") || strings.HasPrefix(next, "//") {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil {
		return home
	}
	clean := path.Clean(u.Path)
	if clean != u.Path || !strings.HasPrefix(clean, home) || strings.HasPrefix(clean, Prefix+"/login") {
		return home
	}
	return (&url.URL{Path: clean, RawQuery: u.RawQuery}).String()
}

// fail answers an internal error: logged, and a page that says so.
func (c *Console) fail(w http.ResponseWriter, r *http.Request, what string, err error) {
	c.log().Error("console: "+what, "path", r.URL.Path, "err", err)
	c.render(w, r, http.StatusInternalServerError, "message.html", view{Title: "Something went wrong", Me: signedIn(r),
		Data: message{Heading: "Something went wrong", Text: "The console could not do this just now. Nothing was lost; please try again in a moment, and tell the administrator if it keeps happening."}})
}

func (c *Console) forbidden(w http.ResponseWriter, r *http.Request, me *account, text string) {
	c.render(w, r, http.StatusForbidden, "message.html", view{Title: "Not allowed", Me: me,
		Data: message{Heading: "Not allowed", Text: text}})
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request, me *account, text string) {
	c.render(w, r, http.StatusNotFound, "message.html", view{Title: "Not found", Me: me,
		Data: message{Heading: "Not found", Text: text}})
}

type message struct{ Heading, Text string }

// audit records a change a person made; a change that cannot be recorded
// is logged, loudly.
func (c *Console) audit(ctx context.Context, me *account, action, object, old, new string) {
	e := directory.AuditEntry{At: c.now(), Who: me.Email, Action: action, Object: object, Old: old, New: new}
	if err := c.Store.AddAudit(ctx, e); err != nil {
		c.log().Error("console: the audit log could not be written", "action", action, "object", object, "who", me.Email, "err", err)
	}
}
