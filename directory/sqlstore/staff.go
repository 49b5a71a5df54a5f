package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/peerline/peerline/directory"
)

// AddStaff adds a console account; its e-mail is kept in lower case.
func (s *Store) AddStaff(ctx context.Context, st directory.Staff) (directory.Staff, error) {
	st.Email = strings.ToLower(strings.TrimSpace(st.Email))
	if err := s.settled(ctx); err != nil {
		return st, err
	}
	s.eng.Wrote()
	id, err := insertID(ctx, s.write, `INSERT INTO staff (email, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)`,
		st.Email, st.Name, st.Role, st.Hash, formatTime(st.Created))
	if err != nil && s.eng.IsUnique(err) {
		return st, directory.ErrStaffExists
	}
	st.ID = id
	return st, err
}

const staffColumns = `id, email, name, role, hash, created_at`

func scanStaff(row interface{ Scan(...any) error }) (directory.Staff, error) {
	var st directory.Staff
	var created string
	err := row.Scan(&st.ID, &st.Email, &st.Name, &st.Role, &st.Hash, &created)
	st.Created = parseTime(created)
	return st, err
}

func (s *Store) oneStaff(ctx context.Context, where string, arg any) (directory.Staff, bool, error) {
	st, err := scanStaff(s.read.QueryRowContext(ctx, `SELECT `+staffColumns+` FROM staff WHERE `+where, arg))
	if errors.Is(err, sql.ErrNoRows) {
		return st, false, nil
	}
	return st, err == nil, err
}

// StaffByEmail finds an account by its e-mail, in any case.
func (s *Store) StaffByEmail(ctx context.Context, email string) (directory.Staff, bool, error) {
	return s.oneStaff(ctx, `email = ?`, strings.ToLower(strings.TrimSpace(email)))
}

// StaffByID finds an account by its id.
func (s *Store) StaffByID(ctx context.Context, id int64) (directory.Staff, bool, error) {
	return s.oneStaff(ctx, `id = ?`, id)
}

// StaffList lists the accounts by e-mail.
func (s *Store) StaffList(ctx context.Context) ([]directory.Staff, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT `+staffColumns+` FROM staff ORDER BY email`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Staff
	for rows.Next() {
		st, err := scanStaff(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func (s *Store) changeStaff(ctx context.Context, query string, args ...any) (bool, error) {
	res, err := s.exec(ctx, query, args...)
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	return n > 0, err
}

// RemoveStaff removes an account.
func (s *Store) RemoveStaff(ctx context.Context, email string) (bool, error) {
	return s.changeStaff(ctx, `DELETE FROM staff WHERE email = ?`, strings.ToLower(strings.TrimSpace(email)))
}

// SetStaffPassword replaces an account's password hash.
func (s *Store) SetStaffPassword(ctx context.Context, email, hash string) (bool, error) {
	return s.changeStaff(ctx, `UPDATE staff SET hash = ? WHERE email = ?`, hash, strings.ToLower(strings.TrimSpace(email)))
}

// SetStaffRole changes an account's role.
func (s *Store) SetStaffRole(ctx context.Context, email string, role directory.Role) (bool, error) {
	return s.changeStaff(ctx, `UPDATE staff SET role = ? WHERE email = ?`, role, strings.ToLower(strings.TrimSpace(email)))
}

// AddAudit records a change a person made.
func (s *Store) AddAudit(ctx context.Context, e directory.AuditEntry) error {
	_, err := s.exec(ctx, `INSERT INTO audit_log (at, who, action, object, old, new) VALUES (?, ?, ?, ?, ?, ?)`,
		formatTime(e.At), e.Who, e.Action, e.Object, e.Old, e.New)
	return err
}

// AuditLog lists the newest entries first, at most limit.
func (s *Store) AuditLog(ctx context.Context, limit int) ([]directory.AuditEntry, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, at, who, action, object, old, new FROM audit_log ORDER BY at DESC, id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.AuditEntry
	for rows.Next() {
		var e directory.AuditEntry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Who, &e.Action, &e.Object, &e.Old, &e.New); err != nil {
			return nil, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// HandleVoicemail marks a voicemail handled, with a note.
func (s *Store) HandleVoicemail(ctx context.Context, id int64, n directory.VoicemailNote) (bool, error) {
	return s.changeStaff(ctx, `UPDATE voicemails SET handled_at = ?, handled_by = ?, note = ? WHERE id = ?`,
		formatTime(n.Handled), n.By, n.Note, id)
}

// VoicemailNotes is how each handled voicemail was handled, by id.
func (s *Store) VoicemailNotes(ctx context.Context) (map[int64]directory.VoicemailNote, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT id, handled_at, handled_by, note FROM voicemails WHERE handled_at != ''`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]directory.VoicemailNote{}
	for rows.Next() {
		var id int64
		var n directory.VoicemailNote
		var at string
		if err := rows.Scan(&id, &at, &n.By, &n.Note); err != nil {
			return nil, err
		}
		n.Handled = parseTime(at)
		out[id] = n
	}
	return out, rows.Err()
}
