package main

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// badWords are slips a person would notice, in either language: a count
// that disagrees with its noun, a range of one, an article before a
// sound it does not fit, a weekday cut short in French.
var badWords = []*regexp.Regexp{
	regexp.MustCompile(`\b1 (groups|reminders|meeting reminders|rappels|groupes)\b`),
	regexp.MustCompile(`\b(Reply|Répondez) 1-1\b`),
	regexp.MustCompile(`\bfrom 1 to 1\b|\bde 1 à 1\b`),
	regexp.MustCompile(`\ban? (a|an|HIV|[AEIOU]\w*) group\b`),
	regexp.MustCompile(`\ba (HIV|[AEIOU])`),
	regexp.MustCompile(`\{[a-z]+\}`),              // a value never filled in
	regexp.MustCompile(`\bfor [^.|]*\bfor the\b`), // "for Grief for the 705 area"
	regexp.MustCompile(`\bPour [A-ZÉ]`),           // a French name needs its article: "Pour Cancer"
}

// spokenSlips are what a voice reads badly in the line's own words (the
// names of topics and concerns): brackets, and letters it would spell out
// where a word was meant. Group names are the groups' own.
var spokenSlips = regexp.MustCompile(`[()]|\b(IBD|IBS)\b`) // HIV and LGBTQ are said as letters; IBD is not

var frenchShortDays = regexp.MustCompile(`\b(lun|mar|mer|jeu|ven|sam|dim)\b`)

// checkWords fails on any slip in what the line said, and on any of the
// line's internal concern codes showing through.
func checkWords(t *testing.T, vocab *directory.Vocabulary, what, said string, french bool) {
	t.Helper()
	for _, re := range badWords {
		if m := re.FindString(said); m != "" {
			t.Errorf("%s: %q in:\n%s", what, m, said)
		}
	}
	if french {
		if m := frenchShortDays.FindString(said); m != "" {
			t.Errorf("%s: a French weekday cut short (%q) in:\n%s", what, m, said)
		}
	}
	for _, c := range vocab.Concerns() {
		if strings.Contains(c.Code, "-") && strings.Contains(strings.ToLower(said), c.Code) {
			t.Errorf("%s: the concern code %q in:\n%s", what, c.Code, said)
		}
	}
}

// demoLine is the line on the demo directory, in-process, as serve
// mounts it (signatures not checked).
func demoLine(t *testing.T) (*world, http.Handler) {
	t.Helper()
	m := &Main{Getenv: func(string) string { return "" }, Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
	w, err := m.open(context.Background(), filepath.Join(t.TempDir(), "demo.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.close)
	if err := m.loadDemo(context.Background(), w); err != nil {
		t.Fatal(err)
	}
	cfg, err := m.lineConfig(true)
	if err != nil {
		t.Fatal(err)
	}
	return w, m.router(w, cfg)
}

// Every concern, searched by text in both languages, and its details,
// more, the wait list and reminders: nothing a texter reads has a slip.
func TestNoSlipsInWhatTheTextLineWrites(t *testing.T) {
	w, h := demoLine(t)
	checked := 0
	for i, c := range w.vocab.Concerns() {
		for _, lang := range []struct {
			name, more, remind, wait, list string
			french                         bool
		}{
			{c.NameEN, "MORE", "REMIND 1", "WAIT", "LIST", false},
			{c.NameFR, "PLUS", "RAPPEL 1", "ATTENTE", "MES RAPPELS", true},
		} {
			for _, npa := range []string{"705", "807"} {
				p := &twiliotest.Phone{Handler: h, From: fmt.Sprintf("+1%s55502%02d", npa, i), To: "+17055550100"}
				for _, body := range []string{lang.name + " " + npa, "1", "2", lang.more, "1", lang.remind, "YES", lang.wait, lang.list, "STOP 3"} {
					replies, err := p.Text(context.Background(), routes.SMS, body)
					if err != nil {
						t.Fatalf("%q: %v", body, err)
					}
					for _, r := range replies {
						checkWords(t, w.vocab, fmt.Sprintf("%q after %q", body, lang.name), r, lang.french)
						checked++
					}
				}
			}
		}
	}
	t.Logf("%d replies checked", checked)
}

func heardAll(turn *twiliotest.Turn) string {
	var said []string
	for _, s := range turn.Said {
		said = append(said, s.Text)
	}
	return strings.Join(said, " ")
}

// Every concern, found by keypad in both languages, from the 705 and 807
// areas: nothing a caller hears has a slip.
func TestNoSlipsInWhatTheVoiceLineSays(t *testing.T) {
	w, h := demoLine(t)
	ctx := context.Background()
	checked := 0
	for _, cat := range w.vocab.Categories {
		for _, name := range []string{cat.NameEN, cat.NameFR} {
			if m := spokenSlips.FindString(name); m != "" {
				t.Errorf("the topic %q reads %q aloud", name, m)
			}
		}
		for _, c := range cat.Concerns {
			for _, name := range []string{c.NameEN, c.NameFR} {
				if m := spokenSlips.FindString(name); m != "" {
					t.Errorf("the concern %q reads %q aloud", name, m)
				}
			}
		}
	}
	for ci, cat := range w.vocab.Categories {
		for ki := range cat.Concerns {
			for _, french := range []bool{false, true} {
				for _, from := range []string{"+17052530000", "+18074680000"} {
					p := &twiliotest.Phone{Handler: h, From: from, To: "+17055550100"}
					// "next" is 1 where the next group is offered, else star.
					keys := []string{"1", fmt.Sprint(ci + 1), fmt.Sprint(ki + 1), "next", "next", "next", "0", "#", "2"}
					if french {
						keys = append([]string{"9"}, keys...)
					}
					turn, err := p.Call(ctx)
					for _, k := range keys {
						if err != nil || turn.Hangup {
							break
						}
						if k == "next" {
							k = "*"
							if s := heardAll(turn); strings.Contains(s, "next group, press 1") || strings.Contains(s, "groupe suivant, appuyez sur le 1") {
								k = "1"
							}
						}
						turn, err = p.Press(ctx, k)
						if err == nil {
							what := fmt.Sprintf("%s, keys %v, at %s", cat.Concerns[ki].NameEN, keys, k)
							checkWords(t, w.vocab, what, heardAll(turn), french)

							checked++
						}
					}
					if err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}
	t.Logf("%d turns checked", checked)
}
