package hsds

import (
	"archive/zip"
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"strings"

	"github.com/peerline/peerline/directory"
)

// source is an opened package: its files, and where each table is.
type source struct {
	fsys  fs.FS
	close func() error
	paths map[string]string // resource name -> path inside fsys
}

// open opens a folder or a .zip and finds its tables.
func open(pkgPath string) (*source, error) {
	info, err := os.Stat(pkgPath)
	if err != nil {
		return nil, fmt.Errorf("opening the package: %w", err)
	}
	src := &source{close: func() error { return nil }}
	if info.IsDir() {
		src.fsys = os.DirFS(pkgPath)
	} else {
		zr, err := zip.OpenReader(pkgPath)
		if err != nil {
			return nil, fmt.Errorf("%s: not a folder or a .zip: %w", pkgPath, err)
		}
		src.fsys, src.close = zr, zr.Close
	}
	if src.fsys, err = packageRoot(src.fsys); err == nil {
		src.paths, err = resourcePaths(src.fsys)
	}
	if err != nil {
		src.close()
		return nil, fmt.Errorf("%s: %w", pkgPath, err)
	}
	return src, nil
}

// packageRoot steps into the one folder a package was zipped with
// ("zip -r pkg.zip pkg/") when the files are not at the top.
func packageRoot(fsys fs.FS) (fs.FS, error) {
	if isPackage(fsys) {
		return fsys, nil
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var dirs []string
	for _, e := range entries {
		if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && e.Name() != "__MACOSX" {
			dirs = append(dirs, e.Name())
		}
	}
	if len(dirs) == 1 {
		if sub, err := fs.Sub(fsys, dirs[0]); err == nil && isPackage(sub) {
			return sub, nil
		}
	}
	return fsys, nil
}

func isPackage(fsys fs.FS) bool {
	for _, name := range []string{"datapackage.json", standardPath(resService)} {
		if _, err := fs.Stat(fsys, name); err == nil {
			return true
		}
	}
	return false
}

// resourcePaths maps each table to its file: the path datapackage.json
// gives the resource of that name, else the standard file name.
func resourcePaths(fsys fs.FS) (map[string]string, error) {
	paths := map[string]string{}
	data, err := fs.ReadFile(fsys, "datapackage.json")
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return nil, err
	default:
		var dp struct {
			Resources []struct {
				Name string          `json:"name"`
				Path json.RawMessage `json:"path"`
			} `json:"resources"`
		}
		if err := json.Unmarshal(data, &dp); err != nil {
			return nil, fmt.Errorf("datapackage.json: %w", err)
		}
		for _, r := range dp.Resources {
			if standardPath(r.Name) == "" || len(r.Path) == 0 {
				continue
			}
			p, err := resourcePath(r.Path)
			if err != nil {
				return nil, fmt.Errorf("datapackage.json: resource %q: %w", r.Name, err)
			}
			paths[r.Name] = p
		}
	}
	for _, r := range resources {
		if paths[r.name] == "" {
			paths[r.name] = r.path
		}
	}
	return paths, nil
}

// resourcePath reads a resource's path: a string, or a list of which the
// first part is taken. Only files inside the package can be read.
func resourcePath(raw json.RawMessage) (string, error) {
	var p string
	if err := json.Unmarshal(raw, &p); err != nil {
		var parts []string
		if err := json.Unmarshal(raw, &parts); err != nil || len(parts) == 0 {
			return "", errors.New("path is neither a string nor a list of strings")
		}
		p = parts[0]
	}
	if strings.Contains(p, "://") {
		return "", fmt.Errorf("path %q is remote; only files inside the package are read", p)
	}
	if p = path.Clean(strings.TrimPrefix(p, "./")); !fs.ValidPath(p) {
		return "", fmt.Errorf("path %q is outside the package", p)
	}
	return p, nil
}

// table is one CSV file of the package, read whole.
type table struct {
	file string // its path in the package, as reports name it
	rows []record
}

// record is one row, with the line it starts on. Its cells are read by
// column name through the table's columns, which every row shares: a
// package of 100,000 services has a million rows.
type record struct {
	line  int
	cols  map[string]int // column name -> index in cells
	cells []string
}

func (r record) get(col string) string {
	if i, ok := r.cols[col]; ok && i < len(r.cells) {
		return r.cells[i]
	}
	return ""
}

// tableRead is a table as read, with the rows it could not read.
type tableRead struct {
	t    *table
	bad  []directory.RowError
	fail error // the table cannot be read at all
}

// table reads a resource's CSV file. A missing file gives an empty table
// unless required. A header that cannot be read, names a column twice or
// lacks a needed column fails the package; a row that cannot be read is
// reported and skipped.
func (s *source) table(name string, required bool, columns []string) tableRead {
	t := &table{file: s.paths[name]}
	f, err := s.fsys.Open(t.file)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return tableRead{t: t}
	}
	if err != nil {
		return tableRead{fail: fmt.Errorf("%s: %w", t.file, err)}
	}
	defer f.Close()
	cr := csv.NewReader(skipBOM(f))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return tableRead{fail: fmt.Errorf("%s: the file is empty; its first line must name the columns", t.file)}
	}
	if err != nil {
		return tableRead{fail: fmt.Errorf("%s: reading the header: %w", t.file, err)}
	}
	cols, err := headerColumns(header, columns)
	if err != nil {
		return tableRead{fail: fmt.Errorf("%s: %w", t.file, err)}
	}
	named := make([]int, 0, len(cols))
	for _, i := range cols {
		named = append(named, i)
	}
	slices.Sort(named)
	var bad []directory.RowError
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return tableRead{t: t, bad: bad}
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			bad = append(bad, directory.RowError{File: t.file, Line: pe.StartLine, Err: fmt.Errorf("the row cannot be read as CSV: %w", pe.Err)})
			continue
		}
		if err != nil {
			return tableRead{fail: fmt.Errorf("%s: %w", t.file, err)}
		}
		line, _ := cr.FieldPos(0)
		if r, ok := makeRecord(line, cols, named, rec); ok {
			t.rows = append(t.rows, r)
		}
	}
}

// headerColumns maps the columns' names, lower case, to their places,
// and checks that every needed one is there and none is named twice.
func headerColumns(header, needed []string) (map[string]int, error) {
	cols := make(map[string]int, len(header))
	for i, h := range header {
		name := strings.ToLower(strings.TrimSpace(h))
		if name == "" {
			continue
		}
		if _, seen := cols[name]; seen {
			return nil, fmt.Errorf("the header names column %q twice", name)
		}
		cols[name] = i
	}
	for _, c := range needed {
		if _, ok := cols[c]; !ok {
			return nil, fmt.Errorf("the header has no %q column", c)
		}
	}
	return cols, nil
}

// makeRecord keeps a row's cells, trimmed; a row whose named cells (at
// the places named) are all empty is no row.
func makeRecord(line int, cols map[string]int, named []int, rec []string) (record, bool) {
	for i, v := range rec {
		rec[i] = strings.TrimSpace(v)
	}
	for _, i := range named {
		if i < len(rec) && rec[i] != "" {
			return record{line: line, cols: cols, cells: rec}, true
		}
	}
	return record{}, false
}

const bom = "\ufeff"

// skipBOM drops the byte order mark spreadsheets write before UTF-8 CSV.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		br.Discard(len(bom))
	}
	return br
}

// index groups a table's rows by a column's value, in file order.
type index map[string][]record

func indexBy(t *table, col string, keep func(record) bool) index {
	ix := index{}
	for _, r := range t.rows {
		if v := r.get(col); v != "" && (keep == nil || keep(r)) {
			ix[v] = append(ix[v], r)
		}
	}
	return ix
}

// byID maps ids to rows; the first row with an id wins.
func byID(t *table) map[string]record {
	m := map[string]record{}
	for _, r := range t.rows {
		if id := r.get("id"); id != "" {
			if _, dup := m[id]; !dup {
				m[id] = r
			}
		}
	}
	return m
}
