package console

import (
	"fmt"
	"net/http"

	"github.com/peerline/peerline/directory"
)

// confirmAfter is how long a listing stays fresh: after a year without a
// check, it is due for one.
const confirmAfter = 365

// listingRoutes serves confirming that a group still meets as listed.
func (c *Console) listingRoutes(mux *http.ServeMux) {
	mux.Handle("POST "+Prefix+"/groups/{code}/confirm", c.page(directory.RoleStaff, c.confirmListing))
}

// confirmListing records that staff checked the listing (a call to the
// contact, a visit) and it still holds.
func (c *Console) confirmListing(w http.ResponseWriter, r *http.Request, me *account) {
	g, ok := c.loadGroup(w, r, me)
	if !ok {
		return
	}
	if err := c.Store.ConfirmListing(r.Context(), g.ID, me.Email, c.now()); err != nil {
		c.fail(w, r, "confirming a listing", err)
		return
	}
	c.audit(r.Context(), me, "listing.confirm", fmt.Sprintf("group %d", g.Code), "", "still meets as listed")
	http.Redirect(w, r, fmt.Sprintf("%s/groups/%d", Prefix, g.Code), http.StatusSeeOther)
}

// listingRow is a listing on the day at a glance, or a group's page.
type listingRow struct {
	Code       int
	Name, Seen string
	By         string
}

func (c *Console) listingRow(l directory.Listing) listingRow {
	return listingRow{Code: l.Code, Name: l.Name, Seen: l.Seen.In(c.zone()).Format("2006-01-02"), By: l.By}
}
