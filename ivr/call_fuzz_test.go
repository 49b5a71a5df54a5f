package ivr

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
)

// maxSteps is how many things a fuzzed caller does after dialling.
const maxSteps = 12

// callScripts are callers as the line meets them, one step per ";": keys
// ("1", "*", "#", "0", "705"), silence (""), or words said at a prompt.
// At a <Dial> a step ends the call it connected (""/"completed",
// "no-answer", "busy", "failed"); at a <Record> it is the message left
// ("" is none).
var callScripts = []struct {
	script         string
	caller, config uint8
}{
	{"1;1;1;1", 0, 0},                     // four keys to a group
	{"1;1;1;1;1;1;1;1;1;1;1", 0, 0},       // every result, and round again
	{";;;", 0, 0},                         // four silences: help, then goodbye
	{";;;;;;", 0, 0},                      // and nothing after the goodbye
	{"7;7;7;7", 0, 0},                     // four wrong keys
	{"7;7;7;*;7", 0, 0},                   // star between misses
	{"7;7;3;#;0;*;7;7;7;1", 0, 0},         // a good key starts the count again
	{"9;1;1;1;1;1;4;1;9;#;3;#;2;7", 0, 0}, // all in French
	{"9;9;;;;", 0, 0},                     // 9 twice is a miss in French
	{"1;my husband died, it's grief;1;1", 0, 0},
	{"1;je suis aidante naturelle;1", 0, 0},
	{"1;;banana;1;1", 0, 0},
	{"1;1;1;2;705;1;1", 0, 0},
	{"1;1;1;2;999;12;249;1", 0, 0},
	{"1;1;1;1;1;4;1;1", 0, 0},                 // reminders by text, consent given
	{"1;1;1;1;1;4;2;9;9", 0, 0},               // by call, then back
	{"1;1;1;1;2;2;2", 0, 0},                   // text me the details
	{"1;1;1;1;3;no-answer;3;completed", 0, 0}, // connect to the contact
	{"1;1;1;1;5;5;9;1", 0, 0},                 // the dial-in again
	{"1;2;1;1;1;2;1;1;#", 0, 0},               // nothing near: the nearest, the wait list
	{"2;1;2;3", 0, 0},                         // my reminders
	{"3;1;*;0", 0, 0},                         // what happens at a group
	{"1;1;1;1;1;4", 3, 0},                     // a blocked caller ID
	{"1;1;1;705;1", 3, 0},
	{"1;1;1;1", 1, 0},     // a 705 number with no town
	{"1;2;1;1;1", 2, 0},   // Ottawa
	{"1;1;1;1;2", 4, 0},   // a foreign number
	{"1;1;1;1", 5, 0},     // no caller ID at all
	{"4;completed", 0, 1}, // the operator answers
	{"4;no-answer;https://example.org/rec", 0, 1},
	{"4;busy;", 0, 1},       // no message left
	{"4;message;;;;", 0, 2}, // closed: straight to voicemail
	{"0;0;0;0;0", 0, 1},
	{"*;*;*;*;#;#;#;#", 0, 0},
	{"123456789;0000;#*#*;999999", 0, 0},
	{"1;10;11;0;1", 0, 0},
	{"\x00;\xff\xfe;\u00a0;<Say>hi</Say>;'; DROP TABLE sessions; --", 0, 0},
	{strings.Repeat(";", 40), 0, 0},
	{strings.Repeat("1", 40) + ";" + strings.Repeat("grief ", 40), 0, 0},
}

// fuzzCallers are the numbers a call comes from.
var fuzzCallers = []string{saultCaller, "+17055550142", "+16135550100", "anonymous", "+441234567890", ""}

// slogErrors keeps what the line logs at Error: a panic it recovered or
// a step it could not answer, which a caller hears only as an apology.
type slogErrors struct {
	mu   sync.Mutex
	msgs []string
}

func (l *slogErrors) Enabled(context.Context, slog.Level) bool { return true }
func (l *slogErrors) Handle(_ context.Context, r slog.Record) error {
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
func (l *slogErrors) WithAttrs([]slog.Attr) slog.Handler { return l }
func (l *slogErrors) WithGroup(string) slog.Handler      { return l }

func (l *slogErrors) take() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.msgs
	l.msgs = nil
	return out
}

// FuzzCallInput calls the line and does up to twelve things a caller
// might: keys, silence, words, the end of a connected call, a voicemail.
// After each, the line answered 200 with valid TwiML; the call waits for
// a key (with a <Redirect> after the <Gather>, so silence is never the
// end), dials, records, or hangs up; something is said, in one of the
// line's two voices; nothing went wrong inside; and a hang-up says
// goodbye, and after keys or silence comes only after the third miss's
// "one more time" and never before the fourth thing the caller did.
func FuzzCallInput(f *testing.F) {
	for _, s := range callScripts {
		f.Add(s.script, s.caller, s.config)
	}
	w := newWorld(f)
	errs := &slogErrors{}
	sender, err := telephony.NewSender("AC0123456789abcdef0123456789abcdef", token, "+17055550100", w.fake.URL)
	if err != nil {
		f.Fatal(err)
	}
	closed, err := ParseHours("SA-SU 10:00-12:00", "America/Toronto") // testNow is a Monday
	if err != nil {
		f.Fatal(err)
	}
	var handlers []http.Handler
	for _, change := range []func(*Line){
		func(*Line) {}, // no operator: 4 is not a choice
		func(l *Line) { l.Operator = "+17055550150" },
		func(l *Line) { l.Operator, l.Hours = "+17055550150", closed },
	} {
		l := Line{Finder: w.finder, Texts: sender, Speech: true, Now: func() time.Time { return testNow }, Log: slog.New(errs)}
		change(&l)
		handlers = append(handlers, mount(New(l)))
	}
	book := words.NewBook()
	en, fr := book.In(directory.English).Voice, book.In(directory.French).Voice
	voices := map[string]string{}
	for _, v := range DefaultVoices() {
		voices[v.Name] = v.Language
	}
	dialEnds := []string{"completed", "no-answer", "busy", "failed"}

	f.Fuzz(func(t *testing.T, script string, caller, config uint8) {
		ctx := context.Background()
		from := fuzzCallers[int(caller)%len(fuzzCallers)]
		p := phone(handlers[int(config)%len(handlers)], from)
		errs.take()
		steps := strings.Split(script, ";")
		if len(steps) > maxSteps {
			steps = steps[:maxSteps]
		}
		turn, err := p.Call(ctx)
		warned := false // "one more time" was said on this call
		var done []string
		for i := 0; ; i++ {
			what := "call"
			if i > 0 {
				what = fmt.Sprintf("step %d %q", i, steps[i-1])
			}
			if err != nil {
				t.Fatalf("%s after %q: %v", what, done, err)
			}
			said := heard(turn)
			if logged := errs.take(); len(logged) > 0 {
				t.Fatalf("%s after %q: the line failed inside: %q; heard: %s", what, done, logged, said)
			}
			if turn.Status != http.StatusOK {
				t.Fatalf("%s after %q: status %d", what, done, turn.Status)
			}
			if len(turn.Said) == 0 {
				t.Fatalf("%s after %q: nothing was said:\n%s", what, done, turn.TwiML)
			}
			for _, s := range turn.Said {
				if lang, ok := voices[s.Voice]; !ok || lang != s.Language || s.Text == "" {
					t.Fatalf("%s after %q: %q said by %q in %q:\n%s", what, done, s.Text, s.Voice, s.Language, turn.TwiML)
				}
				if strings.Contains(s.Text, en.Sorry) || strings.Contains(s.Text, fr.Sorry) {
					t.Fatalf("%s after %q: the line apologised for a fault: %s", what, done, said)
				}
				if strings.Contains(s.Text, en.LastTry) || strings.Contains(s.Text, fr.LastTry) {
					warned = true
				}
			}
			waits := 0
			for _, b := range []bool{turn.Gather != nil, turn.Dial != nil, turn.Record != nil, turn.Hangup} {
				if b {
					waits++
				}
			}
			if waits != 1 {
				t.Fatalf("%s after %q: the call waits for %d things (gather %v, dial %v, record %v, hangup %v):\n%s",
					what, done, waits, turn.Gather != nil, turn.Dial != nil, turn.Record != nil, turn.Hangup, turn.TwiML)
			}
			if turn.Gather != nil && turn.Redirect == "" {
				t.Fatalf("%s after %q: a <Gather> with no <Redirect> after it: silence would end the call:\n%s", what, done, turn.TwiML)
			}
			if turn.Dial != nil && turn.Dial.Number == "" {
				t.Fatalf("%s after %q: dials no one:\n%s", what, done, turn.TwiML)
			}
			if turn.Hangup {
				last := turn.Said[len(turn.Said)-1].Text
				if !strings.Contains(last, "Goodbye") && !strings.Contains(last, "Au revoir") {
					t.Fatalf("%s after %q: hung up without a goodbye: %s", what, done, said)
				}
				// The reply to a key, silence or words: only a fourth miss ends the call.
				if i > 0 && !isEnd(done[len(done)-1]) && (i < 4 || !warned) {
					t.Fatalf("%s after %q: hung up %s: %s", what, done,
						map[bool]string{true: "at the fourth step or sooner", false: "with no \"one more time\" first"}[i < 4], said)
				}
				return
			}
			if i >= len(steps) {
				return
			}
			step := steps[i]
			switch {
			case turn.Dial != nil:
				status := step
				if status == "" {
					status = "completed"
				} else if !slices.Contains(dialEnds, status) {
					status = dialEnds[len(step)%len(dialEnds)]
				}
				done = append(done, "end:"+status)
				turn, err = p.DialEnded(ctx, status)
			case turn.Record != nil:
				rec := ""
				if step != "" {
					rec = "https://api.twilio.com/2010-04-01/Accounts/AC0/Recordings/RE" + fmt.Sprintf("%032x", len(step))
				}
				done = append(done, "end:recorded "+rec)
				turn, err = p.Recorded(ctx, rec, len(step))
			case step == "":
				done = append(done, "silence")
				turn, err = p.Silence(ctx)
			case strings.Trim(step, "0123456789*#") == "":
				done = append(done, step)
				turn, err = p.Press(ctx, step)
			case strings.Contains(turn.Gather.Input, "speech"):
				done = append(done, "say:"+step)
				turn, err = p.Speak(ctx, step)
			default: // words at a keys-only prompt: Twilio hears nothing
				done = append(done, "said at a keypad prompt:"+step)
				turn, err = p.Silence(ctx)
			}
		}
	})
}

// isEnd reports whether a step ended a <Dial> or <Record> rather than
// answering a prompt.
func isEnd(done string) bool { return strings.HasPrefix(done, "end:") }
