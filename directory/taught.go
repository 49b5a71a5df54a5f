package directory

import (
	"sort"
	"strings"
)

// Words staff teach the line: a word or phrase (in any language) and the
// concern it names, like a synonym of concerns.csv, but kept in the
// database and taught without a rebuild (the console's "concern words").
// Callers' and texters' words (Match) and imports (Terms) both read them.
// They are an overlay swapped whole, so a search reads either the old
// words or the new, never half of them.
type taught struct {
	byPhrase map[string][]*Concern // normalized word or phrase
	maxWords int
}

// Teach replaces the words staff taught (word → concern code). Words for
// a concern the vocabulary does not have are left out, and listed.
func (v *Vocabulary) Teach(words map[string]string) (unknown []string) {
	t := &taught{byPhrase: map[string][]*Concern{}}
	for w, code := range words {
		c, ok := v.byCode[code]
		p := Normalize(w)
		if !ok || p == "" {
			unknown = append(unknown, w)
			continue
		}
		t.byPhrase[p] = append(t.byPhrase[p], c)
		t.maxWords = max(t.maxWords, strings.Count(p, " ")+1)
	}
	sort.Strings(unknown)
	v.taught.Store(t)
	return unknown
}

// taughtTerms is what staff taught a run of words to name.
func (v *Vocabulary) taughtTerms(words string) []term {
	t := v.taught.Load()
	if t == nil {
		return nil
	}
	var out []term
	for _, c := range t.byPhrase[words] {
		out = append(out, term{phrase: words, concern: c})
	}
	return out
}

// taughtWords is the longest taught phrase, in words; 0 when none.
func (v *Vocabulary) taughtWords() int {
	if t := v.taught.Load(); t != nil {
		return t.maxWords
	}
	return 0
}

// knowsTaught reports whether a word is part of what staff taught, so
// that the speller leaves it alone.
func (v *Vocabulary) knowsTaught(w string) bool {
	t := v.taught.Load()
	if t == nil {
		return false
	}
	for p := range t.byPhrase {
		if p == w || strings.HasPrefix(p, w+" ") || strings.HasSuffix(p, " "+w) || strings.Contains(p, " "+w+" ") {
			return true
		}
	}
	return false
}
