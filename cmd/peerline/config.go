package main

import (
	"flag"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/postgres"
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
	quiet         jobs.Quiet      // when nothing is sent (PEERLINE_QUIET_HOURS)
	rate          float64         // messages and calls a second (PEERLINE_SEND_RATE)
	verifyAfter   time.Duration   // a listing unconfirmed this long is asked about (PEERLINE_VERIFY_AFTER)
	verifyHide    time.Duration   // one unconfirmed this long is not offered; 0: always offered (PEERLINE_VERIFY_HIDE_AFTER)

	startThreshold int // people waiting that make "a group could start here" (PEERLINE_START_THRESHOLD)

	// serve's own settings (serveConfig); zero for the other commands.
	console      bool // serve the staff console (PEERLINE_CONSOLE); read by the console when it is mounted
	strictHealth bool // GET /healthz answers 503 while the directory is empty (--strict-health, PEERLINE_HEALTH_STRICT)
}

// badSettings is every setting found wrong at start, so that one start
// names them all rather than one a start.
type badSettings []error

func (b badSettings) Error() string {
	var s strings.Builder
	if len(b) == 1 {
		s.WriteString("a setting is wrong:")
	} else {
		fmt.Fprintf(&s, "%d settings are wrong:", len(b))
	}
	for _, e := range b {
		s.WriteString("\n  - ")
		s.WriteString(e.Error())
	}
	return s.String()
}

func (b badSettings) Unwrap() []error { return b }

func (b *badSettings) add(format string, args ...any) { *b = append(*b, fmt.Errorf(format, args...)) }

// err is nil when nothing is wrong.
func (b badSettings) err() error {
	if len(b) == 0 {
		return nil
	}
	return b
}

// lineConfig reads and checks the settings the line shares between serve
// and remind, and names every bad one in one error.
func (m *Main) lineConfig(skipSignature bool) (lineConfig, error) {
	c, bad := m.readLineConfig(skipSignature)
	return c, bad.err()
}

var (
	// sidShape is the shape of a Twilio account SID.
	sidShape = regexp.MustCompile(`^AC[0-9a-fA-F]{32}$`)
	// voiceShape is a Twilio <Say> voice: man, woman, alice, or an Amazon
	// Polly or Google voice ("Polly.Joanna-Neural", "Polly.Léa",
	// "Google.fr-CA-Neural2-A").
	voiceShape = regexp.MustCompile(`^(man|woman|alice|(Polly|Google)\.[\p{L}\p{N}][\p{L}\p{N}-]*)$`)
)

func (m *Main) readLineConfig(skipSignature bool) (lineConfig, badSettings) {
	c := lineConfig{
		publicURL:     strings.TrimRight(m.env("PEERLINE_PUBLIC_URL", ""), "/"),
		accountSID:    m.env("TWILIO_ACCOUNT_SID", ""),
		authToken:     m.env("TWILIO_AUTH_TOKEN", ""),
		from:          m.env("TWILIO_FROM", ""),
		apiBase:       m.env("TWILIO_API_BASE_URL", ""),
		skipSignature: skipSignature,
		voices:        ivr.DefaultVoices(),
	}
	var bad badSettings
	if _, err := logFormat(m.env("PEERLINE_LOG_FORMAT", "")); err != nil {
		bad = append(bad, err)
	}
	if c.authToken == "" && !skipSignature {
		bad.add("TWILIO_AUTH_TOKEN is not set, so Twilio's webhook signatures cannot be checked; set it, or try the line with --demo")
	}
	if c.publicURL != "" {
		if u, err := url.Parse(c.publicURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			bad.add("PEERLINE_PUBLIC_URL %q should be the address Twilio calls, like https://line.example.org", c.publicURL)
		}
	}
	twilioBad := len(bad) // the Twilio settings' own errors start here
	if c.accountSID != "" && !sidShape.MatchString(c.accountSID) {
		bad.add("TWILIO_ACCOUNT_SID %q: an account SID is AC and 32 hexadecimal digits, like AC0123456789abcdef0123456789abcdef (Twilio console, Account info)", c.accountSID)
	}
	if c.from != "" {
		if err := checkE164(c.from); err != nil {
			bad.add("TWILIO_FROM %q %v", c.from, err)
		}
	}
	switch {
	case c.accountSID != "" && c.from == "":
		bad.add("TWILIO_ACCOUNT_SID is set but TWILIO_FROM is not: reminders need the line's number too, like +17055550100")
	case c.accountSID == "" && c.from != "":
		bad.add("TWILIO_FROM is set but TWILIO_ACCOUNT_SID is not: reminders need the account SID too")
	}
	if c.apiBase != "" { // telephony.NewSender's rule, checked even when reminders are off
		if u, err := url.Parse(c.apiBase); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
			bad.add("TWILIO_API_BASE_URL %q: a base URL with no path, like https://api.example.org or http://127.0.0.1:4010", c.apiBase)
		}
	}
	if (c.accountSID != "" || c.from != "") && len(bad) == twilioBad {
		// What is left for the sender to refuse is the token.
		s, err := telephony.NewSender(c.accountSID, c.authToken, c.from, c.apiBase)
		switch {
		case err != nil && c.authToken == "" && skipSignature:
			bad.add("TWILIO_AUTH_TOKEN is not set: sending reminders needs it, with TWILIO_ACCOUNT_SID and TWILIO_FROM")
		case err != nil && c.authToken != "":
			bad.add("TWILIO_AUTH_TOKEN: %w", err)
		}
		c.sender = s
	}
	if op := m.env("PEERLINE_OPERATOR", ""); op != "" {
		n, err := directory.NormalizePhone(op)
		if err != nil {
			bad.add("PEERLINE_OPERATOR: %w", err)
		}
		c.operator = n
	}
	days, err := strconv.Atoi(m.env("PEERLINE_VOICEMAIL_DAYS", "30"))
	if err != nil || days < 1 || days > 3650 {
		bad.add("PEERLINE_VOICEMAIL_DAYS %q: a number of days, like 30", m.env("PEERLINE_VOICEMAIL_DAYS", ""))
	}
	c.voicemailDays = time.Duration(days) * 24 * time.Hour
	zone := m.env("PEERLINE_OPERATOR_ZONE", "America/Toronto")
	if set := m.env("PEERLINE_OPERATOR_ZONE", ""); set != "" {
		if _, err := time.LoadLocation(set); err != nil || strings.EqualFold(set, "local") {
			bad.add("PEERLINE_OPERATOR_ZONE %q: an IANA time zone, like America/Toronto (or America/Winnipeg around Kenora)", set)
			zone = "America/Toronto" // the hours are still checked, and named on their own
		}
	}
	hours, err := ivr.ParseHours(m.env("PEERLINE_OPERATOR_HOURS", ""), zone)
	if err != nil {
		bad.add("PEERLINE_OPERATOR_HOURS: %w", err)
	}
	c.hours = hours
	if c.leads, err = jobs.ParseLeads(m.env("PEERLINE_REMINDER_LEADS", "24h,1h")); err != nil {
		bad.add("PEERLINE_REMINDER_LEADS: %w", err)
	}
	if c.quiet, err = parseQuiet(m.env("PEERLINE_QUIET_HOURS", "21:00-08:00")); err != nil {
		bad.add("PEERLINE_QUIET_HOURS: %w", err)
	}
	c.rate, err = strconv.ParseFloat(m.env("PEERLINE_SEND_RATE", "1"), 64)
	if err != nil || !(c.rate > 0 && c.rate <= 100) {
		bad.add("PEERLINE_SEND_RATE %q: messages a second, like 1 or 0.5", m.env("PEERLINE_SEND_RATE", ""))
	}
	for _, v := range []struct {
		lang directory.Lang
		name string
	}{{directory.English, "PEERLINE_VOICE_EN"}, {directory.French, "PEERLINE_VOICE_FR"}} {
		name := m.env(v.name, "")
		if name == "" {
			continue
		}
		if !voiceShape.MatchString(name) {
			bad.add("%s %q: a Twilio voice, like %s (an Amazon Polly or Google voice Twilio offers)", v.name, name, c.voices[v.lang].Name)
			continue
		}
		voice := c.voices[v.lang]
		voice.Name = name
		c.voices[v.lang] = voice
	}
	if c.speech, err = m.onOff("PEERLINE_SPEECH", true); err != nil {
		bad = append(bad, err)
	}
	bad = append(bad, m.readVerifyConfig(&c)...) // verify.go
	bad = append(bad, m.readStartConfig(&c)...)  // starting.go
	return c, bad
}

// serveConfig reads and checks every setting serve needs — the line's,
// and serve's own: the listen address, the database, the console, the
// health check — before anything is opened or bound, and names every bad
// one in one error. fs has been parsed: a flag given wins over its
// variable, and is named instead of it.
func (m *Main) serveConfig(fs *flag.FlagSet, addr, db string, skipSignature, strictHealth bool) (lineConfig, error) {
	c, bad := m.readLineConfig(skipSignature)
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	named := func(flagName, variable string) string {
		if given[flagName] {
			return "--" + flagName
		}
		return variable
	}
	if err := checkAddr(addr); err != nil {
		bad.add("%s %q: %v", named("addr", "PEERLINE_ADDR"), addr, err)
	}
	if err := checkDB(db); err != nil {
		bad.add("%s %v", named("db", "PEERLINE_DB"), err)
	}
	var err error
	if c.console, err = m.onOff("PEERLINE_CONSOLE", true); err != nil {
		bad = append(bad, err)
	}
	c.strictHealth = strictHealth
	if !given["strict-health"] {
		if c.strictHealth, err = m.onOff("PEERLINE_HEALTH_STRICT", false); err != nil {
			bad = append(bad, err)
		}
	}
	return c, bad.err()
}

// onOff reads a variable that is on or off (in any case), def when unset.
func (m *Main) onOff(name string, def bool) (bool, error) {
	switch v := m.env(name, ""); strings.ToLower(v) {
	case "":
		return def, nil
	case "on":
		return true, nil
	case "off":
		return false, nil
	default:
		return def, fmt.Errorf("%s %q: on or off", name, v)
	}
}

// checkE164 says what is wrong with the line's own number, and what it
// should look like.
func checkE164(s string) error {
	n, err := directory.NormalizePhone(s)
	switch {
	case err == nil && n == s:
		return nil
	case err == nil:
		return fmt.Errorf("is not in E.164: write it %s (a +, the country code, then the number, no spaces)", n)
	}
	return fmt.Errorf("is not a phone number in E.164: write the line's number like +17055550100")
}

// checkAddr checks a listen address without binding it: host:port, where
// the host may be empty (every interface) and the port is a number.
func checkAddr(addr string) error {
	want := "a listen address like :8080 or 127.0.0.1:8080"
	if _, err := strconv.Atoi(addr); err == nil {
		return fmt.Errorf("%s (did you mean :%s?)", want, addr)
	}
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("%s", want)
	}
	if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		if _, err := net.LookupPort("tcp", port); err != nil {
			return fmt.Errorf("%s; the port is a number up to 65535", want)
		}
	}
	if host != "" && net.ParseIP(host) == nil && !hostnameShape.MatchString(host) {
		return fmt.Errorf("%s; %q is not a host name or IP address", want, host)
	}
	return nil
}

var hostnameShape = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$`)

// checkDB checks the database setting without opening it, so a bad one
// migrates nothing: a postgres:// URL that names a host and a database,
// or a SQLite file in a folder that exists, not a folder, not another
// kind of URL.
func checkDB(path string) error {
	if path == "" {
		return fmt.Errorf("is empty: the SQLite database file, like peerline.db, or a postgres:// URL")
	}
	if postgres.IsURL(path) {
		u, err := url.Parse(path)
		if err != nil {
			return fmt.Errorf("is not a URL that reads: postgres://user:password@host:5432/name?sslmode=disable")
		}
		if u.Hostname() == "" || strings.Trim(u.Path, "/") == "" {
			return fmt.Errorf("%q names no host or no database: postgres://user:password@host:5432/name?sslmode=disable", postgres.Redact(path))
		}
		return nil
	}
	if u, err := url.Parse(path); err == nil && u.Scheme != "" && strings.Contains(path, "://") {
		return fmt.Errorf("%q is a URL PEERLINE_DB does not know: a SQLite file (like /var/lib/peerline/peerline.db) or a postgres:// URL", u.Redacted())
	}
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return fmt.Errorf("%q is a folder: the database is a SQLite file in it, like %s", path, filepath.Join(path, "peerline.db"))
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return fmt.Errorf("%q: the folder %s does not exist", path, dir)
	}
	return nil
}

// texter is the line's way to send texts, or nil when Twilio's REST
// credentials are not set (the demo): the voice line then does not offer texts.
func (c lineConfig) texter() ivr.Texter {
	if c.sender == nil {
		return nil
	}
	return c.sender
}
