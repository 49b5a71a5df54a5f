package jobs

import (
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
)

// texts are the messages the jobs send by text, in one language. A struct
// per language, as in the voice and text lines, so both hold the same.
type texts struct {
	Reminder     string // {name} {when} {how}
	Cancellation string // {name} {day} {next}
	NextMeeting  string // {when}
	Waitlist     string // {concern} {npa} {name} {how} {code}
	Dial         string // {number} {code}
	DialNoCode   string // {number}
	Place        string // {place}
	lang         directory.Lang
}

func textsFor(lang directory.Lang) *texts {
	if lang == directory.French {
		return &texts{
			Reminder:     "Rappel de la Ligne d'entraide : {name} se réunit {when}. {how} Répondez ARRET pour arrêter.",
			Cancellation: "Ligne d'entraide : {name} ne se réunira pas le {day}.{next} Répondez ARRET pour arrêter.",
			NextMeeting:  " Prochaine réunion : {when}.",
			Waitlist:     "Ligne d'entraide : un groupe {concern} est maintenant offert pour le {npa} : {name}, {how}. Textez JOIN {code} pour des rappels, ou appelez-nous. Répondez ARRET pour arrêter.",
			Dial:         "Composez le {number}, puis le code {code}.",
			DialNoCode:   "Composez le {number}.",
			Place:        "Lieu : {place}.",
			lang:         directory.French,
		}
	}
	return &texts{
		Reminder:     "Peer Line reminder: {name} meets {when}. {how} Reply STOP to end.",
		Cancellation: "Peer Line: {name} will not meet on {day}.{next} Reply STOP to end.",
		NextMeeting:  " Next meeting: {when}.",
		Waitlist:     "Peer Line: a {concern} group is now listed for {npa}: {name}, {how}. Text JOIN {code} for reminders, or call us. Reply STOP to end.",
		Dial:         "Call {number}, then enter code {code}.",
		DialNoCode:   "Call {number}.",
		Place:        "At {place}.",
		lang:         directory.English,
	}
}

func fill(text string, pairs ...string) string {
	args := make([]string, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		args[i], args[i+1] = "{"+pairs[i]+"}", pairs[i+1]
	}
	return strings.NewReplacer(args...).Replace(text)
}

func (t *texts) day(at time.Time) string { return directory.WrittenDay(t.lang, at) }

func (t *texts) when(at time.Time) string { return directory.WrittenWhen(t.lang, at) }

// how says how to get to the meeting: the dial-in and code, or the place.
func (t *texts) how(g directory.Group) string {
	switch {
	case g.Dialin != nil && g.Dialin.AccessCode != "":
		return fill(t.Dial, "number", directory.WrittenPhone(g.Dialin.Number), "code", g.Dialin.AccessCode)
	case g.Dialin != nil:
		return fill(t.DialNoCode, "number", directory.WrittenPhone(g.Dialin.Number))
	case g.Place != nil:
		return fill(t.Place, "place", strings.Join(nonEmpty(g.Place.Name, g.Place.Street, g.Place.City), ", "))
	}
	return ""
}

// reminderText is the text of a reminder or a cancellation notice.
func reminderText(it directory.Outgoing, g directory.Group) string {
	t := textsFor(it.Lang)
	meeting := it.MeetingAt.In(g.Location())
	if it.Kind == directory.SendCancellation {
		next := ""
		if n, ok := g.NextMeeting(meeting); ok {
			next = fill(t.NextMeeting, "when", t.when(n.In(g.Location())))
		}
		return telephony.Fold(fill(t.Cancellation, "name", g.Name, "day", t.day(meeting), "next", next))
	}
	return telephony.Fold(fill(t.Reminder, "name", g.Name, "when", t.when(meeting), "how", t.how(g)))
}

// waitlistText tells a waiting member that a group has started.
func waitlistText(it directory.Outgoing, g directory.Group, concern, npa string) string {
	t := textsFor(it.Lang)
	how := t.how(g)
	if g.Place != nil && g.Dialin == nil {
		how = g.Place.City
	}
	return telephony.Fold(fill(t.Waitlist, "concern", concern, "npa", npa, "name", g.Name, "how", strings.TrimSuffix(how, "."), "code", fmt.Sprint(g.Code)))
}

func nonEmpty(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}
