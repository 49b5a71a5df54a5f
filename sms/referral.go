package sms

import "context"

// answerReferral answers a client's YES or NO to a referral's ask.
func (l *Line) answerReferral(ctx context.Context, c *conversation, yes bool) ([]string, bool, error) {
	return nil, false, nil // issue 14: to be written
}
