package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/peerline/peerline/directory/csvfile"
)

var testNow = time.Date(2026, 11, 23, 15, 0, 0, 0, time.UTC) // a Monday, 10 a.m. in Toronto

// run runs peerline in-process with the given environment, returning
// what it printed and its error.
func run(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	m := &Main{
		Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errOut,
		Getenv: func(k string) string { return env[k] },
		Now:    func() time.Time { return testNow },
		Log:    slog.New(slog.NewTextHandler(&errOut, nil)),
	}
	err = m.Run(context.Background(), args)
	return out.String(), errOut.String(), err
}

func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestImportThenSearch(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	demo := writeTemp(t, "directory.csv", string(demoDirectory))
	out, _, err := run(t, nil, "import", "--db", db, demo)
	if err != nil || !strings.Contains(out, "191 added, 0 updated, 0 unchanged") {
		t.Fatalf("first import: %q, %v", out, err)
	}
	out, _, err = run(t, nil, "import", "--db", db, demo)
	if err != nil || !strings.Contains(out, "0 added, 0 updated, 191 unchanged") {
		t.Fatalf("re-import: %q, %v", out, err)
	}

	for _, area := range []string{"705", "249"} {
		out, _, err = run(t, nil, "search", "--db", db, "--concern", "grief", "--area", area, "--json", "--limit", "100")
		if err != nil {
			t.Fatal(err)
		}
		var ans searchJSON
		if err := json.Unmarshal([]byte(out), &ans); err != nil {
			t.Fatalf("--json printed %q: %v", out, err)
		}
		if ans.Concern != "grief" || ans.Area != "705" || ans.Total != len(ans.Groups) || ans.Total < 5 {
			t.Fatalf("grief in %s: %+v", area, ans)
		}
		seenPhone, seenInPerson := false, false
		for _, g := range ans.Groups {
			switch g.Mode {
			case "in_person":
				if !algomaToNorthBay[g.Town] {
					t.Errorf("grief in %s offers an in-person group in %q, outside the 705 area", area, g.Town)
				}
				seenInPerson = true
			case "phone", "mail":
				seenPhone = true
				if seenInPerson { // no town known: what reaches the caller anywhere in a wide area comes first
					t.Errorf("a telephone or mail group comes after an in-person one with no town known: %s", g.Name)
				}
			default:
				t.Errorf("mode %q offered without asking for online groups", g.Mode)
			}
			if strings.Contains(strings.ToLower(g.Name), "closed") || g.NextMeeting == "" && g.Mode == "in_person" {
				t.Errorf("%s: closed or no meeting", g.Name)
			}
		}
		if !seenPhone {
			t.Errorf("grief in %s lists no Ontario-wide telephone group", area)
		}
	}

	out, _, err = run(t, nil, "search", "--db", db, "--concern", "deuil", "--area", "Sudbury", "--lang", "fr")
	if err != nil || !strings.Contains(out, "Deuil, 705 area (Sudbury)") || !strings.Contains(out, " 1.  Cercle du deuil de Sudbury") {
		t.Errorf("deuil near Sudbury in French:\n%s%v", out, err)
	}
	if _, _, err := run(t, nil, "search", "--db", db, "--concern", "basket weaving", "--area", "705"); err == nil || !strings.Contains(err.Error(), "no concern") {
		t.Errorf("an unknown concern: %v", err)
	}
}

// The 705 area's towns in the demo directory.
var algomaToNorthBay = map[string]bool{
	"Sault Ste. Marie": true, "Elliot Lake": true, "Blind River": true, "Thessalon": true, "Wawa": true,
	"Bruce Mines": true, "Richards Landing": true, "Echo Bay": true, "Sudbury": true, "North Bay": true,
	"Timmins": true, "Hearst": true, "Kapuskasing": true, "Sturgeon Falls": true, "Temiskaming Shores": true,
	"Espanola": true, "Little Current": true, "Parry Sound": true, "Huntsville": true, "Barrie": true,
	"Orillia": true, "Peterborough": true, "Kirkland Lake": true, "Cochrane": true, "Midland": true,
	"Bracebridge": true, "Lindsay": true, "Collingwood": true, "Moosonee": true, "Haliburton": true,
	"Spanish": true, "Iron Bridge": true, "Dubreuilville": true, "White River": true,
}

func TestImportReportsBadRowsAndKeepsTheGoodOnes(t *testing.T) {
	db := filepath.Join(t.TempDir(), "p.db")
	bad := string(csvfile.Template) +
		"bad-1,,Broken Phone Group,,,,grief,en,555-0142,,,,Wawa,,,,,,,,,,,,\n" +
		"bad-2,,Nowhere Group,,,,Basket weaving,en,(705) 555-0143,,,,Wawa,,,,,,,,,,,,\n"
	path := writeTemp(t, "groups.csv", bad)
	out, stderr, err := run(t, nil, "import", "--db", db, path)
	if !errors.Is(err, errReported) {
		t.Fatalf("import with bad rows: err = %v; want a non-zero exit", err)
	}
	if !strings.Contains(out, "3 added") {
		t.Errorf("the template's three good rows should go in: %q", out)
	}
	for _, want := range []string{"2 rows could not be imported", "groups.csv:5:", "groups.csv:6:", "555-0142"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	if !strings.Contains(out, "Basket weaving") {
		t.Errorf("the unmatched concern is not listed:\n%s", out)
	}
}

// withoutColumn is a CSV file without one of its columns.
func withoutColumn(t *testing.T, file, column string) string {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(file, "\ufeff"))).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("reading an export: %v", err)
	}
	i := slices.Index(recs[0], column)
	var b strings.Builder
	w := csv.NewWriter(&b)
	for _, r := range recs {
		if i >= 0 {
			r = slices.Delete(r, i, i+1)
		}
		w.Write(r)
	}
	w.Flush()
	return b.String()
}

// An export keeps the words staff used for the concerns, as they wrote
// them, not the line's codes.
func TestExportKeepsStaffsWords(t *testing.T) {
	db := filepath.Join(t.TempDir(), "words.db")
	file := writeTemp(t, "w.csv", "id,name,concerns,phone,city,schedule\na,Widows' Coffee,Widowed; grief support,705 555 0101,Sault Ste. Marie,weekly TU 19:00\n")
	if _, _, err := run(t, nil, "import", "--db", db, file); err != nil {
		t.Fatal(err)
	}
	out, _, err := run(t, nil, "export", "--db", db, "--format", "csv", "-")
	if err != nil || !strings.Contains(out, "Widowed; grief support") {
		t.Errorf("the export:\n%s %v", out, err)
	}
}

func TestExportImportRoundTrips(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "a.db")
	if _, _, err := run(t, nil, "import", "--db", db, writeTemp(t, "d.csv", string(demoDirectory))); err != nil {
		t.Fatal(err)
	}
	first, _, err := run(t, nil, "export", "--db", db, "--format", "csv", "-")
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"csv", "hsds"} {
		out := filepath.Join(dir, "export-"+format)
		if format == "csv" {
			out += ".csv"
		} else {
			out += ".zip"
		}
		if _, _, err := run(t, nil, "export", "--db", db, "--format", format, out); err != nil {
			t.Fatalf("export %s: %v", format, err)
		}
		db2 := filepath.Join(dir, format+".db")
		stdout, stderr, err := run(t, nil, "import", "--db", db2, out)
		if err != nil || !strings.Contains(stdout, "191 added") {
			t.Fatalf("import of the %s export: %s%s%v", format, stdout, stderr, err)
		}
		again, _, err := run(t, nil, "export", "--db", db2, "--format", "csv", "-")
		if err != nil {
			t.Fatalf("export of the %s import: %v", format, err)
		}
		switch {
		case format == "csv" && again != first:
			t.Errorf("csv: export → import → export differs")
		case format == "hsds" && withoutColumn(t, again, "concerns") != withoutColumn(t, first, "concerns"):
			// HSDS carries the concerns as taxonomy terms, not in staff's words
			t.Errorf("hsds: export → import → export differs")
		}
		// and importing the export over the original changes nothing
		if stdout, _, err := run(t, nil, "import", "--db", db, out); err != nil || !strings.Contains(stdout, "191 unchanged") {
			t.Errorf("re-importing the %s export: %s %v", format, stdout, err)
		}
	}
}

func TestFlagsComeFromTheEnvironment(t *testing.T) {
	db := filepath.Join(t.TempDir(), "env.db")
	env := map[string]string{"PEERLINE_DB": db}
	if _, _, err := run(t, env, "import", writeTemp(t, "t.csv", string(csvfile.Template))); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(db); err != nil {
		t.Fatalf("PEERLINE_DB was not used: %v", err)
	}
	other := filepath.Join(t.TempDir(), "flag.db")
	if _, _, err := run(t, env, "import", "--db", other, writeTemp(t, "t.csv", string(csvfile.Template))); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatal("--db should win over PEERLINE_DB")
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{{}, {"frobnicate"}, {"search", "--concern", "grief"}, {"import"}, {"export", "--format", "pdf", "x"}, {"search", "--bogus"}} {
		_, stderr, err := run(t, map[string]string{"PEERLINE_DB": filepath.Join(t.TempDir(), "u.db")}, args...)
		var u usageError
		if !errors.As(err, &u) {
			t.Errorf("peerline %v: err %v, stderr %q; want a usage error (exit 2)", args, err, stderr)
		}
	}
	for _, cmd := range []string{"serve", "import", "export", "search"} {
		_, stderr, err := run(t, nil, cmd, "--help")
		if !errors.Is(err, flag.ErrHelp) || !strings.Contains(stderr, "usage: peerline "+cmd) {
			t.Errorf("%s --help: %v %q", cmd, err, stderr)
		}
	}
}

func TestServeAnswersHealthAndStopsGracefully(t *testing.T) {
	db := filepath.Join(t.TempDir(), "serve.db")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ready := make(chan string, 1)
	var logs bytes.Buffer
	m := &Main{Stdout: io.Discard, Stderr: &logs, Getenv: func(string) string { return "" },
		Now: func() time.Time { return testNow }, Log: slog.New(slog.NewTextHandler(&logs, nil)),
		Ready: func(addr string) { ready <- addr }}
	done := make(chan error, 1)
	go func() { done <- m.Run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo"}) }()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("serve stopped: %v\n%s", err, logs.String())
	}
	resp, err := http.Get("http://" + addr + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(string(body)) != "ok" {
		t.Errorf("/healthz: %d %q", resp.StatusCode, body)
	}
	if !strings.Contains(logs.String(), "loaded the fictional demo directory") || !strings.Contains(logs.String(), "groups=191") {
		t.Errorf("--demo did not load the demo directory:\n%s", logs.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve did not stop cleanly: %v", err)
	}

	// --demo on a database that has groups leaves them alone
	logs.Reset()
	ctx2, cancel2 := context.WithCancel(context.Background())
	go func() { done <- m.Run(ctx2, []string{"serve", "--addr", "127.0.0.1:0", "--db", db, "--demo"}) }()
	select {
	case <-ready:
	case err := <-done:
		t.Fatalf("the second serve stopped: %v\n%s", err, logs.String())
	}
	cancel2()
	if err := <-done; err != nil {
		t.Fatalf("the second serve did not stop cleanly: %v", err)
	}
	if !strings.Contains(logs.String(), "already has groups") {
		t.Errorf("a second --demo start should not reload:\n%s", logs.String())
	}
}

// Every command answers --help with its usage, and exits 0.
func TestHelpExitsZero(t *testing.T) {
	cases := [][]string{{"--help"}, {"help"}, {"member", "--help"}}
	for name := range commands() {
		cases = append(cases, []string{name, "--help"})
	}
	cases = append(cases, []string{"member", "forget", "--help"}, []string{"member", "consents", "--help"},
		[]string{"block", "add", "--help"})
	for _, args := range cases {
		_, stderr, err := run(t, nil, args...)
		if code := exitCode(err); code != 0 || !strings.Contains(stderr, "usage: peerline") {
			t.Errorf("peerline %s: exit %d (%v); usage:\n%s", strings.Join(args, " "), code, err, stderr)
		}
	}
	if code := exitCode(usageError{"no command given"}); code != 2 {
		t.Errorf("a wrong command line exits %d; want 2", code)
	}
}
