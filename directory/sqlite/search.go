package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
)

// Search ranks the groups from the index snapshot of the directory as it
// is now, then reads the page's groups.
func (s *Store) Search(ctx context.Context, q directory.Query) ([]directory.Result, int, error) {
	ix, err := s.rankIndex(ctx)
	if err != nil {
		return nil, 0, fmt.Errorf("search: %w", err)
	}
	page, total, err := ix.Rank(q)
	if err != nil {
		return nil, 0, err
	}
	results, err := s.load(ctx, page, q.Now)
	return results, total, err
}

// load reads the groups of a ranked page, keeping their order.
func (s *Store) load(ctx context.Context, page []directory.Ranked, now time.Time) ([]directory.Result, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]any, len(page))
	for i, r := range page {
		ids[i] = r.ID
	}
	groups, err := s.queryGroups(ctx, `SELECT id, code, data FROM groups WHERE id IN (?`+strings.Repeat(",?", len(ids)-1)+`)`, ids...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	byID := make(map[int64]directory.Group, len(groups))
	for _, g := range groups {
		byID[g.ID] = g
	}
	results := make([]directory.Result, 0, len(page))
	for _, r := range page {
		if g, ok := byID[r.ID]; ok { // else removed between the two reads
			results = append(results, r.Result(g, now))
		}
	}
	return results, nil
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
