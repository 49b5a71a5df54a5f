package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/peerline/peerline/directory"
)

// errNothingQueued rolls an invitation back when every message of it was
// queued before.
var errNothingQueued = errors.New("nothing to queue")

// OfferToStart keeps a caller's offer to help start a group.
func (s *Store) OfferToStart(ctx context.Context, o directory.StartOffer) (directory.StartOffer, error) {
	if o.Concern == "" || o.Area == "" || o.At.IsZero() {
		return o, errors.New("an offer to help start a group needs a concern, an area and a time")
	}
	if o.Via != directory.ViaVoice && o.Via != directory.ViaSMS {
		return o, fmt.Errorf("an offer to help start a group given via %q", o.Via)
	}
	lang, err := directory.MemberLang(o.Lang)
	if err != nil {
		return o, err
	}
	o.Lang = lang
	if o.Number != "" {
		if o.Number, err = directory.MemberNumber(o.Number); err != nil {
			return o, err
		}
		if o.Wording == "" {
			return o, errors.New("an offer with a number to call back needs the wording the caller agreed to")
		}
	}
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var err error
		o.ID, err = insertID(ctx, tx, `INSERT INTO start_offers (at, concern, area, place, via, lang, number, wording)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, formatTime(o.At), o.Concern, o.Area, o.Place, o.Via, o.Lang, o.Number, o.Wording)
		if err != nil || o.Number == "" {
			return err
		}
		return callBackConsent(ctx, tx, o)
	})
	if err != nil {
		return o, fmt.Errorf("keeping an offer to help start a group: %w", err)
	}
	return o, nil
}

// callBackConsent keeps a caller's yes to being called back as a consent
// record, with the others: `member consents` shows every consent. A
// member who sent STOP to our texts may still ask a person to call them,
// so, unlike an opt-in, it does not check for STOP.
func callBackConsent(ctx context.Context, tx *sql.Tx, o directory.StartOffer) error {
	c := directory.Consent{At: o.At, Via: o.Via, Purpose: directory.PurposeStart, Contact: directory.ByCall, Lang: o.Lang,
		Wording: o.Wording, Ref: directory.StartRef(o.ID)}
	if err := c.Check(directory.ByCall, directory.PurposeStart); err != nil {
		return err
	}
	var member int64
	err := tx.QueryRowContext(ctx, `INSERT INTO members (number, lang, created_at) VALUES (?, ?, ?)
		ON CONFLICT (number) DO UPDATE SET number = excluded.number RETURNING id`, o.Number, string(o.Lang), formatTime(o.At)).Scan(&member)
	if err != nil {
		return err
	}
	_, err = insertConsent(ctx, tx, member, c)
	return err
}

// StartOffers lists the offers, those not handled first, newest first.
func (s *Store) StartOffers(ctx context.Context) ([]directory.StartOffer, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, concern, area, place, via, lang, number, wording,
		coalesce(handled_at, ''), handled_by, note FROM start_offers
		ORDER BY CASE WHEN handled_at IS NULL THEN 0 ELSE 1 END, at DESC, id DESC`)
	return collect(rows, err, func(r interface{ Scan(...any) error }) (directory.StartOffer, error) {
		var o directory.StartOffer
		var at, handled string
		err := r.Scan(&o.ID, &at, &o.Concern, &o.Area, &o.Place, &o.Via, &o.Lang, &o.Number, &o.Wording, &handled, &o.HandledBy, &o.Note)
		o.At, o.HandledAt = parseTime(at), parseTime(handled)
		return o, err
	})
}

// HandleStartOffer marks an offer handled, with a note.
func (s *Store) HandleStartOffer(ctx context.Context, id int64, by, note string, now time.Time) error {
	res, err := s.exec(ctx, `UPDATE start_offers SET handled_at = ?, handled_by = ?, note = ? WHERE id = ?`,
		formatTime(now), by, note, id)
	if err != nil {
		return fmt.Errorf("handling offer %d: %w", id, err)
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return noOffer(err)
	}
	return nil
}

// Invitees lists the open wait-list entries for a concern in an area.
func (s *Store) Invitees(ctx context.Context, concern, area string) ([]directory.Invitee, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT w.id, w.member_id, m.number, w.concern, w.area, w.npa, w.channel, w.lang,
		w.consent_id, w.created_at, c.wording, m.opted_out_at IS NOT NULL, i.waitlist_id IS NOT NULL
		FROM waitlist w JOIN members m ON m.id = w.member_id JOIN consents c ON c.id = w.consent_id
		LEFT JOIN invitees i ON i.waitlist_id = w.id
		WHERE w.concern = ? AND w.area = ? AND w.closed_at IS NULL ORDER BY w.id`, concern, area)
	return collect(rows, err, func(r interface{ Scan(...any) error }) (directory.Invitee, error) {
		var in directory.Invitee
		var at string
		err := r.Scan(&in.ID, &in.MemberID, &in.Number, &in.Concern, &in.Area, &in.NPA, &in.Channel, &in.Lang,
			&in.ConsentID, &at, &in.Wording, &in.OptedOut, &in.Invited)
		in.CreatedAt = parseTime(at)
		return in, err
	})
}

// Invite records an invitation and queues its messages, in one
// transaction. A message goes only to an open entry of a member who has
// not opted out, once per entry (its key).
func (s *Store) Invite(ctx context.Context, inv directory.Invitation, items []directory.Outgoing, now time.Time) (directory.Invitation, int, error) {
	queued := 0
	err := s.tx(ctx, func(tx *sql.Tx) error {
		queued = 0
		var err error
		inv.CreatedAt = now
		inv.ID, err = insertID(ctx, tx, `INSERT INTO invitations (concern, area, place, people, phone, sent_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, inv.Concern, inv.Area, inv.Place, inv.People, inv.Phone, inv.SentBy, formatTime(now))
		if err != nil {
			return err
		}
		for _, it := range items {
			n, err := s.inviteOne(ctx, tx, inv.ID, it, now)
			if err != nil {
				return err
			}
			queued += n
		}
		if queued == 0 {
			return errNothingQueued
		}
		return nil
	})
	if errors.Is(err, errNothingQueued) {
		return directory.Invitation{}, 0, nil
	}
	if err != nil {
		return directory.Invitation{}, 0, fmt.Errorf("inviting to help start a group: %w", err)
	}
	return inv, queued, nil
}

func (s *Store) inviteOne(ctx context.Context, tx *sql.Tx, invitation int64, it directory.Outgoing, now time.Time) (int, error) {
	stamp := formatTime(now)
	res, err := tx.ExecContext(ctx, `INSERT INTO outbox (key, kind, waitlist_id, member_id, channel, lang, due_at, created_at, updated_at)
		SELECT ?, ?, w.id, w.member_id, ?, ?, ?, ?, ? FROM waitlist w JOIN members m ON m.id = w.member_id
		WHERE w.id = ? AND w.closed_at IS NULL AND m.opted_out_at IS NULL
		ON CONFLICT DO NOTHING`,
		directory.InviteKey(it.WaitlistID), directory.SendInvite, it.Channel, it.Lang, formatTime(it.DueAt), stamp, stamp, it.WaitlistID)
	if err != nil {
		return 0, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return 0, err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO invitees (waitlist_id, invitation_id) VALUES (?, ?) ON CONFLICT DO NOTHING`,
		it.WaitlistID, invitation)
	return int(n), err
}

// InvitationFor is the invitation a wait-list entry was sent.
func (s *Store) InvitationFor(ctx context.Context, waitlistID int64) (directory.Invitation, bool, error) {
	var inv directory.Invitation
	var at string
	err := s.read.QueryRowContext(ctx, `SELECT v.id, v.concern, v.area, v.place, v.people, v.phone, v.sent_by, v.created_at
		FROM invitees i JOIN invitations v ON v.id = i.invitation_id WHERE i.waitlist_id = ?`, waitlistID).
		Scan(&inv.ID, &inv.Concern, &inv.Area, &inv.Place, &inv.People, &inv.Phone, &inv.SentBy, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return inv, false, nil
	}
	if err != nil {
		return inv, false, fmt.Errorf("reading the invitation of wait-list entry %d: %w", waitlistID, err)
	}
	inv.CreatedAt = parseTime(at)
	return inv, true, nil
}

// noOffer is err, or ErrNoOffer when there is none.
func noOffer(err error) error {
	if err != nil {
		return err
	}
	return directory.ErrNoOffer
}
