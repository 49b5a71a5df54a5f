package main

import (
	"context"
	"fmt"

	"github.com/peerline/peerline/directory"
)

// leaderCmd manages groups' leaders: numbers that may cancel a group's
// meeting and send its members a note, by text or by calling the line
// (caller ID and PIN).
func (m *Main) leaderCmd(ctx context.Context, args []string) error {
	fs := m.flags("leader", "[--db FILE] add --group CODE [--pin NNNN] NUMBER | list [--full-numbers] | remove --group CODE NUMBER\n\n"+
		"A group's leader may cancel one of its meetings and send its members a note, by text from NUMBER,\n"+
		"or by calling the line from it and typing the PIN. Without --pin, add makes one and prints it once:\n"+
		"PINs are kept hashed and never shown again (add the leader again for a new one).")
	db := m.dbFlag(fs)
	code := fs.Int("group", 0, "the group's code (add, remove)")
	pin := fs.String("pin", "", "the leader's PIN, 4 to 8 digits (add); made for them when not given")
	full := fs.Bool("full-numbers", false, "list numbers whole (list)")
	verb, err := parseVerb(fs, args)
	if err != nil {
		return err
	}
	switch verb {
	case "add", "remove", "list":
	default:
		fs.Usage()
		return usageError{fmt.Sprintf("unknown leader command %q: add, list or remove", verb)}
	}
	if verb != "list" && (*code == 0 || fs.NArg() != 1) {
		fs.Usage()
		return usageError{"leader " + verb + " needs --group CODE and one NUMBER"}
	}
	if *pin != "" && directory.CheckPINFormat(*pin) != nil {
		return usageError{"a PIN is 4 to 8 digits"}
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	if verb == "list" {
		return m.listLeaders(ctx, w.store, *full)
	}
	g, ok, err := w.store.Group(ctx, *code)
	if err != nil {
		return err
	}
	if !ok {
		return usageError{fmt.Sprintf("no group has the code %d", *code)}
	}
	number, err := directory.MemberNumber(fs.Arg(0))
	if err != nil {
		return usageError{fmt.Sprintf("%q is not a phone number the line can text or call", fs.Arg(0))}
	}
	if verb == "remove" {
		return m.removeLeader(ctx, w.store, g, number)
	}
	return m.addLeader(ctx, w.store, g, number, *pin)
}

func (m *Main) addLeader(ctx context.Context, s store, g directory.Group, number, pin string) error {
	made := pin == ""
	if made {
		var err error
		if pin, err = directory.NewPIN(); err != nil {
			return err
		}
	}
	hash, err := directory.HashPIN(pin)
	if err != nil {
		return usageError{err.Error()}
	}
	if _, err := s.AddLeader(ctx, g.ID, number, hash, m.Now()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "%s leads %s (%d): they may text CANCEL %d and a date, or NOTE %d and a note, or call the line from that number\n",
		directory.Mask(number), g.Name, g.Code, g.Code, g.Code)
	if made {
		fmt.Fprintf(m.Stdout, "PIN: %s  (give it to the leader now: it is kept hashed and cannot be shown again)\n", pin)
	}
	return m.audit(ctx, s, "leader.add", fmt.Sprintf("group %d", g.Code), "", directory.LeaderName(g.Code, number))
}

func (m *Main) removeLeader(ctx context.Context, s store, g directory.Group, number string) error {
	found, err := s.RemoveLeader(ctx, g.ID, number)
	switch {
	case err != nil:
		return err
	case !found:
		fmt.Fprintf(m.Stdout, "%s does not lead %s (%d): nothing removed\n", directory.Mask(number), g.Name, g.Code)
		return nil
	}
	fmt.Fprintf(m.Stdout, "%s no longer leads %s (%d)\n", directory.Mask(number), g.Name, g.Code)
	return m.audit(ctx, s, "leader.remove", fmt.Sprintf("group %d", g.Code), directory.LeaderName(g.Code, number), "")
}

func (m *Main) listLeaders(ctx context.Context, s store, full bool) error {
	leaders, err := s.Leaders(ctx)
	if err != nil {
		return err
	}
	if full && len(leaders) > 0 {
		fmt.Fprintln(m.Stderr, "peerline: warning: --full-numbers prints leaders' phone numbers in full: keep the output safe.")
	}
	for _, l := range leaders {
		fmt.Fprintf(m.Stdout, "%-6d  %-40s  %-14s  added %s\n", l.Code, l.Name, listed(l.Number, full), l.AddedAt.Format("2006-01-02"))
	}
	fmt.Fprintf(m.Stdout, "%d leader(s)\n", len(leaders))
	return nil
}
