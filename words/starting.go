package words

import (
	"strconv"

	"github.com/peerline/peerline/directory"
)

// Invitation is staff's invitation to help start a group as a member
// waiting gets it, in the catalogue's language: a text, or what a call
// says (the centre's number digit by digit). The console shows staff
// these very words before they send it.
func (c *Catalogue) Invitation(inv directory.Invitation, vocab *directory.Vocabulary, areas *directory.Areas, ch directory.Channel) string {
	concern, _ := vocab.Concern(inv.Concern)
	sentence, phone := c.Text.Invite, c.Writer(nil).Phone(inv.Phone)
	if ch == directory.ByCall {
		sentence, phone = c.Voice.NoticeInvite, c.Speaker(nil).Phone(inv.Phone)
	}
	return Fill(sentence, "people", strconv.Itoa(inv.People), "place", areas.PlaceName(inv.Area, inv.Place, c.Lang),
		"concern", concern.Name(c.Lang), "phone", phone)
}
