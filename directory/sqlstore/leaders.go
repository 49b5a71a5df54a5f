package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/peerline/peerline/directory"
)

// AddLeader makes a number a leader of a group; added again, the leader
// gets the new PIN and a clean slate of wrong PINs.
func (s *Store) AddLeader(ctx context.Context, groupID int64, number, pinHash string, now time.Time) (directory.Leader, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return directory.Leader{}, err
	}
	_, err = s.exec(ctx, `INSERT INTO leaders (group_id, number, pin_hash, added_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (group_id, number) DO UPDATE SET pin_hash = excluded.pin_hash, pin_failures = 0, locked_until = ''`,
		groupID, num, pinHash, formatTime(now))
	if err != nil {
		return directory.Leader{}, fmt.Errorf("adding a leader to group %d: %w", groupID, err)
	}
	leads, err := s.Leads(ctx, num)
	if err != nil {
		return directory.Leader{}, err
	}
	for _, l := range leads {
		if l.GroupID == groupID {
			return l, nil
		}
	}
	return directory.Leader{}, fmt.Errorf("adding a leader to group %d: the row is not there after", groupID)
}

// RemoveLeader reports whether the number led the group.
func (s *Store) RemoveLeader(ctx context.Context, groupID int64, number string) (bool, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return false, err
	}
	res, err := s.exec(ctx, `DELETE FROM leaders WHERE group_id = ? AND number = ?`, groupID, num)
	if err != nil {
		return false, fmt.Errorf("removing a leader of group %d: %w", groupID, err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

const leaderColumns = `SELECT l.id, l.group_id, g.code, g.name, l.number, l.added_at FROM leaders l JOIN groups g ON g.id = l.group_id`

func scanLeader(row interface{ Scan(...any) error }) (directory.Leader, error) {
	var l directory.Leader
	var added string
	err := row.Scan(&l.ID, &l.GroupID, &l.Code, &l.Name, &l.Number, &added)
	l.AddedAt = parseTime(added)
	return l, err
}

// Leaders lists every leader, by group code, then oldest first.
func (s *Store) Leaders(ctx context.Context) ([]directory.Leader, error) {
	rows, err := s.read.QueryContext(ctx, leaderColumns+` ORDER BY g.code, l.added_at, l.id`)
	return collect(rows, err, scanLeader)
}

// Leads lists the groups a number leads, by group code.
func (s *Store) Leads(ctx context.Context, number string) ([]directory.Leader, error) {
	num, ok := directory.CallerNumber(number)
	if !ok {
		return nil, nil
	}
	if n, err := directory.NormalizePhone(num); err == nil {
		num = n
	}
	rows, err := s.read.QueryContext(ctx, leaderColumns+` WHERE l.number = ? ORDER BY g.code`, num)
	return collect(rows, err, scanLeader)
}

// CheckPIN returns the groups the number leads with that PIN. Wrong PINs
// are counted on every row of the number, so that leading two groups
// gives no more tries. PINs are hashed slowly: that is done before any
// write, so the writer is never held for it.
func (s *Store) CheckPIN(ctx context.Context, number, pin string, now time.Time) ([]directory.Leader, error) {
	leads, err := s.Leads(ctx, number)
	if err != nil || len(leads) == 0 {
		return nil, errors.Join(err, directory.ErrWrongPIN)
	}
	num := leads[0].Number
	type row struct {
		group        int64
		hash, locked string
	}
	rows, err := s.read.QueryContext(ctx, `SELECT group_id, pin_hash, locked_until FROM leaders WHERE number = ?`, num)
	got, err := collect(rows, err, func(r interface{ Scan(...any) error }) (row, error) {
		var x row
		return x, r.Scan(&x.group, &x.hash, &x.locked)
	})
	if err != nil {
		return nil, fmt.Errorf("checking a leader's PIN: %w", err)
	}
	matched := map[int64]bool{}
	for _, x := range got {
		if x.locked != "" && parseTime(x.locked).After(now) {
			return nil, directory.ErrLockedOut
		}
		if directory.PINMatches(x.hash, pin) {
			matched[x.group] = true
		}
	}
	if len(matched) == 0 {
		return nil, s.wrongPIN(ctx, num, now)
	}
	if _, err := s.exec(ctx, `UPDATE leaders SET pin_failures = 0, locked_until = '' WHERE number = ?`, num); err != nil {
		return nil, fmt.Errorf("checking a leader's PIN: %w", err)
	}
	var out []directory.Leader
	for _, l := range leads {
		if matched[l.GroupID] {
			out = append(out, l)
		}
	}
	return out, nil
}

// wrongPIN counts a wrong PIN, and locks the number out at the last try:
// ErrLockedOut then, else ErrWrongPIN.
func (s *Store) wrongPIN(ctx context.Context, num string, now time.Time) error {
	locked := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE leaders SET pin_failures = pin_failures + 1 WHERE number = ?`, num); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE leaders SET pin_failures = 0, locked_until = ? WHERE number = ? AND pin_failures >= ?`,
			formatTime(now.Add(directory.PINLockout)), num, directory.PINTries)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		locked = n > 0
		return err
	})
	switch {
	case err != nil:
		return fmt.Errorf("counting a wrong PIN: %w", err)
	case locked:
		return directory.ErrLockedOut
	}
	return directory.ErrWrongPIN
}

// AddNote keeps a leader's note before a meeting.
func (s *Store) AddNote(ctx context.Context, n directory.Note) (directory.Note, error) {
	if err := s.settled(ctx); err != nil {
		return n, err
	}
	s.eng.Wrote()
	id, err := insertID(ctx, s.write, `INSERT INTO notes (group_id, body, meeting_at, sent_by, created_at) VALUES (?, ?, ?, ?, ?)`,
		n.GroupID, n.Body, formatTime(n.MeetingAt), n.SentBy, formatTime(n.CreatedAt))
	if err != nil && s.eng.IsUnique(err) {
		return n, directory.ErrNoteExists
	}
	if err != nil {
		return n, fmt.Errorf("keeping a note to group %d: %w", n.GroupID, err)
	}
	n.ID = id
	return n, nil
}

const noteColumns = `SELECT id, group_id, body, meeting_at, sent_by, created_at FROM notes`

func scanNote(row interface{ Scan(...any) error }) (directory.Note, error) {
	var n directory.Note
	var meeting, created string
	err := row.Scan(&n.ID, &n.GroupID, &n.Body, &meeting, &n.SentBy, &created)
	n.MeetingAt, n.CreatedAt = parseTime(meeting), parseTime(created)
	return n, err
}

// NotesAhead lists the notes whose meeting is to come.
func (s *Store) NotesAhead(ctx context.Context, now time.Time) ([]directory.Note, error) {
	rows, err := s.read.QueryContext(ctx, noteColumns+` WHERE meeting_at > ? ORDER BY id`, formatTime(now))
	return collect(rows, err, scanNote)
}

// Notes lists a group's notes, newest first.
func (s *Store) Notes(ctx context.Context, groupID int64) ([]directory.Note, error) {
	rows, err := s.read.QueryContext(ctx, noteColumns+` WHERE group_id = ? ORDER BY created_at DESC, id DESC`, groupID)
	return collect(rows, err, scanNote)
}
