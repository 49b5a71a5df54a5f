package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/peerline/peerline/directory"
)

// AddActivity adds counts of calls and texts, in one transaction.
func (s *Store) AddActivity(ctx context.Context, counts map[directory.ActivityKey]int) error {
	err := s.tx(ctx, func(tx *sql.Tx) error {
		for k, n := range counts {
			if k.Day == "" || k.Channel == "" || k.Kind == "" || n <= 0 {
				return fmt.Errorf("activity %+v: a day, a channel, a kind and a count are needed", k)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO activity (day, channel, kind, count) VALUES (?, ?, ?, ?)
				ON CONFLICT (day, channel, kind) DO UPDATE SET count = activity.count + excluded.count`, k.Day, k.Channel, k.Kind, n)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("counting activity: %w", err)
	}
	return nil
}

// callerChannels are the searches the report counts: people who called
// or texted, never staff trying the directory out.
const callerChannels = `('` + directory.ChannelVoice + `', '` + directory.ChannelSMS + `')`

// Report counts what the line did since since. All of it is read in one
// read transaction, so its parts agree with each other.
func (s *Store) Report(ctx context.Context, since time.Time) (directory.Report, error) {
	r := directory.Report{Since: since, ActivityFrom: since.UTC().Format(time.DateOnly)}
	if err := s.settled(ctx); err != nil { // the searches logged so far
		return directory.Report{}, err
	}
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return directory.Report{}, err
	}
	defer tx.Rollback()
	from := formatTime(since)

	err = eachReportRow(ctx, tx, `SELECT channel, kind, sum(count) FROM activity WHERE day >= ?
		GROUP BY channel, kind ORDER BY channel, kind`, []any{r.ActivityFrom}, func(rows *sql.Rows) error {
		var a directory.ActivityCount
		err := rows.Scan(&a.Channel, &a.Kind, &a.Count)
		r.Activity = append(r.Activity, a)
		return err
	})
	if err != nil {
		return directory.Report{}, err
	}

	err = tx.QueryRowContext(ctx, `SELECT count(*), coalesce(sum(CASE WHEN results = 0 THEN 1 ELSE 0 END), 0) FROM search_log WHERE at >= ? AND channel IN `+callerChannels, from).
		Scan(&r.Searches, &r.FoundNothing)
	if err != nil {
		return directory.Report{}, err
	}
	tally := func(column string, into *[]directory.SearchCount) error {
		return eachReportRow(ctx, tx, `SELECT `+column+`, count(*), coalesce(sum(CASE WHEN results = 0 THEN 1 ELSE 0 END), 0) FROM search_log WHERE at >= ? AND channel IN `+callerChannels+`
			GROUP BY `+column+` ORDER BY count(*) DESC, `+column, []any{from}, func(rows *sql.Rows) error {
			var c directory.SearchCount
			key := &c.Concern
			if column == "area" {
				key = &c.Area
			}
			err := rows.Scan(key, &c.Searches, &c.FoundNothing)
			*into = append(*into, c)
			return err
		})
	}
	if err := tally("concern", &r.ByConcern); err != nil {
		return directory.Report{}, err
	}
	if err := tally("area", &r.ByArea); err != nil {
		return directory.Report{}, err
	}

	needs := func(query string, args []any, into *[]directory.NeedCount) error {
		return eachReportRow(ctx, tx, query, args, func(rows *sql.Rows) error {
			var n directory.NeedCount
			err := rows.Scan(&n.Concern, &n.Area, &n.Count)
			*into = append(*into, n)
			return err
		})
	}
	if err := needs(`SELECT concern, area, count(*) FROM search_log WHERE at >= ? AND channel IN `+callerChannels+` AND results = 0
		GROUP BY concern, area ORDER BY count(*) DESC, concern, area`, []any{from}, &r.Unmet); err != nil {
		return directory.Report{}, err
	}
	// Open now, of members who have not opted out (STOP closes their
	// entries anyway), however long ago they were made: they are the
	// need still waiting.
	if err := needs(`SELECT w.concern, w.area, count(*) FROM waitlist w JOIN members m ON m.id = w.member_id
		WHERE w.closed_at IS NULL AND m.opted_out_at IS NULL
		GROUP BY w.concern, w.area ORDER BY count(*) DESC, w.concern, w.area`, nil, &r.Waiting); err != nil {
		return directory.Report{}, err
	}

	err = eachReportRow(ctx, tx, `SELECT kind, state, delivery, count(*) FROM outbox WHERE created_at >= ?
		GROUP BY kind, state, delivery ORDER BY kind, state, delivery`, []any{from}, func(rows *sql.Rows) error {
		var o directory.OutboxCount
		err := rows.Scan(&o.Kind, &o.State, &o.Delivery, &o.Count)
		r.Outbox = append(r.Outbox, o)
		return err
	})
	if err != nil {
		return directory.Report{}, err
	}
	return r, nil
}

// eachReportRow runs a query in tx and calls fn for each row.
func eachReportRow(ctx context.Context, tx *sql.Tx, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
