package meetingguide

import (
	"slices"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
)

func TestTypesTableFitsATypeSet(t *testing.T) {
	if len(types) > 128 {
		t.Fatalf("%d types: typeSet holds 128", len(types))
	}
	seen := map[string]bool{}
	for _, ty := range types {
		c := strings.ToUpper(ty.code)
		if seen[c] {
			t.Errorf("type %s twice", ty.code)
		}
		seen[c] = true
		said := ty.effect == described || ty.effect == audience || ty.effect == otherLang
		if said != (ty.en != "" && ty.fr != "") {
			t.Errorf("type %s: words in English and French exactly when it is said", ty.code)
		}
	}
}

func TestTypesGiveLanguagesAndWords(t *testing.T) {
	for _, tc := range []struct {
		types []any
		langs []directory.Lang
		desc  string
	}{
		{nil, nil, ""},
		{[]any{"EN"}, []directory.Lang{directory.English}, ""},
		{[]any{"FR"}, []directory.Lang{directory.French}, ""},
		{[]any{"fr", "en"}, []directory.Lang{directory.English, directory.French}, ""},
		{[]any{"W", "B"}, nil, "Women. Big Book."},
		{[]any{"B", "W"}, nil, "Women. Big Book."}, // table order, whatever the feed's
		{[]any{"FR", "O", "X"}, []directory.Lang{directory.French}, "Réunion ouverte : tous sont bienvenus. Accès en fauteuil roulant."},
		{[]any{"EN", "S"}, []directory.Lang{directory.English}, "Also in Spanish."},
		{[]any{"C", "XYZ", "12X12"}, nil, "Closed meeting: for members only. 12 Steps and 12 Traditions."}, // unknown codes passed over
		{[]any{"DB", "POA", "ONL"}, nil, ""},
	} {
		g := readOne(t, with(obj{"types": tc.types}))
		if !slices.Equal(g.Languages, tc.langs) || g.Description != tc.desc {
			t.Errorf("types %v: languages %v description %q, want %v %q", tc.types, g.Languages, g.Description, tc.langs, tc.desc)
		}
	}
	g := readOne(t, with(obj{"types": "O, D"})) // a sheet's one string
	if g.Description != "Open meeting: anyone may attend. Discussion." {
		t.Errorf("types \"O, D\": description %q", g.Description)
	}
}

func TestAMeetingInALanguageTheLineDoesNotSpeakIsReported(t *testing.T) {
	mustContain(t, readBad(t, with(obj{"types": []string{"S"}})), "types: the meeting is in a language the line does not speak")
}

func TestNotesMakeTheDescription(t *testing.T) {
	g := readOne(t, with(obj{"types": []string{"O"}, "notes": "Ring the buzzer.", "group_notes": "Since 1962.",
		"location_notes": "Side door &amp; downstairs.", "email": "hope@example.org", "phone": "705-555-0142", "entity": "District 84"}))
	want := "Open meeting: anyone may attend.\nRing the buzzer.\nSince 1962.\nSide door & downstairs."
	if g.Description != want {
		t.Errorf("description %q, want %q", g.Description, want)
	}
	if g.Email != "hope@example.org" || g.Phone != "+17055550142" || g.Organization != "District 84" {
		t.Errorf("contact %q %q %q", g.Email, g.Phone, g.Organization)
	}
	mustContain(t, readBad(t, with(obj{"email": "hope at example"})), `email "hope at example" is not an email address`)
}
