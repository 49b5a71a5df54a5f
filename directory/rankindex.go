package directory

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
)

// rankIndex is group_index held in memory in a compact form: what a
// search needs to choose and order groups, without their details. It is
// an immutable snapshot of one directory version; searches share it.
// 100,000 groups take about 5 MB.
type rankIndex struct {
	version int64
	entries map[indexKey][]indexEntry
}

type indexKey struct{ concern, scope, mode string }

type indexEntry struct {
	id       int64
	code     int32
	lat, lon float32
	french   bool
	english  bool
}

// ranker keeps the current snapshot and rebuilds it when the directory's
// version moves, one rebuild at a time.
type ranker struct {
	mu   sync.Mutex
	snap atomic.Pointer[rankIndex]
}

// rankIndex returns a snapshot of the directory as it is now.
func (s *Store) rankIndex(ctx context.Context) (*rankIndex, error) {
	var version int64
	if err := s.read.QueryRowContext(ctx, `SELECT version FROM directory_version`).Scan(&version); err != nil {
		return nil, fmt.Errorf("reading the directory version: %w", err)
	}
	if ix := s.ranker.snap.Load(); ix != nil && ix.version == version {
		return ix, nil
	}
	s.ranker.mu.Lock()
	defer s.ranker.mu.Unlock()
	if ix := s.ranker.snap.Load(); ix != nil && ix.version >= version {
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
func (s *Store) loadRankIndex(ctx context.Context) (*rankIndex, error) {
	tx, err := s.read.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	ix := &rankIndex{entries: map[indexKey][]indexEntry{}}
	if err := tx.QueryRowContext(ctx, `SELECT version FROM directory_version`).Scan(&ix.version); err != nil {
		return nil, err
	}
	// In key order, so each list is in group id order: Search merges them.
	rows, err := tx.QueryContext(ctx, `SELECT concern, scope, mode, group_id, code, lat, lon, french, english
		FROM group_index ORDER BY concern, scope, mode, group_id`)
	if err != nil {
		return nil, fmt.Errorf("loading the search index: %w", err)
	}
	defer rows.Close()
	// Keys repeat across rows: intern them so the map holds one copy.
	strs := map[string]string{}
	intern := func(s string) string {
		if v, ok := strs[s]; ok {
			return v
		}
		strs[s] = s
		return s
	}
	for rows.Next() {
		var k indexKey
		var e indexEntry
		var lat, lon float64
		if err := rows.Scan(&k.concern, &k.scope, &k.mode, &e.id, &e.code, &lat, &lon, &e.french, &e.english); err != nil {
			return nil, fmt.Errorf("loading the search index: %w", err)
		}
		k = indexKey{intern(k.concern), intern(k.scope), intern(k.mode)}
		e.lat, e.lon = float32(lat), float32(lon)
		ix.entries[k] = append(ix.entries[k], e)
	}
	return ix, rows.Err()
}
