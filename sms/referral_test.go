package sms

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/telephony/twiliotest"
)

const (
	referrerPhone = "+17055550170" // Dr. Ana Roy, registered
	clientPhone   = "+17055550142" // her client
	operatorPhone = "+17055550150"
)

// referralWorld is a text line that can text a third party, through the
// fake Twilio API, with one registered referrer.
type referralWorld struct {
	*world
	fake *twiliotest.FakeAPI
}

func newReferralWorld(t *testing.T, change ...func(*Line)) *referralWorld {
	t.Helper()
	fake := twiliotest.NewFakeAPI()
	t.Cleanup(fake.Close)
	sender, err := telephony.NewSender("AC0123456789abcdef0123456789abcdef", token, "+17055550100", fake.URL)
	if err != nil {
		t.Fatal(err)
	}
	w := newWorld(t, append([]func(*Line){func(l *Line) { l.Texts = sender; l.Operator = operatorPhone }}, change...)...)
	fake.SetClock(func() time.Time { return w.now })
	if _, err := w.store.AddReferrer(context.Background(), directory.Referrer{Number: referrerPhone, Name: "Dr. Ana Roy", AddedAt: w.now}); err != nil {
		t.Fatal(err)
	}
	return &referralWorld{world: w, fake: fake}
}

// sentTo is the bodies of the texts the line sent to a number through the API.
func (w *referralWorld) sentTo(number string) []string {
	var out []string
	for _, m := range w.fake.Messages() {
		if m.To == number {
			out = append(out, m.Body)
		}
	}
	return out
}

func (w *referralWorld) referrals(t *testing.T) []directory.Referral {
	t.Helper()
	rs, err := w.store.Referrals(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return rs
}

// The client's phone gets one text that names the referrer and the
// group, with no details; YES brings the details and the reminder offer,
// and the consent record holds the referral. The referrer learns only
// that the client was asked.
func TestAReferralAsksTheClientFirst(t *testing.T) {
	w := newReferralWorld(t)
	exchange(t, w.phone(referrerPhone), []text{
		{send: "SEND 2003 TO (705) 555-0142", want: []string{"We asked your client whether they want the details of Ontario Grief Phone Circle. We will not tell you more about them."},
			notWant: []string{"0142", "888-555-0101"}},
	})
	asks := w.sentTo(clientPhone)
	if len(asks) != 1 {
		t.Fatalf("the client got %d texts: %q", len(asks), asks)
	}
	ask := asks[0]
	for _, want := range []string{"Dr. Ana Roy", "Ontario Grief Phone Circle", "Reply YES", "or NO", "STOP"} {
		if !strings.Contains(ask, want) {
			t.Errorf("the ask lacks %q: %s", want, ask)
		}
	}
	for _, detail := range []string{"888-555-0101", "4127#", "Thursday", "705-555-0102"} {
		if strings.Contains(ask, detail) {
			t.Errorf("the ask already gives a detail (%q): %s", detail, ask)
		}
	}
	if enc, segs, _ := telephony.Segments(ask); enc != telephony.GSM7 || segs > 2 {
		t.Errorf("the ask is %d segments of %s", segs, enc)
	}

	client := w.phone(clientPhone)
	exchange(t, client, []text{
		{send: "yes", want: []string{"Ontario Grief Phone Circle (group 2003)", "To join by phone, call 888-555-0101, then enter code 4127#.",
			"Reply YES to get a text the day before and one hour before each meeting of Ontario Grief Phone Circle."},
			notWant: []string{"Dr. Ana Roy", "MORE", "REMIND 1"}}, // the client has no list: nothing refers to one
		{send: "YES", want: []string{"Done: you will get a text", "Ontario Grief Phone Circle"}},
		{send: "YES", want: []string{"Text what the group is about"}}, // nothing waits any more
	})
	consents, err := w.store.Consents(context.Background(), clientPhone)
	if err != nil || len(consents) != 2 {
		t.Fatalf("the client's consents: %+v, %v", consents, err)
	}
	r := w.referrals(t)[0]
	if c := consents[0]; c.Purpose != directory.PurposeReferral || c.Wording != ask || c.Ref != directory.ReferralRef(r.ID) || c.Via != directory.ViaSMS {
		t.Errorf("the referral's consent: %+v; want the ask word for word, naming referral %d", c, r.ID)
	}
	if r.State != directory.ReferralAccepted || r.ReferrerName != "Dr. Ana Roy" || r.GroupCode != 2003 {
		t.Errorf("the referral: %+v", r)
	}
	if c := consents[1]; c.Purpose != directory.PurposeReminders {
		t.Errorf("the second consent is for %q; want reminders", c.Purpose)
	}
	if got := w.sentTo(referrerPhone); len(got) != 0 {
		t.Errorf("the referrer was texted about the client: %q", got)
	}
}

// ENVOYER asks in French, and the referrer reads French; the client's
// OUI brings the details of a group that meets in person, in French.
func TestAReferralInFrench(t *testing.T) {
	w := newReferralWorld(t)
	exchange(t, w.phone(referrerPhone), []text{
		{send: "Envoyer 2001 à 705.555.0142", want: []string{"Nous avons demandé à votre client s'il veut les coordonnées du groupe Algoma Grief Companions"}},
	})
	asks := w.sentTo(clientPhone)
	if len(asks) != 1 || !strings.Contains(asks[0], "Répondez OUI") || !strings.Contains(asks[0], "Dr. Ana Roy") {
		t.Fatalf("the client's ask: %q", asks)
	}
	exchange(t, w.phone(clientPhone), []text{
		{send: "OUI", want: []string{"Algoma Grief Companions (groupe 2001)", "12 Pine St", "Pour trouver d'autres groupes, textez un sujet"},
			notWant: []string{"Reply", "PLUS"}},
	})
}

// NO sends nothing more; anything else is an ordinary text.
func TestAClientWhoSaysNoOrSomethingElse(t *testing.T) {
	w := newReferralWorld(t)
	exchange(t, w.phone(referrerPhone), []text{{send: "SEND 2001 TO 705-555-0142"}, {send: "SEND 2003 TO 705-555-0143"}})
	exchange(t, w.phone(clientPhone), []text{
		{send: "No", want: []string{"Nothing more will be sent about Algoma Grief Companions."}, notWant: []string{"Pine St"}},
		{send: "yes", want: []string{"Text what the group is about"}, notWant: []string{"Pine St"}},
	})
	exchange(t, w.phone("+17055550143"), []text{
		{send: "grief 705", want: []string{"Grief and bereavement: 4 near"}, notWant: []string{"888-555-0101, then enter"}},
	})
	states := map[string]string{}
	for _, r := range w.referrals(t) {
		states[r.Client] = r.State
	}
	if states[clientPhone] != directory.ReferralDeclined || states["+17055550143"] != directory.ReferralAsked {
		t.Errorf("referral states: %v", states)
	}
	if n := len(w.fake.Messages()); n != 2 {
		t.Errorf("%d texts went out; want the two asks only", n)
	}
	if cs, _ := w.store.Consents(context.Background(), clientPhone); len(cs) != 0 {
		t.Errorf("a NO left consent records: %+v", cs)
	}
}

// With two asks waiting, YES answers the newest and names its group; an
// ask a week old has expired.
func TestTheNewestAskIsAnswered(t *testing.T) {
	w := newReferralWorld(t)
	referrer := w.phone(referrerPhone)
	exchange(t, referrer, []text{{send: "SEND 2005 TO 705-555-0142"}})
	w.now = w.now.Add(time.Hour)
	exchange(t, referrer, []text{{send: "SEND 2001 705 555 0142"}})
	exchange(t, w.phone(clientPhone), []text{
		{send: "YES", want: []string{"Algoma Grief Companions (group 2001)"}, notWant: []string{"Caregivers"}},
	})
	w.now = w.now.Add(directory.ReferralExpiry)
	exchange(t, w.phone(clientPhone), []text{
		{send: "YES", want: []string{"Text what the group is about"}, notWant: []string{"Caregivers"}},
	})
}

// Each refusal tells the referrer plainly, and nothing goes to the
// client's phone; what is refused leaves nothing waiting.
func TestReferralsRefused(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		setup func(t *testing.T, w *referralWorld)
		from  string
		send  string
		want  []string
	}{
		{"an unregistered sender", nil, "+17055550199", "SEND 2001 TO 705-555-0142",
			[]string{"Only helping professionals registered with the Peer Line", "nothing was sent", "call the centre at 705-555-0150"}},
		{"an unknown group", nil, referrerPhone, "SEND 9999 TO 705-555-0142", []string{"I do not know an active group 9999, so nothing was sent."}},
		{"a number that cannot be read", nil, referrerPhone, "SEND 2001 TO 555-0142", []string{"text SEND, the group's code, TO and their number"}},
		{"a client who sent STOP", func(t *testing.T, w *referralWorld) {
			if err := w.store.OptOut(ctx, clientPhone, w.now); err != nil {
				t.Fatal(err)
			}
		}, referrerPhone, "SEND 2002 TO 705-555-0142", []string{"That number cannot get our texts; it may be a landline. Nothing was sent. Give your client the group's number instead: 705-555-0105."}},
		{"a blocked client", func(t *testing.T, w *referralWorld) {
			if err := w.store.Block(ctx, clientPhone, "abusive", w.now); err != nil {
				t.Fatal(err)
			}
		}, referrerPhone, "SEND 2002 TO 705-555-0142", []string{"That number cannot get our texts", "705-555-0105"}},
		{"a client known not to take texts", func(t *testing.T, w *referralWorld) {
			exchange(t, w.phone(clientPhone), []text{{send: "GROUP 2003"}, {send: "YES"}})
			if err := w.store.SetCannotText(ctx, clientPhone, w.now); err != nil {
				t.Fatal(err)
			}
		}, referrerPhone, "SEND 2002 TO 705-555-0142", []string{"That number cannot get our texts", "705-555-0105"}},
		{"a landline, as Twilio says", func(t *testing.T, w *referralWorld) { w.fake.FailNext(1, http.StatusBadRequest, 21614) },
			referrerPhone, "SEND 2002 TO 705-555-0142", []string{"That number cannot get our texts; it may be a landline."}},
		{"Twilio down", func(t *testing.T, w *referralWorld) { w.fake.FailNext(1, http.StatusServiceUnavailable, 0) },
			referrerPhone, "SEND 2002 TO 705-555-0142", []string{"We could not send that text just now, so nothing was sent."}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newReferralWorld(t)
			if tt.setup != nil {
				tt.setup(t, w)
			}
			exchange(t, w.phone(tt.from), []text{{send: tt.send, want: tt.want, notWant: []string{"We asked your client", "0142"}}})
			if got := w.sentTo(clientPhone); len(got) != 0 {
				t.Errorf("the client got %q", got)
			}
			if waiting, err := w.store.WaitingReferrals(ctx, clientPhone, w.now); err != nil || len(waiting) != 0 {
				t.Errorf("asks waiting: %+v, %v", waiting, err)
			}
		})
	}
}

// Without PEERLINE_OPERATOR, an unregistered sender is told to ask the centre.
func TestAnUnregisteredSenderWithNoOperator(t *testing.T) {
	w := newReferralWorld(t, func(l *Line) { l.Operator = "" })
	exchange(t, w.phone("+17055550199"), []text{
		{send: "ENVOYER 2001 A 705-555-0142", want: []string{"Seuls les intervenants inscrits", "adressez-vous au centre qui offre cette ligne"}},
	})
	if n := len(w.fake.Messages()); n != 0 {
		t.Errorf("%d texts went out", n)
	}
}

// A Twilio landline answer is remembered for a member, as the voice line does.
func TestALandlineIsRemembered(t *testing.T) {
	w := newReferralWorld(t)
	exchange(t, w.phone(clientPhone), []text{{send: "GROUP 2003"}, {send: "YES"}})
	w.fake.FailNext(1, http.StatusBadRequest, 21614)
	exchange(t, w.phone(referrerPhone), []text{{send: "SEND 2001 TO 705-555-0142", want: []string{"cannot get our texts"}}})
	if m, ok, err := w.store.Member(context.Background(), clientPhone); err != nil || !ok || !m.CannotText {
		t.Errorf("the member: %+v %v %v; want CannotText", m, ok, err)
	}
}

// A client is not asked twice about a group while an ask waits, and a
// referrer sends at most ReferralsPerDay asks in their day.
func TestADuplicateAndTheDailyLimit(t *testing.T) {
	w := newReferralWorld(t)
	w.now = time.Date(2026, 11, 23, 14, 0, 0, 0, time.UTC) // 9 a.m. in Sault Ste. Marie
	referrer := w.phone(referrerPhone)
	exchange(t, referrer, []text{
		{send: "SEND 2001 TO 705-555-0142", want: []string{"We asked your client"}},
		{send: "SEND 2001 TO 7055550142", want: []string{"That number was already asked about Algoma Grief Companions and has not answered yet."}},
	})
	if got := w.sentTo(clientPhone); len(got) != 1 {
		t.Fatalf("the client got %d asks", len(got))
	}
	for i := 1; i < directory.ReferralsPerDay; i++ {
		exchange(t, referrer, []text{{send: fmt.Sprintf("SEND 2001 TO 705-555-%04d", 1000+i), want: []string{"We asked your client"}}})
	}
	exchange(t, referrer, []text{{send: "SEND 2001 TO 705-555-0199", want: []string{"You have sent 20 referrals today", "nothing was sent"}}})
	if got := w.sentTo("+17055550199"); len(got) != 0 {
		t.Errorf("an ask over the limit went out: %q", got)
	}
	w.now = time.Date(2026, 11, 24, 5, 30, 0, 0, time.UTC) // 00:30 the next day, on the referrer's clock
	exchange(t, referrer, []text{{send: "SEND 2001 TO 705-555-0199", want: []string{"We asked your client"}}})
}

// The ways people write a referral read as one, and other texts do not.
func TestReadingAReferral(t *testing.T) {
	for _, tt := range []struct {
		body string
		code int
		to   string
		lang directory.Lang
	}{
		{"SEND 4127 TO 705-555-0142", 4127, clientPhone, directory.English},
		{"send 4127 705 555 0142", 4127, clientPhone, directory.English},
		{"Send #4127 to (705) 555-0142.", 4127, clientPhone, directory.English},
		{"ENVOYER 4127 A 705-555-0142", 4127, clientPhone, directory.French},
		{"Envoyer 4127 à +1 705 555 0142", 4127, clientPhone, directory.French},
		{"ENVOYER 4127 AU 1-705-555-0142", 4127, clientPhone, directory.French},
		{"SEND 4127 TO 555-0142", 4127, "", directory.English},
		{"SEND 4127", 4127, "", directory.English},
	} {
		m := read(tt.body)
		if m.kind != refer || m.n != tt.code || m.to != tt.to || m.lang != tt.lang {
			t.Errorf("read(%q) = kind %d, code %d, to %q, lang %q; want a referral of %d to %q in %q", tt.body, m.kind, m.n, m.to, m.lang, tt.code, tt.to, tt.lang)
		}
	}
	for _, body := range []string{"send help", "sending love to my group", "STOP", "JOIN 4127", "grief 705"} {
		if m := read(body); m.kind == refer {
			t.Errorf("read(%q) is a referral", body)
		}
	}
}

// A line that cannot text other numbers (no Twilio REST credentials)
// says so, and gives the referrer the group's code to pass on.
func TestAReferralWithoutTexting(t *testing.T) {
	w := newReferralWorld(t, func(l *Line) { l.Texts = nil })
	exchange(t, w.phone(referrerPhone), []text{
		{send: "SEND 2001 TO 705-555-0142", want: []string{"This line is not set up to text other numbers, so nothing was sent.", "2001"}},
	})
	if n := len(w.fake.Messages()); n != 0 || len(w.referrals(t)) != 0 {
		t.Errorf("%d texts went out, %d referrals kept", n, len(w.referrals(t)))
	}
}
