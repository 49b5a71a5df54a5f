package main

import (
	"context"
	"database/sql"
	"errors"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/postgres/pgtest"
	"github.com/peerline/peerline/directory/sqlite"
)

// copyWorld is the demo directory with a row in every table: a member
// with a subscription, consents, a wait-list entry and a voicemail, an
// outbox row, a cancelled meeting, a blocked number, a staff account, a
// session, and the rest.
func copyWorld(t *testing.T) (*world, string) {
	t.Helper()
	w, db := demoWorld(t)
	ctx := context.Background()
	member(t, w, "+17055550142", 1001)
	member(t, w, "+18075550143", 1062)
	subs, err := w.store.Subscriptions(ctx, "+17055550142")
	if err != nil || len(subs) != 1 {
		t.Fatalf("subscriptions: %v, %v", subs, err)
	}
	s := subs[0]
	if _, err := w.store.Enqueue(ctx, []directory.Outgoing{{Key: "reminder:test", Kind: directory.SendReminder,
		SubscriptionID: s.ID, MemberID: s.MemberID, GroupID: s.GroupID, Channel: s.Channel, Lang: s.Lang,
		MeetingAt: testNow.Add(48 * time.Hour), Lead: 24 * time.Hour, DueAt: testNow.Add(24 * time.Hour)}}, testNow); err != nil {
		t.Fatal(err)
	}
	g, _, err := w.store.Group(ctx, 1001)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range []error{
		w.store.Block(ctx, "+17055550199", "called 40 times a night", testNow),
		w.store.SaveSession(ctx, "CA0123456789abcdef0123456789abcdef", []byte(`{"step":"topics","misses":1}`), testNow),
		w.store.LogSearch(ctx, directory.SearchLog{At: testNow, Channel: "voice", Concern: "grief", NPA: "705", Area: "705", Results: 13}),
		w.store.AddActivity(ctx, map[directory.ActivityKey]int{directory.ActivityAt(testNow, "voice", "call"): 3}),
		w.store.AddFeed(ctx, directory.Feed{URL: "https://feeds.example.org/meetings.json", Concern: "addictions", Zone: "America/Toronto", Added: testNow}),
		w.store.FeedFailed(ctx, "https://feeds.example.org/meetings.json", "the feed did not answer", testNow),
		w.store.SetTerm(ctx, "empty nesters", "aging", testNow),
		w.store.TeachWord(ctx, "widower", "grief", testNow),
		w.store.ConfirmListing(ctx, g.ID, "jo@centre.example", testNow),
		w.store.FlagListing(ctx, g.ID, directory.FlagNoAnswer, directory.AskContact, testNow), // listing_flags (issue 14)
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	// A leader's note to the members, and its message (issue 14); the leader is added below.
	note, err := w.store.AddNote(ctx, directory.Note{GroupID: s.GroupID, Body: "Bring a photo.", MeetingAt: testNow.Add(48 * time.Hour),
		SentBy: directory.LeaderName(1001, "+17055550150"), CreatedAt: testNow})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.Enqueue(ctx, []directory.Outgoing{{Key: "note:test", Kind: directory.SendNote, SubscriptionID: s.ID, MemberID: s.MemberID,
		GroupID: s.GroupID, Channel: s.Channel, Lang: s.Lang, MeetingAt: note.MeetingAt, DueAt: testNow, NoteID: note.ID}}, testNow); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.CountHit(ctx, directory.TextSessionKey("+17055550142"), testNow.Truncate(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.TryLease(ctx, "remind", "host-1", testNow, testNow.Add(time.Minute)); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.AskListing(ctx, directory.ListingAsk{GroupID: g.ID, Role: directory.AskContact, Number: "+17055550101",
		Channel: directory.ByText, Lang: directory.English, At: testNow}); err != nil { // listing_asks (issue 14)
		t.Fatal(err)
	}
	if settle, ok := w.store.(interface{ Settled(context.Context) error }); ok {
		if err := settle.Settled(ctx); err != nil { // the search log is written in batches
			t.Fatal(err)
		}
	}
	// A referrer and their ask to a client (issue 14).
	if _, err := w.store.AddReferrer(ctx, directory.Referrer{Number: "+17055550170", Name: "Dr. Ana Roy", AddedAt: testNow}); err != nil {
		t.Fatal(err)
	}
	if _, err := w.store.Refer(ctx, "+17055550170", directory.Referral{GroupID: g.ID, Client: "+17055550171", AskedAt: testNow,
		Wording: "Peer Line: Dr. Ana Roy asked us to send you the details of a support group. Reply YES or NO."}, testNow, 20); err != nil {
		t.Fatal(err)
	}
	// An offer to help start a group, and an invitation to one waiting (issue 14).
	if _, err := w.store.OfferToStart(ctx, directory.StartOffer{At: testNow, Concern: "parkinsons", Area: "807", Place: "Kenora",
		Via: directory.ViaVoice, Number: "+18075550160", Wording: "May the centre call you back about starting a group? For yes, press 1."}); err != nil {
		t.Fatal(err)
	}
	if waits, err := w.store.WaitEntries(ctx, "+17055550142"); err != nil || len(waits) == 0 {
		t.Fatalf("wait entries: %v, %v", waits, err)
	} else if _, n, err := w.store.Invite(ctx, directory.Invitation{Concern: "parkinsons", Area: "705", People: 1, Phone: "+17055550100", SentBy: "jo@centre.example"},
		[]directory.Outgoing{{WaitlistID: waits[0].ID, Channel: waits[0].Channel, Lang: waits[0].Lang, DueAt: testNow}}, testNow); err != nil || n != 1 {
		t.Fatalf("invite: %d, %v", n, err)
	}
	// Through the commands: a cancelled meeting and a staff account, both in the audit log.
	if _, _, err := run(t, nil, "cancel", "--db", db, "--group", "1001", "--date", "2026-11-24"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runStdin(t, "the lake is calm in the morning\n", "staff", "add", "--db", db,
		"--email", "jo@centre.example", "--role", "admin", "--name", "Jo Martin"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := run(t, nil, "leader", "add", "--db", db, "--group", "1001", "--pin", "4821", "+17055550150"); err != nil {
		t.Fatal(err)
	}
	return w, db
}

// tableCounts counts every table of a database, by reading the SQLite
// schema (the two engines have the same tables).
func tableCounts(t *testing.T, db *sql.DB, tables []string) map[string]int {
	t.Helper()
	counts := map[string]int{}
	for _, name := range tables {
		var n int
		if err := db.QueryRow("SELECT count(*) FROM " + ident(name)).Scan(&n); err != nil {
			t.Fatalf("counting %s: %v", name, err)
		}
		counts[name] = n
	}
	return counts
}

func liteTables(t *testing.T, db *sql.DB) []string {
	t.Helper()
	schema, err := liteSchema(context.Background(), db)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for n := range schema {
		if n != migrationsTable {
			names = append(names, n)
		}
	}
	return names
}

// withPassword is u with a password, when it has none, to see that copy
// never prints it (the test server trusts its users, and ignores it).
func withPassword(t *testing.T, raw string) (string, string) {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	if pw, ok := u.User.Password(); ok {
		return raw, pw
	}
	const pw = "not-the-password-3f9a"
	u.User = url.UserPassword(u.User.Username(), pw)
	return u.String(), pw
}

// The promise: `peerline copy --to URL` moves a whole SQLite
// database into an empty PostgreSQL one, and the line answers the same
// from it; a database with rows is refused, and so is a SQLite file that
// is not there.
func TestCopyToPostgres(t *testing.T) {
	target, password := withPassword(t, pgtest.URL(t))
	w, db := copyWorld(t)
	ctx := context.Background()
	lite := w.store.(*sqlite.Store)
	tables := liteTables(t, lite.ReadDB())
	before := tableCounts(t, lite.ReadDB(), tables)
	for _, name := range tables {
		if before[name] == 0 {
			t.Errorf("the test's SQLite database has no row in %s: add one to copyWorld, so that copying it is tested", name)
		}
	}

	start := time.Now()
	out, errOut, err := run(t, nil, "copy", "--db", db, "--to", target)
	if err != nil {
		t.Fatalf("copy: %v\n%s%s", err, out, errOut)
	}
	t.Logf("copied the demo directory in %s:\n%s", time.Since(start).Round(time.Millisecond), out)
	where := postgres.Redact(target)
	if !strings.Contains(out, "copied "+db+" to "+where+": ") || !strings.Contains(out, "counts equal") ||
		!strings.Contains(out, "  groups ") || !strings.Contains(out, "  sessions ") {
		t.Errorf("copy printed:\n%s", out)
	}
	if strings.Contains(out+errOut, password) || clearNumber.MatchString(out+errOut) {
		t.Errorf("copy printed the password or a phone number:\n%s%s", out, errOut)
	}

	pg, err := postgres.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close() })
	if after := tableCounts(t, pg.DB(), tables); !reflect.DeepEqual(after, before) {
		t.Errorf("counts in PostgreSQL %v; in SQLite %v", after, before)
	}
	var liteVersion, pgVersion int64
	if err := lite.ReadDB().QueryRow(`SELECT version FROM directory_version`).Scan(&liteVersion); err != nil {
		t.Fatal(err)
	}
	if err := pg.DB().QueryRow(`SELECT version FROM directory_version`).Scan(&pgVersion); err != nil {
		t.Fatal(err)
	}
	if pgVersion != liteVersion || liteVersion == 0 {
		t.Errorf("the directory's version is %d in PostgreSQL, %d in SQLite", pgVersion, liteVersion)
	}

	// The same searches answer the same groups, in the same order, with
	// the same next meetings (1001's next Tuesday is cancelled).
	for _, args := range [][]string{
		{"--concern", "grief", "--area", "705", "--json", "--limit", "100"},
		{"--concern", "grief", "--area", "Sault Ste. Marie", "--json", "--limit", "100"},
		{"--concern", "deuil", "--area", "Hearst", "--lang", "fr", "--limit", "100"},
		{"--concern", "grief", "--area", "Kenora", "--limit", "100"},
		{"--concern", "caregiver", "--area", "+17052530000", "--json", "--online", "--limit", "100"},
	} {
		want, _, err := run(t, nil, append([]string{"search", "--db", db}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		got, _, err := run(t, nil, append([]string{"search", "--db", target}, args...)...)
		if err != nil {
			t.Fatal(err)
		}
		if got != want || !strings.Contains(want, "1.") && !strings.Contains(want, `"code"`) {
			t.Errorf("search %q in PostgreSQL:\n%s\nin SQLite:\n%s", args, got, want)
		}
	}
	out, _, err = run(t, nil, "search", "--db", target, "--concern", "grief", "--area", "Sault Ste. Marie", "--json")
	if err != nil || !strings.Contains(out, `"code": 1001,`) || !strings.Contains(out, `"next_meeting": "2026-12-01T10:00:00-05:00"`) {
		t.Errorf("group 1001 in PostgreSQL, its meeting of November 24 cancelled: %v\n%s", err, out)
	}

	// Members, their subscriptions, consents and wishes, whole.
	for _, number := range []string{"+17055550142", "+18075550143"} {
		for what, get := range map[string]func(directory.Store) (any, error){
			"member":        func(s directory.Store) (any, error) { m, _, err := s.Member(ctx, number); return m, err },
			"subscriptions": func(s directory.Store) (any, error) { return s.Subscriptions(ctx, number) },
			"consents":      func(s directory.Store) (any, error) { return s.Consents(ctx, number) },
			"waitlist":      func(s directory.Store) (any, error) { return s.WaitEntries(ctx, number) },
		} {
			want, err := get(w.store)
			if err != nil {
				t.Fatal(err)
			}
			got, err := get(pg)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) || reflect.ValueOf(want).IsZero() {
				t.Errorf("%s of a member in PostgreSQL: %+v; in SQLite: %+v", what, got, want)
			}
		}
	}
	for what, get := range map[string]func(directory.Store) (any, error){
		"outbox":    func(s directory.Store) (any, error) { return s.Outgoings(ctx, "pending") },
		"blocklist": func(s directory.Store) (any, error) { return s.Blocklist(ctx) },
		"staff":     func(s directory.Store) (any, error) { return s.StaffList(ctx) },
		"audit":     func(s directory.Store) (any, error) { return s.AuditLog(ctx, 100) },
		"session": func(s directory.Store) (any, error) {
			b, _, err := s.LoadSession(ctx, "CA0123456789abcdef0123456789abcdef", time.Time{})
			return string(b), err
		},
		"voicemails": func(s directory.Store) (any, error) { return s.Voicemails(ctx, time.Time{}) },
		"feeds":      func(s directory.Store) (any, error) { return s.Feeds(ctx) },
		"feed syncs": func(s directory.Store) (any, error) { return s.FeedSyncs(ctx, time.Time{}) },
		"terms":      func(s directory.Store) (any, error) { return s.TermMap(ctx) },
		"words":      func(s directory.Store) (any, error) { return s.TaughtWords(ctx) },
		"groups":     func(s directory.Store) (any, error) { return s.Groups(ctx) },
		"report":     func(s directory.Store) (any, error) { return s.Report(ctx, time.Time{}) },
	} {
		want, err := get(w.store)
		if err != nil {
			t.Fatal(err)
		}
		got, err := get(pg)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) || reflect.ValueOf(want).IsZero() {
			t.Errorf("%s in PostgreSQL: %+v\nin SQLite: %+v", what, got, want)
		}
	}

	// New rows get new ids: the sequences are past the ids copied.
	var maxGroup, maxMember int64
	if err := lite.ReadDB().QueryRow(`SELECT max(id) FROM groups`).Scan(&maxGroup); err != nil {
		t.Fatal(err)
	}
	if err := lite.ReadDB().QueryRow(`SELECT max(id) FROM members`).Scan(&maxMember); err != nil {
		t.Fatal(err)
	}
	row := "new-0001,2001,Wawa Grief Circle,,,,Grief and bereavement,en,(705) 555-0111,,Legion Hall,3 Main Street,Wawa,ON,,,,,,,,,705,,weekly WE 19:00-20:30 from 2026-01-07\n"
	csv := strings.SplitN(string(demoDirectory), "\n", 2)[0] + "\n" + row
	if out, _, err := run(t, nil, "import", "--db", target, writeTemp(t, "new.csv", csv)); err != nil || !strings.Contains(out, "1 added") {
		t.Fatalf("importing a new group into PostgreSQL: %v\n%s", err, out)
	}
	ng, ok, err := pg.Group(ctx, 2001)
	if err != nil || !ok || ng.ID != maxGroup+1 {
		t.Errorf("the new group has id %d (%v, %v); want %d, after the ids copied", ng.ID, ok, err, maxGroup+1)
	}
	sub, err := pg.Subscribe(ctx, "+17055550177", ng.ID, directory.ByText, directory.Consent{At: testNow, Via: directory.ViaSMS, Wording: "Reply YES."})
	if err != nil || sub.MemberID != maxMember+1 {
		t.Errorf("a new member: %+v, %v; want member id %d", sub, err, maxMember+1)
	}

	// A second copy into the database, now with rows: refused, nothing changed.
	filled := tableCounts(t, pg.DB(), tables)
	out, _, err = run(t, nil, "copy", "--db", db, "--to", target)
	if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), "groups has 192 rows") {
		t.Errorf("a copy into a database with rows: %v\n%s", err, out)
	}
	if exitCode(err) == 0 || strings.Contains(err.Error(), password) {
		t.Errorf("exit %d, %v", exitCode(err), err)
	}
	if again := tableCounts(t, pg.DB(), tables); !reflect.DeepEqual(again, filled) {
		t.Errorf("a refused copy changed the counts: %v, were %v", again, filled)
	}

	// A SQLite file that is not there: refused, not created.
	missing := filepath.Join(t.TempDir(), "typo.db")
	if _, _, err := run(t, nil, "copy", "--db", missing, "--to", pgtest.URL(t)); err == nil || !strings.Contains(err.Error(), "no database") {
		t.Errorf("copy from a file that does not exist: %v", err)
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("copying from a missing database created it (%v)", err)
	}
}

// One table with rows is enough to refuse, and the message names it;
// nothing is copied into the others.
func TestCopyRefusesADatabaseWithRows(t *testing.T) {
	target := pgtest.URL(t)
	_, db := demoWorld(t)
	pg, err := postgres.Open(context.Background(), target)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	if err := pg.Block(context.Background(), "+17055550199", "", testNow); err != nil {
		t.Fatal(err)
	}
	_, _, err = run(t, nil, "copy", "--db", db, "--to", target)
	if err == nil || !strings.Contains(err.Error(), "not empty (blocklist has 1 row)") || !strings.Contains(err.Error(), "nothing was copied") {
		t.Errorf("copy into a database with a blocked number: %v", err)
	}
	if n, err := pg.CountGroups(context.Background()); err != nil || n != 0 {
		t.Errorf("the refused copy left %d groups (%v)", n, err)
	}
}

func TestCopyCommandLine(t *testing.T) {
	_, db := demoWorld(t)
	var u usageError
	for _, args := range [][]string{
		{"copy", "--db", db},
		{"copy", "--db", db, "--to", filepath.Join(t.TempDir(), "other.db")},
		{"copy", "--db", "postgres://peerline@127.0.0.1:1/x", "--to", "postgres://peerline@127.0.0.1:1/y"},
		{"copy", "--db", db, "--to", "postgres://peerline@127.0.0.1:1/y", "extra"},
	} {
		if _, _, err := run(t, nil, args...); !errors.As(err, &u) {
			t.Errorf("%q: %v; want a usage error", args, err)
		}
	}
	_, errOut, err := run(t, nil, "copy", "--help")
	if exitCode(err) != 0 || !strings.Contains(errOut, "usage: peerline copy [--db FILE] --to URL") || !strings.Contains(errOut, "PEERLINE_DB") {
		t.Errorf("copy --help: %v\n%s", err, errOut)
	}
}

// The two engines' migrations leave the same tables with the same
// columns, of types that hold the same values: what copy relies on.
func TestEnginesHaveTheSameSchema(t *testing.T) {
	ctx := context.Background()
	lite := directorytest.Store(t)
	target := pgtest.URL(t)
	pg, err := postgres.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	ls, err := liteSchema(ctx, lite.ReadDB())
	if err != nil {
		t.Fatal(err)
	}
	var ps map[string][]column
	if err := withPgx(ctx, target, func(c *pgx.Conn) error {
		ps, err = pgSchema(ctx, c)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	tables, err := matchSchemas(ls, ps)
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 20 || len(ls) != len(ps) {
		t.Errorf("%d tables to copy, %d in SQLite, %d in PostgreSQL", len(tables), len(ls), len(ps))
	}
	var order []table
	if err := withPgx(ctx, target, func(c *pgx.Conn) error {
		order, err = pgCopyOrder(ctx, c, tables)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	at := map[string]int{}
	for i, tb := range order {
		at[tb.name] = i
	}
	for _, before := range [][2]string{{"groups", "group_index"}, {"members", "consents"}, {"consents", "subscriptions"},
		{"groups", "subscriptions"}, {"subscriptions", "outbox"}, {"waitlist", "outbox"}, {"groups", "listing_checks"}} {
		if at[before[0]] >= at[before[1]] {
			t.Errorf("%s is copied after %s, which refers to it: %v", before[0], before[1], at)
		}
	}
}

// Drift between the engines is caught, and named, before anything is
// copied.
func TestCopyRefusesSchemasThatDiffer(t *testing.T) {
	ctx := context.Background()
	target := pgtest.URL(t)
	_, db := demoWorld(t)
	pg, err := postgres.Open(ctx, target)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	for _, q := range []string{
		`ALTER TABLE groups ADD COLUMN colour TEXT`,
		`CREATE TABLE only_here (id BIGINT PRIMARY KEY)`,
		`ALTER TABLE search_log ALTER COLUMN npa TYPE DOUBLE PRECISION USING 0`,
	} {
		if _, err := pg.DB().Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	_, _, err = run(t, nil, "copy", "--db", db, "--to", target)
	for _, want := range []string{"schemas differ", "column groups.colour is in PostgreSQL, not in SQLite",
		"table only_here is in PostgreSQL, not in SQLite", "column search_log.npa is TEXT in SQLite but double precision in PostgreSQL"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("copy between drifted schemas: %v; want %q", err, want)
		}
	}
	if n, err := pg.CountGroups(ctx); err != nil || n != 0 {
		t.Errorf("%d groups copied (%v)", n, err)
	}

	// And the other way, with matchSchemas alone.
	_, err = matchSchemas(
		map[string][]column{"a": {{name: "id", liteType: "INTEGER"}, {name: "x", liteType: "TEXT"}}, "b": {{name: "id", liteType: "INTEGER"}}},
		map[string][]column{"a": {{name: "id", pgType: "bigint"}}})
	if err == nil || !strings.Contains(err.Error(), "column a.x is in SQLite, not in PostgreSQL") || !strings.Contains(err.Error(), "table b is in SQLite, not in PostgreSQL") {
		t.Errorf("SQLite's extra table and column: %v", err)
	}
}

func TestDependencyOrder(t *testing.T) {
	tables := []table{{name: "c"}, {name: "b"}, {name: "a"}, {name: "d"}}
	order, err := dependencyOrder(tables, map[string][]string{"a": {"b"}, "b": {"c"}, "d": {"elsewhere"}})
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range order {
		names = append(names, tb.name)
	}
	if strings.Join(names, " ") != "c d b a" {
		t.Errorf("order %v; want c d b a", names)
	}
	if _, err := dependencyOrder(tables, map[string][]string{"a": {"b"}, "b": {"a"}}); err == nil || !strings.Contains(err.Error(), "a, b") {
		t.Errorf("a circle: %v", err)
	}
}

// Values are made what PostgreSQL's columns take, and a value that does
// not fit is refused without being shown.
func TestConvert(t *testing.T) {
	for _, c := range []struct {
		in     any
		pgType string
		want   any
		err    string
	}{
		{int64(1), "boolean", true, ""},
		{int64(0), "boolean", false, ""},
		{int64(2), "boolean", nil, "other than 0 or 1"},
		{"{}", "bytea", []byte("{}"), ""},
		{[]byte{0, 1}, "bytea", []byte{0, 1}, ""},
		{nil, "boolean", nil, ""},
		{nil, "text", nil, ""},
		{int64(7), "double precision", float64(7), ""},
		{2.5, "double precision", 2.5, ""},
		{int64(42), "bigint", int64(42), ""},
		{"+17055550142", "bigint", nil, "text cannot go into a bigint column"},
		{[]byte("abc"), "text", "abc", ""},
		{"a\x00b", "text", nil, "NUL"},
		{"\xff", "text", nil, "not UTF-8"},
		{int64(5), "text", nil, "an integer cannot go into a text column"},
	} {
		got, err := convert(c.in, c.pgType)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "5550142") {
				t.Errorf("convert(%#v, %s): %v; want an error with %q", c.in, c.pgType, err, c.err)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("convert(%#v, %s) = %#v, %v; want %#v", c.in, c.pgType, got, err, c.want)
		}
	}
}

// BenchmarkCopy100k copies a 100,000-group directory into PostgreSQL, as
// `peerline copy` does (opening and migrating the target included). Run
// with -benchtime=1x: each copy needs a new database.
func BenchmarkCopy100k(b *testing.B) {
	db := filepath.Join(b.TempDir(), "copy100k.db")
	areas := directorytest.Areas(b)
	store := directorytest.StoreAt(b, db)
	directorytest.Import(b, store, areas, testNow, directory.Synthetic(100_000, 1, directorytest.Vocab(b), areas)...)
	if err := store.Close(); err != nil {
		b.Fatal(err)
	}
	var out strings.Builder
	m := &Main{Stdout: &out, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Now: func() time.Time { return testNow }, Log: slog.New(slog.DiscardHandler)}
	for b.Loop() {
		b.StopTimer()
		target := pgtest.URL(b)
		out.Reset()
		b.StartTimer()
		if err := m.Run(context.Background(), []string{"copy", "--db", db, "--to", target}); err != nil {
			b.Fatal(err)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if strings.Contains(line, "group") || strings.HasPrefix(line, "copied") {
			b.Log(line)
		}
	}
}
