package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/peerline/peerline/console"
	"github.com/peerline/peerline/directory"
)

// staffCmd manages the console's accounts.
func (m *Main) staffCmd(ctx context.Context, args []string) error {
	fs := m.flags("staff", "[--db FILE] add --email E --role admin|staff|viewer [--name N] | list | remove --email E\n\n"+
		"add reads the password from the first line of standard input (at least 8 characters),\n"+
		"so it is never in the shell's history: printf '%s\\n' \"$PW\" | peerline staff add ...")
	db := m.dbFlag(fs)
	email := fs.String("email", "", "the account's e-mail: its sign-in name")
	role := fs.String("role", "", "admin, staff or viewer")
	name := fs.String("name", "", "the person's name, as the console shows it")
	verb, err := parseVerb(fs, args)
	if err != nil {
		return err
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	switch {
	case verb == "add" && fs.NArg() == 0:
		return m.staffAdd(ctx, w, *email, *role, *name)
	case verb == "list" && fs.NArg() == 0:
		return m.staffList(ctx, w)
	case verb == "remove" && fs.NArg() == 0 && *email != "":
		removed, err := w.store.RemoveStaff(ctx, *email)
		if err == nil && !removed {
			return fmt.Errorf("no account %s", *email)
		}
		if err == nil {
			fmt.Fprintf(m.Stdout, "removed %s\n", strings.ToLower(*email))
			err = m.audit(ctx, w.store, "staff.remove", "staff "+strings.ToLower(*email), "account", "")
		}
		return err
	}
	fs.Usage()
	return usageError{"staff: add --email E --role R, list, or remove --email E"}
}

func (m *Main) staffAdd(ctx context.Context, w *world, email, roleName, name string) error {
	r, err := directory.ParseRole(roleName)
	switch {
	case !strings.Contains(email, "@"):
		return usageError{"staff add needs --email, like coordinator@centre.example"}
	case err != nil:
		return usageError{err.Error()}
	}
	pw, err := bufio.NewReader(m.Stdin).ReadString('\n')
	pw = strings.TrimRight(pw, "\r\n")
	if pw == "" && err != nil {
		return usageError{"staff add reads the password from the first line of standard input"}
	}
	if len([]rune(pw)) < console.MinPasswordLen {
		return usageError{fmt.Sprintf("the password must have at least %d characters (a short sentence is easiest to remember)", console.MinPasswordLen)}
	}
	hash, err := console.HashPassword(pw)
	if err != nil {
		return err
	}
	st, err := w.store.AddStaff(ctx, directory.Staff{Email: email, Name: name, Role: r, Hash: hash, Created: m.Now()})
	if errors.Is(err, directory.ErrStaffExists) {
		return fmt.Errorf("%s already has an account", strings.ToLower(email))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "added %s (%s); sign in at /console/login\n", st.Email, st.Role)
	return m.audit(ctx, w.store, "staff.add", "staff "+st.Email, "", string(st.Role))
}

func (m *Main) staffList(ctx context.Context, w *world) error {
	list, err := w.store.StaffList(ctx)
	if err != nil {
		return err
	}
	if len(list) == 0 {
		fmt.Fprintln(m.Stdout, "no accounts; add the first with peerline staff add --email E --role admin")
		return nil
	}
	tw := tabwriter.NewWriter(m.Stdout, 0, 2, 2, ' ', 0)
	fmt.Fprintln(tw, "e-mail\tname\trole\tsince")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", s.Email, orDash(s.Name), s.Role, s.Created.UTC().Format("2006-01-02"))
	}
	return tw.Flush()
}
