package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
)

// Listing checks (issue 14): the asks, their answers, the staff's list.

// AskListing records an ask about to go out. Its number is kept until
// the listing is answered for or flagged (AnswerAsk, flagIn).
func (s *Store) AskListing(ctx context.Context, a directory.ListingAsk) (directory.ListingAsk, error) {
	num, err := directory.MemberNumber(a.Number)
	if err != nil {
		return a, err
	}
	a.Number = num
	err = s.tx(ctx, func(tx *sql.Tx) error {
		a.ID, err = insertID(ctx, tx, `INSERT INTO listing_asks (group_id, role, number, channel, lang, asked_at) VALUES (?, ?, ?, ?, ?, ?)`,
			a.GroupID, a.Role, a.Number, string(a.Channel), string(a.Lang), formatTime(a.At))
		return err
	})
	if err != nil {
		return a, fmt.Errorf("recording a listing check: %w", err)
	}
	return a, nil
}

// DropAsk removes an ask that could not be sent.
func (s *Store) DropAsk(ctx context.Context, id int64) error {
	_, err := s.exec(ctx, `DELETE FROM listing_asks WHERE id = ?`, id)
	return err
}

const askColumns = `SELECT id, group_id, role, coalesce(number, ''), channel, lang, asked_at, answer, coalesce(answered_at, '') FROM listing_asks`

func scanAsk(row interface{ Scan(...any) error }) (directory.ListingAsk, error) {
	var a directory.ListingAsk
	var at, answered string
	err := row.Scan(&a.ID, &a.GroupID, &a.Role, &a.Number, &a.Channel, &a.Lang, &at, &a.Answer, &answered)
	a.At, a.AnsweredAt = parseTime(at), parseOptional(answered)
	return a, err
}

// ListingAsks lists a group's asks made after since, oldest first.
func (s *Store) ListingAsks(ctx context.Context, groupID int64, since time.Time) ([]directory.ListingAsk, error) {
	rows, err := s.read.QueryContext(ctx, askColumns+` WHERE group_id = ? AND asked_at > ? ORDER BY asked_at, id`,
		groupID, formatTime(since))
	return collect(rows, err, scanAsk)
}

// ListingAskByID returns one ask.
func (s *Store) ListingAskByID(ctx context.Context, id int64) (directory.ListingAsk, bool, error) {
	return oneAsk(s.read.QueryRowContext(ctx, askColumns+` WHERE id = ?`, id))
}

// OpenAsk returns the latest ask awaiting an answer from number.
func (s *Store) OpenAsk(ctx context.Context, number string) (directory.ListingAsk, bool, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return directory.ListingAsk{}, false, nil // no number, no ask
	}
	return oneAsk(s.read.QueryRowContext(ctx, askColumns+` WHERE number = ? AND answer = ''
		ORDER BY asked_at DESC, id DESC LIMIT 1`, num))
}

func oneAsk(row *sql.Row) (directory.ListingAsk, bool, error) {
	a, err := scanAsk(row)
	if errors.Is(err, sql.ErrNoRows) {
		return a, false, nil
	}
	return a, err == nil, err
}

// AnswerAsk records the answer to an open ask: yes confirms the listing
// by the ask's role, changed puts it on the staff's list.
func (s *Store) AnswerAsk(ctx context.Context, id int64, answer string, now time.Time) (bool, error) {
	if answer != directory.CheckYes && answer != directory.CheckChanged {
		return false, fmt.Errorf("answering a listing check: unknown answer %q", answer)
	}
	took := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var groupID int64
		var role string
		err := tx.QueryRowContext(ctx, `SELECT group_id, role FROM listing_asks
			WHERE id = ? AND answer = '' AND number IS NOT NULL`, id).Scan(&groupID, &role)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		took = true
		if _, err := tx.ExecContext(ctx, `UPDATE listing_asks SET answer = ?, answered_at = ? WHERE id = ?`,
			answer, formatTime(now), id); err != nil {
			return err
		}
		if answer == directory.CheckYes {
			if _, err := tx.ExecContext(ctx, `UPDATE listing_asks SET number = NULL WHERE group_id = ?`, groupID); err != nil {
				return err
			}
			return confirmIn(ctx, tx, groupID, role, now)
		}
		return flagIn(ctx, tx, groupID, directory.FlagChanged, role, now)
	})
	if err != nil {
		return false, fmt.Errorf("answering a listing check: %w", err)
	}
	return took, nil
}

func confirmIn(ctx context.Context, tx *sql.Tx, groupID int64, by string, now time.Time) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO listing_checks (group_id, confirmed_at, confirmed_by) VALUES (?, ?, ?)
		ON CONFLICT (group_id) DO UPDATE SET confirmed_at = excluded.confirmed_at, confirmed_by = excluded.confirmed_by`,
		groupID, formatTime(now), by)
	return err
}

// flagIn puts a listing on the staff's list unless it is on it, and lets
// go of the numbers its asks hold: no answer is awaited any more.
func flagIn(ctx context.Context, tx *sql.Tx, groupID int64, reason, role string, now time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE listing_asks SET number = NULL WHERE group_id = ?`, groupID); err != nil {
		return err
	}
	var open int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM listing_flags f JOIN groups g ON g.id = f.group_id
		WHERE f.group_id = ? AND `+openFlag, groupID).Scan(&open); err != nil || open > 0 {
		return err
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO listing_flags (group_id, reason, role, flagged_at) VALUES (?, ?, ?, ?)`,
		groupID, reason, role, formatTime(now))
	return err
}

// openFlag is a flag still on the staff's list: not resolved, and its
// group not edited since (an edit is staff's answer to it).
const openFlag = `f.resolved_at IS NULL AND f.flagged_at >= g.updated_at`

// FlagListing puts a listing on the staff's list, unless it is on it.
func (s *Store) FlagListing(ctx context.Context, groupID int64, reason, role string, now time.Time) error {
	err := s.tx(ctx, func(tx *sql.Tx) error { return flagIn(ctx, tx, groupID, reason, role, now) })
	if err != nil {
		return fmt.Errorf("flagging a listing: %w", err)
	}
	return nil
}

// ListingFlags lists the open flags, oldest first.
func (s *Store) ListingFlags(ctx context.Context) ([]directory.ListingFlag, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT f.id, f.group_id, g.code, g.name, f.reason, f.role, f.flagged_at, g.data
		FROM listing_flags f JOIN groups g ON g.id = f.group_id
		WHERE `+openFlag+` ORDER BY f.flagged_at, f.id`)
	return collect(rows, err, func(row interface{ Scan(...any) error }) (directory.ListingFlag, error) {
		var f directory.ListingFlag
		var at string
		var data []byte
		if err := row.Scan(&f.ID, &f.GroupID, &f.Code, &f.Name, &f.Reason, &f.Role, &at, &data); err != nil {
			return f, err
		}
		f.At = parseTime(at)
		var g struct {
			Phone string `json:"phone"`
		}
		if err := json.Unmarshal(data, &g); err != nil {
			return f, fmt.Errorf("group %d: %w", f.Code, err)
		}
		f.Phone = g.Phone
		return f, nil
	})
}

// ResolveFlags closes a listing's flags and confirms it, in one go.
func (s *Store) ResolveFlags(ctx context.Context, groupID int64, by string, now time.Time) (bool, error) {
	var n int
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = execCount(ctx, tx, `UPDATE listing_flags SET resolved_at = ?, resolved_by = ?
			WHERE group_id = ? AND resolved_at IS NULL`, formatTime(now), by, groupID)
		if err != nil || n == 0 {
			return err
		}
		return confirmIn(ctx, tx, groupID, by, now)
	})
	if err != nil {
		return false, fmt.Errorf("resolving a flagged listing: %w", err)
	}
	return n > 0, nil
}

// attachSeen fills in when each group's listing was last known right
// (confirmed or changed): the line says so of an old one, and can stop
// offering it. Confirmations move the directory's version (0015), so
// groups the search cache holds carry it too.
func (s *Store) attachSeen(ctx context.Context, groups []directory.Group) error {
	query, args := `SELECT g.id, `+seenAt+` FROM groups g LEFT JOIN listing_checks c ON c.group_id = g.id
		WHERE g.source = ''`, []any{}
	if len(groups) <= 100 {
		query += ` AND g.id IN (?` + strings.Repeat(",?", len(groups)-1) + `)`
		for _, g := range groups {
			args = append(args, g.ID)
		}
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("reading when listings were confirmed: %w", err)
	}
	defer rows.Close()
	seen := make(map[int64]time.Time, len(groups))
	for rows.Next() {
		var id int64
		var at string
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		seen[id] = parseTime(at)
	}
	for i := range groups {
		groups[i].Seen = seen[groups[i].ID]
	}
	return rows.Err()
}

// loadSeen notes in a rank index when each active, spreadsheet-kept
// listing was last seen right; a feed is the authority for its own.
func loadSeen(ctx context.Context, tx *sql.Tx, ix *directory.Index) error {
	rows, err := tx.QueryContext(ctx, `SELECT g.id, `+seenAt+` FROM groups g LEFT JOIN listing_checks c ON c.group_id = g.id
		WHERE g.source = '' AND g.status = 'active'`)
	if err != nil {
		return fmt.Errorf("loading when listings were confirmed: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var at string
		if err := rows.Scan(&id, &at); err != nil {
			return err
		}
		ix.SetSeen(id, parseTime(at))
	}
	return rows.Err()
}
