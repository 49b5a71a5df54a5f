package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/recur"
)

// Import writes the rows of an import in one transaction, so a directory
// is never half-written: each row is added, or updated in place by its
// source id, or left alone when nothing in it changed. A group keeps its
// code across re-imports; a row may set a code, which must be free.
// Rows that cannot go in are added to imp.Report; the rest still do.
func (s *Store) Import(ctx context.Context, imp *directory.Import, now time.Time) error {
	return s.tx(ctx, func(tx *sql.Tx) error {
		ins, err := newIndexWriter(ctx, tx)
		if err != nil {
			return err
		}
		defer ins.close()
		return s.importRows(ctx, tx, ins, imp, now)
	})
}

// importRows adds or updates an import's rows inside tx.
func (s *Store) importRows(ctx context.Context, tx *sql.Tx, ins *indexWriter, imp *directory.Import, now time.Time) error {
	seenID := map[string]int{}
	seenCode := map[int]int{}
	next, err := nextCode(ctx, tx)
	if err != nil {
		return err
	}
	for i := range imp.Rows {
		row := &imp.Rows[i]
		g := &row.Group
		if prev, dup := seenID[g.SourceID]; dup {
			imp.Report.Fail(row.File, row.Line, fmt.Errorf("id %q already used on line %d", g.SourceID, prev))
			continue
		}
		seenID[g.SourceID] = row.Line
		if g.Code != 0 {
			if prev, dup := seenCode[g.Code]; dup {
				imp.Report.Fail(row.File, row.Line, fmt.Errorf("code %d already used on line %d", g.Code, prev))
				continue
			}
			seenCode[g.Code] = row.Line
		}
		outcome, err := s.put(ctx, tx, ins, g, &next, now)
		var clash codeClash
		switch {
		case errors.As(err, &clash):
			imp.Report.Fail(row.File, row.Line, err)
		case err != nil:
			return fmt.Errorf("%s:%d: %w", row.File, row.Line, err)
		}
		switch outcome {
		case added:
			imp.Report.Added++
		case updated:
			imp.Report.Updated++
		case unchanged:
			imp.Report.Unchanged++
		}
	}
	return nil
}

type outcome int

const (
	failed outcome = iota
	added
	updated
	unchanged
)

type codeClash struct {
	code  int
	owner string
}

func (c codeClash) Error() string {
	return fmt.Sprintf("code %d already belongs to group %q", c.code, c.owner)
}

// put adds or updates one group inside an import's transaction.
func (s *Store) put(ctx context.Context, tx *sql.Tx, ix *indexWriter, g *directory.Group, next *int, now time.Time) (outcome, error) {
	var id int64
	var code int
	var hash string
	err := tx.QueryRowContext(ctx, `SELECT id, code, hash FROM groups WHERE source_id = ?`, g.SourceID).Scan(&id, &code, &hash)
	exists := err == nil
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return failed, err
	}
	switch {
	case g.Code == 0 && exists:
		g.Code = code
	case g.Code == 0:
		g.Code = *next
	case g.Code != code:
		var owner string
		err := tx.QueryRowContext(ctx, `SELECT source_id FROM groups WHERE code = ?`, g.Code).Scan(&owner)
		if err == nil {
			return failed, codeClash{g.Code, owner}
		} else if !errors.Is(err, sql.ErrNoRows) {
			return failed, err
		}
	}
	*next = max(*next, g.Code+1)
	data, newHash, err := encodeGroup(g)
	if err != nil {
		return failed, err
	}
	if exists && newHash != hash && g.ConcernWords == "" {
		// Data that does not carry staff's words for the concerns (an HSDS
		// package, a feed) keeps those the group has, if it names the same.
		if kept, err := keepConcernWords(ctx, tx, id, g); err != nil {
			return failed, err
		} else if kept {
			if data, newHash, err = encodeGroup(g); err != nil {
				return failed, err
			}
		}
	}
	if exists && newHash == hash {
		g.ID = id
		return unchanged, nil
	}
	result := updated
	if exists {
		_, err = tx.ExecContext(ctx, `UPDATE groups SET code = ?, name = ?, status = ?, source = ?, data = ?, hash = ?, updated_at = ? WHERE id = ?`,
			g.Code, g.Name, g.Status, g.Source, data, newHash, formatTime(now), id)
	} else {
		result = added
		id, err = insertID(ctx, tx, `INSERT INTO groups (code, source_id, name, status, source, data, hash, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			g.Code, g.SourceID, g.Name, g.Status, g.Source, data, newHash, formatTime(now))
	}
	if err != nil {
		return failed, err
	}
	g.ID = id
	return result, ix.write(ctx, g)
}

// encodeGroup is a group as stored, and its hash.
func encodeGroup(g *directory.Group) ([]byte, string, error) {
	data, err := json.Marshal(g)
	if err != nil {
		return nil, "", err
	}
	sum := sha256.Sum256(data)
	return data, hex.EncodeToString(sum[:]), nil
}

// keepConcernWords gives g the words staff used for its concerns, from
// the stored group id, when the concerns are the same.
func keepConcernWords(ctx context.Context, tx *sql.Tx, id int64, g *directory.Group) (bool, error) {
	var data string
	if err := tx.QueryRowContext(ctx, `SELECT data FROM groups WHERE id = ?`, id).Scan(&data); err != nil {
		return false, err
	}
	var old directory.Group
	if err := json.Unmarshal([]byte(data), &old); err != nil {
		return false, err
	}
	if old.ConcernWords == "" || !slices.Equal(old.Concerns, g.Concerns) {
		return false, nil
	}
	g.ConcernWords = old.ConcernWords
	return true, nil
}

func nextCode(ctx context.Context, tx *sql.Tx) (int, error) {
	var top sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(code) FROM groups`).Scan(&top); err != nil {
		return 0, err
	}
	return max(directory.FirstCode, int(top.Int64)+1), nil
}

// indexWriter keeps a group's rows in group_index in step with the group.
type indexWriter struct {
	del, ins *sql.Stmt
}

func newIndexWriter(ctx context.Context, tx *sql.Tx) (*indexWriter, error) {
	del, err := tx.PrepareContext(ctx, `DELETE FROM group_index WHERE group_id = ?`)
	if err != nil {
		return nil, err
	}
	ins, err := tx.PrepareContext(ctx, `INSERT INTO group_index
		(concern, scope, mode, group_id, code, lat, lon, french, english) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`)
	if err != nil {
		del.Close()
		return nil, err
	}
	return &indexWriter{del: del, ins: ins}, nil
}

func (ix *indexWriter) close() { ix.del.Close(); ix.ins.Close() }

// write replaces the group's index rows with the ways it is offered.
func (ix *indexWriter) write(ctx context.Context, g *directory.Group) error {
	if _, err := ix.del.ExecContext(ctx, g.ID); err != nil {
		return err
	}
	e := g.IndexEntry()
	for _, k := range g.IndexKeys() {
		if _, err := ix.ins.ExecContext(ctx, k.Concern, k.Scope, k.Mode, e.ID, e.Code, e.Lat, e.Lon, e.French, e.English); err != nil {
			return err
		}
	}
	return nil
}

// Groups lists every group in the directory, by code.
func (s *Store) Groups(ctx context.Context) ([]directory.Group, error) {
	return s.queryGroups(ctx, `SELECT id, code, data FROM groups ORDER BY code`)
}

// Group returns the group with the given code.
func (s *Store) Group(ctx context.Context, code int) (directory.Group, bool, error) {
	gs, err := s.queryGroups(ctx, `SELECT id, code, data FROM groups WHERE code = ?`, code)
	if err != nil || len(gs) == 0 {
		return directory.Group{}, false, err
	}
	return gs[0], true, nil
}

// GroupByID returns the group with the given store id.
func (s *Store) GroupByID(ctx context.Context, id int64) (directory.Group, bool, error) {
	gs, err := s.queryGroups(ctx, `SELECT id, code, data FROM groups WHERE id = ?`, id)
	if err != nil || len(gs) == 0 {
		return directory.Group{}, false, err
	}
	return gs[0], true, nil
}

// CountGroups counts the groups in the directory.
func (s *Store) CountGroups(ctx context.Context) (int, error) {
	var n int
	err := s.read.QueryRowContext(ctx, `SELECT count(*) FROM groups`).Scan(&n)
	return n, err
}

func (s *Store) queryGroups(ctx context.Context, query string, args ...any) ([]directory.Group, error) {
	out, err := s.readGroups(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return out, s.attachCancellations(ctx, out)
}

// readGroups reads groups without their cancelled meetings.
func (s *Store) readGroups(ctx context.Context, query string, args ...any) ([]directory.Group, error) {
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []directory.Group
	for rows.Next() {
		g, err := scanGroup(rows)
		if err != nil {
			return nil, err
		}
		g.SetLocation(s.zone(g.Zone))
		out = append(out, g)
	}
	return out, rows.Err()
}

// attachCancellations fills in the cancelled days of groups just read.
func (s *Store) attachCancellations(ctx context.Context, groups []directory.Group) error {
	if len(groups) == 0 {
		return nil
	}
	query, args := `SELECT group_id, day FROM cancellations`, []any{}
	if len(groups) <= 100 {
		query += ` WHERE group_id IN (?` + strings.Repeat(",?", len(groups)-1) + `)`
		for _, g := range groups {
			args = append(args, g.ID)
		}
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("reading cancelled meetings: %w", err)
	}
	defer rows.Close()
	at := make(map[int64]int, len(groups))
	for i, g := range groups {
		at[g.ID] = i
	}
	for rows.Next() {
		var id int64
		var day string
		if err := rows.Scan(&id, &day); err != nil {
			return err
		}
		i, ok := at[id]
		d, err := recur.ParseDate(day)
		if ok && err == nil {
			groups[i].Cancelled = append(groups[i].Cancelled, d)
		}
	}
	return rows.Err()
}

func scanGroup(rows *sql.Rows) (directory.Group, error) {
	var g directory.Group
	var id int64
	var code int
	var data []byte
	if err := rows.Scan(&id, &code, &data); err != nil {
		return g, err
	}
	if err := json.Unmarshal(data, &g); err != nil {
		return g, fmt.Errorf("group %d: %w", code, err)
	}
	g.ID, g.Code = id, code
	return g, nil
}
