package console

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
)

// referrerRoutes serves the helping professionals who may send a group's
// details to a client by text (SEND <code> TO <number>): everyone reads
// the list, numbers masked for viewers; staff add and remove.
func (c *Console) referrerRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+Prefix+"/referrers", c.page(directory.RoleViewer, func(w http.ResponseWriter, r *http.Request, me *account) {
		c.showReferrers(w, r, me, http.StatusOK, referrerForm{})
	}))
	mux.Handle("POST "+Prefix+"/referrers", c.page(directory.RoleStaff, c.addReferrer))
	mux.Handle("POST "+Prefix+"/referrers/remove", c.page(directory.RoleStaff, c.removeReferrer))
}

// maxReferrerName keeps the client's ask, which names the referrer,
// within two text segments.
const maxReferrerName = 60

// referrerForm is a referrer as typed.
type referrerForm struct {
	Name, Number string
	Errors       map[string]string
}

type referrerRow struct {
	Name, Number, Added string
	Key                 string // the number to post back, for staff (who see it)
}

type referrersData struct {
	Rows    []referrerRow
	Form    referrerForm
	CanEdit bool
}

func (c *Console) showReferrers(w http.ResponseWriter, r *http.Request, me *account, status int, form referrerForm) {
	list, err := c.Store.Referrers(r.Context())
	if err != nil {
		c.fail(w, r, "listing referrers", err)
		return
	}
	d := referrersData{Form: form, CanEdit: me.Role.Can(directory.RoleStaff)}
	for _, ref := range list {
		row := referrerRow{Name: ref.Name, Number: number(me, ref.Number), Added: c.fmtTime(ref.AddedAt)}
		if d.CanEdit {
			row.Key = ref.Number
		}
		d.Rows = append(d.Rows, row)
	}
	c.render(w, r, status, "referrers.html", view{Title: "Referrers", Me: me, Data: d})
}

func (c *Console) addReferrer(w http.ResponseWriter, r *http.Request, me *account) {
	f := referrerForm{Name: strings.TrimSpace(r.PostFormValue("name")), Number: strings.TrimSpace(r.PostFormValue("number")), Errors: map[string]string{}}
	num, err := directory.NormalizePhone(f.Number)
	if err != nil {
		f.Errors["number"] = "Give the phone number they text from, like 705-555-0142."
	}
	switch n := utf8.RuneCountInString(f.Name); {
	case n == 0:
		f.Errors["name"] = "Give the name their clients will read, like Dr. Ana Roy, Algoma Family Health."
	case n > maxReferrerName:
		f.Errors["name"] = "Keep the name to 60 characters: it goes in a text message."
	}
	if len(f.Errors) > 0 {
		c.showReferrers(w, r, me, http.StatusUnprocessableEntity, f)
		return
	}
	before, known, err := c.Store.Referrer(r.Context(), num)
	if err == nil {
		_, err = c.Store.AddReferrer(r.Context(), directory.Referrer{Number: num, Name: f.Name, AddedAt: c.now()})
	}
	if errors.Is(err, directory.ErrInvalidNumber) {
		f.Errors["number"] = "Give the phone number they text from, like 705-555-0142."
		c.showReferrers(w, r, me, http.StatusUnprocessableEntity, f)
		return
	}
	if err != nil {
		c.fail(w, r, "adding a referrer", err)
		return
	}
	if known {
		c.audit(r.Context(), me, "referrer.rename", "referrer "+directory.Mask(num), before.Name, f.Name)
	} else {
		c.audit(r.Context(), me, "referrer.add", "referrer "+directory.Mask(num), "", f.Name)
	}
	http.Redirect(w, r, Prefix+"/referrers", http.StatusSeeOther)
}

func (c *Console) removeReferrer(w http.ResponseWriter, r *http.Request, me *account) {
	num, err := directory.NormalizePhone(r.PostFormValue("number"))
	if err != nil {
		c.notFound(w, r, me, "No such referrer.")
		return
	}
	before, _, err := c.Store.Referrer(r.Context(), num)
	if err != nil {
		c.fail(w, r, "reading a referrer", err)
		return
	}
	removed, err := c.Store.RemoveReferrer(r.Context(), num)
	if err != nil {
		c.fail(w, r, "removing a referrer", err)
		return
	}
	if !removed {
		c.notFound(w, r, me, "No such referrer.")
		return
	}
	c.audit(r.Context(), me, "referrer.remove", "referrer "+directory.Mask(num), before.Name, "")
	http.Redirect(w, r, Prefix+"/referrers", http.StatusSeeOther)
}
