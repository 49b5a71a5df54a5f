package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/peerline/peerline/directory"
)

// Forget removes a phone number and every record of it, in one
// transaction: the member (and with it, by cascade, their consents,
// subscriptions, wait-list entries and outbox messages), the voicemails
// they left, and the text line's memory of their conversation. Calls are
// kept by CallSid and never hold the caller's number; the search log
// never holds a number. A number on the blocklist stays there (see
// Forgotten.Blocked). Deleted content is overwritten in the database
// file (secure_delete). Copies made before — backups, replicas — keep it
// until they are deleted. An unknown number removes nothing and is not an
// error. The number may be in any common format.
func (s *Store) Forget(ctx context.Context, number string) (directory.Forgotten, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return directory.Forgotten{}, err
	}
	var f directory.Forgotten
	err = s.secureTx(ctx, func(tx *sql.Tx) error {
		f = directory.Forgotten{}
		var id int64
		err := tx.QueryRowContext(ctx, `SELECT id FROM members WHERE number = ?`, num).Scan(&id)
		switch {
		case errors.Is(err, sql.ErrNoRows):
		case err != nil:
			return err
		default:
			err := tx.QueryRowContext(ctx, `SELECT
				(SELECT count(*) FROM consents WHERE member_id = ?1),
				(SELECT count(*) FROM subscriptions WHERE member_id = ?1),
				(SELECT count(*) FROM waitlist WHERE member_id = ?1),
				(SELECT count(*) FROM outbox WHERE member_id = ?1)`, id).
				Scan(&f.Consents, &f.Subscriptions, &f.Waitlist, &f.Outbox)
			if err != nil {
				return err
			}
			// The schema's cascades take the rest (0002, 0003).
			if f.Members, err = execCount(ctx, tx, `DELETE FROM members WHERE id = ?`, id); err != nil {
				return err
			}
		}
		rows, err := tx.QueryContext(ctx, `SELECT recording_url FROM voicemails WHERE caller = ? ORDER BY at, id`, num)
		if err != nil {
			return err
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return err
			}
			f.Recordings = append(f.Recordings, u)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if f.Voicemails, err = execCount(ctx, tx, `DELETE FROM voicemails WHERE caller = ?`, num); err != nil {
			return err
		}
		if f.Sessions, err = execCount(ctx, tx, `DELETE FROM sessions WHERE key = ?`, directory.TextSessionKey(num)); err != nil {
			return err
		}
		if f.Referrals, err = forgetReferrals(ctx, tx, num); err != nil {
			return err
		}
		if f.StartOffers, err = execCount(ctx, tx, `DELETE FROM start_offers WHERE number = ?`, num); err != nil {
			return err
		}
		if f.Leaders, err = execCount(ctx, tx, `DELETE FROM leaders WHERE number = ?`, num); err != nil {
			return err
		}
		// A listing check awaiting this number's answer lets go of it (issue 14).
		if _, err := tx.ExecContext(ctx, `UPDATE listing_asks SET number = NULL WHERE number = ?`, num); err != nil {
			return err
		}
		var blocked int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM blocklist WHERE number = ?`, num).Scan(&blocked); err != nil {
			return err
		}
		f.Blocked = blocked > 0
		return nil
	})
	if err != nil {
		return directory.Forgotten{}, fmt.Errorf("forgetting a member: %w", err)
	}
	return f, nil
}

// ConsentRecords lists every consent record of every member, oldest
// first, for an audit. The numbers are in clear: mask them (Mask) unless
// the audit needs them whole.
func (s *Store) ConsentRecords(ctx context.Context) ([]directory.ConsentRecord, error) {
	return s.consentRecords(ctx, "")
}

// DeleteVoicemailsBefore removes the voicemails left before t (the
// retention job calls it), returning how many. The recordings themselves
// are Twilio's to delete.
func (s *Store) DeleteVoicemailsBefore(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.secureTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = execCount(ctx, tx, `DELETE FROM voicemails WHERE at < ?`, formatTime(t))
		return err
	})
	return n, err
}

// DeleteOutboxBefore removes finished outbox messages — sent, failed,
// skipped or unknown — last changed before t (the retention job calls it),
// returning how many. Pending and sending messages stay, and so does the
// note of an open wait-list entry: its row is what keeps the scan from
// queueing the same note again. A reminder's row can go: the scan never
// queues a meeting that has begun.
func (s *Store) DeleteOutboxBefore(ctx context.Context, t time.Time) (int, error) {
	var n int
	err := s.secureTx(ctx, func(tx *sql.Tx) error {
		var err error
		n, err = execCount(ctx, tx, `DELETE FROM outbox
			WHERE state IN ('sent', 'failed', 'skipped', 'unknown') AND updated_at < ?
			AND NOT EXISTS (SELECT 1 FROM waitlist w WHERE w.id = outbox.waitlist_id AND w.closed_at IS NULL)`, formatTime(t))
		return err
	})
	return n, err
}

func execCount(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	res, err := tx.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	return int(n), err
}
