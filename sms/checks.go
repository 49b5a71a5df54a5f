package sms

import (
	"context"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// Listing checks (issue 14): the line asked a group's leader or contact
// whether it still meets as listed (jobs.Verifier); a YES confirms the
// listing, a NO or CHANGED puts it on the staff's list.

// answerCheck answers a leader's or contact's YES (or NO) to a listing
// check; it does not take an answer from a number the line did not ask.
func (l *Line) answerCheck(ctx context.Context, c *conversation, yes bool) ([]string, bool, error) {
	answer := directory.CheckYes
	if !yes {
		answer = directory.CheckChanged
	}
	return l.answerAsk(ctx, c, answer)
}

// checkChanged answers CHANGED (MODIFIE): the listing goes on the staff's
// list, and someone calls back.
func (l *Line) checkChanged(ctx context.Context, c *conversation) ([]string, error) {
	replies, took, err := l.answerAsk(ctx, c, directory.CheckChanged)
	if err != nil || took {
		return replies, err
	}
	return []string{c.m.CheckNone}, nil
}

// answerAsk records an answer to the open ask of the sender's number, in
// the language it was asked in.
func (l *Line) answerAsk(ctx context.Context, c *conversation, answer string) ([]string, bool, error) {
	store := l.Finder.Store
	ask, ok, err := store.OpenAsk(ctx, c.number)
	if err != nil || !ok {
		return nil, false, err
	}
	g, found, err := store.GroupByID(ctx, ask.GroupID)
	if err != nil || !found {
		return nil, false, err
	}
	took, err := store.AnswerAsk(ctx, ask.ID, answer, l.Now())
	if err != nil || !took {
		return nil, false, err
	}
	l.Log.Info("sms: a listing check was answered", "group", g.Code, "answer", answer, "by", ask.Role)
	if ask.Lang != "" && ask.Lang != c.mem.Lang {
		c.mem.Lang, c.keep = ask.Lang, true
		l.speak(c)
	}
	if answer == directory.CheckYes {
		return []string{words.Fill(c.m.CheckThanks, "name", g.Name)}, true, nil
	}
	return []string{c.m.CheckChanged}, true, nil
}
