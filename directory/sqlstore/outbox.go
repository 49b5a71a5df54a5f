package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Enqueue inserts messages that are not in the outbox yet (by key), in
// one transaction, and returns how many were new. Rows go a hundred to a
// statement: a scan can queue a million, and each statement costs a trip
// through cgo.
func (s *Store) Enqueue(ctx context.Context, items []directory.Outgoing, now time.Time) (int, error) {
	const perStatement = 100
	const row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	inserted := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		stamp := formatTime(now)
		for len(items) > 0 {
			chunk := items[:min(perStatement, len(items))]
			items = items[len(chunk):]
			args := make([]any, 0, len(chunk)*14)
			for _, it := range chunk {
				args = append(args, it.Key, it.Kind, nullID(it.SubscriptionID), nullID(it.WaitlistID), it.MemberID, nullID(it.GroupID),
					it.Channel, it.Lang, timeOrEmpty(it.MeetingAt), int64(it.Lead/time.Second), formatTime(it.DueAt), stamp, stamp, nullID(it.NoteID))
			}
			res, err := tx.ExecContext(ctx, `INSERT INTO outbox
				(key, kind, subscription_id, waitlist_id, member_id, group_id, channel, lang, meeting_at, lead_seconds, due_at, created_at, updated_at, note_id)
				VALUES `+row+strings.Repeat(", "+row, len(chunk)-1)+` ON CONFLICT DO NOTHING`, args...)
			if err != nil {
				return fmt.Errorf("enqueueing %d messages from %s: %w", len(chunk), chunk[0].Key, err)
			}
			n, _ := res.RowsAffected()
			inserted += int(n)
		}
		return nil
	})
	return inserted, err
}

const outgoingColumns = `o.id, o.key, o.kind, coalesce(o.subscription_id, 0), coalesce(o.waitlist_id, 0), o.member_id, m.number,
	coalesce(o.group_id, 0), o.channel, o.lang, o.meeting_at, o.lead_seconds, o.due_at, o.state, o.attempts, o.next_try_at,
	coalesce(o.sid, ''), o.delivery, o.error, coalesce(w.concern, ''), o.updated_at,
	coalesce(o.note_id, 0), coalesce(n.body, '')`

// outgoingFrom joins what an outgoing message is read with: its member's
// number, for a wait-list note the concern asked about, for a leader's
// note its words.
const outgoingFrom = ` FROM outbox o JOIN members m ON m.id = o.member_id LEFT JOIN waitlist w ON w.id = o.waitlist_id
	LEFT JOIN notes n ON n.id = o.note_id`

func scanOutgoing(rows interface{ Scan(...any) error }) (directory.Outgoing, error) {
	var it directory.Outgoing
	var meeting, due, next, updated string
	var lead int64
	err := rows.Scan(&it.ID, &it.Key, &it.Kind, &it.SubscriptionID, &it.WaitlistID, &it.MemberID, &it.Number,
		&it.GroupID, &it.Channel, &it.Lang, &meeting, &lead, &due, &it.State, &it.Attempts, &next, &it.Sid, &it.Delivery, &it.Error, &it.Concern, &updated,
		&it.NoteID, &it.Note)
	it.MeetingAt, it.DueAt, it.NextTryAt, it.Lead = parseTime(meeting), parseTime(due), parseTime(next), time.Duration(lead)*time.Second
	if it.State == directory.OutboxSending {
		it.ClaimedAt = parseTime(updated)
	}
	return it, err
}

// ClaimDue moves up to limit due messages from pending to sending and
// returns them, oldest due first. A message is claimed once: two senders
// never get the same one.
func (s *Store) ClaimDue(ctx context.Context, now time.Time, limit int) ([]directory.Outgoing, error) {
	var out []directory.Outgoing
	err := s.tx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `UPDATE outbox SET state = 'sending', attempts = attempts + 1, updated_at = ?
			WHERE id IN (SELECT id FROM outbox WHERE state = 'pending' AND due_at <= ? AND next_try_at <= ? ORDER BY due_at, id LIMIT ?`+s.eng.ClaimLock+`)
			RETURNING id`, formatTime(now), formatTime(now), formatTime(now), limit)
		if err != nil {
			return err
		}
		var ids []any
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return rows.Err()
		}
		rows, err = tx.QueryContext(ctx, `SELECT `+outgoingColumns+outgoingFrom+`
			WHERE o.id IN (?`+strings.Repeat(",?", len(ids)-1)+`) ORDER BY o.due_at, o.id`, ids...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			it, err := scanOutgoing(rows)
			if err != nil {
				return err
			}
			out = append(out, it)
		}
		return rows.Err()
	})
	return out, err
}

// Outgoings lists the outbox, for reports and tests; state "" is all.
func (s *Store) Outgoings(ctx context.Context, state string) ([]directory.Outgoing, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+outgoingColumns+outgoingFrom+`
		WHERE ? = '' OR o.state = ? ORDER BY o.due_at, o.id`, state, state)
	return collect(rows, err, scanOutgoing)
}

// OutgoingByID returns one message of the outbox.
func (s *Store) OutgoingByID(ctx context.Context, id int64) (directory.Outgoing, bool, error) {
	row := s.read.QueryRowContext(ctx, `SELECT `+outgoingColumns+outgoingFrom+` WHERE o.id = ?`, id)
	it, err := scanOutgoing(row)
	if errors.Is(err, sql.ErrNoRows) {
		return it, false, nil
	}
	return it, err == nil, err
}

// Settle records what became of a claimed message: sent (with Twilio's
// sid), failed, skipped, or back to pending to try again at retryAt.
func (s *Store) Settle(ctx context.Context, id int64, state, sid, reason string, retryAt, now time.Time) error {
	var sidArg any
	if sid != "" {
		sidArg = sid
	}
	_, err := s.exec(ctx, `UPDATE outbox SET state = ?, sid = coalesce(?, sid), error = ?, next_try_at = ?, updated_at = ?
		WHERE id = ? AND state = 'sending'`, state, sidArg, reason, timeOrEmpty(retryAt), formatTime(now), id)
	if err != nil {
		return fmt.Errorf("settling outbox %d: %w", id, err)
	}
	if state == directory.OutboxSent { // a wait-list note closes its entry; an invitation to help start a group does not
		_, err = s.exec(ctx, `UPDATE waitlist SET notified_at = ?, closed_at = ?
			WHERE id = (SELECT waitlist_id FROM outbox WHERE id = ? AND kind = 'waitlist') AND closed_at IS NULL`, formatTime(now), formatTime(now), id)
	}
	return err
}

// InFlight lists the messages claimed before t and not settled since,
// oldest claim first.
func (s *Store) InFlight(ctx context.Context, before time.Time) ([]directory.Outgoing, error) {
	if err := s.settled(ctx); err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+outgoingColumns+outgoingFrom+`
		WHERE o.state = 'sending' AND o.updated_at < ? ORDER BY o.updated_at, o.id`, formatTime(before))
	return collect(rows, err, scanOutgoing)
}

// Reclaim takes over a message still sending since claimedAt: the claim
// time is the row's version, so of two senders that read it, one wins.
func (s *Store) Reclaim(ctx context.Context, id int64, claimedAt, now time.Time) (bool, error) {
	res, err := s.exec(ctx, `UPDATE outbox SET updated_at = ? WHERE id = ? AND state = 'sending' AND updated_at = ?`,
		formatTime(now), id, formatTime(claimedAt))
	if err != nil {
		return false, fmt.Errorf("reclaiming outbox %d: %w", id, err)
	}
	n, err := res.RowsAffected()
	return n == 1, err
}

// RecordDelivery records a status callback for a message or call the
// line sent. It returns false for a sid the outbox does not know. The
// same callback twice changes nothing. The status is read and written in
// one write transaction: callbacks for one message can arrive at once,
// and a later status must never be overwritten by an earlier one read
// alongside it.
func (s *Store) RecordDelivery(ctx context.Context, sid, status string, now time.Time) (bool, error) {
	rank, ok := directory.DeliveryRank(status)
	if !ok || sid == "" {
		return false, nil
	}
	known := false
	err := s.tx(ctx, func(tx *sql.Tx) error {
		var current string
		err := tx.QueryRowContext(ctx, `SELECT delivery FROM outbox WHERE sid = ?`+s.eng.RowLock, sid).Scan(&current)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		} else if err != nil {
			return err
		}
		known = true
		if was, _ := directory.DeliveryRank(current); was > rank || current == status {
			return nil
		}
		_, err = tx.ExecContext(ctx, `UPDATE outbox SET delivery = ?, updated_at = ? WHERE sid = ?`, status, formatTime(now), sid)
		return err
	})
	return known, err
}

// SubscribedGroups lists the active groups that have at least one active
// subscription of a member who has not opted out.
func (s *Store) SubscribedGroups(ctx context.Context) ([]directory.Group, error) {
	return s.queryGroups(ctx, `SELECT g.id, g.code, g.data FROM groups g
		WHERE g.status = 'active' AND EXISTS (SELECT 1 FROM subscriptions su JOIN members m ON m.id = su.member_id
			WHERE su.group_id = g.id AND su.state = 'active' AND m.opted_out_at IS NULL)
		ORDER BY g.id`)
}

// EndedSubscribers lists the active subscriptions of members who have
// not opted out to groups taken off the line, by subscription.
func (s *Store) EndedSubscribers(ctx context.Context) ([]directory.Subscriber, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT su.id, su.group_id, m.id, m.number, su.channel, su.lang FROM subscriptions su
		JOIN members m ON m.id = su.member_id JOIN groups g ON g.id = su.group_id
		WHERE g.status = ? AND su.state = 'active' AND m.opted_out_at IS NULL ORDER BY su.id`, directory.StatusInactive)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Subscriber
	for rows.Next() {
		var sub directory.Subscriber
		if err := rows.Scan(&sub.SubscriptionID, &sub.GroupID, &sub.MemberID, &sub.Number, &sub.Channel, &sub.Lang); err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// Subscribers lists a group's active subscriptions of members who have
// not opted out, by subscription.
func (s *Store) Subscribers(ctx context.Context, groupID int64) ([]directory.Subscriber, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT su.id, m.id, m.number, su.channel, su.lang FROM subscriptions su
		JOIN members m ON m.id = su.member_id
		WHERE su.group_id = ? AND su.state = 'active' AND m.opted_out_at IS NULL ORDER BY su.id`, groupID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Subscriber
	for rows.Next() {
		var sub directory.Subscriber
		if err := rows.Scan(&sub.SubscriptionID, &sub.MemberID, &sub.Number, &sub.Channel, &sub.Lang); err != nil {
			return nil, err
		}
		out = append(out, sub)
	}
	return out, rows.Err()
}

// StillWanted reports whether a message should still go out: its
// subscription is active (for a reminder) and its member has not opted
// out since it was queued.
func (s *Store) StillWanted(ctx context.Context, it directory.Outgoing) (bool, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM members m WHERE m.id = ? AND m.opted_out_at IS NULL
		AND (? = 0 OR EXISTS (SELECT 1 FROM subscriptions su WHERE su.id = ? AND su.state = 'active'))`,
		it.MemberID, it.SubscriptionID, it.SubscriptionID).Scan(&n)
	return n > 0, err
}

// CancelMeeting records that a group's meeting on a (local) day will not
// take place.
func (s *Store) CancelMeeting(ctx context.Context, groupID int64, day recur.Date, now time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO cancellations (group_id, day, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING`,
		groupID, day.String(), formatTime(now))
	return err
}

// UncancelMeeting undoes a cancellation: the meeting takes place after all.
func (s *Store) UncancelMeeting(ctx context.Context, groupID int64, day recur.Date) (bool, error) {
	res, err := s.exec(ctx, `DELETE FROM cancellations WHERE group_id = ? AND day = ?`, groupID, day.String())
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// WaitEntries lists a number's open wait-list entries, oldest first.
func (s *Store) WaitEntries(ctx context.Context, number string) ([]directory.WaitEntry, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT `+waitColumns+`
		WHERE m.number = ? AND w.closed_at IS NULL ORDER BY w.id`, num)
	if err != nil {
		return nil, err
	}
	return scanWaitEntries(rows)
}

// ConfirmListing records that a group still meets as listed.
func (s *Store) ConfirmListing(ctx context.Context, groupID int64, by string, now time.Time) error {
	_, err := s.exec(ctx, `INSERT INTO listing_checks (group_id, confirmed_at, confirmed_by) VALUES (?, ?, ?)
		ON CONFLICT (group_id) DO UPDATE SET confirmed_at = excluded.confirmed_at, confirmed_by = excluded.confirmed_by`,
		groupID, formatTime(now), by)
	return err
}

// listingSeen is when a listing was last known right: its confirmation
// or its last change, whichever is later.
const listingSeen = `SELECT g.code, g.name, ` + seenAt + `,
	CASE WHEN coalesce(c.confirmed_at, '') >= g.updated_at THEN c.confirmed_by ELSE '' END
	FROM groups g LEFT JOIN listing_checks c ON c.group_id = g.id`

// seenAt is the later of a listing's change and its confirmation.
const seenAt = `CASE WHEN coalesce(c.confirmed_at, '') > g.updated_at THEN c.confirmed_at ELSE g.updated_at END`

// Unconfirmed lists the active, spreadsheet-kept groups last seen right
// before a time, longest first.
func (s *Store) Unconfirmed(ctx context.Context, before time.Time) ([]directory.Listing, error) {
	rows, err := s.read.QueryContext(ctx, listingSeen+` WHERE g.status = 'active' AND g.source = ''
		AND `+seenAt+` < ? ORDER BY 3, g.code`, formatTime(before))
	return collect(rows, err, scanListing)
}

// Confirmed is when a group's listing was last seen right.
func (s *Store) Confirmed(ctx context.Context, groupID int64) (directory.Listing, bool, error) {
	l, err := scanListing(s.read.QueryRowContext(ctx, listingSeen+` WHERE g.id = ?`, groupID))
	if errors.Is(err, sql.ErrNoRows) {
		return l, false, nil
	}
	return l, err == nil, err
}

func scanListing(row interface{ Scan(...any) error }) (directory.Listing, error) {
	var l directory.Listing
	var seen string
	var by sql.NullString
	err := row.Scan(&l.Code, &l.Name, &seen, &by)
	l.Seen, l.By = parseTime(seen), by.String
	return l, err
}

// OpenWaitlist lists wait-list entries not yet closed, of members who
// have not opted out.
func (s *Store) OpenWaitlist(ctx context.Context) ([]directory.WaitEntry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+waitColumns+`
		WHERE w.closed_at IS NULL AND m.opted_out_at IS NULL ORDER BY w.id`)
	if err != nil {
		return nil, err
	}
	return scanWaitEntries(rows)
}

// waitColumns are a wait-list entry's, with its member's number.
const waitColumns = `w.id, w.member_id, m.number, w.concern, w.area, w.npa, w.channel, w.lang, w.consent_id, w.created_at
	FROM waitlist w JOIN members m ON m.id = w.member_id`

// scanWaitEntries reads wait-list entries, as waitColumns lists them.
func scanWaitEntries(rows *sql.Rows) ([]directory.WaitEntry, error) {
	defer rows.Close()
	var out []directory.WaitEntry
	for rows.Next() {
		var e directory.WaitEntry
		var created string
		if err := rows.Scan(&e.ID, &e.MemberID, &e.Number, &e.Concern, &e.Area, &e.NPA, &e.Channel, &e.Lang, &e.ConsentID, &created); err != nil {
			return nil, err
		}
		e.CreatedAt = parseTime(created)
		out = append(out, e)
	}
	return out, rows.Err()
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func timeOrEmpty(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return formatTime(t)
}

// CountPending counts the messages queued and not yet sent.
func (s *Store) CountPending(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM outbox WHERE state IN ('pending', 'sending')`).Scan(&n)
	return n, err
}

// CountWaiting counts the open wait-list entries.
func (s *Store) CountWaiting(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM waitlist WHERE closed_at IS NULL`).Scan(&n)
	return n, err
}
