package postgres_test

import (
	"context"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/postgres/pgtest"
	"github.com/peerline/peerline/directory/storetest"
)

// TestStore holds the PostgreSQL store to the behaviour every engine must
// show, on a database of its own for each check.
func TestStore(t *testing.T) {
	storetest.Run(t, func(t *testing.T) directory.Store { return openTestStore(t) })
}

func openTestStore(t testing.TB) *postgres.Store {
	t.Helper()
	return openStoreAt(t, pgtest.URL(t))
}

func openStoreAt(t testing.TB, url string) *postgres.Store {
	t.Helper()
	s, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}
