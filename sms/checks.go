package sms

import "context"

// answerCheck answers a leader's or contact's YES to a listing check.
func (l *Line) answerCheck(ctx context.Context, c *conversation, yes bool) ([]string, bool, error) {
	return nil, false, nil // issue 14: to be written
}
