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
	Weekdays     [7]string
	Months       [12]string
	Date         func(weekday, month string, day int) string
	Clock        func(hour, minute int) string
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
			Weekdays:     [7]string{"dim", "lun", "mar", "mer", "jeu", "ven", "sam"},
			Months:       [12]string{"janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"},
			Date:         func(w, m string, d int) string { return fmt.Sprintf("%s %d %s", w, d, m) },
			Clock: func(h, m int) string {
				if m == 0 {
					return fmt.Sprintf("%d h", h)
				}
				return fmt.Sprintf("%d h %02d", h, m)
			},
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
		Weekdays:     [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		Months:       [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		Date:         func(w, m string, d int) string { return fmt.Sprintf("%s %s %d", w, m, d) },
		Clock: func(h, m int) string {
			h12, ampm := h%12, "am"
			if h >= 12 {
				ampm = "pm"
			}
			if h12 == 0 {
				h12 = 12
			}
			if m == 0 {
				return fmt.Sprintf("%d%s", h12, ampm)
			}
			return fmt.Sprintf("%d:%02d%s", h12, m, ampm)
		},
	}
}

func fill(text string, pairs ...string) string {
	args := make([]string, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		args[i], args[i+1] = "{"+pairs[i]+"}", pairs[i+1]
	}
	return strings.NewReplacer(args...).Replace(text)
}

func (t *texts) day(at time.Time) string {
	return t.Date(t.Weekdays[at.Weekday()], t.Months[at.Month()-1], at.Day())
}

func (t *texts) when(at time.Time) string { return t.day(at) + " " + t.Clock(at.Hour(), at.Minute()) }

// how says how to get to the meeting: the dial-in and code, or the place.
func (t *texts) how(g directory.Group) string {
	switch {
	case g.Dialin != nil && g.Dialin.AccessCode != "":
		return fill(t.Dial, "number", readable(g.Dialin.Number), "code", g.Dialin.AccessCode)
	case g.Dialin != nil:
		return fill(t.DialNoCode, "number", readable(g.Dialin.Number))
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

func readable(e164 string) string {
	if len(e164) == 12 && strings.HasPrefix(e164, "+1") {
		return e164[2:5] + "-" + e164[5:8] + "-" + e164[8:]
	}
	return e164
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
