package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strings"
	"sync"
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

// importRows adds or updates an import's rows inside tx. A row that
// repeats an earlier row's id or code, or asks for a code another group
// has, is reported by its line; the others are written by putAll.
func (s *Store) importRows(ctx context.Context, tx *sql.Tx, ins *indexWriter, imp *directory.Import, now time.Time) error {
	seenID := map[string]int{}
	seenCode := map[int]int{}
	problems := make([]error, len(imp.Rows))
	var groups []*directory.Group
	var rowOf []int // the row of each of groups
	for i := range imp.Rows {
		row := &imp.Rows[i]
		g := &row.Group
		if prev, dup := seenID[g.SourceID]; dup {
			problems[i] = fmt.Errorf("id %q already used on line %d", g.SourceID, prev)
			continue
		}
		seenID[g.SourceID] = row.Line
		if g.Code != 0 {
			if prev, dup := seenCode[g.Code]; dup {
				problems[i] = fmt.Errorf("code %d already used on line %d", g.Code, prev)
				continue
			}
			seenCode[g.Code] = row.Line
		}
		groups = append(groups, g)
		rowOf = append(rowOf, i)
	}
	next, err := nextCode(ctx, tx)
	if err != nil {
		return err
	}
	outcomes, clashes, err := s.putAll(ctx, tx, ins, groups, &next, now)
	var bad rowFault
	switch {
	case errors.As(err, &bad):
		row := imp.Rows[rowOf[bad.i]]
		return fmt.Errorf("%s:%d: %w", row.File, row.Line, bad.err)
	case err != nil:
		return err
	}
	done := make([]outcome, len(imp.Rows))
	for j, i := range rowOf {
		problems[i], done[i] = clashes[j], outcomes[j]
	}
	for i, row := range imp.Rows {
		if problems[i] != nil {
			imp.Report.Fail(row.File, row.Line, problems[i])
			continue
		}
		switch done[i] {
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

// rowFault is an error of the i-th group given to putAll that stops the
// whole import.
type rowFault struct {
	i   int
	err error
}

func (f rowFault) Error() string { return fmt.Sprintf("group %d: %v", f.i+1, f.err) }
func (f rowFault) Unwrap() error { return f.err }

// put adds or updates one group inside an import's transaction.
func (s *Store) put(ctx context.Context, tx *sql.Tx, ix *indexWriter, g *directory.Group, next *int, now time.Time) (outcome, error) {
	outcomes, clashes, err := s.putAll(ctx, tx, ix, []*directory.Group{g}, next, now)
	var bad rowFault
	if errors.As(err, &bad) {
		err = bad.err
	}
	if err != nil {
		return failed, err
	}
	return outcomes[0], clashes[0]
}

// Sizes of the statements an import is written with: rows of a
// multi-row INSERT, keys of an IN list. Each statement stays far below
// the parameters an engine takes (SQLite 32,766, PostgreSQL 65,535),
// and an import of 100,000 groups takes a few hundred statements, not
// the round trips of a million.
const (
	groupsPerInsert = 500  // 8 parameters a group
	indexPerInsert  = 1000 // 9 parameters an index row
	keysPerLookup   = 500
)

// stored is what the store holds of a group an import names.
type stored struct {
	id   int64
	code int
	hash string
}

// putAll adds or updates groups inside tx, with the outcome put would
// have given each in turn: the same codes given and kept, the same
// clashes found, the same ids in the same order. A group that cannot go
// in has its codeClash in clashes; err (a rowFault when one group is
// the cause) stops the import. It reads what the store has of the groups
// in a few queries, decides every group's code in order, and writes the
// groups that changed, in that order, in multi-row statements.
func (s *Store) putAll(ctx context.Context, tx *sql.Tx, ix *indexWriter, groups []*directory.Group, next *int, now time.Time) ([]outcome, []error, error) {
	outcomes := make([]outcome, len(groups))
	clashes := make([]error, len(groups))
	known, owners, err := readStored(ctx, tx, groups)
	if err != nil {
		return nil, nil, err
	}

	// Codes, in order: owners follows the codes the database would hold
	// after each group written before.
	for i, g := range groups {
		old, exists := known[g.SourceID]
		switch {
		case g.Code == 0 && exists:
			g.Code = old.code
		case g.Code == 0:
			g.Code = *next
		case !exists || g.Code != old.code:
			if owner, taken := owners[g.Code]; taken {
				clashes[i] = codeClash{g.Code, owner}
				continue
			}
		}
		*next = max(*next, g.Code+1)
		if !exists || g.Code != old.code {
			if exists && owners[old.code] == g.SourceID {
				delete(owners, old.code)
			}
			owners[g.Code] = g.SourceID
		}
	}

	// The groups as stored, and their hashes.
	data := make([][]byte, len(groups))
	hashes := make([]string, len(groups))
	encodeErrs := make([]error, len(groups))
	eachInParallel(len(groups), func(i int) {
		if clashes[i] == nil {
			data[i], hashes[i], encodeErrs[i] = encodeGroup(groups[i])
		}
	})
	if i := slices.IndexFunc(encodeErrs, func(err error) bool { return err != nil }); i >= 0 {
		return nil, nil, rowFault{i, encodeErrs[i]}
	}
	if err := keepConcernWords(ctx, tx, groups, known, clashes, data, hashes); err != nil {
		return nil, nil, err
	}

	var write []int // the groups to write, in order
	for i, g := range groups {
		old, exists := known[g.SourceID]
		switch {
		case clashes[i] != nil:
			outcomes[i] = failed
		case exists && hashes[i] == old.hash:
			g.ID = old.id
			outcomes[i] = unchanged
		case exists:
			outcomes[i] = updated
			write = append(write, i)
		default:
			outcomes[i] = added
			write = append(write, i)
		}
	}
	for len(write) > 0 {
		n := min(len(write), groupsPerInsert)
		if err := writeGroups(ctx, tx, ix, groups, write[:n], outcomes, data, hashes, now); err != nil {
			return nil, nil, err
		}
		write = write[n:]
	}
	if err := ix.flush(ctx); err != nil {
		return nil, nil, err
	}
	return outcomes, clashes, nil
}

// readStored reads what the store has of the groups (by source id) and
// who holds the codes they ask for.
func readStored(ctx context.Context, tx *sql.Tx, groups []*directory.Group) (map[string]stored, map[int]string, error) {
	known := map[string]stored{}
	owners := map[int]string{}
	var one int
	switch err := tx.QueryRowContext(ctx, `SELECT 1 FROM groups LIMIT 1`).Scan(&one); {
	case errors.Is(err, sql.ErrNoRows):
		return known, owners, nil // an empty directory: the first import
	case err != nil:
		return nil, nil, err
	}
	ids := make([]any, 0, len(groups))
	var codes []any
	for _, g := range groups {
		ids = append(ids, g.SourceID)
		if g.Code != 0 {
			codes = append(codes, g.Code)
		}
	}
	err := queryIn(ctx, tx, `SELECT source_id, id, code, hash FROM groups WHERE source_id IN (%s)`, ids, func(rows *sql.Rows) error {
		var sourceID string
		var st stored
		if err := rows.Scan(&sourceID, &st.id, &st.code, &st.hash); err != nil {
			return err
		}
		known[sourceID] = st
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	err = queryIn(ctx, tx, `SELECT code, source_id FROM groups WHERE code IN (%s)`, codes, func(rows *sql.Rows) error {
		var code int
		var owner string
		if err := rows.Scan(&code, &owner); err != nil {
			return err
		}
		owners[code] = owner
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return known, owners, nil
}

// queryIn runs query, whose %s is a list of placeholders, for keys a
// chunk at a time, and gives scan each row.
func queryIn(ctx context.Context, tx *sql.Tx, query string, keys []any, scan func(*sql.Rows) error) error {
	for len(keys) > 0 {
		n := min(len(keys), keysPerLookup)
		rows, err := tx.QueryContext(ctx, fmt.Sprintf(query, placeholders(n, 1)), keys[:n]...)
		if err != nil {
			return err
		}
		for rows.Next() {
			if err := scan(rows); err != nil {
				rows.Close()
				return err
			}
		}
		if err := errors.Join(rows.Err(), rows.Close()); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// placeholders is n rows of width question marks: "(?, ?), (?, ?)"; a
// width of 1 is a bare list, "?, ?".
func placeholders(n, width int) string {
	row := "?" + strings.Repeat(", ?", width-1)
	if width > 1 {
		row = "(" + row + ")"
	}
	return row + strings.Repeat(", "+row, n-1)
}

// writeGroups writes the groups at, in their order, in one statement: an
// added group gets its id, an updated one keeps it. Then their index
// rows.
func writeGroups(ctx context.Context, tx *sql.Tx, ix *indexWriter, groups []*directory.Group, at []int, outcomes []outcome, data [][]byte, hashes []string, now time.Time) error {
	args := make([]any, 0, 8*len(at))
	updatedAt := formatTime(now)
	for _, i := range at {
		g := groups[i]
		args = append(args, g.Code, g.SourceID, g.Name, g.Status, g.Source, data[i], hashes[i], updatedAt)
	}
	rows, err := tx.QueryContext(ctx, `INSERT INTO groups (code, source_id, name, status, source, data, hash, updated_at) VALUES `+
		placeholders(len(at), 8)+` ON CONFLICT (source_id) DO UPDATE SET code = excluded.code, name = excluded.name,
		status = excluded.status, source = excluded.source, data = excluded.data, hash = excluded.hash,
		updated_at = excluded.updated_at RETURNING id, source_id`, args...)
	if err != nil {
		return err
	}
	ids := make(map[string]int64, len(at))
	for rows.Next() {
		var id int64
		var sourceID string
		if err := rows.Scan(&id, &sourceID); err != nil {
			rows.Close()
			return err
		}
		ids[sourceID] = id
	}
	if err := errors.Join(rows.Err(), rows.Close()); err != nil {
		return err
	}
	var stale []any // the updated groups, whose index rows go
	for _, i := range at {
		g := groups[i]
		id, ok := ids[g.SourceID]
		if !ok {
			return fmt.Errorf("group %q was written but its id was not returned", g.SourceID)
		}
		g.ID = id
		if outcomes[i] == updated {
			stale = append(stale, id)
		}
	}
	if err := ix.remove(ctx, stale); err != nil {
		return err
	}
	for _, i := range at {
		ix.add(groups[i])
		if err := ix.flushFull(ctx); err != nil {
			return err
		}
	}
	return nil
}

// eachInParallel calls fn(0) ... fn(n-1), on every core when n is large
// enough to be worth it.
func eachInParallel(n int, fn func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/256+1)
	if workers <= 1 {
		for i := range n {
			fn(i)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w; i < n; i += workers {
				fn(i)
			}
		})
	}
	wg.Wait()
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

// keepConcernWords gives the changed groups that carry no words of
// staff's for their concerns (an HSDS package, a feed) the words their
// stored group has, when the concerns are the same, and encodes them
// again.
func keepConcernWords(ctx context.Context, tx *sql.Tx, groups []*directory.Group, known map[string]stored, clashes []error, data [][]byte, hashes []string) error {
	byID := map[int64]int{}
	var ids []any
	for i, g := range groups {
		old, exists := known[g.SourceID]
		if exists && clashes[i] == nil && hashes[i] != old.hash && g.ConcernWords == "" {
			byID[old.id] = i
			ids = append(ids, old.id)
		}
	}
	return queryIn(ctx, tx, `SELECT id, data FROM groups WHERE id IN (%s)`, ids, func(rows *sql.Rows) error {
		var id int64
		var raw []byte
		if err := rows.Scan(&id, &raw); err != nil {
			return err
		}
		i, ok := byID[id]
		if !ok {
			return nil
		}
		var old directory.Group
		if err := json.Unmarshal(raw, &old); err != nil {
			return rowFault{i, err}
		}
		g := groups[i]
		if old.ConcernWords == "" || !slices.Equal(old.Concerns, g.Concerns) {
			return nil
		}
		g.ConcernWords = old.ConcernWords
		var err error
		if data[i], hashes[i], err = encodeGroup(g); err != nil {
			return rowFault{i, err}
		}
		return nil
	})
}

func nextCode(ctx context.Context, tx *sql.Tx) (int, error) {
	var top sql.NullInt64
	if err := tx.QueryRowContext(ctx, `SELECT max(code) FROM groups`).Scan(&top); err != nil {
		return 0, err
	}
	return max(directory.FirstCode, int(top.Int64)+1), nil
}

// indexWriter keeps groups' rows in group_index in step with the groups,
// in multi-row statements: rows added wait for a full statement, or for
// flush, which putAll calls before it returns.
type indexWriter struct {
	tx   *sql.Tx
	args []any // rows added, not yet written: 9 values each
}

func newIndexWriter(ctx context.Context, tx *sql.Tx) (*indexWriter, error) {
	return &indexWriter{tx: tx}, nil
}

func (ix *indexWriter) close() {}

// remove deletes the index rows of the groups with these ids.
func (ix *indexWriter) remove(ctx context.Context, ids []any) error {
	for len(ids) > 0 {
		n := min(len(ids), keysPerLookup)
		if _, err := ix.tx.ExecContext(ctx, `DELETE FROM group_index WHERE group_id IN (`+placeholders(n, 1)+`)`, ids[:n]...); err != nil {
			return err
		}
		ids = ids[n:]
	}
	return nil
}

// add queues the index rows of a group just written: the ways it is
// offered.
func (ix *indexWriter) add(g *directory.Group) {
	e := g.IndexEntry()
	for _, k := range g.IndexKeys() {
		ix.args = append(ix.args, k.Concern, k.Scope, k.Mode, e.ID, e.Code, e.Lat, e.Lon, e.French, e.English)
	}
}

// flushFull writes the queued rows a full statement at a time.
func (ix *indexWriter) flushFull(ctx context.Context) error {
	for len(ix.args) >= 9*indexPerInsert {
		if err := ix.insert(ctx, indexPerInsert); err != nil {
			return err
		}
	}
	return nil
}

// flush writes every queued row.
func (ix *indexWriter) flush(ctx context.Context) error {
	if err := ix.flushFull(ctx); err != nil {
		return err
	}
	if len(ix.args) == 0 {
		return nil
	}
	return ix.insert(ctx, len(ix.args)/9)
}

// insert writes the first n queued rows.
func (ix *indexWriter) insert(ctx context.Context, n int) error {
	_, err := ix.tx.ExecContext(ctx, `INSERT INTO group_index (concern, scope, mode, group_id, code, lat, lon, french, english) VALUES `+
		placeholders(n, 9)+` ON CONFLICT DO NOTHING`, ix.args[:9*n]...)
	ix.args = ix.args[9*n:]
	return err
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

// readGroups reads groups without their cancelled meetings. A long
// list is decoded on every core.
func (s *Store) readGroups(ctx context.Context, query string, args ...any) ([]directory.Group, error) {
	type row struct {
		id   int64
		code int
		data []byte
	}
	rows, err := s.read.QueryContext(ctx, query, args...)
	read, err := collect(rows, err, func(rs interface{ Scan(...any) error }) (row, error) {
		var r row
		err := rs.Scan(&r.id, &r.code, &r.data)
		return r, err
	})
	if err != nil || len(read) == 0 {
		return nil, err
	}
	out := make([]directory.Group, len(read))
	errs := make([]error, len(read))
	eachInParallel(len(read), func(i int) {
		g, r := &out[i], read[i]
		if err := json.Unmarshal(r.data, g); err != nil {
			errs[i] = fmt.Errorf("group %d: %w", r.code, err)
			return
		}
		g.ID, g.Code = r.id, r.code
		g.SetLocation(s.zone(g.Zone))
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, s.attachSeen(ctx, out)
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
