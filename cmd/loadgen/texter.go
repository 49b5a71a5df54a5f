package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
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
		BaseURL: w.target.baseURL, PublicURL: w.target.publicURL, AuthToken: w.target.token,
		From: texterNumber(w.seq.Add(1)), To: lineNumber, HTTP: w.client,
	}
	msgs := []press{
		{stepSMSSearch, words[w.rng.IntN(len(words))] + " " + ontarioNPAs[w.rng.IntN(len(ontarioNPAs))]},
		{stepSMSDetails, "1"},
		{stepSMSMore, "MORE"},
	}
	for i, m := range msgs {
		w.pause(ctx)
		if !w.more(ctx) {
			return
		}
		if i == 0 {
			w.rec.texts++
		}
		if !w.text(ctx, p, m) {
			return
		}
	}
}

// errNoReply is a text the line did not answer.
var errNoReply = errors.New("the line sent no reply")

func (w *worker) text(ctx context.Context, p *twiliotest.Phone, m press) bool {
	start := time.Now()
	replies, err := p.Text(ctx, routes.SMS, m.keys)
	d := time.Since(start)
	if err == nil && len(replies) == 0 {
		err = errNoReply
	}
	w.rec.record(m.step, start, d, err)
	return err == nil
}
