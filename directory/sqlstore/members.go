package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
)

// Member returns the member with the given number, in any common format.
func (s *Store) Member(ctx context.Context, number string) (directory.Member, bool, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return directory.Member{}, false, err
	}
	var m directory.Member
	var lang, created string
	var cannot, out sql.NullString
	err = s.read.QueryRowContext(ctx, `SELECT id, number, lang, cannot_text_at, opted_out_at, created_at FROM members WHERE number = ?`, num).
		Scan(&m.ID, &m.Number, &lang, &cannot, &out, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return directory.Member{}, false, nil
	} else if err != nil {
		return directory.Member{}, false, err
	}
	m.Lang, m.CannotText, m.OptedOut, m.CreatedAt = directory.Lang(lang), cannot.Valid, out.Valid, parseTime(created)
	return m, true, nil
}

// Subscribe records the consent and makes the member's subscription to the
// group active (creating the member and the subscription, or re-activating
// a stopped one with the new channel, language and consent). It refuses a
// member who is opted out (STOP) with ErrOptedOut — they must opt back in
// first — and a group that is not active with ErrGroupNotActive.
// Subscribing again to an active subscription keeps the one row and moves
// it to the new channel, language and consent.
func (s *Store) Subscribe(ctx context.Context, number string, groupID int64, ch directory.Channel, c directory.Consent) (directory.Subscription, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return directory.Subscription{}, err
	}
	if err := c.Check(ch, directory.PurposeReminders); err != nil {
		return directory.Subscription{}, err
	}
	var sub directory.Subscription
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var code int
		var name, status string
		err := tx.QueryRowContext(ctx, `SELECT code, name, status FROM groups WHERE id = ?`, groupID).Scan(&code, &name, &status)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("subscribing: no group with id %d: %w", groupID, directory.ErrGroupNotActive)
		} else if err != nil {
			return err
		}
		if directory.Status(status) != directory.StatusActive {
			return fmt.Errorf("subscribing to group %d (%s): %w", code, status, directory.ErrGroupNotActive)
		}
		if c.Ref == "" {
			c.Ref = strconv.Itoa(code)
		}
		memberID, consentID, err := consentFrom(ctx, tx, num, c)
		if err != nil {
			return err
		}
		var created string
		err = tx.QueryRowContext(ctx, `INSERT INTO subscriptions (member_id, group_id, channel, lang, state, consent_id, created_at)
			VALUES (?, ?, ?, ?, 'active', ?, ?)
			ON CONFLICT (member_id, group_id) DO UPDATE SET
				channel = excluded.channel, lang = excluded.lang, state = 'active',
				consent_id = excluded.consent_id, stopped_at = NULL
			RETURNING id, created_at`,
			memberID, groupID, string(ch), string(c.Lang), consentID, formatTime(c.At)).Scan(&sub.ID, &created)
		if err != nil {
			return err
		}
		sub = directory.Subscription{ID: sub.ID, MemberID: memberID, Number: num, GroupID: groupID, GroupCode: code, GroupName: name,
			Channel: ch, Lang: c.Lang, State: directory.SubscriptionActive, ConsentID: consentID, CreatedAt: parseTime(created)}
		return nil
	})
	if err != nil {
		return directory.Subscription{}, err
	}
	return sub, nil
}

// Subscriptions lists the member's active subscriptions with group code and
// name, oldest first. An unknown number has none.
func (s *Store) Subscriptions(ctx context.Context, number string) ([]directory.Subscription, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return nil, err
	}
	rows, err := s.read.QueryContext(ctx, `SELECT s.id, s.member_id, m.number, s.group_id, g.code, g.name,
			s.channel, s.lang, s.state, s.consent_id, s.created_at
		FROM members m
		JOIN subscriptions s ON s.member_id = m.id
		JOIN groups g ON g.id = s.group_id
		WHERE m.number = ? AND s.state = 'active'
		ORDER BY s.created_at, s.id`, num)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Subscription
	for rows.Next() {
		var sub directory.Subscription
		var ch, lang, created string
		if err := rows.Scan(&sub.ID, &sub.MemberID, &sub.Number, &sub.GroupID, &sub.GroupCode, &sub.GroupName,
			&ch, &lang, &sub.State, &sub.ConsentID, &created); err != nil {
			return nil, err
		}
		sub.Channel, sub.Lang, sub.CreatedAt = directory.Channel(ch), directory.Lang(lang), parseTime(created)
		out = append(out, sub)
	}
	return out, rows.Err()
}

// StopSubscription stops one of the number's own subscriptions (false if it
// is not theirs or not active).
func (s *Store) StopSubscription(ctx context.Context, number string, id int64, at time.Time) (bool, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return false, err
	}
	var n int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE subscriptions SET state = 'stopped', stopped_at = ?
			WHERE id = ? AND state = 'active' AND member_id = (SELECT id FROM members WHERE number = ?)`,
			formatTime(at), id, num)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n == 1, err
}

// StopAll stops every active subscription of the number, returning how
// many.
func (s *Store) StopAll(ctx context.Context, number string, at time.Time) (int, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return 0, err
	}
	var n int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE subscriptions SET state = 'stopped', stopped_at = ?
			WHERE state = 'active' AND member_id = (SELECT id FROM members WHERE number = ?)`,
			formatTime(at), num)
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return int(n), err
}

// OptOut records STOP: the member is opted out and every active
// subscription becomes 'opted_out'; their open wait-list entries are
// closed too, since STOP withdraws consent to be contacted at all. It
// creates the member if unknown (so a later opt-in is refused until
// START). Idempotent: a second STOP keeps the time of the first.
func (s *Store) OptOut(ctx context.Context, number string, at time.Time) error {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return err
	}
	when := formatTime(at)
	return s.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO members (number, lang, opted_out_at, created_at) VALUES (?, 'en', ?, ?)
			ON CONFLICT (number) DO UPDATE SET opted_out_at = coalesce(members.opted_out_at, excluded.opted_out_at)
			RETURNING id`, num, when, when).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE subscriptions SET state = 'opted_out', stopped_at = ?
			WHERE member_id = ? AND state = 'active'`, when, id); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE waitlist SET closed_at = ? WHERE member_id = ? AND closed_at IS NULL`, when, id)
		return err
	})
}

// OptIn clears an opt-out (START) without restarting any subscription or
// wait-list entry: the member opts in to each again, and each of those
// opt-ins records its consent, so START itself keeps no time (at is for
// symmetry with OptOut). An unknown number is left unknown.
func (s *Store) OptIn(ctx context.Context, number string, at time.Time) error {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE members SET opted_out_at = NULL WHERE number = ?`, num)
		return err
	})
}

// JoinWaitlist records the consent and an open wait-list entry: the member
// is to hear when a group for concern starts in area (a complex key like
// "705"); npa is the area code they called or texted from. It is
// idempotent per member+concern+area: a second call returns the open entry,
// updated with the new npa, channel, language and consent. Like Subscribe,
// it refuses an opted-out member with ErrOptedOut.
func (s *Store) JoinWaitlist(ctx context.Context, number, concern, area, npa string, ch directory.Channel, c directory.Consent) (directory.WaitEntry, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return directory.WaitEntry{}, err
	}
	concern, area, npa = strings.TrimSpace(concern), strings.TrimSpace(area), strings.TrimSpace(npa)
	if concern == "" || area == "" {
		return directory.WaitEntry{}, errors.New("joining the wait-list: a concern and an area are needed")
	}
	if err := c.Check(ch, directory.PurposeWaitlist); err != nil {
		return directory.WaitEntry{}, err
	}
	if c.Ref == "" {
		c.Ref = concern + ":" + area
	}
	var e directory.WaitEntry
	err = s.tx(ctx, func(tx *sql.Tx) error {
		memberID, consentID, err := consentFrom(ctx, tx, num, c)
		if err != nil {
			return err
		}
		var created string
		err = tx.QueryRowContext(ctx, `INSERT INTO waitlist (member_id, concern, area, npa, channel, lang, consent_id, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (member_id, concern, area) WHERE closed_at IS NULL DO UPDATE SET
				npa = excluded.npa, channel = excluded.channel, lang = excluded.lang, consent_id = excluded.consent_id
			RETURNING id, created_at`,
			memberID, concern, area, npa, string(ch), string(c.Lang), consentID, formatTime(c.At)).Scan(&e.ID, &created)
		if err != nil {
			return err
		}
		e = directory.WaitEntry{ID: e.ID, MemberID: memberID, Number: num, Concern: concern, Area: area, NPA: npa,
			Channel: ch, Lang: c.Lang, ConsentID: consentID, CreatedAt: parseTime(created)}
		return nil
	})
	if err != nil {
		return directory.WaitEntry{}, err
	}
	return e, nil
}

// SetCannotText records that a text to the number failed because it is not
// a mobile (Twilio 21614), keeping the time of the first such failure. A
// number that is not a member is not recorded: the line keeps no numbers
// it does not need.
func (s *Store) SetCannotText(ctx context.Context, number string, at time.Time) error {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return err
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE members SET cannot_text_at = coalesce(cannot_text_at, ?) WHERE number = ?`, formatTime(at), num)
		return err
	})
}

// SaveVoicemail stores a message left on the line. v.Caller is "" when
// the number was blocked; otherwise it must be a phone number.
func (s *Store) SaveVoicemail(ctx context.Context, v directory.Voicemail) error {
	caller := ""
	if strings.TrimSpace(v.Caller) != "" {
		var err error
		if caller, err = directory.MemberNumber(v.Caller); err != nil {
			return fmt.Errorf("voicemail caller: %w", err)
		}
	}
	if v.At.IsZero() {
		return errors.New("voicemail: no time")
	}
	if v.RecordingURL == "" {
		return errors.New("voicemail: no recording URL")
	}
	if v.Seconds < 0 {
		return fmt.Errorf("voicemail: negative duration %d", v.Seconds)
	}
	lang, err := directory.MemberLang(v.Lang)
	if err != nil {
		return fmt.Errorf("voicemail: %w", err)
	}
	return s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO voicemails (at, caller, recording_url, duration_seconds, lang) VALUES (?, ?, ?, ?, ?)`,
			formatTime(v.At), caller, v.RecordingURL, v.Seconds, string(lang))
		return err
	})
}

// Voicemails lists the messages left at or after since, oldest first.
func (s *Store) Voicemails(ctx context.Context, since time.Time) ([]directory.Voicemail, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, caller, recording_url, duration_seconds, lang
		FROM voicemails WHERE at >= ? ORDER BY at, id`, formatTime(since))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Voicemail
	for rows.Next() {
		var v directory.Voicemail
		var at, lang string
		if err := rows.Scan(&v.ID, &at, &v.Caller, &v.RecordingURL, &v.Seconds, &lang); err != nil {
			return nil, err
		}
		v.At, v.Lang = parseTime(at), directory.Lang(lang)
		out = append(out, v)
	}
	return out, rows.Err()
}

// Consents lists every consent the number gave, oldest first.
func (s *Store) Consents(ctx context.Context, number string) ([]directory.ConsentRecord, error) {
	num, err := directory.MemberNumber(number)
	if err != nil {
		return nil, err
	}
	return s.consentRecords(ctx, `WHERE m.number = ?`, num)
}

// consentRecords lists consent records with their members' numbers,
// oldest first, filtered by where.
func (s *Store) consentRecords(ctx context.Context, where string, args ...any) ([]directory.ConsentRecord, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT c.id, m.number, c.at, c.via, c.purpose, c.contact, c.lang, c.wording, c.ref
		FROM consents c JOIN members m ON m.id = c.member_id `+where+` ORDER BY c.at, c.id`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.ConsentRecord
	for rows.Next() {
		var r directory.ConsentRecord
		var at, contact, lang string
		if err := rows.Scan(&r.ID, &r.Number, &at, &r.Via, &r.Purpose, &contact, &lang, &r.Wording, &r.Ref); err != nil {
			return nil, err
		}
		r.At, r.Contact, r.Lang = parseTime(at), directory.Channel(contact), directory.Lang(lang)
		out = append(out, r)
	}
	return out, rows.Err()
}

// consentFrom records an opt-in: the member (created if new) and their
// consent, word for word. Both ways of opting in start here.
func consentFrom(ctx context.Context, tx *sql.Tx, num string, c directory.Consent) (memberID, consentID int64, err error) {
	if memberID, err = optingInMember(ctx, tx, num, c); err != nil {
		return 0, 0, err
	}
	consentID, err = insertConsent(ctx, tx, memberID, c)
	return memberID, consentID, err
}

// optingInMember returns the id of the member opting in with consent c,
// adding them if new and taking the consent's language as theirs. It
// fails with ErrOptedOut for a member who sent STOP.
func optingInMember(ctx context.Context, tx *sql.Tx, num string, c directory.Consent) (int64, error) {
	var id int64
	var out sql.NullString
	err := tx.QueryRowContext(ctx, `INSERT INTO members (number, lang, created_at) VALUES (?, ?, ?)
		ON CONFLICT (number) DO UPDATE SET lang = excluded.lang
		RETURNING id, opted_out_at`, num, string(c.Lang), formatTime(c.At)).Scan(&id, &out)
	if err != nil {
		return 0, err
	}
	if out.Valid {
		return 0, directory.ErrOptedOut // the transaction, and the language change, roll back
	}
	return id, nil
}

func insertConsent(ctx context.Context, tx *sql.Tx, memberID int64, c directory.Consent) (int64, error) {
	return insertID(ctx, tx, `INSERT INTO consents (member_id, at, via, purpose, contact, lang, wording, ref)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		memberID, formatTime(c.At), c.Via, c.Purpose, string(c.Contact), string(c.Lang), c.Wording, c.Ref)
}
