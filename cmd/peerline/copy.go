package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/peerline/peerline/directory/postgres"
	"github.com/peerline/peerline/directory/sqlite"
)

// copyCmd copies a whole SQLite database into an empty PostgreSQL one:
// every table, row and id, in one PostgreSQL transaction, checked by
// counting each table on both sides before it commits.
func (m *Main) copyCmd(ctx context.Context, args []string) error {
	fs := m.flags("copy", "[--db FILE] --to URL\n\n"+
		"Copy the whole SQLite database (--db) into the PostgreSQL database at URL, which\n"+
		"must be empty: its schema is brought up to date, every table is copied with its ids\n"+
		"in one transaction, and each table is counted on both sides before it commits.\n"+
		"What the line writes to the SQLite file after the copy began is not in the copy:\n"+
		"stop the line first, then point PEERLINE_DB at the URL.")
	db := m.dbFlag(fs)
	to := fs.String("to", "", "the PostgreSQL database to fill, a postgres:// URL; it must have no rows yet")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return usageError{"copy takes no arguments: --db FILE --to URL"}
	}
	if !postgres.IsURL(*to) {
		fs.Usage()
		return usageError{"copy needs --to, the postgres:// URL of the database to fill"}
	}
	if postgres.IsURL(*db) {
		return usageError{"copy reads a SQLite database: --db names the file, --to the PostgreSQL database"}
	}
	from, err := m.openExisting(ctx, *db)
	if err != nil {
		return err
	}
	defer from.Close()
	lite, ok := from.(*sqlite.Store)
	if !ok {
		return fmt.Errorf("copy reads a SQLite database; %s is not one", dbName(*db))
	}
	dest, err := postgres.Open(ctx, *to)
	if err != nil {
		return err
	}
	defer dest.Close()

	where := postgres.Redact(*to)
	start := time.Now()
	counts, err := copyDatabase(ctx, lite.ReadDB(), *to)
	if counts != nil {
		printCounts(m.Stdout, counts)
	}
	if err != nil {
		return fmt.Errorf("copying %s to %s: %w; nothing was copied", *db, where, err)
	}
	rows := 0
	for _, c := range counts {
		rows += c.dest
	}
	fmt.Fprintf(m.Stdout, "copied %s to %s: %d tables, %d rows, counts equal, in %s\n",
		*db, where, len(counts), rows, time.Since(start).Round(time.Millisecond))
	return nil
}

// tableCount is one table's rows on each side after a copy.
type tableCount struct {
	table        string
	source, dest int
}

func printCounts(w io.Writer, counts []tableCount) {
	width := len("table")
	for _, c := range counts {
		width = max(width, len(c.table))
	}
	fmt.Fprintf(w, "  %-*s  %8s  %10s\n", width, "table", "sqlite", "postgresql")
	for _, c := range counts {
		mark := ""
		if c.source != c.dest {
			mark = "  DIFFERENT"
		}
		fmt.Fprintf(w, "  %-*s  %8d  %10d%s\n", width, c.table, c.source, c.dest, mark)
	}
}

// The tables copy leaves to each engine: its own record of the
// migrations it applied (the two engines' differ), and the directory's
// version, a row the migrations create, whose value copy carries over.
const (
	migrationsTable = "schema_migrations"
	versionTable    = "directory_version"
)

// column is one column of a table, with its type as each engine declares it.
type column struct {
	name     string
	liteType string // SQLite's declared type: INTEGER, TEXT, REAL...
	pgType   string // information_schema's data_type: bigint, boolean, bytea...
	identity bool   // a PostgreSQL identity, whose sequence copy moves past the ids
}

// table is one table as both engines have it, its columns in
// PostgreSQL's order.
type table struct {
	name    string
	columns []column
}

// copyDatabase copies every table of the SQLite database src into the
// empty PostgreSQL database at the URL dst, and returns the count of each
// table on both sides. src is read in one read transaction, so the copy is one
// snapshot even while the line writes; dst is written in one transaction,
// committed only when every count is equal.
func copyDatabase(ctx context.Context, src *sql.DB, dst string) ([]tableCount, error) {
	rconn, err := src.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer rconn.Close()
	rtx, err := rconn.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer rtx.Rollback()

	var counts []tableCount
	err = withPgx(ctx, dst, func(pc *pgx.Conn) error {
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		counts, err = copyTables(ctx, rtx, tx)
		if err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
	return counts, err
}

// withPgx runs f on a pgx connection of its own to the database at
// rawURL, for what database/sql has no word for (COPY). (The engine's
// pool renumbers placeholders on a wrapper that hides pgx's connection.)
func withPgx(ctx context.Context, rawURL string, f func(*pgx.Conn) error) error {
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return errors.New("the PostgreSQL URL does not read")
	}
	c, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		if cfg.Password == "" {
			return err
		}
		return errors.New(strings.ReplaceAll(err.Error(), cfg.Password, "xxxxx"))
	}
	defer c.Close(context.WithoutCancel(ctx))
	return f(c)
}

// pgQuerier is a pgx connection or transaction.
type pgQuerier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// liteQuerier is a SQLite connection or transaction.
type liteQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func copyTables(ctx context.Context, src *sql.Tx, tx pgx.Tx) ([]tableCount, error) {
	lite, err := liteSchema(ctx, src)
	if err != nil {
		return nil, fmt.Errorf("reading the SQLite schema: %w", err)
	}
	pg, err := pgSchema(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("reading the PostgreSQL schema: %w", err)
	}
	tables, err := matchSchemas(lite, pg)
	if err != nil {
		return nil, err
	}
	order, err := pgCopyOrder(ctx, tx, tables)
	if err != nil {
		return nil, err
	}

	// No one writes while it is checked and filled; readers may read.
	names := make([]string, 0, len(order)+1)
	for _, t := range order {
		names = append(names, ident(t.name))
	}
	if _, ok := pg[versionTable]; ok {
		names = append(names, ident(versionTable))
	}
	if _, err := tx.Exec(ctx, "LOCK TABLE "+strings.Join(names, ", ")+" IN EXCLUSIVE MODE"); err != nil {
		return nil, fmt.Errorf("locking the tables: %w", err)
	}
	if err := checkEmpty(ctx, tx, order); err != nil {
		return nil, err
	}

	for _, t := range order {
		if err := copyTable(ctx, src, tx, t); err != nil {
			return nil, err
		}
	}
	if err := copyVersion(ctx, src, tx, lite, pg); err != nil {
		return nil, err
	}
	if err := resetIdentities(ctx, tx, order); err != nil {
		return nil, err
	}

	counted := slices.Clone(order)
	if _, ok := pg[versionTable]; ok {
		counted = append(counted, table{name: versionTable})
	}
	sort.Slice(counted, func(i, j int) bool { return counted[i].name < counted[j].name })
	counts := make([]tableCount, 0, len(counted))
	var differ []string
	for _, t := range counted {
		c := tableCount{table: t.name}
		if err := src.QueryRowContext(ctx, "SELECT count(*) FROM "+ident(t.name)).Scan(&c.source); err != nil {
			return nil, fmt.Errorf("counting %s in SQLite: %w", t.name, err)
		}
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+ident(t.name)).Scan(&c.dest); err != nil {
			return nil, fmt.Errorf("counting %s in PostgreSQL: %w", t.name, err)
		}
		if c.source != c.dest {
			differ = append(differ, fmt.Sprintf("%s (%d in SQLite, %d in PostgreSQL)", t.name, c.source, c.dest))
		}
		counts = append(counts, c)
	}
	if len(differ) > 0 {
		return counts, fmt.Errorf("the counts differ: %s", strings.Join(differ, ", "))
	}
	return counts, nil
}

// ident quotes a table or column name for either engine.
func ident(name string) string { return pgx.Identifier{name}.Sanitize() }

// liteSchema reads every table of the SQLite database, and its columns.
func liteSchema(ctx context.Context, q liteQuerier) (map[string][]column, error) {
	rows, err := q.QueryContext(ctx, `SELECT m.name, p.name, p.type
		FROM sqlite_schema AS m JOIN pragma_table_info(m.name) AS p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\'
		ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := map[string][]column{}
	for rows.Next() {
		var t string
		var c column
		if err := rows.Scan(&t, &c.name, &c.liteType); err != nil {
			return nil, err
		}
		tables[t] = append(tables[t], c)
	}
	return tables, rows.Err()
}

// pgSchema reads every table of the PostgreSQL database's current
// schema, and its columns.
func pgSchema(ctx context.Context, q pgQuerier) (map[string][]column, error) {
	rows, err := q.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type, c.is_identity = 'YES'
		FROM information_schema.columns AS c
		JOIN information_schema.tables AS t USING (table_catalog, table_schema, table_name)
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	tables := map[string][]column{}
	for rows.Next() {
		var t string
		var c column
		if err := rows.Scan(&t, &c.name, &c.pgType, &c.identity); err != nil {
			return nil, err
		}
		tables[t] = append(tables[t], c)
	}
	return tables, rows.Err()
}

// matchSchemas pairs the two engines' tables and columns, and fails,
// naming every difference, when one has a table or column the other has
// not, or a column whose types cannot hold the same values: the engines'
// migrations have drifted apart, a bug to fix before anything is copied.
// It returns the tables to copy (not the two each engine keeps).
func matchSchemas(lite, pg map[string][]column) ([]table, error) {
	var drift []string
	names := map[string]bool{}
	for n := range lite {
		names[n] = true
	}
	for n := range pg {
		names[n] = true
	}
	var tables []table
	for _, n := range slices.Sorted(maps.Keys(names)) {
		lc, inLite := lite[n]
		pc, inPg := pg[n]
		switch {
		case !inPg:
			drift = append(drift, fmt.Sprintf("table %s is in SQLite, not in PostgreSQL", n))
			continue
		case !inLite:
			drift = append(drift, fmt.Sprintf("table %s is in PostgreSQL, not in SQLite", n))
			continue
		}
		byName := map[string]column{}
		for _, c := range lc {
			byName[c.name] = c
		}
		t := table{name: n}
		for _, c := range pc {
			l, ok := byName[c.name]
			if !ok {
				drift = append(drift, fmt.Sprintf("column %s.%s is in PostgreSQL, not in SQLite", n, c.name))
				continue
			}
			delete(byName, c.name)
			c.liteType = l.liteType
			if !compatible(c.liteType, c.pgType) {
				drift = append(drift, fmt.Sprintf("column %s.%s is %s in SQLite but %s in PostgreSQL", n, c.name, c.liteType, c.pgType))
				continue
			}
			t.columns = append(t.columns, c)
		}
		for _, c := range lc {
			if _, left := byName[c.name]; left {
				drift = append(drift, fmt.Sprintf("column %s.%s is in SQLite, not in PostgreSQL", n, c.name))
			}
		}
		if n != migrationsTable && n != versionTable {
			tables = append(tables, t)
		}
	}
	if len(drift) > 0 {
		return nil, fmt.Errorf("the SQLite and PostgreSQL schemas differ (their migrations have drifted apart: a bug): %s",
			strings.Join(drift, "; "))
	}
	return tables, nil
}

// affinity is the type affinity SQLite gives a declared type (the rules
// of https://sqlite.org/datatype3.html, 3.1).
func affinity(decl string) string {
	d := strings.ToUpper(decl)
	switch {
	case strings.Contains(d, "INT"):
		return "INTEGER"
	case strings.Contains(d, "CHAR"), strings.Contains(d, "CLOB"), strings.Contains(d, "TEXT"):
		return "TEXT"
	case d == "", strings.Contains(d, "BLOB"):
		return "BLOB"
	case strings.Contains(d, "REAL"), strings.Contains(d, "FLOA"), strings.Contains(d, "DOUB"):
		return "REAL"
	}
	return "NUMERIC"
}

// compatible reports whether a SQLite column's values go into a
// PostgreSQL column of type pgType: integers into integers or booleans
// (0 and 1), text into text or bytes, reals into floating point.
func compatible(liteDecl, pgType string) bool {
	switch affinity(liteDecl) {
	case "INTEGER":
		return pgType == "bigint" || pgType == "integer" || pgType == "smallint" || pgType == "boolean"
	case "TEXT":
		return pgType == "text" || pgType == "character varying" || pgType == "bytea"
	case "REAL":
		return pgType == "double precision" || pgType == "real"
	case "BLOB":
		return pgType == "bytea"
	}
	return pgType == "numeric" || pgType == "bigint" || pgType == "integer" || pgType == "double precision"
}

// pgCopyOrder orders the tables so that every table comes after the
// tables its foreign keys refer to, as PostgreSQL's constraints say;
// tables with no order between them go by name.
func pgCopyOrder(ctx context.Context, q pgQuerier, tables []table) ([]table, error) {
	rows, err := q.Query(ctx, `SELECT t.relname::text, f.relname::text
		FROM pg_constraint AS c
		JOIN pg_class AS t ON t.oid = c.conrelid
		JOIN pg_class AS f ON f.oid = c.confrelid
		JOIN pg_namespace AS n ON n.oid = t.relnamespace
		WHERE c.contype = 'f' AND n.nspname = current_schema()`)
	if err != nil {
		return nil, fmt.Errorf("reading PostgreSQL's foreign keys: %w", err)
	}
	refs := map[string][]string{} // table -> the tables it refers to
	for rows.Next() {
		var from, to string
		if err := rows.Scan(&from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		refs[from] = append(refs[from], to)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("reading PostgreSQL's foreign keys: %w", err)
	}
	return dependencyOrder(tables, refs)
}

// dependencyOrder sorts tables so that each follows those it refers to.
func dependencyOrder(tables []table, refs map[string][]string) ([]table, error) {
	byName := map[string]table{}
	for _, t := range tables {
		byName[t.name] = t
	}
	done := map[string]bool{}
	var order []table
	for len(order) < len(tables) {
		var ready []string
		for _, t := range tables {
			if done[t.name] {
				continue
			}
			ok := true
			for _, r := range refs[t.name] {
				if _, copied := byName[r]; copied && !done[r] {
					ok = false
				}
			}
			if ok {
				ready = append(ready, t.name)
			}
		}
		if len(ready) == 0 {
			var left []string
			for _, t := range tables {
				if !done[t.name] {
					left = append(left, t.name)
				}
			}
			sort.Strings(left)
			return nil, fmt.Errorf("the foreign keys of %s refer to each other in a circle (or to the table itself): copy cannot order them", strings.Join(left, ", "))
		}
		sort.Strings(ready)
		for _, n := range ready {
			done[n] = true
			order = append(order, byName[n])
		}
	}
	return order, nil
}

// checkEmpty fails, naming each table that has rows, unless none has.
func checkEmpty(ctx context.Context, tx pgx.Tx, tables []table) error {
	var full []string
	for _, t := range tables {
		var n int64
		if err := tx.QueryRow(ctx, "SELECT count(*) FROM "+ident(t.name)).Scan(&n); err != nil {
			return fmt.Errorf("counting %s in PostgreSQL: %w", t.name, err)
		}
		if n > 0 {
			full = append(full, fmt.Sprintf("%s has %d %s", t.name, n, plural(n, "row", "rows")))
		}
	}
	if len(full) > 0 {
		return fmt.Errorf("the PostgreSQL database is not empty (%s); copy fills only an empty database", strings.Join(full, ", "))
	}
	return nil
}

func plural(n int64, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// copyTable copies one table's rows, all its columns, with COPY.
func copyTable(ctx context.Context, src *sql.Tx, tx pgx.Tx, t table) error {
	cols := make([]string, len(t.columns))
	quoted := make([]string, len(t.columns))
	for i, c := range t.columns {
		cols[i], quoted[i] = c.name, ident(c.name)
	}
	rows, err := src.QueryContext(ctx, "SELECT "+strings.Join(quoted, ", ")+" FROM "+ident(t.name))
	if err != nil {
		return fmt.Errorf("reading %s from SQLite: %w", t.name, err)
	}
	defer rows.Close()
	rs := &liteRows{rows: rows, table: t, vals: make([]any, len(cols)), ptrs: make([]any, len(cols))}
	for i := range rs.vals {
		rs.ptrs[i] = &rs.vals[i]
	}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, cols, rs)
	if err != nil {
		return fmt.Errorf("copying %s: %w", t.name, err)
	}
	if n != rs.n {
		return fmt.Errorf("copying %s: %d rows read, %d written", t.name, rs.n, n)
	}
	return nil
}

// liteRows feeds a SQLite query's rows to COPY, each value made what its
// PostgreSQL column takes.
type liteRows struct {
	rows  *sql.Rows
	table table
	vals  []any
	ptrs  []any
	n     int64
	err   error
}

func (r *liteRows) Next() bool {
	if r.err != nil || !r.rows.Next() {
		return false
	}
	r.n++
	return true
}

func (r *liteRows) Values() ([]any, error) {
	if err := r.rows.Scan(r.ptrs...); err != nil {
		return nil, fmt.Errorf("reading %s from SQLite: %w", r.table.name, err)
	}
	out := make([]any, len(r.vals))
	for i, v := range r.vals {
		c := r.table.columns[i]
		cv, err := convert(v, c.pgType)
		if err != nil {
			// Never the value: it may be a phone number.
			r.err = fmt.Errorf("%s.%s, row %d: %w", r.table.name, c.name, r.n, err)
			return nil, r.err
		}
		out[i] = cv
	}
	return out, nil
}

func (r *liteRows) Err() error {
	if r.err != nil {
		return r.err
	}
	return r.rows.Err()
}

// convert makes a value SQLite gave what a PostgreSQL column of type
// pgType takes: 0 and 1 booleans, text bytes, integer floats. NULL stays
// NULL. The errors never show the value.
func convert(v any, pgType string) (any, error) {
	if v == nil {
		return nil, nil
	}
	switch pgType {
	case "boolean":
		switch x := v.(type) {
		case int64:
			if x == 0 || x == 1 {
				return x == 1, nil
			}
			return nil, errors.New("an integer other than 0 or 1 cannot go into a boolean column")
		case bool:
			return x, nil
		}
	case "bytea":
		switch x := v.(type) {
		case string:
			return []byte(x), nil
		case []byte:
			return x, nil
		}
	case "bigint", "integer", "smallint":
		switch x := v.(type) {
		case int64:
			return x, nil
		case bool:
			if x {
				return int64(1), nil
			}
			return int64(0), nil
		}
	case "double precision", "real":
		switch x := v.(type) {
		case float64:
			return x, nil
		case int64:
			return float64(x), nil
		}
	case "text", "character varying":
		var s string
		switch x := v.(type) {
		case string:
			s = x
		case []byte:
			s = string(x)
		default:
			return nil, fmt.Errorf("%s cannot go into a text column", sqliteKind(v))
		}
		if !utf8.ValidString(s) {
			return nil, errors.New("text that is not UTF-8")
		}
		if strings.IndexByte(s, 0) >= 0 {
			return nil, errors.New("text with a NUL character, which PostgreSQL's text cannot hold")
		}
		return s, nil
	default:
		return v, nil
	}
	return nil, fmt.Errorf("%s cannot go into a %s column", sqliteKind(v), pgType)
}

// sqliteKind names the storage class of a value SQLite gave.
func sqliteKind(v any) string {
	switch v.(type) {
	case int64:
		return "an integer"
	case float64:
		return "a real number"
	case string:
		return "text"
	case []byte:
		return "a blob"
	case bool:
		return "a boolean"
	case time.Time:
		return "a time"
	}
	return fmt.Sprintf("a %T", v)
}

// copyVersion carries the directory's version over: PostgreSQL's row,
// which its migration made and copying the groups moved, is set to
// SQLite's, and never moved back, so that a server that read the
// database before still sees the directory change.
func copyVersion(ctx context.Context, src *sql.Tx, tx pgx.Tx, lite, pg map[string][]column) error {
	if _, ok := pg[versionTable]; !ok {
		return nil
	}
	if _, ok := lite[versionTable]; !ok {
		return nil
	}
	var v int64
	err := src.QueryRowContext(ctx, "SELECT version FROM "+ident(versionTable)).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return fmt.Errorf("reading the directory's version from SQLite: %w", err)
	}
	if _, err := tx.Exec(ctx, "UPDATE "+ident(versionTable)+" SET version = GREATEST(version, $1)", v); err != nil {
		return fmt.Errorf("setting the directory's version: %w", err)
	}
	return nil
}

// resetIdentities sets each identity column's sequence past the largest
// id copied, so that the next row PostgreSQL makes gets a new id.
func resetIdentities(ctx context.Context, tx pgx.Tx, tables []table) error {
	for _, t := range tables {
		for _, c := range t.columns {
			if !c.identity {
				continue
			}
			q := fmt.Sprintf("SELECT setval(pg_get_serial_sequence($1, $2), COALESCE(max(%s), 0) + 1, false) FROM %s",
				ident(c.name), ident(t.name))
			var next int64
			if err := tx.QueryRow(ctx, q, ident(t.name), c.name).Scan(&next); err != nil {
				return fmt.Errorf("moving the ids of %s.%s past those copied: %w", t.name, c.name, err)
			}
		}
	}
	return nil
}
