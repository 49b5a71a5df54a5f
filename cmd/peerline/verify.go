package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/jobs"
)

// Listing checks (issue 14): peerline verify, the daily pass serve runs,
// and their settings.

// parseAge reads how long a listing may go unconfirmed: a number of
// months ("6mo"), weeks ("26w"), days ("180d") or years ("1y"). A month
// is 30 days, a year 365: the pass runs daily, a day either way is nothing.
func parseAge(s string) (time.Duration, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, u := range []struct {
		suffix string
		days   int
	}{{"mo", 30}, {"w", 7}, {"d", 1}, {"y", 365}} {
		if n, ok := strings.CutSuffix(s, u.suffix); ok {
			v, err := strconv.Atoi(n)
			if err != nil || v < 1 || v*u.days > 20*365 {
				break
			}
			return time.Duration(v*u.days) * 24 * time.Hour, nil
		}
	}
	return 0, fmt.Errorf("%q: write a number of months, weeks, days or years, like 6mo, 26w, 180d or 1y", s)
}

// readVerifyConfig reads PEERLINE_VERIFY_AFTER (default 6mo) and
// PEERLINE_VERIFY_HIDE_AFTER (default off).
func (m *Main) readVerifyConfig(c *lineConfig) badSettings {
	var bad badSettings
	after, err := parseAge(m.env("PEERLINE_VERIFY_AFTER", "6mo"))
	if err != nil {
		bad.add("PEERLINE_VERIFY_AFTER %w", err)
	}
	c.verifyAfter = after
	if hide := m.env("PEERLINE_VERIFY_HIDE_AFTER", "off"); !strings.EqualFold(hide, "off") {
		if c.verifyHide, err = parseAge(hide); err != nil {
			bad.add("PEERLINE_VERIFY_HIDE_AFTER %w (or off)", err)
		} else if c.verifyHide <= after {
			bad.add("PEERLINE_VERIFY_HIDE_AFTER %q hides listings before they are asked about (PEERLINE_VERIFY_AFTER %s): make it longer",
				hide, m.env("PEERLINE_VERIFY_AFTER", "6mo"))
		}
	}
	return bad
}

// finder is the directory's search as callers get it: listings left
// unconfirmed past PEERLINE_VERIFY_HIDE_AFTER are not offered.
func (c lineConfig) finder(w *world, now func() time.Time) *directory.Finder {
	f := w.finder(now)
	f.HideAfter = c.verifyHide
	return f
}

// verifier builds the listing check pass from the settings; holder names
// this process for the daily pass's lease.
func (m *Main) verifier(w *world, cfg lineConfig, clock jobs.Clock, holder string) *jobs.Verifier {
	v := &jobs.Verifier{Store: w.store, Areas: w.areas, PublicURL: cfg.publicURL, Clock: clock, Rate: cfg.rate,
		Quiet: cfg.quiet, After: cfg.verifyAfter, Log: m.Log, Lease: w.store, Holder: holder}
	if cfg.sender != nil {
		v.Twilio = cfg.sender
	}
	return v
}

func (m *Main) verifyCmd(ctx context.Context, args []string) error {
	fs := m.flags("verify", "[--db FILE] [--now RFC3339] [--dry-run]\n\n"+
		"One pass of listing checks: each group not confirmed for PEERLINE_VERIFY_AFTER (default 6mo)\n"+
		"is asked, by text or call to its leader or contact, whether it still meets as listed.")
	db := m.dbFlag(fs)
	nowFlag := fs.String("now", "", "the time of the pass, e.g. 2026-11-24T11:00:00-05:00 (default: now)")
	dry := fs.Bool("dry-run", false, "print who would be asked, numbers masked; send and record nothing")
	if err := parse(fs, args); err != nil {
		return err
	}
	at, err := m.passTime(*nowFlag)
	if err != nil {
		return err
	}
	cfg, err := m.lineConfig(true)
	if err != nil {
		return err
	}
	if cfg.sender == nil && !*dry {
		return errors.New("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are needed to ask groups (try --dry-run)")
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	rep, err := m.verifier(w, cfg, fixedClock{start: time.Now(), at: at}, "").Pass(ctx, *dry)
	if err != nil {
		return err
	}
	m.printVerify(rep, *dry)
	return nil
}

// printVerify lists each listing the pass dealt with, then the counts.
func (m *Main) printVerify(rep jobs.VerifyReport, dry bool) {
	for _, p := range rep.Asks {
		what := "ask by " + channelWord(p.Channel)
		switch {
		case p.Why != "":
			what = "later: " + p.Why
		case p.Flag != "":
			what = "to the staff's list: " + p.Flag
		case p.Channel == "":
			what = "could not be asked; next pass"
		}
		fmt.Fprintf(m.Stdout, "%5d  %-40s  %-7s %-14s %s\n", p.Code, p.Name, p.Role, p.Number, what)
	}
	verb := "asked"
	if dry {
		verb = "would ask"
	}
	fmt.Fprintf(m.Stdout, "%s %d by text, %d by call; flagged %d; later %d; failed %d\n",
		verb, rep.ByText, rep.ByCall, rep.Flagged, rep.Skipped, rep.Failed)
}

func channelWord(ch directory.Channel) string {
	if ch == directory.ByCall {
		return "call"
	}
	return "text"
}

// flagCSV is a flagged listing as a row of the CSV report: its reason in
// kind, who was asked in channel.
func flagCSV(f directory.ListingFlag) map[string]string {
	return map[string]string{"kind": f.Reason, "channel": f.Role, "group": strconv.Itoa(f.Code), "group_name": f.Name,
		"since": f.At.UTC().Format(time.RFC3339)}
}

// writeFlagsText lists the listings on the staff's list, for the report;
// nothing when there is none.
func writeFlagsText(w io.Writer, flags []directory.ListingFlag) error {
	if len(flags) == 0 {
		return nil
	}
	ew := &errWriter{w: w}
	ew.printf("\nListings to call back: the line asked whether they still meet as listed (now)\n")
	rows := make([][]string, 0, len(flags))
	for _, f := range flags {
		why := "changed: call them back"
		if f.Reason == directory.FlagNoAnswer {
			why = fmt.Sprintf("no answer to %d asks", directory.CheckRound)
		}
		rows = append(rows, []string{strconv.Itoa(f.Code), f.Name, why, "its " + f.Role, f.At.UTC().Format("2006-01-02")})
	}
	ew.table([]string{"code", "group", "why", "asked", "since (UTC)"}, 5, rows)
	return ew.err
}
