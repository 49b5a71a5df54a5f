package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"os"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/sqlite"
)

// store is what the commands need of either engine.
type store interface {
	directory.Store
	// LogLostWrites tells log of writes made without waiting that failed.
	LogLostWrites(log *slog.Logger)
	// DB is the database itself (the writer, on SQLite), for copy and tests.
	DB() *sql.DB
}

// openStore opens the database a --db or PEERLINE_DB names: a PostgreSQL
// URL, or else a SQLite file (created if need be).
func openStore(ctx context.Context, db string) (store, error) {
	if postgres.IsURL(db) {
		s, err := postgres.Open(ctx, db)
		if err != nil {
			return nil, err
		}
		return s, nil
	}
	s, err := sqlite.Open(ctx, db)
	if err != nil {
		return nil, err
	}
	return s, nil
}

// openExisting opens the database at db for an operator's command, and
// refuses a SQLite path with no database: opening creates one, and a typo
// in --db should not make an empty database and report on it, back it
// up, or forget nobody in it.
func (m *Main) openExisting(ctx context.Context, db string) (store, error) {
	if postgres.IsURL(db) {
		return openStore(ctx, db)
	}
	if _, err := os.Stat(db); errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("no database at %s (set --db or PEERLINE_DB)", db)
	} else if err != nil {
		return nil, err
	}
	return openStore(ctx, db)
}

// dbName is a database setting fit to print: a URL without its password.
func dbName(db string) string {
	if postgres.IsURL(db) {
		return postgres.Redact(db)
	}
	return db
}
