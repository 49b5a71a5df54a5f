package console

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/peerline/peerline/directory"
)

// A group's leaders (issue 14), on its page: staff add one (with a PIN
// they type, or one made and shown once) and remove one; a viewer sees
// the numbers masked. Leaders cancel meetings and write to the members
// by text or by phone; see sms/leader.go and ivr/leader.go.

// leaderRoutes serves adding and removing a group's leaders.
func (c *Console) leaderRoutes(mux *http.ServeMux) {
	mux.Handle("POST "+Prefix+"/groups/{code}/leaders", c.page(directory.RoleStaff, c.addLeader))
	mux.Handle("POST "+Prefix+"/groups/{code}/leaders/remove", c.page(directory.RoleStaff, c.removeLeader))
}

// leaderData is the Leaders section of a group's page.
type leaderData struct {
	Rows []leaderRow
}

type leaderRow struct {
	Number string // masked for a viewer
	Added  string
}

// leadersOf is the section's data: the group's leaders, as me may see them.
func (c *Console) leadersOf(ctx context.Context, me *account, g directory.Group) (leaderData, error) {
	all, err := c.Store.Leaders(ctx)
	if err != nil {
		return leaderData{}, fmt.Errorf("listing leaders: %w", err)
	}
	var d leaderData
	for _, l := range all {
		if l.GroupID == g.ID {
			d.Rows = append(d.Rows, leaderRow{Number: number(me, l.Number), Added: l.AddedAt.In(c.zone()).Format("2006-01-02")})
		}
	}
	return d, nil
}

// leaderAdded is the page after adding a leader: the PIN, shown once, or
// what to correct, with what was typed kept.
type leaderAdded struct {
	Code      int
	Name      string
	Number    string // as typed, on a form to correct
	PIN       string // shown once; "" on a form to correct
	Made      bool   // the console made the PIN
	NumberErr string
	PINErr    string
}

func (c *Console) addLeader(w http.ResponseWriter, r *http.Request, me *account) {
	g, ok := c.loadGroup(w, r, me)
	if !ok {
		return
	}
	d := leaderAdded{Code: g.Code, Name: g.Name, Number: strings.TrimSpace(r.PostFormValue("number")), PIN: strings.TrimSpace(r.PostFormValue("pin"))}
	num, err := directory.MemberNumber(d.Number)
	if err != nil {
		d.NumberErr = "Give the leader's phone number, like 705-555-0142."
	}
	if d.PIN != "" && directory.CheckPINFormat(d.PIN) != nil {
		d.PINErr = "A PIN is 4 to 8 digits. Leave it empty to have one made."
	}
	if d.NumberErr != "" || d.PINErr != "" {
		d.PIN = "" // a PIN is never written back into a page
		c.render(w, r, http.StatusUnprocessableEntity, "leader.html", view{Title: "Add a leader to " + g.Name, Me: me, Data: d})
		return
	}
	if d.PIN == "" {
		if d.PIN, err = directory.NewPIN(); err != nil {
			c.fail(w, r, "making a PIN", err)
			return
		}
		d.Made = true
	}
	hash, err := directory.HashPIN(d.PIN)
	if err == nil {
		_, err = c.Store.AddLeader(r.Context(), g.ID, num, hash, c.now())
	}
	if err != nil {
		c.fail(w, r, "adding a leader", err)
		return
	}
	c.audit(r.Context(), me, "leader.add", fmt.Sprintf("group %d", g.Code), "", directory.LeaderName(g.Code, num))
	c.log().Info("console: leader added", "account", me.Email, "group", g.Code, "leader", directory.Mask(num))
	d.Number = num
	c.render(w, r, http.StatusOK, "leader.html", view{Title: "Leader added to " + g.Name, Me: me, Data: d})
}

func (c *Console) removeLeader(w http.ResponseWriter, r *http.Request, me *account) {
	g, ok := c.loadGroup(w, r, me)
	if !ok {
		return
	}
	num, err := directory.MemberNumber(r.PostFormValue("number"))
	if err != nil {
		c.notFound(w, r, me, "That is not a leader of this group.")
		return
	}
	found, err := c.Store.RemoveLeader(r.Context(), g.ID, num)
	if err != nil {
		c.fail(w, r, "removing a leader", err)
		return
	}
	if found {
		c.audit(r.Context(), me, "leader.remove", fmt.Sprintf("group %d", g.Code), directory.LeaderName(g.Code, num), "")
	}
	http.Redirect(w, r, fmt.Sprintf("%s/groups/%d#leaders", Prefix, g.Code), http.StatusSeeOther)
}
