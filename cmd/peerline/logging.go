package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"regexp"
	"strings"

	"github.com/peerline/peerline/directory"
)

// phoneLike finds what could be a phone number in a logged value.
var phoneLike = regexp.MustCompile(`\+?1?[-. ]?\(?[2-9]\d{2}\)?[-. ]?[2-9]\d{2}[-. ]?\d{4}\b`)

// private keeps health information out of the logs: any value that holds
// a phone number is masked (+1705*****42) and message bodies are dropped,
// whatever a caller of the logger passes. The line's own code logs
// neither; this is the net under it.
type private struct{ slog.Handler }

func (p private) Handle(ctx context.Context, r slog.Record) error {
	clean := slog.NewRecord(r.Time, r.Level, mask(r.Message), r.PC)
	r.Attrs(func(a slog.Attr) bool {
		clean.AddAttrs(scrub(a))
		return true
	})
	return p.Handler.Handle(ctx, clean)
}

func (p private) WithAttrs(as []slog.Attr) slog.Handler {
	out := make([]slog.Attr, len(as))
	for i, a := range as {
		out[i] = scrub(a)
	}
	return private{p.Handler.WithAttrs(out)}
}

func (p private) WithGroup(name string) slog.Handler { return private{p.Handler.WithGroup(name)} }

var bodyKeys = map[string]bool{"body": true, "Body": true, "message_body": true, "SpeechResult": true}

func scrub(a slog.Attr) slog.Attr {
	if bodyKeys[a.Key] {
		return slog.String(a.Key, "[withheld]")
	}
	switch a.Value.Kind() {
	case slog.KindString:
		return slog.String(a.Key, mask(a.Value.String()))
	case slog.KindGroup:
		var as []any
		for _, g := range a.Value.Group() {
			as = append(as, scrub(g))
		}
		return slog.Group(a.Key, as...)
	case slog.KindAny:
		return slog.String(a.Key, mask(a.Value.String()))
	}
	return a
}

func mask(s string) string {
	return phoneLike.ReplaceAllStringFunc(s, func(n string) string {
		if e, err := directory.NormalizePhone(n); err == nil {
			return directory.Mask(e)
		}
		return "[number]"
	})
}

// logFormat checks PEERLINE_LOG_FORMAT: json or text (in any case),
// text when unset.
func logFormat(v string) (string, error) {
	switch f := strings.ToLower(strings.TrimSpace(v)); f {
	case "", "text":
		return "text", nil
	case "json":
		return "json", nil
	}
	return "text", fmt.Errorf("PEERLINE_LOG_FORMAT %q: json or text", strings.TrimSpace(v))
}

// newLogger makes the line's logger: text or JSON (PEERLINE_LOG_FORMAT),
// masked either way. The format is checked before the handler is chosen:
// a bad one gives text logs that begin by saying so, and serve and remind
// refuse to start on it with the other bad settings (readLineConfig).
func newLogger(w io.Writer, format string) *slog.Logger {
	f, err := logFormat(format)
	var h slog.Handler = slog.NewTextHandler(w, nil)
	if f == "json" {
		h = slog.NewJSONHandler(w, nil)
	}
	log := slog.New(private{h})
	if err != nil {
		log.Warn("logging as text: " + err.Error())
	}
	return log
}
