package words

import (
	"fmt"

	"github.com/peerline/peerline/directory"
)

func english() *Catalogue {
	return &Catalogue{Lang: directory.English, Voice: englishVoice(), Text: englishText(), Facts: englishFacts()}
}

func englishVoice() Voice {
	return Voice{
		Welcome:      "Hello, this is the Peer Line, for self-help groups.",
		FrenchChoice: "Pour le français, appuyez sur le 9.",
		Crisis:       "If you are in crisis, call or text 9 8 8. In an emergency, call 9 1 1.",
		Keys:         "At any time, press star to hear the choices again, or pound for the main menu.",
		MenuFind:     "To find a group, press {key}.",
		MenuMine:     "To hear or stop your meeting reminders, press {key}.",
		MenuGuide:    "To hear what happens at a self-help group, press {key}.",
		MenuOperator: "To talk to someone, press {key}.",
		Guide: "At a self-help group, people who live with the same concern meet to support each other. " +
			"The group is led by its members, not by professionals. " +
			"What is said in the group stays in the group. " +
			"You can come just to listen; no one has to speak. " +
			"A self-help group is not treatment, and it does not replace your doctor or counsellor; many people use both.",
		GuideAfter: "To find a group now, press 1. For the main menu, press pound.",

		CategoryIntro:  "What is the group about?",
		CategorySay:    "Say what the group is about, or choose.",
		CategoryOption: "For {name}, press {key}.",
		ConcernIntro:   "{name}.",
		ConcernOption:  "For {name}, press {key}.",
		SpeechMissed:   "Sorry, I did not understand that. Please say it in a few words, like grief, or caregiving, or press a number.",
		Confirm:        "{concern}. Is that right?",
		ConfirmOpts:    "If yes, press 1. If not, press 2.",
		AreaAsk:        "Please enter the three-digit area code where you would like a group.",
		AreaUnknown:    "I do not know the area code {npa}. Please enter a Canadian area code, three digits.",
		HelpArea:       "Take your time. Enter the three digits of the area code on your keypad, for example, 7 0 5. Press star to hear this again, or pound for the main menu.",

		Found:            "I found {count} groups for {concern} {where}.",
		FoundOne:         "I found one group for {concern} {where}.",
		NearTown:         "near {town}",
		InArea:           "in the {npa} area",
		ResultHead:       "Group {n}: {name}.",
		InPerson:         "It meets in person in {town}.",
		InPersonAt:       "It meets in person at {place}, in {town}.",
		Away:             "That is about {km} kilometres from you.",
		ByPhone:          "It meets by telephone, so you can join from home.",
		AlsoByPhone:      "You can also join it by telephone, from home.",
		ByMail:           "It is a pen-pal group: members write to each other by mail.",
		MailTo:           "To join, write to {address}.",
		Online:           "It meets online.",
		MeetsIn:          "This group meets in {language}.",
		NextMeeting:      "The next meeting is {when}.",
		Recurs:           "It meets {pattern}.",
		Lasts:            "Meetings last {duration}.",
		NoMeeting:        "Call the group to ask when it meets.",
		DialIn:           "To join, call {number}.",
		AccessCode:       "When asked, enter the access code {code}.",
		ContactIs:        "The contact's phone number is {number}. Once again, {number}.",
		OptNext:          "To hear the next group, press {key}.",
		OptText:          "To get these details by text message, press {key}.",
		OptConnect:       "To be connected to the group's contact person, press {key}.",
		OptContact:       "To hear the contact's phone number, press {key}.",
		OptDialIn:        "To hear the phone number and access code again, press {key}.",
		OptAddress:       "To hear the address again, press {key}.",
		OptAddressDialIn: "To hear the address and the number to join by telephone again, press {key}.",
		OptMailAgain:     "To hear the mailing address again, press {key}.",
		OptRemind:        "To get a reminder before each meeting, press {key}.",
		OptOtherArea:     "To search another area, press 8.",
		OptNewSearch:     "For a new search, press 9.",
		NoMore:           "That was the last group I found.",
		OptFromStart:     "To hear the groups again from the first, press {key}.",
		TextLater:        "I could not send the text message just now. Please try again later, or write the details down.",
		TextSent:         "I have sent the details by text message to the phone you are calling from.",
		TextFailed:       "I could not send a text message to this phone. It may be a landline. Please write the details down instead; I will say them again.",
		TextNotHere:      "Text messages are not available on this line right now.",
		Connecting:       "Connecting you to the group's contact person now. Please hold.",
		NoAnswer:         "No one answered. You can try again later.",
		NoNumber:         "I cannot see your phone number, so I cannot do that. Please call from the phone you would like to use.",

		NotFound:    "I am sorry, I did not find a group for {concern} {where}.",
		OptNearest:  "The nearest group I know of meets in {town}, about {km} kilometres from you. To hear about it, press {key}.",
		OptWaitlist: "To be told when a group starts near you, press {key}.",
		WaitlistHow: "Would you like us to tell you by text message, or by a phone call? For a text message, press 1. For a phone call, press 2.",
		WaitlistOK:  "Thank you. We will tell you when a group for {concern} starts in the {npa} area.",
		ConsentWait: "We will keep your phone number and this request, and use them only to tell you once, by {how}, when a group for {concern} starts in the {npa} area, and perhaps to ask you once whether you would help start one.",
		ConsentRemindText: "You will get a text message {leads} each meeting of {name}. Your phone number is used only for these reminders. " +
			"Message and data rates may apply. You can stop at any time: call this line and press 2, or reply STOP to a reminder.",
		ConsentRemindCall: "You will get a phone call {leads} each meeting of {name}. Your phone number is used only for these reminders. " +
			"You can stop at any time: call this line and press 2, or press 9 during a reminder call.",
		ConsentAgree:   "To agree, press 1. To go back, press 9.",
		Subscribed:     "You are signed up for reminders for {name}.",
		OptedOutBefore: "This phone asked us to stop sending messages. To receive them again, first text START to this number.",
		ByTextWord:     "text message",
		ByCallWord:     "phone call",
		RemindHow:      "How would you like your reminders? For a text message, press 1. For a phone call, press 2.",

		MineNone:     "You do not have any meeting reminders.",
		MineCount:    "You have {count} meeting reminders.",
		MineCountOne: "You have one meeting reminder.",
		MineOne:      "Reminder {n}: {name}, by {how}.",
		MineOpts:     "To stop this reminder, press 1. To hear the next one, press 2. To stop all your reminders, press 3.",
		MineEnd:      "That is all your reminders.",
		Stopped:      "That reminder is stopped.",
		StoppedAll:   "All your reminders are stopped.",

		OperatorConnect: "Please hold while I connect you to someone.",
		OperatorClosed:  "No one is available to take your call right now.",
		VoicemailAsk:    "Please leave a message with your name and phone number after the tone, and someone will call you back. When you are done, hang up or press pound.",
		VoicemailThanks: "Thank you. Your message has been saved, and someone will call you back.",
		VoicemailNone:   "I did not get a message.",

		NoticeReminder:   "Hello, this is the Peer Line with a reminder. {name} meets {when}.",
		NoticeJoin:       "To join, call {number}, then enter the access code {code}.",
		NoticeCancelled:  "This is the Peer Line. {name} will not meet on {day}.",
		NoticeNext:       "Its next meeting is {when}.",
		NoticeListed:     "This is the Peer Line. You asked to hear when a group starts near you. {name} is now listed: it meets {how}. To hear about it, call this line and choose find a group.",
		NoticeEnded:      "This is the Peer Line. {name} is no longer listed with us, so its reminders have stopped. To find another group, call this line and choose find a group.",
		ListedInPerson:   "in person in {town}",
		ListedByPhone:    "by telephone",
		ListedByMail:     "by mail",
		ListedOnline:     "online",
		NoticeAgain:      "Once again.",
		OptHearAgain:     "To hear this again, press 1.",
		OptJoinNow:       "To join the meeting now, press 2.",
		OptStopReminders: "To stop these reminders, press 9.",
		JoiningNow:       "Connecting you to the meeting now. Please hold.",
		JoinFailed:       "I could not connect you to the meeting.",
		RemindersStopped: "Your reminders for {name} are stopped. You can sign up again at any time by calling this line. Goodbye.",
		NoticeBye:        "Thank you for listening. You can call the Peer Line at any time. Goodbye.",
		NoticeGone:       "This is the Peer Line. I am sorry, I have no message for this phone number. Goodbye.",

		Didnt:     "Sorry, that is not one of the choices.",
		Silent:    "I did not hear a choice.",
		Help:      "Take your time. Listen to the choices, then press the number on your phone's keypad. Press star to hear them again, or pound for the main menu.",
		HelpOp:    "To talk to someone, press pound for the main menu, then {key}.",
		LastTry:   "Let's try one more time.",
		Goodbye:   "Thank you for calling the Peer Line. You can call again at any time. Goodbye.",
		StartOver: "Let's start from the main menu.",
		Sorry:     "I am sorry, something went wrong on our side.",
		SorryOp:   "To talk to someone, press 0. To try again, press 1.",
		SorryBack: "Please call back in a few minutes. To try again now, press 1.",
		Blocked:   "This line cannot take calls from this number. If you are in crisis, call or text 9 8 8. In an emergency, call 9 1 1.",

		// Referrals (issue 14).

		// Leaders (issue 14).
		MenuLeader:      "For group leaders, press {key}.",
		LeaderPIN:       "Please type your leader PIN, then press pound.",
		LeaderPINWrong:  "That PIN is not right. Nothing was changed.",
		LeaderLocked:    "That PIN was not right three times, so leader choices are closed to this number for half an hour. Nothing was changed.",
		LeaderPick:      "For {name}, press {key}.",
		LeaderNext:      "The next meeting of {name} is {when}.",
		LeaderNone:      "{name} has no meeting coming up that can be cancelled.",
		LeaderNextKeys:  "To cancel it, press 1. To hear it again, press star. For the main menu, press pound.",
		LeaderConfirm:   "To cancel the meeting of {name} on {day}, and tell its members, press 1. To keep it, press 2.",
		LeaderCancelled: "The meeting of {name} on {day} is cancelled. Its members will be told instead of reminded.",
		LeaderKept:      "The meeting is kept. Nothing was changed.",
		NoticeNote:      "A note from the leader of {name}, before the meeting {when}: {note}",

		// Listing checks (issue 14).
		CheckAsk:      "Hello, this is the Peer Line, checking our listing of {name}, group {code}. Is it still meeting {pattern}?",
		CheckKeys:     "If it is, press 1. If something has changed, press 2, and someone from the centre will call you back. To hear this again, press star.",
		CheckWhen:     "{pattern} at {clock}",
		CheckAsListed: "as we list it",
		CheckThanks:   "Thank you. We will keep the listing as it is. Goodbye.",
		CheckChanged:  "Thank you. Someone from the centre will call you back. Goodbye.",
		LastConfirmed: "This listing was last confirmed in {month}.",

		// Starting a group (issue 14).
		OptStart:        "If you would like to help start a group like this, press {key}.",
		StartAsk:        "Thank you for offering. Would you like the centre's staff to call you back at this number about starting a group for {concern}? We will keep your number only for that. For yes, press 1. For no, press 2.",
		StartThanks:     "Thank you. We noted your offer, and the centre's staff will call you back.",
		StartThanksAnon: "Thank you. We noted your offer for the centre's staff.",
		StartNoNumber:   "Your phone number does not show on our line, so the centre cannot call you back.",
		NoticeInvite:    "This is the Peer Line. {people} people near {place} are waiting for a group for {concern}, like you. Would you help start one? Please call the centre at {phone}.",
		WaitCoversStart: "perhaps to ask you once whether you would help start one",
	}
}

func englishText() Text {
	return Text{
		Crisis:       "If you are in crisis, call or text 988 now, any time, day or night. In an emergency, call 911. You are not alone. To find a support group later, text what it is about, e.g. GRIEF.",
		CrisisShort:  "In crisis? Call or text 988.",
		Help:         "Peer Line: find a self-help group. Text what it is about and your area code or town, e.g. GRIEF 705 or CAREGIVER SUDBURY. LIST: your reminders. STOP: no more texts. Crisis: call or text 988. En francais: AIDE",
		Welcome:      "Welcome to the Peer Line, for self-help groups. Text what the group is about and your area code or town, e.g. GRIEF 705 or CAREGIVING SUDBURY. HELP for more.",
		Usage:        "Sorry, I did not find a topic in that. Text what the group is about and your area code or town, e.g. GRIEF 705. HELP for more.",
		MediaOnly:    "I can only read text. Text what the group is about and your area code or town, e.g. GRIEF 705.",
		WhichArea:    "Which area? Text the topic with your area code or town, e.g. {concern} 705.",
		UnknownArea:  "I do not know the area {area}. Text the topic with a Canadian area code or town, e.g. GRIEF 705.",
		Header:       "{concern}: {count} near {area}",
		Item:         "{n}) {name} - {how}{next}{phone}",
		NextShort:    ", next {when}",
		FooterPick:   "Reply 1-{last} for details",
		FooterOne:    "Reply 1 for details",
		FooterMore:   ", MORE for more",
		FooterRemind: ", REMIND {n} for reminders",
		NoneFound:    "No group for {concern} found near {area}.",
		NoneNearest:  "The nearest I know of meets in {town}, about {km} km away: text {word} {area}.",
		NoneWait:     "Reply WAIT to hear when one starts near you.",
		NoMore:       "That is all the groups I found. Text a new topic to search again.",
		NoSearch:     "Text what the group is about and your area first, e.g. GRIEF 705.",
		NotListed:    "Reply with a number from 1 to {count}, or text a new topic.",
		NotListedOne: "Reply 1 for the group listed, or text a new topic.",

		Details:         "{name} (group {code})",
		At:              "At {place}.",
		Dial:            "To join by phone, call {number}, then enter code {code}.",
		DialNoCode:      "To join by phone, call {number}.",
		WriteTo:         "By mail: write to {address}.",
		OnlineAt:        "Online: {url}",
		DetailsNext:     "Meets {pattern}. Next: {when}.",
		DetailsNextOnly: "Next meeting: {when}.",
		DetailsNone:     "Call the group to ask when it meets.",
		Contact:         "Contact: {phone}",
		DetailsMore:     "\nReply REMIND {n} for reminders, MORE for more groups.",
		DetailsMore2:    "\nReply MORE for more groups.",
		TextedFooter:    "\nFrom the Peer Line. Text a topic and area code to this number to find more groups. Reply STOP to end.",
		HowPhone:        "by phone",
		HowMail:         "by mail",
		HowFar:          "{town} ({km} km)",
		HowOnline:       "online",
		Area:            "{npa}",

		RemindAsk:     "Reply YES to get a text {leads} each meeting of {name}. Msg&data rates may apply. Reply STOP to end.",
		RemindNot:     "Reminders are sent for telephone groups. To ask {name} about meetings, call {phone}.",
		Subscribed:    "Done: you will get a text {leads} each meeting of {name}. LIST shows your reminders.",
		OptedOut:      "You asked for no more texts from us. Text START first, then try again.",
		NoPending:     "Text what the group is about and your area, e.g. GRIEF 705. HELP for more.",
		Declined:      "OK, nothing was changed.",
		WaitAsk:       "Reply YES to get one text when a group for {concern} starts near {area}, and maybe one asking if you would help start one. We keep your number only for that. Reply STOP to end.",
		WaitOK:        "Thank you. We will text you when a group for {concern} starts near {area}.",
		WaitNothing:   "Search first: text what the group is about and your area, e.g. GRIEF 705.",
		List:          "Your reminders: {items}. Reply STOP and a number to end one, e.g. STOP 1.",
		ListItem:      "{n}) {name}",
		ListNone:      "You have no meeting reminders. Text a topic and your area, e.g. GRIEF 705, to find a group.",
		StoppedOne:    "Reminders for {name} are stopped. LIST shows the others.",
		StoppedWhich:  "You have {count} reminders. Reply LIST to see them.",
		StoppedWhich1: "You have one reminder. Reply LIST to see it.",
		Arret:         "You will get no more texts from the Peer Line. Text START to receive them again.",
		Start:         "You can get texts from the Peer Line again. Your old reminders stay off: text LIST to see them, or search and reply REMIND to start one.",
		NoCode:        "I do not know the group {code}. Check the number on the flyer, or text a topic and your area, e.g. GRIEF 705.",
		Sorry:         "Sorry, something went wrong on our side. Please try again in a few minutes. In crisis? Call or text 988.",
		Reminder:      "Peer Line reminder: {name} meets {when}. {how} Reply STOP to end.",
		Cancellation:  "Peer Line: {name} will not meet on {day}.{next} Reply STOP to end.",
		NextMeeting:   " Next meeting: {when}.",
		Waitlist:      "Peer Line: you asked to hear when a group for {concern} starts near {npa}. {name} is now listed: it meets {how}. {then} Reply STOP to end.",
		WaitlistJoin:  "Text JOIN {code} for reminders, or call us.",
		WaitlistCall:  "Contact: {phone}.",
		Ended:         "Peer Line: {name} is no longer listed with us, so its reminders have stopped. To find another group, text a topic and your area code, e.g. GRIEF 705. Reply STOP to end.",

		// Referrals (issue 14).
		ReferAsk:            "Peer Line: {who} asked us to send you the details of a support group, {name}. Reply YES to get them, or NO. Nothing more is sent unless you reply YES. Reply STOP to end.",
		ReferSomeone:        "Someone helping you",
		ReferAsked:          "We asked your client whether they want the details of {name}. We will not tell you more about them. To refer someone else, text SEND, a group code, TO and their number.",
		ReferUsage:          "To send a group's details to a client, text SEND, the group's code, TO and their number, e.g. SEND 4127 TO 705-555-0123.",
		ReferNotRegistered:  "Only helping professionals registered with the Peer Line can send a group's details to someone, so nothing was sent. To register, {how}. To find a group yourself, text a topic and area, e.g. GRIEF 705.",
		ReferRegisterCall:   "call the centre at {phone}",
		ReferRegisterAsk:    "ask the centre that runs this line",
		ReferNoGroup:        "I do not know an active group {code}, so nothing was sent. Check the code: it is in each group's details, e.g. text GRIEF 705, then 1.",
		ReferCannotText:     "That number cannot get our texts; it may be a landline. Nothing was sent. Give your client the group's number instead: {phone}.",
		ReferCannotTextCode: "That number cannot get our texts; it may be a landline. Nothing was sent. Your client can call this line and ask about group {code}.",
		ReferWaiting:        "That number was already asked about {name} and has not answered yet. We do not ask twice, so nothing was sent.",
		ReferLimit:          "You have sent {count} referrals today, as many as one day allows, so nothing was sent. Please try again tomorrow.",
		ReferFailed:         "We could not send that text just now, so nothing was sent. Please try again in a few minutes.",
		ReferNoTexting:      "This line is not set up to text other numbers, so nothing was sent. Give your client the group's code, {code}, and this line's number.",
		ReferDeclined:       "OK. Nothing more will be sent about {name}. To find a group yourself, text a topic and your area, e.g. GRIEF 705.",
		ReferFindMore:       "To find other groups, text a topic and your area, e.g. GRIEF 705.",

		// Leaders (issue 14).
		LeadCancelAsk: "Cancel {name} on {when}? Reply YES to cancel it and tell its members, or NO.",
		LeadCancelled: "Done: {name} will not meet on {day}. Its members will be told instead of reminded.",
		LeadNotLeader: "This number is not registered as a leader of group {code}, so nothing was changed. The centre's staff can register you. HELP for help.",
		LeadNoMeeting: "{name} does not meet on {day}. Its next meetings: {days}. Send e.g. {word} {code} {example}",
		LeadPast:      "{day} has passed, so nothing was changed. Send a date to come, e.g. {word} {code} {example}",
		LeadAlready:   "{name} on {day} is already cancelled. Nothing was changed.",
		LeadBadDate:   "Sorry, I could not read that date. Send e.g. {word} {code} DEC 8, or {word} {code} next Tuesday.",
		LeadNone:      "{name} has no meeting coming up, so nothing was changed.",
		NoteAsk:       "Send your note to the {count} members of {name} who get reminders, before {when}? Reply YES to send it, or NO.",
		NoteAskOne:    "Send your note to the 1 member of {name} who gets reminders, before {when}? Reply YES to send it, or NO.",
		NoteQueued:    "Your note will go to {count} members (after quiet hours for any who are in them).",
		NoteQueuedOne: "Your note will go to 1 member (after quiet hours if they are in them).",
		NoteTooLong:   "Your note has {count} characters; notes are kept to {max} so they fit in a text. Please shorten it and send it again.",
		NoteNobody:    "No one gets reminders from {name} yet, so there is no one to send a note to.",
		NoteExists:    "A note already goes to the members of {name} before {when}: one note per meeting.",
		Note:          "Peer Line: a note from the leader of {name}, before {when}: {note} Reply STOP to end.",

		// Listing checks (issue 14).
		CheckAsk:      "Peer Line: Is {name} ({code}) still meeting {pattern}? Reply YES, or CHANGED and we will call you.",
		CheckWhen:     "{pattern} at {clock}",
		CheckAsListed: "as we list it",
		CheckThanks:   "Thank you: {name} stays listed as it is. To find a group, text a topic and your area code, e.g. GRIEF 705.",
		CheckChanged:  "Thank you. Someone from the centre will call you. To find a group, text a topic and your area code.",
		CheckNone:     "We have no question waiting for you. To find a group, text a topic and your area code, e.g. GRIEF 705.",
		LastConfirmed: "Last confirmed in {month}.",

		// Starting a group (issue 14).
		Invite:          "Peer Line: {people} people near {place} are waiting for a group for {concern}, like you. Would you help start one? Call the centre at {phone}. Reply STOP to end.",
		WaitCoversStart: "maybe one asking if you would help start one",
	}
}

func englishFacts() Facts {
	return Facts{
		Weekdays:      [7]string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"},
		WeekdaysShort: [7]string{"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
		Months:        [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
		MonthsShort:   [12]string{"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
		Ordinals:      [5]string{"first", "second", "third", "fourth", "fifth"},
		Numbers:       [6]string{"zero", "one", "two", "three", "four", "five"},
		Last:          "last",
		Today:         "today",
		Tomorrow:      "tomorrow",
		Languages:     map[directory.Lang]string{directory.English: "English", directory.French: "French"},
		Hour:          "one hour",
		HourHalf:      "an hour and a half",
		Hours:         "{n} hours",
		Minutes:       "{n} minutes",
		Streets: map[string]string{"St": "Street", "Ave": "Avenue", "Rd": "Road", "Dr": "Drive", "Blvd": "Boulevard",
			"Cres": "Crescent", "Hwy": "Highway", "Ln": "Lane", "Ct": "Court", "Pl": "Place", "Sq": "Square", "E": "East",
			"W": "West", "N": "North", "S": "South", "Apt": "Apartment", "RR": "Rural Route",
			"ON": "Ontario", "QC": "Quebec", "MB": "Manitoba", "NB": "New Brunswick"},
		And:   "and",
		Pound: "pound",
		Star:  "star",

		Every:     "every {day}",
		EveryNth:  "every {nth} {day}",
		MonthlyBy: "on the {nth} {day} of each month",
		MonthlyOn: "on the {date} of each month",

		DayBefore:   "the day before",
		DaysBefore:  "{n} days before",
		HourBefore:  "one hour before",
		HoursBefore: "{n} hours before",
		MinsBefore:  "{n} minutes before",

		SpokenTwoZones:  "{when} {zone}, which is {other} {otherzone}",
		WrittenTwoZones: "{when} {zone} ({other} {otherzone})",
		Zones: map[string]ZoneName{
			"America/Toronto": {"Eastern time", "Eastern"}, "America/Winnipeg": {"Central time", "Central"},
			"America/Atikokan": {"Eastern standard time", "Eastern"}, "America/Regina": {"Saskatchewan time", "Saskatchewan"},
			"America/Edmonton": {"Mountain time", "Mountain"}, "America/Vancouver": {"Pacific time", "Pacific"},
			"America/Halifax": {"Atlantic time", "Atlantic"}, "America/Moncton": {"Atlantic time", "Atlantic"},
			"America/St_Johns": {"Newfoundland time", "Newfoundland"},
		},

		date: func(weekday, month string, day int) string {
			return fmt.Sprintf("%s, %s %s", weekday, month, englishOrdinal(day))
		},
		at:    func(date, clock string) string { return date + ", at " + clock },
		clock: englishClock,
		writtenDate: func(weekday, month string, day int) string {
			return fmt.Sprintf("%s %s %d", weekday, month, day)
		},
		writtenClock: englishWrittenClock,
		ordinalDay:   englishOrdinal,
	}
}

// englishClock says 19:00 as "7 p.m." and 10:30 as "10:30 a.m.".
func englishClock(hour, minute int) string {
	switch {
	case hour == 12 && minute == 0:
		return "noon"
	case hour == 0 && minute == 0:
		return "midnight"
	}
	h, ampm := hour%12, "a.m."
	if hour >= 12 {
		ampm = "p.m."
	}
	if h == 0 {
		h = 12
	}
	if minute == 0 {
		return fmt.Sprintf("%d %s", h, ampm)
	}
	return fmt.Sprintf("%d:%02d %s", h, minute, ampm)
}

// englishWrittenClock writes 19:00 as "7pm" and 18:30 as "6:30pm".
func englishWrittenClock(hour, minute int) string {
	h, ampm := hour%12, "am"
	if hour >= 12 {
		ampm = "pm"
	}
	if h == 0 {
		h = 12
	}
	if minute == 0 {
		return fmt.Sprintf("%d%s", h, ampm)
	}
	return fmt.Sprintf("%d:%02d%s", h, minute, ampm)
}

// englishOrdinal writes a day of the month: "1st", "22nd", "13th".
func englishOrdinal(n int) string {
	suffix := "th"
	if n%100 < 11 || n%100 > 13 {
		switch n % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return fmt.Sprint(n) + suffix
}
