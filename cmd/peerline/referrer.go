package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
)

// referrerCmd manages referrers: helping professionals who may text the
// line SEND <code> TO <number> to offer a group to a client, who is asked
// first.
func (m *Main) referrerCmd(ctx context.Context, args []string) error {
	fs := m.flags("referrer", "[--db FILE] add [--name NAME] NUMBER | list [--full-numbers] | remove NUMBER\n\n"+
		"A referrer's name is how their clients read it (\"Dr. Ana Roy asked us to send you...\"); the\n"+
		"number is the phone they text from. Numbers are masked in the list unless --full-numbers is given.")
	db := m.dbFlag(fs)
	name := fs.String("name", "", "the referrer's name, as their clients will read it (add)")
	full := fs.Bool("full-numbers", false, "print referrers' numbers whole (list)")
	verb, err := parseVerb(fs, args) // peerline referrer add --name "..." NUMBER
	if err != nil {
		return err
	}
	number := fs.Arg(0)
	switch {
	case verb != "list" && verb != "add" && verb != "remove":
		fs.Usage()
		return usageError{fmt.Sprintf("unknown referrer command %q: add, list or remove", verb)}
	case verb != "list" && number == "":
		fs.Usage()
		return usageError{"referrer add and remove take a NUMBER"}
	case utf8.RuneCountInString(*name) > maxReferrerName:
		return usageError{fmt.Sprintf("--name: keep it to %d characters, so that the client's text stays short", maxReferrerName)}
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	switch verb {
	case "list":
		return m.listReferrers(ctx, w.store, *full)
	case "add":
		return m.addReferrer(ctx, w.store, number, strings.TrimSpace(*name))
	}
	return m.removeReferrer(ctx, w.store, number)
}

// maxReferrerName keeps the client's ask within two text segments.
const maxReferrerName = 60

func (m *Main) listReferrers(ctx context.Context, s directory.Store, full bool) error {
	list, err := s.Referrers(ctx)
	if err != nil {
		return err
	}
	if full {
		fmt.Fprintln(m.Stderr, "peerline: warning: --full-numbers prints referrers' phone numbers in full: keep the output safe.")
	}
	for _, r := range list {
		fmt.Fprintf(m.Stdout, "%s  %s  added %s\n", referrerName(r.Name), listed(r.Number, full), r.AddedAt.Format("2006-01-02"))
	}
	fmt.Fprintf(m.Stdout, "%d %s\n", len(list), plural(int64(len(list)), "referrer", "referrers"))
	return nil
}

func (m *Main) addReferrer(ctx context.Context, s directory.Store, number, name string) error {
	before, known, err := s.Referrer(ctx, number)
	if err != nil {
		return err
	}
	r, err := s.AddReferrer(ctx, directory.Referrer{Number: number, Name: name, AddedAt: m.Now()})
	if errors.Is(err, directory.ErrInvalidNumber) {
		return usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	if known {
		fmt.Fprintf(m.Stdout, "renamed the referrer %s: %s\n", directory.Mask(r.Number), referrerName(r.Name))
		return m.audit(ctx, s, "referrer.rename", "referrer "+directory.Mask(r.Number), before.Name, r.Name)
	}
	fmt.Fprintf(m.Stdout, "added the referrer %s: %s\n", directory.Mask(r.Number), referrerName(r.Name))
	if r.Name == "" {
		fmt.Fprintln(m.Stderr, "peerline: note: with no --name, clients read \"Someone helping you asked us...\"; add a name so they know who.")
	}
	return m.audit(ctx, s, "referrer.add", "referrer "+directory.Mask(r.Number), "", r.Name)
}

func (m *Main) removeReferrer(ctx context.Context, s directory.Store, number string) error {
	before, _, err := s.Referrer(ctx, number)
	if err != nil {
		return err
	}
	removed, err := s.RemoveReferrer(ctx, number)
	if errors.Is(err, directory.ErrInvalidNumber) {
		return usageError{err.Error()}
	}
	if err != nil {
		return err
	}
	if !removed {
		fmt.Fprintln(m.Stdout, "that number is not a referrer")
		return nil
	}
	fmt.Fprintf(m.Stdout, "removed the referrer %s\n", directory.Mask(before.Number))
	return m.audit(ctx, s, "referrer.remove", "referrer "+directory.Mask(before.Number), before.Name, "")
}

// referrerName is a name to print: "(no name)" for none.
func referrerName(name string) string {
	if name == "" {
		return "(no name)"
	}
	return name
}
