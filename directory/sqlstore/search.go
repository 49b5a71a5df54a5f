package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Search ranks the groups from the index snapshot of the directory, then
// reads the page's groups, and the directory's version with them: a
// snapshot that turns out older than the directory is brought up to date
// and the search made again (at most a few times, should imports keep
// coming), so a change is seen at the next search, as it always was,
// without a query of its own for the version.
func (s *Store) Search(ctx context.Context, q directory.Query) ([]directory.Result, int, error) {
	ix := s.ranker.snap.Load()
	for try := 0; ; try++ {
		if ix == nil || try > 0 {
			var err error
			if ix, err = s.rankIndex(ctx); err != nil {
				return nil, 0, fmt.Errorf("search: %w", err)
			}
		}
		page, total, err := ix.Rank(q)
		if err != nil {
			return nil, 0, err
		}
		results, current, err := s.load(ctx, page, ix.Version, q.Now)
		if err != nil || current || try == 2 {
			return results, total, err
		}
	}
}

// load reads the groups of a ranked page, keeping their order: those the
// cache holds for the snapshot's version from it, the others from the
// database, with their cancelled meetings. It tells whether the snapshot
// is of the directory's current version.
func (s *Store) load(ctx context.Context, page []directory.Ranked, version int64, now time.Time) ([]directory.Result, bool, error) {
	ids := make([]int64, len(page))
	for i, r := range page {
		ids[i] = r.ID
	}
	current, cancelled, err := s.versionAndCancellations(ctx, ids)
	if err != nil || current != version {
		return nil, false, err
	}
	byID, missing := s.groups.get(version, ids)
	if len(missing) > 0 {
		read, err := s.readGroups(ctx, `SELECT id, code, data FROM groups WHERE id IN (?`+strings.Repeat(",?", len(missing)-1)+`)`, missing...)
		if err != nil {
			return nil, false, fmt.Errorf("search: %w", err)
		}
		s.groups.put(version, read)
		for _, g := range read {
			byID[g.ID] = g
		}
	}
	results := make([]directory.Result, 0, len(page))
	for _, r := range page {
		if g, ok := byID[r.ID]; ok { // else removed between the two reads
			g.Cancelled = cancelled[r.ID]
			results = append(results, r.Result(g, now))
		}
	}
	return results, true, nil
}

// versionAndCancellations reads the directory's version and the cancelled
// days of groups ids in one statement: one snapshot, one round trip.
func (s *Store) versionAndCancellations(ctx context.Context, ids []int64) (int64, map[int64][]recur.Date, error) {
	var in string
	var args []any
	switch {
	case len(ids) == 0:
		in = "false" // no cancellations, still the version
	case len(ids) > 100:
		in = "true" // all of them: cheaper than a long list
	default:
		in = `c.group_id IN (?` + strings.Repeat(",?", len(ids)-1) + `)`
		for _, id := range ids {
			args = append(args, id)
		}
	}
	rows, err := s.read.QueryContext(ctx, `SELECT v.version, c.group_id, c.day FROM directory_version v
		LEFT JOIN cancellations c ON `+in, args...)
	if err != nil {
		return 0, nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	var version int64
	var cancelled map[int64][]recur.Date
	for rows.Next() {
		var id sql.NullInt64
		var day sql.NullString
		if err := rows.Scan(&version, &id, &day); err != nil {
			return 0, nil, fmt.Errorf("search: %w", err)
		}
		if d, err := recur.ParseDate(day.String); id.Valid && err == nil {
			if cancelled == nil {
				cancelled = map[int64][]recur.Date{}
			}
			cancelled[id.Int64] = append(cancelled[id.Int64], d)
		}
	}
	return version, cancelled, rows.Err()
}

// LogSearch records a search for the planner's report. The row goes with
// the next of the writes batched for webhooks, and the search does not
// wait for it: it is not a promise to the caller, as a call's state is,
// and it cost a commit of its own. Reading the log in this process
// (SearchLogs, Report) waits for it; Close writes what is queued.
func (s *Store) LogSearch(ctx context.Context, l directory.SearchLog) error {
	err := s.later(`INSERT INTO search_log (at, channel, concern, npa, area, results) VALUES (?, ?, ?, ?, ?, ?)`,
		formatTime(l.At), l.Channel, l.Concern, l.NPA, l.Area, l.Results)
	if err != nil {
		return fmt.Errorf("logging a search: %w", err)
	}
	return nil
}

// SearchLogs lists the searches logged since t, oldest first.
func (s *Store) SearchLogs(ctx context.Context, since time.Time) ([]directory.SearchLog, error) {
	if err := s.settled(ctx); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT at, channel, concern, npa, area, results FROM search_log WHERE at >= ? ORDER BY id`, formatTime(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.SearchLog
	for rows.Next() {
		var l directory.SearchLog
		var at string
		if err := rows.Scan(&at, &l.Channel, &l.Concern, &l.NPA, &l.Area, &l.Results); err != nil {
			return nil, err
		}
		l.At = parseTime(at)
		out = append(out, l)
	}
	return out, rows.Err()
}
