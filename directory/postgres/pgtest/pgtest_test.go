package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

func connect(t *testing.T, connString string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, connString)
	if err != nil {
		t.Fatalf("connecting: %v", err)
	}
	return c
}

func exists(t *testing.T, admin, name string) bool {
	t.Helper()
	c := connect(t, admin)
	defer c.Close(context.Background())
	var n int
	err := c.QueryRow(context.Background(), "SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n == 1
}

// URL gives each test an empty database of its own, and drops it after,
// even with a connection to it left open.
func TestURL(t *testing.T) {
	admin := Admin(t)

	var names []string
	for i := range 2 {
		t.Run(fmt.Sprint("db", i), func(t *testing.T) {
			dsn := URL(t)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			name := strings.TrimPrefix(u.Path, "/")
			if !strings.HasPrefix(name, "peerline_test_") {
				t.Errorf("database %q, want peerline_test_...", name)
			}
			names = append(names, name)

			c := connect(t, dsn) // left open: the drop must force it
			ctx := context.Background()
			var db, enc string
			var tables int
			err = c.QueryRow(ctx, `SELECT current_database(), pg_encoding_to_char(encoding),
				(SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema'))
				FROM pg_database WHERE datname = current_database()`).Scan(&db, &enc, &tables)
			if err != nil {
				t.Fatal(err)
			}
			if db != name || enc != "UTF8" || tables != 0 {
				t.Errorf("database %s, %s, %d tables; want %s, UTF8, 0 tables", db, enc, tables, name)
			}
			if _, err := c.Exec(ctx, "CREATE TABLE t (x int)"); err != nil {
				t.Fatal(err)
			}
			if !exists(t, admin, name) {
				t.Errorf("database %s is not on the server", name)
			}
		})
	}
	if len(names) != 2 || names[0] == names[1] {
		t.Fatalf("databases %q: want two different ones", names)
	}
	for _, name := range names {
		if exists(t, admin, name) {
			t.Errorf("database %s is still there after its test", name)
		}
	}
}

// fakeTB records a skip or a failure, and ends its goroutine as the real
// ones do.
type fakeTB struct {
	testing.TB
	skipped, failed string
}

func (f *fakeTB) Helper() {}
func (f *fakeTB) Skipf(format string, args ...any) {
	f.skipped = fmt.Sprintf(format, args...)
	runtime.Goexit()
}
func (f *fakeTB) Fatalf(format string, args ...any) {
	f.failed = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

// run calls f(tb) on a fakeTB in a goroutine of its own.
func run(t *testing.T, f func(testing.TB) string) *fakeTB {
	tb := &fakeTB{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		f(tb)
	}()
	<-done
	return tb
}

// Without a server, URL and Admin skip, saying how to run the tests, or
// fail under PEERLINE_REQUIRE_POSTGRES; and they never show a password.
func TestWithoutServer(t *testing.T) {
	const secret = "s3cr3t-pw"
	refused := "postgres://peerline:" + secret + "@127.0.0.1:1/postgres?sslmode=disable"
	for _, c := range []struct {
		name, env, require string
		skip               bool   // else fail
		says               string // in the message
	}{
		{"unset", "", "", true, "$PEERLINE_TEST_POSTGRES is not set"},
		{"unset/required", "", "1", false, "PEERLINE_REQUIRE_POSTGRES is set"},
		{"unset/required=0", "", "0", true, "is not set"},
		{"refused", refused, "", true, "cannot reach the PostgreSQL server in $PEERLINE_TEST_POSTGRES (postgres://peerline:xxxxx@127.0.0.1:1/postgres?sslmode=disable)"},
		{"refused/required", refused, "1", false, "cannot reach"},
		{"keywords", "host=127.0.0.1 password=" + secret, "", false, "not a postgres:// URL"},
		{"garbage", "postgres://peerline:" + secret + "@[::1", "", false, "not a URL"},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Setenv(EnvURL, c.env)
			t.Setenv(EnvRequire, c.require)
			for fn, f := range map[string]func(testing.TB) string{"URL": URL, "Admin": Admin} {
				tb := run(t, f)
				msg := tb.skipped + tb.failed
				if c.skip && (tb.skipped == "" || tb.failed != "") || !c.skip && tb.failed == "" {
					t.Errorf("%s: skipped %q, failed %q; want skip=%v", fn, tb.skipped, tb.failed, c.skip)
				}
				if !strings.Contains(msg, c.says) {
					t.Errorf("%s: %q does not say %q", fn, msg, c.says)
				}
				if c.skip && !strings.Contains(msg, "scripts/pg.sh start /tmp/pg") {
					t.Errorf("%s: %q does not say how to run the tests", fn, msg)
				}
				if strings.Contains(msg, secret) {
					t.Errorf("%s: %q shows the password", fn, msg)
				}
			}
		})
	}
}
