package telephony

import (
	"net/http/httptest"
	"testing"

	"github.com/twilio/twilio-go/twiml"
)

// counted is a <Say> that counts how often it is rendered.
type counted struct{ n *int }

func (c counted) GetName() string { *c.n++; return "Say" }
func (c counted) GetText() string { return "To find a group, press 1." }
func (c counted) GetAttr() (map[string]string, map[string]string) {
	return nil, map[string]string{"language": "en-US"}
}
func (c counted) GetInnerElements() []twiml.Element { return nil }

func TestDocumentsRenderAKeptDocumentOnce(t *testing.T) {
	var d Documents
	n := 0
	var bodies []string
	for _, key := range []string{"menu", "menu", "", ""} {
		w := httptest.NewRecorder()
		d.Write(w, key, func() []twiml.Element { return []twiml.Element{counted{&n}} })
		if w.Code != 200 || w.Header().Get("Content-Type") != "text/xml; charset=utf-8" {
			t.Fatalf("%q: status %d, %q", key, w.Code, w.Header().Get("Content-Type"))
		}
		bodies = append(bodies, w.Body.String())
	}
	if n != 3 {
		t.Errorf("rendered %d times; want once for the kept document and each time without a key", n)
	}
	for _, b := range bodies[1:] {
		if b != bodies[0] {
			t.Errorf("answers differ:\n%s\n%s", bodies[0], b)
		}
	}
	if r := parseResponse(t, []byte(bodies[0])); len(r.Says) != 1 || r.Says[0].Text != "To find a group, press 1." {
		t.Errorf("document = %+v", r)
	}

	w := httptest.NewRecorder()
	d.Write(w, "broken", func() []twiml.Element { return []twiml.Element{badName{}} }) // never kept: the apology each time
	if r := parseResponse(t, w.Body.Bytes()); len(r.Says) != 2 {
		t.Fatalf("a broken document: %s", w.Body.String())
	}
	if _, kept := d.kept.Load("broken"); kept {
		t.Error("a document that failed to render was kept")
	}
}
