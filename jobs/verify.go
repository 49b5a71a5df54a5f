package jobs

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/routes"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
	"github.com/robfig/cron/v3"
)

// Verifier checks listings with their groups (issue 14): each active,
// spreadsheet-kept group not confirmed for After is asked — by text to
// its leader, else to its contact, by a call when the number cannot take
// texts — whether it still meets as listed. Asks go a week apart, in the
// daytime of the number asked, at the reminders' pace; three unanswered
// ones put the listing on the staff's list. Answers come back through the
// text line (sms) and the check call (ivr).
type Verifier struct {
	Store     directory.Store
	Areas     *directory.Areas // where the number asked lives, for its daytime
	Twilio    Twilio
	PublicURL string // where Twilio fetches a check call's words
	Clock     Clock
	Rate      float64       // asks a second, as the reminders' Sender.Rate
	Quiet     Quiet         // no ask goes out in these hours of the number's zone
	After     time.Duration // a listing confirmed longer ago than this is asked about
	Log       *slog.Logger
	// Lease, when set, makes the nightly pass run on one server of
	// several: the one that takes the "verify" lease, held by Holder.
	Lease  directory.LeaseStore
	Holder string
}

// DefaultVerifyAfter is how long a listing goes unconfirmed before it is
// asked about: six months (of 30 days).
const DefaultVerifyAfter = 180 * 24 * time.Hour

// VerifyReport says what one pass did.
type VerifyReport struct {
	ByText, ByCall, Flagged, Skipped, Failed int
	Asks                                     []PlannedAsk // what was (or, in a dry run, would be) done, in order
}

// PlannedAsk is one listing the pass asked about, or flagged.
type PlannedAsk struct {
	Code    int
	Name    string
	Role    string            // directory.AskLeader or AskContact
	Number  string            // masked (directory.Mask)
	Channel directory.Channel // ByText or ByCall; "" when flagged
	Flag    string            // the reason it went on the staff's list, when it did
	Why     string            // why it was skipped, when it was
}

// Pass asks about every listing due, or with dry set, only says what it
// would do and records nothing. An ask that cannot be sent is not
// recorded, and is tried at the next pass; only trouble with the store
// stops a pass.
func (v *Verifier) Pass(ctx context.Context, dry bool) (VerifyReport, error) {
	var rep VerifyReport
	now := v.Clock.Now()
	due, err := v.Store.Unconfirmed(ctx, now.Add(-v.after()))
	if err != nil {
		return rep, fmt.Errorf("verify: %w", err)
	}
	flagged, err := v.flagged(ctx)
	if err != nil {
		return rep, err
	}
	leaders, err := v.leaders(ctx)
	if err != nil {
		return rep, err
	}
	pace := &pacer{clock: v.Clock, every: time.Duration(float64(time.Second) / max(v.Rate, 0.01))}
	pass := &verifyPass{now: v.Clock.Now(), dry: dry, pace: pace, leaders: leaders, asked: map[string]bool{}}
	for _, l := range due {
		g, ok, err := v.Store.Group(ctx, l.Code)
		if err != nil {
			return rep, fmt.Errorf("verify: %w", err)
		}
		if !ok || flagged[g.ID] {
			continue // gone, or already on the staff's list
		}
		p, err := v.one(ctx, pass, g, l.Seen)
		if err != nil {
			return rep, fmt.Errorf("verify: group %d: %w", g.Code, err)
		}
		rep.count(p)
	}
	return rep, nil
}

func (r *VerifyReport) count(p PlannedAsk) {
	r.Asks = append(r.Asks, p)
	switch {
	case p.Why != "":
		r.Skipped++
	case p.Flag != "":
		r.Flagged++
	case p.Channel == directory.ByCall:
		r.ByCall++
	case p.Channel == directory.ByText:
		r.ByText++
	default:
		r.Failed++
	}
}

func (v *Verifier) flagged(ctx context.Context) (map[int64]bool, error) {
	fs, err := v.Store.ListingFlags(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	out := map[int64]bool{}
	for _, f := range fs {
		out[f.GroupID] = true
	}
	return out, nil
}

// verifyPass is what one pass carries from listing to listing.
type verifyPass struct {
	now     time.Time
	dry     bool
	pace    *pacer
	leaders map[int64]string // group id -> its leader's number
	asked   map[string]bool  // numbers asked in this pass
}

// one decides about one listing last seen right at seen: flag it after a
// round of unanswered asks, wait while the last ask is under a week old,
// else ask — one group at a time of a number that answers for several,
// so that its YES says which.
func (v *Verifier) one(ctx context.Context, pass *verifyPass, g directory.Group, seen time.Time) (PlannedAsk, error) {
	now, dry := pass.now, pass.dry
	p := PlannedAsk{Code: g.Code, Name: g.Name}
	round, err := v.Store.ListingAsks(ctx, g.ID, seen)
	if err != nil {
		return p, err
	}
	if n := len(round); n > 0 {
		last := round[n-1]
		p.Role = last.Role
		if now.Sub(last.At) < directory.AskEvery {
			p.Why = "asked less than a week ago"
			return p, nil
		}
		if n >= directory.CheckRound {
			p.Flag = directory.FlagNoAnswer
			if dry {
				return p, nil
			}
			return p, v.Store.FlagListing(ctx, g.ID, directory.FlagNoAnswer, last.Role, now)
		}
	}
	role, number := directory.AskContact, g.Phone
	if leader := pass.leaders[g.ID]; leader != "" {
		role, number = directory.AskLeader, leader
	}
	p.Role, p.Number = role, directory.Mask(number)
	if number == "" {
		p.Why = "no number to ask"
		return p, nil
	}
	if busy, err := v.busy(ctx, pass, number, g.ID); err != nil || busy {
		p.Why = "its number was asked about another group this week"
		return p, err
	}
	if blocked, err := v.Store.IsBlocked(ctx, number); err != nil || blocked {
		p.Why = "the number is blocked"
		return p, err
	}
	if v.Quiet.Due(v.Areas, number, now).After(now) {
		p.Why = "night-time where the number is"
		return p, nil
	}
	p.Channel, err = v.channel(ctx, g, number)
	if err != nil || dry {
		return p, err
	}
	if err := pass.pace.wait(ctx); err != nil {
		return p, err
	}
	p.Channel, err = v.ask(ctx, g, role, number, p.Channel, now)
	return p, err
}

// busy: the number was asked about another group in this pass, or in
// the last week and has not answered.
func (v *Verifier) busy(ctx context.Context, pass *verifyPass, number string, groupID int64) (bool, error) {
	if pass.asked[number] {
		return true, nil
	}
	pass.asked[number] = true
	open, ok, err := v.Store.OpenAsk(ctx, number)
	if err != nil || !ok {
		return false, err
	}
	return open.GroupID != groupID && pass.now.Sub(open.At) < directory.AskEvery, nil
}

// leaders is the number to ask of each group that has a leader: its
// first (the leaders part's LeaderStore).
func (v *Verifier) leaders(ctx context.Context) (map[int64]string, error) {
	ls, err := v.Store.Leaders(ctx)
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	out := map[int64]string{}
	for _, l := range ls {
		if _, ok := out[l.GroupID]; !ok {
			out[l.GroupID] = l.Number
		}
	}
	return out, nil
}

// channel is a text, unless the number cannot take one: a member's
// landline, or a number a check already had to call.
func (v *Verifier) channel(ctx context.Context, g directory.Group, number string) (directory.Channel, error) {
	m, ok, err := v.Store.Member(ctx, number)
	if err != nil {
		return "", err
	}
	if ok && (m.CannotText || m.OptedOut) {
		return directory.ByCall, nil
	}
	asks, err := v.Store.ListingAsks(ctx, g.ID, time.Time{})
	if err != nil {
		return "", err
	}
	if n := len(asks); n > 0 && asks[n-1].Channel == directory.ByCall {
		return directory.ByCall, nil
	}
	return directory.ByText, nil
}

// ask records the ask and sends it; a text Twilio refuses as not-a-mobile
// (or because the number sent STOP) becomes a call. It returns how it
// went, "" when it could not be sent (and then is not recorded).
func (v *Verifier) ask(ctx context.Context, g directory.Group, role, number string, ch directory.Channel, now time.Time) (directory.Channel, error) {
	lang := groupLang(g)
	a, err := v.Store.AskListing(ctx, directory.ListingAsk{GroupID: g.ID, Role: role, Number: number, Channel: ch, Lang: lang, At: now})
	if err != nil {
		return "", err
	}
	err = v.send(ctx, g, a, now)
	if err == nil {
		return ch, nil
	}
	if drop := v.Store.DropAsk(ctx, a.ID); drop != nil {
		return "", drop
	}
	failure := telephony.Classify(err)
	if ch == directory.ByText && (failure == telephony.NotTextable || failure == telephony.OptedOut) {
		return v.ask(ctx, g, role, number, directory.ByCall, now)
	}
	v.log().Warn("verify: an ask could not be sent; the next pass tries again", "group", g.Code, "to", directory.Mask(number), "err", shortErr(err))
	return "", nil
}

func (v *Verifier) send(ctx context.Context, g directory.Group, a directory.ListingAsk, now time.Time) error {
	status := ""
	if v.PublicURL != "" {
		status = v.PublicURL + routes.Status
	}
	if a.Channel == directory.ByCall {
		if v.PublicURL == "" {
			return errors.New("PEERLINE_PUBLIC_URL is not set: Twilio cannot fetch a check call's words")
		}
		_, err := v.Twilio.StartCall(ctx, a.Number, v.PublicURL+routes.CheckCall(a.ID), status)
		return err
	}
	w := words.NewBook().In(a.Lang).Writer(v.Areas.Locate(a.Number).Location()) // nil: the group's clock
	_, err := v.Twilio.SendText(ctx, a.Number, telephony.Fold(w.CheckAsk(&g, now)), status)
	return err
}

// groupLang is the language a group is asked in: the first it meets in.
func groupLang(g directory.Group) directory.Lang {
	if len(g.Languages) > 0 && g.Languages[0] == directory.French {
		return directory.French
	}
	return directory.English
}

func (v *Verifier) after() time.Duration {
	if v.After <= 0 {
		return DefaultVerifyAfter
	}
	return v.After
}

// VerifyHour is when serve runs the nightly pass: 11 a.m., server time,
// when the groups' leaders and contacts are awake across Canada's zones
// (8 a.m. in Vancouver, 11 a.m. in Toronto, 12:30 p.m. in St. John's).
const VerifyHour = 11

// Start runs a pass every day at VerifyHour until the returned stop is
// called; stop waits for a pass in progress.
func (v *Verifier) Start(ctx context.Context) (stop func()) {
	c := cron.New(cron.WithChain(cron.SkipIfStillRunning(cron.DiscardLogger)))
	c.AddFunc(fmt.Sprintf("0 %d * * *", VerifyHour), func() { v.Daily(ctx) })
	c.Start()
	return func() { <-c.Stop().Done() }
}

// Daily is the day's pass, on the one server that takes the lease.
func (v *Verifier) Daily(ctx context.Context) {
	if v.Lease != nil {
		now := v.Clock.Now()
		mine, err := v.Lease.TryLease(ctx, "verify", v.Holder, now, now.Add(syncLease))
		if err != nil || !mine {
			if err != nil {
				v.log().Error("verify: cannot tell which server checks listings today; not checking", "err", err)
			}
			return
		}
	}
	rep, err := v.Pass(ctx, false)
	if err != nil {
		v.log().Error("verify: the daily pass failed", "err", err)
		return
	}
	v.log().Info("verify: listings checked", "by_text", rep.ByText, "by_call", rep.ByCall, "flagged", rep.Flagged,
		"skipped", rep.Skipped, "failed", rep.Failed)
}

func (v *Verifier) log() *slog.Logger {
	if v.Log == nil {
		return slog.New(slog.DiscardHandler)
	}
	return v.Log
}
