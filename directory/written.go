package directory

import (
	"fmt"
	"strings"
	"time"
)

// How the line writes days, times and phone numbers in a text message:
// short, and the same in every text it sends, whichever part sends it.
// (The voice line says them in whole words; see ivr.)

var writtenWeekdays = map[Lang][7]string{
	English: {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"},
	French:  {"dim", "lun", "mar", "mer", "jeu", "ven", "sam"},
}

var writtenMonths = map[Lang][12]string{
	English: {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"},
	French:  {"janv", "févr", "mars", "avr", "mai", "juin", "juil", "août", "sept", "oct", "nov", "déc"},
}

func writtenLang(lang Lang) Lang {
	if lang == French {
		return French
	}
	return English
}

// WrittenWeekday is a weekday as a text writes it: "Tue", "mar".
func WrittenWeekday(lang Lang, d time.Weekday) string { return writtenWeekdays[writtenLang(lang)][d] }

// WrittenDay is a date as a text writes it: "Tue Nov 24", "mar 24 nov".
func WrittenDay(lang Lang, t time.Time) string {
	lang = writtenLang(lang)
	day, month := writtenWeekdays[lang][t.Weekday()], writtenMonths[lang][t.Month()-1]
	if lang == French {
		return fmt.Sprintf("%s %d %s", day, t.Day(), month)
	}
	return fmt.Sprintf("%s %s %d", day, month, t.Day())
}

// WrittenTime is a time of day as a text writes it: "7pm", "6:30pm";
// "19 h", "18 h 30".
func WrittenTime(lang Lang, t time.Time) string {
	h, m := t.Hour(), t.Minute()
	if writtenLang(lang) == French {
		if m == 0 {
			return fmt.Sprintf("%d h", h)
		}
		return fmt.Sprintf("%d h %02d", h, m)
	}
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
}

// WrittenWhen is a meeting's start as a text writes it: "Tue Nov 24 7pm".
func WrittenWhen(lang Lang, t time.Time) string {
	return WrittenDay(lang, t) + " " + WrittenTime(lang, t)
}

// WrittenPhone writes a North American number as people text it:
// 705-555-0142; others as they are, and none as "-".
func WrittenPhone(e164 string) string {
	switch {
	case len(e164) == 12 && strings.HasPrefix(e164, "+1"):
		return e164[2:5] + "-" + e164[5:8] + "-" + e164[8:]
	case e164 == "":
		return "-"
	}
	return e164
}

// DayOrdinal writes a day of the month as both the voice and the text
// lines say it: "1st", "22nd", "13th"; "1er", "22".
func DayOrdinal(lang Lang, n int) string {
	if lang == French {
		if n == 1 {
			return "1er"
		}
		return fmt.Sprint(n)
	}
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
