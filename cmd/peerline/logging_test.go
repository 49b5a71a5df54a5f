package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
)

func TestLogsNeverHoldANumberOrABody(t *testing.T) {
	for _, format := range []string{"text", "json"} {
		var out bytes.Buffer
		log := newLogger(&out, format).With("caller", "+17055550142")
		log.Info("a text from (705) 555-0199 arrived", "from", "705-555-0177", "body", "I want help with grief",
			slog.Group("req", "To", "+18074680000"), "count", 3)
		got := out.String()
		for _, leak := range []string{"5550142", "555-0199", "555-0177", "4680000", "grief"} {
			if strings.Contains(got, leak) {
				t.Errorf("%s log holds %q: %s", format, leak, got)
			}
		}
		for _, want := range []string{"+1705*****42", "+1705*****99", "+1705*****77", "+1807*****00", "[withheld]", "count"} {
			if !strings.Contains(got, want) {
				t.Errorf("%s log lacks %q: %s", format, want, got)
			}
		}
	}
}
