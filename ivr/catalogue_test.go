package ivr

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory/recur"
)

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// English and French have the same sentences (the struct sees to that),
// every one filled in, each with the same values to fill.
func TestCataloguesMatch(t *testing.T) {
	en, fr := reflect.ValueOf(*english()), reflect.ValueOf(*french())
	for i := range en.NumField() {
		name := en.Type().Field(i).Name
		a, b := en.Field(i), fr.Field(i)
		switch a.Kind() {
		case reflect.String:
			if a.String() == "" || b.String() == "" {
				t.Errorf("%s is empty in one language", name)
			}
			// {n} and {nth} are one value said two ways: "every second
			// Tuesday", "un mardi sur deux".
			same := strings.NewReplacer("{nth}", "{n}")
			pa := placeholder.FindAllString(same.Replace(a.String()), -1)
			pb := placeholder.FindAllString(same.Replace(b.String()), -1)
			slices.Sort(pa)
			slices.Sort(pb)
			if !slices.Equal(pa, pb) {
				t.Errorf("%s fills %v in English but %v in French", name, pa, pb)
			}
		case reflect.Array:
			for j := range a.Len() {
				if a.Index(j).String() == "" || b.Index(j).String() == "" {
					t.Errorf("%s[%d] is empty in one language", name, j)
				}
			}
		case reflect.Map:
			if a.Len() != b.Len() {
				t.Errorf("%s has %d entries in English, %d in French", name, a.Len(), b.Len())
			}
		case reflect.Func:
			if a.IsNil() || b.IsNil() {
				t.Errorf("%s is missing in one language", name)
			}
		}
	}
}

// The crisis line is in the greeting and in every no-results path.
func TestCrisisLineIsEverywhereItMustBe(t *testing.T) {
	for lang, m := range catalogues() {
		if !strings.Contains(m.Crisis, "9 8 8") || !strings.Contains(m.Crisis, "9 1 1") {
			t.Errorf("%s crisis notice: %q", lang, m.Crisis)
		}
	}
}

func TestSpokenWords(t *testing.T) {
	en, fr := english(), french()
	toronto, _ := time.LoadLocation("America/Toronto")
	winnipeg, _ := time.LoadLocation("America/Winnipeg")
	tue := time.Date(2026, 12, 1, 19, 0, 0, 0, toronto)
	tests := []struct{ got, want string }{
		{digits("+17055550142"), "7 0 5, 5 5 5, 0 1 4 2"},
		{digits("+18885550101"), "8 8 8, 5 5 5, 0 1 0 1"},
		{keysWords("4127#", en), "4 1 2 7, pound"},
		{keysWords("*55", fr), "étoile, 5 5"},
		{when(tue, "America/Toronto", "America/Toronto", en), "Tuesday, December 1st, at 7 p.m."},
		{when(tue, "America/Toronto", "America/Toronto", fr), "le mardi 1er décembre à 19 h"},
		{when(time.Date(2026, 12, 2, 18, 30, 0, 0, winnipeg), "America/Winnipeg", "America/Toronto", en), "Wednesday, December 2nd, at 6:30 p.m. Central time"},
		{when(time.Date(2026, 12, 12, 12, 0, 0, 0, toronto), "America/Toronto", "", en), "Saturday, December 12th, at noon"},
		{when(time.Date(2026, 12, 13, 10, 15, 0, 0, toronto), "America/Toronto", "", fr), "le dimanche 13 décembre à 10 h 15"},
		{pattern(recur.Schedule{Freq: recur.Weekly, ByDay: []string{"TU"}}, en), "every Tuesday"},
		{pattern(recur.Schedule{Freq: recur.Weekly, ByDay: []string{"MO", "TH"}}, en), "every Monday and Thursday"},
		{pattern(recur.Schedule{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"}}, en), "every second Tuesday"},
		{pattern(recur.Schedule{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"}}, fr), "un mardi sur deux"},
		{pattern(recur.Schedule{Freq: recur.Monthly, ByDay: []string{"2TU"}}, en), "on the second Tuesday of each month"},
		{pattern(recur.Schedule{Freq: recur.Monthly, ByDay: []string{"-1FR"}}, en), "on the last Friday of each month"},
		{pattern(recur.Schedule{Freq: recur.Monthly, ByDay: []string{"-1FR"}}, fr), "le dernier vendredi du mois"},
		{pattern(recur.Schedule{Freq: recur.Monthly, ByMonthDay: []int{15}}, en), "on the 15th of each month"},
		{pattern(recur.Schedule{Freq: recur.Monthly, ByMonthDay: []int{1}}, fr), "le 1er de chaque mois"},
		{pattern(recur.Schedule{Freq: recur.Monthly, ByDay: []string{"-2FR"}}, en), ""}, // not said rather than said wrong
		{say("The next meeting is {when}.", "when", "Tuesday at 7 p.m."), "The next meeting is Tuesday at 7 p.m."},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
}

func TestOperatorHours(t *testing.T) {
	h, err := ParseHours("MO-FR 09:00-17:00", "America/Toronto")
	if err != nil {
		t.Fatal(err)
	}
	toronto, _ := time.LoadLocation("America/Toronto")
	for at, open := range map[time.Time]bool{
		time.Date(2026, 11, 23, 9, 0, 0, 0, toronto):   true, // Monday morning
		time.Date(2026, 11, 23, 16, 59, 0, 0, toronto): true,
		time.Date(2026, 11, 23, 17, 0, 0, 0, toronto):  false,
		time.Date(2026, 11, 28, 10, 0, 0, 0, toronto):  false, // Saturday
	} {
		if h.IsOpen(at) != open {
			t.Errorf("open at %s: %v", at, !open)
		}
	}
	if !(Hours{}).IsOpen(time.Now()) {
		t.Error("no hours set means always open")
	}
	for _, bad := range []string{"weekdays", "MO-FR 9-5", "XX 09:00-17:00", "MO 17:00-09:00"} {
		if _, err := ParseHours(bad, "America/Toronto"); err == nil {
			t.Errorf("ParseHours(%q) should fail", bad)
		}
	}
}
