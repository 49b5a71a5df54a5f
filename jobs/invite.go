package jobs

import (
	"context"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
)

// Staff's invitations to people waiting for a group to help start one
// (directory.SendInvite): queued by the console, sent here like any
// message, read on a call by the voice line.

// invitation reads the invitation a message brings and puts its text, in
// the member's language, in it.Note (as a leader's note's words are). An
// invitation is about no group: the group returned is only active, so
// that nothing of a group stops it; ok is false when the invitation is
// gone (its member forgotten since).
func (s *Sender) invitation(ctx context.Context, it *directory.Outgoing) (directory.Group, bool, error) {
	inv, ok, err := s.Store.InvitationFor(ctx, it.WaitlistID)
	if err != nil || !ok {
		return directory.Group{}, false, err
	}
	it.Note = telephony.Fold(words.NewBook().In(it.Lang).Invitation(inv, s.Vocab, s.Areas, directory.ByText))
	return directory.Group{Status: directory.StatusActive}, true, nil
}
