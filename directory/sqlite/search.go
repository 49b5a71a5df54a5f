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
	results, err := s.load(ctx, page, ix.Version, q.Now)
	return results, total, err
}

// load reads the groups of a ranked page, keeping their order: those the
// cache holds for the snapshot's version from it, the others from the
// database, and then their cancelled meetings.
func (s *Store) load(ctx context.Context, page []directory.Ranked, version int64, now time.Time) ([]directory.Result, error) {
	if len(page) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(page))
	for i, r := range page {
		ids[i] = r.ID
	}
	byID, missing := s.groups.get(version, ids)
	if len(missing) > 0 {
		read, err := s.readGroups(ctx, `SELECT id, code, data FROM groups WHERE id IN (?`+strings.Repeat(",?", len(missing)-1)+`)`, missing...)
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		s.groups.put(version, read)
		for _, g := range read {
			byID[g.ID] = g
		}
	}
	groups := make([]directory.Group, 0, len(page))
	for _, r := range page {
		if g, ok := byID[r.ID]; ok { // else removed between the two reads
			groups = append(groups, g)
		}
	}
	if err := s.attachCancellations(ctx, groups); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	results := make([]directory.Result, 0, len(groups))
	for i, g := range groups {
		results = append(results, page[i].Result(g, now))
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
