package telephony

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

func TestGSMTables(t *testing.T) {
	basic := []rune(gsmBasic)
	if len(basic) != 127 { // 128 codes less the escape
		t.Fatalf("basic table has %d characters, want 127", len(basic))
	}
	if n := utf8.RuneCountInString(gsmExtension); n != 10 {
		t.Fatalf("extension table has %d characters, want 10", n)
	}
	// Spot-check positions against GSM 03.38 so a slip in the table shows:
	// codes above the escape (0x1B) sit one place earlier in gsmBasic.
	at := func(code int) rune {
		if code > 0x1B {
			code--
		}
		return basic[code]
	}
	for code, want := range map[int]rune{
		0x00: '@', 0x01: '£', 0x09: 'Ç', 0x0A: '\n', 0x0D: '\r', 0x10: 'Δ', 0x1A: 'Ξ',
		0x1C: 'Æ', 0x1F: 'É', 0x20: ' ', 0x24: '¤', 0x30: '0', 0x3F: '?', 0x40: '¡',
		0x41: 'A', 0x5A: 'Z', 0x5B: 'Ä', 0x5F: '§', 0x60: '¿', 0x61: 'a', 0x7E: 'ü', 0x7F: 'à',
	} {
		if got := at(code); got != want {
			t.Errorf("code %#02x is %q, want %q", code, got, want)
		}
	}
	seen := map[rune]bool{}
	for _, r := range gsmBasic + gsmExtension {
		if seen[r] {
			t.Errorf("%q is in the tables twice", r)
		}
		seen[r] = true
	}
}

func TestIsGSM7(t *testing.T) {
	for _, r := range gsmBasic {
		if !IsGSM7(string(r)) || septets(r) != 1 {
			t.Errorf("basic %q: IsGSM7 %v, septets %d; want true, 1", r, IsGSM7(string(r)), septets(r))
		}
	}
	for _, r := range gsmExtension {
		if !IsGSM7(string(r)) || septets(r) != 2 {
			t.Errorf("extension %q: IsGSM7 %v, septets %d; want true, 2", r, IsGSM7(string(r)), septets(r))
		}
	}
	for _, tc := range []struct {
		s    string
		want bool
	}{
		{"", true},
		{"€", true},
		{"Réunion à 19 h, {salle 2} [entrée] ~ 5 € | 5 $", true},
		{"`", false},      // backtick is not GSM-7
		{"ç", false},      // only the capital Ç is
		{"Ê", false},      // not in GSM-7
		{"\x1b", false},   // the escape is not a character
		{"\t", false},     // no tab in GSM-7
		{"a🙂", false},     // emoji
		{"’", false},      // curly apostrophe
		{"\u00a0", false}, // no-break space
		{"\xff", false},   // invalid UTF-8
	} {
		if got := IsGSM7(tc.s); got != tc.want {
			t.Errorf("IsGSM7(%q) = %v, want %v", tc.s, got, tc.want)
		}
	}
}

func TestSegments(t *testing.T) {
	a, c := strings.Repeat("a", 1), strings.Repeat("ç", 1)
	rep := func(s string, n int) string { return strings.Repeat(s, n) }
	for _, tc := range []struct {
		name     string
		s        string
		enc      Encoding
		segments int
		units    int
	}{
		{"empty", "", GSM7, 0, 0},
		{"one letter", "a", GSM7, 1, 1},
		{"160 letters", rep(a, 160), GSM7, 1, 160},
		{"161 letters", rep(a, 161), GSM7, 2, 161},
		{"306 letters", rep(a, 306), GSM7, 2, 306},
		{"307 letters", rep(a, 307), GSM7, 3, 307},
		{"459 letters", rep(a, 459), GSM7, 3, 459},
		{"460 letters", rep(a, 460), GSM7, 4, 460},
		{"euro alone", "€", GSM7, 1, 2},
		{"all extensions", gsmExtension, GSM7, 1, 20},
		{"158 letters and euro: 160 septets", rep(a, 158) + "€", GSM7, 1, 160},
		{"159 letters and euro: 161 septets", rep(a, 159) + "€", GSM7, 2, 161},
		// 152 | € + 151: the euro fits the second segment exactly.
		{"euro after 152, then 151", rep(a, 152) + "€" + rep(a, 151), GSM7, 2, 305},
		// 306 septets divide into 2 segments of 153, but the euro cannot
		// straddle septets 153-154: 152 | € + 151 | 1, so 3 segments.
		{"euro straddling 153", rep(a, 152) + "€" + rep(a, 152), GSM7, 3, 306},
		// 152 + € + 153 = 307 septets: 152 | € + 151 | 2, also 3.
		{"euro after 152, then 153", rep(a, 152) + "€" + rep(a, 153), GSM7, 3, 307},
		{"accents GSM-7 has", "éèùìòàÉÇñÑüÜöÖäÄåÅæÆøØß", GSM7, 1, 23},
		{"70 ç", rep(c, 70), UCS2, 1, 70},
		{"71 ç", rep(c, 71), UCS2, 2, 71},
		{"134 ç", rep(c, 134), UCS2, 2, 134},
		{"135 ç", rep(c, 135), UCS2, 3, 135},
		{"emoji alone", "🙂", UCS2, 1, 2},
		{"letter and emoji", "a🙂", UCS2, 1, 3},
		{"35 emoji", rep("🙂", 35), UCS2, 1, 70},
		{"36 emoji", rep("🙂", 36), UCS2, 2, 72},
		// One ç makes all 160 letters UCS-2: 160 units in 67-unit parts.
		{"159 letters and ç", rep(a, 159) + c, UCS2, 3, 160},
		// 134 units divide into 2 segments of 67, but the pair cannot
		// straddle units 67-68: 66 | 🙂 + 65 | 1, so 3 segments.
		{"emoji straddling 67", rep(c, 66) + "🙂" + rep(c, 66), UCS2, 3, 134},
		{"emoji after 66, then 65", rep(c, 66) + "🙂" + rep(c, 65), UCS2, 2, 133},
		{"invalid UTF-8", "a\xffb", UCS2, 1, 3},
	} {
		enc, segments, units := Segments(tc.s)
		if enc != tc.enc || segments != tc.segments || units != tc.units {
			t.Errorf("%s: Segments = %v, %d, %d; want %v, %d, %d",
				tc.name, enc, segments, units, tc.enc, tc.segments, tc.units)
		}
	}
}

func TestEncodingString(t *testing.T) {
	for e, want := range map[Encoding]string{GSM7: "GSM-7", UCS2: "UCS-2", 7: "Encoding(7)"} {
		if got := e.String(); got != want {
			t.Errorf("Encoding(%d).String() = %q, want %q", int(e), got, want)
		}
	}
}

func TestFold(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"Répondez ARRÊT", "Répondez ARRET"},
		{"Groupe d’entraide – deuil", "Groupe d'entraide - deuil"},
		{"Français", "Francais"},
		{"“Grief” — ‘loss’ − ‚x‛ „y‟", `"Grief" - 'loss' - 'x' "y"`},
		{"Réunion à 19 h…", "Réunion à 19 h..."},
		{"«\u00a0Bonjour\u202f»", `" Bonjour "`},
		{"‹ oui ›", "' oui '"},
		{"a\u2009b\u3000c\u2003d", "a b c d"},
		{"`code´", "'code'"},
		{"Cœur, ŒUVRE", "Coeur, OEUVRE"},
		{"âêîôûçëïÿ", "aeiouceiy"},
		{"ÀÂÊÈÎÔÛÙËÏŸÇ", "AAEEIOUUEIYÇ"},
		{"áíóúãõý ÁÍÓÚÃÕÝÌÒ", "aiouaoy AIOUAOYIO"},
		{"é è à ù ì ò É Ç ñ Ñ ü Ü ö Ö ä Ä å Å æ Æ ø Ø ß", "é è à ù ì ò É Ç ñ Ñ ü Ü ö Ö ä Ä å Å æ Æ ø Ø ß"},
		{"5 € {x} [y] ~ \\ ^ |", "5 € {x} [y] ~ \\ ^ |"},
		{"Merci 🙏 谢谢", "Merci 🙏 谢谢"},
		{"👨\u200d👩\u200d👧", "👨\u200d👩\u200d👧"}, // joiners kept inside emoji
		{"Ligne 1\nLigne 2\r\n\x00\x07fin\x1b\x7f\u0080", "Ligne 1\nLigne 2\r\nfin"},
		{"page\fbreak", "pagebreak"},
		{"a\tb", "a b"},
		{"un\u2028deux\u2029trois\u0085quatre", "un\ndeux\ntrois\nquatre"},
		{"\ufeffen\u00adtraide\u200b\u2060", "entraide"},
		{"a\xffb", "a\uFFFDb"},
	} {
		if got := Fold(tc.in); got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestFoldToGSM7(t *testing.T) {
	for _, tc := range []struct {
		in                string
		before, after     Encoding
		segBefore, segAft int
	}{
		{"Répondez ARRÊT", UCS2, GSM7, 1, 1},
		{"Français", UCS2, GSM7, 1, 1},
		{"Groupe d’entraide – deuil", UCS2, GSM7, 1, 1},
		// 100 characters with a curly apostrophe: 2 UCS-2 segments, 1 GSM-7.
		{"l’" + strings.Repeat("a", 98), UCS2, GSM7, 2, 1},
		{"Merci 🙏", UCS2, UCS2, 1, 1},
	} {
		enc, seg, _ := Segments(tc.in)
		fenc, fseg, _ := Segments(Fold(tc.in))
		if enc != tc.before || seg != tc.segBefore || fenc != tc.after || fseg != tc.segAft {
			t.Errorf("%q: %v/%d before folding, %v/%d after; want %v/%d, %v/%d",
				tc.in, enc, seg, fenc, fseg, tc.before, tc.segBefore, tc.after, tc.segAft)
		}
	}
}

func FuzzSegments(f *testing.F) {
	for _, s := range []string{
		"", "a", "€", "🙂", "ç", "\xff", "\x1b", "\f\t\r\n",
		"Répondez ARRÊT", "Groupe d’entraide – deuil", "«\u00a0Bonjour\u202f»…", "Cœur",
		strings.Repeat("a", 152) + "€" + strings.Repeat("a", 152),
		strings.Repeat("ç", 66) + "🙂" + strings.Repeat("ç", 66),
		strings.Repeat("0", 67) + "\xac", // 68 units in one segment: once misjudged by the invariant below
		gsmBasic + gsmExtension,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc, segments, units := Segments(s)
		runes := utf8.RuneCountInString(s)
		if (segments == 0) != (s == "") || (units == 0) != (s == "") {
			t.Fatalf("Segments(%q) = %d segments, %d units", s, segments, units)
		}
		if (enc == GSM7) != IsGSM7(s) {
			t.Fatalf("Segments(%q) encoding %v, IsGSM7 %v", s, enc, IsGSM7(s))
		}
		single, part := gsmSingle, gsmPart
		if enc == GSM7 {
			ext := 0
			for _, r := range s {
				if strings.ContainsRune(gsmExtension, r) {
					ext++
				}
			}
			if units != runes+ext {
				t.Fatalf("Segments(%q) = %d septets, want %d", s, units, runes+ext)
			}
		} else {
			single, part = ucsSingle, ucsPart
			if want := len(utf16.Encode([]rune(s))); units != want {
				t.Fatalf("Segments(%q) = %d UTF-16 units, want %d", s, units, want)
			}
		}
		// One segment if it fits; otherwise at least units/part rounded up,
		// and every segment but the last holds at least part-1 units, as
		// only a 2-unit character is pushed on to the next.
		if s != "" && units <= single && segments != 1 ||
			units > single && (segments < (units+part-1)/part || units < (segments-1)*(part-1)+1) {
			t.Fatalf("Segments(%q) = %v, %d segments, %d units", s, enc, segments, units)
		}

		folded := Fold(s)
		if !utf8.ValidString(folded) {
			t.Fatalf("Fold(%q) = %q, invalid UTF-8", s, folded)
		}
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold not idempotent: Fold(%q) = %q, Fold of that = %q", s, folded, again)
		}
		if n := utf8.RuneCountInString(folded); n > 3*runes { // "…" → "..." is the longest
			t.Fatalf("Fold(%q) = %q, %d runes from %d", s, folded, n, runes)
		}
		if IsGSM7(s) && !strings.ContainsRune(s, '\f') && folded != s {
			t.Fatalf("Fold changed GSM-7 text %q to %q", s, folded)
		}
		for _, r := range folded {
			if r != '\n' && r != '\r' && unicode.IsControl(r) {
				t.Fatalf("Fold(%q) = %q keeps control character %q", s, folded, r)
			}
			if gsmFold[r] != "" || gsmDrop[r] || (septets(r) == 0 && unicode.Is(unicode.Zs, r)) {
				t.Fatalf("Fold(%q) = %q keeps foldable %q", s, folded, r)
			}
		}
	})
}
