package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/peerline/peerline/directory/sqlite"
)

// backupCmd writes a consistent copy of the database, while the server
// runs: SQLite's VACUUM INTO, checked with integrity_check.
func (m *Main) backupCmd(ctx context.Context, args []string) error {
	fs := m.flags("backup", "[--db FILE] OUT\n\n"+
		"Write a consistent copy of the database to OUT, while the server keeps running.\n"+
		"OUT must not exist. The copy is checked (PRAGMA integrity_check) before it is\n"+
		"given its name, and is readable only by its owner: it holds members' numbers.")
	db := m.dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 || fs.Arg(0) == "" {
		fs.Usage()
		return usageError{"backup takes one OUT, a file that does not exist yet"}
	}
	out := fs.Arg(0)
	opened, err := m.openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer opened.Close()
	store, ok := opened.(*sqlite.Store)
	if !ok {
		return fmt.Errorf("backup copies a SQLite database; back up PostgreSQL with its own tools (pg_dump, or the server's base backups)")
	}
	start := time.Now()
	if err := store.Backup(ctx, out); err != nil {
		return err
	}
	size := int64(-1)
	if fi, err := os.Stat(out); err == nil {
		size = fi.Size()
	}
	fmt.Fprintf(m.Stdout, "backed up %s to %s: %d bytes, integrity ok, in %s\n",
		*db, out, size, time.Since(start).Round(time.Millisecond))
	return nil
}
