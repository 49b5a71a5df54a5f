package sms

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
)

// Referrals. A registered referrer texts SEND <code> TO <number>; the
// client gets one text asking whether they want the group's details, and
// only their YES sends them. The referrer hears that the client was
// asked, or why nothing was sent — never anything about the client: an
// opt-out, a blocked number and a landline get the same answer.

// Texter sends a text message to a number other than the sender's;
// telephony.Sender is one.
type Texter interface {
	SendText(ctx context.Context, to, body, statusCallback string) (string, error)
}

// refer asks a client, on a registered referrer's behalf, whether they
// want a group's details. The ask and the reply are in the language of
// the command (ENVOYER: French).
func (l *Line) refer(ctx context.Context, c *conversation, msg message) ([]string, error) {
	c.mem.Lang = msg.lang
	l.speak(c)
	referrer, ok, err := l.Finder.Store.Referrer(ctx, c.number)
	if err != nil || !ok {
		return []string{l.referNotRegistered(c)}, err
	}
	if msg.to == "" {
		return []string{c.m.ReferUsage}, nil
	}
	g, ok, err := l.Finder.Store.Group(ctx, msg.n)
	if err != nil {
		return nil, err
	}
	switch {
	case !ok || g.Status != directory.StatusActive:
		return []string{words.Fill(c.m.ReferNoGroup, "code", strconv.Itoa(msg.n))}, nil
	case l.Texts == nil:
		return []string{words.Fill(c.m.ReferNoTexting, "code", strconv.Itoa(g.Code))}, nil
	}
	if refused, err := l.clientRefusesTexts(ctx, msg.to); err != nil || refused {
		return []string{l.referCannotText(c, g)}, err
	}
	return l.referAsk(ctx, c, referrer, g, msg.to)
}

// referAsk records the ask, then sends it; an ask that could not be sent is
// withdrawn, so it neither counts nor waits.
func (l *Line) referAsk(ctx context.Context, c *conversation, referrer directory.Referrer, g directory.Group, client string) ([]string, error) {
	who := referrer.Name
	if who == "" {
		who = c.m.ReferSomeone
	}
	wording := fit(words.Fill(c.m.ReferAsk, "who", who, "name", g.Name))
	r, err := l.Finder.Store.Refer(ctx, c.number, directory.Referral{GroupID: g.ID, Client: client, Lang: c.mem.Lang,
		Wording: wording, AskedAt: l.Now()}, l.referrerDayStart(c.number), directory.ReferralsPerDay)
	switch {
	case errors.Is(err, directory.ErrNotReferrer): // removed a moment ago
		return []string{l.referNotRegistered(c)}, nil
	case errors.Is(err, directory.ErrReferralWaiting):
		return []string{words.Fill(c.m.ReferWaiting, "name", g.Name)}, nil
	case errors.Is(err, directory.ErrReferralLimit):
		return []string{words.Fill(c.m.ReferLimit, "count", strconv.Itoa(directory.ReferralsPerDay))}, nil
	case err != nil:
		return nil, err
	}
	if _, err := l.Texts.SendText(ctx, client, wording, ""); err != nil {
		return l.referNotSent(ctx, c, g, r, err)
	}
	l.Log.Info("sms: a client was asked about a referral", "referral", r.ID, "group", g.Code)
	return []string{words.Fill(c.m.ReferAsked, "name", g.Name)}, nil
}

// referNotSent withdraws an ask Twilio refused, remembering what it said of
// the number as the rest of the line does, and tells the referrer.
func (l *Line) referNotSent(ctx context.Context, c *conversation, g directory.Group, r directory.Referral, sendErr error) ([]string, error) {
	if err := l.Finder.Store.WithdrawReferral(ctx, r.ID); err != nil {
		return nil, err
	}
	var err error
	switch telephony.Classify(sendErr) {
	case telephony.NotTextable:
		err = l.Finder.Store.SetCannotText(ctx, r.Client, l.Now())
	case telephony.OptedOut:
		err = l.Finder.Store.OptOut(ctx, r.Client, l.Now())
	default:
		l.Log.Warn("sms: a referral's ask could not be sent", "referral", r.ID, "err", sendErr)
		return []string{c.m.ReferFailed}, nil
	}
	return []string{l.referCannotText(c, g)}, err
}

// clientRefusesTexts: the number asked for no texts (STOP), is blocked, or is
// known not to take texts (a landline).
func (l *Line) clientRefusesTexts(ctx context.Context, number string) (bool, error) {
	if blocked, err := l.Finder.Store.IsBlocked(ctx, number); err != nil || blocked {
		return blocked, err
	}
	m, found, err := l.Finder.Store.Member(ctx, number)
	return found && (m.OptedOut || m.CannotText), err
}

// referCannotText tells the referrer nothing was sent, and gives them the
// group's public contact instead.
func (l *Line) referCannotText(c *conversation, g directory.Group) string {
	if g.Phone == "" {
		return words.Fill(c.m.ReferCannotTextCode, "code", strconv.Itoa(g.Code))
	}
	return words.Fill(c.m.ReferCannotText, "phone", c.writer.Phone(g.Phone))
}

// referNotRegistered tells someone who is not a referrer how to become one.
func (l *Line) referNotRegistered(c *conversation) string {
	how := c.m.ReferRegisterAsk
	if l.Operator != "" {
		how = words.Fill(c.m.ReferRegisterCall, "phone", c.writer.Phone(l.Operator))
	}
	return words.Fill(c.m.ReferNotRegistered, "how", how)
}

// referrerDayStart is the start of today on the sender's clock: the daily limit
// is a day of the referrer's.
func (l *Line) referrerDayStart(number string) time.Time {
	now := l.Now().In(l.Finder.Areas.Locate(number).Location())
	y, m, d := now.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, now.Location())
}

// answerReferral answers a client's YES or NO to a referral's ask: the
// newest still waiting, for a group still listed.
func (l *Line) answerReferral(ctx context.Context, c *conversation, yes bool) ([]string, bool, error) {
	asks, err := l.Finder.Store.WaitingReferrals(ctx, c.number, l.Now())
	if err != nil {
		return nil, false, err
	}
	for _, r := range asks {
		g, ok, err := l.Finder.Store.GroupByID(ctx, r.GroupID)
		if err != nil {
			return nil, false, err
		}
		if ok && g.Status == directory.StatusActive {
			return l.answerReferralAsk(ctx, c, r, g, yes)
		}
	}
	return nil, false, nil
}

// answerReferralAsk records the answer; a YES is the client's consent, in the
// ask's exact words, and brings the details as the text line gives them
// for a listed group, with the reminder offer of a telephone group.
func (l *Line) answerReferralAsk(ctx context.Context, c *conversation, r directory.Referral, g directory.Group, yes bool) ([]string, bool, error) {
	consent := directory.Consent{At: l.Now(), Via: directory.ViaSMS, Purpose: directory.PurposeReferral,
		Contact: directory.ByText, Lang: r.Lang, Wording: r.Wording}
	answered, err := l.Finder.Store.AnswerReferral(ctx, r.ID, yes, consent)
	switch {
	case errors.Is(err, directory.ErrOptedOut):
		return []string{c.m.OptedOut}, true, nil
	case err != nil || !answered:
		return nil, false, err
	case !yes:
		return []string{words.Fill(c.m.ReferDeclined, "name", g.Name)}, true, nil
	}
	// The client searched for nothing: the details end with the one thing
	// to do next — the reminder offer of a telephone group, else how to
	// find other groups — not with MORE or REMIND n, which refer to a list.
	c.mem.Listed, c.mem.Concern, c.keep = []int{g.Code}, "", true // the group is this conversation's list of one
	details := c.writer.Details(&g, l.Now())
	if g.TakesReminders() {
		return append([]string{details}, l.askRemind(c, g)...), true, nil
	}
	return []string{details + "\n" + c.m.ReferFindMore}, true, nil
}
