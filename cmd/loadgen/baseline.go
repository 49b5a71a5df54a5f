package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

// The baseline's fixed answers: for voice, a short <Say> inside a
// <Gather> and a <Redirect> for silence, as peerline's steps look; for
// SMS, one <Message>.
const (
	baselineVoice = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Gather input="dtmf" action="/twilio/voice" method="POST" timeout="10"><Say voice="Polly.Joanna-Neural" language="en-US">To find a group, press 1.</Say></Gather><Redirect method="POST">/twilio/voice</Redirect></Response>`
	baselineSMS = `<?xml version="1.0" encoding="UTF-8"?>
<Response><Message>Grief and bereavement: 3 groups near you. Reply 1-3 for details, MORE for more.</Message></Response>`
)

// baselineHandler is the least a webhook server can do: read the form
// and answer fixed TwiML. It checks no signature and keeps no state.
func baselineHandler() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /twilio/sms", fixedAnswer(baselineSMS))
	mux.Handle("POST /", fixedAnswer(baselineVoice))
	return mux
}

// fixedAnswer reads the form and answers doc.
func fixedAnswer(doc string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			http.Error(w, "bad form", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/xml; charset=utf-8")
		io.WriteString(w, doc)
	}
}

// baselineServer is the baseline handler listening on a loopback port.
type baselineServer struct {
	url  string
	srv  *http.Server
	done chan error
}

// startBaseline serves the baseline handler on 127.0.0.1, on a port the
// system picks, with the same timeouts as peerline's server.
func startBaseline() (*baselineServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("baseline: %w", err)
	}
	b := &baselineServer{
		url: "http://" + ln.Addr().String(),
		srv: &http.Server{
			Handler: baselineHandler(), ReadHeaderTimeout: 5 * time.Second,
			ReadTimeout: 10 * time.Second, WriteTimeout: 15 * time.Second, IdleTimeout: 60 * time.Second,
		},
		done: make(chan error, 1),
	}
	go func() { b.done <- b.srv.Serve(ln) }()
	return b, nil
}

func (b *baselineServer) stop() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := b.srv.Shutdown(ctx); err != nil {
		b.srv.Close()
	}
	<-b.done // http.ErrServerClosed
}
