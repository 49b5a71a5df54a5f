package sms

import (
	"context"
	"fmt"
	"log/slog"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
)

// textSeeds are message bodies people (and phones, and attackers) send:
// keywords in both languages, searches, crisis words, nonsense, control
// characters, broken UTF-8, and texts at and past Twilio's 1,600.
var textSeeds = []string{
	"grief 705",
	"greif",
	"caregiver support near sault ste marie",
	"deuil Sudbury",
	"alzheimer's 249",
	"Stop.",
	"  stop  ",
	"ARRÊT",
	"mes rappels",
	"REMIND 2",
	"rappel #3",
	"JOIN 2003",
	"join2003",
	"STOP 1",
	"yes!",
	"Oui",
	"1",
	"0",
	"10",
	"MORE",
	"I want to die",
	"je veux mourir",
	"suicide loss 705",
	"I took too many pills, grief 705",
	"",
	"   \t\r\n ",
	"🙂🙂🙂",
	"\x00\x01\x1b[31mgrief\x7f",
	"'; DROP TABLE groups; --",
	"<Response><Say>hi</Say></Response> & ]]>",
	"\xff\xfe\xfd grief",
	"\ufeffHELP\u200b",
	"gri\u0301ef 705\u2028\u2029",
	"\ufffe\uffff 705",
	strings.Repeat("a", 1600),
	strings.Repeat("é", 2000),
	strings.Repeat("grief 705 ", 170),
	strings.Repeat("\U0001F600", 1601) + "STOP",
}

// FuzzRead: whatever a text holds, reading it never panics, keeps only
// printable text (one space between words, at most 1,600 characters),
// and a keyword sent alone, in any case, with punctuation after it,
// reads as that keyword.
func FuzzRead(f *testing.F) {
	for i, s := range textSeeds {
		f.Add(s, uint16(i), uint64(i)*0x9e3779b97f4a7c15, []string{"", ".", "!!", " ?", "...", "\u00a0!", " :)", "\t.\n"}[i%8])
	}
	type want struct {
		text string
		kind kind
		n    int
		lang directory.Lang
	}
	var forms []want
	for _, k := range slices.Sorted(maps.Keys(keywords)) {
		forms = append(forms, want{k, keywords[k].kind, 0, keywords[k].lang})
	}
	for _, k := range slices.Sorted(maps.Keys(numbered)) {
		forms = append(forms, want{k + " 12", numbered[k].kind, 12, numbered[k].lang}, want{k + " #4127", numbered[k].kind, 4127, numbered[k].lang})
	}
	for n := 1; n <= 9; n++ {
		forms = append(forms, want{fmt.Sprint(n), details, n, ""})
	}

	f.Fuzz(func(t *testing.T, body string, pick uint16, caseBits uint64, trail string) {
		m := read(body)
		checkClean(t, body, m)

		// A keyword alone, in any case, with spaces before and
		// punctuation after: what people type on a phone.
		w := forms[int(pick)%len(forms)]
		var b strings.Builder
		for i, r := range w.text {
			if caseBits>>(uint(i)%64)&1 == 1 {
				r = unicode.ToLower(r)
			}
			b.WriteRune(r)
		}
		for _, r := range trail {
			if r != utf8.RuneError && (unicode.IsPunct(r) || unicode.IsSpace(r)) {
				b.WriteRune(r)
			}
		}
		typed := b.String()
		if caseBits>>63 == 1 {
			typed = " \t" + typed
		}
		got := read(typed)
		checkClean(t, typed, got)
		if got.kind != w.kind || got.n != w.n || got.lang != w.lang {
			t.Fatalf("read(%q) = kind %d, n %d, lang %q; %q alone reads as kind %d, n %d, lang %q",
				typed, got.kind, got.n, got.lang, w.text, w.kind, w.n, w.lang)
		}
	})
}

// checkClean checks what read kept of body.
func checkClean(t *testing.T, body string, m message) {
	t.Helper()
	if !utf8.ValidString(m.text) {
		t.Fatalf("read(%q): text %q is not valid UTF-8", body, m.text)
	}
	if n := utf8.RuneCountInString(m.text); n > maxRead {
		t.Fatalf("read(%q): text of %d characters, more than %d", body, n, maxRead)
	}
	for _, r := range m.text {
		if unicode.IsControl(r) || r == utf8.RuneError || (unicode.IsSpace(r) && r != ' ') {
			t.Fatalf("read(%q): text %q keeps %U", body, m.text, r)
		}
	}
	if m.text != strings.TrimSpace(m.text) || strings.Contains(m.text, "  ") {
		t.Fatalf("read(%q): text %q has spaces at its ends or two in a row", body, m.text)
	}
	if (m.kind == empty) != (m.text == "") {
		t.Fatalf("read(%q): kind %d with text %q", body, m.kind, m.text)
	}
	if m.kind != search && m.kind != empty && m.kind != details && m.lang == "" {
		t.Fatalf("read(%q): command kind %d with no language", body, m.kind)
	}
}

// errorLog keeps what the line logs at Error: a recovered panic or a
// failing database, which the texter sees only as "Sorry".
type errorLog struct {
	mu   sync.Mutex
	msgs []string
}

func (l *errorLog) Enabled(context.Context, slog.Level) bool { return true }
func (l *errorLog) Handle(_ context.Context, r slog.Record) error {
	if r.Level < slog.LevelError {
		return nil
	}
	msg := r.Message
	r.Attrs(func(a slog.Attr) bool { msg += " " + a.String(); return true })
	l.mu.Lock()
	l.msgs = append(l.msgs, msg)
	l.mu.Unlock()
	return nil
}
func (l *errorLog) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *errorLog) WithGroup(string) slog.Handler      { return l }

func (l *errorLog) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.msgs
	l.msgs = nil
	return out
}

// fuzzWorld is newWorld for a fuzz target, with the line's errors logged
// to errs.
func fuzzWorld(tb testing.TB, errs *errorLog) (*world, *Line) {
	tb.Helper()
	return newWorldLine(tb, func(l *Line) { l.Log = slog.New(errs) })
}

// setups are texts sent before the fuzzed one, so that it lands in each
// kind of conversation: none, a list, nothing found (WAIT), a question
// waiting for YES, a French one.
var setups = []string{"", "grief 705", "gambling 705", "JOIN 2003", "deuil Sudbury", "caregiving 705"}

// FuzzTextLine sends arbitrary texts to the real webhook, signed as
// Twilio signs them, from a 705 number. Every answer is a 200 with valid
// TwiML; every reply is non-empty and at most 1,600 characters; a text
// gets one reply (two only when it mentions suicide: the crisis line,
// then the search; none only for STOP and its friends); a text with no
// letter or digit gets exactly one; and nothing a texter sends makes the
// line fail inside ("Sorry, something went wrong").
func FuzzTextLine(f *testing.F) {
	for i, s := range textSeeds {
		f.Add(s, uint16(i*37), uint8(i))
	}
	errs := &errorLog{}
	w, line := fuzzWorld(f, errs)
	sorry := []string{line.book.In(directory.English).Text.Sorry, line.book.In(directory.French).Text.Sorry}
	ctx := context.Background()

	f.Fuzz(func(t *testing.T, body string, who uint16, setup uint8) {
		from := fmt.Sprintf("+1705555%04d", int(who)%10000)
		number, _ := directory.CallerNumber(from)
		if err := w.store.DeleteSession(ctx, key(number)); err != nil { // each run starts a fresh conversation
			t.Fatal(err)
		}
		errs.take()
		p := w.phone(from)
		send := func(body string) []string {
			replies, err := p.Text(ctx, "/twilio/sms", body)
			if err != nil { // not 200, not TwiML, or not parsable
				t.Fatalf("text %q from %s: %v", body, from, err)
			}
			if logged := errs.take(); len(logged) > 0 {
				t.Fatalf("text %q from %s: the line failed inside: %q (replies %q)", body, from, logged, replies)
			}
			for _, r := range replies {
				if r == "" {
					t.Fatalf("text %q: an empty reply among %q", body, replies)
				}
				if n := utf8.RuneCountInString(r); n > maxChars {
					t.Fatalf("text %q: a reply of %d characters, more than %d", body, n, maxChars)
				}
				if slices.Contains(sorry, r) || strings.HasPrefix(r, "Sorry, something went wrong") {
					t.Fatalf("text %q: the line apologised for a fault: %q", body, r)
				}
			}
			m := read(body)
			switch {
			case len(replies) == 0 && m.kind != optOut:
				t.Fatalf("text %q (kind %d): no reply", body, m.kind)
			case len(replies) > 0 && m.kind == optOut:
				t.Fatalf("text %q: an opt-out answered with %q; Twilio answers those", body, replies)
			case len(replies) > 2:
				t.Fatalf("text %q: %d replies: %q", body, len(replies), replies)
			case len(replies) == 2 && !(mentionsSuicide(m.text) && strings.Contains(replies[0], "988")):
				t.Fatalf("text %q: two replies, and not the crisis line before a search: %q", body, replies)
			case readsLikeCrisis(m.text) && (len(replies) != 1 || !strings.Contains(replies[0], "988")):
				t.Fatalf("text %q reads like a crisis; replies %q", body, replies)
			}
			if !strings.ContainsFunc(body, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) && len(replies) != 1 {
				t.Fatalf("text %q has no letter or digit: %d replies %q, want exactly one", body, len(replies), replies)
			}
			return replies
		}
		if s := setups[int(setup)%len(setups)]; s != "" {
			send(s)
		}
		send(body)
	})
}
