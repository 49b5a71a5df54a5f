package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// The text steps: what the texter sends, timed to the line's reply.
const (
	stepSMSSearch  = "sms-search"  // "grief 705": up to three groups
	stepSMSDetails = "sms-details" // "1": the first group's details
	stepSMSMore    = "sms-more"    // "MORE": the next groups
)

var textSteps = []string{stepSMSSearch, stepSMSDetails, stepSMSMore}

// texterWords are the ways texters name what they look for: every
// concern's English name, and its first English synonym, lower case.
func texterWords() ([]string, error) {
	vocab, err := directory.LoadVocabulary()
	if err != nil {
		return nil, fmt.Errorf("loading the vocabulary: %w", err)
	}
	var words []string
	for _, c := range vocab.Concerns() {
		words = append(words, strings.ToLower(c.NameEN))
		if len(c.SynonymsEN) > 0 {
			words = append(words, strings.ToLower(c.SynonymsEN[0]))
		}
	}
	if len(words) == 0 {
		return nil, errors.New("the vocabulary names no concerns")
	}
	return words, nil
}

// textLoop holds conversations until the deadline.
func (w *worker) textLoop(ctx context.Context, words []string) {
	for range maxCallsPerWorker {
		if !w.more(ctx) {
			return
		}
		w.conversation(ctx, words)
	}
}

// conversation is one texter's exchange: a topic and an area, then the
// first group's details, then MORE; it stops at the first failure.
func (w *worker) conversation(ctx context.Context, words []string) {
	p := &twiliotest.Phone{
		BaseURL: w.target.baseURLs[0], PublicURL: w.target.publicURL, AuthToken: w.target.token,
		From: texterNumber(w.seq.Add(1)), To: lineNumber, HTTP: w.client,
	}
	msgs := []press{
		{step: stepSMSSearch, keys: words[w.rng.IntN(len(words))] + " " + ontarioNPAs[w.rng.IntN(len(ontarioNPAs))]},
		{step: stepSMSDetails, keys: "1"},
		{step: stepSMSMore, keys: "MORE"},
	}
	listed := false // the line's last reply listed groups, numbered from 1
	for i, m := range msgs {
		w.pause(ctx)
		if !w.more(ctx) {
			return
		}
		if i == 0 {
			w.rec.texts++
		}
		replies, ok := w.text(ctx, p, m, listed)
		if !ok {
			return
		}
		if i == 0 {
			listed = slices.ContainsFunc(replies, isList)
		}
	}
}

// errNoReply is a text the line did not answer.
var errNoReply = errors.New("the line sent no reply")

// text sends one text and checks the replies: there must be one, and
// (peerline's) not an apology, and, after a list, not "search first",
// which is what the line says when it finds no memory of the list.
func (w *worker) text(ctx context.Context, p *twiliotest.Phone, m press, listed bool) ([]string, bool) {
	start := time.Now()
	replies, err := p.Text(ctx, routes.SMS, m.keys)
	d := time.Since(start)
	if err == nil && len(replies) == 0 {
		err = errNoReply
	}
	if err == nil && w.target.flow {
		err = checkReplies(replies, listed)
	}
	w.rec.record(m.step, start, d, err)
	return replies, err == nil
}

// What the text line says when it fails inside, and when a number or
// MORE comes with no list remembered (words' Text.Sorry and
// Text.NoSearch, English and French; TestTextLineSentences holds them to
// the catalogue). The load generator may not import words (the layout
// of the house), so they are written here.
var (
	textSorry = folded(
		"Sorry, something went wrong on our side. Please try again in a few minutes. In crisis? Call or text 988.",
		"Désolée, un problème est survenu de notre côté. Réessayez dans quelques minutes. En crise? Appelez ou textez le 988.",
	)
	textNoSearch = folded(
		"Text what the group is about and your area first, e.g. GRIEF 705.",
		"Textez d'abord le sujet du groupe et votre région, p. ex. DEUIL 705.",
	)
)

// folded is the sentences as the line sends them (sms's fit).
func folded(sentences ...string) []string {
	for i, s := range sentences {
		sentences[i] = telephony.Fold(s)
	}
	return sentences
}

// The kinds of a text's flowError.
const (
	kindTextApology   = "text apology (the server failed inside and said sorry)"
	kindTextLostState = "text state lost (the line forgot the list it sent)"
)

func checkReplies(replies []string, listed bool) error {
	for _, r := range replies {
		switch {
		case slices.Contains(textSorry, r):
			return &flowError{kindTextApology, "the line answered with its apology"}
		case listed && slices.Contains(textNoSearch, r):
			return &flowError{kindTextLostState, "after a list, the line asked for a search first"}
		}
	}
	return nil
}

// isList says whether a reply lists groups: "1) Name - how" on a line.
func isList(reply string) bool { return strings.Contains(reply, "\n1) ") }
