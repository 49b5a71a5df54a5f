package telephony

import (
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/twilio/twilio-go/twiml"
)

// Documents renders each TwiML document that many requests answer alike
// (a menu, the greeting) once, and answers it from memory afterwards:
// rendering, through the twiml package's maps and etree, was a sixth of a
// step. The caller names a document by everything that makes it what it
// is; documents that differ from call to call are not worth keeping.
type Documents struct {
	kept sync.Map // key -> []byte
	n    atomic.Int64
}

// maxDocuments bounds Documents: after that many, new ones are rendered
// every time, as without it.
const maxDocuments = 1024

// Write answers the document named key, made of the verbs build
// returns (only called when the document is not kept), as Write does;
// an empty key is never kept.
func (d *Documents) Write(w http.ResponseWriter, key string, build func() []twiml.Element) {
	if key == "" {
		Write(w, build()...)
		return
	}
	if out, ok := d.kept.Load(key); ok {
		writeXML(w, out.([]byte))
		return
	}
	out, err := Render(build()...)
	if err != nil {
		writeXML(w, []byte(apologyVoice))
		return
	}
	if d.n.Add(1) <= maxDocuments {
		d.kept.Store(key, out)
	}
	writeXML(w, out)
}
