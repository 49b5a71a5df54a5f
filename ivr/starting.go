package ivr

import (
	"context"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/words"
)

// Starting a group: a caller who found nothing can offer to help start
// one. The offer is kept for staff (directory.StartOffer); the caller's
// number only when it shows and they agree to be called back, with the
// exact question they agreed to.

// offerToStart is the "help start a group" choice of the none step: a
// caller whose number shows is asked whether the centre may call back;
// one whose number does not is thanked, their offer kept without it.
func (l *Line) offerToStart(ctx context.Context, c *call, req request) (reply, bool, error) {
	if _, known := callerNumber(req); known {
		return reply{next: "start-consent"}, true, nil
	}
	if err := l.keepOffer(ctx, c, req, false); err != nil {
		return reply{}, false, err
	}
	m := l.m(c)
	return reply{say: c.lines(l, m.StartNoNumber, m.StartThanksAnon), next: "menu"}, true, nil
}

// startWording is the question the caller answers: the consent, word for word.
func (l *Line) startWording(c *call) string {
	concern, _ := l.Finder.Vocab.Concern(c.Concern)
	return words.Fill(l.m(c).StartAsk, "concern", concern.Name(c.Lang))
}

func (l *Line) startConsentPrompt(_ context.Context, c *call, _ request) ([]line, error) {
	return c.lines(l, l.startWording(c)), nil
}

// keepStartOffer keeps the offer, with the number when the caller agreed
// to a call back, and thanks them.
func (l *Line) keepStartOffer(callBack bool) action {
	return func(ctx context.Context, c *call, req request) (reply, bool, error) {
		if err := l.keepOffer(ctx, c, req, callBack); err != nil {
			return reply{}, false, err
		}
		m := l.m(c)
		thanks := m.StartThanksAnon
		if callBack {
			thanks = m.StartThanks
		}
		return reply{say: c.lines(l, thanks), next: "menu"}, true, nil
	}
}

func (l *Line) keepOffer(ctx context.Context, c *call, req request, callBack bool) error {
	caller := l.placed(c, req)
	o := directory.StartOffer{At: l.Now(), Concern: c.Concern, Area: c.NPA, Via: directory.ViaVoice, Lang: c.Lang, Place: c.Town}
	if caller.Complex != nil {
		o.Area = caller.Complex.Key()
	} else if caller.NPA != "" {
		o.Area = caller.NPA
	}
	if caller.Town != nil && c.Near {
		o.Place = caller.Town.Name
	}
	if number, known := callerNumber(req); known && callBack {
		o.Number, o.Wording = number, l.startWording(c)
	}
	if o.Area == "" { // a number from outside the line's areas
		o.Area = "?"
	}
	_, err := l.Finder.Store.OfferToStart(ctx, o)
	return err
}

// invitation is a call's message when it brings staff's invitation to
// help start a group: there is no group, and its words (in Note, as a
// leader's note's are) are made from the invitation the entry was sent,
// in the member's language, as the console showed staff before sending.
func (l *Line) invitation(ctx context.Context, msg directory.Outgoing) (directory.Outgoing, directory.Group, bool, error) {
	inv, ok, err := l.Finder.Store.InvitationFor(ctx, msg.WaitlistID)
	if err != nil || !ok {
		return msg, directory.Group{}, false, err
	}
	lang := msg.Lang
	if _, speaks := l.book[lang]; !speaks {
		lang = directory.English
	}
	msg.Note = l.book.In(lang).Invitation(inv, l.Finder.Vocab, l.Finder.Areas, directory.ByCall)
	return msg, directory.Group{}, true, nil
}
