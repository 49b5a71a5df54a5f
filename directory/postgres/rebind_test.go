package postgres

import "testing"

func TestRebindNumbersPlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT id FROM groups WHERE code = ? AND status = ?`, `SELECT id FROM groups WHERE code = $1 AND status = $2`},
		{`SELECT (SELECT count(*) FROM consents WHERE member_id = ?1), (SELECT count(*) FROM outbox WHERE member_id = ?1)`,
			`SELECT (SELECT count(*) FROM consents WHERE member_id = $1), (SELECT count(*) FROM outbox WHERE member_id = $1)`},
		{`SELECT '?', "a?b" FROM t WHERE x = ?`, `SELECT '?', "a?b" FROM t WHERE x = $1`},
		{"SELECT 'it''s ?' WHERE x = ? -- why?\nAND y = ?", "SELECT 'it''s ?' WHERE x = $1 -- why?\nAND y = $2"},
		{`VALUES (?, ?), (?, ?)`, `VALUES ($1, $2), ($3, $4)`},
		{`SELECT 'unterminated ?`, `SELECT 'unterminated ?`},
	} {
		if got := rebind(c.in); got != c.want {
			t.Errorf("rebind(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestRedactHidesThePassword(t *testing.T) {
	for in, want := range map[string]string{
		"postgres://line:s3cret@db.example.org:5432/peerline?sslmode=require": "postgres://line:xxxxx@db.example.org:5432/peerline?sslmode=require",
		"postgres://line@db.example.org/peerline":                             "postgres://line@db.example.org/peerline",
		"postgres://db.example.org/peerline?password=s3cret&user=line":        "postgres://db.example.org/peerline?password=xxxxx&user=line",
	} {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q; want %q", in, got, want)
		}
	}
}
