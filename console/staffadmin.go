package console

import (
	"errors"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
)

// staffAdminRoutes serves managing accounts (admin): add one, change a
// role, remove one.
func (c *Console) staffAdminRoutes(mux *http.ServeMux) {
	mux.Handle("POST "+Prefix+"/staff", c.page(directory.RoleAdmin, c.addStaff))
	mux.Handle("POST "+Prefix+"/staff/role", c.page(directory.RoleAdmin, c.setStaffRole))
	mux.Handle("POST "+Prefix+"/staff/remove", c.page(directory.RoleAdmin, c.removeStaff))
}

// staffForm is a new account as typed; never the password.
type staffForm struct {
	Email, Name, Role string
	Errors            map[string]string
}

type staffData struct {
	Rows []staffRow
	Form staffForm
	Me   string // the admin's own e-mail: they cannot remove themselves
}

// showStaff lists the accounts, with the form to add one.
func (c *Console) showStaff(w http.ResponseWriter, r *http.Request, me *account, status int, form staffForm) {
	list, err := c.Store.StaffList(r.Context())
	if err != nil {
		c.fail(w, r, "listing accounts", err)
		return
	}
	d := staffData{Form: form, Me: me.Email}
	for _, s := range list {
		d.Rows = append(d.Rows, staffRow{Email: s.Email, Name: s.Name, Role: string(s.Role), Created: c.fmtTime(s.Created)})
	}
	if d.Form.Role == "" {
		d.Form.Role = string(directory.RoleViewer)
	}
	c.render(w, r, status, "staff.html", view{Title: "Accounts", Me: me, Data: d})
}

func (c *Console) addStaff(w http.ResponseWriter, r *http.Request, me *account) {
	f := staffForm{Email: strings.TrimSpace(r.PostFormValue("email")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Role: r.PostFormValue("role"), Errors: map[string]string{}}
	pw := r.PostFormValue("password")
	role, roleErr := directory.ParseRole(f.Role)
	switch {
	case !strings.Contains(f.Email, "@") || strings.ContainsAny(f.Email, " <>"):
		f.Errors["email"] = "Give the person's e-mail, like coordinator@centre.example."
	case utf8.RuneCountInString(f.Name) > 100:
		f.Errors["name"] = "Keep the name to 100 characters."
	}
	if roleErr != nil {
		f.Errors["role"] = "Choose viewer, staff or admin."
	}
	if utf8.RuneCountInString(pw) < MinPasswordLen {
		f.Errors["password"] = "A password needs at least 8 characters; a short sentence is easiest to remember."
	}
	var hash string
	if len(f.Errors) == 0 {
		var err error
		if hash, err = HashPassword(pw); err != nil {
			f.Errors["password"] = err.Error()
		}
	}
	if len(f.Errors) == 0 {
		_, err := c.Store.AddStaff(r.Context(), directory.Staff{Email: f.Email, Name: f.Name, Role: role, Hash: hash, Created: c.now()})
		switch {
		case errors.Is(err, directory.ErrStaffExists):
			f.Errors["email"] = "That e-mail already has an account."
		case err != nil:
			c.fail(w, r, "adding an account", err)
			return
		}
	}
	if len(f.Errors) > 0 {
		c.showStaff(w, r, me, http.StatusUnprocessableEntity, f)
		return
	}
	c.audit(r.Context(), me, "staff.add", "staff "+strings.ToLower(f.Email), "", string(role))
	http.Redirect(w, r, Prefix+"/staff", http.StatusSeeOther)
}

func (c *Console) setStaffRole(w http.ResponseWriter, r *http.Request, me *account) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	role, err := directory.ParseRole(r.PostFormValue("role"))
	if err != nil || email == me.Email {
		c.forbidden(w, r, me, "Choose viewer, staff or admin for another account; your own role is changed by another admin.")
		return
	}
	st, ok, err := c.Store.StaffByEmail(r.Context(), email)
	if err != nil {
		c.fail(w, r, "reading an account", err)
		return
	}
	if !ok {
		c.notFound(w, r, me, "No such account.")
		return
	}
	if _, err := c.Store.SetStaffRole(r.Context(), email, role); err != nil {
		c.fail(w, r, "changing a role", err)
		return
	}
	c.audit(r.Context(), me, "staff.role", "staff "+email, string(st.Role), string(role))
	http.Redirect(w, r, Prefix+"/staff", http.StatusSeeOther)
}

func (c *Console) removeStaff(w http.ResponseWriter, r *http.Request, me *account) {
	email := strings.ToLower(strings.TrimSpace(r.PostFormValue("email")))
	if email == me.Email {
		c.forbidden(w, r, me, "You cannot remove your own account; another admin can.")
		return
	}
	removed, err := c.Store.RemoveStaff(r.Context(), email)
	if err != nil {
		c.fail(w, r, "removing an account", err)
		return
	}
	if !removed {
		c.notFound(w, r, me, "No such account.")
		return
	}
	c.audit(r.Context(), me, "staff.remove", "staff "+email, "account", "")
	http.Redirect(w, r, Prefix+"/staff", http.StatusSeeOther)
}
