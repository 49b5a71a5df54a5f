package sqlite_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/peerline/peerline/directory/sqlite"
)

// The writer never checkpoints the WAL within a commit; the checkpointer
// copies it into the database in the background.
func TestTheWALIsCheckpointedOffTheWritersPath(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "peerline.db")
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var auto int
	if err := s.DB().QueryRowContext(ctx, `PRAGMA wal_autocheckpoint`).Scan(&auto); err != nil || auto != 0 {
		t.Fatalf("the writer's wal_autocheckpoint is %d (%v); want 0", auto, err)
	}
	size := func() int64 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		return fi.Size()
	}
	before := size()
	now := time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC)
	for i := range 1500 {
		if err := s.SaveSession(ctx, fmt.Sprintf("call:CA%06d", i), []byte(`{"lang":"en","step":"menu"}`), now); err != nil {
			t.Fatal(err)
		}
	}
	deadline := time.Now().Add(5 * time.Second)
	for size() == before && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if size() == before {
		t.Errorf("the database file is still %d bytes: nothing was checkpointed", before)
	}
}
