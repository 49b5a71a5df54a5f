package main

import (
	"context"
	"fmt"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// The promise, over the whole demo directory: every English
// search reply fits in two SMS segments, in GSM-7.
func TestEverySearchReplyFitsTwoSegments(t *testing.T) {
	m := &Main{Getenv: func(string) string { return "" }, Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
	w, err := m.open(context.Background(), filepath.Join(t.TempDir(), "fit.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer w.store.Close()
	if err := m.loadDemo(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	cfg, err := m.lineConfig(true)
	if err != nil {
		t.Fatal(err)
	}
	h := m.router(w, cfg)
	worst, checked := 0, 0
	for i, c := range w.vocab.Concerns() {
		for _, npa := range []string{"705", "807", "519", "613", "416", "905"} {
			for _, page := range []string{"", "MORE", "MORE"} {
				p := &twiliotest.Phone{Handler: h, To: "+17055550100"}
				from := fmt.Sprintf("+1%s55501%02d", npa, i) // one texter a concern: the line limits each to 20 texts
				body := c.NameEN + " " + npa
				if page != "" {
					body = page
				}
				p.From = from
				replies, err := p.Text(context.Background(), "/twilio/sms", body)
				if err != nil || len(replies) == 0 {
					t.Fatalf("%q from %s: %v %q", body, npa, err, replies)
				}
				for _, r := range replies {
					enc, segs, _ := telephony.Segments(r)
					if segs > 2 || enc != telephony.GSM7 {
						t.Errorf("%q in %s: %d segments, %s:\n%s", body, npa, segs, enc, r)
					}
					worst = max(worst, segs)
					checked++
				}
			}
		}
	}
	t.Logf("%d replies checked, the longest %d segments", checked, worst)
}

func TestTextInTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "text.db")
	out, err := runWithInput(t, nil, "", "text", "--db", db, "--from", "+17052530000", "greif")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Grief and bereavement: 13 near Sault Ste. Marie", "1) Algoma Grief Companions", "segment(s), GSM-7"} {
		if !strings.Contains(out, want) {
			t.Errorf("peerline text: no %q in\n%s", want, out)
		}
	}
	out, err = runWithInput(t, nil, "deuil Sudbury\nAIDE\n\n", "text", "--db", db)
	if err != nil || !strings.Contains(out, "Deuil : ") || !strings.Contains(out, "Ligne d'entraide") {
		t.Errorf("an interactive conversation: %v\n%s", err, out)
	}
}
