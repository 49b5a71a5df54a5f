package sqlstore

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/peerline/peerline/directory"
)

// ranker keeps the current snapshot and rebuilds it when the directory's
// version moves, one rebuild at a time.
type ranker struct {
	mu   sync.Mutex
	snap atomic.Pointer[directory.Index]
}

// rankIndex returns a snapshot of the directory as it is now.
func (s *Store) rankIndex(ctx context.Context) (*directory.Index, error) {
	var version int64
	if err := s.read.QueryRowContext(ctx, `SELECT version FROM directory_version`).Scan(&version); err != nil {
		return nil, fmt.Errorf("reading the directory version: %w", err)
	}
	if ix := s.ranker.snap.Load(); ix != nil && ix.Version == version {
		return ix, nil
	}
	s.ranker.mu.Lock()
	defer s.ranker.mu.Unlock()
	if ix := s.ranker.snap.Load(); ix != nil && ix.Version >= version {
		return ix, nil
	}
	ix, err := s.loadRankIndex(ctx)
	if err != nil {
		return nil, err
	}
	s.ranker.snap.Store(ix)
	return ix, nil
}

// loadRankIndex reads group_index and the version it belongs to in one
// read transaction, so the two agree.
func (s *Store) loadRankIndex(ctx context.Context) (*directory.Index, error) {
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	var version int64
	if err := tx.QueryRowContext(ctx, `SELECT version FROM directory_version`).Scan(&version); err != nil {
		return nil, err
	}
	ix := directory.NewIndex(version)
	// In key order, so each list is in group id order, as Index.Add wants.
	rows, err := tx.QueryContext(ctx, `SELECT concern, scope, mode, group_id, code, lat, lon, french, english
		FROM group_index ORDER BY concern, scope, mode, group_id`)
	if err != nil {
		return nil, fmt.Errorf("loading the search index: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k directory.IndexKey
		var e directory.IndexEntry
		var lat, lon float64
		if err := rows.Scan(&k.Concern, &k.Scope, &k.Mode, &e.ID, &e.Code, &lat, &lon, &e.French, &e.English); err != nil {
			return nil, fmt.Errorf("loading the search index: %w", err)
		}
		e.Lat, e.Lon = float32(lat), float32(lon)
		ix.Add(k, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return ix, loadSeen(ctx, tx, ix)
}
