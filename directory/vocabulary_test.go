package directory

import (
	"strings"
	"testing"
)

func mustVocab(t testing.TB) *Vocabulary {
	t.Helper()
	v, err := LoadVocabulary()
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestMatchUnderstandsWhatPeopleSay(t *testing.T) {
	v := mustVocab(t)
	tests := []struct {
		said string
		want string
		lang Lang
		typo bool
	}{
		{"grief", "grief", English, false},
		{"Grief", "grief", English, false},
		{"greif", "grief", English, true},
		{"bereavement group", "grief", English, false},
		{"my husband died, I'm a widow", "grief", English, false},
		{"deuil", "grief", French, false},
		{"Deuil Sudbury", "grief", French, false},
		{"veuve", "grief", French, false},
		{"care giver", "caregiving", English, false},
		{"caregiver support near sault ste marie", "caregiving", English, false},
		{"proche aidant", "caregiving", French, false},
		{"alzheimers", "dementia", "", false},
		{"alzheimer's 249", "dementia", "", false},
		{"Alzheimer’s", "dementia", "", false},
		{"alzhiemer", "dementia", "", true},
		{"démence", "dementia", French, false},
		{"demence", "dementia", French, false},
		{"breast cancer", "breast-cancer", English, false},
		{"cancer du sein", "breast-cancer", French, false},
		{"cancer", "cancer", "", false},
		{"hearing loss", "disability", English, false},
		{"job loss", "employment", English, false},
		{"heart attack", "heart", English, false},
		{"coeur", "heart", French, false},
		{"cœur", "heart", French, false},
		{"AVC", "stroke", French, false},
		{"alcohol", "alcohol", English, false},
		{"alchohol", "alcohol", English, true},
		{"gamblng", "gambling", English, true},
		{"al-anon", "addiction-family", "", false},
		{"parkinsons", "parkinsons", English, false},
		{"sclérose en plaques", "ms", French, false},
		{"crohn's", "ibd", "", false},
		{"LGBTQ+", "lgbtq", "", false},
		{"suicide loss", "suicide-loss", English, false},
	}
	for _, tt := range tests {
		m, ok := v.Match(tt.said)
		if !ok {
			t.Errorf("Match(%q): nothing; want %s", tt.said, tt.want)
			continue
		}
		if m.Concern.Code != tt.want || m.Typo != tt.typo {
			t.Errorf("Match(%q) = %s (typo %v); want %s (typo %v)", tt.said, m.Concern.Code, m.Typo, tt.want, tt.typo)
		}
		if tt.lang != "" && m.Lang != tt.lang {
			t.Errorf("Match(%q) heard as %q; want %q", tt.said, m.Lang, tt.lang)
		}
	}
}

func TestMatchDoesNotGuessWildly(t *testing.T) {
	v := mustVocab(t)
	for _, said := range []string{"", "hello", "support group", "705", "what time is it", "xyz", "SELECT * FROM groups", "🙂🙂"} {
		if m, ok := v.Match(said); ok {
			t.Errorf("Match(%q) = %s; want no concern", said, m.Concern.Code)
		}
	}
}

func TestTermsMapPublishersWordsWithoutGuessing(t *testing.T) {
	v := mustVocab(t)
	tests := []struct {
		term string
		want []string
	}{
		{"Grief and loss", []string{"grief"}},
		{"Bereavement", []string{"grief"}},
		{"Widowed persons", []string{"grief"}},
		{"Alcohol and drug addiction", []string{"alcohol", "drugs"}},
		{"caregiving", []string{"caregiving"}},
		{"Greif", nil}, // staff's typo is staff's to fix
		{"Basket weaving", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range v.Terms(tt.term) {
			got = append(got, c.Code)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("Terms(%q) = %v; want %v", tt.term, got, tt.want)
		}
	}
}

func TestVocabularyFitsThePhoneMenu(t *testing.T) {
	v := mustVocab(t)
	if n := len(v.Categories); n == 0 || n > MaxCategories {
		t.Fatalf("%d categories; want 1 to %d", n, MaxCategories)
	}
	if n := len(v.Concerns()); n < 30 {
		t.Errorf("%d concerns; the line should know about 30", n)
	}
	for _, c := range v.Concerns() {
		if c.NameEN == "" || c.NameFR == "" || len(c.SynonymsEN) == 0 || len(c.SynonymsFR) == 0 {
			t.Errorf("concern %s lacks a name or synonyms in one language", c.Code)
		}
		if m, ok := v.Match(c.NameEN); !ok || m.Concern != c {
			t.Errorf("the English name %q does not find its own concern", c.NameEN)
		}
		if m, ok := v.Match(c.NameFR); !ok || m.Concern != c {
			t.Errorf("the French name %q does not find its own concern", c.NameFR)
		}
	}
}

func TestParseVocabularyRejectsBadData(t *testing.T) {
	cats := "code,name_en,name_fr\ngrief,Grief,Deuil\n"
	tests := []struct{ name, cats, concerns, want string }{
		{"unknown category", cats, "category,code,name_en,name_fr,synonyms_en,synonyms_fr\nnope,x,X,X,,\n", "concerns.csv:2: unknown category"},
		{"twice", cats, "category,code,name_en,name_fr,synonyms_en,synonyms_fr\ngrief,g,G,G,,\ngrief,g,G,G,,\n", "concerns.csv:3: concern \"g\" twice"},
		{"missing name", cats, "category,code,name_en,name_fr,synonyms_en,synonyms_fr\ngrief,g,G,,,\n", "concerns.csv:2: a concern needs"},
		{"missing column", cats, "category,code\n", `no "name_en" column`},
		{"empty category", cats + "other,Other,Autre\n", "category,code,name_en,name_fr,synonyms_en,synonyms_fr\ngrief,g,G,G,,\n", `category "other" has no concerns`},
	}
	for _, tt := range tests {
		_, err := ParseVocabulary(strings.NewReader(tt.cats), strings.NewReader(tt.concerns))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v; want %q", tt.name, err, tt.want)
		}
	}
}

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"Alzheimer's":      "alzheimer s",
		"  Deuil   ":       "deuil",
		"Sault Ste. Marie": "sault ste marie",
		"Cœur":             "coeur",
		"ÉNERGIE-été":      "energie ete",
		"hiv/aids":         "hiv aids",
	} {
		if got := Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q; want %q", in, got, want)
		}
	}
}

func BenchmarkMatch(b *testing.B) {
	v := mustVocab(b)
	for b.Loop() {
		v.Match("caregiver support near sault ste marie")
		v.Match("greif")
	}
}

// Staff's choices for terms are read by imports; a choice naming a
// concern the line no longer has is listed, not guessed.
func TestStaffChoicesForTerms(t *testing.T) {
	v := mustVocab(t)
	if got := v.Terms("Those Left Behind Circle"); len(got) != 0 {
		t.Fatalf("before any choice the term named %v", got)
	}
	w, unknown := v.WithTerms(map[string]string{"those left behind circle": "grief", "old topic": "no-such-concern"})
	if got := w.Terms("Those Left Behind Circle"); len(got) != 1 || got[0].Code != "grief" {
		t.Errorf("with the choice: %v", got)
	}
	if len(unknown) != 1 || unknown[0] != "old topic" {
		t.Errorf("unknown choices: %v", unknown)
	}
	if got := v.Terms("Those Left Behind Circle"); len(got) != 0 {
		t.Error("WithTerms changed the vocabulary it was made from")
	}
	if c, ok := v.Suggest("Bereavement support for widows"); !ok || c.Code != "grief" {
		t.Errorf("the suggestion for a term: %v %v", c, ok)
	}
}

// Words staff teach are understood at once, by callers' words and by
// imports, in place of the old ones; a word for an unknown concern is
// listed, not guessed.
func TestTaughtWords(t *testing.T) {
	v := mustVocab(t)
	if _, ok := v.Match("empty nest blues"); ok {
		t.Fatal("understood before it was taught")
	}
	unknown := v.Teach(map[string]string{"empty nest": "aging", "kaffeeklatsch": "no-such-concern"})
	if len(unknown) != 1 || unknown[0] != "kaffeeklatsch" {
		t.Errorf("unknown: %v", unknown)
	}
	if m, ok := v.Match("my empty nest blues, 705"); !ok || m.Concern.Code != "aging" || m.Typo {
		t.Errorf("a caller's words: %+v %v", m, ok)
	}
	if got := v.Terms("Empty Nest; grief"); len(got) != 2 || got[0].Code != "aging" {
		t.Errorf("an import's cell: %v", got)
	}
	w, _ := v.WithTerms(nil)
	if m, ok := w.Match("empty nest"); !ok || m.Concern.Code != "aging" {
		t.Error("a copy made for an import does not know the taught words")
	}
	v.Teach(nil)
	if _, ok := v.Match("empty nest blues"); ok {
		t.Error("a word no longer taught is still understood")
	}
}
