package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory/recur"
	"github.com/peerline/peerline/jobs"
)

// fixedClock is the time --now names; sleeping still waits for real, so
// a one-shot pass keeps Twilio's pace.
type fixedClock struct {
	start, at time.Time
	real      jobs.RealClock
}

func (c fixedClock) Now() time.Time { return c.at.Add(time.Since(c.start)) }

func (c fixedClock) Sleep(ctx context.Context, d time.Duration) error { return c.real.Sleep(ctx, d) }

// reminders builds the reminder pass from the settings.
func (m *Main) reminders(w *world, cfg lineConfig, clock jobs.Clock) (*jobs.Runner, error) {
	leads, quiet, rate := cfg.leads, cfg.quiet, cfg.rate // checked with the other settings (readLineConfig)
	sender := &jobs.Sender{Store: w.store, Vocab: w.vocab, Areas: w.areas, PublicURL: cfg.publicURL, Clock: clock, Rate: rate,
		Workers: 4, Tries: 3, Backoff: 2 * time.Second, Passes: 5, Log: m.Log}
	if cfg.sender != nil {
		sender.Twilio = cfg.sender
	}
	return &jobs.Runner{
		Scanner: &jobs.Scanner{Store: w.store, Areas: w.areas, Leads: leads, Quiet: quiet, Window: 2 * time.Minute},
		Sender:  sender, Log: m.Log,
	}, nil
}

func parseQuiet(s string) (jobs.Quiet, error) {
	from, to, ok := strings.Cut(s, "-")
	a, _, err1 := recur.ParseClock(strings.TrimSpace(from))
	b, _, err2 := recur.ParseClock(strings.TrimSpace(to))
	if !ok || err1 != nil || err2 != nil {
		return jobs.Quiet{}, fmt.Errorf("%q: write quiet hours like 21:00-08:00", s)
	}
	return jobs.Quiet{Start: time.Duration(a) * time.Minute, End: time.Duration(b) * time.Minute}, nil
}

// passTime is the time a pass (remind, verify) runs at: its --now, in
// RFC 3339, or now when it is not given.
func (m *Main) passTime(now string) (time.Time, error) {
	if now == "" {
		return m.Now(), nil
	}
	t, err := time.Parse(time.RFC3339, now)
	if err != nil {
		return time.Time{}, usageError{fmt.Sprintf("--now %q: want RFC 3339, like 2026-11-24T18:00:00-05:00", now)}
	}
	return t, nil
}

func (m *Main) remindCmd(ctx context.Context, args []string) error {
	fs := m.flags("remind", "[--db FILE] [--now RFC3339] [--dry-run]\n\nOne reminder pass — queue what is due, send it — at --now, then exit.")
	db := m.dbFlag(fs)
	nowFlag := fs.String("now", "", "the time of the pass, e.g. 2026-11-24T18:00:00-05:00 (default: now)")
	dry := fs.Bool("dry-run", false, "print what would be sent; send and queue nothing")
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
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	runner, err := m.reminders(w, cfg, fixedClock{start: time.Now(), at: at})
	if err != nil {
		return err
	}
	if *dry {
		previews, err := runner.DryRun(ctx)
		if err != nil {
			return err
		}
		for _, p := range previews {
			fmt.Fprintf(m.Stdout, "%s  %-4s %-12s %s\n    %s\n", p.Due.Format(time.RFC3339), p.Channel, p.Number, p.Kind, p.Text)
		}
		fmt.Fprintf(m.Stdout, "would send %d at %s\n", len(previews), at.Format(time.RFC3339))
		return nil
	}
	if cfg.sender == nil {
		return errors.New("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM are needed to send reminders (try --dry-run)")
	}
	rep, err := runner.Pass(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "queued %d; sent %d, to retry %d, failed %d, skipped %d\n",
		rep.Scan.Queued, rep.Send.Sent, rep.Send.Retry, rep.Send.Failed, rep.Send.Skipped)
	if s := rep.Send; s.Found+s.Resent+s.Unknown > 0 {
		fmt.Fprintf(m.Stdout, "left in doubt by a crash: %d found at Twilio (its Sid recorded), %d sent now, %d still in doubt (Twilio could not be asked)\n",
			s.Found, s.Resent, s.Unknown)
	}
	return nil
}

func (m *Main) cancelCmd(ctx context.Context, args []string) error {
	fs := m.flags("cancel", "[--db FILE] --group CODE --date YYYY-MM-DD\n\nCancel one meeting: its members are told instead of reminded.")
	db := m.dbFlag(fs)
	code := fs.Int("group", 0, "the group's code")
	day := fs.String("date", "", "the meeting's date, in the group's own time zone")
	if err := parse(fs, args); err != nil {
		return err
	}
	d, err := recur.ParseDate(*day)
	if *code == 0 || err != nil || d.IsZero() {
		fs.Usage()
		return usageError{"cancel needs --group CODE and --date YYYY-MM-DD"}
	}
	w, err := m.open(ctx, *db)
	if err != nil {
		return err
	}
	defer w.store.Close()
	g, ok, err := w.store.Group(ctx, *code)
	if err != nil {
		return err
	}
	if !ok {
		return fmt.Errorf("no group has the code %d", *code)
	}
	loc := g.Location()
	dayStart := time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, loc)
	if len(g.Meetings(dayStart, dayStart.AddDate(0, 0, 1))) == 0 {
		return fmt.Errorf("%s does not meet on %s", g.Name, d)
	}
	if err := w.store.CancelMeeting(ctx, g.ID, d, m.Now()); err != nil {
		return err
	}
	if err := m.audit(ctx, w.store, "meeting.cancel", fmt.Sprintf("group %d", g.Code), "", d.String()); err != nil {
		return err
	}
	fmt.Fprintf(m.Stdout, "cancelled the %s meeting of %s (%d); its members will be told instead of reminded\n", d, g.Name, g.Code)
	return nil
}
