package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"

	"github.com/peerline/peerline/telephony/twiliotest"
)

// lineNumber is the number the callers dial and text (fictional).
const lineNumber = "+17055550100"

// The voice steps, named for what the caller does; the latency of a step
// is from the request to the TwiML of what the caller hears next.
const (
	stepGreeting = "greeting" // the call is placed: the greeting and main menu
	stepMenu     = "menu"     // 1, find a group: the topic menu
	stepTopic    = "topic"    // a topic, 1-9: its concerns
	stepConcern  = "concern"  // 1, the first concern: the search near the caller, and group 1 (or "which area code?")
	stepSearch   = "search"   // a blocked caller ID's 3 digits of an area code: the search, and group 1
	stepNext     = "next"     // 1, the next group
	stepTextMe   = "textme"   // 2, text me these details (sent through Twilio's REST API)
	stepRepeat   = "repeat"   // *, say that again
)

// voiceSteps is the order the voice steps are reported in.
var voiceSteps = []string{stepGreeting, stepMenu, stepTopic, stepConcern, stepSearch, stepNext, stepTextMe, stepRepeat}

// press is one key sequence a caller types, under a step name.
type press struct{ step, keys string }

// callLoop places calls until the deadline.
func (w *worker) callLoop(ctx context.Context) {
	for range maxCallsPerWorker {
		if !w.more(ctx) {
			return
		}
		w.call(ctx)
	}
}

// call plays one realistic call: the greeting, then the presses of
// plan, stopping at the first failure; at the end the caller hangs up
// (simply stops, as Twilio then tells the server nothing more).
func (w *worker) call(ctx context.Context) {
	from := callerNumber(w.rng)
	p := &twiliotest.Phone{
		BaseURL: w.target.baseURL, PublicURL: w.target.publicURL, AuthToken: w.target.token,
		From: from, To: lineNumber, HTTP: w.client,
	}
	w.rec.calls++
	if !w.step(stepGreeting, func() (*twiliotest.Turn, error) { return p.Call(ctx) }) {
		return
	}
	for _, k := range plan(w.rng, from == blockedCaller) {
		w.pause(ctx)
		if !w.more(ctx) {
			return // the run is over: hang up mid-call
		}
		if !w.step(k.step, func() (*twiliotest.Turn, error) { return p.Press(ctx, k.keys) }) {
			return
		}
	}
}

// step times one request and checks that the line answered with TwiML
// that waits for the caller's keys.
func (w *worker) step(name string, do func() (*twiliotest.Turn, error)) bool {
	start := time.Now()
	turn, err := do()
	d := time.Since(start)
	if err == nil {
		err = waitsForKeys(turn)
	}
	w.rec.record(name, start, d, err)
	return err == nil
}

// errWaitsForNothing is a document that neither waits for keys nor
// goes anywhere: on a real call, the caller would be cut off.
var errWaitsForNothing = errors.New("the TwiML waits for nothing: the call would end")

func waitsForKeys(t *twiliotest.Turn) error {
	switch {
	case t == nil:
		return errWaitsForNothing
	case t.Gather != nil:
		return nil
	case t.Dial != nil:
		return fmt.Errorf("the line dialled %s where it should wait for keys", maskNumber(t.Dial.Number))
	case t.Record != nil:
		return errors.New("the line started a recording where it should wait for keys")
	}
	return errWaitsForNothing
}

// plan is the keys of one call: find a group (1), a topic, the first
// concern (the search; a blocked caller ID then keys an area code), the
// next group, and sometimes "text me" or "say that again".
func plan(rng *rand.Rand, blocked bool) []press {
	keys := []press{
		{stepMenu, "1"},
		{stepTopic, strconv.Itoa(1 + rng.IntN(9))},
		{stepConcern, "1"},
	}
	if blocked {
		keys = append(keys, press{stepSearch, ontarioNPAs[rng.IntN(len(ontarioNPAs))]})
	}
	keys = append(keys, press{stepNext, "1"})
	switch r := rng.IntN(100); {
	case r < 30 && !blocked:
		keys = append(keys, press{stepTextMe, "2"})
	case r < 50:
		keys = append(keys, press{stepRepeat, "*"})
	}
	return keys
}
