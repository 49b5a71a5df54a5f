package directory

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

//go:embed data
var dataFS embed.FS

// Category groups concerns for the phone menu: at most nine, most-asked first.
type Category struct {
	Code     string
	NameEN   string
	NameFR   string
	Concerns []*Concern // most-asked first
}

// Name is the category's name in lang.
func (c *Category) Name(lang Lang) string { return pick(lang, c.NameEN, c.NameFR) }

// Concern is one thing people look for a group about: grief, caregiving...
type Concern struct {
	Code       string
	Category   *Category
	NameEN     string
	NameFR     string
	SynonymsEN []string
	SynonymsFR []string
	Precedence int // which concern a text naming several is about: see Match
}

// Name is the concern's name in lang.
func (c *Concern) Name(lang Lang) string { return pick(lang, c.NameEN, c.NameFR) }

func pick(lang Lang, en, fr string) string {
	if lang == French && fr != "" {
		return fr
	}
	return en
}

// Vocabulary is the line's list of concerns and the words people use for
// them, in English and French. It is data (data/concerns.csv, and
// data/phrases.csv for everyday phrasings), so staff extend it by editing
// a spreadsheet, not Go code.
type Vocabulary struct {
	Categories []*Category
	byCode     map[string]*Concern
	terms      map[string][]term       // normalized phrase -> concerns it names
	book       *phraseBook             // everyday phrasings, for Match only: see phrases.go
	known      map[string]bool         // every word of a term or phrase: no misspelling
	byLength   map[int][]spelling      // the known words by length in letters
	maxWords   int                     // of a term
	matchWords int                     // of a term or a phrase
	chosen     map[string]*Concern     // staff's choice for a whole term of imported data, by normalized term
	taught     *atomic.Pointer[taught] // words staff taught (taught.go); shared by the copies WithTerms makes
}

type term struct {
	phrase  string // normalized
	concern *Concern
	lang    Lang // the language the word belongs to; "" when it is both
}

// Match is what a piece of free text was understood to be about.
type Match struct {
	Concern *Concern
	Lang    Lang   // the language of the words matched; "" when they are the same in both
	Typo    bool   // matched only by tolerating a misspelling
	Said    string // the words that named the concern, normalized, misspellings put right
}

// MaxCategories and MaxPerCategory keep each phone menu to one keypad row of choices.
const (
	MaxCategories  = 9
	MaxPerCategory = 9
)

// LoadVocabulary reads the vocabulary embedded in the binary.
func LoadVocabulary() (*Vocabulary, error) {
	cats, err := dataFS.Open("data/categories.csv")
	if err != nil {
		return nil, err
	}
	defer cats.Close()
	concerns, err := dataFS.Open("data/concerns.csv")
	if err != nil {
		return nil, err
	}
	defer concerns.Close()
	v, err := ParseVocabulary(cats, concerns)
	if err != nil {
		return nil, err
	}
	book, err := embeddedPhrases()
	if err != nil {
		return nil, err
	}
	return v, v.usePhrases(book)
}

// ParseVocabulary reads categories (code,name_en,name_fr) and concerns
// (category,code,name_en,name_fr,synonyms_en,synonyms_fr; synonyms split
// by "|"; an optional precedence column, a whole number, blank for 0),
// both CSV with a header row, in menu order.
func ParseVocabulary(categories, concerns io.Reader) (*Vocabulary, error) {
	v := &Vocabulary{byCode: map[string]*Concern{}, terms: map[string][]term{}, taught: &atomic.Pointer[taught]{},
		known: map[string]bool{}, byLength: map[int][]spelling{}}
	byCat := map[string]*Category{}
	err := readCSV(categories, "categories.csv", []string{"code", "name_en", "name_fr"}, func(line int, r map[string]string) error {
		c := &Category{Code: r["code"], NameEN: r["name_en"], NameFR: r["name_fr"]}
		if c.Code == "" || c.NameEN == "" || c.NameFR == "" {
			return fmt.Errorf("categories.csv:%d: a category needs a code and both names", line)
		}
		if byCat[c.Code] != nil {
			return fmt.Errorf("categories.csv:%d: category %q twice", line, c.Code)
		}
		byCat[c.Code] = c
		v.Categories = append(v.Categories, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(v.Categories) > MaxCategories {
		return nil, fmt.Errorf("categories.csv: %d categories; a phone menu holds at most %d", len(v.Categories), MaxCategories)
	}
	err = readCSV(concerns, "concerns.csv", []string{"category", "code", "name_en", "name_fr", "synonyms_en", "synonyms_fr"}, func(line int, r map[string]string) error {
		cat := byCat[r["category"]]
		if cat == nil {
			return fmt.Errorf("concerns.csv:%d: unknown category %q", line, r["category"])
		}
		c := &Concern{Code: r["code"], Category: cat, NameEN: r["name_en"], NameFR: r["name_fr"],
			SynonymsEN: SplitList(r["synonyms_en"], "|"), SynonymsFR: SplitList(r["synonyms_fr"], "|")}
		if c.Code == "" || c.NameEN == "" || c.NameFR == "" {
			return fmt.Errorf("concerns.csv:%d: a concern needs a code and both names", line)
		}
		if p := r["precedence"]; p != "" {
			if c.Precedence, err = strconv.Atoi(p); err != nil {
				return fmt.Errorf("concerns.csv:%d: precedence %q is not a whole number", line, p)
			}
		}
		if v.byCode[c.Code] != nil {
			return fmt.Errorf("concerns.csv:%d: concern %q twice", line, c.Code)
		}
		if len(cat.Concerns) == MaxPerCategory {
			return fmt.Errorf("concerns.csv:%d: category %q already has %d concerns, the most a phone menu holds", line, cat.Code, MaxPerCategory)
		}
		cat.Concerns = append(cat.Concerns, c)
		v.byCode[c.Code] = c
		v.addTerms(c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, c := range v.Categories {
		if len(c.Concerns) == 0 {
			return nil, fmt.Errorf("categories.csv: category %q has no concerns", c.Code)
		}
	}
	return v, nil
}

func (v *Vocabulary) addTerms(c *Concern) {
	langOf := map[string]Lang{}
	add := func(words string, lang Lang) {
		p := Normalize(words)
		if p == "" {
			return
		}
		if prev, seen := langOf[p]; seen && prev != lang {
			lang = "" // the same word in both languages says nothing of which one
		}
		langOf[p] = lang
	}
	add(c.NameEN, English)
	add(c.Code, English)
	for _, s := range c.SynonymsEN {
		add(s, English)
	}
	add(c.NameFR, French)
	for _, s := range c.SynonymsFR {
		add(s, French)
	}
	for p, lang := range langOf {
		t := term{phrase: p, concern: c, lang: lang}
		v.terms[p] = append(v.terms[p], t)
		v.maxWords = max(v.maxWords, v.learn(p))
	}
}

// learn records the words of a term or phrase as known to Match, and
// returns how many there are.
func (v *Vocabulary) learn(phrase string) int {
	words := strings.Fields(phrase)
	for _, w := range words {
		if !v.known[w] {
			v.known[w] = true
			n := utf8.RuneCountInString(w)
			v.byLength[n] = append(v.byLength[n], spelling{w, countLetters(w)})
		}
	}
	v.matchWords = max(v.matchWords, len(words))
	return len(words)
}

// WithTerms is the vocabulary with staff's choices for terms of imported
// data (normalized term → concern code, as TermStore keeps them): Terms
// reads a term so chosen as its concern. Choices naming a concern the
// vocabulary does not have are left out, and listed.
func (v *Vocabulary) WithTerms(choices map[string]string) (*Vocabulary, []string) {
	w := *v
	w.chosen = make(map[string]*Concern, len(choices))
	var unknown []string
	for term, code := range choices {
		if c, ok := v.byCode[code]; ok {
			w.chosen[Normalize(term)] = c
		} else {
			unknown = append(unknown, term)
		}
	}
	sort.Strings(unknown)
	return &w, unknown
}

// Suggest is the concern the line would guess for a term of imported
// data that names none word for word, as it reads a caller's words.
func (v *Vocabulary) Suggest(term string) (*Concern, bool) {
	m, ok := v.Match(term)
	return m.Concern, ok
}

// Concern returns the concern with the given code.
func (v *Vocabulary) Concern(code string) (*Concern, bool) {
	c, ok := v.byCode[code]
	return c, ok
}

// Concerns lists every concern in menu order.
func (v *Vocabulary) Concerns() []*Concern {
	var all []*Concern
	for _, cat := range v.Categories {
		all = append(all, cat.Concerns...)
	}
	return all
}

// Match finds the concern a caller or texter named in free text, in
// English or French: "grief", "deuil", "care giver", "greif",
// "alzheimer's 249", "my husband died", "je bois trop".
//
// When a text names several concerns, one wins by this rule:
//  1. a phrase inside a longer one found does not count: "hearing loss"
//     is not "loss", "breast cancer" not "cancer";
//  2. words as written win over misspellings put right (see spell): "I
//     lose my pension on lottery tickets" is not "loss";
//  3. the concern of higher precedence (concerns.csv) wins: a particular
//     loss over grief, a death over its cause ("my wife died of cancer"),
//     someone else's addiction over addiction, an illness over the care
//     of it ("my dad has Alzheimer's and I look after him");
//  4. then the longest phrase, then the first.
func (v *Vocabulary) Match(text string) (Match, bool) {
	words, fixed := v.spell(strings.Fields(Normalize(text)))
	found := v.mentions(words, fixed)
	var best *mention
	for i := range found {
		if m := &found[i]; !m.insideAnother(found) && (best == nil || m.outranks(best)) {
			best = m
		}
	}
	if best == nil {
		return Match{}, false
	}
	return Match{Concern: best.concern, Lang: best.lang, Typo: best.typo, Said: best.said}, true
}

// mention is a term or phrase found at words[start:end].
type mention struct {
	term
	start, end int
	said       string
	typo       bool // some of its words were put right
}

// mentions finds every term and phrase in words, trying each run of words
// also with its spaces removed ("care giver" is "caregiver").
func (v *Vocabulary) mentions(words []string, fixed []bool) []mention {
	var found []mention
	longest := max(v.matchWords, v.taughtWords())
	for i := range words {
		for n := 1; n <= longest && i+n <= len(words); n++ {
			said := strings.Join(words[i:i+n], " ")
			keys := []string{said}
			if n > 1 {
				keys = append(keys, strings.ReplaceAll(said, " ", ""))
			}
			typo := slices.Contains(fixed[i:i+n], true)
			for _, k := range keys {
				for _, t := range v.termsAndPhrases(k) {
					found = append(found, mention{t, i, i + n, said, typo})
				}
			}
		}
	}
	return found
}

// termsAndPhrases is what a run of words names, as a term or a phrase.
// Words that are a term in one language and a phrase in the other, for
// the same concern ("cocaine", "cocaïne"), say nothing of the language.
func (v *Vocabulary) termsAndPhrases(words string) []term {
	ts := v.terms[words]
	if taught := v.taughtTerms(words); len(taught) > 0 {
		ts = append(slices.Clip(ts), taught...)
	}
	if v.book == nil {
		return ts
	}
	for _, p := range v.book.phrases[words] {
		t := term{phrase: words, concern: v.byCode[p.code], lang: p.lang}
		i := slices.IndexFunc(ts, func(u term) bool { return u.concern == t.concern })
		switch {
		case i < 0:
			ts = append(slices.Clip(ts), t)
		case ts[i].lang != t.lang:
			ts = slices.Clone(ts)
			ts[i].lang = ""
		}
	}
	return ts
}

// insideAnother says whether a mention of more words covers m's.
func (m *mention) insideAnother(all []mention) bool {
	for _, o := range all {
		if o.start <= m.start && m.end <= o.end && o.end-o.start > m.end-m.start {
			return true
		}
	}
	return false
}

// outranks says whether m wins over o by Match's rule; the first found
// wins a tie.
func (m *mention) outranks(o *mention) bool {
	if m.typo != o.typo {
		return !m.typo
	}
	if m.concern.Precedence != o.concern.Precedence {
		return m.concern.Precedence > o.concern.Precedence
	}
	return len(m.said) > len(o.said)
}

// spell puts right the words Match does not know but nearly does, so
// that a misspelt word still counts, alone ("greif") or in a phrase ("my
// husbnd died"). fixed marks the words put right. A word Match knows is
// never "corrected": "pere" stays pere, not "perte".
func (v *Vocabulary) spell(words []string) (out []string, fixed []bool) {
	out, fixed = slices.Clone(words), make([]bool, len(words))
	for i, w := range words {
		if v.known[w] || v.knowsTaught(w) {
			continue
		}
		if k, ok := v.nearest(w); ok {
			out[i], fixed[i] = k, true
		}
	}
	return out, fixed
}

// nearest is the known word w misspells, tolerating one wrong letter in a
// word of five to seven letters, two in a longer one, and a swapped pair;
// of two as near, the first in alphabetical order, so that Match always
// answers the same. Four-letter words are left alone: one letter off,
// "lose" would be "loss" and "veut" (wants) "veuf" (widower).
func (v *Vocabulary) nearest(w string) (string, bool) {
	n := utf8.RuneCountInString(w)
	if n < 5 {
		return "", false
	}
	limit := 1
	if n >= 8 {
		limit = 2
	}
	best, bestDist := "", limit+1
	letters := countLetters(w)
	for length := n - limit; length <= n+limit; length++ {
		for _, k := range v.byLength[length] {
			if letters.apart(k.letters, 2*limit) {
				continue // too far for editDistance to say otherwise
			}
			if d := editDistance(w, k.word, limit); d < bestDist || d == bestDist && k.word < best {
				best, bestDist = k.word, d
			}
		}
	}
	return best, best != ""
}

// spelling is a known word and its letter counts, which tell cheaply of
// most words that they are too far from it: each edit (a letter added,
// dropped or changed) moves the counts by two at most, a swap not at all.
type spelling struct {
	word    string
	letters letterCount
}

// letterCount counts a to z, then any other letter or digit. A byte each
// is plenty: only words about as long as a known word are compared.
type letterCount [27]uint8

func countLetters(w string) letterCount {
	var c letterCount
	for _, r := range w {
		if r >= 'a' && r <= 'z' {
			c[r-'a']++
		} else {
			c[26]++
		}
	}
	return c
}

// apart says whether two words' letter counts differ by more than limit.
func (c letterCount) apart(d letterCount, limit int) bool {
	sum := 0
	for i := range c {
		diff := int(c[i]) - int(d[i])
		sum += max(diff, -diff)
		if sum > limit {
			return true
		}
	}
	return false
}

// Terms lists every concern a taxonomy term or spreadsheet cell names
// word for word ("Alcohol and drug addiction" names alcohol and drugs).
// Imports use it: a misspelling there is staff's to fix, not ours to guess.
func (v *Vocabulary) Terms(text string) []*Concern {
	words := strings.Fields(Normalize(text))
	if c, ok := v.byCode[strings.TrimSpace(text)]; ok {
		return []*Concern{c}
	}
	if c, ok := v.chosen[Normalize(text)]; ok {
		return []*Concern{c}
	}
	var found []*Concern
	seen := map[*Concern]bool{}
	for i := 0; i < len(words); {
		n := v.longestAt(words, i)
		if n == 0 {
			i++
			continue
		}
		for _, t := range v.termsAt(strings.Join(words[i:i+n], " ")) {
			if !seen[t.concern] {
				seen[t.concern] = true
				found = append(found, t.concern)
			}
		}
		i += n
	}
	return found
}

func (v *Vocabulary) longestAt(words []string, i int) int {
	for n := min(max(v.maxWords, v.taughtWords()), len(words)-i); n > 0; n-- {
		if len(v.termsAt(strings.Join(words[i:i+n], " "))) > 0 {
			return n
		}
	}
	return 0
}

// termsAt is what a run of words names word for word: the vocabulary's
// terms and the words staff taught (never the everyday phrases).
func (v *Vocabulary) termsAt(words string) []term {
	if taught := v.taughtTerms(words); len(taught) > 0 {
		return append(slices.Clip(v.terms[words]), taught...)
	}
	return v.terms[words]
}

// Normalize folds text for matching: lower case, accents removed (é→e,
// œ→oe), apostrophes, hyphens and other punctuation made spaces, runs of
// space folded. "Alzheimer's" becomes "alzheimer s"; "Deuil" "deuil".
func Normalize(s string) string {
	var b strings.Builder
	space := true
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r): // a combining accent
			continue
		case r == 'œ' || r == 'Œ':
			b.WriteString("oe")
			space = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
			space = false
		case !space:
			b.WriteByte(' ')
			space = true
		}
	}
	return strings.TrimSpace(b.String())
}

// editDistance is the optimal-string-alignment distance (insertions,
// deletions, substitutions and swaps of neighbours), giving up past limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if d := len(ra) - len(rb); d > limit || -d > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// readCSV reads a CSV file with a header row, calling row with each
// record by column name and its line number. Missing required columns
// fail the whole file; a row error stops at once.
func readCSV(r io.Reader, name string, required []string, row func(line int, rec map[string]string) error) error {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return fmt.Errorf("%s: reading the header: %w", name, err)
	}
	for i := range header {
		header[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(header[i], "\ufeff")))
	}
	for _, want := range required {
		if !contains(header, want) {
			return fmt.Errorf("%s: no %q column", name, want)
		}
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		var perr *csv.ParseError
		if errors.As(err, &perr) {
			return fmt.Errorf("%s:%d: %w", name, perr.StartLine, err)
		} else if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		m := make(map[string]string, len(header))
		for i, h := range header {
			if i < len(rec) {
				m[h] = strings.TrimSpace(rec[i])
			}
		}
		if err := row(line, m); err != nil {
			return err
		}
	}
}

func contains[T comparable](list []T, x T) bool {
	for _, y := range list {
		if y == x {
			return true
		}
	}
	return false
}
