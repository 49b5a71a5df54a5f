// Package words is everything the line says and writes, in each language
// it speaks. One catalogue per language (en.go, fr.go) holds every
// sentence a caller hears (Voice) and every text the line sends, replies
// and notices alike (Text). The facts those sentences carry — a meeting's
// time in the listener's own zone, a phone number, an access code, how a
// schedule repeats, how and where a group meets — are put into words here
// and nowhere else (Speaker for the voice, Writer for texts), so the voice
// line, the text line and the reminders can never disagree.
package words

import (
	"strings"

	"github.com/peerline/peerline/directory"
)

// Catalogue is one language: its sentences, and the words facts are
// made of. It is a struct, not a map, so that the compiler holds every
// language to the same sentences; a test holds them to being filled in,
// with the same values to fill. {name} marks a value filled in.
type Catalogue struct {
	Lang  directory.Lang
	Voice Voice
	Text  Text
	Facts Facts
}

// Book is the catalogues of the languages the line speaks.
type Book map[directory.Lang]*Catalogue

// NewBook makes the line's catalogues. Each channel makes its own once.
func NewBook() Book {
	return Book{directory.English: english(), directory.French: french()}
}

// In is the catalogue of lang; English for a language the line does not
// speak.
func (b Book) In(lang directory.Lang) *Catalogue {
	if c, ok := b[lang]; ok {
		return c
	}
	return b[directory.English]
}

// Fill puts values into a sentence: Fill(m.Found, "count", "3") replaces
// {count}. A value that ends with its own full stop ("7 p.m.") ends a
// sentence without a second one. A placeholder with no value is left as
// it is, for the tests to find. (One pass, no Replacer: every step of a
// call fills a dozen sentences.)
func Fill(sentence string, pairs ...string) string {
	if len(pairs) == 0 || strings.IndexByte(sentence, '{') < 0 {
		return sentence
	}
	var b strings.Builder
	b.Grow(len(sentence) + 32)
	for {
		i := strings.IndexByte(sentence, '{')
		j := strings.IndexByte(sentence[max(i, 0):], '}')
		if i < 0 || j < 0 {
			b.WriteString(sentence)
			return b.String()
		}
		b.WriteString(sentence[:i])
		key, rest := sentence[i+1:i+j], sentence[i+j+1:]
		value, ok := lookup(pairs, key)
		if !ok {
			value = sentence[i : i+j+1]
		}
		b.WriteString(value)
		if ok && strings.HasSuffix(value, ".") && strings.HasPrefix(rest, ".") {
			rest = rest[1:]
		}
		sentence = rest
	}
}

// lookup finds key's value among pairs (key, value, key, value...).
func lookup(pairs []string, key string) (string, bool) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == key {
			return pairs[i+1], true
		}
	}
	return "", false
}

// Plural picks the sentence for a count: one, or many.
func Plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
