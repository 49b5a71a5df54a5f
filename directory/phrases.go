package directory

import (
	"fmt"
	"io"
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Phrases are how people name a concern in their own words: "my husband
// died", "I drink too much", "je bois trop". They help Match read free
// text and only that: Terms, which maps publishers' taxonomy names word
// for word, never sees them, so "Food and drink" stays no concern.
//
// data/phrases.csv (concern,lang,pattern) holds them as patterns, where
// {class} stands for each word of a class of data/wordclasses.csv
// (class,lang,words; words split by "|", and may hold classes in turn).
// "lost {my} {kin}" is thus written once for every relative, and a new
// relative is one word added to the kin class.

// data/plainwords.csv (lang,words) lists everyday words a letter away
// from a concern's, which Match must know so as not to take them for a
// misspelling of it: "morning" is not "mourning", "support" not "sport".

// phraseBook is phrases.csv written out: tens of thousands of phrases,
// normalized, each with the concerns it names, by code. Nothing changes
// it once read, so all the vocabularies loaded from the embedded data
// share one, read at the first load.
type phraseBook struct {
	phrases  map[string][]phraseOf
	words    []string       // every word of every phrase, and the plain words, once
	concerns map[string]int // each concern code named, and the line that first names it
	maxWords int
}

// phraseOf is a concern a phrase names, and the language it says it in.
type phraseOf struct {
	code string
	lang Lang
}

var embeddedPhrases = sync.OnceValues(func() (*phraseBook, error) {
	var files [3]io.Reader
	for i, name := range []string{"wordclasses.csv", "phrases.csv", "plainwords.csv"} {
		f, err := dataFS.Open("data/" + name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		files[i] = f
	}
	return readPhraseBook(files[0], files[1], files[2])
})

// usePhrases lets Match look for the phrases of book too.
func (v *Vocabulary) usePhrases(book *phraseBook) error {
	for code, line := range book.concerns {
		if v.byCode[code] == nil {
			return fmt.Errorf("phrases.csv:%d: unknown concern %q", line, code)
		}
	}
	for _, w := range book.words {
		v.learn(w)
	}
	v.book = book
	v.matchWords = max(v.matchWords, book.maxWords)
	return nil
}

// readPhraseBook reads the word classes, then writes out every phrase
// the patterns stand for, then adds the plain words to the words known.
func readPhraseBook(classes, patterns, plain io.Reader) (*phraseBook, error) {
	wc, err := readWordClasses(classes)
	if err != nil {
		return nil, err
	}
	b := &phraseBook{phrases: map[string][]phraseOf{}, concerns: map[string]int{}}
	seen := map[string]bool{}
	err = readCSV(patterns, "phrases.csv", []string{"concern", "lang", "pattern"}, func(line int, r map[string]string) error {
		code, lang := r["concern"], Lang(r["lang"])
		if wc.raw[lang] == nil {
			return fmt.Errorf("phrases.csv:%d: language %q; want en or fr", line, r["lang"])
		}
		if _, ok := b.concerns[code]; !ok {
			b.concerns[code] = line
		}
		phrases, err := wc.expand(r["pattern"], lang, 0)
		if err != nil {
			return fmt.Errorf("phrases.csv:%d: %w", line, err)
		}
		for _, p := range phrases {
			b.add(p, phraseOf{code, lang}, seen)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return b, readCSV(plain, "plainwords.csv", []string{"lang", "words"}, func(_ int, r map[string]string) error {
		for _, w := range strings.Fields(Normalize(strings.ReplaceAll(r["words"], "|", " "))) {
			b.know(w, seen)
		}
		return nil
	})
}

// add records that phrase names a concern in a language. A phrase said
// the same way in both languages ends up saying nothing of which one.
func (b *phraseBook) add(phrase string, of phraseOf, seen map[string]bool) {
	if phrase == "" {
		return
	}
	all := b.phrases[phrase]
	for i := range all {
		if all[i].code == of.code {
			if all[i].lang != of.lang {
				all[i].lang = ""
			}
			return
		}
	}
	b.phrases[phrase] = append(all, of)
	words := strings.Fields(phrase)
	for _, w := range words {
		b.know(w, seen)
	}
	b.maxWords = max(b.maxWords, len(words))
}

func (b *phraseBook) know(word string, seen map[string]bool) {
	if word != "" && !seen[word] {
		seen[word] = true
		b.words = append(b.words, word)
	}
}

// slot is a {class} in a pattern.
var slot = regexp.MustCompile(`\{([a-z_]+)\}`)

// maxNesting bounds classes within classes, so that a class naming
// itself is an error and not a hang.
const maxNesting = 8

// wordClasses are the word lists of wordclasses.csv by language, then
// class name: raw as written, done once expanded and normalized.
type wordClasses struct {
	raw, done map[Lang]map[string][]string
}

func readWordClasses(r io.Reader) (*wordClasses, error) {
	wc := &wordClasses{
		raw:  map[Lang]map[string][]string{English: {}, French: {}},
		done: map[Lang]map[string][]string{English: {}, French: {}},
	}
	return wc, readCSV(r, "wordclasses.csv", []string{"class", "lang", "words"}, func(line int, r map[string]string) error {
		byName, ok := wc.raw[Lang(r["lang"])]
		if !ok || r["class"] == "" {
			return fmt.Errorf("wordclasses.csv:%d: a class needs a name and the language en or fr", line)
		}
		if byName[r["class"]] != nil {
			return fmt.Errorf("wordclasses.csv:%d: class %q twice in %s", line, r["class"], r["lang"])
		}
		byName[r["class"]] = SplitList(r["words"], "|")
		return nil
	})
}

// expand writes out, normalized, every phrase a pattern stands for: the
// text before its first class, each word of the class, and each phrase
// the rest of the pattern stands for, glued as the pattern glues them
// ("{kin}s" is "husbands", "{kin} s" "husband s").
func (wc *wordClasses) expand(pattern string, lang Lang, depth int) ([]string, error) {
	at := slot.FindStringSubmatchIndex(pattern)
	if at == nil {
		return []string{Normalize(pattern)}, nil
	}
	words, err := wc.words(pattern[at[2]:at[3]], lang, depth+1)
	if err != nil {
		return nil, err
	}
	rest, err := wc.expand(pattern[at[1]:], lang, depth)
	if err != nil {
		return nil, err
	}
	head := Normalize(pattern[:at[0]])
	last, _ := utf8.DecodeLastRuneInString(pattern[:at[0]])
	next, _ := utf8.DecodeRuneInString(pattern[at[1]:])
	before, after := gap(last), gap(next)
	out := make([]string, 0, len(words)*len(rest))
	for _, w := range words {
		for _, r := range rest {
			out = append(out, strings.TrimSpace(head+before+w+after+r))
		}
	}
	return out, nil
}

// words is a class's words, its own classes expanded, normalized.
func (wc *wordClasses) words(name string, lang Lang, depth int) ([]string, error) {
	if done, ok := wc.done[lang][name]; ok {
		return done, nil
	}
	raw, ok := wc.raw[lang][name]
	switch {
	case !ok:
		return nil, fmt.Errorf("no word class %q in %s", name, lang)
	case depth > maxNesting:
		return nil, fmt.Errorf("word class %q nests deeper than %d", name, maxNesting)
	}
	var out []string
	for _, w := range raw {
		more, err := wc.expand(w, lang, depth)
		if err != nil {
			return nil, err
		}
		out = append(out, more...)
	}
	wc.done[lang][name] = out
	return out, nil
}

// gap is what separates a class from its neighbour r in a pattern:
// nothing when r is a letter or digit (or there is none), else a space,
// as Normalize would make it.
func gap(r rune) string {
	if r == utf8.RuneError || unicode.IsLetter(r) || unicode.IsDigit(r) {
		return ""
	}
	return " "
}
