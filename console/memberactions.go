package console

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/peerline/peerline/directory"
)

// memberRoutes serves what staff do for a member: stop one of their
// subscriptions (staff), forget them (admin).
func (c *Console) memberRoutes(mux *http.ServeMux) {
	mux.Handle("POST "+Prefix+"/members/stop", c.page(directory.RoleStaff, c.stopSubscription))
	mux.Handle("POST "+Prefix+"/members/forget", c.page(directory.RoleAdmin, c.forgetMember))
}

// stopSubscription stops one reminder subscription, as the member could
// by text or call: a person asked staff to.
func (c *Console) stopSubscription(w http.ResponseWriter, r *http.Request, me *account) {
	num, err := directory.MemberNumber(r.PostFormValue("number"))
	id, _ := strconv.ParseInt(r.PostFormValue("subscription"), 10, 64)
	if err != nil || id <= 0 {
		c.notFound(w, r, me, "No such subscription.")
		return
	}
	stopped, err := c.Store.StopSubscription(r.Context(), num, id, c.now())
	if err != nil {
		c.fail(w, r, "stopping a subscription", err)
		return
	}
	if !stopped {
		c.notFound(w, r, me, "That subscription is not active, so there was nothing to stop.")
		return
	}
	c.audit(r.Context(), me, "subscription.stop", fmt.Sprintf("number %s subscription %d", directory.Mask(num), id), "active", "stopped")
	http.Redirect(w, r, Prefix+"/members?number="+url.QueryEscape(num), http.StatusSeeOther)
}

// forgetMember removes a number and every record of it, once the admin
// has ticked that they mean it.
func (c *Console) forgetMember(w http.ResponseWriter, r *http.Request, me *account) {
	num, err := directory.MemberNumber(r.PostFormValue("number"))
	if err != nil {
		c.notFound(w, r, me, "That is not a phone number.")
		return
	}
	if r.PostFormValue("confirm") != "yes" {
		c.render(w, r, http.StatusUnprocessableEntity, "message.html", view{Title: "Not forgotten", Me: me,
			Data: message{Heading: "Nothing was forgotten", Text: "Tick the box that says you understand every record of this number will be removed, then press Forget again."}})
		return
	}
	f, err := c.Store.Forget(r.Context(), num)
	if err != nil {
		c.fail(w, r, "forgetting a member", err)
		return
	}
	masked := directory.Mask(num)
	c.audit(r.Context(), me, "member.forget", "number "+masked, fmt.Sprintf("%d records", f.Total()), "")
	text := fmt.Sprintf("Every record of %s is removed: %d in all.", masked, f.Total())
	if f.Blocked {
		text += " The number stays on the blocklist."
	}
	c.render(w, r, http.StatusOK, "message.html", view{Title: "Forgotten", Me: me, Data: message{Heading: "Forgotten", Text: text}})
}
