package ivr

import (
	"context"

	"github.com/peerline/peerline/directory"
)

// Listing checks (issue 14). The verify job asks Twilio to ring a group's
// leader or contact with Url = routes.CheckCall(N), N the ask; when they
// answer, the line asks whether the group still meets as listed: 1 yes,
// 2 changed (someone calls back), * again.

// checkCall starts a check call, like notify starts a reminder call. An
// ask it cannot find, already answered, or for another number than the
// one that answered, gets a short apology in both languages.
func (l *Line) checkCall(ctx context.Context, c *call, req request) (reply, error) {
	*c = call{Lang: directory.English, Ask: req.Outbox} // ?id= names the ask
	a, _, ok, err := l.openAsk(ctx, c)
	if err != nil {
		return reply{}, err
	}
	if !ok || !sameNumber(req.From, a.Number) {
		l.Log.Warn("voice: a listing check brought no open ask for the number that answered", "ask", req.Outbox)
		*c = call{Lang: directory.English}
		en, fr := l.book.In(directory.English).Voice, l.book.In(directory.French).Voice
		return reply{say: []line{{en.NoticeGone, directory.English}, {fr.NoticeGone, directory.French}}, hangup: true}, nil
	}
	if _, speaks := l.book[a.Lang]; speaks {
		c.Lang = a.Lang
	}
	return reply{next: "check"}, nil
}

// openAsk loads the call's ask and its group; an answered one, or one
// whose number was let go, counts as not found.
func (l *Line) openAsk(ctx context.Context, c *call) (directory.ListingAsk, directory.Group, bool, error) {
	store := l.Finder.Store
	a, ok, err := store.ListingAskByID(ctx, c.Ask)
	if err != nil || !ok || a.Answer != "" || a.Number == "" {
		return a, directory.Group{}, false, err
	}
	g, ok, err := store.GroupByID(ctx, a.GroupID)
	return a, g, ok, err
}

// checkPrompt asks the question, at the listener's clock, and the keys:
// star says both again.
func (l *Line) checkPrompt(ctx context.Context, c *call, _ request) ([]line, error) {
	a, g, ok, err := l.openAsk(ctx, c)
	if err == nil && !ok {
		err = errLostPlace
	}
	if err != nil {
		return nil, err
	}
	sp := l.book.In(c.Lang).Speaker(l.Finder.Areas.Locate(a.Number).Location())
	return c.lines(l, sp.CheckAsk(&g, l.Now()), l.m(c).CheckKeys), nil
}

// checkAnswer records the key pressed; an ask answered meanwhile (by a
// text) is thanked all the same.
func (l *Line) checkAnswer(answer string) action {
	return func(ctx context.Context, c *call, _ request) (reply, bool, error) {
		if _, err := l.Finder.Store.AnswerAsk(ctx, c.Ask, answer, l.Now()); err != nil {
			return reply{}, false, err
		}
		m := l.m(c)
		bye := m.CheckThanks
		if answer == directory.CheckChanged {
			bye = m.CheckChanged
		}
		return reply{say: c.lines(l, bye), hangup: true}, true, nil
	}
}
