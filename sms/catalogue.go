package sms

import (
	"strings"

	"github.com/peerline/peerline/directory"
)

// catalogue is every text the line sends, in one language. As in the
// voice line it is a struct, so English and French hold the same texts.
// {name} marks a value filled in when the text is sent. Texts stay in
// GSM-7 where the language allows (Fold sees to the rest), short, and end
// with what to send next.
type catalogue struct {
	Crisis        string
	CrisisShort   string
	Help          string
	Usage         string
	MediaOnly     string
	WhichArea     string // {concern}
	UnknownArea   string // {area}
	Header        string // {concern} {count} {area}
	Item          string // {n} {name} {how} {next} {phone}
	NextShort     string // {when}
	FooterPick    string // {last}
	FooterMore    string
	FooterRemind  string // {n}
	NoneFound     string // {concern} {area}
	NoneNearest   string // {area} {word}
	NoneWait      string
	NoMore        string
	NoSearch      string
	NotListed     string // {count}
	Details       string // {name} {code} {how} {when} {contact}
	DetailsNext   string // {pattern} {when}
	DetailsNone   string
	DetailsMore   string // {n}
	DetailsMore2  string
	InPerson      string // {place}
	ByPhone       string // {number} {code}
	ByPhoneNoCode string // {number}
	ByMail        string // {address}
	Online        string // {url}
	Contact       string // {phone}
	RemindAsk     string // {name}
	RemindNot     string // {name} {phone}
	Subscribed    string // {name}
	OptedOut      string
	NoPending     string
	Declined      string
	WaitAsk       string // {concern} {area}
	WaitOK        string // {concern} {area}
	WaitNothing   string
	List          string // {items}
	ListItem      string // {n} {name}
	ListNone      string
	StoppedOne    string // {name}
	StoppedWhich  string // {count}
	Arret         string
	Start         string
	NoCode        string // {code}
	Sorry         string
	Area          string // {npa}: "the 705 area"
	HowPhone      string
	HowMail       string
	HowOnline     string

	Ordinals [5]string
	Last     string
	Every    string // {day}
	EveryNth string // {nth} {n} {day}
	Monthly  string // {nth} {day}
	MonthDay string // {date}
	Ordinal  func(n int) string
}

// fill replaces {name} placeholders: fill(m.Header, "count", "3").
func fill(text string, pairs ...string) string {
	if len(pairs) == 0 {
		return text
	}
	args := make([]string, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		args[i], args[i+1] = "{"+pairs[i]+"}", pairs[i+1]
	}
	return strings.NewReplacer(args...).Replace(text)
}

func catalogues() map[directory.Lang]*catalogue {
	return map[directory.Lang]*catalogue{directory.English: english(), directory.French: french()}
}
