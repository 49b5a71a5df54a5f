package ivr

import (
	"strings"

	"github.com/peerline/peerline/directory"
)

// catalogue is every sentence a caller hears, in one language. It is a
// struct, not a map, so that the compiler holds English and French to the
// same sentences; a test holds them to being filled in. {name} marks a
// value filled in when the sentence is said.
type catalogue struct {
	// The greeting and the main menu.
	Welcome      string
	FrenchChoice string // said in French to every caller, before they choose
	Crisis       string
	Keys         string // the keys that work everywhere, said once
	Menu         string
	MenuOperator string
	Guide        string
	GuideAfter   string

	// Finding a group.
	CategoryIntro  string
	CategoryOption string // {name} {key}
	SpeechInvite   string
	ConcernIntro   string // {name}
	ConcernOption  string // {name} {key}
	AreaHere       string // {npa} {place}
	AreaAsk        string
	AreaUnknown    string // {npa}
	AreaMore       string

	// Results.
	Found          string // {count} {concern} {npa}
	FoundOne       string // {concern} {npa}
	ResultHead     string // {n} {name}
	InPerson       string // {town}
	InPersonAt     string // {town} {place}
	ByPhone        string
	ByMail         string
	Online         string
	NextMeeting    string // {when}
	Recurs         string // {pattern}
	NoMeeting      string
	ZoneTime       string // {zone}: "Central time"
	DialIn         string // {number}
	AccessCode     string // {code}
	OptNext        string
	OptText        string
	OptConnect     string
	OptRemind      string
	OptDialIn      string
	OptNewSearch   string
	NoMore         string
	OptFromStart   string
	TextLater      string
	TextInPerson   string // {place}
	TextDialIn     string // {number} {code}
	TextMail       string // {address}
	TextSent       string
	TextFailed     string
	TextNotHere    string
	TextBody       string // {name} {how} {when} {contact} {code}: the text message itself
	Connecting     string
	NoAnswer       string
	NoNumberCaller string // a blocked caller ID cannot be texted or reminded

	// Nothing found.
	NotFound       string // {concern} {npa}
	OptNearest     string // {npa} {region}
	OptWaitlist    string
	WaitlistHow    string
	WaitlistOK     string // {concern} {npa}
	ConsentWait    string // {concern} {npa} {how}
	ConsentRemind  string // {name} {how}
	ConsentAgree   string
	Subscribed     string // {name}
	OptedOutBefore string
	ByTextWord     string
	ByCallWord     string
	RemindHow      string

	// My reminders.
	MineNone   string
	MineCount  string // {count}
	MineOne    string // {n} {name} {how}
	MineOpts   string
	MineEnd    string
	Stopped    string
	StoppedAll string // {count}

	// Talking to someone.
	OperatorConnect string
	OperatorClosed  string
	VoicemailAsk    string
	VoicemailThanks string
	VoicemailNone   string

	// Calls the line places: a reminder, a cancellation, a wait-list note.
	NoticeReminder   string // {name} {when}
	NoticeJoin       string // {number} {code}
	NoticeCancelled  string // {name} {day}
	NoticeNext       string // {when}
	NoticeListed     string // {name} {how}
	ListedInPerson   string // {town}: "in person in Thessalon"
	ListedByPhone    string
	ListedByMail     string
	ListedOnline     string
	NoticeAgain      string // between the two readings
	OptHearAgain     string
	OptJoinNow       string
	OptStopReminders string
	JoiningNow       string
	JoinFailed       string
	RemindersStopped string // {name}
	NoticeBye        string // the goodbye of a call the member did not make
	NoticeGone       string // no message for this number: said in both languages

	// Misses, help, goodbye, trouble.
	Didnt     string
	Silent    string
	Help      string
	HelpOp    string
	LastTry   string
	Goodbye   string
	StartOver string
	Sorry     string
	SorryOp   string
	SorryBack string
	Blocked   string // a number staff blocked: said in both languages, then the call ends

	// Words that make up spoken values.
	Weekdays   [7]string // Sunday first, as time.Weekday
	Months     [12]string
	Ordinals   [5]string // first..fifth, as in "the second Tuesday"
	Numbers    [6]string // zero..five, as in "un mardi sur deux"
	Last       string
	Every      string // {day}
	EveryNth   string // {nth} {day}
	MonthlyBy  string // {nth} {day}
	MonthlyOn  string // {date}
	And        string
	Pound      string
	Star       string
	Zones      map[string]string // IANA zone -> "Eastern time"
	When       func(day string, month string, date int, hour, minute int) string
	OnDay      func(day string, month string, date int) string // a date without the time
	DayOfMonth func(n int) string
}

// say fills in a sentence: say(m.Found, "count", "3") replaces {count}.
func say(sentence string, pairs ...string) string {
	if len(pairs) == 0 {
		return sentence
	}
	r := strings.NewReplacer(placeholders(pairs)...)
	// A value that ends a sentence with its own full stop ("7 p.m.") keeps one.
	return strings.ReplaceAll(r.Replace(sentence), "..", ".")
}

func placeholders(pairs []string) []string {
	out := make([]string, len(pairs))
	for i := 0; i+1 < len(pairs); i += 2 {
		out[i], out[i+1] = "{"+pairs[i]+"}", pairs[i+1]
	}
	return out
}

// catalogues returns the sentences for each language the line speaks.
func catalogues() map[directory.Lang]*catalogue {
	return map[directory.Lang]*catalogue{directory.English: english(), directory.French: french()}
}
