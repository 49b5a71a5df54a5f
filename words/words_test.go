package words

import (
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

var placeholder = regexp.MustCompile(`\{[a-z]+\}`)

// English and French have the same sentences (the structs see to that),
// every one filled in, each with the same values to fill.
func TestCataloguesMatch(t *testing.T) {
	en, fr := english(), french()
	for _, part := range []struct {
		name   string
		en, fr any
	}{{"Voice", en.Voice, fr.Voice}, {"Text", en.Text, fr.Text}, {"Facts", en.Facts, fr.Facts}} {
		a, b := reflect.ValueOf(part.en), reflect.ValueOf(part.fr)
		for i := range a.NumField() {
			f := a.Type().Field(i)
			if !f.IsExported() {
				continue
			}
			name := part.name + "." + f.Name
			x, y := a.Field(i), b.Field(i)
			switch x.Kind() {
			case reflect.String:
				if x.String() == "" || y.String() == "" {
					t.Errorf("%s is empty in one language", name)
				}
				// {n} and {nth} are one value said two ways: "every second
				// Tuesday", "un mardi sur deux".
				same := strings.NewReplacer("{nth}", "{n}")
				pa := placeholder.FindAllString(same.Replace(x.String()), -1)
				pb := placeholder.FindAllString(same.Replace(y.String()), -1)
				slices.Sort(pa)
				slices.Sort(pb)
				if !slices.Equal(pa, pb) {
					t.Errorf("%s fills %v in English but %v in French", name, pa, pb)
				}
			case reflect.Array:
				for j := range x.Len() {
					if x.Index(j).String() == "" || y.Index(j).String() == "" {
						t.Errorf("%s[%d] is empty in one language", name, j)
					}
				}
			case reflect.Map:
				if f.Name != "Streets" && x.Len() != y.Len() { // each language shortens its own street words
					t.Errorf("%s has %d entries in English, %d in French", name, x.Len(), y.Len())
				}
			}
		}
	}
}

// The crisis line is in every crisis notice, by voice and by text.
func TestCrisisLineIsEverywhereItMustBe(t *testing.T) {
	for lang, c := range NewBook() {
		if !strings.Contains(c.Voice.Crisis, "9 8 8") || !strings.Contains(c.Voice.Crisis, "9 1 1") {
			t.Errorf("%s spoken crisis notice: %q", lang, c.Voice.Crisis)
		}
		if !strings.Contains(c.Text.Crisis, "988") || !strings.Contains(c.Text.Crisis, "911") || !strings.Contains(c.Text.CrisisShort, "988") {
			t.Errorf("%s written crisis notice: %q", lang, c.Text.Crisis)
		}
	}
}

func zone(t *testing.T, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// A meeting's time is the listener's; when their clock reads otherwise
// than the group's, both are told, each zone named.
func TestTimesAreTheListeners(t *testing.T) {
	toronto, winnipeg := zone(t, "America/Toronto"), zone(t, "America/Winnipeg")
	sault := &directory.Group{Zone: "America/Toronto"}
	sault.SetLocation(toronto)
	kenora := &directory.Group{Zone: "America/Winnipeg"}
	kenora.SetLocation(winnipeg)
	evening := time.Date(2026, 12, 3, 19, 30, 0, 0, toronto) // Thursday
	en, fr := english(), french()
	tests := []struct {
		name, got, want string
	}{
		{"a Sault group to a Sault caller", en.Speaker(toronto).At(evening, sault), "Thursday, December 3rd, at 7:30 p.m."},
		{"a Sault group to a Kenora caller", en.Speaker(winnipeg).At(evening, sault),
			"Thursday, December 3rd, at 6:30 p.m. Central time, which is 7:30 p.m. Eastern time"},
		{"a Kenora group to a Sault caller", en.Speaker(toronto).At(evening, kenora),
			"Thursday, December 3rd, at 7:30 p.m. Eastern time, which is 6:30 p.m. Central time"},
		{"in French, to a Kenora caller", fr.Speaker(winnipeg).At(evening, sault),
			"le jeudi 3 décembre à 18 h 30, heure du Centre, soit 19 h 30, heure de l'Est"},
		{"to a caller whose zone is not known", en.Speaker(nil).At(evening, kenora), "Thursday, December 3rd, at 6:30 p.m."},
		{"written, to a Kenora member", en.Writer(winnipeg).At(evening, sault), "Thu Dec 3 6:30pm Central (7:30pm Eastern)"},
		{"written, to a Sault member", en.Writer(toronto).At(evening, sault), "Thu Dec 3 7:30pm"},
		{"written in French, days whole", fr.Writer(toronto).At(evening, sault), "jeudi 3 décembre 19 h 30"},
		{"written in French, to Kenora", fr.Writer(winnipeg).At(evening, sault), "jeudi 3 décembre 18 h 30 heure du Centre (19 h 30 heure de l'Est)"},
		{"the day, in the listener's calendar", en.Writer(winnipeg).Date(time.Date(2026, 12, 4, 0, 30, 0, 0, toronto), sault), "Thu Dec 3"},
		{"noon", en.Speaker(toronto).At(time.Date(2026, 12, 12, 12, 0, 0, 0, toronto), sault), "Saturday, December 12th, at noon"},
		{"a quarter past, in French", fr.Speaker(toronto).At(time.Date(2026, 12, 13, 10, 15, 0, 0, toronto), sault), "le dimanche 13 décembre à 10 h 15"},
		{"the first, in French", fr.Speaker(toronto).At(time.Date(2026, 12, 1, 19, 0, 0, 0, toronto), sault), "le mardi 1er décembre à 19 h"},
		{"midnight, written", en.Writer(toronto).At(time.Date(2026, 12, 6, 0, 5, 0, 0, toronto), sault), "Sun Dec 6 12:05am"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, tt.got, tt.want)
		}
	}
}

func TestNumbersAndKeys(t *testing.T) {
	en, fr := english(), french()
	for _, tt := range []struct{ got, want string }{
		{en.Speaker(nil).Phone("+17055550142"), "7 0 5, 5 5 5, 0 1 4 2"},
		{en.Speaker(nil).Phone("+18885550101"), "8 8 8, 5 5 5, 0 1 0 1"},
		{en.Speaker(nil).Keys("4127#"), "4 1 2 7, pound"},
		{fr.Speaker(nil).Keys("*55"), "étoile, 5 5"},
		{en.Writer(nil).Phone("+17055550142"), "705-555-0142"},
		{en.Writer(nil).Phone(""), "-"},
		{en.Writer(nil).Phone("+441234567890"), "+441234567890"},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
}

func TestPatterns(t *testing.T) {
	en, fr := english(), french()
	pattern := func(c *Catalogue, s recur.Schedule) string {
		return c.Pattern(&directory.Group{Schedules: []recur.Schedule{s}})
	}
	for _, tt := range []struct{ got, want string }{
		{pattern(en, recur.Schedule{Freq: recur.Weekly, ByDay: []string{"TU"}}), "every Tuesday"},
		{pattern(en, recur.Schedule{Freq: recur.Weekly, ByDay: []string{"MO", "TH"}}), "every Monday and Thursday"},
		{pattern(en, recur.Schedule{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"}}), "every second Tuesday"},
		{pattern(fr, recur.Schedule{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TU"}}), "un mardi sur deux"},
		{pattern(en, recur.Schedule{Freq: recur.Monthly, ByDay: []string{"2TU"}}), "on the second Tuesday of each month"},
		{pattern(en, recur.Schedule{Freq: recur.Monthly, ByDay: []string{"-1FR"}}), "on the last Friday of each month"},
		{pattern(fr, recur.Schedule{Freq: recur.Monthly, ByDay: []string{"-1FR"}}), "le dernier vendredi du mois"},
		{pattern(en, recur.Schedule{Freq: recur.Monthly, ByMonthDay: []int{15}}), "on the 15th of each month"},
		{pattern(fr, recur.Schedule{Freq: recur.Monthly, ByMonthDay: []int{1}}), "le 1er de chaque mois"},
		{pattern(en, recur.Schedule{Freq: recur.Monthly, ByDay: []string{"-2FR"}}), ""}, // not said rather than said wrong
	} {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
}

// A consent says when reminders come, as the line is set to send them.
func TestLeads(t *testing.T) {
	en, fr := english(), french()
	for _, tt := range []struct {
		c     *Catalogue
		leads []time.Duration
		want  string
	}{
		{en, []time.Duration{24 * time.Hour, time.Hour}, "the day before and one hour before"},
		{fr, []time.Duration{24 * time.Hour, time.Hour}, "la veille et une heure avant"},
		{en, []time.Duration{48 * time.Hour, 2 * time.Hour, 30 * time.Minute}, "two days before, two hours before and 30 minutes before"},
	} {
		if got := tt.c.Leads(tt.leads); got != tt.want {
			t.Errorf("%v: %q; want %q", tt.leads, got, tt.want)
		}
	}
}

func TestFill(t *testing.T) {
	for _, tt := range []struct{ got, want string }{
		{Fill("The next meeting is {when}.", "when", "Tuesday at 7 p.m."), "The next meeting is Tuesday at 7 p.m."},
		{Fill("Next: {when}.", "when", "Tue 7pm"), "Next: Tue 7pm."},
		{Fill("{a} and {b}", "a", "x", "b", "y"), "x and y"},
		{Fill("{a} then {a}", "a", "x"), "x then x"},
		{Fill("{a} and {b}", "a", "{b}"), "{b} and {b}"}, // a value is not filled in again
		{Fill("{unknown}, {a}", "a", "x"), "{unknown}, x"},
		{Fill("a { b", "b", "x"), "a { b"},
		{Fill("at {time}...", "time", "7 p.m."), "at 7 p.m..."},
	} {
		if tt.got != tt.want {
			t.Errorf("got %q; want %q", tt.got, tt.want)
		}
	}
}

// An address is said whole, and only its lone short words are read out.
func TestAddressesAreSaidWhole(t *testing.T) {
	en, fr := NewBook().In(directory.English), NewBook().In(directory.French)
	for _, tt := range []struct {
		c        *Catalogue
		in, want string
	}{
		{en, "12 Queen St E", "12 Queen Street East"},
		{en, "272 Church St., Thessalon ON", "272 Church Street, Thessalon Ontario"},
		{en, "St. Joseph Island Rd", "St. Joseph Island Road"}, // a first "St" is a saint
		{en, "Sault Ste. Marie", "Sault Ste. Marie"},
		{fr, "40 Bay St E", "40 Bay Street Est"},
		{fr, "120 boul Lasalle", "120 boulevard Lasalle"},
	} {
		if got := tt.c.Facts.Address(tt.in); got != tt.want {
			t.Errorf("%s %q is said %q; want %q", tt.c.Lang, tt.in, got, tt.want)
		}
	}
}

// "Today" and "tomorrow" are the listener's: 11 p.m. Eastern on a Monday
// is still Monday in Kenora, and tomorrow in the Sault after midnight.
func TestTodayAndTomorrowAreTheListeners(t *testing.T) {
	g := &directory.Group{Zone: "America/Toronto"}
	en := NewBook().In(directory.English)
	east, central := zone(t, "America/Toronto"), zone(t, "America/Winnipeg")
	meeting := time.Date(2026, 11, 24, 0, 30, 0, 0, east) // Tuesday 0:30 Eastern, Monday 23:30 Central
	now := time.Date(2026, 11, 23, 20, 0, 0, 0, east)
	for _, tt := range []struct {
		zone *time.Location
		now  time.Time
		want string
	}{
		{east, now, "tomorrow, at 12:30 a.m."},
		{central, now, "today, at 11:30 p.m. Central time"},
		{east, now.AddDate(0, 0, -2), "Tuesday, November 24th, at 12:30 a.m."},
		{east, time.Time{}, "Tuesday, November 24th"},
	} {
		sp := en.Speaker(tt.zone)
		if !tt.now.IsZero() {
			sp = sp.On(tt.now)
		}
		if got := sp.At(meeting, g); !strings.HasPrefix(got, tt.want) {
			t.Errorf("at %v in %v: %q; want it to begin %q", tt.now, tt.zone, got, tt.want)
		}
	}
}
