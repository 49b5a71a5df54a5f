// Package sqlite keeps the line's store in one SQLite file, through
// mattn/go-sqlite3: the directory.Store interfaces, schema migrations
// applied at open, and SQLite's own backup.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	_ "github.com/mattn/go-sqlite3" // registers the "sqlite3" driver
	"github.com/peerline/peerline/directory"
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ directory.Store = (*Store)(nil)

// Store is the SQLite database behind the line: a directory.Store. Writes
// go through one connection in IMMEDIATE transactions, so they queue for
// each other in Go instead of failing with SQLITE_BUSY; reads use a pool
// and, with WAL, never wait for a writer.
type Store struct {
	write  *sql.DB
	read   *sql.DB
	path   string
	ranker ranker
	groups groupCache
	batch  *batcher
	// checkpoints copies the WAL into the database, off the writer's path.
	checkpoints *checkpointer
	zones       sync.Map // zone name -> *time.Location: time.LoadLocation reads a file each call
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

// readersKept is how many idle reader connections the pool keeps.
const readersKept = 16

// Open opens (creating if need be) the database at path and brings its
// schema up to date.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("no database path")
	}
	// Each connection keeps its prepared statements: a webhook runs the
	// same few statements every time, and preparing them was a tenth of
	// a step's time.
	dsn := func(extra string) string {
		u := url.URL{Scheme: "file", Opaque: path}
		return u.String() + "?_journal_mode=WAL&_foreign_keys=on&_busy_timeout=10000&_synchronous=NORMAL&_stmt_cache_size=64" + extra
	}
	w, err := sql.Open(writerDriver, dsn("&_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetConnMaxIdleTime(0)
	r, err := sql.Open("sqlite3", dsn("&_query_only=1"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	// Readers stay open between bursts of calls (database/sql keeps two),
	// with their prepared statements, rather than being opened again.
	r.SetMaxIdleConns(readersKept)
	s := &Store{write: w, read: r, path: path}
	if err := s.startCheckpointer(dsn("")); err != nil {
		w.Close()
		r.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	s.startBatcher()
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrating %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	s.stopBatcher()
	return errors.Join(s.checkpoints.close(), s.read.Close(), s.write.Close())
}

// DB is the writer connection, for packages that add their own tables
// through migrations here and need to write them.
func (s *Store) DB() *sql.DB { return s.write }

// ReadDB is the reader pool.
func (s *Store) ReadDB() *sql.DB { return s.read }

// migrate applies, in name order, every embedded migration the database
// has not recorded yet, each in its own transaction.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return err
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		err := s.tx(ctx, func(tx *sql.Tx) error {
			var done int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE name = ?`, base).Scan(&done); err != nil || done > 0 {
				return err
			}
			body, err := migrations.ReadFile(name)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, string(body)); err != nil {
				return fmt.Errorf("%s: %w", base, err)
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, base, time.Now().UTC().Format(time.RFC3339))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
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
	s.checkpoints.written.Store(true)
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
	s.checkpoints.written.Store(true)
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

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	return s.read.QueryRowContext(ctx, `SELECT 1`).Scan(&one)
}

// Times are stored as fixed-width UTC text, so that comparing them as text
// in SQL (at >= ?) orders them as times: RFC 3339 with its trailing
// zeros dropped would put "...:00Z" after "...:00.5Z".
const timeLayout = "2006-01-02T15:04:05.000000000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func itoa(i int64) string { return strconv.FormatInt(i, 10) }
