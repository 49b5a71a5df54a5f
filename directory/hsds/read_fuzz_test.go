package hsds

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// Flags of FuzzRead's last argument.
const (
	fuzzNoSchedules = 1 << iota // leave schedules.csv out of the package
	fuzzNoPhones                // leave phones.csv out
	fuzzZipped                  // a .zip with the files in a folder, not a folder
)

// hsdsSeeds vary services.csv, schedules.csv and phones.csv of
// basePackage (the other files stay as they are): the base itself, then
// headers alone or wrong, byte order marks, CRLF, broken quotes, rows of
// every kind of bad cell, and files that are not CSV.
func hsdsSeeds() [][4]string {
	base := basePackage()
	svc, sch, ph := base["services.csv"], base["schedules.csv"], base["phones.csv"]
	single := singlePackage(nil)
	edit := func(s, old, new string) string { return strings.Replace(s, old, new, 1) }
	return [][4]string{
		{svc, sch, ph, "\x00"},
		{svc, sch, ph, "\x04"},
		{svc, sch, ph, "\x03"},
		{single["services.csv"], single["schedules.csv"], single["phones.csv"], "\x00"},
		{"id,name\n", sch, ph, "\x00"},
		{"\ufeffid,name\r\nsvc-grief,Widowed Friends\r\n", sch, ph, "\x00"},
		{"name,status\nA group,active\n", sch, ph, "\x00"},
		{"id,name,id\nsvc-grief,A,svc-grief\n", sch, ph, "\x00"},
		{"", sch, ph, "\x00"},
		{"\ufeff", "", "", "\x00"},
		{svc + "svc-grief,Widowed Friends again,,active,,,\n,No id,,active,,,\n", sch, ph, "\x00"},
		{edit(svc, "svc-online,,active", "svc-online,,paused"), sch, ph, "\x00"},
		{edit(svc, "widowed@example.org", "not an email"), sch, ph, "\x00"},
		{edit(svc, "Caregivers by Phone,svc-phone", "Bob's \"best\" group,svc-phone"), sch, ph, "\x00"},
		{edit(svc, "\"Peer support", "\"Peer support, never closed"), sch, ph, "\x00"},
		{svc, edit(sch, "svc-online,,,Weekly", "svc-online,,,YEARLY"), ph, "\x00"},
		{svc, edit(sch, "WEEKLY,,WE,", "WEEKLY,,XX,"), ph, "\x00"},
		{svc, edit(sch, "14:00:00,15:00:00,-5", "14:00-06:00,15:00:00,-5"), ph, "\x00"},
		{svc, edit(sch, "2025-01-09", "2025-02-30"), ph, "\x00"},
		{svc, edit(sch, "19:00,20:30", "25:61,-1:00"), ph, "\x00"},
		{svc, edit(sch, "WEEKLY,,TH,,2025-01-09,,", "WEEKLY,0,TH,,2025-01-09,2024-01-01,-3"), ph, "\x00"},
		{svc, edit(sch, ",-05:00,", ",Mars/Olympus,"), ph, "\x00"},
		{svc, edit(sch, "MONTHLY,,2TU,", "MONTHLY,,9TU,32"), ph, "\x00"},
		{svc, "freq,byday\nWEEKLY,TU\n", ph, "\x00"},
		{svc, sch, edit(ph, "807-555-0180", "555-0199"), "\x00"},
		{svc, sch, edit(ph, "+1 705 555 0150,,", "+1 705 555 0150,4127# then *9,"), "\x00"},
		{svc, sch, edit(ph, "(705) 555-0142", "+44 20 7946 0958"), "\x00"},
		{svc, sch, "id,number,number\n", "\x00"},
		{svc, sch, "id,service_id\np-1,svc-grief\n", "\x00"},
		{svc, sch, ph + "p-8,,svc-grief,,\"705 555\n0199\",,voice,\n", "\x00"},
		{svc, sch, ph + "p-9,,svc-grief,,\"705 555 0199,,voice,\n", "\x00"},
		{"\x00\xff\xfe,\n\"", "\"\"\"", "\r\r\r", "\x07"},
	}
}

// FuzzRead reads a package whose services.csv, schedules.csv and
// phones.csv come from the fuzzer and whose other files are basePackage's.
// Read never panics; a package it cannot read is refused naming the file;
// otherwise every refused row names a file of the package and a line of
// it after the header; every group it gives has an id, is read from
// services.csv in file order, and passes Check again unchanged; reading
// again gives the same import; and the groups, exported with Write, read
// back the same ("export then import gives the same directory").
func FuzzRead(f *testing.F) {
	for _, s := range hsdsSeeds() {
		f.Add(s[0], s[1], s[2], s[3][0])
	}
	vocab, areas := directorytest.Vocab(f), directorytest.Areas(f)

	// One package folder per fuzzing process, rewritten in place: files
	// are slow to create, and a fresh folder each run would be most of
	// the time spent. A memory file system when there is one.
	root := f.TempDir()
	if shm, err := os.MkdirTemp("/dev/shm", "hsds-fuzz-"); err == nil {
		root = shm
		f.Cleanup(func() { os.RemoveAll(shm) })
	}
	folder, zipped, export := filepath.Join(root, "pkg"), filepath.Join(root, "pkg.zip"), filepath.Join(root, "export")
	folderPackage(f, folder, basePackage())

	f.Fuzz(func(t *testing.T, services, schedules, phones string, flags byte) {
		files := basePackage()
		files["services.csv"] = services
		files["schedules.csv"] = schedules
		files["phones.csv"] = phones
		if flags&fuzzNoSchedules != 0 {
			delete(files, "schedules.csv")
		}
		if flags&fuzzNoPhones != 0 {
			delete(files, "phones.csv")
		}
		path := folder
		if flags&fuzzZipped != 0 {
			path = zipped
			zipPackage(t, path, "export/", files)
		} else {
			for _, name := range []string{"services.csv", "schedules.csv", "phones.csv"} {
				var err error
				if text, ok := files[name]; ok {
					err = os.WriteFile(filepath.Join(folder, name), []byte(text), 0o644)
				} else if err = os.Remove(filepath.Join(folder, name)); os.IsNotExist(err) {
					err = nil
				}
				if err != nil {
					t.Fatal(err)
				}
			}
		}

		imp, err := Read(path, vocab, areas)
		again, err2 := Read(path, vocab, areas)
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("two reads of the same package: %v, then %v", err, err2)
		}
		if err != nil {
			if imp != nil {
				t.Fatalf("Read failed (%v) and gave an import too", err)
			}
			named := false
			for name := range files {
				named = named || strings.Contains(err.Error(), name)
			}
			if !named {
				t.Fatalf("Read's error names no file of the package: %v", err)
			}
			return
		}
		if !reflect.DeepEqual(imp, again) {
			t.Fatalf("two reads of the same package differ:\n%+v\n%+v", imp, again)
		}

		for _, e := range imp.Report.Errors {
			text, ok := files[e.File]
			if !ok || e.Line < 2 || e.Err == nil {
				t.Fatalf("a refused row reported as %q line %d: %v", e.File, e.Line, e.Err)
			}
			if lines := strings.Count(text, "\n") + 1; e.Line > lines {
				t.Fatalf("a refused row reported on line %d of %s, which has %d lines: %v", e.Line, e.File, lines, e.Err)
			}
		}
		ids := map[string]bool{}
		last := 0
		for i, r := range imp.Rows {
			g := r.Group
			if r.File != "services.csv" || r.Line < 2 || r.Line <= last {
				t.Fatalf("group %d read from %q line %d (the one before, line %d)", i, r.File, r.Line, last)
			}
			last = r.Line
			if strings.TrimSpace(g.SourceID) == "" || ids[g.SourceID] {
				t.Fatalf("line %d: id %q empty or repeated", r.Line, g.SourceID)
			}
			ids[g.SourceID] = true
			h := again.Rows[i].Group // a copy to check again
			if err := h.Check(areas); err != nil {
				t.Fatalf("line %d: the group read fails Check again: %v\n%s", r.Line, err, dump(g))
			}
			if !reflect.DeepEqual(g, h) {
				t.Fatalf("line %d: Check changes a group it passed:\n%s\n%s", r.Line, dump(g), dump(h))
			}
		}

		// Export, then import: the same groups.
		var groups []directory.Group
		for _, r := range imp.Rows {
			groups = append(groups, r.Group)
		}
		if err := os.RemoveAll(export); err != nil {
			t.Fatal(err)
		}
		out := export
		if err := Write(out, groups); err != nil {
			t.Fatalf("Write of the groups read: %v", err)
		}
		back, err := Read(out, vocab, areas)
		if err != nil {
			t.Fatalf("reading back what Write wrote: %v", err)
		}
		if len(back.Report.Errors) > 0 || len(back.Rows) != len(groups) {
			t.Fatalf("reading back what Write wrote: %d groups of %d, errors %v", len(back.Rows), len(groups), back.Report.Errors)
		}
		for i, r := range back.Rows {
			if !reflect.DeepEqual(r.Group, groups[i]) {
				t.Fatalf("group %d changed on export and import:\n%s\n%s", i, dump(groups[i]), dump(r.Group))
			}
		}
	})
}

func folderPackage(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func zipPackage(t *testing.T, path, prefix string, files map[string]string) {
	t.Helper()
	out, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(out)
	for _, name := range sortedKeys(files) {
		w, err := zw.Create(prefix + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(files[name])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// dump is a group as JSON, for a failure's message; one that will not
// marshal is shown as Go prints it, with why.
func dump(g directory.Group) string {
	b, err := json.MarshalIndent(g, "", "  ")
	if err != nil {
		return fmt.Sprintf("%+v (%v)", g, err)
	}
	return string(b)
}
