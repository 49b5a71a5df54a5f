package sms

import "fmt"

func english() *catalogue {
	return &catalogue{
		Crisis:        "If you are in crisis, call or text 988 now, any time, day or night. In an emergency, call 911. You are not alone. To find a support group later, text what it is about, e.g. GRIEF.",
		CrisisShort:   "In crisis? Call or text 988.",
		Help:          "Peer Line: find a self-help group. Text what it is about and your area code or town, e.g. GRIEF 705 or CAREGIVER SUDBURY. LIST: your reminders. STOP: no more texts. Crisis: call or text 988. En francais: AIDE",
		Usage:         "Sorry, I did not find a topic in that. Text what the group is about and your area code or town, e.g. GRIEF 705. HELP for more.",
		MediaOnly:     "I can only read text. Text what the group is about and your area code or town, e.g. GRIEF 705.",
		WhichArea:     "Which area? Text the topic with your area code or town, e.g. {concern} 705.",
		UnknownArea:   "I do not know the area {area}. Text the topic with a Canadian area code or town, e.g. GRIEF 705.",
		Header:        "{concern}: {count} near {area}",
		Item:          "{n}) {name} - {how}{next}{phone}",
		NextShort:     ", next {when}",
		FooterPick:    "Reply 1-{last} for details",
		FooterMore:    ", MORE for more",
		FooterRemind:  ", REMIND {n} for reminders",
		NoneFound:     "No {concern} group found near {area}.",
		NoneNearest:   "The nearest is in {area}: text {word} {npa}.",
		NoneWait:      "Reply WAIT to hear when one starts near you.",
		NoMore:        "That is all the groups I found. Text a new topic to search again.",
		NoSearch:      "Text what the group is about and your area first, e.g. GRIEF 705.",
		NotListed:     "Reply with a number from 1 to {count}, or text a new topic.",
		Details:       "{name} (group {code})\n{how}\n{when}{contact}",
		DetailsNext:   "Meets {pattern}. Next: {when}.",
		DetailsNone:   "Call the group to ask when it meets.",
		DetailsMore:   "\nReply REMIND {n} for reminders, MORE for more groups.",
		DetailsMore2:  "\nReply MORE for more groups.",
		InPerson:      "In person: {place}.",
		ByPhone:       "By phone: call {number}, then enter code {code}.",
		ByPhoneNoCode: "By phone: call {number}.",
		ByMail:        "By mail: write to {address}.",
		Online:        "Online: {url}",
		Contact:       "\nContact: {phone}",
		RemindAsk:     "Reply YES to get a text before each meeting of {name}. Msg&data rates may apply. Reply STOP to end.",
		RemindNot:     "Reminders are sent for telephone groups. To ask {name} about meetings, call {phone}.",
		Subscribed:    "Done: you will get a text the day before and an hour before each meeting of {name}. LIST shows your reminders.",
		OptedOut:      "You asked for no more texts from us. Text START first, then try again.",
		NoPending:     "Text what the group is about and your area, e.g. GRIEF 705. HELP for more.",
		Declined:      "OK, nothing was changed.",
		WaitAsk:       "Reply YES to get one text when a {concern} group starts near {area}. We keep your number only for that. Reply STOP to end.",
		WaitOK:        "Thank you. We will text you when a {concern} group starts near {area}.",
		WaitNothing:   "Search first: text what the group is about and your area, e.g. GRIEF 705.",
		List:          "Your reminders: {items}. Reply STOP and a number to end one, e.g. STOP 1.",
		ListItem:      "{n}) {name}",
		ListNone:      "You have no meeting reminders. Text a topic and your area, e.g. GRIEF 705, to find a group.",
		StoppedOne:    "Reminders for {name} are stopped. LIST shows the others.",
		StoppedWhich:  "You have {count} reminders. Reply LIST to see them.",
		Arret:         "You will get no more texts from the Peer Line. Text START to receive them again.",
		Start:         "You can get texts from the Peer Line again. Your old reminders stay off: text LIST to see them, or search and reply REMIND to start one.",
		NoCode:        "I do not know the group {code}. Check the number on the flyer, or text a topic and your area, e.g. GRIEF 705.",
		Sorry:         "Sorry, something went wrong on our side. Please try again in a few minutes. In crisis? Call or text 988.",
		Area:          "{npa}",
		HowPhone:      "by phone",
		HowMail:       "by mail",
		HowOnline:     "online",

		Ordinals: [5]string{"1st", "2nd", "3rd", "4th", "5th"},
		Last:     "last",
		Every:    "every {day}",
		EveryNth: "every {nth} {day}",
		Monthly:  "the {nth} {day} of the month",
		MonthDay: "on the {date} of the month",
		Ordinal:  englishOrdinal,
	}
}

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
