package directory

import (
	"testing"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

// Saturday, December 5, 2026: the day a leader texts.
var textDay = recur.Date{Year: 2026, Month: time.December, Day: 5}

func TestReadDayAsPeopleTypeIt(t *testing.T) {
	dec := func(d int) recur.Date { return recur.Date{Year: 2026, Month: time.December, Day: d} }
	for _, tc := range []struct {
		typed string
		want  recur.Date // zero: not understood
	}{
		// English
		{"DEC 8", dec(8)}, {"Dec. 8th", dec(8)}, {"december 8", dec(8)}, {"8 Dec", dec(8)}, {"on the 8th of December", dec(8)},
		{"Tue Dec 8", dec(8)}, {"Tuesday, December 8, 2026", dec(8)}, {"2026-12-08", dec(8)}, {"2026-12-8", dec(8)},
		{"tomorrow", dec(6)}, {"Tomorrow", dec(6)}, {"today", dec(5)}, {"tonight", dec(5)},
		{"Tuesday", dec(8)}, {"tues", dec(8)}, {"next Tuesday", dec(8)}, {"this Tuesday", dec(8)},
		{"Saturday", dec(5)}, {"next Saturday", dec(12)}, // a weekday alone may be today; "next" never is
		{"Jan 12", recur.Date{Year: 2027, Month: time.January, Day: 12}}, // January is next year's
		{"Dec 1", dec(1)}, // four days ago: said to have passed, not moved a year
		{"Mar 3", recur.Date{Year: 2027, Month: time.March, Day: 3}},
		{"25/12", dec(25)}, {"12/25", dec(25)}, {"12/12/2026", dec(12)}, {"25/12/26", dec(25)},
		// French
		{"8 déc", dec(8)}, {"8 dec.", dec(8)}, {"le 8 décembre", dec(8)}, {"mardi 8 décembre", dec(8)}, {"1er janvier", recur.Date{Year: 2027, Month: time.January, Day: 1}},
		{"demain", dec(6)}, {"aujourd'hui", dec(5)}, {"mardi", dec(8)}, {"mardi prochain", dec(8)}, {"samedi prochain", dec(12)},
		// not understood: say so, with an example, rather than guess
		{"12/8", recur.Date{}}, {"8/12", recur.Date{}}, // August or December?
		{"Wednesday Dec 8", recur.Date{}}, // Dec 8 is a Tuesday
		{"Feb 30", recur.Date{}}, {"2026-13-01", recur.Date{}}, {"dec", recur.Date{}}, {"8", recur.Date{}},
		{"next week", recur.Date{}}, {"soon", recur.Date{}}, {"", recur.Date{}}, {"tomorrow Dec 8", recur.Date{}},
		{"next Dec 8", recur.Date{}}, {"Dec 8 9", recur.Date{}},
	} {
		got, ok := ReadDay(tc.typed, textDay)
		if ok != !tc.want.IsZero() || got != tc.want {
			t.Errorf("ReadDay(%q) = %v, %v; want %v", tc.typed, got, ok, tc.want)
		}
	}
}

// February 29th is read in the next year that has one.
func TestReadDayLeapDay(t *testing.T) {
	if got, ok := ReadDay("Feb 29", textDay); !ok || got != (recur.Date{Year: 2028, Month: time.February, Day: 29}) {
		t.Errorf("Feb 29 = %v, %v; want 2028-02-29", got, ok)
	}
}

// Whatever is typed, ReadDay answers quickly with a real date near
// today (within about a year and two months), or none.
func FuzzReadDay(f *testing.F) {
	for _, s := range []string{"DEC 8", "8 déc", "2026-12-08", "next Tuesday", "mardi prochain", "12/25", "aujourd'hui", "1er janvier 2027", "Feb 29"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, typed string) {
		got, ok := ReadDay(typed, textDay)
		if !ok {
			if !got.IsZero() {
				t.Fatalf("ReadDay(%q) = %v but not ok", typed, got)
			}
			return
		}
		if _, valid := validDate(got.Year, int(got.Month), got.Day); !valid {
			t.Fatalf("ReadDay(%q) = %v: not a date", typed, got)
		}
		if got.Year < 1900 || got.Year > 2200 {
			t.Fatalf("ReadDay(%q) = %v: out of range", typed, got)
		}
	})
}
