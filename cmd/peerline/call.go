package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/peerline/peerline/telephony/twiliotest"
)

// call is a phone in the terminal: it drives the voice line the way
// Twilio does, prints what a caller would hear (and in which voice), and
// reads the caller's keys from standard input. Staff use it to try the
// line without a phone.
func (m *Main) callCmd(ctx context.Context, args []string) error {
	fs := m.flags("call", "[--from +1...] [--url URL] [--db FILE]\n\n"+
		"Without --url the line runs inside this command on --db (loading the demo\n"+
		"directory into an empty database). Type keys and Enter; Enter alone is\n"+
		"silence; 'say WORDS' speaks; 'q' hangs up.")
	from := fs.String("from", "+17055550100", "the caller's number; 'anonymous' for a blocked caller ID")
	base := fs.String("url", "", "a running server, e.g. http://localhost:8080 (requests are signed with TWILIO_AUTH_TOKEN when it is set)")
	db := m.dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	p, done, err := m.handset(ctx, *from, *base, *db)
	if err != nil {
		return err
	}
	defer done()
	return m.converse(ctx, p)
}

// converse plays the call until the line hangs up or the caller does.
func (m *Main) converse(ctx context.Context, p *twiliotest.Phone) error {
	in := bufio.NewScanner(m.Stdin)
	ask := func(prompt string) (string, bool) {
		fmt.Fprint(m.Stdout, prompt)
		if !in.Scan() {
			fmt.Fprintln(m.Stdout)
			return "", false
		}
		return strings.TrimSpace(in.Text()), true
	}
	turn, err := p.Call(ctx)
	for {
		if turn != nil {
			m.show(m.Stdout, turn)
		}
		if err != nil {
			return fmt.Errorf("the line: %w", err)
		}
		switch {
		case turn.Hangup:
			fmt.Fprintln(m.Stdout, "[the line hangs up]")
			return nil
		case turn.Dial != nil:
			fmt.Fprintf(m.Stdout, "[ringing %s]\n", turn.Dial.Number)
			answer, ok := ask("does someone answer? (y/n) > ")
			if !ok {
				return nil
			}
			status := "no-answer"
			if strings.HasPrefix(strings.ToLower(answer), "y") {
				fmt.Fprintln(m.Stdout, "[you talk, then they hang up]")
				status = "completed"
			}
			turn, err = p.DialEnded(ctx, status)
		case turn.Record != nil:
			fmt.Fprintln(m.Stdout, "[recording after the tone]")
			message, ok := ask("your message (Enter alone leaves none) > ")
			if !ok {
				return nil
			}
			if message == "" {
				turn, err = p.Silence(ctx)
			} else {
				turn, err = p.Recorded(ctx, "https://example.invalid/practice-recording", len(strings.Fields(message)))
			}
		case turn.Gather != nil:
			keys, ok := ask("keys > ")
			switch {
			case !ok || keys == "q":
				fmt.Fprintln(m.Stdout, "[you hang up]")
				return nil
			case keys == "":
				turn, err = p.Silence(ctx)
			case strings.HasPrefix(keys, "say "):
				turn, err = p.Speak(ctx, strings.TrimPrefix(keys, "say "))
			default:
				turn, err = p.Press(ctx, keys)
			}
		default:
			return errors.New("the line answered with nothing to wait for")
		}
	}
}

// show prints what the caller hears, one sentence a line, with the voice.
func (m *Main) show(w io.Writer, t *twiliotest.Turn) {
	voice := ""
	for _, s := range t.Said {
		if v := s.Voice + " " + s.Language; v != voice {
			voice = v
			fmt.Fprintf(w, "  (%s)\n", strings.TrimSpace(v))
		}
		fmt.Fprintf(w, "  %s\n", s.Text)
	}
}

// handset is the phone 'call' and 'text' drive: signed against a running
// server at base, or, with no base, the line itself in-process on db (the
// demo directory loaded into an empty database; practice sends no real
// texts). done closes what it opened.
func (m *Main) handset(ctx context.Context, from, base, db string) (p *twiliotest.Phone, done func(), err error) {
	p = &twiliotest.Phone{From: from, To: m.env("TWILIO_FROM", "+17055550100")}
	if base != "" {
		p.BaseURL = strings.TrimRight(base, "/")
		p.AuthToken = m.env("TWILIO_AUTH_TOKEN", "")
		p.PublicURL = m.env("PEERLINE_PUBLIC_URL", "")
		return p, func() {}, nil
	}
	cfg, err := m.lineConfig(true)
	if err != nil {
		return nil, nil, err
	}
	cfg.sender = nil
	w, err := m.open(ctx, db)
	if err != nil {
		return nil, nil, err
	}
	if err := m.loadDemo(ctx, w); err != nil {
		w.store.Close()
		return nil, nil, err
	}
	p.Handler = m.router(w, cfg)
	return p, w.close, nil
}
