// Package sqlstore is the line's store in the SQL that SQLite and
// PostgreSQL both speak: the directory.Store interfaces over
// database/sql, written once. The engines (directory/sqlite,
// directory/postgres) open the database, keep its schema, and tell this
// package the few things they differ in (Engine). Queries are written
// with ? placeholders; the PostgreSQL engine's driver numbers them.
//
// Times are stored as fixed-width UTC text on both engines, so that one
// comparison (at >= ?) orders them as times everywhere.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/peerline/peerline/directory"
)

var _ directory.Store = (*Store)(nil)

// Engine is what a database engine tells the shared store.
type Engine struct {
	Read  *sql.DB // reads
	Write *sql.DB // writes; may be Read
	// Batch commits the small writes every webhook makes in shared
	// transactions (see batcher): for SQLite's one writer, where a commit
	// costs more than a statement. Without it each is its own statement.
	Batch bool
	// ClaimLock ends the SELECT that picks outbox rows to claim, so that
	// senders on several servers pass over each other's rows
	// ("FOR UPDATE SKIP LOCKED"); "" where writes are serial anyway.
	ClaimLock string
	// RowLock ends a SELECT whose rows the transaction goes on to update
	// from what it read (" FOR UPDATE"), where writers run at once.
	RowLock string
	// IsUnique reports whether err broke a unique constraint.
	IsUnique func(error) bool
	// Wrote is told of every write (SQLite's checkpointer); may be nil.
	Wrote func()
	// SecureTx runs fn in one write transaction whose deletes are
	// overwritten in the file (SQLite's secure_delete); nil: an ordinary
	// write transaction.
	SecureTx func(ctx context.Context, fn func(*sql.Tx) error) error
}

// Store is a directory.Store on one database.
type Store struct {
	read   *sql.DB
	write  *sql.DB
	eng    Engine
	ranker ranker
	groups groupCache
	batch  *batcher
	zones  sync.Map // zone name -> *time.Location: time.LoadLocation reads a file each call
}

// New returns the store over an engine's database, whose schema is up
// to date. Close stops what New started; the engine closes its database.
func New(e Engine) *Store {
	if e.Wrote == nil {
		e.Wrote = func() {}
	}
	s := &Store{read: e.Read, write: e.Write, eng: e}
	s.startBatcher()
	return s
}

// Close writes what is queued; the engine then closes the database.
func (s *Store) Close() error {
	s.stopBatcher()
	return nil
}

// zone loads a time zone once for the life of the store.
func (s *Store) zone(name string) *time.Location {
	if loc, ok := s.zones.Load(name); ok {
		return loc.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "" {
		return nil
	}
	s.zones.Store(name, loc)
	return loc
}

// tx runs fn in one write transaction, committed if fn returns nil,
// after the writes queued before it (see settled).
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.settled(ctx); err != nil {
		return err
	}
	return s.writeTx(ctx, fn)
}

// exec runs one write statement, after the writes queued before it.
func (s *Store) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	if err := s.settled(ctx); err != nil {
		return nil, err
	}
	s.eng.Wrote()
	return s.write.ExecContext(ctx, query, args...)
}

func (s *Store) writeTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	s.eng.Wrote()
	return tx.Commit()
}

// secureTx runs fn in one write transaction whose deletes leave no trace
// the engine can avoid (Engine.SecureTx).
func (s *Store) secureTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if err := s.settled(ctx); err != nil {
		return err
	}
	if s.eng.SecureTx == nil {
		return s.writeTx(ctx, fn)
	}
	return s.eng.SecureTx(ctx, fn)
}

// insertID runs an INSERT ... RETURNING id and returns the id.
func insertID(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, query string, args ...any) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, query+` RETURNING id`, args...).Scan(&id)
	return id, err
}

// collect reads every row of a query with scan, and closes the rows.
func collect[T any](rows *sql.Rows, err error, scan func(interface{ Scan(...any) error }) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// Migrate applies, in name order, every migration in dir of migrations
// the database has not recorded yet, each in its own transaction. Callers
// on several servers hold a lock around it (the engine's).
func Migrate(ctx context.Context, db *sql.DB, migrations fs.FS, dir string) error {
	if _, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		if err := migrateOne(ctx, db, migrations, name, strings.TrimPrefix(name, dir+"/")); err != nil {
			return err
		}
	}
	return nil
}

func migrateOne(ctx context.Context, db *sql.DB, migrations fs.FS, name, base string) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var done int
	if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&done); err != nil || done > 0 {
		return err
	}
	body, err := fs.ReadFile(migrations, name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return fmt.Errorf("%s: %w", base, err)
	}
	if _, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, base, FormatTime(time.Now())); err != nil {
		return err
	}
	return tx.Commit()
}

// Migrations lists the migrations the database has applied, in order.
func (s *Store) Migrations(ctx context.Context) ([]string, error) {
	rows, err := s.read.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		names = append(names, n)
	}
	return names, rows.Err()
}

// Times are stored as fixed-width UTC text, so that comparing them as text
// in SQL (at >= ?) orders them as times: RFC 3339 with its trailing
// zeros dropped would put "...:00Z" after "...:00.5Z".
const timeLayout = "2006-01-02T15:04:05.000000000Z"

// FormatTime is a time as the store keeps it.
func FormatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// ParseTime reads a time the store kept; "" is the zero time.
func ParseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func formatTime(t time.Time) string { return FormatTime(t) }
func parseTime(s string) time.Time  { return ParseTime(s) }

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
