package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"github.com/peerline/peerline/directory"
)

// AddFeed adds a feed, or changes the concern and zone of one already
// carried.
func (s *Store) AddFeed(ctx context.Context, f directory.Feed) error {
	_, err := s.exec(ctx, `INSERT INTO feeds (url, concern, zone, added_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (url) DO UPDATE SET concern = excluded.concern, zone = excluded.zone`,
		f.URL, f.Concern, f.Zone, formatTime(f.Added))
	return err
}

// Feeds lists the feeds carried, by URL, with how many of their groups
// are on the line.
func (s *Store) Feeds(ctx context.Context) ([]directory.Feed, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT f.url, f.concern, f.zone, f.added_at, f.synced_at, f.hash, f.failed_at, f.problem,
		(SELECT count(*) FROM groups g WHERE g.source = f.url AND g.status = 'active')
		FROM feeds f ORDER BY f.url`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Feed
	for rows.Next() {
		var f directory.Feed
		var added, synced, failed string
		if err := rows.Scan(&f.URL, &f.Concern, &f.Zone, &added, &synced, &f.Hash, &failed, &f.Problem, &f.Groups); err != nil {
			return nil, err
		}
		f.Added, f.Synced, f.Failed = parseTime(added), parseOptional(synced), parseOptional(failed)
		out = append(out, f)
	}
	return out, rows.Err()
}

// RemoveFeed stops carrying a feed. Its groups stay as they are, no
// longer kept by it: staff decide what becomes of them.
func (s *Store) RemoveFeed(ctx context.Context, url string) (bool, error) {
	var removed bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE url = ?`, url)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		removed = n > 0
		return err
	})
	return removed, err
}

// SyncFeed imports a feed's rows and takes off the line the feed's
// groups it no longer lists, in one transaction with the record of it.
func (s *Store) SyncFeed(ctx context.Context, url, hash string, imp *directory.Import, now time.Time) (directory.FeedSync, error) {
	sync := directory.FeedSync{URL: url, At: now}
	listed := map[string]bool{}
	for i := range imp.Rows {
		imp.Rows[i].Group.Source = url
		listed[imp.Rows[i].Group.SourceID] = true
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		ins, err := newIndexWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer ins.close()
		if err := s.importRows(ctx, tx, ins, imp, now); err != nil {
			return err
		}
		if sync.TakenOff, err = s.takeOff(ctx, tx, ins, url, listed, now); err != nil {
			return err
		}
		r := imp.Report
		sync.Added, sync.Changed, sync.Unchanged = r.Added, r.Updated, r.Unchanged
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET synced_at = ?, hash = ?, failed_at = '', problem = '' WHERE url = ?`,
			formatTime(now), hash, url); err != nil {
			return err
		}
		return recordSync(ctx, tx, sync)
	})
	return sync, err
}

// takeOff marks inactive the feed's groups on the line it no longer
// lists: kept, so members can be told and history stays.
func (s *Store) takeOff(ctx context.Context, tx *sql.Tx, ins *indexWriter, url string, listed map[string]bool, now time.Time) (int, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, source_id, data FROM groups WHERE source = ? AND status != ?`, url, directory.StatusInactive)
	if err != nil {
		return 0, err
	}
	var gone []directory.Group
	for rows.Next() {
		var id int64
		var sourceID, data string
		if err := rows.Scan(&id, &sourceID, &data); err != nil {
			rows.Close()
			return 0, err
		}
		if listed[sourceID] {
			continue
		}
		var g directory.Group
		if err := json.Unmarshal([]byte(data), &g); err != nil {
			rows.Close()
			return 0, err
		}
		g.ID = id
		gone = append(gone, g)
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return 0, err
	}
	next := 0
	for i := range gone {
		gone[i].Status = directory.StatusInactive
		if _, err := s.put(ctx, tx, ins, &gone[i], &next, now); err != nil {
			return 0, err
		}
	}
	return len(gone), nil
}

func recordSync(ctx context.Context, tx *sql.Tx, s directory.FeedSync) error {
	if !s.Any() && s.Problem == "" {
		return nil // an unchanged sync is not news
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO feed_syncs (url, at, added, changed, taken_off, unchanged, problem) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		s.URL, formatTime(s.At), s.Added, s.Changed, s.TakenOff, s.Unchanged, s.Problem)
	return err
}

// FeedFailed records a sync that could not read the feed.
func (s *Store) FeedFailed(ctx context.Context, url, why string, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET failed_at = ?, problem = ? WHERE url = ?`, formatTime(now), why, url); err != nil {
			return err
		}
		return recordSync(ctx, tx, directory.FeedSync{URL: url, At: now, Problem: why})
	})
}

// FeedSyncs lists the syncs since a time that changed something or
// failed, oldest first.
func (s *Store) FeedSyncs(ctx context.Context, since time.Time) ([]directory.FeedSync, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT url, at, added, changed, taken_off, unchanged, problem
		FROM feed_syncs WHERE at >= ? ORDER BY at, id`, formatTime(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.FeedSync
	for rows.Next() {
		var f directory.FeedSync
		var at string
		if err := rows.Scan(&f.URL, &at, &f.Added, &f.Changed, &f.TakenOff, &f.Unchanged, &f.Problem); err != nil {
			return nil, err
		}
		f.At = parseTime(at)
		out = append(out, f)
	}
	return out, rows.Err()
}

// SetTerm maps a word of imported data to a concern.
func (s *Store) SetTerm(ctx context.Context, term, concern string, now time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO term_mappings (term, concern, set_at) VALUES (?, ?, ?)
		ON CONFLICT (term) DO UPDATE SET concern = excluded.concern, set_at = excluded.set_at`,
		directory.Normalize(term), concern, formatTime(now))
	return err
}

// RemoveTerm forgets a mapping.
func (s *Store) RemoveTerm(ctx context.Context, term string) (bool, error) {
	res, err := s.exec(ctx, `DELETE FROM term_mappings WHERE term = ?`, directory.Normalize(term))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// TermMap is every mapping, by normalized term.
func (s *Store) TermMap(ctx context.Context) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT term, concern FROM term_mappings`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var term, concern string
		if err := rows.Scan(&term, &concern); err != nil {
			return nil, err
		}
		out[term] = concern
	}
	return out, rows.Err()
}

// TeachWord keeps a word staff taught for a concern.
func (s *Store) TeachWord(ctx context.Context, word, concern string, now time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO concern_words (word, concern, set_at) VALUES (?, ?, ?)
		ON CONFLICT (word) DO UPDATE SET concern = excluded.concern, set_at = excluded.set_at`,
		directory.Normalize(word), concern, formatTime(now))
	return err
}

// ForgetWord drops a word staff taught.
func (s *Store) ForgetWord(ctx context.Context, word string) (bool, error) {
	res, err := s.exec(ctx, `DELETE FROM concern_words WHERE word = ?`, directory.Normalize(word))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// TaughtWords is every word staff taught, by normalized word.
func (s *Store) TaughtWords(ctx context.Context) (map[string]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT word, concern FROM concern_words`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var w, c string
		if err := rows.Scan(&w, &c); err != nil {
			return nil, err
		}
		out[w] = c
	}
	return out, rows.Err()
}

func parseOptional(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	return parseTime(s)
}
