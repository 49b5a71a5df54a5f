package telephony

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"

	"github.com/beevik/etree"
	"github.com/twilio/twilio-go/twiml"
)

// The twiml package capitalises the names of its SSML types (<Prosody>),
// which Twilio rejects; these render the lower-case tags Twilio expects.

// Prosody renders <prosody rate="90%">text</prosody>, for slow speech.
type Prosody struct{ Rate, Text string }

func (p Prosody) GetName() string { return "prosody" }
func (p Prosody) GetText() string { return p.Text }
func (p Prosody) GetAttr() (map[string]string, map[string]string) {
	return nil, sharedAttrs("rate", p.Rate)
}
func (p Prosody) GetInnerElements() []twiml.Element { return nil }

// Say renders <Say voice="..." language="...">, as twiml.VoiceSay does,
// with the attributes of a voice in one map shared by all its sentences
// instead of a map of its own for each: a prompt says a dozen sentences,
// and the maps were a tenth of what a step allocated.
type Say struct {
	Voice, Language string
	InnerElements   []twiml.Element
}

func (s Say) GetName() string { return "Say" }
func (s Say) GetText() string { return "" }
func (s Say) GetAttr() (map[string]string, map[string]string) {
	return nil, sharedAttrs("voice", s.Voice, "language", s.Language)
}
func (s Say) GetInnerElements() []twiml.Element { return s.InnerElements }

// SayAs renders <say-as interpret-as="...">text</say-as>, e.g. "telephone"
// or "digits" so a number is read digit by digit.
type SayAs struct{ InterpretAs, Text string }

func (s SayAs) GetName() string { return "say-as" }
func (s SayAs) GetText() string { return s.Text }
func (s SayAs) GetAttr() (map[string]string, map[string]string) {
	return nil, map[string]string{"interpret-as": s.InterpretAs}
}
func (s SayAs) GetInnerElements() []twiml.Element { return nil }

// Break renders <break time="500ms"/>, a pause inside <Say>.
type Break struct{ Time string }

func (b Break) GetName() string { return "break" }
func (b Break) GetText() string { return "" }
func (b Break) GetAttr() (map[string]string, map[string]string) {
	return nil, map[string]string{"time": b.Time}
}
func (b Break) GetInnerElements() []twiml.Element { return nil }

// attrMaps holds one attribute map for each set of attributes asked for:
// a few voices and one rate. The twiml package only reads them.
var attrMaps struct {
	sync.RWMutex
	m map[[4]string]map[string]string
}

// sharedAttrs is the map of attributes a=av and b=bv (b may be ""),
// without the empty ones, as the twiml package leaves them out.
func sharedAttrs(a, av string, b ...string) map[string]string {
	key := [4]string{a, av}
	if len(b) == 2 {
		key[2], key[3] = b[0], b[1]
	}
	attrMaps.RLock()
	m, ok := attrMaps.m[key]
	attrMaps.RUnlock()
	if ok {
		return m
	}
	m = map[string]string{}
	for i := 0; i < 4; i += 2 {
		if key[i] != "" && key[i+1] != "" {
			m[key[i]] = key[i+1]
		}
	}
	attrMaps.Lock()
	defer attrMaps.Unlock()
	if attrMaps.m == nil {
		attrMaps.m = map[[4]string]map[string]string{}
	}
	attrMaps.m[key] = m
	return m
}

// Render renders verbs as a TwiML <Response>. Every <Gather> is given
// finishOnKey="" (the twiml package cannot emit an empty attribute),
// because in peerline's menus # and * are keys the caller presses, not "end
// of input". A Gather that sets FinishOnKey to a key keeps it. The output
// is checked to be well-formed XML (see checkNames), and a panicking
// element (a nil verb) becomes an error, so callers can always fall back
// to valid TwiML.
func Render(verbs ...twiml.Element) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, fmt.Errorf("render twiml: %v", p)
		}
	}()
	doc, response := twiml.CreateDocument()
	twiml.AddAllVerbs(response, verbs)
	return serialise(doc, response, func(e *etree.Element) {
		if e.Tag == "Gather" && e.SelectAttr("finishOnKey") == nil {
			e.CreateAttr("finishOnKey", "")
		}
	})
}

// serialise checks the names in the document below response, letting
// each element be amended on the way, and writes the document.
func serialise(doc *etree.Document, response *etree.Element, amend func(*etree.Element)) ([]byte, error) {
	if err := checkNames(response, amend); err != nil {
		return nil, fmt.Errorf("render twiml: %w", err)
	}
	out, err := doc.WriteToBytes()
	if err != nil {
		return nil, fmt.Errorf("render twiml: %w", err)
	}
	return out, nil
}

// checkNames makes sure the document will be well-formed XML, without
// parsing it again (that took half of rendering): etree escapes text and
// attribute values, and writes a character XML does not allow as U+FFFD,
// but writes element and attribute names as it is given them, and
// Twilio answers invalid TwiML with an error tone. So each name is
// checked, once for the life of the process.
func checkNames(response *etree.Element, amend func(*etree.Element)) error {
	for todo := response.ChildElements(); len(todo) > 0; {
		e := todo[len(todo)-1]
		todo = append(todo[:len(todo)-1], e.ChildElements()...)
		if amend != nil {
			amend(e)
		}
		if !elementNames.reads(e.FullTag()) {
			return fmt.Errorf("%q is not an XML element name", e.FullTag())
		}
		for _, a := range e.Attr {
			if !attrNames.reads(a.FullKey()) {
				return fmt.Errorf("%q is not an XML attribute name", a.FullKey())
			}
		}
	}
	return nil
}

// nameCheck remembers which names read as XML names when written in a
// document as layout says: a few dozen names, all from code.
type nameCheck struct {
	layout string
	seen   sync.Map // name -> bool
}

var (
	elementNames = &nameCheck{layout: "<%s/>"}
	attrNames    = &nameCheck{layout: `<x %s=""/>`}
)

func (n *nameCheck) reads(name string) bool {
	if ok, seen := n.seen.Load(name); seen {
		return ok.(bool)
	}
	ok := wellFormed(fmt.Appendf(nil, n.layout, name)) == nil
	n.seen.Store(name, ok)
	return ok
}

// wellFormed reports whether b parses as XML.
func wellFormed(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	for {
		if _, err := d.Token(); err != nil {
			if errors.Is(err, io.EOF) {
				return nil
			}
			return err
		}
	}
}

// Sent when rendering fails: the caller hears an apology and the crisis
// line in both languages instead of Twilio's "application error".
const (
	apologyVoice = `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Response>` +
		`<Say language="en-US"><prosody rate="90%">Sorry, the line has a problem. Please call again in a few minutes. If you are in crisis, call or text 9 8 8. In an emergency, call 9 1 1.</prosody></Say>` +
		`<Say language="fr-CA"><prosody rate="90%">Désolé, la ligne a un problème. Veuillez rappeler dans quelques minutes. En situation de crise, appelez ou textez le 9 8 8. En cas d'urgence, composez le 9 1 1.</prosody></Say>` +
		`<Hangup/>` +
		`</Response>`
	apologyText = `<?xml version="1.0" encoding="UTF-8"?>` +
		`<Response><Message>Sorry, something went wrong. Please try again later. / Désolé, un problème est survenu. Veuillez réessayer plus tard. Crisis / crise: 988</Message></Response>`
)

// Write renders verbs and writes them with status 200 and Content-Type
// "text/xml; charset=utf-8". If rendering fails it writes a fixed, valid
// apology document instead: Twilio must never see a 5xx or invalid TwiML.
func Write(w http.ResponseWriter, verbs ...twiml.Element) {
	out, err := Render(verbs...)
	if err != nil {
		out = []byte(apologyVoice)
	}
	writeXML(w, out)
}

// WriteMessages answers a text with a MessagingResponse holding one
// <Message> per body (none: an empty <Response/>), with Write's guarantees.
func WriteMessages(w http.ResponseWriter, bodies ...string) {
	verbs := make([]twiml.Element, 0, len(bodies))
	for _, b := range bodies {
		verbs = append(verbs, twiml.MessagingMessage{Body: b})
	}
	doc, response := twiml.CreateDocument()
	twiml.AddAllVerbs(response, verbs)
	out, err := serialise(doc, response, nil)
	if err != nil {
		out = []byte(apologyText)
	}
	writeXML(w, out)
}

func writeXML(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "text/xml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body) // the peer hung up; nothing left to tell it
}
