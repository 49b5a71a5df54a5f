package console

import (
	"context"
	"fmt"
	"net/http"

	"github.com/peerline/peerline/directory"
)

// Listing checks (issue 14): the staff's list of listings whose group
// said they changed, or that no one answered three asks about.

// checkRoutes serves marking a flagged listing resolved.
func (c *Console) checkRoutes(mux *http.ServeMux) {
	mux.Handle("POST "+Prefix+"/groups/{code}/resolve", c.page(directory.RoleStaff, c.resolveFlag))
}

// flagRow is a listing on the staff's list, as the dashboard shows it.
type flagRow struct {
	Code        int
	Name, Why   string
	Since, Whom string
	Phone       string // the group's contact when it was asked, masked for viewers
}

// flagWhy says why a listing is on the list, and what to do.
func flagWhy(f directory.ListingFlag) string {
	if f.Reason == directory.FlagChanged {
		return "changed: call them back"
	}
	return fmt.Sprintf("no answer to %d asks", directory.CheckRound)
}

// flagRows lists the staff's list for an account.
func (c *Console) flagRows(ctx context.Context, me *account) ([]flagRow, error) {
	flags, err := c.Store.ListingFlags(ctx)
	if err != nil {
		return nil, err
	}
	rows := make([]flagRow, 0, len(flags))
	for _, f := range flags {
		row := flagRow{Code: f.Code, Name: f.Name, Why: flagWhy(f), Since: c.fmtTime(f.At), Whom: "its leader"}
		if f.Role != directory.AskLeader { // a leader's number is on the leaders' list, for staff
			row.Whom = "its contact"
			if f.Phone != "" {
				row.Phone = number(me, f.Phone)
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// resolveFlag takes a listing off the staff's list: staff called back and
// the listing holds (or they edited it, which takes it off by itself).
func (c *Console) resolveFlag(w http.ResponseWriter, r *http.Request, me *account) {
	g, ok := c.loadGroup(w, r, me)
	if !ok {
		return
	}
	took, err := c.Store.ResolveFlags(r.Context(), g.ID, me.Email, c.now())
	if err != nil {
		c.fail(w, r, "resolving a flagged listing", err)
		return
	}
	if took {
		c.audit(r.Context(), me, "listing.resolve", fmt.Sprintf("group %d", g.Code), "flagged", "resolved: still meets as listed")
	}
	http.Redirect(w, r, Prefix+"/#flagged", http.StatusSeeOther)
}
