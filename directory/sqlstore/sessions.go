package sqlstore

import (
	"context"
	"database/sql"
	"errors"
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

// DeleteSessionsBefore removes sessions last saved before t (the retention
// job calls it), returning how many.
func (s *Store) DeleteSessionsBefore(ctx context.Context, t time.Time) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE updated_at < ?`, formatTime(t))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}
