// Package pgtest gives tests a database of their own on a real PostgreSQL
// server, the one named by $PEERLINE_TEST_POSTGRES: the URL of a role that
// may create databases, e.g.
//
//	postgres://peerline@127.0.0.1:55432/postgres?sslmode=disable
//
// URL creates a fresh, empty database on that server for one test and drops
// it when the test ends; Admin gives the server's URL itself, to tests that
// create their own databases.
//
// Without a server they skip: when $PEERLINE_TEST_POSTGRES is unset, or the
// server does not answer within a few seconds, the test is skipped with a
// message that says how to run it:
//
//	export PEERLINE_TEST_POSTGRES=$(scripts/pg.sh start /tmp/pg)
//
// (scripts/pg.sh makes and starts a private, throwaway cluster on
// 127.0.0.1; `scripts/pg.sh stop /tmp/pg` stops it). When
// $PEERLINE_REQUIRE_POSTGRES is set (to anything but "" or "0"), as .ci/run
// sets it, they fail instead, with the reason: there a skipped PostgreSQL
// test would be a hole in CI.
//
// $PEERLINE_TEST_POSTGRES set to something other than a postgres:// URL,
// or a server that answers but will not create a database, fails the test
// whatever $PEERLINE_REQUIRE_POSTGRES says. No message shows the URL's
// password: it is masked as xxxxx.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// The environment variables pgtest reads.
const (
	// EnvURL names the server: the URL of a role that may create databases.
	EnvURL = "PEERLINE_TEST_POSTGRES"
	// EnvRequire, when set (and not "0"), makes a missing or unreachable
	// server fail the test instead of skipping it.
	EnvRequire = "PEERLINE_REQUIRE_POSTGRES"
)

// How long a test waits for the server to answer before it skips, and for
// creating or dropping its database.
const (
	probeTimeout = 5 * time.Second
	opTimeout    = 60 * time.Second
)

// HowTo is the advice that ends every skip message.
const HowTo = "to run them, start a private PostgreSQL with `scripts/pg.sh start /tmp/pg` " +
	"and export the URL it prints: export " + EnvURL + "=$(scripts/pg.sh start /tmp/pg)"

// Admin returns the URL in $PEERLINE_TEST_POSTGRES, once the server it names
// has answered. Without a server it skips the test, or fails it under
// $PEERLINE_REQUIRE_POSTGRES (see the package comment).
func Admin(t testing.TB) string {
	t.Helper()
	raw := os.Getenv(EnvURL)
	if raw == "" {
		unavailable(t, "$"+EnvURL+" is not set")
	}
	u, err := parse(raw)
	if err != nil {
		t.Fatalf("pgtest: $%s: %v", EnvURL, err)
	}
	if err := probe(raw); err != nil {
		unavailable(t, fmt.Sprintf("cannot reach the PostgreSQL server in $%s (%s): %s",
			EnvURL, u.Redacted(), mask(err.Error(), u)))
	}
	return raw
}

// URL returns the URL of a new, empty database, named peerline_test_ and
// random hex, on the server named by $PEERLINE_TEST_POSTGRES, with that URL's
// role, host and options. The database is dropped (WITH (FORCE), so
// connections left open do not stop it) when the test and its subtests have
// finished; close what uses it in a t.Cleanup registered after URL, which
// then runs first. Without a server it skips or fails as Admin does.
func URL(t testing.TB) string {
	t.Helper()
	admin := Admin(t)
	u, err := parse(admin)
	if err != nil { // Admin has parsed it already
		t.Fatalf("pgtest: $%s: %v", EnvURL, err)
	}

	var b [8]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatalf("pgtest: a random database name: %v", err)
	}
	name := "peerline_test_" + hex.EncodeToString(b[:])
	ident := pgx.Identifier{name}.Sanitize()

	// template0, which nobody can connect to, so that parallel tests can
	// copy it at once; UTF8, whatever the server's default.
	err = exec(admin, "CREATE DATABASE "+ident+" TEMPLATE template0 ENCODING 'UTF8'")
	if err != nil {
		t.Fatalf("pgtest: creating database %s on %s: %s", name, u.Redacted(), mask(err.Error(), u))
	}
	t.Cleanup(func() {
		if err := exec(admin, "DROP DATABASE IF EXISTS "+ident+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: dropping database %s on %s: %s", name, u.Redacted(), mask(err.Error(), u))
		}
	})

	db := *u
	db.Path = "/" + name
	db.RawPath = ""
	return db.String()
}

// unavailable skips the test for the reason given, with how to run it, or
// fails it under $PEERLINE_REQUIRE_POSTGRES.
func unavailable(t testing.TB, reason string) {
	t.Helper()
	if required() {
		t.Fatalf("pgtest: %s, and $%s is set: the PostgreSQL tests must run here; %s", reason, EnvRequire, HowTo)
	}
	t.Skipf("pgtest: %s, so the PostgreSQL tests are skipped; %s", reason, HowTo)
}

func required() bool {
	v := os.Getenv(EnvRequire)
	return v != "" && v != "0"
}

// parse checks that s is a postgres:// or postgresql:// URL.
func parse(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil {
		// url's errors quote the whole string, password and all.
		return nil, errors.New("not a URL (want postgres://USER@HOST:PORT/DATABASE?sslmode=disable)")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		// Not shown: it may be keyword=value settings, password=... too.
		return nil, errors.New("not a postgres:// URL (want postgres://USER@HOST:PORT/DATABASE?sslmode=disable)")
	}
	return u, nil
}

// mask replaces the password of u, where it appears in s, with xxxxx.
func mask(s string, u *url.URL) string {
	if pw, ok := u.User.Password(); ok && pw != "" {
		s = strings.ReplaceAll(s, pw, "xxxxx")
		if esc := url.QueryEscape(pw); esc != pw {
			s = strings.ReplaceAll(s, esc, "xxxxx")
		}
	}
	return s
}

// The probes made, by URL: one per server and test binary, so that a
// hundred tests without a server do not each wait for it.
var probes struct {
	sync.Mutex
	done map[string]error
}

// probe connects to the server at admin once, within probeTimeout.
func probe(admin string) error {
	probes.Lock()
	defer probes.Unlock()
	if err, ok := probes.done[admin]; ok {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), probeTimeout)
	defer cancel()
	err := withConn(ctx, admin, func(c *pgx.Conn) error {
		_, err := c.Exec(ctx, "SELECT 1")
		return err
	})
	if probes.done == nil {
		probes.done = make(map[string]error)
	}
	probes.done[admin] = err
	return err
}

// exec runs one statement on a connection of its own to admin.
func exec(admin, sql string) error {
	ctx, cancel := context.WithTimeout(context.Background(), opTimeout)
	defer cancel()
	return withConn(ctx, admin, func(c *pgx.Conn) error {
		_, err := c.Exec(ctx, sql)
		return err
	})
}

func withConn(ctx context.Context, connString string, f func(*pgx.Conn) error) error {
	cfg, err := pgx.ParseConfig(connString)
	if err != nil {
		return err
	}
	if cfg.ConnectTimeout == 0 || cfg.ConnectTimeout > probeTimeout {
		cfg.ConnectTimeout = probeTimeout
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer c.Close(context.Background())
	return f(c)
}
