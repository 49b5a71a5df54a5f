package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// SaveSession stores the state of a call or conversation under key,
// replacing what was there.
func (s *Store) SaveSession(ctx context.Context, key string, data []byte, now time.Time) error {
	if key == "" {
		return errors.New("session: no key")
	}
	// Every step of a call saves its state: in a transaction shared with
	// the other requests of the moment.
	return s.batched(ctx, `INSERT INTO sessions (key, data, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET data = excluded.data, updated_at = excluded.updated_at`,
		key, data, formatTime(now))
}

// LoadSession returns the state saved under key, unless it was saved
// before notBefore (expired).
func (s *Store) LoadSession(ctx context.Context, key string, notBefore time.Time) ([]byte, bool, error) {
	var data []byte
	err := s.read.QueryRowContext(ctx, `SELECT data FROM sessions WHERE key = ? AND updated_at >= ?`, key, formatTime(notBefore)).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	} else if err != nil {
		return nil, false, err
	}
	return data, true, nil
}

// DeleteSession removes the state saved under key, if any.
func (s *Store) DeleteSession(ctx context.Context, key string) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE key = ?`, key)
		return err
	})
}

// CountHit adds a hit to key's window and returns the window's count, in
// one statement: two servers counting at once both count.
func (s *Store) CountHit(ctx context.Context, key string, window time.Time) (int, error) {
	if err := s.settled(ctx); err != nil {
		return 0, err
	}
	s.eng.Wrote()
	var hits int
	err := s.write.QueryRowContext(ctx, `INSERT INTO rate_hits (key, window_start, hits) VALUES (?, ?, 1)
		ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_hits.hits + 1 RETURNING hits`,
		key, formatTime(window)).Scan(&hits)
	if err != nil {
		return 0, fmt.Errorf("counting a hit: %w", err)
	}
	return hits, nil
}

// DeleteSessionsBefore removes sessions last saved before t, and rate
// windows begun before it (the retention job calls it), returning how
// many sessions.
func (s *Store) DeleteSessionsBefore(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if n, err = execCount(ctx, tx, `DELETE FROM sessions WHERE updated_at < ?`, formatTime(t)); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM rate_hits WHERE window_start < ?`, formatTime(t))
		return err
	})
	return n, err
}
