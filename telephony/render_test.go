package telephony

import (
	"testing"

	"github.com/twilio/twilio-go/twiml"
)

// Rendering no longer parses its output again: what a directory can put
// in a text (control characters, broken UTF-8, markup) must still give
// a document that parses, and a bad attribute name must still be refused.
func TestRenderIsWellFormedWhateverTheText(t *testing.T) {
	for _, text := range []string{"nul \x00 bell \x07 esc \x1b", "broken \xff\xfe utf-8", "]]> <![CDATA[ &amp; &#0;", "\ufffe\uffff"} {
		out, err := Render(&twiml.VoiceSay{Message: text}, Prosody{Rate: `9"0%<`, Text: text})
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		if err := wellFormed(out); err != nil {
			t.Errorf("%q: %v\n%s", text, err, out)
		}
	}
	if _, err := Render(badAttr{}); err == nil {
		t.Error("an attribute named \"a b\" rendered")
	}
}

// badAttr is an element with an attribute whose name is not XML.
type badAttr struct{}

func (badAttr) GetName() string { return "Say" }
func (badAttr) GetText() string { return "hi" }
func (badAttr) GetAttr() (map[string]string, map[string]string) {
	return nil, map[string]string{"a b": "c"}
}
func (badAttr) GetInnerElements() []twiml.Element { return nil }

// Say renders what twiml.VoiceSay renders for a voice and a language, and
// leaves out an empty attribute as it does.
func TestSayIsTwimlsSay(t *testing.T) {
	inner := []twiml.Element{Prosody{Rate: "90%", Text: "To find a group, press 1."}}
	for _, c := range []struct{ voice, lang string }{{"Polly.Joanna-Neural", "en-US"}, {"", "fr-CA"}, {"", ""}} {
		ours, err := Render(Say{Voice: c.voice, Language: c.lang, InnerElements: inner})
		if err != nil {
			t.Fatal(err)
		}
		theirs, err := Render(twiml.VoiceSay{Voice: c.voice, Language: c.lang, InnerElements: inner})
		if err != nil {
			t.Fatal(err)
		}
		a, b := parseResponse(t, ours), parseResponse(t, theirs)
		if len(a.Says) != 1 || len(a.Says[0].Prosody) != 1 || a.Says[0].Language != b.Says[0].Language ||
			a.Says[0].Prosody[0] != b.Says[0].Prosody[0] || len(ours) != len(theirs) {
			t.Errorf("%+v:\n ours   %s\n theirs %s", c, ours, theirs)
		}
	}
}
