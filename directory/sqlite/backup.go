package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// Backup writes a consistent copy of the whole database to path while
// the line keeps answering: SQLite's VACUUM INTO reads one snapshot (a
// read transaction, so writers are not held up) and writes a compact
// copy. The copy is made at path+".tmp" (created 0600: it holds phone
// numbers), checked with PRAGMA integrity_check, synced, and only then
// moved to path, so path only ever holds a whole, checked backup. Backup
// refuses a path that exists, and a path+".tmp" that exists (another
// backup running, or one that was killed: remove it).
func (s *Store) Backup(ctx context.Context, path string) error {
	if strings.TrimSpace(path) == "" {
		return errors.New("backup: no output path")
	}
	// Absolute, so that SQLite never reads a name like "file:x" as a URI.
	out, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Lstat(out); err == nil {
		return fmt.Errorf("backup: %s already exists; a backup never overwrites a file, give a new name", path)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	tmp := out + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup: %s exists: another backup is running, or one was interrupted (then remove it)", path+".tmp")
	} else if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	kept := false
	defer func() {
		if !kept {
			os.Remove(tmp)
		}
	}()

	if err := s.Settled(ctx); err != nil { // what the line has logged so far
		return fmt.Errorf("backup: %w", err)
	}
	if err := s.vacuumInto(ctx, tmp); err != nil {
		return fmt.Errorf("backup: copying the database: %w", err)
	}
	if err := IntegrityCheck(ctx, tmp); err != nil {
		return fmt.Errorf("backup: the copy failed its check: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := moveNoClobber(tmp, out); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	kept = true
	if err := syncFile(filepath.Dir(out)); err != nil {
		return fmt.Errorf("backup: the copy is at %s, but syncing its folder failed: %w", path, err)
	}
	return nil
}

// vacuumInto runs VACUUM INTO on a connection of its own: the readers
// are query-only, which VACUUM INTO refuses, and the writer must not wait
// for a copy. For the database it is one read transaction, so in WAL
// mode writers go on while it copies. Its target may be an empty file.
func (s *Store) vacuumInto(ctx context.Context, target string) error {
	u := url.URL{Scheme: "file", Opaque: s.path}
	db, err := sql.Open("sqlite3", u.String()+"?_busy_timeout=10000")
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, `VACUUM INTO ?`, target)
	return err
}

// IntegrityCheck opens the SQLite file at path read-only and runs PRAGMA
// integrity_check, failing unless it answers "ok". It writes nothing
// (no migration, no journal-mode change), so a backup checked with it is
// left exactly as it was.
func IntegrityCheck(ctx context.Context, file string) error {
	abs, err := filepath.Abs(file)
	if err != nil {
		return err
	}
	if _, err := os.Stat(abs); err != nil {
		return err
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs)}
	db, err := sql.Open("sqlite3", u.String()+"?mode=ro&_query_only=1")
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		problems = append(problems, line)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) == 1 && problems[0] == "ok" {
		return nil
	}
	if len(problems) > 5 {
		problems = append(problems[:5], fmt.Sprintf("and %d more", len(problems)-5))
	}
	return fmt.Errorf("integrity_check: %s", strings.Join(problems, "; "))
}

func syncFile(name string) error {
	f, err := os.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// moveNoClobber renames from to to, failing if to appeared meanwhile: a
// hard link refuses an existing name where rename would replace it. On a
// file system without hard links it falls back to rename.
func moveNoClobber(from, to string) error {
	err := os.Link(from, to)
	if err == nil {
		return os.Remove(from)
	}
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s appeared while the backup was made; the copy is left at %s", to, from)
	}
	if _, serr := os.Lstat(to); serr == nil {
		return fmt.Errorf("%s appeared while the backup was made", to)
	}
	return os.Rename(from, to)
}

// secureTx runs fn in one write transaction with secure_delete on, so
// that what it deletes is overwritten in the file rather than left in
// free pages. The pragma is per connection: it is set on the writer
// connection for the transaction and put back after.
func (s *Store) secureTx(ctx context.Context, fn func(*sql.Tx) error) error {
	conn, err := s.write.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	var was int
	if err := conn.QueryRowContext(ctx, `PRAGMA secure_delete`).Scan(&was); err != nil {
		return err
	}
	if _, err := conn.ExecContext(ctx, `PRAGMA secure_delete = 1`); err != nil {
		return err
	}
	defer conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf(`PRAGMA secure_delete = %d`, was))
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}
