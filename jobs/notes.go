package jobs

import (
	"context"
	"strconv"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/telephony"
	"github.com/peerline/peerline/words"
)

// A leader's note (issue 14) goes to each member of the group who gets
// its reminders, before the meeting it was written for: queued by the
// scan like a reminder — now, or when the member's quiet hours end — and
// sent by the paced sender, which checks again that the member still
// wants it (STOP) and that the meeting has not begun.

// notes makes one message per note to come and active subscriber of its
// group. Keyed by (note, subscription), a note is queued once to each,
// however often the scan runs — and to a member who joins before the
// meeting too.
func (s *Scanner) notes(ctx context.Context, now time.Time) ([]directory.Outgoing, error) {
	notes, err := s.Store.NotesAhead(ctx, now)
	if err != nil || len(notes) == 0 {
		return nil, err
	}
	var out []directory.Outgoing
	for _, n := range notes {
		subs, err := s.Store.Subscribers(ctx, n.GroupID)
		if err != nil {
			return nil, err
		}
		for _, sub := range subs {
			due := s.Quiet.Due(s.Areas, sub.Number, now)
			out = append(out, directory.Outgoing{Kind: directory.SendNote, SubscriptionID: sub.SubscriptionID, MemberID: sub.MemberID,
				Number: sub.Number, GroupID: n.GroupID, Channel: sub.Channel, Lang: sub.Lang, MeetingAt: n.MeetingAt, DueAt: due,
				NoteID: n.ID, Key: "n:" + strconv.FormatInt(n.ID, 10) + ":" + strconv.FormatInt(sub.SubscriptionID, 10)})
		}
	}
	return out, nil
}

// noteText is the text of a leader's note, in the member's language and
// at their clock.
func noteText(it directory.Outgoing, g *directory.Group, areas *directory.Areas) string {
	cat := words.NewBook().In(it.Lang)
	w := cat.Writer(areas.Locate(it.Number).Location())
	return telephony.Fold(words.Fill(cat.Text.Note, "name", g.Name, "when", w.At(it.MeetingAt, g), "note", it.Note))
}
