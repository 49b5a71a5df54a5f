// Package sms is the text line: one message in, a useful answer out, in
// English or French, with a short memory per sender so that MORE, a
// number, REMIND and YES mean something.
package sms

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/webhook"
	"github.com/peerline/peerline/words"
)

// Line is the text line.
type Line struct {
	Finder *directory.Finder
	Now    func() time.Time
	Log    *slog.Logger
	// Each sender gets at most Burst texts answered in any Window: a
	// runaway auto-reply or a prank loop costs the line nothing more.
	Burst  int
	Window time.Duration

	Leads []time.Duration // how long before a meeting reminders go out, longest first

	Activity *webhook.Activity

	// Texts sends a text to someone other than the sender (a referred
	// client); nil when texting is not set up. Operator is the centre's
	// number, for a referrer who must register; "" when there is none.
	Texts    Texter
	Operator string

	book   words.Book
	memory webhook.State[memory]
	limit  *limiter
}

// Memory is how long the line remembers a conversation: long enough to
// read a list and answer it, short enough to forget a topic soon.
const memoryFor = 30 * time.Minute

// perPage is how many groups one reply lists, at most.
const perPage = 3

// New makes a text line; fields left zero get defaults.
func New(l Line) *Line {
	if l.Now == nil {
		l.Now = time.Now
	}
	if l.Log == nil {
		l.Log = slog.New(slog.DiscardHandler)
	}
	if l.Leads == nil {
		l.Leads = directory.DefaultLeads()
	}
	if l.Burst == 0 {
		l.Burst, l.Window = 20, 10*time.Minute
	}
	if l.Activity == nil {
		l.Activity = &webhook.Activity{Store: l.Finder.Store, Now: l.Now, Log: l.Log}
	}
	l.book = words.NewBook()
	l.memory = webhook.State[memory]{Store: l.Finder.Store, Expiry: memoryFor, Now: l.Now}
	l.limit = &limiter{store: l.Finder.Store, burst: l.Burst, window: l.Window}
	return &l
}

// Handler serves POST / : Twilio's incoming-message webhook.
func (l *Line) Handler() http.Handler {
	sender := func(r *http.Request) string {
		n, _ := directory.CallerNumber(r.PostForm.Get("From"))
		return n
	}
	guard := &webhook.Guard{
		Channel: directory.ChannelSMS, Kind: directory.ActivityText,
		Blocklist: l.Finder.Store, Activity: l.Activity, Log: l.Log,
		Starts: func(r *http.Request) bool { return sender(r) != "" },
		Party:  sender,
		// A blocked number gets nothing, and nothing is kept — except that
		// a crisis still gets its answer: only ordinary use is blocked.
		Blocked: func(w http.ResponseWriter, r *http.Request) {
			if c := crisisAnswer(l.book, cleanText(r.PostForm.Get("Body"))); c != "" {
				telephony.WriteMessages(w, c)
				return
			}
			telephony.WriteMessages(w)
		},
		Fault: func(w http.ResponseWriter, _ *http.Request, lang directory.Lang) {
			telephony.WriteMessages(w, l.book.In(lang).Text.Sorry)
		},
	}
	return guard.Wrap(http.HandlerFunc(l.serve))
}

// memory is what the line remembers of a conversation, by sender.
type memory struct {
	Lang    directory.Lang `json:"lang"`
	Concern string         `json:"concern,omitempty"` // the last search
	Area    string         `json:"area,omitempty"`    // as given: an area code or town; "" = the sender's number
	Offset  int            `json:"offset,omitempty"`  // where the next page starts
	Total   int            `json:"total,omitempty"`
	Listed  []int          `json:"listed,omitempty"`  // the codes of the groups in the last list, in order
	Pending *pending       `json:"pending,omitempty"` // a question waiting for YES
	Empty   *emptySearch   `json:"empty,omitempty"`   // the last search found nothing: for WAIT
}

type pending struct {
	Purpose string `json:"purpose"` // reminders, waitlist
	Code    int    `json:"code,omitempty"`
	Concern string `json:"concern,omitempty"`
	Area    string `json:"area,omitempty"` // a complex key
	NPA     string `json:"npa,omitempty"`
	Wording string `json:"wording"` // exactly what was sent, for the consent record

	// A leader's question (issue 14).
	Day  string `json:"day,omitempty"`  // leader-cancel: the local day (YYYY-MM-DD)
	At   int64  `json:"at,omitempty"`   // leader-note: the meeting it comes before (Unix seconds)
	Note string `json:"note,omitempty"` // leader-note: its words
}

type emptySearch struct {
	Concern string `json:"concern"`
	Area    string `json:"area"`
	NPA     string `json:"npa"`
}

// conversation is one text being answered.
type conversation struct {
	number string // the sender, E.164
	mem    memory
	keep   bool         // save the memory after answering
	m      *words.Text  // in the conversation's language
	writer words.Writer // facts written for the sender: their language, their clock
}

func (l *Line) serve(w http.ResponseWriter, r *http.Request) {
	lang := directory.English
	number, ok := directory.CallerNumber(r.PostForm.Get("From"))
	if !ok {
		telephony.WriteMessages(w) // nobody to answer
		return
	}
	// The limit never silences a crisis: 988 goes out however many texts came before.
	if !readsLikeCrisis(cleanText(r.PostForm.Get("Body"))) && !l.limit.allow(r.Context(), key(number), l.Now()) {
		l.Log.Warn("sms: a sender is over the rate limit; not answering", "sender", directory.Mask(number))
		telephony.WriteMessages(w)
		return
	}
	replies, err := l.answer(r.Context(), number, r.PostForm.Get("Body"), &lang)
	if err != nil {
		l.Log.Error("sms: cannot answer a text", "err", err)
		replies = []string{l.book.In(lang).Text.Sorry}
	}
	for i := range replies {
		replies[i] = fit(replies[i])
	}
	telephony.WriteMessages(w, replies...)
}

// answer works out the replies to one text.
func (l *Line) answer(ctx context.Context, number, body string, lang *directory.Lang) ([]string, error) {
	c := &conversation{number: number}
	if err := l.recall(ctx, c); err != nil {
		return nil, err
	}
	msg := read(body)
	// French keywords say the sender reads French. English ones (STOP,
	// JOIN) are used by everyone, so only HELP asks for English.
	if msg.kind != search && (msg.lang == directory.French || msg.kind == help || msg.kind == greeting) {
		c.mem.Lang = msg.lang
	}
	l.speak(c)
	*lang = c.mem.Lang
	if c := crisisAnswer(l.book, msg.text); c != "" {
		return []string{c}, nil // first, alone, in the language the danger was written in
	}
	recalled := c.mem.Lang
	replies, err := l.handle(ctx, c, msg)
	if err != nil {
		return nil, err
	}
	*lang = c.mem.Lang
	c.keep = c.keep || c.mem.Lang != recalled // the language is remembered per sender
	if c.keep {
		err = l.remember(ctx, c)
	}
	return replies, err
}

func (l *Line) handle(ctx context.Context, c *conversation, msg message) ([]string, error) {
	m := c.m
	switch msg.kind {
	case empty:
		return []string{m.MediaOnly}, nil
	case optOut:
		// Twilio answers STOP itself on Canadian numbers; a second answer
		// would be noise. Record it and say nothing.
		return nil, l.Finder.Store.OptOut(ctx, c.number, l.Now())
	case optOutFR:
		return []string{m.Arret}, l.Finder.Store.OptOut(ctx, c.number, l.Now())
	case optIn:
		return []string{m.Start}, l.Finder.Store.OptIn(ctx, c.number, l.Now())
	case help:
		return []string{m.Help}, nil
	case greeting:
		return []string{m.Welcome}, nil
	case list:
		return l.list(ctx, c)
	case stopOne:
		return l.stopOne(ctx, c, msg.n)
	case more:
		return l.more(ctx, c)
	case details:
		return l.details(ctx, c, msg.n)
	case remind:
		return l.remind(ctx, c, msg.n)
	case join:
		return l.join(ctx, c, msg.n)
	case yes:
		return l.yes(ctx, c)
	case no:
		if c.mem.Pending == nil {
			return l.answerAsked(ctx, c, false)
		}
		c.mem.Pending, c.keep = nil, true
		return []string{m.Declined}, nil
	case wait:
		return l.wait(c)
	case changed:
		return l.checkChanged(ctx, c)
	case adjourn:
		return l.leaderCancel(ctx, c, msg)
	case leadNote:
		return l.leaderNote(ctx, c, msg)
	case refer:
		return l.refer(ctx, c, msg)
	}
	return l.search(ctx, c, msg)
}

// key names a sender's memory without writing their number down; it is
// the directory's, so that forgetting a member finds it.
func key(number string) string { return directory.TextSessionKey(number) }

// recall reads what the line remembers of the sender, and tells the
// guard their language.
func (l *Line) recall(ctx context.Context, c *conversation) error {
	c.mem = memory{Lang: directory.English}
	if _, err := l.memory.Load(ctx, key(c.number), &c.mem); err != nil {
		return err
	}
	if c.mem.Lang != directory.English && c.mem.Lang != directory.French {
		c.mem = memory{Lang: directory.English}
	}
	webhook.TurnOf(ctx).Lang = c.mem.Lang
	return nil
}

func (l *Line) remember(ctx context.Context, c *conversation) error {
	return l.memory.Save(ctx, key(c.number), &c.mem)
}

// search finds groups for the words in a text.
func (l *Line) search(ctx context.Context, c *conversation, msg message) ([]string, error) {
	area, rest := l.areaIn(msg.text)
	if match, ok := l.Finder.Vocab.Match(rest); ok && match.Lang != "" {
		c.mem.Lang = match.Lang
	} else if msg.lang != "" {
		c.mem.Lang = msg.lang
	}
	l.speak(c)
	c.mem.Concern, c.mem.Area, c.mem.Offset, c.mem.Total = rest, area, 0, 0
	c.mem.Pending, c.mem.Empty, c.mem.Listed = nil, nil, nil
	replies, err := l.page(ctx, c, true)
	if err != nil {
		return nil, err
	}
	if mentionsSuicide(msg.text) {
		replies = append([]string{c.m.CrisisShort}, replies...)
	}
	return replies, nil
}

// areaIn finds an area in a text: a three-digit area code or a town the
// line knows. It returns the area as Finder takes it, and the text left.
func (l *Line) areaIn(text string) (area, rest string) {
	words := strings.Fields(text)
	for i, w := range words {
		w = strings.Trim(w, ".,;:!?()")
		if len(w) == 3 && isDigits(w) {
			return w, strings.Join(append(append([]string{}, words[:i]...), words[i+1:]...), " ")
		}
	}
	if t, ok := l.Finder.Areas.FindTown(text); ok {
		norm := directory.Normalize(text)
		for _, name := range []string{t.Name, t.NameFR} {
			if n := directory.Normalize(name); n != "" && strings.Contains(norm, n) {
				return t.Name, strings.Replace(norm, n, " ", 1)
			}
		}
		return t.Name, text
	}
	return "", text
}

// page runs the remembered search from its offset and lists the results.
func (l *Line) page(ctx context.Context, c *conversation, first bool) ([]string, error) {
	m := c.m
	ans, err := l.Finder.Find(ctx, directory.Request{Concern: c.mem.Concern, Area: c.mem.Area, From: c.number,
		Channel: directory.ChannelSMS, Lang: c.mem.Lang, Offset: c.mem.Offset, Limit: perPage, Again: !first})
	switch {
	case errors.Is(err, directory.ErrUnknownConcern):
		return []string{m.Usage}, nil
	case errors.Is(err, directory.ErrNoArea):
		return []string{words.Fill(m.WhichArea, "concern", strings.ToUpper(c.mem.Concern))}, nil
	case errors.Is(err, directory.ErrUnknownArea):
		return []string{words.Fill(m.UnknownArea, "area", c.mem.Area)}, nil
	case err != nil:
		return nil, err
	}
	c.keep = true
	c.mem.Concern = ans.Match.Concern.Code // remembered as a code: the next page needs no guessing
	if ans.Total == 0 {
		return l.nothingFound(ctx, c, ans)
	}
	if len(ans.Results) == 0 {
		c.mem.Listed = nil
		return []string{m.NoMore}, nil
	}
	c.mem.Total = ans.Total
	text, shown := l.listing(c, ans)
	c.mem.Listed = nil
	for _, r := range ans.Results[:shown] {
		c.mem.Listed = append(c.mem.Listed, r.Group.Code)
	}
	c.mem.Offset += shown
	return []string{text}, nil
}

// nothingFound says so, and offers the nearest area with a group, the
// wait list and the crisis line: never a dead end.
func (l *Line) nothingFound(ctx context.Context, c *conversation, ans directory.Answer) ([]string, error) {
	m := c.m
	concern := ans.Match.Concern.Name(c.mem.Lang)
	where := l.placeName(c, ans.Caller)
	parts := []string{words.Fill(m.NoneFound, "concern", concern, "area", where)}
	if ans.Caller.Complex != nil {
		near, ok, err := l.Finder.NearestWithin(ctx, ans.Match.Concern.Code, ans.Caller, c.mem.Lang)
		if err != nil {
			return nil, err
		}
		if ok {
			where := near.Complex.Key() // what to text to search there: its town when the line knows it
			if t, known := l.Finder.Areas.Town(near.Town); known {
				where = strings.ToUpper(t.Name)
			}
			parts = append(parts, words.Fill(m.NoneNearest, "town", near.Town, "km", strconv.Itoa(near.Km),
				"word", strings.ToUpper(firstWord(concern)), "area", where))
		}
		c.mem.Empty = &emptySearch{Concern: ans.Match.Concern.Code, Area: ans.Caller.Complex.Key(), NPA: ans.Caller.NPA}
		parts = append(parts, m.NoneWait)
	}
	parts = append(parts, m.CrisisShort)
	c.mem.Listed = nil
	return []string{strings.Join(parts, " ")}, nil
}

func (l *Line) placeName(c *conversation, caller directory.Caller) string {
	if caller.Town != nil {
		if c.mem.Lang == directory.French && caller.Town.NameFR != "" {
			return caller.Town.NameFR
		}
		return caller.Town.Name
	}
	return words.Fill(c.m.Area, "npa", caller.NPA)
}

func (l *Line) more(ctx context.Context, c *conversation) ([]string, error) {
	if c.mem.Concern == "" {
		return []string{c.m.NoSearch}, nil
	}
	if c.mem.Total > 0 && c.mem.Offset >= c.mem.Total {
		c.keep = true
		return []string{c.m.NoMore}, nil
	}
	return l.page(ctx, c, false)
}

// listed returns the group numbered n in the last list.
func (l *Line) listed(ctx context.Context, c *conversation, n int) (directory.Group, []string, error) {
	if len(c.mem.Listed) == 0 {
		return directory.Group{}, []string{c.m.NoSearch}, nil
	}
	if n < 1 || n > len(c.mem.Listed) {
		return directory.Group{}, []string{words.Fill(words.Plural(len(c.mem.Listed), c.m.NotListedOne, c.m.NotListed), "count", strconv.Itoa(len(c.mem.Listed)))}, nil
	}
	g, ok, err := l.Finder.Store.Group(ctx, c.mem.Listed[n-1])
	if err != nil || !ok {
		return g, []string{c.m.NoSearch}, err
	}
	return g, nil, nil
}

func (l *Line) details(ctx context.Context, c *conversation, n int) ([]string, error) {
	g, reply, err := l.listed(ctx, c, n)
	if err != nil || reply != nil {
		return reply, err
	}
	return []string{l.describe(c, g, n)}, nil
}

func (l *Line) remind(ctx context.Context, c *conversation, n int) ([]string, error) {
	g, reply, err := l.listed(ctx, c, n)
	if err != nil || reply != nil {
		return reply, err
	}
	return l.askRemind(c, g), nil
}

// join starts reminders from a group code, as printed on a flyer.
func (l *Line) join(ctx context.Context, c *conversation, code int) ([]string, error) {
	g, ok, err := l.Finder.Store.Group(ctx, code)
	if err != nil {
		return nil, err
	}
	if !ok || g.Status != directory.StatusActive {
		return []string{words.Fill(c.m.NoCode, "code", strconv.Itoa(code))}, nil
	}
	return l.askRemind(c, g), nil
}

func (l *Line) askRemind(c *conversation, g directory.Group) []string {
	if g.Dialin == nil || len(g.Schedules) == 0 {
		return []string{words.Fill(c.m.RemindNot, "name", g.Name, "phone", c.writer.Phone(g.Phone))}
	}
	wording := fit(words.Fill(c.m.RemindAsk, "leads", l.book.In(c.mem.Lang).Leads(l.Leads), "name", g.Name))
	c.mem.Pending, c.keep = &pending{Purpose: "reminders", Code: g.Code, Wording: wording}, true
	return []string{wording}
}

func (l *Line) wait(c *conversation) ([]string, error) {
	e := c.mem.Empty
	if e == nil {
		return []string{c.m.WaitNothing}, nil
	}
	concern, _ := l.Finder.Vocab.Concern(e.Concern)
	wording := fit(words.Fill(c.m.WaitAsk, "concern", concern.Name(c.mem.Lang), "area", e.NPA))
	c.mem.Pending, c.keep = &pending{Purpose: "waitlist", Concern: e.Concern, Area: e.Area, NPA: e.NPA, Wording: wording}, true
	return []string{wording}, nil
}

// yes answers the question last asked, recording the consent exactly as
// it was worded.
func (l *Line) yes(ctx context.Context, c *conversation) ([]string, error) {
	p := c.mem.Pending
	m := c.m
	if p == nil {
		return l.answerAsked(ctx, c, true)
	}
	consent := directory.Consent{At: l.Now(), Via: "sms", Purpose: p.Purpose, Contact: directory.ByText, Lang: c.mem.Lang, Wording: p.Wording}
	c.mem.Pending, c.keep = nil, true
	switch p.Purpose {
	case purposeCancel, purposeNote:
		return l.leaderYes(ctx, c, p)
	case "waitlist":
		_, err := l.Finder.Store.JoinWaitlist(ctx, c.number, p.Concern, p.Area, p.NPA, directory.ByText, consent)
		if errors.Is(err, directory.ErrOptedOut) {
			return []string{m.OptedOut}, nil
		}
		if err != nil {
			return nil, err
		}
		concern, _ := l.Finder.Vocab.Concern(p.Concern)
		return []string{words.Fill(m.WaitOK, "concern", concern.Name(c.mem.Lang), "area", p.NPA)}, nil
	}
	g, ok, err := l.Finder.Store.Group(ctx, p.Code)
	if err != nil || !ok {
		return []string{m.NoSearch}, err
	}
	consent.Ref = strconv.Itoa(g.Code)
	_, err = l.Finder.Store.Subscribe(ctx, c.number, g.ID, directory.ByText, consent)
	switch {
	case errors.Is(err, directory.ErrOptedOut):
		return []string{m.OptedOut}, nil
	case errors.Is(err, directory.ErrGroupNotActive):
		return []string{words.Fill(m.NoCode, "code", strconv.Itoa(g.Code))}, nil
	case err != nil:
		return nil, err
	}
	return []string{words.Fill(m.Subscribed, "leads", l.book.In(c.mem.Lang).Leads(l.Leads), "name", g.Name)}, nil
}

func (l *Line) list(ctx context.Context, c *conversation) ([]string, error) {
	subs, err := l.Finder.Store.Subscriptions(ctx, c.number)
	if err != nil {
		return nil, err
	}
	if len(subs) == 0 {
		return []string{c.m.ListNone}, nil
	}
	var items []string
	for i, s := range subs {
		items = append(items, words.Fill(c.m.ListItem, "n", strconv.Itoa(i+1), "name", s.GroupName))
	}
	return []string{words.Fill(c.m.List, "items", strings.Join(items, " "))}, nil
}

func (l *Line) stopOne(ctx context.Context, c *conversation, n int) ([]string, error) {
	subs, err := l.Finder.Store.Subscriptions(ctx, c.number)
	if err != nil {
		return nil, err
	}
	if n < 1 || n > len(subs) {
		if len(subs) == 0 {
			return []string{c.m.ListNone}, nil
		}
		return []string{words.Fill(words.Plural(len(subs), c.m.StoppedWhich1, c.m.StoppedWhich), "count", strconv.Itoa(len(subs)))}, nil
	}
	if _, err := l.Finder.Store.StopSubscription(ctx, c.number, subs[n-1].ID, l.Now()); err != nil {
		return nil, err
	}
	return []string{words.Fill(c.m.StoppedOne, "name", subs[n-1].GroupName)}, nil
}

// speak sets the conversation's sentences and facts to its language, at
// the sender's clock.
func (l *Line) speak(c *conversation) {
	cat := l.book.In(c.mem.Lang)
	c.m, c.writer = &cat.Text, cat.Writer(l.Finder.Areas.Locate(c.number).Location())
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

func firstWord(s string) string {
	if f := strings.Fields(s); len(f) > 0 {
		return f[0]
	}
	return s
}
