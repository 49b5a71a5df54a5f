package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// batcher commits the small writes every webhook makes (a call's state,
// a search for the report) in shared transactions. Under load, requests
// queue for the one writer connection anyway, and a commit, which writes
// the WAL, costs more than the statement; so whatever has queued while a
// transaction was being written goes into the next one. A caller waits
// until its own statement is committed (batched), so nothing is reported
// done before it is, or does not wait at all (later), for a row no one
// is promised; a lone request commits at once. A row nobody waits for
// waits for the next write somebody does (the call's state, a moment
// later in the same request), up to lingerLater, so that the two share
// a commit even when the line is quiet.
type batcher struct {
	mu      sync.Mutex
	queue   []*pendingWrite
	closed  bool
	lingers bool          // a timer will wake the loop for the writes of later
	wake    chan struct{} // a write is queued, or the store is closing
	done    chan struct{} // the loop has finished
	lost    *slog.Logger  // told of the later writes that failed

	unsettled atomic.Int64 // writes queued with later, not yet committed
}

// lingerLater is the longest a write nobody waits for waits for company.
const lingerLater = 5 * time.Millisecond

// maxBatch bounds one transaction, so a long queue still commits often.
const maxBatch = 128

type pendingWrite struct {
	ctx   context.Context
	query string // "" only marks a place in the queue (settled)
	args  []any
	err   chan error // nil: nobody waits (later)
}

var errClosed = errors.New("the store is closed")

func (s *Store) startBatcher() {
	s.batch = &batcher{wake: make(chan struct{}, 1), done: make(chan struct{})}
	go s.writeLoop()
}

// batched runs one write statement in the next shared transaction, and
// returns once that transaction has committed.
func (s *Store) batched(ctx context.Context, query string, args ...any) error {
	if !s.eng.Batch {
		_, err := s.exec(ctx, query, args...)
		return err
	}
	w := &pendingWrite{ctx: ctx, query: query, args: args, err: make(chan error, 1)}
	if err := s.enqueue(w); err != nil {
		return err
	}
	return <-w.err
}

// later queues one write statement for the next shared transaction, and
// returns at once. What fails is told to LogLostWrites' logger.
func (s *Store) later(query string, args ...any) error {
	if !s.eng.Batch {
		_, err := s.exec(context.Background(), query, args...)
		return err
	}
	s.batch.unsettled.Add(1)
	err := s.enqueue(&pendingWrite{ctx: context.Background(), query: query, args: args})
	if err != nil {
		s.batch.unsettled.Add(-1)
	}
	return err
}

// wakeLocked wakes the loop: at once for a write somebody waits for,
// after lingerLater for one nobody does. b.mu is held.
func (b *batcher) wakeLocked(w *pendingWrite) {
	if w.err == nil {
		if !b.lingers {
			b.lingers = true
			time.AfterFunc(lingerLater, func() {
				b.mu.Lock()
				defer b.mu.Unlock()
				if !b.closed {
					b.poke()
				}
			})
		}
		return
	}
	b.poke()
}

// poke wakes the loop unless it is already awake. b.mu is held.
func (b *batcher) poke() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// settled returns once every write queued with later before it is
// committed: every other write, and every read of what later writes,
// waits for it, so the store's writes keep the order they were made in.
// With nothing queued (most of the time) it costs nothing.
func (s *Store) settled(ctx context.Context) error {
	if s.batch.unsettled.Load() == 0 {
		return nil
	}
	return s.batched(ctx, "")
}

func (s *Store) enqueue(w *pendingWrite) error {
	b := s.batch
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return errClosed
	}
	b.queue = append(b.queue, w)
	b.wakeLocked(w)
	return nil
}

// LogLostWrites tells log of the writes queued with later that could not
// be made (search logs); by default they are not told.
func (s *Store) LogLostWrites(log *slog.Logger) { s.batch.lost = log }

// writeLoop commits what is queued, batch after batch, until the store
// closes and the queue is empty.
func (s *Store) writeLoop() {
	b := s.batch
	defer close(b.done)
	for {
		_, open := <-b.wake
		for {
			b.mu.Lock()
			n := min(len(b.queue), maxBatch)
			next := b.queue[:n:n]
			b.queue = b.queue[n:]
			b.lingers = false // what comes next gets a timer of its own
			b.mu.Unlock()
			if n == 0 {
				break
			}
			s.commit(next)
		}
		if !open {
			return
		}
	}
}

// commit writes one batch in one transaction. A statement that fails
// fails alone (SQLite undoes just that statement); a commit that fails
// fails them all.
func (s *Store) commit(batch []*pendingWrite) {
	errs := make([]error, len(batch))
	err := s.writeTx(context.Background(), func(tx *sql.Tx) error {
		for i, w := range batch {
			if errs[i] = w.ctx.Err(); errs[i] == nil && w.query != "" { // else the request gave up before its turn
				// Not cancelled once begun: an interrupted write rolls
				// back the whole transaction, everyone's.
				_, errs[i] = tx.ExecContext(context.WithoutCancel(w.ctx), w.query, w.args...)
			}
		}
		return nil
	})
	for i, w := range batch {
		err := errors.Join(errs[i], err)
		switch {
		case w.err != nil:
			w.err <- err
			continue
		case err != nil && s.batch.lost != nil:
			s.batch.lost.Error("a write nobody waited for failed", "err", err)
		}
		s.batch.unsettled.Add(-1)
	}
}

// stopBatcher commits what is queued and stops the loop; a store may be
// closed twice.
func (s *Store) stopBatcher() {
	b := s.batch
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.wake)
	}
	b.mu.Unlock()
	<-b.done
}

// Settled returns once the writes queued before it are committed, for an
// engine's own work on the whole database (a backup).
func (s *Store) Settled(ctx context.Context) error { return s.settled(ctx) }
