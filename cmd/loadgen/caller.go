package main

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/routes"
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

// press is one key sequence a caller types, under a step name, and the
// waits of the call flow (ivr's step names, the last part of the
// <Gather> action) the answer may leave the call at; nil: the wait it
// was at (a repeat).
type press struct {
	step, keys string
	next       []string
}

// The waits of peerline's call flow the load goes through (ivr.Line's
// steps, routes.VoiceStep). "menu" is where a call starts over when the
// server finds no state for it, and "trouble" is the apology for a
// fault: neither may follow a step of the plan but the greeting.
const (
	waitMenu     = "menu"
	waitCategory = "category"
	waitConcern  = "concern"
	waitAreaCode = "areacode"
	waitResult   = "result"
	waitNone     = "none"
	waitTrouble  = "trouble"
)

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
		BaseURL: w.target.baseURLs[0], PublicURL: w.target.publicURL, AuthToken: w.target.token,
		From: from, To: lineNumber, HTTP: w.client,
	}
	w.rec.calls++
	at, ok := w.step(stepGreeting, "", []string{waitMenu}, func() (*twiliotest.Turn, error) { return p.Call(ctx) })
	if !ok {
		return
	}
	for _, k := range plan(w.rng, from == blockedCaller) {
		w.pause(ctx)
		if !w.more(ctx) {
			return // the run is over: hang up mid-call
		}
		want := k.next
		switch {
		case want == nil:
			want = []string{at} // said again: the same wait
		case at == waitNone:
			want = []string{} // nothing found: the plan's keys pick other choices; only the flow's rules hold
		}
		if at, ok = w.step(k.step, at, want, func() (*twiliotest.Turn, error) { return p.Press(ctx, k.keys) }); !ok {
			return
		}
	}
}

// step times one request and checks that the line answered with TwiML
// that waits for the caller's keys, and (peerline's) at a wait the call
// flow leads to from the wait the call was at (from, "" for a new call):
// one of want, when want is not empty. It returns the new wait.
func (w *worker) step(name, from string, want []string, do func() (*twiliotest.Turn, error)) (string, bool) {
	start := time.Now()
	turn, err := do()
	d := time.Since(start)
	if err == nil {
		err = waitsForKeys(turn)
	}
	at := ""
	if err == nil && w.target.flow {
		at = waitOf(turn.Gather.Action)
		err = checkFlow(from, at, want)
	}
	w.rec.record(name, start, d, err)
	return at, err == nil
}

// waitOf is the step of the call flow a <Gather> action names: the last
// part of routes.VoiceStep's path.
func waitOf(action string) string {
	u, err := url.Parse(action)
	if err != nil {
		return action
	}
	p := strings.TrimSuffix(u.Path, "/")
	if !strings.HasPrefix(p, routes.Voice+"/") {
		return p
	}
	return path.Base(p)
}

// flowError is an answer in valid TwiML that is not the step the call
// should be at: an apology for a fault inside the server, or a call that
// started over because the server found no state for it.
type flowError struct{ kind, detail string }

func (e *flowError) Error() string { return e.kind + ": " + e.detail }

// The kinds of flowError, as the report counts them.
const (
	kindApology   = "apology (the server failed inside and said sorry)"
	kindLostState = "call state lost (the call started over at the main menu)"
	kindWrongStep = "wrong step (the call is not where the flow leads)"
)

// checkFlow checks that a call the line left waiting at from now waits
// at at, one of want.
func checkFlow(from, at string, want []string) error {
	switch {
	case at == waitTrouble:
		return &flowError{kindApology, fmt.Sprintf("after %q the line answered with its trouble prompt", from)}
	case at == waitMenu && from != "":
		return &flowError{kindLostState, fmt.Sprintf("after %q the call is back at the main menu", from)}
	case len(want) > 0 && !slices.Contains(want, at):
		return &flowError{kindWrongStep, fmt.Sprintf("after %q the call waits at %q, want %s", from, at, strings.Join(want, " or "))}
	}
	return nil
}

// errWaitsForNothing is a document that neither waits for keys nor
// goes anywhere: on a real call, the caller would be cut off.
var errWaitsForNothing = errors.New("the TwiML waits for nothing: the call would end")

// errNoGather is a call connected or recording where the plan expected
// a menu: with a small directory, a result that is the only one has no
// "next group", and 1 picks the next choice (call the group).
var errNoGather = errors.New("the line dialled or recorded where it should wait for keys")

func waitsForKeys(t *twiliotest.Turn) error {
	switch {
	case t == nil:
		return errWaitsForNothing
	case t.Gather != nil:
		return nil
	case t.Dial != nil:
		return fmt.Errorf("%w: it dialled %s", errNoGather, maskNumber(t.Dial.Number))
	case t.Record != nil:
		return fmt.Errorf("%w: it started a recording", errNoGather)
	}
	return errWaitsForNothing
}

// plan is the keys of one call: find a group (1), a topic, the first
// concern (the search; a blocked caller ID then keys an area code), the
// next group, and sometimes "text me" or "say that again".
func plan(rng *rand.Rand, blocked bool) []press {
	keys := []press{
		{stepMenu, "1", []string{waitCategory}},
		{stepTopic, strconv.Itoa(1 + rng.IntN(9)), []string{waitConcern}},
		{stepConcern, "1", []string{waitResult, waitNone, waitAreaCode}},
	}
	if blocked {
		keys = append(keys, press{stepSearch, ontarioNPAs[rng.IntN(len(ontarioNPAs))], []string{waitResult, waitNone}})
	}
	keys = append(keys, press{stepNext, "1", []string{waitResult}})
	switch r := rng.IntN(100); {
	case r < 30 && !blocked:
		keys = append(keys, press{stepTextMe, "2", []string{waitResult}})
	case r < 50:
		keys = append(keys, press{stepRepeat, "*", nil})
	}
	return keys
}
