package ivr

import (
	"context"
	"strings"
	"testing"

	"github.com/peerline/peerline/telephony/twiliotest"
)

// Fixed prompts are rendered once per line and then answered from memory:
// callers of either language, one after another on the same line, still
// each hear their own, waiting for the same keys.
func TestFixedPromptsAreKeptPerLanguage(t *testing.T) {
	w := newWorld(t)
	h := mount(w.line(t))
	ctx := context.Background()
	for round := range 3 {
		en, fr := phone(h, saultCaller), phone(h, saultCaller)
		english, err := en.Call(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fr.Call(ctx); err != nil {
			t.Fatal(err)
		}
		french, err := fr.Press(ctx, "9")
		if err != nil {
			t.Fatal(err)
		}
		// A wrong key gets the same menu, after a sentence of its own.
		wrong, err := en.Press(ctx, "7")
		if err != nil {
			t.Fatal(err)
		}
		if got := heard(wrong); !strings.HasPrefix(got, "Sorry, that is not one of the choices.") {
			t.Errorf("round %d: after a wrong key: %s", round, got)
		}
		menu := map[string]*twiliotest.Turn{"en-US": english, "fr-CA": french}
		for lang, turn := range menu {
			said := turn.Said[len(turn.Said)-1]
			if said.Language != lang {
				t.Errorf("round %d: the %s menu said in %s: %q", round, lang, said.Language, said.Text)
			}
			if g := turn.Gather; g == nil || g.Action != "/twilio/voice/menu" || !g.HasFinishOnKey || g.FinishOnKey != "" {
				t.Errorf("round %d: the %s menu waits with %+v", round, lang, g)
			}
		}
	}
}
