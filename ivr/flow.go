package ivr

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
)

// step is one wait in a call: what the caller hears, and what each key does.
type step struct {
	prompt    func(ctx context.Context, c *call, req request) ([]line, error)
	digits    int                                                                                // keys to wait for; 1 when 0
	keys      map[string]action                                                                  // a key and what it does
	other     func(ctx context.Context, c *call, in string, req request) (reply, bool, error)    // any other keys
	speech    func(ctx context.Context, c *call, words string, req request) (reply, bool, error) // spoken words, where taken
	hints     func(lang directory.Lang) string                                                   // words the recogniser should expect
	special   func(ctx context.Context, c *call, req request) (reply, error)                     // the end of a Dial or Record, not keys
	zeroIsKey bool                                                                               // 0 is a choice here, not "help"
	fixed     bool                                                                               // its prompt is the same for every call: rendered once (see docKey)
	finish    string                                                                             // a key that ends what is typed (a PIN's pound); none when ""
}

// action answers a key. A false ok is a miss: the step is offered again.
type action func(ctx context.Context, c *call, req request) (r reply, ok bool, err error)

type keys = map[string]action

// flow is the call, as a table of steps and keys. Everywhere, * says the
// step again, # goes to the main menu and 0 is help; a wrong key or
// silence re-prompts (see miss).
func (l *Line) flow() map[string]step {
	return map[string]step{
		// The main menu, a result and "nothing found" number their choices
		// as offered (see choices); 8, 9 and the keys of the steps never move.
		"menu":           {prompt: l.menuPrompt, other: l.pickOffer, keys: keys{"9": l.french}, fixed: true},
		"guide":          {prompt: l.guidePrompt, keys: keys{"1": l.goTo("category")}, fixed: true},
		"category":       {prompt: l.categoryPrompt, other: l.pickCategory, speech: l.sayConcern, hints: l.hints, fixed: true},
		"confirm":        {prompt: l.confirmPrompt, keys: keys{"1": l.searchConcern, "2": l.goTo("category")}, speech: l.sayYesNo, hints: yesNoHints},
		"concern":        {prompt: l.concernPrompt, other: l.pickConcern, fixed: true},
		"areacode":       {prompt: l.areaCodePrompt, digits: 3, other: l.searchArea},
		"result":         {prompt: l.resultPrompt, other: l.pickOffer, keys: keys{"8": l.goTo("areacode"), "9": l.goTo("category")}},
		"remind-how":     {prompt: l.sentences(func(m *words.Voice) string { return m.RemindHow }), keys: keys{"1": l.remindBy(directory.ByText), "2": l.remindBy(directory.ByCall)}},
		"remind-consent": {prompt: l.remindConsentPrompt, keys: keys{"1": l.subscribe, "9": l.goTo("result")}},
		"none":           {prompt: l.nonePrompt, other: l.pickOffer, keys: keys{"8": l.goTo("areacode"), "9": l.goTo("category")}},
		"wait-how":       {prompt: l.sentences(func(m *words.Voice) string { return m.WaitlistHow }), keys: keys{"1": l.waitBy(directory.ByText), "2": l.waitBy(directory.ByCall)}},
		"wait-consent":   {prompt: l.waitConsentPrompt, keys: keys{"1": l.joinWaitlist, "9": l.goTo("none")}},
		"start-consent":  {prompt: l.startConsentPrompt, keys: keys{"1": l.keepStartOffer(true), "2": l.keepStartOffer(false)}},
		"mine":           {prompt: l.minePrompt, keys: keys{"1": l.stopOne, "2": l.nextMine, "3": l.stopAll}},
		"trouble":        {prompt: l.troublePrompt, keys: keys{"1": l.goTo("menu"), "0": l.talk}, zeroIsKey: true},
		"connected":      {special: l.afterConnect},
		"operator-ended": {special: l.afterOperator},
		"voicemail":      {special: l.afterVoicemail},
		// A call the line placed (routes.ReminderCall, see notify):
		// the message was said twice; 2 joins a meeting about to start.
		"notice": {prompt: l.noticePrompt, keys: keys{"1": l.hearAgain, "2": l.joinNow, "9": l.stopReminders}},
		"joined": {special: l.afterJoin},
		// A group's leader, from the number staff registered (leader.go).
		"lead-pin":     {prompt: l.pinPrompt, digits: 8, finish: "#", other: l.checkPIN},
		"lead-group":   {prompt: l.leadGroupPrompt, other: l.pickLeadGroup},
		"lead-next":    {prompt: l.leadNextPrompt, keys: keys{"1": l.leadCancelAsk}},
		"lead-confirm": {prompt: l.leadConfirmPrompt, keys: keys{"1": l.leadCancel, "2": l.leadKeep}},
		// A listing check the line placed (routes.CheckCall, see check.go).
		"check": {prompt: l.checkPrompt, keys: keys{"1": l.checkAnswer(directory.CheckYes), "2": l.checkAnswer(directory.CheckChanged)}},
	}
}

// needs says what a call's state must hold for a step to make sense; a
// state that does not (written by another version of the line, say)
// starts the call over.
func needs(step string, c *call) bool {
	switch step {
	case "concern":
		return c.Category > 0
	case "confirm", "areacode":
		return c.Concern != ""
	case "result", "none", "wait-how", "start-consent":
		return c.Concern != "" && (c.Near || c.NPA != "" || c.Town != "")
	case "wait-consent":
		return c.Concern != "" && c.NPA != "" && c.Contact != ""
	case "remind-how":
		return c.Group != 0
	case "remind-consent":
		return c.Group != 0 && c.Contact != ""
	case "notice", "joined":
		return c.Outbox != 0
	case "check":
		return c.Ask != 0
	case "lead-pin", "lead-group", "lead-next", "lead-confirm":
		return leadingFits(step, c)
	}
	return true
}

func (l *Line) goTo(next string) action {
	return func(context.Context, *call, request) (reply, bool, error) { return reply{next: next}, true, nil }
}

func (l *Line) sentences(pick func(m *words.Voice) string) func(context.Context, *call, request) ([]line, error) {
	return func(_ context.Context, c *call, _ request) ([]line, error) { return c.lines(l, pick(l.m(c))), nil }
}

// The greeting: who we are, the French choice (in French), the crisis
// line — then straight into the main menu, most-used choice first. The
// keys that work everywhere are explained after a first miss (see miss).
func (l *Line) greet(c *call) reply {
	en, fr := l.book.In(directory.English).Voice, l.book.In(directory.French).Voice
	return reply{
		say:  []line{{en.Welcome, directory.English}, {fr.FrenchChoice, directory.French}, {en.Crisis, directory.English}},
		next: "menu",
	}
}

func (l *Line) french(_ context.Context, c *call, _ request) (reply, bool, error) {
	if c.Lang == directory.French {
		return reply{}, false, nil
	}
	c.Lang = directory.French
	return reply{say: c.lines(l, l.m(c).Crisis), next: "menu"}, true, nil
}

func (l *Line) menuPrompt(_ context.Context, c *call, req request) ([]line, error) {
	return c.lines(l, l.menu(c, req)...), nil
}

// menu offers the main menu's choices for this caller.
func (l *Line) menu(c *call, req request) []string {
	m := l.m(c)
	say := map[string]string{choiceFind: m.MenuFind, choiceMine: m.MenuMine, choiceGuide: m.MenuGuide, choiceTalk: m.MenuOperator, choiceLead: m.MenuLeader}
	return l.offer(c, l.menuChoices(c, req), func(choice string) string { return say[choice] })
}

// menuChoices: "my reminders" only to a number that shows, a person only
// when there is one, the leaders' choice only to a leader's number (last,
// so that the others keep their keys).
func (l *Line) menuChoices(c *call, req request) []string {
	choices := []string{choiceFind}
	if _, known := callerNumber(req); known {
		choices = append(choices, choiceMine)
	}
	choices = append(choices, choiceGuide)
	if l.Operator != "" {
		choices = append(choices, choiceTalk)
	}
	if c.Leader {
		choices = append(choices, choiceLead)
	}
	return choices
}

func (l *Line) troublePrompt(_ context.Context, c *call, _ request) ([]line, error) {
	m := l.m(c)
	if l.Operator != "" {
		return c.lines(l, m.SorryOp), nil
	}
	return c.lines(l, m.SorryBack), nil
}

func (l *Line) guidePrompt(_ context.Context, c *call, _ request) ([]line, error) {
	m := l.m(c)
	return c.lines(l, m.Guide, m.GuideAfter), nil
}

// Finding a group: a topic (or the caller's own words), a concern within
// it, and the search runs near the caller at once; the results offer
// another area. A caller whose number does not say where they are is
// asked for an area code.

func (l *Line) categoryPrompt(_ context.Context, c *call, _ request) ([]line, error) {
	m := l.m(c)
	out := []string{m.CategoryIntro}
	if l.Speech {
		out[0] = m.CategorySay // offered before the list, not after nine choices
	}
	for i, cat := range l.Finder.Vocab.Categories {
		out = append(out, words.Fill(m.CategoryOption, "name", cat.Name(c.Lang), "key", strconv.Itoa(i+1)))
	}
	return c.lines(l, out...), nil
}

func (l *Line) pickCategory(_ context.Context, c *call, in string, _ request) (reply, bool, error) {
	n, err := strconv.Atoi(in)
	if err != nil || n < 1 || n > len(l.Finder.Vocab.Categories) {
		return reply{}, false, nil
	}
	c.Category = n
	return reply{next: "concern"}, true, nil
}

// sayConcern takes the caller's words for a concern, and a town when
// they name one ("grief, in Elliot Lake"); words heard with little
// confidence, or understood only past a misspelling, are said back to be
// confirmed.
func (l *Line) sayConcern(ctx context.Context, c *call, said string, req request) (reply, bool, error) {
	match, ok := l.Finder.Vocab.Match(said)
	if !ok {
		return reply{}, false, nil
	}
	c.Concern, c.Town = match.Concern.Code, ""
	if t, named := l.Finder.Areas.FindTown(said); named {
		c.Town = t.Name
	}
	if !req.Sure || match.Typo {
		return reply{next: "confirm"}, true, nil
	}
	return l.searchSaid(ctx, c, req)
}

// searchSaid searches for what the caller said: near the town they
// named, else as for a concern chosen by keys.
func (l *Line) searchSaid(ctx context.Context, c *call, req request) (reply, bool, error) {
	if c.Town == "" {
		return l.toSearch(ctx, c, req)
	}
	c.Near, c.NPA = false, ""
	return l.search(ctx, c, req)
}

func (l *Line) confirmPrompt(_ context.Context, c *call, _ request) ([]line, error) {
	m := l.m(c)
	concern, _ := l.Finder.Vocab.Concern(c.Concern)
	return c.lines(l, words.Fill(m.Confirm, "concern", concern.Name(c.Lang)), m.ConfirmOpts), nil
}

// sayYesNo answers "is that right?" by voice.
func (l *Line) sayYesNo(ctx context.Context, c *call, said string, req request) (reply, bool, error) {
	switch directory.Normalize(said) {
	case "yes", "yeah", "yes please", "right", "correct", "that s right", "oui", "c est ca", "exact", "exactement":
		return l.searchSaid(ctx, c, req)
	case "no", "nope", "no thanks", "non", "non merci":
		return reply{next: "category"}, true, nil
	}
	return reply{}, false, nil
}

func (l *Line) searchConcern(ctx context.Context, c *call, req request) (reply, bool, error) {
	return l.searchSaid(ctx, c, req)
}

func (l *Line) category(c *call) *directory.Category {
	cats := l.Finder.Vocab.Categories
	if c.Category < 1 || c.Category > len(cats) {
		return cats[0]
	}
	return cats[c.Category-1]
}

func (l *Line) concernPrompt(_ context.Context, c *call, _ request) ([]line, error) {
	m := l.m(c)
	cat := l.category(c)
	out := []string{words.Fill(m.ConcernIntro, "name", cat.Name(c.Lang))}
	for i, con := range cat.Concerns {
		out = append(out, words.Fill(m.ConcernOption, "name", con.Name(c.Lang), "key", strconv.Itoa(i+1)))
	}
	return c.lines(l, out...), nil
}

func (l *Line) pickConcern(ctx context.Context, c *call, in string, req request) (reply, bool, error) {
	cat := l.category(c)
	n, err := strconv.Atoi(in)
	if err != nil || n < 1 || n > len(cat.Concerns) {
		return reply{}, false, nil
	}
	c.Concern = cat.Concerns[n-1].Code
	return l.toSearch(ctx, c, req)
}

// toSearch searches near the caller when their number says where they
// are — the results say where, and offer another area — and otherwise
// asks for an area code.
func (l *Line) toSearch(ctx context.Context, c *call, req request) (reply, bool, error) {
	if l.Finder.Areas.Locate(req.From).Complex == nil {
		return reply{next: "areacode"}, true, nil
	}
	c.Near, c.NPA, c.Town = true, "", ""
	return l.search(ctx, c, req)
}

func (l *Line) areaCodePrompt(_ context.Context, c *call, _ request) ([]line, error) {
	return c.lines(l, l.m(c).AreaAsk), nil
}

func (l *Line) searchArea(ctx context.Context, c *call, in string, req request) (reply, bool, error) {
	if len(in) != 3 {
		return reply{}, false, nil
	}
	if _, ok := l.Finder.Areas.Complex(in); !ok {
		return reply{say: c.lines(l, words.Fill(l.m(c).AreaUnknown, "npa", l.digits(in)))}, false, nil
	}
	c.Near, c.NPA, c.Town = false, in, ""
	return l.search(ctx, c, req)
}

// search runs the caller's search once, logged, and offers its first
// result (or what to do when there is none).
func (l *Line) search(ctx context.Context, c *call, req request) (reply, bool, error) {
	ans, err := l.find(ctx, c, req, 0, false)
	if err != nil {
		return reply{}, false, err
	}
	c.NPA, c.Total, c.Index, c.Told = ans.Caller.NPA, ans.Total, 0, false
	c.found = &ans
	if ans.Total == 0 {
		return reply{next: "none"}, true, nil
	}
	return reply{next: "result"}, true, nil
}

func (l *Line) find(ctx context.Context, c *call, req request, offset int, again bool) (directory.Answer, error) {
	r := directory.Request{Concern: c.Concern, Channel: directory.ChannelVoice, Lang: c.Lang, Offset: offset, Limit: 1, Again: again}
	switch {
	case c.Near:
		r.From = req.From
	case c.Town != "":
		r.Area = c.Town
	default:
		r.Area = c.NPA
	}
	ans, err := l.Finder.Find(ctx, r)
	if errors.Is(err, directory.ErrUnknownConcern) || errors.Is(err, directory.ErrNoArea) || errors.Is(err, directory.ErrUnknownArea) {
		// The keys chose a concern and an area the line knows: a search
		// that does not is a call whose state no longer fits.
		return ans, fmt.Errorf("%w: %w", errLostPlace, err)
	}
	return ans, err
}

// where says where a search looked: near the caller's town, or the area
// code they keyed.
func (l *Line) where(c *call, caller directory.Caller) string {
	m := l.m(c)
	if caller.Town != nil && (c.Near || c.Town != "") {
		return words.Fill(m.NearTown, "town", caller.Town.Named(c.Lang))
	}
	return words.Fill(m.InArea, "npa", l.digits(caller.NPA))
}

// Results, one at a time.

// current is the result the call is at: from the search this request
// made when it offers the first result, else searched again (not logged).
func (l *Line) current(ctx context.Context, c *call, req request) (directory.Result, directory.Answer, bool, error) {
	var ans directory.Answer
	var err error
	if c.found != nil && c.Index == 0 {
		ans = *c.found
	} else {
		ans, err = l.find(ctx, c, req, c.Index, true)
	}
	if err != nil || len(ans.Results) == 0 {
		return directory.Result{}, ans, false, err
	}
	return ans.Results[0], ans, true, nil
}

func (l *Line) resultPrompt(ctx context.Context, c *call, req request) ([]line, error) {
	m := l.m(c)
	r, ans, ok, err := l.current(ctx, c, req)
	if err != nil {
		return nil, err
	}
	if !ok { // the directory changed under the call
		c.Index, c.Offers = 0, nil
		return c.lines(l, m.NoMore, m.OptNewSearch), nil
	}
	g := r.Group
	c.Group, c.Total = g.Code, ans.Total
	var out []string
	brief := c.Brief && c.Told // after a part of it was said again: only the choices (star says it all)
	c.Brief = false
	switch {
	case brief:
	case !c.Told:
		c.Told = true
		concern, where := ans.Match.Concern.Name(c.Lang), l.where(c, ans.Caller)
		out = append(out, words.Fill(words.Plural(ans.Total, m.FoundOne, m.Found),
			"count", strconv.Itoa(ans.Total), "concern", concern, "where", where))
	}
	if !brief {
		out = append(out, l.describe(c, req, r, ans)...)
	}
	choices, err := l.resultChoices(ctx, c, req, r)
	if err != nil {
		return nil, err
	}
	out = append(out, l.offer(c, choices, resultSentence(m, r, c.Index+1 >= ans.Total))...)
	return c.lines(l, append(out, m.OptOtherArea, m.OptNewSearch)...), nil
}

// describe says a group offered: its name, how to get there, its
// language, and when it meets.
func (l *Line) describe(c *call, req request, r directory.Result, ans directory.Answer) []string {
	g := r.Group
	sp := l.listener(c, req, ans.Caller)
	out := []string{words.Fill(l.m(c).ResultHead, "n", strconv.Itoa(c.Index+1), "name", g.Name), sp.Meets(r), sp.Away(r)}
	if r.Mode == directory.ByMail {
		out = append(out, sp.Way(r)...)
	}
	out = append(out, sp.Language(&g))
	out = append(out, sp.Next(r)...)
	out = append(out, sp.LastConfirmed(&g, l.Now())) // an old listing says so (issue 14)
	switch r.Mode {
	case directory.ByPhone:
		out = append(out, sp.DialIn(&g)...)
	case directory.InPerson:
		out = append(out, sp.AlsoDialIn(&g)...)
	}
	return out
}

// Choices, numbered as offered. The main menu, a result and "nothing
// found" each offer what applies to this caller, most used first, and
// number them 1, 2, 3... as said: a choice that does not apply leaves no
// gap. The call keeps the list (c.Offers) to read the key pressed.
const (
	choiceFind    = "find"
	choiceMine    = "mine"
	choiceGuide   = "guide"
	choiceTalk    = "talk"
	choiceNext    = "next"
	choiceText    = "text"
	choiceConnect = "connect"
	choiceContact = "contact"
	choiceWay     = "way"
	choiceRemind  = "remind"
	choiceNearest = "nearest"
	choiceWait    = "wait"
	choiceStart   = "start" // help start a group: starting.go
)

// choice is what a choice does; nil for one this version does not know.
func (l *Line) choice(name string) action {
	return map[string]action{
		choiceFind: l.goTo("category"), choiceMine: l.mine, choiceGuide: l.goTo("guide"), choiceTalk: l.talk,
		choiceNext: l.nextResult, choiceText: l.textDetails, choiceConnect: l.connect, choiceContact: l.sayContact,
		choiceWay: l.wayAgain, choiceRemind: l.remind, choiceNearest: l.searchNearest, choiceWait: l.waitHow,
		choiceStart: l.offerToStart, choiceLead: l.leadStart,
	}[name]
}

// offer keeps choices for the keys and says each with its key; say gives
// the sentence of a choice, with {key} to fill.
func (l *Line) offer(c *call, choices []string, say func(choice string) string) []string {
	c.Offers = choices
	out := make([]string, len(choices))
	for i, ch := range choices {
		out[i] = words.Fill(say(ch), "key", strconv.Itoa(i+1))
	}
	return out
}

// pickOffer does the choice the caller pressed, by its place in the
// step's choices.
func (l *Line) pickOffer(ctx context.Context, c *call, in string, req request) (reply, bool, error) {
	n, err := strconv.Atoi(in)
	if err != nil || n < 1 || n > len(c.Offers) {
		return reply{}, false, nil
	}
	do := l.choice(c.Offers[n-1])
	if do == nil { // a choice another version of the line offered
		return reply{}, false, nil
	}
	return do(ctx, c, req)
}

// resultChoices are the choices that apply to this result, for this
// caller: no text to a phone that cannot take one, no reminders for a
// number not shown or already signed up.
func (l *Line) resultChoices(ctx context.Context, c *call, req request, r directory.Result) ([]string, error) {
	g := r.Group
	var out []string
	if c.Total > 1 { // 1 always goes on through the groups; after the last, back to the first
		out = append(out, choiceNext)
	}
	if !c.NoText && l.canOfferText(ctx, req) {
		out = append(out, choiceText)
	}
	if g.Phone != "" {
		out = append(out, choiceConnect, choiceContact)
	}
	if r.Mode == directory.ByPhone || r.Mode == directory.ByMail || r.Mode == directory.InPerson && (g.Place.Name != "" || g.Place.Street != "") {
		out = append(out, choiceWay)
	}
	can, err := l.canRemind(ctx, req, &g)
	if can {
		out = append(out, choiceRemind)
	}
	return out, err
}

// resultSentence is how a choice of the result r is offered, r the last
// or not.
func resultSentence(m *words.Voice, r directory.Result, last bool) func(string) string {
	return func(choice string) string {
		switch choice {
		case choiceNext:
			if last {
				return m.NoMore + " " + m.OptFromStart
			}
			return m.OptNext
		case choiceText:
			return m.OptText
		case choiceConnect:
			return m.OptConnect
		case choiceContact:
			return m.OptContact
		case choiceRemind:
			return m.OptRemind
		}
		switch {
		case r.Mode == directory.ByPhone:
			return m.OptDialIn
		case r.Mode == directory.ByMail:
			return m.OptMailAgain
		case r.Group.Dialin != nil:
			return m.OptAddressDialIn
		}
		return m.OptAddress
	}
}

// listener is how facts are said to the caller: in their language, at
// their clock (their exchange's, else the area they searched), as of now.
func (l *Line) listener(c *call, req request, searched directory.Caller) words.Speaker {
	zone := l.Finder.Areas.Locate(req.From).Location()
	if zone == nil {
		zone = searched.Location()
	}
	return l.book.In(c.Lang).Speaker(zone).On(l.Now())
}

// nextResult goes on to the next group; after the last, to the first.
func (l *Line) nextResult(_ context.Context, c *call, _ request) (reply, bool, error) {
	c.Index++
	if c.Index >= c.Total {
		c.Index = 0
	}
	return reply{next: "result"}, true, nil
}

// wayAgain says twice, slowly, how to get to the group: its address, its
// dial-in and code, or where to write.
func (l *Line) wayAgain(ctx context.Context, c *call, req request) (reply, bool, error) {
	r, ans, ok, err := l.current(ctx, c, req)
	if err != nil || !ok {
		return reply{}, false, err
	}
	way := l.listener(c, req, ans.Caller).Way(r)
	c.Brief = true
	return reply{say: c.lines(l, append(way, way...)...), next: "result"}, true, nil
}

// sayContact says the contact's number twice, digit by digit.
func (l *Line) sayContact(ctx context.Context, c *call, req request) (reply, bool, error) {
	g, ok, err := l.group(ctx, c)
	if err != nil || !ok || g.Phone == "" {
		return reply{}, false, err
	}
	c.Brief = true
	return reply{say: c.lines(l, l.book.In(c.Lang).Speaker(nil).Contact(&g)), next: "result"}, true, nil
}

func (l *Line) group(ctx context.Context, c *call) (directory.Group, bool, error) {
	if c.Group == 0 {
		return directory.Group{}, false, nil
	}
	return l.Finder.Store.Group(ctx, c.Group)
}

// callerNumber is the caller's number when their caller ID shows it.
func callerNumber(req request) (string, bool) { return directory.CallerNumber(req.From) }

// canOfferText: texting is set up, the caller's number shows, and it has
// not already failed to take a text.
func (l *Line) canOfferText(ctx context.Context, req request) bool {
	n, ok := callerNumber(req)
	if !ok || l.Texts == nil {
		return false
	}
	member, found, err := l.Finder.Store.Member(ctx, n)
	return err == nil && !(found && member.CannotText)
}

func (l *Line) textDetails(ctx context.Context, c *call, req request) (reply, bool, error) {
	m := l.m(c)
	g, ok, err := l.group(ctx, c)
	if err != nil || !ok {
		return reply{}, false, err
	}
	number, known := callerNumber(req)
	switch {
	case !known:
		return reply{say: c.lines(l, m.NoNumber), next: "result"}, true, nil
	case l.Texts == nil:
		return reply{say: c.lines(l, m.TextNotHere), next: "result"}, true, nil
	}
	if member, found, err := l.Finder.Store.Member(ctx, number); err != nil {
		return reply{}, false, err
	} else if c.NoText || found && member.CannotText {
		return reply{say: c.lines(l, m.TextFailed), next: "result"}, true, nil
	}
	_, err = l.Texts.SendText(ctx, number, l.textBody(c, req, g), "")
	switch {
	case err == nil:
		c.Brief = true
		return reply{say: c.lines(l, m.TextSent), next: "result"}, true, nil
	case telephony.Classify(err) == telephony.NotTextable:
		c.NoText = true // members are remembered in the store; anyone else for this call
		if err := l.Finder.Store.SetCannotText(ctx, number, l.Now()); err != nil {
			return reply{}, false, err
		}
		return reply{say: c.lines(l, m.TextFailed), next: "result"}, true, nil
	}
	l.Log.Warn("voice: a text of group details failed", "err", err)
	return reply{say: c.lines(l, m.TextLater), next: "result"}, true, nil
}

// textBody is the text message of a group's details: what the text line
// answers when asked for them, written for the caller's clock.
func (l *Line) textBody(c *call, req request, g directory.Group) string {
	cat := l.book.In(c.Lang)
	w := cat.Writer(l.Finder.Areas.Locate(req.From).Location())
	return w.Details(&g, l.Now()) + cat.Text.TextedFooter
}

func (l *Line) connect(ctx context.Context, c *call, _ request) (reply, bool, error) {
	g, ok, err := l.group(ctx, c)
	if err != nil || !ok || g.Phone == "" {
		return reply{}, false, err
	}
	return reply{say: c.lines(l, l.m(c).Connecting), dial: g.Phone, dialNext: "connected"}, true, nil
}

// afterConnect: when no one answered, the caller is given the number to
// write down and try later.
func (l *Line) afterConnect(ctx context.Context, c *call, req request) (reply, error) {
	c.Brief = true
	if req.DialCall == "completed" {
		return reply{next: "result"}, nil
	}
	say := []string{l.m(c).NoAnswer}
	if g, ok, err := l.group(ctx, c); err != nil {
		return reply{}, err
	} else if ok && g.Phone != "" {
		say = append(say, l.book.In(c.Lang).Speaker(nil).Contact(&g))
	}
	return reply{say: c.lines(l, say...), next: "result"}, nil
}

// Reminders for telephone groups: by text or call, with consent spoken
// and recorded word for word.

func (l *Line) remind(ctx context.Context, c *call, req request) (reply, bool, error) {
	g, ok, err := l.group(ctx, c)
	if err != nil || !ok {
		return reply{}, false, err
	}
	if can, err := l.canRemind(ctx, req, &g); err != nil || !can {
		return reply{}, false, err
	}
	return reply{next: "remind-how"}, true, nil
}

// canRemind: the group takes reminders, the caller's number shows, and
// they are not signed up for it already.
func (l *Line) canRemind(ctx context.Context, req request, g *directory.Group) (bool, error) {
	number, known := callerNumber(req)
	if !known || !g.TakesReminders() {
		return false, nil
	}
	subs, err := l.Finder.Store.Subscriptions(ctx, number)
	if err != nil {
		return false, err
	}
	for _, s := range subs {
		if s.GroupID == g.ID && s.State == directory.SubscriptionActive {
			return false, nil
		}
	}
	return true, nil
}

func (l *Line) remindBy(ch directory.Channel) action {
	return func(_ context.Context, c *call, _ request) (reply, bool, error) {
		c.Contact = string(ch)
		return reply{next: "remind-consent"}, true, nil
	}
}

func (l *Line) how(c *call) string {
	if directory.Channel(c.Contact) == directory.ByCall {
		return l.m(c).ByCallWord
	}
	return l.m(c).ByTextWord
}

func (l *Line) remindWording(ctx context.Context, c *call) (string, directory.Group, error) {
	g, ok, err := l.group(ctx, c)
	if err != nil {
		return "", g, err
	}
	if !ok {
		return "", g, fmt.Errorf("%w: the group being offered is gone", errLostPlace)
	}
	consent := l.m(c).ConsentRemindText
	if directory.Channel(c.Contact) == directory.ByCall {
		consent = l.m(c).ConsentRemindCall
	}
	return words.Fill(consent, "leads", l.book.In(c.Lang).Leads(l.Leads), "name", g.Name), g, nil
}

func (l *Line) remindConsentPrompt(ctx context.Context, c *call, _ request) ([]line, error) {
	wording, _, err := l.remindWording(ctx, c)
	if err != nil {
		return nil, err
	}
	return c.lines(l, wording, l.m(c).ConsentAgree), nil
}

func (l *Line) subscribe(ctx context.Context, c *call, req request) (reply, bool, error) {
	m := l.m(c)
	wording, g, err := l.remindWording(ctx, c)
	if err != nil {
		return reply{}, false, err
	}
	number, _ := callerNumber(req)
	_, err = l.Finder.Store.Subscribe(ctx, number, g.ID, directory.Channel(c.Contact), directory.Consent{
		At: l.Now(), Via: "voice", Purpose: "reminders", Contact: directory.Channel(c.Contact),
		Lang: c.Lang, Wording: wording, Ref: strconv.Itoa(g.Code),
	})
	if errors.Is(err, directory.ErrOptedOut) {
		return reply{say: c.lines(l, m.OptedOutBefore), next: "result"}, true, nil
	}
	if err != nil {
		return reply{}, false, err
	}
	c.Brief = true
	return reply{say: c.lines(l, words.Fill(m.Subscribed, "name", g.Name)), next: "result"}, true, nil
}

// Nothing found: say so and the crisis line (once), then only what the
// caller can reach: the nearest group within a drive, the wait list, a
// person, another area. Never a dead end.

func (l *Line) nonePrompt(ctx context.Context, c *call, req request) ([]line, error) {
	m := l.m(c)
	caller := l.placed(c, req)
	var out []string
	if !c.Told { // a re-prompt does not repeat the apology
		c.Told = true
		concern, _ := l.Finder.Vocab.Concern(c.Concern)
		out = append(out, words.Fill(m.NotFound, "concern", concern.Name(c.Lang), "where", l.where(c, caller)), m.Crisis)
	}
	c.Contact = ""
	var choices []string
	nearest := ""
	if caller.Complex != nil {
		near, ok, err := l.Finder.NearestWithin(ctx, c.Concern, caller, c.Lang)
		if err != nil {
			return nil, err
		}
		if ok {
			c.Contact = near.Complex.Key() + " " + near.Town // remembered for the key
			choices = append(choices, choiceNearest)
			nearest = words.Fill(m.OptNearest, "town", near.Town, "km", strconv.Itoa(near.Km))
		}
	}
	if _, known := callerNumber(req); known {
		choices = append(choices, choiceWait)
	}
	if l.Operator != "" {
		choices = append(choices, choiceTalk)
	}
	choices = append(choices, choiceStart) // last: the keys of the others stay where callers learnt them
	say := map[string]string{choiceNearest: nearest, choiceWait: m.OptWaitlist, choiceTalk: m.MenuOperator, choiceStart: m.OptStart}
	out = append(out, l.offer(c, choices, func(choice string) string { return say[choice] })...)
	return c.lines(l, append(out, m.OptOtherArea, m.OptNewSearch)...), nil
}

// placed is where the call's search looked.
func (l *Line) placed(c *call, req request) directory.Caller {
	if c.Near {
		return l.Finder.Areas.Locate(req.From)
	}
	cx, _ := l.Finder.Areas.Complex(c.NPA)
	return directory.Caller{NPA: c.NPA, Complex: cx}
}

// searchNearest searches where the nearest group offered meets: from its
// town when the line knows it (nearest first), else its area.
func (l *Line) searchNearest(ctx context.Context, c *call, req request) (reply, bool, error) {
	npa, town, _ := strings.Cut(c.Contact, " ")
	if _, ok := l.Finder.Areas.Complex(npa); !ok {
		return reply{}, false, nil
	}
	c.Near, c.NPA, c.Town = false, npa, ""
	if _, ok := l.Finder.Areas.Town(town); ok {
		c.Town = town
	}
	return l.search(ctx, c, req)
}

func (l *Line) waitHow(_ context.Context, c *call, req request) (reply, bool, error) {
	if _, known := callerNumber(req); !known {
		return reply{}, false, nil
	}
	return reply{next: "wait-how"}, true, nil
}

func (l *Line) waitBy(ch directory.Channel) action {
	return func(_ context.Context, c *call, _ request) (reply, bool, error) {
		c.Contact = string(ch)
		return reply{next: "wait-consent"}, true, nil
	}
}

func (l *Line) waitWording(c *call) string {
	concern, _ := l.Finder.Vocab.Concern(c.Concern)
	return words.Fill(l.m(c).ConsentWait, "how", l.how(c), "concern", concern.Name(c.Lang), "npa", l.digits(c.NPA))
}

func (l *Line) waitConsentPrompt(_ context.Context, c *call, _ request) ([]line, error) {
	return c.lines(l, l.waitWording(c), l.m(c).ConsentAgree), nil
}

func (l *Line) joinWaitlist(ctx context.Context, c *call, req request) (reply, bool, error) {
	number, known := callerNumber(req)
	cx, ok := l.Finder.Areas.Complex(c.NPA)
	if !known || !ok {
		return reply{}, false, nil
	}
	ch := directory.Channel(c.Contact)
	_, err := l.Finder.Store.JoinWaitlist(ctx, number, c.Concern, cx.Key(), c.NPA, ch, directory.Consent{
		At: l.Now(), Via: "voice", Purpose: "waitlist", Contact: ch, Lang: c.Lang,
		Wording: l.waitWording(c), Ref: c.Concern + " " + cx.Key(),
	})
	if err != nil {
		return reply{}, false, err
	}
	concern, _ := l.Finder.Vocab.Concern(c.Concern)
	return reply{say: c.lines(l, words.Fill(l.m(c).WaitlistOK, "concern", concern.Name(c.Lang), "npa", l.digits(c.NPA))), next: "menu"}, true, nil
}

// My reminders, one by one, with stop one or stop all.

func (l *Line) mine(ctx context.Context, c *call, req request) (reply, bool, error) {
	m := l.m(c)
	number, known := callerNumber(req)
	if !known {
		return reply{say: c.lines(l, m.NoNumber), next: "menu"}, true, nil
	}
	subs, err := l.Finder.Store.Subscriptions(ctx, number)
	if err != nil {
		return reply{}, false, err
	}
	if len(subs) == 0 {
		return reply{say: c.lines(l, m.MineNone), next: "menu"}, true, nil
	}
	c.Index, c.Told = 0, false
	return reply{next: "mine"}, true, nil
}

func (l *Line) subscriptions(ctx context.Context, req request) ([]directory.Subscription, error) {
	number, known := callerNumber(req)
	if !known {
		return nil, nil
	}
	return l.Finder.Store.Subscriptions(ctx, number)
}

func (l *Line) minePrompt(ctx context.Context, c *call, req request) ([]line, error) {
	m := l.m(c)
	subs, err := l.subscriptions(ctx, req)
	if err != nil {
		return nil, err
	}
	if c.Index >= len(subs) {
		c.Index = 0
		if len(subs) == 0 {
			return c.lines(l, append([]string{m.MineNone}, l.menu(c, req)...)...), nil
		}
	}
	var out []string
	if !c.Told {
		c.Told = true
		out = append(out, words.Fill(words.Plural(len(subs), m.MineCountOne, m.MineCount), "count", strconv.Itoa(len(subs))))
	}
	s := subs[c.Index]
	how := m.ByTextWord
	if s.Channel == directory.ByCall {
		how = m.ByCallWord
	}
	out = append(out, words.Fill(m.MineOne, "n", strconv.Itoa(c.Index+1), "name", s.GroupName, "how", how), m.MineOpts)
	return c.lines(l, out...), nil
}

func (l *Line) stopOne(ctx context.Context, c *call, req request) (reply, bool, error) {
	subs, err := l.subscriptions(ctx, req)
	if err != nil || c.Index >= len(subs) {
		return reply{}, false, err
	}
	number, _ := callerNumber(req)
	if _, err := l.Finder.Store.StopSubscription(ctx, number, subs[c.Index].ID, l.Now()); err != nil {
		return reply{}, false, err
	}
	m := l.m(c)
	if c.Index+1 >= len(subs) {
		return reply{say: c.lines(l, m.Stopped, m.MineEnd), next: "menu"}, true, nil
	}
	return reply{say: c.lines(l, m.Stopped), next: "mine"}, true, nil // the next one slides into this place
}

func (l *Line) nextMine(ctx context.Context, c *call, req request) (reply, bool, error) {
	subs, err := l.subscriptions(ctx, req)
	if err != nil {
		return reply{}, false, err
	}
	if c.Index+1 >= len(subs) {
		return reply{say: c.lines(l, l.m(c).MineEnd), next: "menu"}, true, nil
	}
	c.Index++
	return reply{next: "mine"}, true, nil
}

func (l *Line) stopAll(ctx context.Context, c *call, req request) (reply, bool, error) {
	number, known := callerNumber(req)
	if !known {
		return reply{}, false, nil
	}
	n, err := l.Finder.Store.StopAll(ctx, number, l.Now())
	if err != nil {
		return reply{}, false, err
	}
	return reply{say: c.lines(l, words.Fill(l.m(c).StoppedAll, "count", strconv.Itoa(n))), next: "menu"}, true, nil
}

// Talking to someone: the operator when open and answering, else a
// voicemail staff can return. A caller never rings forever.

func (l *Line) talk(_ context.Context, c *call, _ request) (reply, bool, error) {
	if l.Operator == "" {
		return reply{}, false, nil
	}
	m := l.m(c)
	if !l.Hours.IsOpen(l.Now()) {
		return reply{say: c.lines(l, m.OperatorClosed, m.VoicemailAsk), record: true}, true, nil
	}
	return reply{say: c.lines(l, m.OperatorConnect), dial: l.Operator, dialNext: "operator-ended"}, true, nil
}

func (l *Line) afterOperator(_ context.Context, c *call, req request) (reply, error) {
	m := l.m(c)
	if req.DialCall == "completed" {
		return reply{say: c.lines(l, m.Goodbye), hangup: true}, nil
	}
	return reply{say: c.lines(l, m.OperatorClosed, m.VoicemailAsk), record: true}, nil
}

func (l *Line) afterVoicemail(ctx context.Context, c *call, req request) (reply, error) {
	m := l.m(c)
	if req.Recorded == "" {
		return reply{say: c.lines(l, m.VoicemailNone), next: "menu"}, nil
	}
	caller, _ := callerNumber(req)
	err := l.Finder.Store.SaveVoicemail(ctx, directory.Voicemail{At: l.Now(), Caller: caller, RecordingURL: req.Recorded, Seconds: req.Seconds, Lang: c.Lang})
	if err != nil {
		return reply{}, err
	}
	return reply{say: c.lines(l, m.VoicemailThanks, m.Goodbye), hangup: true}, nil
}

func yesNoHints(lang directory.Lang) string {
	if lang == directory.French {
		return "oui, non"
	}
	return "yes, no"
}

// speech hints: the concern names in the caller's language help Twilio's
// recogniser hear them.
func (l *Line) hints(lang directory.Lang) string {
	var names []string
	for _, con := range l.Finder.Vocab.Concerns() {
		names = append(names, con.Name(lang))
	}
	return strings.Join(names, ", ")
}
