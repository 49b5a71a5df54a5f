package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
)

// AddReferrer registers a referrer's number, or renames the referrer
// already registered with it.
func (s *Store) AddReferrer(ctx context.Context, r directory.Referrer) (directory.Referrer, error) {
	num, err := directory.MemberNumber(r.Number)
	if err != nil {
		return directory.Referrer{}, err
	}
	r.Number, r.Name = num, strings.TrimSpace(r.Name)
	var added string
	err = s.tx(ctx, func(tx *sql.Tx) error {
		return tx.QueryRowContext(ctx, `INSERT INTO referrers (number, name, added_at) VALUES (?, ?, ?)
			ON CONFLICT (number) DO UPDATE SET name = excluded.name
			RETURNING id, added_at`, num, r.Name, formatTime(r.AddedAt)).Scan(&r.ID, &added)
	})
	if err != nil {
		return directory.Referrer{}, fmt.Errorf("adding a referrer: %w", err)
	}
	r.AddedAt = parseTime(added)
	return r, nil
}

// Referrer finds the referrer registered with a number.
func (s *Store) Referrer(ctx context.Context, number string) (directory.Referrer, bool, error) {
	num, ok := directory.CallerNumber(number)
	if !ok {
		return directory.Referrer{}, false, nil
	}
	list, err := collectReferrers(s.read.QueryContext(ctx, `SELECT id, number, name, added_at FROM referrers WHERE number = ?`, num))
	if err != nil || len(list) == 0 {
		return directory.Referrer{}, false, err
	}
	return list[0], true, nil
}

// Referrers lists every referrer, by name.
func (s *Store) Referrers(ctx context.Context) ([]directory.Referrer, error) {
	return collectReferrers(s.read.QueryContext(ctx, `SELECT id, number, name, added_at FROM referrers ORDER BY lower(name), number`))
}

func collectReferrers(rows *sql.Rows, err error) ([]directory.Referrer, error) {
	return collect(rows, err, scanReferrer)
}

func scanReferrer(row interface{ Scan(...any) error }) (directory.Referrer, error) {
	var r directory.Referrer
	var added string
	err := row.Scan(&r.ID, &r.Number, &r.Name, &added)
	r.AddedAt = parseTime(added)
	return r, err
}

// RemoveReferrer removes a referrer; their referrals go with them.
func (s *Store) RemoveReferrer(ctx context.Context, number string) (bool, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return false, err
	}
	res, err := s.exec(ctx, `DELETE FROM referrers WHERE number = ?`, num)
	if err != nil {
		return false, fmt.Errorf("removing a referrer: %w", err)
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// Refer records an ask before it is sent, if the client is not waiting
// to answer one about the group and the referrer is under their limit.
func (s *Store) Refer(ctx context.Context, referrerNumber string, r directory.Referral, dayStart time.Time, perDay int) (directory.Referral, error) {
	client, err := directory.MemberNumber(r.Client)
	if err != nil {
		return directory.Referral{}, err
	}
	lang, err := directory.MemberLang(r.Lang)
	if err != nil {
		return directory.Referral{}, err
	}
	if strings.TrimSpace(r.Wording) == "" {
		return directory.Referral{}, errors.New("a referral needs the wording of its ask")
	}
	r.Client, r.Lang, r.State = client, lang, directory.ReferralAsked
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if r.ReferrerID, r.ReferrerName, err = lockReferrer(ctx, tx, referrerNumber); err != nil {
			return err
		}
		if err := underLimit(ctx, tx, r.ReferrerID, dayStart, perDay); err != nil {
			return err
		}
		if err := expireAsks(ctx, tx, `client = ? AND group_id = ?`, r.AskedAt, client, r.GroupID); err != nil {
			return err
		}
		var waiting int
		if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM referrals WHERE client = ? AND group_id = ? AND state = 'asked'`,
			client, r.GroupID).Scan(&waiting); err != nil {
			return err
		}
		if waiting > 0 {
			return directory.ErrReferralWaiting
		}
		if err := tx.QueryRowContext(ctx, `SELECT code FROM groups WHERE id = ?`, r.GroupID).Scan(&r.GroupCode); err != nil {
			return fmt.Errorf("the referral's group: %w", err)
		}
		r.ID, err = insertID(ctx, tx, `INSERT INTO referrals (referrer_id, group_id, client, lang, state, wording, asked_at)
			VALUES (?, ?, ?, ?, 'asked', ?, ?)`, r.ReferrerID, r.GroupID, client, string(lang), r.Wording, formatTime(r.AskedAt))
		return err
	})
	if err != nil && s.eng.IsUnique(err) { // another server asked the same client about the group a moment ago
		return directory.Referral{}, directory.ErrReferralWaiting
	}
	if err != nil {
		return directory.Referral{}, fmt.Errorf("recording a referral: %w", err)
	}
	return r, nil
}

// lockReferrer finds the referrer and holds their row for the
// transaction: on PostgreSQL two asks of one referrer at once then count
// each other, and the daily limit holds.
func lockReferrer(ctx context.Context, tx *sql.Tx, number string) (int64, string, error) {
	num, ok := directory.CallerNumber(number)
	if !ok {
		return 0, "", directory.ErrNotReferrer
	}
	var id int64
	var name string
	err := tx.QueryRowContext(ctx, `UPDATE referrers SET name = name WHERE number = ? RETURNING id, name`, num).Scan(&id, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, "", directory.ErrNotReferrer
	}
	return id, name, err
}

func underLimit(ctx context.Context, tx *sql.Tx, referrerID int64, since time.Time, perDay int) error {
	var n int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM referrals WHERE referrer_id = ? AND asked_at >= ?`,
		referrerID, formatTime(since)).Scan(&n); err != nil {
		return err
	}
	if n >= perDay {
		return directory.ErrReferralLimit
	}
	return nil
}

// expireAsks marks expired the asks, among those where says, left
// unanswered for ReferralExpiry at now.
func expireAsks(ctx context.Context, tx *sql.Tx, where string, now time.Time, args ...any) error {
	at := now.Add(-directory.ReferralExpiry)
	_, err := tx.ExecContext(ctx, `UPDATE referrals SET state = 'expired', answered_at = ?
		WHERE state = 'asked' AND asked_at < ? AND `+where, append([]any{formatTime(now), formatTime(at)}, args...)...)
	return err
}

// WithdrawReferral deletes an ask that could not be sent: it neither
// counts against the referrer nor waits for an answer.
func (s *Store) WithdrawReferral(ctx context.Context, id int64) error {
	if _, err := s.exec(ctx, `DELETE FROM referrals WHERE id = ? AND state = 'asked'`, id); err != nil {
		return fmt.Errorf("withdrawing a referral: %w", err)
	}
	return nil
}

const referralColumns = `SELECT r.id, r.referrer_id, f.name, r.group_id, g.code, coalesce(r.client, ''), r.lang, r.state, r.wording,
	r.asked_at, coalesce(r.answered_at, '')
	FROM referrals r JOIN referrers f ON f.id = r.referrer_id JOIN groups g ON g.id = r.group_id `

func collectReferrals(rows *sql.Rows, err error) ([]directory.Referral, error) {
	return collect(rows, err, scanReferral)
}

func scanReferral(row interface{ Scan(...any) error }) (directory.Referral, error) {
	var r directory.Referral
	var lang, asked, answered string
	err := row.Scan(&r.ID, &r.ReferrerID, &r.ReferrerName, &r.GroupID, &r.GroupCode, &r.Client, &lang, &r.State, &r.Wording, &asked, &answered)
	r.Lang, r.AskedAt, r.AnsweredAt = directory.Lang(lang), parseTime(asked), parseOptional(answered)
	return r, err
}

// WaitingReferrals lists the asks to a client still waiting at now,
// newest first.
func (s *Store) WaitingReferrals(ctx context.Context, client string, now time.Time) ([]directory.Referral, error) {
	num, ok := directory.CallerNumber(client)
	if !ok {
		return nil, nil
	}
	return collectReferrals(s.read.QueryContext(ctx, referralColumns+`WHERE r.client = ? AND r.state = 'asked' AND r.asked_at >= ?
		ORDER BY r.asked_at DESC, r.id DESC`, num, formatTime(now.Add(-directory.ReferralExpiry))))
}

// Referrals lists every referral, newest first.
func (s *Store) Referrals(ctx context.Context) ([]directory.Referral, error) {
	return collectReferrals(s.read.QueryContext(ctx, referralColumns+`ORDER BY r.asked_at DESC, r.id DESC`))
}

// AnswerReferral records a client's answer to a waiting ask; a YES is
// their consent, recorded with it.
func (s *Store) AnswerReferral(ctx context.Context, id int64, yes bool, c directory.Consent) (bool, error) {
	state := directory.ReferralDeclined
	if yes {
		state = directory.ReferralAccepted
		c.Ref = directory.ReferralRef(id)
		if err := c.Check(directory.ByText, directory.PurposeReferral); err != nil {
			return false, err
		}
	}
	var answered bool
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var client string
		err := tx.QueryRowContext(ctx, `UPDATE referrals SET state = ?, answered_at = ? WHERE id = ? AND state = 'asked'
			RETURNING client`, state, formatTime(c.At), id).Scan(&client)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		answered = true
		if yes {
			_, _, err = consentFrom(ctx, tx, client, c)
		}
		return err
	})
	if err != nil {
		return false, fmt.Errorf("answering a referral: %w", err)
	}
	return answered, nil
}

// ClearReferralClientsBefore lets go of the client's number on every
// referral answered before t, or asked and left unanswered until it
// expired before t: once an ask is settled the number serves nothing (a
// YES is kept in the member's consent record).
func (s *Store) ClearReferralClientsBefore(ctx context.Context, t time.Time) (int, error) {
	n, err := s.exec(ctx, `UPDATE referrals SET client = NULL,
			state = CASE WHEN state = 'asked' THEN 'expired' ELSE state END, answered_at = coalesce(answered_at, ?)
		WHERE client IS NOT NULL AND (answered_at < ? OR (state = 'asked' AND asked_at < ?))`,
		formatTime(t), formatTime(t), formatTime(t.Add(-directory.ReferralExpiry)))
	if err != nil {
		return 0, fmt.Errorf("clearing referrals' numbers: %w", err)
	}
	k, err := n.RowsAffected()
	return int(k), err
}

// forgetReferrals removes the referrals to a number, and the referrer
// registered with it (their referrals go with them): part of Forget.
func forgetReferrals(ctx context.Context, tx *sql.Tx, num string) (int, error) {
	asks, err := execCount(ctx, tx, `DELETE FROM referrals WHERE client = ?`, num)
	if err != nil {
		return 0, err
	}
	referrer, err := execCount(ctx, tx, `DELETE FROM referrers WHERE number = ?`, num)
	return asks + referrer, err
}
