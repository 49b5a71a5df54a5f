package words

// Voice is every sentence a caller hears, in one language.
type Voice struct {
	// The greeting and the main menu.
	Welcome      string
	FrenchChoice string // said in French to every caller, before they choose
	Crisis       string
	Keys         string // the keys that work everywhere: said after a first miss
	MenuFind     string // {key}: the main menu, most used first, numbered as offered
	MenuMine     string // {key}: not offered to a number not shown: it would be refused
	MenuGuide    string // {key}
	MenuOperator string // {key}: in the main menu, and when nothing was found
	Guide        string
	GuideAfter   string

	// Finding a group.
	CategoryIntro  string // when keys are the only way in
	CategorySay    string // when speech is taken too: offered before the list
	CategoryOption string // {name} {key}
	ConcernIntro   string // {name}
	ConcernOption  string // {name} {key}
	SpeechMissed   string // words that named no concern
	Confirm        string // {concern}: words heard with low confidence, said back
	ConfirmOpts    string
	AreaAsk        string
	AreaUnknown    string // {npa}
	HelpArea       string // help at the area code: three digits, not a choice

	// Results.
	Found            string // {count} {concern} {where}
	FoundOne         string // {concern} {where}
	NearTown         string // {town}: where a search from the caller's town looked
	InArea           string // {npa}: where a search of an area code looked
	ResultHead       string // {n} {name}
	InPerson         string // {town}
	InPersonAt       string // {town} {place}
	Away             string // {km}: said of an in-person group beyond an easy drive
	ByPhone          string
	AlsoByPhone      string // an in-person group that members may also dial in to
	ByMail           string
	MailTo           string // {address}
	Online           string
	MeetsIn          string // {language}: said when it is not the caller's
	NextMeeting      string // {when}
	Recurs           string // {pattern}
	Lasts            string // {duration}
	NoMeeting        string
	DialIn           string // {number}
	AccessCode       string // {code}
	ContactIs        string // {number}: said twice, to write down
	OptNext          string // {key}: each choice of a result says its key
	OptText          string // {key}
	OptConnect       string // {key}
	OptContact       string // {key}
	OptDialIn        string // {key}
	OptAddress       string // {key}
	OptAddressDialIn string // {key}: an in-person group one may also dial in to
	OptMailAgain     string // {key}
	OptRemind        string // {key}
	OptOtherArea     string
	OptNewSearch     string
	NoMore           string
	OptFromStart     string
	TextLater        string
	TextSent         string
	TextFailed       string
	TextNotHere      string
	Connecting       string
	NoAnswer         string
	NoNumber         string // a blocked caller ID cannot be texted or reminded

	// Nothing found.
	NotFound          string // {concern} {where}
	OptNearest        string // {town} {km} {key}
	OptWaitlist       string // {key}
	WaitlistHow       string
	WaitlistOK        string // {concern} {npa}
	ConsentWait       string // {how} {concern} {npa}
	ConsentRemindText string // {leads} {name}: exactly what a text reminder is
	ConsentRemindCall string // {leads} {name}: exactly what a call reminder is
	ConsentAgree      string
	Subscribed        string // {name}
	OptedOutBefore    string
	ByTextWord        string
	ByCallWord        string
	RemindHow         string

	// My reminders.
	MineNone     string
	MineCount    string // {count}
	MineCountOne string
	MineOne      string // {n} {name} {how}
	MineOpts     string
	MineEnd      string
	Stopped      string
	StoppedAll   string

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
	NoticeEnded      string // {name}: the group was taken off the line
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
	HelpOp    string // {key}: the main menu's key for a person
	LastTry   string
	Goodbye   string
	StartOver string
	Sorry     string
	SorryOp   string
	SorryBack string
	Blocked   string // a number staff blocked: said in both languages, then the call ends

	// Referrals (issue 14).

	// Leaders (issue 14).

	// Listing checks (issue 14).

	// Starting a group (issue 14).
}

// Text is every text message the line sends, in one language: replies
// on the text line, details texted from a call, and notices. Texts stay
// in GSM-7 where the language allows (telephony.Fold sees to the rest),
// short, and end with what to send next.
type Text struct {
	Crisis       string
	CrisisShort  string
	Help         string
	Welcome      string
	Usage        string
	MediaOnly    string
	WhichArea    string // {concern}
	UnknownArea  string // {area}
	Header       string // {concern} {count} {area}
	Item         string // {n} {name} {how} {next} {phone}
	NextShort    string // {when}
	FooterPick   string // {last}
	FooterOne    string
	FooterMore   string
	FooterRemind string // {n}
	NoneFound    string // {concern} {area}
	NoneNearest  string // {town} {km} {word} {area}: what to text to search there
	NoneWait     string
	NoMore       string
	NoSearch     string
	NotListed    string // {count}
	NotListedOne string

	// A group's details, from Writer.Details.
	Details         string // {name} {code}
	At              string // {place}
	Dial            string // {number} {code}
	DialNoCode      string // {number}
	WriteTo         string // {address}
	OnlineAt        string // {url}
	DetailsNext     string // {pattern} {when}
	DetailsNextOnly string // {when}
	DetailsNone     string
	Contact         string // {phone}
	DetailsMore     string // {n}
	DetailsMore2    string
	TextedFooter    string // after details texted from a call
	HowPhone        string
	HowMail         string
	HowFar          string // {town} {km}: an in-person group beyond an easy drive, in a list
	HowOnline       string
	Area            string // {npa}: "the 705 area"

	RemindAsk     string // {leads} {name}: exactly what a text reminder is
	RemindNot     string // {name} {phone}
	Subscribed    string // {leads} {name}
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
	StoppedWhich1 string
	Arret         string
	Start         string
	NoCode        string // {code}
	Sorry         string
	Reminder      string // {name} {when} {how}
	Cancellation  string // {name} {day} {next}
	NextMeeting   string // {when}
	Waitlist      string // {concern} {npa} {name} {how} {then}
	WaitlistJoin  string // {code}
	WaitlistCall  string // {phone}
	Ended         string // {name}: the group was taken off the line

	// Referrals (issue 14).

	// Leaders (issue 14).

	// Listing checks (issue 14).

	// Starting a group (issue 14).
}
