package sms

import "context"

// answerAsked answers a YES or a NO that no question of this conversation
// is waiting for: it may answer a question the line asked this number on
// its own — a referral's ask to a client, then a listing check to a
// group's leader or contact. Each says whether it took the answer.
func (l *Line) answerAsked(ctx context.Context, c *conversation, yes bool) ([]string, error) {
	for _, answer := range []func(context.Context, *conversation, bool) ([]string, bool, error){
		l.answerReferral, l.answerCheck,
	} {
		replies, took, err := answer(ctx, c, yes)
		if err != nil || took {
			return replies, err
		}
	}
	return []string{c.m.NoPending}, nil
}
