// Package sqlite keeps the line's store in one SQLite file, through
// mattn/go-sqlite3: the shared SQL store (directory/sqlstore) on one
// writer connection and a pool of readers, schema migrations applied at
// open, and SQLite's own backup.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"

	"github.com/mattn/go-sqlite3"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ directory.Store = (*Store)(nil)

// Store is the SQLite database behind the line: a directory.Store. Writes
// go through one connection in IMMEDIATE transactions, so they queue for
// each other in Go instead of failing with SQLITE_BUSY; reads use a pool
// and, with WAL, never wait for a writer.
type Store struct {
	*sqlstore.Store
	write *sql.DB
	read  *sql.DB
	path  string
	// checkpoints copies the WAL into the database, off the writer's path.
	checkpoints *checkpointer
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
	s.Store = sqlstore.New(sqlstore.Engine{
		Read: r, Write: w, Batch: true,
		IsUnique: isUnique,
		Wrote:    func() { s.checkpoints.written.Store(true) },
		SecureTx: s.secureTx,
	})
	// One process writes at a time: no lock is needed around migrations.
	if err := sqlstore.Migrate(ctx, w, migrations, "migrations"); err != nil {
		s.Close()
		return nil, fmt.Errorf("migrating %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database, after the writes queued for it.
func (s *Store) Close() error {
	return errors.Join(s.Store.Close(), s.checkpoints.close(), s.read.Close(), s.write.Close())
}

// DB is the writer connection, for packages that add their own tables
// through migrations here and need to write them.
func (s *Store) DB() *sql.DB { return s.write }

// ReadDB is the reader pool.
func (s *Store) ReadDB() *sql.DB { return s.read }

func isUnique(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.ExtendedCode == sqlite3.ErrConstraintUnique
}
