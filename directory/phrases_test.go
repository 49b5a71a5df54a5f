package directory

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
)

// minUnderstood is the share of everyday phrasings Match must get right.
const minUnderstood = 0.95

// phrasing is one line of testdata/phrasings.csv: how someone might say
// what they look for, and the concern they mean.
type phrasing struct {
	text    string
	lang    Lang
	concern string
}

func readPhrasings(t *testing.T) []phrasing {
	t.Helper()
	f, err := os.Open("testdata/phrasings.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var all []phrasing
	err = readCSV(f, "phrasings.csv", []string{"text", "lang", "concern"}, func(_ int, r map[string]string) error {
		all = append(all, phrasing{r["text"], Lang(r["lang"]), r["concern"]})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return all
}

// share is how many of a set of phrasings were understood.
type share struct{ got, of int }

func (s share) String() string {
	return fmt.Sprintf("%d/%d = %.1f %%", s.got, s.of, 100*s.ratio())
}

func (s share) ratio() float64 { return float64(s.got) / float64(max(s.of, 1)) }

// An everyday phrasing is understood when Match finds its concern and, if
// it hears a language, the right one: the text line answers in it.
func TestEverydayPhrasingsReachTheirConcern(t *testing.T) {
	v := mustVocab(t)
	all := readPhrasings(t)
	if len(all) < 220 {
		t.Fatalf("%d phrasings; the corpus should hold at least 220", len(all))
	}
	var total share
	byLang := map[Lang]*share{English: {}, French: {}}
	for _, p := range all {
		if _, ok := v.Concern(p.concern); !ok || byLang[p.lang] == nil {
			t.Fatalf("phrasings.csv: %q: unknown concern %q or language %q", p.text, p.concern, p.lang)
		}
		total.of++
		byLang[p.lang].of++
		m, ok := v.Match(p.text)
		if ok && m.Concern.Code == p.concern && (m.Lang == "" || m.Lang == p.lang) {
			total.got++
			byLang[p.lang].got++
			continue
		}
		t.Logf("missed %q (%s): %s", p.text, p.concern, heard(m, ok))
	}
	t.Logf("understood %s (English %s, French %s)", total, byLang[English], byLang[French])
	if total.ratio() < minUnderstood {
		t.Errorf("understood %s; want at least %.0f %%", total, 100*minUnderstood)
	}
}

func heard(m Match, ok bool) string {
	if !ok {
		return "nothing"
	}
	return fmt.Sprintf("%s (%q) from %q", m.Concern.Code, m.Lang, m.Said)
}

// Small talk, commands and a crisis are not a concern: the text line and
// the phone menu answer those themselves.
func TestMatchLeavesSmallTalkAlone(t *testing.T) {
	v := mustVocab(t)
	for _, said := range []string{
		"hello", "hi", "hi there how are you", "good morning", "bonjour", "bonsoir", "allo", "salut",
		"help", "thanks", "thank you so much", "merci", "merci beaucoup", "ok", "yes please", "who is this",
		"I want to talk to someone", "je veux parler à quelqu'un", "can you call me back", "rappelez-moi",
		"support group near me", "groupe de soutien", "when is the next meeting", "please cancel",
		"I've been thinking", "sounds lovely", "i lost my keys", "my husband is at work", "ma mère va bien",
		"I want to die", "je veux mourir",
	} {
		if m, ok := v.Match(said); ok {
			t.Errorf("Match(%q) = %s; want no concern", said, heard(m, ok))
		}
	}
}

// A town the line knows is where to look, not a misspelt concern. (Blind
// River does name one, "blind": the text line takes towns out first.)
func TestMatchDoesNotMisreadTowns(t *testing.T) {
	v := mustVocab(t)
	areas, err := LoadAreas()
	if err != nil {
		t.Fatal(err)
	}
	for _, town := range areas.Towns() {
		for _, name := range []string{town.Name, town.NameFR} {
			if m, ok := v.Match(name); ok && m.Typo {
				t.Errorf("Match(%q) = %s; want no misspelling", name, heard(m, ok))
			}
		}
	}
}

// When a text names several concerns, the one Match's rule puts first
// wins; and a misspelling is put right only where no word is known.
func TestMatchPicksTheParticularConcern(t *testing.T) {
	v := mustVocab(t)
	tests := []struct {
		said, want string
		typo       bool
	}{
		{"hearing loss", "disability", false},
		{"memory loss", "dementia", false},
		{"breast cancer", "breast-cancer", false},
		{"lost my job", "employment", false},
		{"j'ai perdu mon emploi", "employment", false},
		{"my son died by suicide", "suicide-loss", false},
		{"we lost our baby", "pregnancy-loss", false},
		{"my husband died of a heart attack", "grief", false},
		{"I almost died of a heart attack", "heart", false},
		{"my dad has Alzheimer's and I look after him", "dementia", false},
		{"I look after my dad", "caregiving", false},
		{"my husband drinks too much", "addiction-family", false},
		{"I drink too much", "alcohol", false},
		{"my mom uses a wheelchair", "disability", false},
		{"substance abuse", "drugs", false},
		{"gambling addiction", "gambling", false},
		{"I lose my pension on lottery tickets", "gambling", false},
		{"mon mari veut divorcer", "separation", false},
		{"my husband died 705", "grief", false},
		{"lost my wife, sault ste marie", "grief", false},
		{"my husbnd died", "grief", true},
		{"mon pere a lalzheimer", "dementia", true},
		{"breast cancr", "breast-cancer", true},
		{"cancer du sien", "cancer", false}, // four letters are too few to put right
	}
	for _, tt := range tests {
		m, ok := v.Match(tt.said)
		if !ok || m.Concern.Code != tt.want || m.Typo != tt.typo {
			t.Errorf("Match(%q) = %s (typo %v); want %s (typo %v)", tt.said, heard(m, ok), m.Typo, tt.want, tt.typo)
		}
	}
}

// Phrases help free text only: a publisher's taxonomy name is mapped
// word for word, as before.
func TestTermsIgnoreEverydayPhrases(t *testing.T) {
	v := mustVocab(t)
	for _, name := range []string{"Food and drink", "Lost my husband", "Je bois trop", "Look after your heart", "Funeral homes"} {
		var got []string
		for _, c := range v.Terms(name) {
			got = append(got, c.Code)
		}
		want := map[string]string{"Look after your heart": "heart"}[name]
		if strings.Join(got, ",") != want {
			t.Errorf("Terms(%q) = %v; want %q", name, got, want)
		}
	}
}

func TestPatternsExpandAsWritten(t *testing.T) {
	classes := "class,lang,words\nkin,en,Husband|wife\nmy,en,my|our\nkins,en,{kin}s|{kin} s\n"
	patterns := "concern,lang,pattern\ngrief,en,lost {my} {kin}\ngrief,en,{kins} funeral\n"
	book, err := readPhraseBook(strings.NewReader(classes), strings.NewReader(patterns), strings.NewReader("lang,words\n"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for p := range book.phrases {
		got = append(got, p)
	}
	slices.Sort(got)
	want := "husband s funeral,husbands funeral,lost my husband,lost my wife,lost our husband,lost our wife,wife s funeral,wifes funeral"
	if strings.Join(got, ",") != want {
		t.Errorf("phrases %v; want %s", got, want)
	}
}

func TestReadPhraseBookRejectsBadData(t *testing.T) {
	classes := "class,lang,words\nkin,en,husband|wife\n"
	tests := []struct{ name, classes, patterns, want string }{
		{"unknown class", classes, "concern,lang,pattern\ngrief,en,lost my {pet}\n", `phrases.csv:2: no word class "pet" in en`},
		{"class of the other language", classes, "concern,lang,pattern\ngrief,fr,perdu {kin}\n", `phrases.csv:2: no word class "kin" in fr`},
		{"bad language", classes, "concern,lang,pattern\ngrief,de,verloren\n", `phrases.csv:2: language "de"`},
		{"class naming itself", "class,lang,words\nkin,en,{kin}\n", "concern,lang,pattern\ngrief,en,lost {kin}\n", "nests deeper"},
		{"class twice", classes + "kin,en,son\n", "concern,lang,pattern\n", `wordclasses.csv:3: class "kin" twice`},
		{"missing column", "class,words\n", "concern,lang,pattern\n", `wordclasses.csv: no "lang" column`},
	}
	for _, tt := range tests {
		_, err := readPhraseBook(strings.NewReader(tt.classes), strings.NewReader(tt.patterns), strings.NewReader("lang,words\n"))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: err = %v; want %q", tt.name, err, tt.want)
		}
	}
	book, err := readPhraseBook(strings.NewReader(classes), strings.NewReader("concern,lang,pattern\ngrief,en,x\nnope,en,lost my {kin}\n"), strings.NewReader("lang,words\n"))
	if err != nil {
		t.Fatal(err)
	}
	v := mustVocab(t)
	if err := v.usePhrases(book); err == nil || !strings.Contains(err.Error(), `phrases.csv:3: unknown concern "nope"`) {
		t.Errorf("an unknown concern: err = %v", err)
	}
}
