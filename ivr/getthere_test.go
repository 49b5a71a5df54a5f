package ivr

import (
	"context"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// What a caller needs to get to a group is said, can be heard again, and
// is never something that will be refused.

func penPals() directory.Group {
	return directory.Group{SourceID: "pen-pals", Name: "Northern Grief Pen Pals", Concerns: []string{"grief"}, Phone: "(705) 555-0107",
		Mail: "PO Box 12, Blind River ON P0R 1B0", Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}}}
}

func mondayCircle() directory.Group {
	return directory.Group{SourceID: "sault-monday", Name: "Sault Monday Grief Circle", Concerns: []string{"grief"}, Phone: "(705) 555-0108",
		Languages: []directory.Lang{directory.English}, Place: &directory.Place{City: "Sault Ste. Marie", Street: "40 Bay St"},
		Dialin:    &directory.Dialin{Number: "+17055550148", AccessCode: "7838#"}, // members who cannot travel dial in
		Schedules: []recur.Schedule{weekly("MO", 19)}}
}

func TestWhatACallerNeedsToGetThere(t *testing.T) {
	tests := []struct {
		name  string
		first []act  // to the group
		group string // its name
		hear  []string
		again string // the key that says the way again
		twice string // said twice on that key
	}{
		{"a pen-pal group: the address to write to", nil, "Northern Grief Pen Pals",
			[]string{"It is a pen-pal group: members write to each other by mail.", "To join, write to PO Box 12, Blind River Ontario P0R 1B0.", "To hear the mailing address again, press 5."},
			"5", "To join, write to PO Box 12, Blind River Ontario P0R 1B0. | To join, write to PO Box 12"},
		{"French: a pen-pal group", []act{{do: "9"}}, "Northern Grief Pen Pals",
			[]string{"C'est un groupe de correspondance", "Pour y participer, écrivez à l'adresse suivante: PO Box 12, Blind River Ontario P0R 1B0.",
				"Pour réentendre l'adresse postale, appuyez sur le 5."},
			"5", "P0R 1B0. | Pour y participer, écrivez"},
		{"French: a telephone group, and how long it lasts", []act{{do: "9"}}, "Ontario Grief Phone Circle",
			[]string{"Il se réunit par téléphone", "Les réunions durent une heure et demie.", "composez le 7 0 5, 5 5 5, 0 1 9 9", "4 1 2 7, dièse"},
			"5", "4 1 2 7, dièse. | Pour participer, composez le 7 0 5"},
		{"a meeting later today", nil, "Sault Monday Grief Circle",
			[]string{"It meets in person at 40 Bay Street, in Sault Ste. Marie.", "The next meeting is today, at 7 p.m.",
				"You can also join it by telephone, from home. | To join, call 7 0 5, 5 5 5, 0 1 4 8. | When asked, enter the access code 7 8 3 8, pound.",
				"To hear the address and the number to join by telephone again, press 5."},
			"5", "7 8 3 8, pound. | It meets in person at 40 Bay Street"},
		{"French: the language of an English group, and the address", []act{{do: "9"}}, "Sault Monday Grief Circle",
			[]string{"Ce groupe se réunit en anglais.", "La prochaine réunion aura lieu aujourd'hui à 19 h.", "40 Bay Street, à Sault Ste. Marie"},
			"5", "Vous pouvez aussi y participer par téléphone, de chez vous. | Pour participer, composez le 7 0 5, 5 5 5, 0 1 4 8."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			w.add(t, penPals(), mondayCircle())
			p := phone(mount(w.line(t)), saultCaller)
			steps := append(append([]act{{do: "call"}}, tt.first...), act{do: "1"}, act{do: "1"}, act{do: "1"})
			said := untilHeard(t, p, steps, tt.group)
			for _, want := range tt.hear {
				if !strings.Contains(said, want) {
					t.Errorf("did not hear %q in:\n%s", want, said)
				}
			}
			converse(t, p, []act{{do: tt.again, hear: []string{tt.twice}}})
		})
	}
}

// The contact's number, offered for every group, and given to write down
// when no one answers the connected call.
func TestTheContactNumberToWriteDown(t *testing.T) {
	for _, lang := range []struct {
		keys        []act
		noAnswer    string
		numberTwice string
	}{
		{nil, "No one answered. You can try again later.", "The contact's phone number is 7 0 5, 5 5 5, 0 1 0 1. Once again, 7 0 5, 5 5 5, 0 1 0 1."},
		{[]act{{do: "9"}}, "Personne n'a répondu. Vous pourrez réessayer plus tard.", "Le numéro de la personne-ressource est le 7 0 5, 5 5 5, 0 1 0 1. Je répète: 7 0 5, 5 5 5, 0 1 0 1."},
	} {
		w := newWorld(t)
		p := phone(mount(w.line(t)), saultCaller)
		steps := append(append([]act{{do: "call"}}, lang.keys...), act{do: "1"}, act{do: "1"}, act{do: "1"})
		converse(t, p, append(steps, act{do: "4", hear: []string{lang.numberTwice}}, act{do: "3"}))
		turn, err := p.DialEnded(context.Background(), "no-answer")
		if err != nil || !strings.Contains(heard(turn), lang.noAnswer+" | "+lang.numberTwice) || turn.Gather == nil {
			t.Errorf("no answer: %v\n%s", err, heard(turn))
		}
	}
}
