package csvfile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/peerline/peerline/directory"
	"github.com/peerline/peerline/directory/directorytest"
)

// csvSeeds are files staff might send: the template and its pieces, a
// header alone, byte order marks, CRLF and CR, broken quotes, cells over
// several lines, duplicate ids and codes, bad cells of every kind,
// semicolons, Windows-1252, and files that are not CSV at all.
func csvSeeds() []string {
	tmpl := string(Template)
	header, rows, _ := strings.Cut(tmpl, "\n")
	first, _, _ := strings.Cut(rows, "\n")
	const short = "id,name,concerns,city\n"
	return []string{
		tmpl,
		header + "\n",
		header,
		header + "\n" + first + "\n",
		strings.TrimPrefix(header, bom) + "\n" + first + "\n",  // no BOM
		bom + bom + "id,name,concerns,city\ng1,G,grief,Wawa\n", // two BOMs
		"\ufeff\"id\",\"name\",\"concerns\",\"city\"\ng1,G,grief,Wawa\n",
		strings.ReplaceAll(tmpl, "\n", "\r\n"),
		strings.ReplaceAll(tmpl, "\n", "\r"),
		short + "g1,G,grief,Wawa",
		short + "g1,G,grief,Wawa\ng1,G again,grief,Wawa\n",
		"id,code,name,concerns,city\na,1,A,grief,Wawa\nb,1,B,grief,Wawa\nc,-3,C,grief,Wawa\nd,99999999999999999999,D,grief,Wawa\n",
		short + "b,Bob's \"best\" group,grief,Wawa\nz,Z,grief,Wawa\n",
		short + "b,\"Bob's best group,grief,Wawa\nc,C,grief,Wawa\n",
		short + "a,\"A\nstill A\",grief,Wawa\nb,\"B\"x,grief,Wawa\n",
		short + "\n\n,,,\n   ,  ,\t,\n",
		"id,name,concerns,phone,city,status,schedule,timezone,service_area,latitude,longitude\n" +
			"g,G,grief; widowed; deuil; knitting,555-0142,Wawa,sleeping,weekly XX 19:00,Mars/Olympus,Atlantis,forty-six,-84.77\n",
		"id,name,concerns,dialin,access_code,service_area,schedule\n" +
			"p,Phone Circle,caregiving,+1 705 555 0199,12-34 #*,\"705, ON\",monthly -1FR 19:00; weekly/2 MO,TH 10:00-11:00 from 2026-01-05 until 2026-12-31\n",
		"id,name,concerns,access_code,online_url,mail_address,email\n" +
			"x,X,anxiety,1234,https://meet.example.org/x,\"PO Box 1, Wawa ON\",not-an-email\n" +
			"y,Y,anxiety,,javascript:alert(1),,y@example.org\n",
		"id,name,concerns,place_name,street,province,postal_code,latitude,longitude,place_phone,languages\n" +
			"h,H,grief,Hall,1 Main St,QC,h0h 0h0,91,-200,+44 20 7946 0958,en;fr;de\n",
		"ID,Name,Concerns,Place Name,City,Postal-Code,Time Zone,Notes\ng1,G,grief,Hall,Kenora,P9N 1A1,,staff only\n",
		"id,name,concerns,city,Name\ng1,G,grief,Wawa,H\n",
		"id,title,city\ng1,G,Wawa\n",
		"id,\"name,concerns\n",
		"",
		bom,
		"\n\n\n",
		"\x00\x01\x02,\xff\xfe\n",
		"id;name;concerns;city\ng1;G;grief;Wawa\n",
		"id\tname\tconcerns\tcity\ng1\tG\tgrief\tWawa\n",
		short + strings.Repeat("g,G,grief,Wawa,extra,cells\n", 3),
		short + "g1,G,grief\n",
		short + "=HYPERLINK(\"x\"),+G,@grief,-Wawa\n",
		sheet,
		"id;name;concerns;city\r\ng1;Entraide des endeuill\xe9s;deuil;Wawa\r\ng2;Groupe d\x92entraide;grief;Wawa\r\n",
		bom + short + "g1,Soci\xc3\xa9t\xc3\xa9,grief,Wawa\ng2,Soci\xe9t\xe9,grief,Wawa\n",
		"sep=;\nid;name;concerns;city\ng1;G, H;grief;Wawa\n",
		"sep=,\r\nid;name;concerns;city\r\ng1,G,grief,Wawa\r\n",
		"\"a;b;c;d;e\",id,name,concerns,city\nx,g1,G,grief,Wawa\n",
		"id,name,concerns,city\rg1,\"G\r\nH\",grief,Wawa\rg2,\"\x81\x8d\",grief,Wawa",
		"\xff\xfei\x00d\x00",
	}
}

// FuzzRead reads arbitrary bytes as a directory CSV file. Read never
// panics; it fails naming the file, or names the file in each note and
// reports each refused row against the file and a line after the
// header; every row it gives has an id and passes Check again
// unchanged; ids and codes are not repeated; a line is read or refused,
// not both; reading the same bytes again gives the same result; and the
// rows it gives, written with Write, read back to the same groups with
// no errors (the README's "export then import gives the same
// directory").
func FuzzRead(f *testing.F) {
	for _, s := range csvSeeds() {
		f.Add([]byte(s))
	}
	vocab, areas := directorytest.Vocab(f), directorytest.Areas(f)
	const name = "staff/Directory 2026.csv"

	f.Fuzz(func(t *testing.T, data []byte) {
		imp, err := Read(bytes.NewReader(data), name, vocab, areas)
		again, err2 := Read(bytes.NewReader(data), name, vocab, areas)
		if (err == nil) != (err2 == nil) || err != nil && err.Error() != err2.Error() {
			t.Fatalf("two reads of the same bytes: %v, then %v", err, err2)
		}
		if err != nil {
			if imp != nil {
				t.Fatalf("Read failed (%v) and gave an import too", err)
			}
			if !strings.HasPrefix(err.Error(), name+": ") {
				t.Fatalf("Read's error does not name the file: %v", err)
			}
			return
		}
		if imp == nil {
			t.Fatal("no error and no import")
		}
		if len(imp.Rows) != len(again.Rows) || len(imp.Report.Errors) != len(again.Report.Errors) ||
			!reflect.DeepEqual(imp.Rows, again.Rows) || !reflect.DeepEqual(errorTexts(imp), errorTexts(again)) ||
			!reflect.DeepEqual(imp.Report.Unmatched, again.Report.Unmatched) ||
			!reflect.DeepEqual(imp.Report.Notes, again.Report.Notes) {
			t.Fatalf("two reads of the same bytes differ: %d rows and %d errors, then %d and %d",
				len(imp.Rows), len(imp.Report.Errors), len(again.Rows), len(again.Report.Errors))
		}

		for _, n := range imp.Report.Notes {
			if !strings.HasPrefix(n, name+" ") {
				t.Fatalf("a note does not name the file: %q", n)
			}
		}
		seen := map[int]string{} // line -> "row" or "error"
		for _, e := range imp.Report.Errors {
			if e.File != name || e.Line < 2 || e.Err == nil {
				t.Fatalf("a refused row reported as %q line %d: %v", e.File, e.Line, e.Err)
			}
			seen[e.Line] = "error"
		}
		ids, codes := map[string]bool{}, map[int]bool{}
		last := 0
		for i, r := range imp.Rows {
			g := r.Group
			if r.File != name || r.Line < 2 {
				t.Fatalf("row %d: read from %q line %d", i, r.File, r.Line)
			}
			if r.Line <= last {
				t.Fatalf("row %d: line %d after line %d: rows out of file order", i, r.Line, last)
			}
			last = r.Line
			if seen[r.Line] != "" {
				t.Fatalf("line %d both read and refused: %v", r.Line, imp.Report.Errors)
			}
			if strings.TrimSpace(g.SourceID) == "" || ids[g.SourceID] {
				t.Fatalf("line %d: id %q empty or repeated", r.Line, g.SourceID)
			}
			ids[g.SourceID] = true
			if g.Code < 0 || g.Code != 0 && codes[g.Code] {
				t.Fatalf("line %d: code %d negative or repeated", r.Line, g.Code)
			}
			codes[g.Code] = true
			if g.Name == "" || len(g.Concerns) == 0 || len(g.Modes()) == 0 || len(g.Areas) == 0 || g.Zone == "" {
				t.Fatalf("line %d: an incomplete group passed: %s", r.Line, dump(g))
			}
			// Check again, on the second read's copy: no error, no change.
			h := again.Rows[i].Group
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
		var out bytes.Buffer
		if err := Write(&out, groups); err != nil {
			t.Fatalf("Write of the groups read: %v", err)
		}
		back, err := Read(bytes.NewReader(out.Bytes()), "export.csv", vocab, areas)
		if err != nil {
			t.Fatalf("reading back what Write wrote: %v\n%s", err, out.Bytes())
		}
		if len(back.Report.Errors) > 0 || len(back.Rows) != len(groups) {
			t.Fatalf("reading back what Write wrote: %d rows of %d, errors %v\n%s", len(back.Rows), len(groups), back.Report.Errors, out.Bytes())
		}
		for i, r := range back.Rows {
			if !reflect.DeepEqual(r.Group, groups[i]) {
				t.Fatalf("group %d changed on export and import:\n%s\n%s\nexported as:\n%s", i, dump(groups[i]), dump(r.Group), out.Bytes())
			}
		}
	})
}

func errorTexts(imp *directory.Import) []string {
	var out []string
	for _, e := range imp.Report.Errors {
		out = append(out, e.Error())
	}
	return out
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
