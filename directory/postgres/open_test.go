package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory/postgres"
)

// A server that cannot be reached is named, with the database and user,
// and its password never shows.
func TestOpenNamesTheServerNeverThePassword(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct{ url, want string }{
		{"postgres://line:s3cret@127.0.0.1:1/peerline?sslmode=disable&connect_timeout=2", `cannot reach PostgreSQL at 127.0.0.1:1 (database "peerline", user "line")`},
		{"postgres://line:s3cret@no-such-host.invalid:5432/peerline?sslmode=disable&connect_timeout=2", `cannot reach PostgreSQL at no-such-host.invalid:5432`},
		{"postgres://line:s3cret@127.0.0.1:notaport/peerline", `does not read`},
	} {
		s, err := postgres.Open(ctx, c.url)
		if err == nil {
			s.Close()
			t.Errorf("%s: opened", postgres.Redact(c.url))
			continue
		}
		if !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("Open(%s) = %v; want %q and no password", postgres.Redact(c.url), err, c.want)
		}
	}
}
