package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/telephony/twiliotest"
)

// One group, described by the voice line, the text line and a reminder,
// states the same facts: the same dial-in number and access code, the
// same contact, and the same meeting at the same time on the listener's
// clock, each zone named alike. The listener is in Kenora (Central time);
// the group keeps Eastern time.
func TestEveryChannelStatesTheSameFacts(t *testing.T) {
	const kenora = "+18074680000"
	fake := twiliotest.NewFakeAPI()
	defer fake.Close()
	db := t.TempDir() + "/facts.db"
	env := map[string]string{
		"PEERLINE_DB": db, "TWILIO_ACCOUNT_SID": "AC0123456789abcdef0123456789abcdef", "TWILIO_AUTH_TOKEN": "token123",
		"TWILIO_FROM": "+17055550100", "TWILIO_API_BASE_URL": fake.URL, "PEERLINE_PUBLIC_URL": "https://line.example.org",
	}
	csv := "id,name,concerns,phone,dialin,access_code,service_area,schedule\n" +
		"lotw,Lake of the Woods Grief Circle,Grief and bereavement,(807) 555-0120,+1 807 555 0199,5150#,Ontario,weekly TH 19:30-20:30 from 2026-01-01\n"
	if _, _, err := run(t, env, "import", writeTemp(t, "one.csv", csv)); err != nil {
		t.Fatal(err)
	}

	voice, err := runWithInput(t, env, "1\n1\n1\nq\n", "call", "--from", kenora)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, body := range []string{"grief", "1", "REMIND 1", "YES"} {
		out, _, err := run(t, env, "text", "--from", kenora, body)
		if err != nil {
			t.Fatalf("text %q: %v", body, err)
		}
		texts = append(texts, out)
	}
	meeting := time.Date(2026, 11, 26, 19, 30, 0, 0, directorytest.Zone(t, "America/Toronto"))
	if _, _, err := run(t, env, "remind", "--now", meeting.Add(-24*time.Hour).Format(time.RFC3339)); err != nil {
		t.Fatal(err)
	}
	if len(fake.Messages()) != 1 {
		t.Fatalf("reminders sent: %+v", fake.Messages())
	}

	// Each states the dial-in, the code and the meeting, and nothing
	// else it states may disagree: any other number is the contact's.
	want := facts{phones: []string{"8075550199"}, codes: []string{"5150#"}, times: []string{"Nov 26 18:30 Central = 19:30 Eastern"}}
	for _, said := range []struct{ channel, text string }{
		{"the voice line", voice},
		{"the text line's details", texts[1]},
		{"the reminder", fake.Messages()[0].Body},
	} {
		got := factsIn(said.text)
		phones := slices.DeleteFunc(slices.Clone(got.phones), func(p string) bool { return p == "8075550120" })
		if !slices.Equal(phones, want.phones) || !slices.Equal(got.codes, want.codes) || !slices.Equal(got.times, want.times) {
			t.Errorf("%s states %+v; want %+v (and perhaps the contact, 8075550120)\n%s", said.channel, got, want, said.text)
		}
	}
	if got := factsIn(texts[0]); !slices.Equal(got.times, want.times) {
		t.Errorf("the text line's list states %v; want %v\n%s", got.times, want.times, texts[0])
	}
}

// facts are what a description of a group tells, however it is worded.
type facts struct {
	phones []string // ten digits, sorted
	codes  []string // keys: "5150#"
	times  []string // "Nov 26 18:30 Central = 19:30 Eastern"
}

var (
	phoneRE   = regexp.MustCompile(`(?:\d[ ,.()-]{0,2}){9}\d`)
	codeRE    = regexp.MustCompile(`code ((?:\d[ ,]*|#|\*|pound|star)+)`)
	spokenRE  = regexp.MustCompile(`(January|February|March|April|May|June|July|August|September|October|November|December) (\d+)(?:st|nd|rd|th), at (\d+)(?::(\d\d))? (a\.m\.|p\.m\.) (\w+) time, which is (\d+)(?::(\d\d))? (a\.m\.|p\.m\.) (\w+) time`)
	writtenRE = regexp.MustCompile(`(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d+) (\d+)(?::(\d\d))?(am|pm) (\w+) \((\d+)(?::(\d\d))?(am|pm) (\w+)\)`)
)

func factsIn(s string) facts {
	var f facts
	for _, m := range phoneRE.FindAllString(s, -1) {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, m)
		if !slices.Contains(f.phones, digits) {
			f.phones = append(f.phones, digits)
		}
	}
	slices.Sort(f.phones)
	for _, m := range codeRE.FindAllStringSubmatch(s, -1) {
		code := strings.NewReplacer(" ", "", ",", "", "pound", "#", "star", "*").Replace(m[1])
		if !slices.Contains(f.codes, code) {
			f.codes = append(f.codes, code)
		}
	}
	add := func(month, day, h1, m1, ampm1, z1, h2, m2, ampm2, z2 string) {
		t := month[:3] + " " + day + " " + clock24(h1, m1, ampm1) + " " + z1 + " = " + clock24(h2, m2, ampm2) + " " + z2
		if !slices.Contains(f.times, t) {
			f.times = append(f.times, t)
		}
	}
	for _, m := range spokenRE.FindAllStringSubmatch(s, -1) {
		add(m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10])
	}
	for _, m := range writtenRE.FindAllStringSubmatch(s, -1) {
		add(m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8], m[9], m[10])
	}
	return f
}

// clock24 writes "6", "30", "p.m." as "18:30".
func clock24(h, m, ampm string) string {
	hour := map[string]int{"12": 0, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10, "11": 11}[h]
	if strings.HasPrefix(ampm, "p") {
		hour += 12
	}
	if m == "" {
		m = "00"
	}
	return time.Date(0, 1, 1, hour, 0, 0, 0, time.UTC).Format("15") + ":" + m
}
