package telephony

import (
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/twilio/twilio-go/twiml"
)

// The structures below parse rendered TwiML; names are case-sensitive, so
// a capitalised <Prosody> would land in Other, not in Prosody.
type xResponse struct {
	XMLName   xml.Name   `xml:"Response"`
	Says      []xSay     `xml:"Say"`
	Gathers   []xGather  `xml:"Gather"`
	Redirects []string   `xml:"Redirect"`
	Messages  []xMessage `xml:"Message"`
	Other     []xAny     `xml:",any"`
}

type xSay struct {
	Language string     `xml:"language,attr"`
	Text     string     `xml:",chardata"`
	Prosody  []xProsody `xml:"prosody"`
	SayAs    []xSayAs   `xml:"say-as"`
	Breaks   []xBreak   `xml:"break"`
	Other    []xAny     `xml:",any"`
}

type xProsody struct {
	Rate string `xml:"rate,attr"`
	Text string `xml:",chardata"`
}

type xSayAs struct {
	InterpretAs string `xml:"interpret-as,attr"`
	Text        string `xml:",chardata"`
}

type xBreak struct {
	Time string `xml:"time,attr"`
}

type xGather struct {
	Attrs []xml.Attr `xml:",any,attr"`
	Says  []xSay     `xml:"Say"`
}

func (g xGather) attr(name string) (string, bool) {
	for _, a := range g.Attrs {
		if a.Name.Local == name {
			return a.Value, true
		}
	}
	return "", false
}

type xMessage struct {
	Text  string `xml:",chardata"`
	Other []xAny `xml:",any"`
}

// xAny catches the elements no other field names.
type xAny struct{ XMLName xml.Name }

func parseResponse(t *testing.T, b []byte) xResponse {
	t.Helper()
	var r xResponse
	if err := xml.Unmarshal(b, &r); err != nil {
		t.Fatalf("invalid TwiML: %v\n%s", err, b)
	}
	return r
}

func TestRenderSSMLLowerCaseInsideSay(t *testing.T) {
	out, err := Render(
		&twiml.VoiceSay{Language: "en-CA", InnerElements: []twiml.Element{
			Prosody{Rate: "90%", Text: "Welcome to Peer & <Line>."},
			Break{Time: "500ms"},
			SayAs{InterpretAs: "telephone", Text: "705-555-0100"},
		}},
	)
	if err != nil {
		t.Fatal(err)
	}
	r := parseResponse(t, out)
	if len(r.Says) != 1 {
		t.Fatalf("%d <Say>, want 1\n%s", len(r.Says), out)
	}
	s := r.Says[0]
	if len(s.Other) != 0 {
		t.Fatalf("unexpected elements in <Say>: %v\n%s", s.Other, out)
	}
	if len(s.Prosody) != 1 || s.Prosody[0].Rate != "90%" || s.Prosody[0].Text != "Welcome to Peer & <Line>." {
		t.Errorf("prosody = %+v", s.Prosody)
	}
	if len(s.SayAs) != 1 || s.SayAs[0].InterpretAs != "telephone" || s.SayAs[0].Text != "705-555-0100" {
		t.Errorf("say-as = %+v", s.SayAs)
	}
	if len(s.Breaks) != 1 || s.Breaks[0].Time != "500ms" {
		t.Errorf("break = %+v", s.Breaks)
	}
	if s.Language != "en-CA" {
		t.Errorf("language = %q", s.Language)
	}
}

func TestRenderGatherFinishOnKeyEmpty(t *testing.T) {
	out, err := Render(
		&twiml.VoiceGather{Action: "menu?step=1&lang=fr", NumDigits: "1", Timeout: "8", InnerElements: []twiml.Element{
			&twiml.VoiceSay{InnerElements: []twiml.Element{Prosody{Rate: "90%", Text: "Press 1 for groups."}}},
		}},
		&twiml.VoiceRedirect{Url: "noinput?n=1"},
		&twiml.VoiceGather{Action: "postal", FinishOnKey: "#"}, // a deliberate key is kept
	)
	if err != nil {
		t.Fatal(err)
	}
	r := parseResponse(t, out)
	if len(r.Gathers) != 2 {
		t.Fatalf("%d <Gather>, want 2\n%s", len(r.Gathers), out)
	}
	g := r.Gathers[0]
	if v, ok := g.attr("finishOnKey"); !ok || v != "" {
		t.Errorf("finishOnKey = %q (present %v), want present and empty\n%s", v, ok, out)
	}
	if v, _ := g.attr("action"); v != "menu?step=1&lang=fr" {
		t.Errorf("action = %q", v)
	}
	if v, _ := g.attr("numDigits"); v != "1" {
		t.Errorf("numDigits = %q", v)
	}
	if len(g.Says) != 1 || len(g.Says[0].Prosody) != 1 || g.Says[0].Prosody[0].Text != "Press 1 for groups." {
		t.Errorf("say inside gather = %+v", g.Says)
	}
	if v, _ := r.Gathers[1].attr("finishOnKey"); v != "#" {
		t.Errorf("explicit finishOnKey = %q, want #", v)
	}
	if len(r.Redirects) != 1 || r.Redirects[0] != "noinput?n=1" {
		t.Errorf("redirects = %q", r.Redirects)
	}
}

func TestRenderEscapesText(t *testing.T) {
	name := `Grief & Loss <Sault> "Circle" l'été`
	out, err := Render(&twiml.VoiceSay{Message: name})
	if err != nil {
		t.Fatal(err)
	}
	if r := parseResponse(t, out); len(r.Says) != 1 || r.Says[0].Text != name {
		t.Fatalf("says = %+v\n%s", r.Says, out)
	}
}

// badName is an element whose name is not XML.
type badName struct{}

func (badName) GetName() string                                 { return "not a name" }
func (badName) GetText() string                                 { return "" }
func (badName) GetAttr() (map[string]string, map[string]string) { return nil, nil }
func (badName) GetInnerElements() []twiml.Element               { return nil }

func TestRenderRefusesInvalidDocuments(t *testing.T) {
	if _, err := Render(badName{}); err == nil {
		t.Error("an element named \"not a name\" rendered")
	}
	if _, err := Render(&twiml.VoiceSay{Message: "hi"}, nil); err == nil {
		t.Error("a nil verb rendered")
	}
}

func record(f func(w http.ResponseWriter)) (*http.Response, []byte) {
	rec := httptest.NewRecorder()
	f(rec)
	return rec.Result(), rec.Body.Bytes() // the recorder's own copy: nothing to fail reading
}

func TestWrite(t *testing.T) {
	res, body := record(func(w http.ResponseWriter) {
		Write(w, &twiml.VoiceSay{Message: "Hello"}, &twiml.VoiceHangup{})
	})
	if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
		t.Fatalf("status %d, content type %q", res.StatusCode, res.Header.Get("Content-Type"))
	}
	r := parseResponse(t, body)
	if len(r.Says) != 1 || r.Says[0].Text != "Hello" || len(r.Other) != 1 || r.Other[0].XMLName.Local != "Hangup" {
		t.Fatalf("document = %+v\n%s", r, body)
	}
}

func TestWriteFallsBackToApology(t *testing.T) {
	for name, verbs := range map[string][]twiml.Element{
		"bad element": {badName{}},
		"nil verb":    {nil},
	} {
		t.Run(name, func(t *testing.T) {
			res, body := record(func(w http.ResponseWriter) { Write(w, verbs...) })
			if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
				t.Fatalf("status %d, content type %q", res.StatusCode, res.Header.Get("Content-Type"))
			}
			r := parseResponse(t, body)
			if len(r.Says) != 2 || len(r.Says[0].Prosody) != 1 || r.Says[0].Prosody[0].Text == "" {
				t.Fatalf("apology = %+v\n%s", r, body)
			}
			for _, s := range r.Says {
				if len(s.Other) != 0 {
					t.Errorf("apology has capitalised SSML: %v", s.Other)
				}
			}
		})
	}
}

func TestWriteMessages(t *testing.T) {
	cases := [][]string{
		nil,
		{"Grief & Loss <Sault>: Tue 7pm. Reply MORE for more."},
		{"First group.", "Deuxième groupe, été."},
	}
	for _, bodies := range cases {
		res, out := record(func(w http.ResponseWriter) { WriteMessages(w, bodies...) })
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != "text/xml; charset=utf-8" {
			t.Fatalf("status %d, content type %q", res.StatusCode, res.Header.Get("Content-Type"))
		}
		r := parseResponse(t, out)
		if len(r.Messages) != len(bodies) || len(r.Other) != 0 {
			t.Fatalf("%d bodies: got %d messages, %d elements\n%s", len(bodies), len(r.Messages), len(r.Other), out)
		}
		for i, b := range bodies {
			if r.Messages[i].Text != b || len(r.Messages[i].Other) != 0 {
				t.Errorf("message %d = %+v, want %q", i, r.Messages[i], b)
			}
		}
	}
}
