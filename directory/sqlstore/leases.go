package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// TryLease takes or renews a lease in one statement: the row is written
// only when it is free, expired, or already holder's, and RETURNING says
// whether it was.
func (s *Store) TryLease(ctx context.Context, name, holder string, now, until time.Time) (bool, error) {
	if err := s.settled(ctx); err != nil {
		return false, err
	}
	s.eng.Wrote()
	var got string
	err := s.write.QueryRowContext(ctx, `INSERT INTO leases (name, holder, until) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, until = excluded.until
		WHERE leases.until <= ? OR leases.holder = excluded.holder
		RETURNING holder`, name, holder, formatTime(until), formatTime(now)).Scan(&got)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("taking the lease %q: %w", name, err)
	}
	return got == holder, nil
}
