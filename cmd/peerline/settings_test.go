package main

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// serveOnce runs serve in-process with env until it returns, which a
// start refused for its settings does at once. Ready must not be told
// anything: nothing listens when a setting is bad.
func serveOnce(t *testing.T, env map[string]string, args ...string) error {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	listened := false
	m := &Main{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard,
		Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return testNow },
		Log:   slog.New(slog.DiscardHandler),
		Ready: func(string) { listened = true; cancel() }}
	err := m.Run(ctx, append([]string{"serve"}, args...))
	if listened {
		t.Errorf("serve %v listened with bad settings", args)
	}
	return err
}

// A start with several bad settings names each of them, in one error,
// one a line, and opens nothing: no port bound, no database created.
func TestServeNamesEveryBadSettingAtOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	env := map[string]string{
		"PEERLINE_DB":             db,
		"TWILIO_AUTH_TOKEN":       "token123",
		"TWILIO_ACCOUNT_SID":      "AC123",
		"TWILIO_FROM":             "705-555-0100",
		"TWILIO_API_BASE_URL":     "localhost:4010",
		"PEERLINE_ADDR":           "8080",
		"PEERLINE_SPEECH":         "yes",
		"PEERLINE_LOG_FORMAT":     "xml",
		"PEERLINE_CONSOLE":        "maybe",
		"PEERLINE_HEALTH_STRICT":  "always",
		"PEERLINE_OPERATOR_ZONE":  "America/Sudbury",
		"PEERLINE_VOICE_EN":       "Joanna",
		"PEERLINE_SEND_RATE":      "fast",
		"PEERLINE_QUIET_HOURS":    "nights",
		"PEERLINE_VOICEMAIL_DAYS": "a month",
	}
	err := serveOnce(t, env)
	var bad badSettings
	if !errors.As(err, &bad) {
		t.Fatalf("serve with bad settings: %v; want every one named", err)
	}
	wants := []string{
		`TWILIO_ACCOUNT_SID "AC123": an account SID is AC and 32 hexadecimal digits`,
		`TWILIO_FROM "705-555-0100" is not in E.164: write it +17055550100`,
		`TWILIO_API_BASE_URL "localhost:4010": a base URL with no path`,
		`PEERLINE_ADDR "8080": a listen address like :8080 or 127.0.0.1:8080 (did you mean :8080?)`,
		`PEERLINE_SPEECH "yes": on or off`,
		`PEERLINE_LOG_FORMAT "xml": json or text`,
		`PEERLINE_CONSOLE "maybe": on or off`,
		`PEERLINE_HEALTH_STRICT "always": on or off`,
		`PEERLINE_OPERATOR_ZONE "America/Sudbury": an IANA time zone, like America/Toronto`,
		`PEERLINE_VOICE_EN "Joanna": a Twilio voice, like Polly.Joanna-Neural`,
		`PEERLINE_SEND_RATE "fast": messages a second`,
		`PEERLINE_QUIET_HOURS: "nights": write quiet hours like 21:00-08:00`,
		`PEERLINE_VOICEMAIL_DAYS "a month": a number of days`,
	}
	msg := err.Error()
	lines := strings.Split(msg, "\n")
	if len(bad) != len(wants) || len(lines) != len(wants)+1 || lines[0] != "13 settings are wrong:" {
		t.Errorf("want %d settings named, one a line, under a count; got %d:\n%s", len(wants), len(bad), msg)
	}
	for _, want := range wants {
		found := false
		for _, l := range lines[1:] {
			found = found || strings.HasPrefix(l, "  - "+want)
		}
		if !found {
			t.Errorf("the error does not name, on a line of its own: %s\n%s", want, msg)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the database was created (and migrated) although the settings are bad: %v", err)
	}
}

// Each setting that is checked now, alone: named, with what it should
// look like; and what is right for it passes.
func TestServeChecksEachSetting(t *testing.T) {
	dir := t.TempDir()
	base := func() map[string]string {
		return map[string]string{"TWILIO_AUTH_TOKEN": "token123", "PEERLINE_DB": filepath.Join(dir, "x.db")}
	}
	sid := "AC0123456789abcdef0123456789abcdef"
	cases := []struct {
		name string
		env  map[string]string
		args []string
		want string // "" means accepted
		not  string // what the error must not hold
		n    int    // how many settings are named, when not 1
	}{
		{name: "from with dashes", env: map[string]string{"TWILIO_ACCOUNT_SID": sid, "TWILIO_FROM": "705-555-0100"},
			want: `TWILIO_FROM "705-555-0100" is not in E.164: write it +17055550100`},
		{name: "from without +1", env: map[string]string{"TWILIO_ACCOUNT_SID": sid, "TWILIO_FROM": "7055550100"},
			want: `TWILIO_FROM "7055550100" is not in E.164: write it +17055550100`},
		{name: "from with spaces", env: map[string]string{"TWILIO_ACCOUNT_SID": sid, "TWILIO_FROM": "+1 705 555 0100"},
			want: `write it +17055550100`},
		{name: "from not a number", env: map[string]string{"TWILIO_ACCOUNT_SID": sid, "TWILIO_FROM": "the line"},
			want: `TWILIO_FROM "the line" is not a phone number in E.164: write the line's number like +17055550100`},
		{name: "from without sid", env: map[string]string{"TWILIO_FROM": "+17055550100"},
			want: `TWILIO_FROM is set but TWILIO_ACCOUNT_SID is not`},
		{name: "sid without from", env: map[string]string{"TWILIO_ACCOUNT_SID": sid},
			want: `TWILIO_ACCOUNT_SID is set but TWILIO_FROM is not`},
		{name: "sid shape", env: map[string]string{"TWILIO_ACCOUNT_SID": "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "TWILIO_FROM": "+17055550100"},
			want: `TWILIO_ACCOUNT_SID "ACxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx": an account SID is AC and 32 hexadecimal digits`},
		{name: "token for sending", env: map[string]string{"TWILIO_ACCOUNT_SID": sid, "TWILIO_FROM": "+17055550100", "TWILIO_AUTH_TOKEN": "change-me"},
			want: `TWILIO_AUTH_TOKEN: twilio sender: auth token must be non-empty and alphanumeric`},
		{name: "api base with a path", env: map[string]string{"TWILIO_API_BASE_URL": "https://api.example.org/2010-04-01"},
			want: `TWILIO_API_BASE_URL "https://api.example.org/2010-04-01": a base URL with no path`},
		{name: "speech", env: map[string]string{"PEERLINE_SPEECH": "no"}, want: `PEERLINE_SPEECH "no": on or off`},
		{name: "speech OFF", env: map[string]string{"PEERLINE_SPEECH": "OFF"}},
		{name: "log format", env: map[string]string{"PEERLINE_LOG_FORMAT": "logfmt"}, want: `PEERLINE_LOG_FORMAT "logfmt": json or text`},
		{name: "log format json", env: map[string]string{"PEERLINE_LOG_FORMAT": "json"}},
		{name: "console", env: map[string]string{"PEERLINE_CONSOLE": "disabled"}, want: `PEERLINE_CONSOLE "disabled": on or off`},
		{name: "strict health", env: map[string]string{"PEERLINE_HEALTH_STRICT": "true"}, want: `PEERLINE_HEALTH_STRICT "true": on or off`},
		{name: "strict health flag wins", env: map[string]string{"PEERLINE_HEALTH_STRICT": "true"}, args: []string{"--strict-health"}},
		{name: "zone", env: map[string]string{"PEERLINE_OPERATOR_ZONE": "EST5"}, want: `PEERLINE_OPERATOR_ZONE "EST5": an IANA time zone`},
		{name: "zone Local", env: map[string]string{"PEERLINE_OPERATOR_ZONE": "Local"}, want: `PEERLINE_OPERATOR_ZONE "Local": an IANA time zone`},
		{name: "zone and hours, each named", env: map[string]string{"PEERLINE_OPERATOR_ZONE": "Ontario", "PEERLINE_OPERATOR_HOURS": "MO-FR 9-5"},
			want: `PEERLINE_OPERATOR_ZONE "Ontario"`, n: 2},
		{name: "zone Kenora", env: map[string]string{"PEERLINE_OPERATOR_ZONE": "America/Winnipeg", "PEERLINE_OPERATOR_HOURS": "MO-FR 09:00-17:00"}},
		{name: "voice en", env: map[string]string{"PEERLINE_VOICE_EN": "Joanna Neural"}, want: `PEERLINE_VOICE_EN "Joanna Neural": a Twilio voice, like Polly.Joanna-Neural`},
		{name: "voice fr", env: map[string]string{"PEERLINE_VOICE_FR": "fr-CA"}, want: `PEERLINE_VOICE_FR "fr-CA": a Twilio voice, like Polly.Gabrielle-Neural`},
		{name: "voices Twilio offers", env: map[string]string{"PEERLINE_VOICE_EN": "Google.en-US-Neural2-F", "PEERLINE_VOICE_FR": "Polly.Léa"}},
		{name: "addr without colon", env: map[string]string{"PEERLINE_ADDR": "8080"}, want: `PEERLINE_ADDR "8080": a listen address like :8080 or 127.0.0.1:8080 (did you mean :8080?)`},
		{name: "addr port", env: map[string]string{"PEERLINE_ADDR": "127.0.0.1:80800"}, want: `PEERLINE_ADDR "127.0.0.1:80800": a listen address like :8080 or 127.0.0.1:8080; the port is a number up to 65535`},
		{name: "addr host", env: map[string]string{"PEERLINE_ADDR": "line example:8080"}, want: `is not a host name or IP address`},
		{name: "addr flag named as the flag", args: []string{"--addr", "localhost"}, want: `--addr "localhost": a listen address`},
		{name: "db folder missing", env: map[string]string{"PEERLINE_DB": filepath.Join(dir, "no-such-folder", "p.db")},
			want: `PEERLINE_DB "` + filepath.Join(dir, "no-such-folder", "p.db") + `": the folder ` + filepath.Join(dir, "no-such-folder") + ` does not exist`},
		{name: "db is a folder", args: []string{"--db", dir}, want: `--db "` + dir + `" is a folder`},
		{name: "db is a PostgreSQL URL", env: map[string]string{"PEERLINE_DB": "postgres://line:s3cret@db.example.org:5432/peerline?sslmode=require"}},
		{name: "db URL names no database", env: map[string]string{"PEERLINE_DB": "postgres://line:s3cret@db.example.org:5432"},
			want: `PEERLINE_DB "postgres://line:xxxxx@db.example.org:5432" names no host or no database`, not: "s3cret"},
		{name: "db is another URL", env: map[string]string{"PEERLINE_DB": "mysql://line:s3cret@db.example.org/peerline"},
			want: `PEERLINE_DB "mysql://line:xxxxx@db.example.org/peerline" is a URL PEERLINE_DB does not know`, not: "s3cret"},
		{name: "send rate", env: map[string]string{"PEERLINE_SEND_RATE": "0"}, want: `PEERLINE_SEND_RATE "0": messages a second, like 1 or 0.5`},
		{name: "quiet hours", env: map[string]string{"PEERLINE_QUIET_HOURS": "9pm-8am"}, want: `PEERLINE_QUIET_HOURS: "9pm-8am": write quiet hours like 21:00-08:00`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			env := base()
			for k, v := range c.env {
				env[k] = v
			}
			if c.want == "" {
				m := &Main{Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
				fs := m.flags("serve", "")
				strict := fs.Bool("strict-health", false, "")
				if err := fs.Parse(c.args); err != nil {
					t.Fatal(err)
				}
				cfg, err := m.serveConfig(fs, ":0", env["PEERLINE_DB"], false, *strict)
				if err != nil {
					t.Fatalf("%v: refused: %v", c.env, err)
				}
				if c.name == "strict health flag wins" && !cfg.strictHealth {
					t.Error("--strict-health given, yet not strict")
				}
				return
			}
			err := serveOnce(t, env, c.args...)
			var bad badSettings
			if c.n == 0 {
				c.n = 1
			}
			if !errors.As(err, &bad) || len(bad) != c.n || !strings.Contains(bad[0].Error(), c.want) {
				t.Fatalf("want %d bad setting(s), first %q; got %v", c.n, c.want, err)
			}
			if c.not != "" && strings.Contains(err.Error(), c.not) {
				t.Errorf("the error shows %q: %v", c.not, err)
			}
		})
	}
}

// The settings the line reads come out as given: on/off in any case,
// voices, and the reminder pace and quiet hours checked with the rest.
func TestGoodSettingsAreRead(t *testing.T) {
	env := map[string]string{
		"TWILIO_AUTH_TOKEN": "token123", "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef", "TWILIO_FROM": "+17055550100",
		"TWILIO_API_BASE_URL": "http://127.0.0.1:4010", "PEERLINE_SPEECH": "Off", "PEERLINE_VOICE_FR": "Polly.Léa",
		"PEERLINE_SEND_RATE": "0.5", "PEERLINE_QUIET_HOURS": "22:00-07:30", "PEERLINE_LOG_FORMAT": "JSON",
	}
	m := &Main{Getenv: func(k string) string { return env[k] }, Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
	cfg, err := m.lineConfig(false)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.speech || cfg.voices["fr"].Name != "Polly.Léa" || cfg.voices["fr"].Language != "fr-CA" || cfg.rate != 0.5 ||
		cfg.quiet.Start != 22*time.Hour || cfg.quiet.End != 7*time.Hour+30*time.Minute || cfg.sender == nil {
		t.Errorf("read: speech %v, voices %v, rate %v, quiet %+v, sender %v", cfg.speech, cfg.voices, cfg.rate, cfg.quiet, cfg.sender != nil)
	}
}

// remind checks the same settings, all at once, before it opens the
// database: the pace and quiet hours used to be named one a run, after it.
func TestRemindNamesEveryBadSettingAtOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "never.db")
	env := map[string]string{"PEERLINE_DB": db, "PEERLINE_SEND_RATE": "-1", "PEERLINE_QUIET_HOURS": "21:00", "PEERLINE_SPEECH": "sometimes"}
	_, _, err := run(t, env, "remind", "--dry-run")
	var bad badSettings
	if !errors.As(err, &bad) || len(bad) != 3 {
		t.Fatalf("remind with three bad settings: %v", err)
	}
	for _, want := range []string{"PEERLINE_SEND_RATE", "PEERLINE_QUIET_HOURS", "PEERLINE_SPEECH"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%s is not named: %v", want, err)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("remind opened the database although the settings are bad: %v", err)
	}
}

// The log format is checked as the logger is made: a bad one does not
// quietly give text logs, it says so first; JSON in any case is JSON.
func TestLogFormatIsChecked(t *testing.T) {
	var out bytes.Buffer
	newLogger(&out, "xml").Info("started")
	if !strings.Contains(out.String(), `PEERLINE_LOG_FORMAT \"xml\": json or text`) || !strings.Contains(out.String(), "level=WARN") {
		t.Errorf("a bad log format is not said:\n%s", out.String())
	}
	out.Reset()
	newLogger(&out, " JSON ").Info("started")
	if !strings.HasPrefix(out.String(), `{"time":`) || strings.Contains(out.String(), "WARN") {
		t.Errorf("JSON is not JSON:\n%s", out.String())
	}
	out.Reset()
	newLogger(&out, "").Info("started")
	if !strings.HasPrefix(out.String(), "time=") || strings.Contains(out.String(), "WARN") {
		t.Errorf("unset is not plain text:\n%s", out.String())
	}
}
