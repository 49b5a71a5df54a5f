package main

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/ivr"
	"github.com/peerline/peerline/jobs"
	"github.com/peerline/peerline/telephony"
)

// lineConfig is how the line talks to Twilio and to callers, read from
// the environment and checked once at start, so a mistake is a clear
// error before the first call rather than a failure during one.
type lineConfig struct {
	publicURL     string
	accountSID    string
	authToken     string
	from          string
	apiBase       string
	skipSignature bool

	operator string
	hours    ivr.Hours
	voices   map[directory.Lang]ivr.Voice
	speech   bool
	sender   *telephony.Sender

	voicemailDays time.Duration   // how long voicemails are kept (PEERLINE_VOICEMAIL_DAYS)
	leads         []time.Duration // how long before a meeting reminders go out: what consents say, what the job does
}

func (m *Main) lineConfig(skipSignature bool) (lineConfig, error) {
	c := lineConfig{
		publicURL:     strings.TrimRight(m.env("PEERLINE_PUBLIC_URL", ""), "/"),
		accountSID:    m.env("TWILIO_ACCOUNT_SID", ""),
		authToken:     m.env("TWILIO_AUTH_TOKEN", ""),
		from:          m.env("TWILIO_FROM", ""),
		apiBase:       m.env("TWILIO_API_BASE_URL", ""),
		skipSignature: skipSignature,
		voices:        ivr.DefaultVoices(),
		speech:        m.env("PEERLINE_SPEECH", "on") != "off",
	}
	var errs []error
	if c.authToken == "" && !skipSignature {
		errs = append(errs, errors.New("TWILIO_AUTH_TOKEN is not set, so Twilio's webhook signatures cannot be checked; set it, or try the line with --demo"))
	}
	if c.publicURL != "" {
		if u, err := url.Parse(c.publicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			errs = append(errs, fmt.Errorf("PEERLINE_PUBLIC_URL %q should be the address Twilio calls, like https://line.example.org", c.publicURL))
		}
	}
	if op := m.env("PEERLINE_OPERATOR", ""); op != "" {
		n, err := directory.NormalizePhone(op)
		if err != nil {
			errs = append(errs, fmt.Errorf("PEERLINE_OPERATOR: %w", err))
		}
		c.operator = n
	}
	days, err := strconv.Atoi(m.env("PEERLINE_VOICEMAIL_DAYS", "30"))
	if err != nil || days < 1 || days > 3650 {
		errs = append(errs, fmt.Errorf("PEERLINE_VOICEMAIL_DAYS %q: a number of days, like 30", m.env("PEERLINE_VOICEMAIL_DAYS", "")))
	}
	c.voicemailDays = time.Duration(days) * 24 * time.Hour
	hours, err := ivr.ParseHours(m.env("PEERLINE_OPERATOR_HOURS", ""), m.env("PEERLINE_OPERATOR_ZONE", "America/Toronto"))
	if err != nil {
		errs = append(errs, fmt.Errorf("PEERLINE_OPERATOR_HOURS: %w", err))
	}
	c.hours = hours
	if c.leads, err = jobs.ParseLeads(m.env("PEERLINE_REMINDER_LEADS", "24h,1h")); err != nil {
		errs = append(errs, fmt.Errorf("PEERLINE_REMINDER_LEADS: %w", err))
	}
	for lang, name := range map[directory.Lang]string{directory.English: "PEERLINE_VOICE_EN", directory.French: "PEERLINE_VOICE_FR"} {
		if v := m.env(name, ""); v != "" {
			voice := c.voices[lang]
			voice.Name = v
			c.voices[lang] = voice
		}
	}
	if c.accountSID != "" || c.from != "" {
		s, err := telephony.NewSender(c.accountSID, c.authToken, c.from, c.apiBase)
		if err != nil {
			errs = append(errs, fmt.Errorf("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM: %w", err))
		}
		c.sender = s
	}
	return c, errors.Join(errs...)
}

// texter is the line's way to send texts, or nil when Twilio's REST
// credentials are not set (the demo): the voice line then does not offer texts.
func (c lineConfig) texter() ivr.Texter {
	if c.sender == nil {
		return nil
	}
	return c.sender
}
