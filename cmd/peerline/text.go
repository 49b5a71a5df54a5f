package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
)

// textCmd is a phone's text messages in the terminal: it sends what you
// type to the text line as Twilio would, and prints the replies with
// their SMS segment counts.
func (m *Main) textCmd(ctx context.Context, args []string) error {
	fs := m.flags("text", "[--from +1...] [--url URL] [--db FILE] [MESSAGE...]\n\n"+
		"With a MESSAGE, sends it and prints the replies. Without, each line you\n"+
		"type is a text; an empty line or end of input stops.")
	from := fs.String("from", "+17055550100", "the sender's number")
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
	send := func(body string) error {
		replies, err := p.Text(ctx, routes.SMS, body)
		if err != nil {
			return fmt.Errorf("the line: %w", err)
		}
		if len(replies) == 0 {
			fmt.Fprintln(m.Stdout, "[no reply]")
		}
		for _, r := range replies {
			enc, segs, units := telephony.Segments(r)
			fmt.Fprintf(m.Stdout, "%s\n[%d segment(s), %s, %d]\n", r, segs, enc, units)
		}
		return nil
	}
	if fs.NArg() > 0 {
		return send(strings.Join(fs.Args(), " "))
	}
	in := bufio.NewScanner(m.Stdin)
	for {
		fmt.Fprint(m.Stdout, "text > ")
		if !in.Scan() || strings.TrimSpace(in.Text()) == "" {
			fmt.Fprintln(m.Stdout)
			return nil
		}
		if err := send(in.Text()); err != nil {
			return err
		}
	}
}
