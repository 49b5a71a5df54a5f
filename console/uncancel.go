package console

import (
	"fmt"
	"net/http"
	"slices"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// uncancelRoutes serves undoing a cancelled meeting (staff and admin).
func (c *Console) uncancelRoutes(mux *http.ServeMux) {
	mux.Handle("POST "+Prefix+"/groups/{code}/uncancel", c.page(directory.RoleStaff, c.uncancelMeeting))
}

// uncancelMeeting undoes the cancellation of a meeting not yet held: it
// takes place after all, and its members get their reminders again.
func (c *Console) uncancelMeeting(w http.ResponseWriter, r *http.Request, me *account) {
	g, ok := c.loadGroup(w, r, me)
	if !ok {
		return
	}
	day, err := recur.ParseDate(r.PostFormValue("day"))
	if err != nil || day.IsZero() || !slices.Contains(g.Cancelled, day) {
		c.notFound(w, r, me, "That meeting is not cancelled, so there is nothing to undo.")
		return
	}
	if _, err := c.Store.UncancelMeeting(r.Context(), g.ID, day); err != nil {
		c.fail(w, r, "undoing a cancellation", err)
		return
	}
	c.audit(r.Context(), me, "meeting.uncancel", fmt.Sprintf("group %d", g.Code), day.String()+" cancelled", "")
	c.log().Info("console: cancellation undone", "account", me.Email, "group", g.Code, "day", day.String())
	http.Redirect(w, r, fmt.Sprintf("%s/groups/%d?uncancelled=%s", Prefix, g.Code, day), http.StatusSeeOther)
}
