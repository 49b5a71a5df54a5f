package sqlite

import (
	"context"
	"database/sql"
	"sync"
	"sync/atomic"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// The writer connection never checkpoints the WAL itself. SQLite's
// automatic checkpoint runs inside the commit that crosses 1,000 pages
// of WAL: that one commit copies them into the database and waits for
// two fsyncs, and every webhook queued behind it waits too, a few times
// a second under load. A checkpointer on a connection of its own does
// the same work (a PASSIVE checkpoint, as the automatic one) while the
// writer goes on.
const writerDriver = "sqlite3_peerline_writer"

func init() {
	sql.Register(writerDriver, &sqlite3.SQLiteDriver{ConnectHook: func(c *sqlite3.SQLiteConn) error {
		_, err := c.Exec("PRAGMA wal_autocheckpoint = 0", nil)
		return err
	}})
}

// checkpointEvery is how often the checkpointer looks for new WAL pages.
const checkpointEvery = 250 * time.Millisecond

type checkpointer struct {
	db      *sql.DB
	written atomic.Bool // a commit since the last checkpoint
	stop    chan struct{}
	done    chan struct{}
	closing sync.Once
	err     error
}

func (s *Store) startCheckpointer(dsn string) error {
	db, err := sql.Open("sqlite3", dsn)
	if err != nil {
		return err
	}
	db.SetMaxOpenConns(1)
	c := &checkpointer{db: db, stop: make(chan struct{}), done: make(chan struct{})}
	s.checkpoints = c
	go c.run()
	return nil
}

func (c *checkpointer) run() {
	defer close(c.done)
	t := time.NewTicker(checkpointEvery)
	defer t.Stop()
	for {
		select {
		case <-c.stop:
			return
		case <-t.C:
			if c.written.Swap(false) {
				c.checkpoint()
			}
		}
	}
}

// restartFrames is the WAL's length (about 16 MB) past which the
// checkpointer makes the next writer start the WAL over.
const restartFrames = 4096

// checkpoint copies what it can of the WAL into the database without
// waiting for anyone (busy readers or a writer only make it copy less).
// The writer starts the WAL over only when it finds it all copied, which
// on a busy line, with a checkpoint a tick behind, it never would: a WAL
// that has grown long is then checkpointed in RESTART mode, which waits
// for the writer and readers of the moment and holds new writers until
// the copy is synced, a short wait once every few thousand pages.
func (c *checkpointer) checkpoint() {
	ctx := context.Background()
	var busy, frames, copied int
	if err := c.db.QueryRowContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`).Scan(&busy, &frames, &copied); err != nil || frames < restartFrames {
		return
	}
	c.db.ExecContext(ctx, `PRAGMA wal_checkpoint(RESTART)`)
}

// close stops the checkpointer; the last connection to close checkpoints
// what is left. A store may be closed twice.
func (c *checkpointer) close() error {
	c.closing.Do(func() {
		close(c.stop)
		<-c.done
		c.err = c.db.Close()
	})
	return c.err
}
