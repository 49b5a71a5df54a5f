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
	MenuLeader      string // {key}: offered only to a number registered as a group's leader
	LeaderPIN       string
	LeaderPINWrong  string
	LeaderLocked    string // three wrong PINs: the call goes back to the main menu
	LeaderPick      string // {name} {key}: a leader of several groups chooses one
	LeaderNext      string // {name} {when}
	LeaderNone      string // {name}: no meeting to cancel
	LeaderNextKeys  string
	LeaderConfirm   string // {name} {day}
	LeaderCancelled string // {name} {day}
	LeaderKept      string
	NoticeNote      string // {name} {when} {note}: a leader's note, on a call to a member

	// Listing checks (issue 14).
	CheckAsk      string // {name} {code} {pattern}: a call of the line asking a group's leader or contact
	CheckKeys     string
	CheckWhen     string // {pattern} {clock}: "every Tuesday at 7 p.m."
	CheckAsListed string // when the schedule cannot be said in a few words
	CheckThanks   string // the listing is confirmed; the call ends
	CheckChanged  string // the listing goes on the staff's list; the call ends
	LastConfirmed string // {month}: a listing not confirmed for over a year

	// Starting a group (issue 14).
	OptStart        string // {key}: when nothing was found
	StartAsk        string // {concern}: the consent to a call back, asked of a caller whose number shows
	StartThanks     string // the centre will call back
	StartThanksAnon string // no number to call back
	StartNoNumber   string // the caller's number does not show
	NoticeInvite    string // {people} {place} {concern} {phone}: staff's invitation, read on a call
	WaitCoversStart string // the words of ConsentWait that let staff ask a waiting caller to help start a group
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
	ReferAsk            string // {who} {name}: the one text a referred client gets; exactly what their YES consents to
	ReferSomeone        string // {who} for a referrer registered without a name
	ReferAsked          string // {name}: to the referrer; never anything about the client
	ReferUsage          string
	ReferNotRegistered  string // {how}
	ReferRegisterCall   string // {phone}
	ReferRegisterAsk    string
	ReferNoGroup        string // {code}
	ReferCannotText     string // {phone}: the group's contact; said alike for a landline, an opt-out and a blocked number
	ReferCannotTextCode string // {code}: the same, for a group without a contact number
	ReferWaiting        string // {name}
	ReferLimit          string // {count}
	ReferFailed         string
	ReferNoTexting      string // {code}
	ReferDeclined       string // {name}
	ReferFindMore       string // after a referred group's details, when it takes no reminders

	// Leaders (issue 14).
	LeadCancelAsk string // {name} {when}: only YES cancels
	LeadCancelled string // {name} {day}
	LeadNotLeader string // {code}: never says whether the group has leaders
	LeadNoMeeting string // {name} {day} {days} {word} {code} {example}
	LeadPast      string // {day} {word} {code} {example}
	LeadAlready   string // {name} {day}
	LeadBadDate   string // {word} {code}
	LeadNone      string // {name}: no meeting coming up
	NoteAsk       string // {count} {name} {when}
	NoteAskOne    string // {name} {when}
	NoteQueued    string // {count}: how many it goes to, never who
	NoteQueuedOne string
	NoteTooLong   string // {count} {max}
	NoteNobody    string // {name}
	NoteExists    string // {name} {when}
	Note          string // {name} {when} {note}: the text each member gets

	// Listing checks (issue 14).
	CheckAsk      string // {name} {code} {pattern}
	CheckWhen     string // {pattern} {clock}: "every Tuesday at 7pm"
	CheckAsListed string // when the schedule cannot be put in a few words
	CheckThanks   string // {name}
	CheckChanged  string
	CheckNone     string // CHANGED from a number the line did not ask
	LastConfirmed string // {month}: "October 2025"

	// Starting a group (issue 14).
	Invite          string // {people} {place} {concern} {phone}: staff's invitation to people waiting
	WaitCoversStart string // the words of WaitAsk that let staff ask a waiting texter to help start a group
}
