package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
)

const memberUsage = `usage: peerline member forget [--db FILE] NUMBER
       peerline member consents [--db FILE] [--format csv|json] [--number NUMBER] [--full-numbers]

  forget    remove a member and every record of them (consents, reminders,
            wait-list entries, queued messages, voicemails, the text line's memory)
  consents  export the consent records, for an audit (numbers masked)

'peerline member forget --help' and 'peerline member consents --help' show their flags.`

// memberCmd groups what staff do about one member's records.
func (m *Main) memberCmd(ctx context.Context, args []string) error {
	if len(args) == 0 {
		fmt.Fprintln(m.Stderr, memberUsage)
		return usageError{"member needs forget or consents"}
	}
	switch args[0] {
	case "forget":
		return m.memberForget(ctx, args[1:])
	case "consents":
		return m.memberConsents(ctx, args[1:])
	case "help", "-h", "-help", "--help":
		fmt.Fprintln(m.Stderr, memberUsage)
		return nil
	}
	fmt.Fprintln(m.Stderr, memberUsage)
	return usageError{fmt.Sprintf("unknown member command %q: forget or consents", args[0])}
}

// memberForget removes a number and every record of it. A number the
// line has no record of is not an error (exit 0, "no records of ..."),
// so that a script can forget a list of numbers without first asking
// which are known, and running it twice does no harm.
func (m *Main) memberForget(ctx context.Context, args []string) error {
	fs := m.flags("member forget", "[--db FILE] NUMBER\n\n"+
		"Remove a phone number and every record of it: the member, their consents,\n"+
		"reminders, wait-list entries and queued messages, the voicemails they left,\n"+
		"and the text line's memory of their conversation. It prints how many of\n"+
		"each were removed, with the number masked. A number with no records exits 0.\n"+
		"Backups and replicas made before keep the records until they are deleted.")
	db := m.dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return usageError{"member forget takes one NUMBER"}
	}
	num, err := directory.NormalizePhone(fs.Arg(0))
	if err != nil {
		// Not repeated: it may be most of a real number.
		return usageError{"member forget: " + directory.ErrInvalidNumber.Error()}
	}
	store, err := m.openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	f, err := store.Forget(ctx, num)
	if err != nil {
		return err
	}
	masked := directory.Mask(num)
	if f.Total() > 0 {
		if err := m.audit(ctx, store, "member.forget", "number "+masked, fmt.Sprintf("%d records", f.Total()), ""); err != nil {
			return err
		}
	}
	blocked := func() {
		if f.Blocked {
			fmt.Fprintf(m.Stdout, "%s stays on the blocklist ('peerline block remove' takes it off)\n", masked)
		}
	}
	if f.Total() == 0 {
		fmt.Fprintf(m.Stdout, "no records of %s: nothing to forget\n", masked)
		blocked()
		return nil
	}
	fmt.Fprintf(m.Stdout, "forgot %s:\n", masked)
	for _, c := range []struct {
		table string
		n     int
	}{
		{"members", f.Members}, {"consents", f.Consents}, {"subscriptions", f.Subscriptions},
		{"waitlist", f.Waitlist}, {"outbox", f.Outbox}, {"voicemails", f.Voicemails}, {"sessions", f.Sessions},
		{"referrals", f.Referrals},
		{"start offers", f.StartOffers},
		{"leaders", f.Leaders},
	} {
		fmt.Fprintf(m.Stdout, "  %-14s %d\n", c.table, c.n)
	}
	if len(f.Recordings) > 0 {
		fmt.Fprintf(m.Stdout, "Twilio still keeps the audio of %d voicemail(s); delete it there (Console: Monitor > Call recordings, or the API):\n", len(f.Recordings))
		for _, u := range f.Recordings {
			fmt.Fprintf(m.Stdout, "  %s\n", recordingName(u))
		}
	}
	blocked()
	return nil
}

// recordingName is a recording's Twilio sid (RE...), from its URL; the
// URL itself when it has none.
func recordingName(u string) string {
	if p, err := url.Parse(u); err == nil {
		base := strings.TrimSuffix(path.Base(p.Path), path.Ext(p.Path))
		if strings.HasPrefix(base, "RE") && len(base) == 34 {
			return base
		}
	}
	return u
}

// memberConsents exports consent records for an audit.
func (m *Main) memberConsents(ctx context.Context, args []string) error {
	fs := m.flags("member consents", "[--db FILE] [--format csv|json] [--number NUMBER] [--full-numbers]\n\n"+
		"Print every consent record — when, on which channel, for what, how the person\n"+
		"agreed to be contacted, and the exact words they heard or read — oldest first.\n"+
		"Numbers are masked unless --full-numbers is given.")
	db := m.dbFlag(fs)
	format := fs.String("format", "csv", "csv or json")
	number := fs.String("number", "", "only this number's consents")
	full := fs.Bool("full-numbers", false, "print phone numbers whole (health information: keep the output safe)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return usageError{"member consents takes no arguments, only flags"}
	}
	if *format != "csv" && *format != "json" {
		fs.Usage()
		return usageError{fmt.Sprintf("unknown format %q: csv or json", *format)}
	}
	store, err := m.openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer store.Close()
	var records []directory.ConsentRecord
	if *number != "" {
		records, err = store.Consents(ctx, *number)
		if errors.Is(err, directory.ErrInvalidNumber) {
			return usageError{"--number: " + err.Error()}
		} else if err != nil {
			return err
		}
	} else if records, err = store.ConsentRecords(ctx); err != nil {
		return err
	}
	if *full {
		fmt.Fprintln(m.Stderr, "peerline: warning: --full-numbers prints members' phone numbers in full. They are health information: keep the output safe, and delete it when the audit is done.")
	}
	for i := range records {
		records[i].Number = listed(records[i].Number, *full)
	}
	if *format == "json" {
		out := make([]consentJSON, 0, len(records))
		for _, r := range records {
			out = append(out, consentJSON{ID: r.ID, Number: r.Number, At: r.At.UTC().Format(time.RFC3339), Via: r.Via,
				Purpose: r.Purpose, Contact: string(r.Contact), Lang: string(r.Lang), Ref: r.Ref, Wording: r.Wording})
		}
		enc := json.NewEncoder(m.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	cw := csv.NewWriter(m.Stdout)
	cw.Write([]string{"id", "number", "at", "via", "purpose", "contact", "lang", "ref", "wording"})
	for _, r := range records {
		cw.Write([]string{strconv.FormatInt(r.ID, 10), r.Number, r.At.UTC().Format(time.RFC3339), r.Via, r.Purpose,
			string(r.Contact), string(r.Lang), r.Ref, r.Wording})
	}
	cw.Flush()
	return cw.Error()
}

// consentJSON is one consent record in --format json.
type consentJSON struct {
	ID      int64  `json:"id"`
	Number  string `json:"number"` // masked unless --full-numbers
	At      string `json:"at"`     // UTC, RFC 3339
	Via     string `json:"via"`    // voice or sms: where it was given
	Purpose string `json:"purpose"`
	Contact string `json:"contact"` // sms or call: how they agreed to be contacted
	Lang    string `json:"lang"`
	Ref     string `json:"ref"` // a group code, or concern:area
	Wording string `json:"wording"`
}

// listed is a phone number as a command lists it: masked, unless the
// operator asked for numbers whole (--full-numbers).
func listed(number string, full bool) string {
	if full {
		return number
	}
	return directory.Mask(number)
}
