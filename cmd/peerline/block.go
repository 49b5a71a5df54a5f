package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/peerline/peerline/directory"
)

// blockCmd manages the blocklist: numbers that abuse the line. A blocked
// caller hears a short message; a blocked texter gets no reply.
func (m *Main) blockCmd(ctx context.Context, args []string) error {
	fs := m.flags("block", "[--db FILE] add|remove|list [--note TEXT] [NUMBER]")
	db := m.dbFlag(fs)
	note := fs.String("note", "", "why, for staff (add)")
	verb, err := parseVerb(fs, args) // peerline block add --note "..." NUMBER
	if err != nil {
		return err
	}
	number := fs.Arg(0)
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	switch {
	case verb == "list":
		list, err := w.store.Blocklist(ctx)
		if err != nil {
			return err
		}
		for _, b := range list {
			fmt.Fprintf(m.Stdout, "%s  %s  %s\n", directory.Mask(b.Number), b.AddedAt.Format("2006-01-02"), b.Note)
		}
		fmt.Fprintf(m.Stdout, "%d blocked\n", len(list))
		return nil
	case number == "":
		fs.Usage()
		return usageError{"block add and remove take a NUMBER"}
	case verb == "add":
		err = w.store.Block(ctx, number, *note, m.Now())
		if errors.Is(err, directory.ErrInvalidNumber) {
			return usageError{err.Error()}
		}
		if err != nil {
			return err
		}
		n, _ := directory.NormalizePhone(number)
		fmt.Fprintf(m.Stdout, "blocked %s\n", directory.Mask(n))
		return m.audit(ctx, w.store, "block.add", "number "+directory.Mask(n), "", *note)
	case verb == "remove":
		found, err := w.store.Unblock(ctx, number)
		if errors.Is(err, directory.ErrInvalidNumber) {
			return usageError{err.Error()}
		}
		if err == nil && !found {
			fmt.Fprintln(m.Stdout, "that number was not blocked")
		} else if err == nil {
			fmt.Fprintln(m.Stdout, "unblocked")
			n, _ := directory.NormalizePhone(number)
			err = m.audit(ctx, w.store, "block.remove", "number "+directory.Mask(n), "blocked", "")
		}
		return err
	}
	fs.Usage()
	return usageError{fmt.Sprintf("unknown block command %q: add, remove or list", verb)}
}
