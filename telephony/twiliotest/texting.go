package twiliotest

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Text sends one text message from the phone to the line's SMS webhook
// (path, e.g. "/twilio/sms") as Twilio would deliver it, and returns the
// line's replies: the bodies of the <Message> elements, in order. An
// empty list means the line chose not to answer.
func (p *Phone) Text(ctx context.Context, path, body string) ([]string, error) {
	if p.accountSid == "" {
		p.accountSid = "AC" + randomHex()
	}
	form := url.Values{
		"MessageSid":  {"SM" + randomHex()},
		"AccountSid":  {p.accountSid},
		"From":        {p.From},
		"To":          {p.To},
		"Body":        {body},
		"NumMedia":    {"0"},
		"NumSegments": {strconv.Itoa(max(1, (len([]rune(body))+152)/153))},
		"ApiVersion":  {"2010-04-01"},
	}
	target := p.publicBase() + path
	status, doc, err := p.fetch(ctx, "POST", target, form)
	if err != nil {
		return nil, err
	}
	root, err := parseTwiML(doc)
	if err != nil {
		return nil, fmt.Errorf("phone: %s answered %d with invalid TwiML: %w", target, status, err)
	}
	var replies []string
	for _, n := range root.elements() {
		if n.name == "Message" {
			replies = append(replies, strings.TrimSpace(n.text()))
		}
	}
	return replies, nil
}
