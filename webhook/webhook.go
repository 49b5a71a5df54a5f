// Package webhook is what the voice line and the text line share around
// each request Twilio posts: the blocklist, the count of calls and texts
// for the report, a fault turned into a polite answer instead of a 5xx,
// and the state of a conversation kept between requests.
package webhook

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/peerline/peerline/directory"
)

// Guard wraps a channel's handler.
type Guard struct {
	Channel   string // directory.ChannelVoice or ChannelSMS: names the activity counted
	Kind      string // what one conversation is: "call", "text"
	Blocklist directory.BlocklistStore
	Activity  *Activity
	Log       *slog.Logger

	// Starts tells whether a request begins a conversation: a call's
	// greeting, every text. Only those are counted and checked against
	// the blocklist.
	Starts func(r *http.Request) bool
	// Party is the number the line is talking to ("" when withheld).
	Party func(r *http.Request) string
	// Blocked answers a number on the blocklist.
	Blocked func(w http.ResponseWriter, r *http.Request)
	// Fault answers when something failed inside, with valid TwiML that
	// apologises in the conversation's language and offers a way on.
	Fault func(w http.ResponseWriter, r *http.Request, lang directory.Lang)
}

// Wrap serves next behind the guard.
func (g *Guard) Wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		turn := &Turn{Lang: directory.English}
		defer func() {
			if p := recover(); p != nil {
				g.Log.Error(g.Channel+": panic answering a request", "panic", fmt.Sprint(p))
				g.Fault(w, r, turn.Lang)
			}
		}()
		if err := r.ParseForm(); err != nil {
			g.Fault(w, r, turn.Lang)
			return
		}
		if g.Starts(r) {
			if number := g.Party(r); number != "" {
				blocked, err := g.Blocklist.IsBlocked(r.Context(), number)
				if err != nil {
					g.Log.Error(g.Channel+": cannot read the blocklist", "err", err)
					g.Fault(w, r, turn.Lang)
					return
				}
				if blocked {
					g.Blocked(w, r) // and nothing about them is kept
					return
				}
			}
			g.Activity.Add(g.Channel, g.Kind)
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), turnKey{}, turn)))
	})
}

// Turn is what a channel tells the guard about the request it answers:
// the language to apologise in, should it fail.
type Turn struct{ Lang directory.Lang }

type turnKey struct{}

// TurnOf is the request's Turn; a request the guard did not wrap gets a
// Turn of its own, which no one reads.
func TurnOf(ctx context.Context) *Turn {
	if t, ok := ctx.Value(turnKey{}).(*Turn); ok {
		return t
	}
	return &Turn{}
}
