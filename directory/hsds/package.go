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

// record is one row by column name, with the line it starts on.
type record struct {
	line  int
	cells map[string]string
}

func (r record) get(col string) string { return r.cells[col] }

// table reads a resource's CSV file. A missing file gives an empty table
// unless required. A header that cannot be read, names a column twice or
// lacks a needed column fails the package; a row that cannot be read is
// reported and skipped.
func (s *source) table(name string, required bool, columns []string, rep *directory.ImportReport) (*table, error) {
	t := &table{file: s.paths[name]}
	f, err := s.fsys.Open(t.file)
	if errors.Is(err, fs.ErrNotExist) && !required {
		return t, nil
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.file, err)
	}
	defer f.Close()
	cr := csv.NewReader(skipBOM(f))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: the file is empty; its first line must name the columns", t.file)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: reading the header: %w", t.file, err)
	}
	cols, err := headerColumns(header, columns)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.file, err)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			rep.Fail(t.file, pe.StartLine, fmt.Errorf("the row cannot be read as CSV: %w", pe.Err))
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.file, err)
		}
		line, _ := cr.FieldPos(0)
		if r, ok := makeRecord(line, cols, rec); ok {
			t.rows = append(t.rows, r)
		}
	}
}

// headerColumns names the columns, lower case, and checks that every
// needed one is there and none is named twice.
func headerColumns(header, needed []string) ([]string, error) {
	cols := make([]string, len(header))
	seen := map[string]bool{}
	for i, h := range header {
		cols[i] = strings.ToLower(strings.TrimSpace(h))
		if cols[i] != "" && seen[cols[i]] {
			return nil, fmt.Errorf("the header names column %q twice", cols[i])
		}
		seen[cols[i]] = true
	}
	for _, c := range needed {
		if !seen[c] {
			return nil, fmt.Errorf("the header has no %q column", c)
		}
	}
	return cols, nil
}

// makeRecord pairs cells with their columns; a row of empty cells is no row.
func makeRecord(line int, cols, rec []string) (record, bool) {
	r := record{line: line, cells: make(map[string]string, len(cols))}
	blank := true
	for i, c := range cols {
		if i < len(rec) && c != "" {
			v := strings.TrimSpace(rec[i])
			r.cells[c] = v
			blank = blank && v == ""
		}
	}
	return r, !blank
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
