package ivr

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/peerline/peerline/telephony/twiliotest"
)

// How long a caller listens before the first group, on the keypad route:
// grief, from a Sault Ste. Marie exchange. A caller who knows the way
// presses as soon as their choice is offered (keys interrupt a prompt),
// so a turn counts the words said before its Gather, and inside it up to
// the sentence that offers the key pressed; the last turn up to the first
// group's name. Words go at 2.2 a second, slowed by the prosody rate, and
// each Gather costs a second more (the caller finds the key).
const (
	wordsPerSecond = 2.2
	secondsPerKey  = 1.0
	firstGroupGoal = 45.0 // seconds: DESIGN.md
	firstGroupKeys = 4
)

func TestTheFirstGroupComesWithin45SecondsOfSpeech(t *testing.T) {
	routes := []struct {
		lang  string
		keys  []string
		offer func(key string) string // how a choice's key is said
		group string                  // how the first group is introduced
	}{
		{"English", []string{"1", "1", "1"}, func(k string) string { return "press " + k + "." }, "Group 1:"},
		{"French", []string{"9", "1", "1", "1"}, func(k string) string { return "appuyez sur le " + k + "." }, "Groupe 1"},
		// By voice: the caller speaks once speech is offered.
		{"English, saying it", []string{"1", "say:grief"}, func(k string) string {
			if strings.HasPrefix(k, "say:") {
				return "or choose."
			}
			return "press " + k + "."
		}, "Group 1:"},
	}
	for _, r := range routes {
		t.Run(r.lang, func(t *testing.T) {
			w := newWorld(t)
			p := phone(mount(w.line(t)), saultCaller)
			ctx := context.Background()
			turn, err := p.Call(ctx)
			if err != nil {
				t.Fatal(err)
			}
			var words int
			var seconds float64
			for _, k := range r.keys {
				n, s := listened(t, turn, r.offer(k))
				words, seconds = words+n, seconds+s+secondsPerKey
				if said, ok := strings.CutPrefix(k, "say:"); ok {
					turn, err = p.Speak(ctx, said)
				} else {
					turn, err = p.Press(ctx, k)
				}
				if err != nil {
					t.Fatal(err)
				}
			}
			n, s := listened(t, turn, r.group)
			words, seconds = words+n, seconds+s
			t.Logf("%s: the first group after %d answers (keys or words), %d words heard, %.1f s", r.lang, len(r.keys), words, seconds)
			if len(r.keys) > firstGroupKeys || seconds > firstGroupGoal {
				t.Errorf("%s: the first group after %d keys and %.1f s of speech; want at most %d keys and %.0f s",
					r.lang, len(r.keys), seconds, firstGroupKeys, firstGroupGoal)
			}
		})
	}
}

// listened counts the words a caller hears in a turn until a sentence
// containing until ends, and the seconds they take to say.
func listened(t *testing.T, turn *twiliotest.Turn, until string) (int, float64) {
	t.Helper()
	words, seconds := 0, 0.0
	for _, s := range turn.Said {
		if !s.Interruptible {
			t.Errorf("%q is said outside the Gather: a caller who knows the way must wait for it", s.Text)
		}
		text := s.Text
		i := strings.Index(text, until)
		if s.Interruptible && i >= 0 {
			text = text[:i+len(until)]
		}
		n := len(strings.Fields(text))
		words, seconds = words+n, seconds+float64(n)/(wordsPerSecond*s.Rate)
		if s.Interruptible && i >= 0 {
			return words, seconds
		}
	}
	t.Fatalf("never heard %q in %s", until, sayings(turn))
	return 0, 0
}

func sayings(turn *twiliotest.Turn) string {
	var b strings.Builder
	for _, s := range turn.Said {
		fmt.Fprintf(&b, "\n  %q (interruptible %v)", s.Text, s.Interruptible)
	}
	return b.String()
}
