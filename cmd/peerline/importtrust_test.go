package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sheetHeader = "id,name,concerns,phone,city,schedule\n"

func sheet(rows ...string) string { return sheetHeader + strings.Join(rows, "\n") + "\n" }

// A spreadsheet that leaves groups out says so, and --prune takes them
// off (kept, inactive); a feed's groups are the feed's, never counted.
func TestAReimportThatLeavesGroupsOut(t *testing.T) {
	db := filepath.Join(t.TempDir(), "prune.db")
	full := writeTemp(t, "full.csv", sheet(
		"a,Sault Grief Circle,grief,705 555 0101,Sault Ste. Marie,weekly TU 19:00",
		"b,Elliot Lake Grief Circle,grief,705 555 0102,Elliot Lake,weekly WE 19:00",
		"c,Thessalon Grief Circle,grief,705 555 0103,Thessalon,weekly TH 19:00"))
	if _, errOut, err := run(t, nil, "import", "--db", db, full); err != nil {
		t.Fatalf("%v %s", err, errOut)
	}
	part := writeTemp(t, "part.csv", sheet("a,Sault Grief Circle,grief,705 555 0101,Sault Ste. Marie,weekly TU 19:00"))
	out, _, err := run(t, nil, "import", "--db", db, part)
	if err != nil || !strings.Contains(out, "2 groups in the directory are not in this file: unchanged. Use --prune to take them off the line.") {
		t.Fatalf("a partial sheet: %v\n%s", err, out)
	}
	if out, _, _ := run(t, nil, "search", "--db", db, "--concern", "grief", "--area", "705", "--limit", "9"); !strings.Contains(out, "Thessalon") {
		t.Errorf("without --prune a group left out went off the line:\n%s", out)
	}
	out, _, err = run(t, nil, "import", "--db", db, "--prune", part)
	if err != nil || !strings.Contains(out, "2 groups not in this file taken off the line (kept, marked inactive).") {
		t.Fatalf("--prune: %v\n%s", err, out)
	}
	if out, _, _ := run(t, nil, "search", "--db", db, "--concern", "grief", "--area", "705", "--limit", "9"); strings.Contains(out, "Thessalon") || !strings.Contains(out, "Sault Grief Circle") {
		t.Errorf("after --prune the line offers:\n%s", out)
	}
	if out, _, _ := run(t, nil, "import", "--db", db, part); strings.Contains(out, "not in this file") {
		t.Errorf("groups already off the line were counted again:\n%s", out)
	}
}

// export never overwrites a file unless told to.
func TestExportDoesNotOverwrite(t *testing.T) {
	db := filepath.Join(t.TempDir(), "exp.db")
	if _, _, err := run(t, nil, "import", "--db", db, writeTemp(t, "one.csv", sheet("a,Sault Grief Circle,grief,705 555 0101,Sault Ste. Marie,weekly TU 19:00"))); err != nil {
		t.Fatal(err)
	}
	out := writeTemp(t, "staff-notes.csv", "precious,notes\n")
	if _, _, err := run(t, nil, "export", "--db", db, "--format", "csv", out); err == nil || !strings.Contains(err.Error(), "--force") {
		t.Errorf("export over a file: %v", err)
	}
	if b, _ := os.ReadFile(out); string(b) != "precious,notes\n" {
		t.Fatalf("the file was changed: %q", b)
	}
	if _, _, err := run(t, nil, "export", "--db", db, "--format", "csv", "--force", out); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(out); !strings.Contains(string(b), "Sault Grief Circle") {
		t.Errorf("--force did not write: %q", b)
	}
}

// A term that names no concern is listed with the line's guess; the
// concern staff choose for it is kept, and the next import uses it.
func TestTermChoicesAreUsedByTheNextImport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "terms.db")
	file := writeTemp(t, "terms.csv", sheet("a,Those Left Behind,Those Left Behind; bereavement support for widows,705 555 0101,Sault Ste. Marie,weekly TU 19:00",
		"b,Empty Nest Circle,Empty nesters,705 555 0102,Sault Ste. Marie,weekly WE 19:00"))
	out, errOut, _ := run(t, nil, "import", "--db", db, file)
	if !strings.Contains(out, "Those Left Behind") || !strings.Contains(out, "Empty nesters") || !strings.Contains(out, "peerline terms set") {
		t.Fatalf("unmatched terms were not listed:\n%s%s", out, errOut)
	}
	if _, _, err := run(t, nil, "terms", "set", "--db", db, "Empty nesters", "kumquats"); err == nil {
		t.Error("a term was mapped to a concern the line does not know")
	}
	if out, _, err := run(t, nil, "terms", "set", "--db", db, "Empty nesters", "aging"); err != nil || !strings.Contains(out, "aging") {
		t.Fatalf("terms set: %v %s", err, out)
	}
	if out, _, _ := run(t, nil, "terms", "list", "--db", db); !strings.Contains(out, "empty nesters\taging") {
		t.Errorf("terms list:\n%s", out)
	}
	out, _, _ = run(t, nil, "import", "--db", db, file)
	if strings.Contains(out, "Empty nesters") {
		t.Errorf("the chosen term is still listed as unknown:\n%s", out)
	}
	if out, _, _ := run(t, nil, "search", "--db", db, "--concern", "loneliness", "--area", "705"); !strings.Contains(out, "Empty Nest Circle") {
		t.Errorf("the group is not filed under the chosen concern:\n%s", out)
	}
}
