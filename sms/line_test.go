package sms

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/directory/sqlite"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

const (
	token  = "testtoken0123456789"
	sender = "+17052530000" // a Sault Ste. Marie exchange
)

func weekly(day string, hh int) recur.Schedule { return directorytest.Weekly(day, hh, 0) }

func testGroups() []directory.Group {
	return []directory.Group{
		{SourceID: "sault-grief", Code: 2001, Name: "Algoma Grief Companions", Concerns: []string{"grief"}, Phone: "(705) 555-0101",
			Place: &directory.Place{City: "Sault Ste. Marie", Name: "Riverside Hall", Street: "12 Pine St"}, Schedules: []recur.Schedule{weekly("TU", 19)}},
		{SourceID: "elliot-grief", Code: 2002, Name: "Elliot Lake Bereavement Circle", Concerns: []string{"grief"}, Phone: "(705) 555-0105",
			Place: &directory.Place{City: "Elliot Lake"}, Schedules: []recur.Schedule{weekly("WE", 14)}},
		{SourceID: "phone-grief", Code: 2003, Name: "Ontario Grief Phone Circle", Concerns: []string{"grief", "suicide-loss"}, Phone: "(705) 555-0102",
			Dialin: &directory.Dialin{Number: "+18885550101", AccessCode: "4127#"}, Areas: []directory.Coverage{{Kind: directory.CoverProvince, Value: "ON"}},
			Schedules: []recur.Schedule{{Freq: recur.Weekly, Interval: 2, ByDay: []string{"TH"}, Start: recur.Date{Year: 2026, Month: time.January, Day: 8}, Opens: 14 * 60}}},
		{SourceID: "sudbury-deuil", Code: 2004, Name: "Cercle du deuil de Sudbury", Concerns: []string{"grief"}, Languages: []directory.Lang{directory.French},
			Phone: "(705) 555-0103", Place: &directory.Place{City: "Sudbury"}, Schedules: []recur.Schedule{weekly("WE", 19)}},
		{SourceID: "sault-care", Code: 2005, Name: "Sault Caregivers' Circle", Concerns: []string{"caregiving", "dementia"}, Phone: "(705) 555-0104",
			Place: &directory.Place{City: "Sault Ste. Marie"}, Schedules: []recur.Schedule{{Freq: recur.Monthly, ByDay: []string{"-1FR"}, Start: recur.Date{Year: 2026, Month: time.January, Day: 1}, Opens: 10 * 60}}},
		{SourceID: "ottawa-gambling", Code: 2006, Name: "Ottawa Gamblers Helping Gamblers", Concerns: []string{"gambling"}, Phone: "(613) 555-0106",
			Place: &directory.Place{City: "Ottawa"}, Schedules: []recur.Schedule{weekly("MO", 19)}},
	}
}

type world struct {
	store *sqlite.Store
	areas *directory.Areas
	codes map[int]int64 // group code -> store id
	now   time.Time
	h     http.Handler
}

// newWorld builds a text line on a small directory. Tests send many texts
// from few numbers, so the rate limit is lifted unless a test sets it.
func newWorld(t testing.TB, change ...func(*Line)) *world {
	w, _ := newWorldLine(t, change...)
	return w
}

// newWorldLine is newWorld, and the line it serves.
func newWorldLine(t testing.TB, change ...func(*Line)) (*world, *Line) {
	t.Helper()
	store, areas := directorytest.Store(t), directorytest.Areas(t)
	w := &world{store: store, areas: areas, now: time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)}
	w.codes = directorytest.Import(t, store, areas, w.now, testGroups()...)
	clock := func() time.Time { return w.now }
	settings := Line{Finder: &directory.Finder{Store: store, Vocab: directorytest.Vocab(t), Areas: areas, Now: clock}, Now: clock, Burst: 1 << 30, Window: time.Minute}
	for _, c := range change {
		c(&settings)
	}
	line := New(settings)
	r := chi.NewRouter()
	r.Mount(routes.SMS, (&telephony.Verifier{AuthToken: token, PublicURL: "https://line.example.org"}).Wrap(line.Handler()))
	w.h = r
	return w, line
}

// count is the number of rows in a table, failing the test if it cannot
// be read: a count that failed is not a count of zero.
func (w *world) count(t *testing.T, table string) int {
	t.Helper()
	var n int
	if err := w.store.ReadDB().QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatalf("counting %s: %v", table, err)
	}
	return n
}

func (w *world) phone(from string) *twiliotest.Phone {
	return &twiliotest.Phone{Handler: w.h, AuthToken: token, PublicURL: "https://line.example.org", From: from, To: "+17055550100"}
}

// text is one message sent and what the reply must (and must not) say.
type text struct {
	send    string
	want    []string
	notWant []string
	none    bool // no reply at all
}

// exchange runs a conversation, checking each reply: useful, GSM-7 and
// at most two segments where the test says so.
func exchange(t *testing.T, p *twiliotest.Phone, texts []text) []string {
	t.Helper()
	var last []string
	for i, tx := range texts {
		replies, err := p.Text(context.Background(), "/twilio/sms", tx.send)
		if err != nil {
			t.Fatalf("text %d (%q): %v", i, tx.send, err)
		}
		if tx.none != (len(replies) == 0) {
			t.Fatalf("text %d (%q): replies %q; want none: %v", i, tx.send, replies, tx.none)
		}
		all := strings.Join(replies, "\n---\n")
		for _, want := range tx.want {
			if !strings.Contains(all, want) {
				t.Fatalf("text %d (%q): reply lacks %q:\n%s", i, tx.send, want, all)
			}
		}
		for _, not := range tx.notWant {
			if strings.Contains(all, not) {
				t.Fatalf("text %d (%q): reply has %q:\n%s", i, tx.send, not, all)
			}
		}
		for _, r := range replies {
			if len([]rune(r)) > maxChars {
				t.Fatalf("text %d (%q): a reply of %d characters", i, tx.send, len([]rune(r)))
			}
		}
		last = replies
	}
	return last
}

func TestSearchesInFreeText(t *testing.T) {
	w := newWorld(t)
	tests := []struct {
		from, send string
		want       []string
		notWant    []string
	}{
		{sender, "grief 705", []string{"Grief and bereavement: 4 near Sault Ste. Marie", "1) Algoma Grief Companions - Sault Ste. Marie, next Tue Nov 24 7pm, 705-555-0101", "Reply 1-"}, []string{"Ottawa"}},
		{sender, "greif", []string{"Grief and bereavement", "near Sault Ste. Marie", "Algoma Grief Companions"}, nil},
		{"+17055550142", "caregiver support near sault ste marie", []string{"Caregiving: 1 near Sault Ste. Marie", "Sault Caregivers' Circle"}, nil},
		{"+17055550142", "deuil Sudbury", []string{"Deuil : 4 près de Grand Sudbury", "1) Cercle du deuil de Sudbury - Sudbury, proch. mercredi 25 novembre 19 h", "Répondez 1-"}, nil},
		{"+16135550100", "alzheimer's 249", []string{"Dementia and Alzheimer's: 1 near 249", "Sault Caregivers' Circle"}, nil},
		{"+17055550142", "GRIEF 999", []string{"I do not know the area 999"}, nil},
		{"+441234567890", "grief", []string{"Which area?", "GRIEF 705"}, nil},
	}
	for _, tt := range tests {
		replies := exchange(t, w.phone(tt.from), []text{{send: tt.send, want: tt.want, notWant: tt.notWant}})
		for _, r := range replies {
			if enc, segs, _ := telephony.Segments(r); segs > 2 || (enc != telephony.GSM7 && !strings.Contains(tt.send, "deuil")) {
				t.Errorf("%q: a reply of %d segments in %s:\n%s", tt.send, segs, enc, r)
			}
		}
	}
}

// A first "hi" is welcomed with what to send, in the language it came in.
func TestAGreetingIsWelcomed(t *testing.T) {
	w := newWorld(t)
	for _, tt := range []struct{ send, want string }{
		{"hi", "Welcome to the Peer Line"}, {"Hello!", "Welcome to the Peer Line"}, {"Hi there", "Welcome to the Peer Line"}, {"Good morning", "Welcome to the Peer Line"},
		{"Bonjour", "Bienvenue à la Ligne d'entraide"}, {"allô", "Bienvenue"}, {"Salut", "Bienvenue"},
	} {
		exchange(t, w.phone("+17055550142"), []text{{send: tt.send, want: []string{tt.want, "705"}, notWant: []string{"did not find a topic", "Désolée"}}})
	}
	// ...and the next text finds groups, in that language.
	exchange(t, w.phone("+17055550143"), []text{{send: "bonjour"}, {send: "deuil 705", want: []string{"Deuil"}}})
}

func TestAConversationRemembers(t *testing.T) {
	w := newWorld(t)
	p := w.phone(sender) // their own area code: their town still orders the groups
	exchange(t, p, []text{
		{send: "grief 705", want: []string{"1) Algoma Grief Companions", "2) Ontario Grief Phone Circle", "MORE for more"}},
		{send: "1", want: []string{"Algoma Grief Companions (group 2001)", "At Riverside Hall, 12 Pine St, Sault Ste. Marie.", "Meets every Tuesday. Next: Tue Nov 24 7pm.", "Contact: 705-555-0101"}},
		{send: "2", want: []string{"To join by phone, call 888-555-0101, then enter code 4127#.", "every second Thursday", "REMIND 2"}},
		{send: "MORE", want: []string{"1) Elliot Lake Bereavement Circle - Elliot Lake (130 km)", "2) Cercle du deuil de Sudbury - Sudbury (260 km)"}},
		{send: "9", want: []string{"Reply with a number from 1 to 2"}},
		{send: "more", want: []string{"That is all the groups"}},
	})
	w.now = w.now.Add(31 * time.Minute)
	exchange(t, p, []text{{send: "MORE", want: []string{"Text what the group is about and your area first"}}})
}

func TestRemindersByTextRecordConsent(t *testing.T) {
	w := newWorld(t)
	p := w.phone(sender)
	exchange(t, p, []text{
		{send: "grief 705"},
		{send: "REMIND 1", want: []string{"Reminders are sent for telephone groups", "705-555-0101"}}, // an in-person group
		{send: "YES", want: []string{"Text what the group is about"}},                                 // nothing was asked
		{send: "REMIND 2", want: []string{"Reply YES to get a text the day before and one hour before each meeting of Ontario Grief Phone Circle. Msg&data rates may apply. Reply STOP to end."}},
		{send: "yes", want: []string{"Done: you will get a text", "Ontario Grief Phone Circle"}},
		{send: "LIST", want: []string{"Your reminders: 1) Ontario Grief Phone Circle"}},
	})
	ctx := context.Background()
	subs, err := w.store.Subscriptions(ctx, sender)
	if err != nil || len(subs) != 1 || subs[0].Channel != directory.ByText || subs[0].GroupCode != 2003 || subs[0].State != "active" {
		t.Fatalf("the subscription the reminder job will read: %+v %v", subs, err)
	}
	consents, err := w.store.Consents(ctx, sender)
	if err != nil {
		t.Fatal(err)
	}
	want := "Reply YES to get a text the day before and one hour before each meeting of Ontario Grief Phone Circle. Msg&data rates may apply. Reply STOP to end."
	if len(consents) != 1 || consents[0].Wording != want || consents[0].Via != "sms" || consents[0].Purpose != "reminders" || !consents[0].At.Equal(w.now) || consents[0].Ref != "2003" {
		t.Fatalf("the consent record: %+v", consents)
	}

	// From a flyer, in French, and stopped by number.
	exchange(t, w.phone("+17055550142"), []text{
		{send: "JOIN 2003", want: []string{"Reply YES"}},
		{send: "OUI", want: []string{"C'est fait", "Ontario Grief Phone Circle"}},
		{send: "MES RAPPELS", want: []string{"Vos rappels : 1) Ontario Grief Phone Circle"}},
		{send: "ARRET 1", want: []string{"Les rappels de Ontario Grief Phone Circle sont arretés"}},
		{send: "MES RAPPELS", want: []string{"Vous n'avez aucun rappel"}},
		{send: "JOIN 9999", want: []string{"Je ne connais pas le groupe 9999"}},
	})
}

func TestStopThenStart(t *testing.T) {
	w := newWorld(t)
	p := w.phone(sender)
	exchange(t, p, []text{
		{send: "JOIN 2003"}, {send: "YES"},
		{send: "STOP", none: true}, // Twilio answers STOP itself
		{send: "LIST", want: []string{"You have no meeting reminders"}},
		{send: "JOIN 2003"},
		{send: "YES", want: []string{"You asked for no more texts from us. Text START first"}},
		{send: "START", want: []string{"Your old reminders stay off"}},
		{send: "LIST", want: []string{"You have no meeting reminders"}}, // nothing restarted silently
		{send: "JOIN 2003"},
		{send: "YES", want: []string{"Done"}},
		{send: "arrêt", want: []string{"Vous ne recevrez plus de textos"}}, // ours to confirm in French
	})
	if m, _, err := w.store.Member(context.Background(), sender); err != nil || !m.OptedOut {
		t.Errorf("ARRET did not opt the member out (%v)", err)
	}
	for _, kw := range []string{"STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "stop", "Stop."} {
		exchange(t, w.phone("+17055550199"), []text{{send: kw, none: true}})
	}
}

func TestCrisisComesFirst(t *testing.T) {
	w := newWorld(t)
	tests := []struct{ send, want string }{
		{"I want to die", "call or text 988 now"},
		{"grief 705 I want to kill myself", "call or text 988 now"},
		{"I took too many pills", "call or text 988 now"},
		{"je veux mourir", "appelez ou textez le 988 maintenant"},
		{"il me frappe, aide", "appelez ou textez le 988 maintenant"},
	}
	for _, tt := range tests {
		replies := exchange(t, w.phone(sender), []text{{send: tt.send, want: []string{tt.want}, notWant: []string{"Algoma"}}})
		if len(replies) != 1 {
			t.Errorf("%q: %d replies; the crisis answer comes alone", tt.send, len(replies))
		}
	}
	// Looking for a group after a loss to suicide: the search goes on, the crisis line first.
	replies := exchange(t, w.phone(sender), []text{{send: "suicide loss 705", want: []string{"Ontario Grief Phone Circle"}}})
	if len(replies) != 2 || !strings.Contains(replies[0], "988") {
		t.Errorf("suicide loss: %q", replies)
	}
}

func TestHelpInEachLanguage(t *testing.T) {
	w := newWorld(t)
	exchange(t, w.phone(sender), []text{
		{send: "HELP", want: []string{"Peer Line: find a self-help group", "GRIEF 705", "988"}},
		{send: "info", want: []string{"Peer Line"}},
		{send: "AIDE", want: []string{"Ligne d'entraide", "DEUIL 705"}},
	})
}

// Bad input gets a short, useful reply, and nothing about the sender is
// stored.
func TestBadInputIsAnsweredAndNotKept(t *testing.T) {
	w := newWorld(t)
	for _, body := range []string{
		"", "   ", "🙂🙂🙂", "\x00\x01\x1b[31m", "'; DROP TABLE groups; --", "xyzzy", strings.Repeat("a", 1600),
		strings.Repeat("é", 2000), "MORE", "3", "REMIND 2", "YES", "STOP 4",
	} {
		replies := exchange(t, w.phone("+17055550177"), []text{{send: body}})
		if len(replies) != 1 || replies[0] == "" {
			t.Fatalf("%q: replies %q", body, replies)
		}
		if _, segs, _ := telephony.Segments(replies[0]); segs > 2 {
			t.Errorf("%q: a %d-segment reply to nonsense", body, segs)
		}
	}
	if sessions, members := w.count(t, "sessions"), w.count(t, "members"); sessions != 0 || members != 0 {
		t.Errorf("nonsense left %d sessions and %d members behind", sessions, members)
	}
}

func TestNothingFoundIsNoDeadEnd(t *testing.T) {
	w := newWorld(t)
	exchange(t, w.phone(sender), []text{
		// Ottawa is 1,000 km from the Sault: not offered as "near".
		{send: "gambling 705", want: []string{"No group for Gambling found near Sault Ste. Marie", "Reply WAIT", "988"}, notWant: []string{"Ottawa", "613", "nearest"}},
		{send: "WAIT", want: []string{"Reply YES to get one text when a group for Gambling starts near 705"}},
		{send: "YES", want: []string{"We will text you when a group for Gambling starts"}},
	})
	consents, err := w.store.Consents(context.Background(), sender)
	if err != nil || len(consents) != 1 || consents[0].Purpose != "waitlist" || !strings.HasPrefix(consents[0].Wording, "Reply YES to get one text") {
		t.Fatalf("wait-list consent: %+v %v", consents, err)
	}
}

func TestAForgedTextChangesNothing(t *testing.T) {
	w := newWorld(t)
	p := w.phone(sender)
	p.AuthToken = "wrong"
	if _, err := p.Text(context.Background(), "/twilio/sms", "JOIN 2003"); err == nil || !strings.Contains(err.Error(), "403") {
		t.Fatalf("a forged text: %v", err)
	}
	if logs, sessions := w.count(t, "search_log"), w.count(t, "sessions"); logs != 0 || sessions != 0 {
		t.Errorf("a forged text left %d searches and %d sessions", logs, sessions)
	}
}
