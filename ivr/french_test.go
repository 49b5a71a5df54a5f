package ivr

import (
	"context"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// The same conversations in French, after 9: words, a confirmation, a
// search that finds nothing near, and a caller whose number is hidden.

func TestFrenchSpeechIsUnderstoodAndConfirmed(t *testing.T) {
	w := newWorld(t)
	converse(t, phone(mount(w.line(t)), saultCaller), []act{
		{do: "call"}, {do: "9"}, {do: "1", hear: []string{"Dites le sujet du groupe, ou choisissez. | Deuil et perte: appuyez sur le 1."}},
		{do: "say:j'ai perdu mon mari", hear: []string{"J'ai trouvé 3 groupes sur le sujet Deuil, près de Sault-Sainte-Marie.", "Groupe 1: Algoma Grief Companions."}},
	})
	p := phone(mount(w.line(t)), saultCaller)
	converse(t, p, []act{{do: "call"}, {do: "9"}, {do: "1"}})
	turn, err := p.SpeakUnsure(context.Background(), "deuil", 0.35)
	if err != nil || !strings.Contains(heard(turn), "Deuil. Est-ce bien cela? | Si oui, appuyez sur le 1. Sinon, appuyez sur le 2.") {
		t.Fatalf("unsure: %v\n%s", err, heard(turn))
	}
	if turn.Gather == nil || turn.Gather.Hints != "oui, non" {
		t.Errorf("the confirmation should listen for oui and non: %+v", turn.Gather)
	}
	converse(t, p, []act{{do: "say:oui", hear: []string{"Groupe 1: Algoma Grief Companions."}}})
}

func TestFrenchNothingNearSaysSoOnce(t *testing.T) {
	w := newWorld(t)
	h := mount(w.line(t, func(l *Line) { l.Operator = "+17055550150" }))
	converse(t, phone(h, saultCaller), []act{
		{do: "call"}, {do: "9"}, {do: "1"}, {do: "2"},
		{do: "2", hear: []string{"je n'ai pas trouvé de groupe sur le sujet Alzheimer et troubles neurocognitifs, près de Sault-Sainte-Marie", "9 8 8",
			"Pour parler à quelqu'un, appuyez sur le 2.", "Pour chercher dans une autre région, appuyez sur le 8."}, notHear: []string{"Ottawa"}},
		{do: "", hear: []string{"Je n'ai pas entendu de choix", "appuyez sur le 2"}, notHear: []string{"je n'ai pas trouvé", "9 8 8"}},
	})
	w.add(t, directory.Group{SourceID: "pembroke-dementia", Name: "Cercle mémoire de la Vallée", Concerns: []string{"dementia"},
		Phone: "(613) 555-0105", Place: &directory.Place{City: "Pembroke", Lat: 45.8168, Lon: -77.1163}, Schedules: []recur.Schedule{weekly("WE", 14)}})
	converse(t, phone(h, "+17054740000"), []act{ // a North Bay exchange
		{do: "call"}, {do: "9"}, {do: "1"}, {do: "2"},
		{do: "2", hear: []string{"Le groupe le plus proche que je connais se réunit à Pembroke, à environ 190 kilomètres de chez vous. Pour en savoir plus, appuyez sur le 1."}},
		{do: "1", hear: []string{"près de Pembroke", "Groupe 1: Cercle mémoire de la Vallée."}},
	})
}

// A number not shown is never offered what would be refused: reminders,
// a text, the wait list, "my reminders".
func TestAHiddenNumberIsOfferedOnlyWhatItCanHave(t *testing.T) {
	for _, lang := range []struct {
		first   []act
		refused []string
		area    string
	}{
		{nil, []string{"reminder", "text message", "told when a group starts"}, "enter the three-digit area code"},
		{[]act{{do: "9"}}, []string{"rappel", "texto", "avisé"}, "indicatif régional à trois chiffres"},
	} {
		w := newWorld(t)
		steps := append(append([]act{{do: "call", notHear: []string{"stop your meeting reminders", "rappels de réunion"}}}, lang.first...),
			act{do: "1"}, act{do: "1"}, act{do: "1", hear: []string{lang.area}})
		steps = append(steps, act{do: "705", notHear: lang.refused}, act{do: "1", notHear: lang.refused}, act{do: "1", notHear: lang.refused})
		converse(t, phone(mount(w.line(t)), "anonymous"), steps)
	}
}

// The main menu of a hidden number has no gap where "my reminders" would
// be, and help names the key that is there for a person.
func TestTheMainMenuHasNoGap(t *testing.T) {
	w := newWorld(t)
	h := mount(w.line(t, func(l *Line) { l.Operator = "+17055550150" }))
	converse(t, phone(h, "anonymous"), []act{
		{do: "call", hear: []string{"To find a group, press 1. | To hear what happens at a self-help group, press 2. | To talk to someone, press 3."}},
		{do: "0", hear: []string{"To talk to someone, press pound for the main menu, then 3."}},
		{do: "3", hear: []string{"connect you to someone"}},
	})
	converse(t, phone(h, saultCaller), []act{
		{do: "call", hear: []string{"To find a group, press 1. | To hear or stop your meeting reminders, press 2. | To hear what happens at a self-help group, press 3. | To talk to someone, press 4."}},
		{do: "9", hear: []string{"Pour parler à quelqu'un, appuyez sur le 4."}},
		{do: "0", hear: []string{"appuyez sur le dièse pour le menu principal, puis sur le 4."}},
	})
}
