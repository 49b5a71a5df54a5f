// Package postgres keeps the line's store in a PostgreSQL database,
// through jackc/pgx: the shared SQL store (directory/sqlstore) on a pool
// of connections that any number of peerline processes may share. The
// schema is migrated at open under an advisory lock, so servers that
// start together migrate it once.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/sqlstore"
)

//go:embed migrations/*.sql
var migrations embed.FS

var _ directory.Store = (*Store)(nil)

// Store is a PostgreSQL database behind the line: a directory.Store.
type Store struct {
	*sqlstore.Store
	db *sql.DB
}

// IsURL reports whether a database setting names a PostgreSQL server
// rather than a SQLite file.
func IsURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Connections bounds the pool of one process. Requests queue for a
// connection rather than open more than the server allows.
const Connections = 16

// reachWithin is how long Open waits for the server before it says so.
const reachWithin = 10 * time.Second

// migrationLock is the advisory lock key servers take to migrate: the
// first to start applies what is new, the others wait and find it done.
const migrationLock = 0x7065_6572_6c69_6e65 // "peerline"

// Open connects to the database at rawURL and brings its schema up to
// date. Its errors name the server and database, never the password.
func Open(ctx context.Context, rawURL string) (*Store, error) {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, fmt.Errorf("the PostgreSQL URL %s does not read: %s", Redact(rawURL), redactErr(err, rawURL))
	}
	where := fmt.Sprintf("PostgreSQL at %s:%d (database %q, user %q)", cfg.Host, cfg.Port, cfg.Database, cfg.User)
	db := sql.OpenDB(connector{stdlib.GetConnector(*cfg)})
	db.SetMaxOpenConns(Connections)
	db.SetMaxIdleConns(Connections)
	db.SetConnMaxIdleTime(5 * time.Minute)
	reach, cancel := context.WithTimeout(ctx, reachWithin)
	defer cancel()
	if err := db.PingContext(reach); err != nil {
		db.Close()
		return nil, fmt.Errorf("cannot reach %s: %s", where, redactErr(err, rawURL))
	}
	if err := migrate(ctx, db); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrating %s: %s", where, redactErr(err, rawURL))
	}
	s := &Store{db: db}
	s.Store = sqlstore.New(sqlstore.Engine{
		Read: db, Write: db,
		ClaimLock: ` FOR UPDATE SKIP LOCKED`,
		RowLock:   ` FOR UPDATE`,
		IsUnique:  isUnique,
	})
	return s, nil
}

// migrate applies the migrations under the advisory lock, held on one
// connection for the while.
func migrate(ctx context.Context, db *sql.DB) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock(?)`, int64(migrationLock)); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock(?)`, int64(migrationLock))
	return sqlstore.Migrate(ctx, db, migrations, "migrations")
}

// Close closes the pool, after the writes queued for it.
func (s *Store) Close() error {
	return errors.Join(s.Store.Close(), s.db.Close())
}

// DB is the pool, for peerline copy.
func (s *Store) DB() *sql.DB { return s.db }

func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// Redact is a database URL fit for a log or an error: its password, if
// any, is replaced.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(a URL that does not parse)"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactErr is err's text without the URL's password, should a driver
// ever quote it.
func redactErr(err error, rawURL string) string {
	msg := err.Error()
	u, perr := url.Parse(rawURL)
	if perr != nil {
		return "(the URL does not parse)"
	}
	if pw, has := u.User.Password(); has && pw != "" {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
	}
	if pw := u.Query().Get("password"); pw != "" {
		msg = strings.ReplaceAll(msg, pw, "xxxxx")
	}
	return msg
}
