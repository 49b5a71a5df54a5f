package sms

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// kind is what a text asks for.
type kind int

const (
	search   kind = iota // anything else: a topic and maybe an area
	optOut               // STOP and friends: no reply of ours (Twilio answers)
	optOutFR             // ARRET: Twilio does not know it, so we confirm
	optIn                // START, UNSTOP
	help                 // HELP, INFO, AIDE
	list                 // LIST, MES RAPPELS
	stopOne              // STOP 2, CANCEL 2, ARRET 2
	more                 // MORE, PLUS, NEXT, SUITE
	details              // 1, 2, 3
	remind               // REMIND 2, RAPPEL 2
	join                 // JOIN 4127, REJOINDRE 4127
	yes                  // YES, OUI
	no                   // NO, NON
	wait                 // WAIT, ATTENTE
	empty                // nothing to read (a picture, spaces)
	greeting             // HI, HELLO, BONJOUR: a first text, before knowing what to send
	adjourn              // CANCEL 4127 DEC 8, ANNULER 4127 8 déc: a group's leader cancels a meeting (issue 14)
	leadNote             // NOTE 4127 words, MESSAGE 4127 words: a group's leader writes to its members
	changed              // CHANGED, MODIFIE: a listing check's answer (issue 14)
	refer                // SEND 4127 TO 705-555-0142, ENVOYER 4127 A ...: a referrer sends a group to a client
)

// message is a text as the line understands it.
type message struct {
	kind kind
	n    int            // the number in "2", "REMIND 2", "STOP 2", "JOIN 4127"
	text string         // the cleaned text, for a search
	lang directory.Lang // "" when the words do not say
	to   string         // refer: the client's number (E.164), "" when it could not be read
	arg  string         // adjourn: the day as typed; leadNote: the note as written
}

// keywords are whole-message commands, English then French. A command
// with a number ("REMIND 2") is matched on its first word.
var keywords = map[string]struct {
	kind kind
	lang directory.Lang
}{
	"STOP": {optOut, directory.English}, "STOPALL": {optOut, directory.English}, "UNSUBSCRIBE": {optOut, directory.English},
	"CANCEL": {optOut, directory.English}, "END": {optOut, directory.English}, "QUIT": {optOut, directory.English},
	"ARRET": {optOutFR, directory.French}, "ARRETER": {optOutFR, directory.French},
	"START": {optIn, directory.English}, "UNSTOP": {optIn, directory.English}, "DEBUT": {optIn, directory.French},
	"HELP": {help, directory.English}, "INFO": {help, directory.English}, "AIDE": {help, directory.French},
	"LIST": {list, directory.English}, "REMINDERS": {list, directory.English}, "MES RAPPELS": {list, directory.French}, "RAPPELS": {list, directory.French},
	"MORE": {more, directory.English}, "NEXT": {more, directory.English}, "PLUS": {more, directory.French}, "SUITE": {more, directory.French},
	"YES": {yes, directory.English}, "Y": {yes, directory.English}, "OUI": {yes, directory.French}, "O": {yes, directory.French},
	"NO": {no, directory.English}, "N": {no, directory.English}, "NON": {no, directory.French},
	"WAIT": {wait, directory.English}, "ATTENTE": {wait, directory.French},
	"CHANGED": {changed, directory.English}, "CHANGE": {changed, directory.English}, "CHANGES": {changed, directory.English},
	"HAS CHANGED": {changed, directory.English}, "MODIFIE": {changed, directory.French}, "MODIFIER": {changed, directory.French},
	"CHANGEMENT": {changed, directory.French}, "A CHANGE": {changed, directory.French},
	"HI": {greeting, directory.English}, "HELLO": {greeting, directory.English}, "HEY": {greeting, directory.English},
	"HI THERE": {greeting, directory.English}, "HELLO THERE": {greeting, directory.English}, "GOOD MORNING": {greeting, directory.English},
	"GOOD AFTERNOON": {greeting, directory.English}, "GOOD EVENING": {greeting, directory.English}, "HOWDY": {greeting, directory.English},
	"BONJOUR": {greeting, directory.French}, "BONSOIR": {greeting, directory.French}, "SALUT": {greeting, directory.French},
	"ALLO": {greeting, directory.French}, "COUCOU": {greeting, directory.French},
}

var numbered = map[string]struct {
	kind kind
	lang directory.Lang
}{
	"REMIND": {remind, directory.English}, "RAPPEL": {remind, directory.French},
	"STOP": {stopOne, directory.English}, "CANCEL": {stopOne, directory.English}, "ARRET": {stopOne, directory.French},
	"JOIN": {join, directory.English}, "REJOINDRE": {join, directory.French}, "GROUP": {join, directory.English}, "GROUPE": {join, directory.French},
}

var commandNumber = regexp.MustCompile(`^([A-Z]+)\s*#?\s*(\d{1,7})$`)

// maxRead is as much of a text as the line reads: Twilio joins long texts
// up to 1,600 characters, and no question needs more.
const maxRead = 1600

// frenchWords say a text is French even when its topic word is shared.
var frenchWords = map[string]bool{"je": true, "pour": true, "pres": true, "groupe": true, "groupes": true, "bonjour": true,
	"aide": true, "mon": true, "ma": true, "des": true, "les": true, "de": true, "un": true, "une": true, "soutien": true}

// read understands a text.
func read(body string) message {
	clean := cleanText(body)
	if clean == "" {
		return message{kind: empty}
	}
	key := strings.ToUpper(strings.Trim(directory.Normalize(clean), " "))
	if k, ok := keywords[key]; ok {
		return message{kind: k.kind, lang: k.lang, text: clean}
	}
	if m, ok := readRefer(key, clean); ok {
		return m
	}
	if m, ok := readLeader(clean); ok { // before CANCEL 2, which has no words after its number
		return m
	}
	if m := commandNumber.FindStringSubmatch(key); m != nil {
		if c, ok := numbered[m[1]]; ok {
			n, _ := strconv.Atoi(m[2])
			return message{kind: c.kind, n: n, lang: c.lang, text: clean}
		}
	}
	if n, err := strconv.Atoi(key); err == nil && len(key) == 1 && n >= 1 {
		return message{kind: details, n: n, text: clean}
	}
	m := message{kind: search, text: clean}
	for _, w := range strings.Fields(strings.ToLower(directory.Normalize(clean))) {
		if frenchWords[w] {
			m.lang = directory.French
			break
		}
	}
	return m
}

// referCommand is a referral, folded like Normalize folds it: the verb,
// a group code, maybe TO (A, AU), then a number in any common format.
var referCommand = regexp.MustCompile(`^(SEND|ENVOYER|ENVOIE|ENVOYEZ) #?(\d{1,7})(?: (?:TO|A|AU))?(?: (.*))?$`)

// readRefer reads a referral; a number it cannot read is left "" so that
// the referrer is shown how to write one.
func readRefer(key, clean string) (message, bool) {
	m := referCommand.FindStringSubmatch(key)
	if m == nil {
		return message{}, false
	}
	code, _ := strconv.Atoi(m[2])
	msg := message{kind: refer, n: code, lang: directory.English, text: clean}
	if m[1] != "SEND" {
		msg.lang = directory.French
	}
	if to, err := directory.NormalizePhone(m[3]); err == nil {
		msg.to = to
	}
	return msg, true
}

// cleanText keeps what a person wrote: printable characters, one space
// between words, at most maxRead characters.
func cleanText(body string) string {
	if r := []rune(body); len(r) > maxRead {
		body = string(r[:maxRead])
	}
	var b strings.Builder
	for _, r := range body {
		switch {
		case unicode.IsSpace(r):
			b.WriteByte(' ')
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// crisis is how people say they are in danger now, in English and French,
// folded like Normalize folds them. The line answers these first.
var crisis = regexp.MustCompile(`\b(` + strings.Join([]string{
	`kill (my ?self|me)`, `want to die`, `wanna die`, `end (it all|my life)`, `take my (own )?life`, `suicidal`,
	`commit suicide`, `thinking (of|about) suicide`, `no reason to live`, `better off dead`, `hurt(ing)? my ?self`,
	`overdos(e|ed|ing)`, `took too many`, `od d`, `not safe`, `(he|she|they) (is|are|s) (hitting|hurting|beating) me`,
	`going to hurt me`, `me suicider`, `suicidaire`, `envie de mourir`, `veux mourir`, `me tuer`, `en finir`,
	`surdose`, `me faire du mal`, `pas en securite`, `(il|elle) me (frappe|bat)`, `mettre fin a mes jours`,
}, "|") + `)\b`)

// crisisAnswer is the answer to a text that reads like a crisis, in the
// language the danger was written in; "" for any other text.
func crisisAnswer(b words.Book, text string) string {
	switch {
	case !readsLikeCrisis(text):
		return ""
	case frenchCrisis(text):
		return b.In(directory.French).Text.Crisis
	}
	return b.In(directory.English).Text.Crisis
}

// readsLikeCrisis reports whether a text says its writer is in danger now.
func readsLikeCrisis(text string) bool {
	return crisis.MatchString(directory.Normalize(text))
}

var crisisFR = regexp.MustCompile(`\b(me suicider|suicidaire|envie de mourir|veux mourir|me tuer|en finir|surdose|me faire du mal|pas en securite|me (frappe|bat)|mettre fin a mes jours)\b`)

// frenchCrisis reports whether the danger was said in French.
func frenchCrisis(text string) bool { return crisisFR.MatchString(directory.Normalize(text)) }

// mentionsSuicide catches the word in a search for a loss-to-suicide
// group: the search goes ahead, with the crisis line first.
func mentionsSuicide(text string) bool {
	n := directory.Normalize(text)
	return strings.Contains(n, "suicid")
}
