package directory

import (
	"embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"

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
// them, in English and French. It is data (data/concerns.csv), so staff
// extend it by editing a spreadsheet, not Go code.
type Vocabulary struct {
	Categories []*Category
	byCode     map[string]*Concern
	terms      map[string][]term // normalized phrase -> concerns it names
	single     []term            // one-word terms, for typo matching
	maxWords   int
}

type term struct {
	phrase  string // normalized
	concern *Concern
	lang    Lang // the language the word belongs to; "" when it is both
}

// Match is what a piece of free text was understood to be about.
type Match struct {
	Concern *Concern
	Lang    Lang // the language of the words matched; "" when they are the same in both
	Typo    bool // matched only by tolerating a misspelling
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
	return ParseVocabulary(cats, concerns)
}

// ParseVocabulary reads categories (code,name_en,name_fr) and concerns
// (category,code,name_en,name_fr,synonyms_en,synonyms_fr; synonyms split
// by "|"), both CSV with a header row, in menu order.
func ParseVocabulary(categories, concerns io.Reader) (*Vocabulary, error) {
	v := &Vocabulary{byCode: map[string]*Concern{}, terms: map[string][]term{}}
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
		n := strings.Count(p, " ") + 1
		v.maxWords = max(v.maxWords, n)
		if n == 1 {
			v.single = append(v.single, t)
		}
	}
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
// "alzheimer's 249". Whole words win over misspellings and the longest
// phrase wins ("breast cancer" over "cancer", "hearing loss" over "loss").
func (v *Vocabulary) Match(text string) (Match, bool) {
	words := strings.Fields(Normalize(text))
	if m, ok := v.exact(words); ok {
		return m, true
	}
	return v.typo(words)
}

// exact finds the longest phrase in words that names a concern, trying
// each phrase also with its spaces removed ("care giver" is "caregiver").
func (v *Vocabulary) exact(words []string) (Match, bool) {
	var best term
	bestLen := 0
	for i := range words {
		for n := 1; n <= v.maxWords && i+n <= len(words); n++ {
			phrase := strings.Join(words[i:i+n], " ")
			for _, p := range []string{phrase, strings.ReplaceAll(phrase, " ", "")} {
				if ts := v.terms[p]; len(ts) > 0 && len(phrase) > bestLen {
					best, bestLen = ts[0], len(phrase)
				}
			}
		}
	}
	return Match{Concern: best.concern, Lang: best.lang}, bestLen > 0
}

// typo tolerates one wrong letter in a word of four to seven letters, two in
// a longer one, and a swapped pair ("greif"), against single-word terms.
func (v *Vocabulary) typo(words []string) (Match, bool) {
	var best term
	bestDist := 99
	for i, w := range words {
		candidates := []string{w}
		if i+1 < len(words) {
			candidates = append(candidates, w+words[i+1])
		}
		for _, c := range candidates {
			if len([]rune(c)) < 4 || stopWords[c] {
				continue
			}
			limit := 1
			if len([]rune(c)) >= 8 {
				limit = 2
			}
			for _, t := range v.single {
				if d := editDistance(c, t.phrase, limit); d <= limit && d < bestDist {
					best, bestDist = t, d
				}
			}
		}
	}
	return Match{Concern: best.concern, Lang: best.lang, Typo: true}, bestDist < 99
}

// Terms lists every concern a taxonomy term or spreadsheet cell names
// word for word ("Alcohol and drug addiction" names alcohol and drugs).
// Imports use it: a misspelling there is staff's to fix, not ours to guess.
func (v *Vocabulary) Terms(text string) []*Concern {
	words := strings.Fields(Normalize(text))
	if c, ok := v.byCode[strings.TrimSpace(text)]; ok {
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
		for _, t := range v.terms[strings.Join(words[i:i+n], " ")] {
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
	for n := min(v.maxWords, len(words)-i); n > 0; n-- {
		if len(v.terms[strings.Join(words[i:i+n], " ")]) > 0 {
			return n
		}
	}
	return 0
}

// stopWords are never corrected into a concern: "support" is not "sport".
var stopWords = map[string]bool{
	"support": true, "group": true, "groups": true, "groupe": true, "groupes": true,
	"help": true, "aide": true, "near": true, "pres": true, "meeting": true, "meetings": true,
	"please": true, "looking": true, "need": true, "with": true, "about": true, "pour": true,
	"avec": true, "dans": true, "soutien": true, "there": true, "where": true, "what": true,
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
