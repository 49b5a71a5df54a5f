package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// batcher commits the small writes every webhook makes (a call's state,
// a search for the report) in shared transactions. Under load, requests
// queue for the one writer connection anyway, and a commit, which writes
// the WAL, costs more than the statement; so whatever has queued while a
// transaction was being written goes into the next one. Each caller
// still waits until its own statement is committed, so nothing is
// reported done before it is; a lone request commits at once.
type batcher struct {
	mu     sync.Mutex
	queue  []*pendingWrite
	closed bool
	wake   chan struct{} // a write is queued, or the store is closing
	done   chan struct{} // the loop has finished
}

// maxBatch bounds one transaction, so a long queue still commits often.
const maxBatch = 128

type pendingWrite struct {
	ctx   context.Context
	query string
	args  []any
	err   chan error
}

var errClosed = errors.New("the store is closed")

func (s *Store) startBatcher() {
	s.batch = &batcher{wake: make(chan struct{}, 1), done: make(chan struct{})}
	go s.writeLoop()
}

// batched runs one write statement in the next shared transaction, and
// returns once that transaction has committed.
func (s *Store) batched(ctx context.Context, query string, args ...any) error {
	w := &pendingWrite{ctx: ctx, query: query, args: args, err: make(chan error, 1)}
	b := s.batch
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return errClosed
	}
	b.queue = append(b.queue, w)
	select {
	case b.wake <- struct{}{}:
	default: // the loop is already awake
	}
	b.mu.Unlock()
	return <-w.err
}

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
	err := s.tx(context.Background(), func(tx *sql.Tx) error {
		for i, w := range batch {
			if errs[i] = w.ctx.Err(); errs[i] == nil { // else the request gave up before its turn
				// Not cancelled once begun: an interrupted write rolls
				// back the whole transaction, everyone's.
				_, errs[i] = tx.ExecContext(context.WithoutCancel(w.ctx), w.query, w.args...)
			}
		}
		return nil
	})
	for i, w := range batch {
		w.err <- errors.Join(errs[i], err)
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
