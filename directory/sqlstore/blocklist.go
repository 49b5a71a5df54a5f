package sqlstore

import (
	"context"
	"time"

	"github.com/peerline/peerline/directory"
)

// Block adds a number to the blocklist (again: updates the note).
func (s *Store) Block(ctx context.Context, number, note string, at time.Time) error {
	n, err := directory.NormalizePhone(number)
	if err != nil {
		return directory.ErrInvalidNumber
	}
	_, err = s.exec(ctx, `INSERT INTO blocklist (number, added_at, note) VALUES (?, ?, ?)
		ON CONFLICT (number) DO UPDATE SET note = excluded.note`, n, formatTime(at), note)
	return err
}

// Unblock removes a number from the blocklist, reporting whether it was there.
func (s *Store) Unblock(ctx context.Context, number string) (bool, error) {
	n, err := directory.NormalizePhone(number)
	if err != nil {
		return false, directory.ErrInvalidNumber
	}
	res, err := s.exec(ctx, `DELETE FROM blocklist WHERE number = ?`, n)
	if err != nil {
		return false, err
	}
	k, _ := res.RowsAffected()
	return k > 0, nil
}

// IsBlocked reports whether a caller or texter is on the blocklist.
func (s *Store) IsBlocked(ctx context.Context, number string) (bool, error) {
	n, ok := directory.CallerNumber(number)
	if !ok {
		return false, nil
	}
	var k int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM blocklist WHERE number = ?`, n).Scan(&k)
	return k > 0, err
}

// Blocklist lists the blocked numbers, newest first.
func (s *Store) Blocklist(ctx context.Context) ([]directory.Blocked, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT number, added_at, note FROM blocklist ORDER BY added_at DESC, number`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Blocked
	for rows.Next() {
		var b directory.Blocked
		var at string
		if err := rows.Scan(&b.Number, &at, &b.Note); err != nil {
			return nil, err
		}
		b.AddedAt = parseTime(at)
		out = append(out, b)
	}
	return out, rows.Err()
}
