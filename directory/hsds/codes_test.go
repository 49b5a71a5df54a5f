package hsds

import (
	"strings"
	"testing"

	"github.com/peerline/peerline/directory/directorytest"
)

func TestCodeTableLookup(t *testing.T) {
	vocab := directorytest.Vocab(t)
	table, err := parseCodeTable(strings.NewReader(`# a comment
taxonomy,code,concern
Ontario 211,GRF-1,grief
,PN-1,alcohol
,PN-1,drugs
`), vocab)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		taxonomy, code string
		want           []string
	}{
		{"Ontario 211", "GRF-1", []string{"grief"}},
		{" ontario 211 ", "grf-1", []string{"grief"}},
		{"Another 211", "GRF-1", nil},
		{"", "GRF-1", nil},
		{"Another 211", "PN-1", []string{"alcohol", "drugs"}},
		{"", "PN-1", []string{"alcohol", "drugs"}},
		{"", "PN-1.1", nil},
		{"peerline", "grief", []string{"grief"}},
		{"Peerline", "caregiving", []string{"caregiving"}},
		{"peerline", "no-such-concern", nil},
		{"", "grief", nil},
		{"peerline", "", nil},
	}
	for _, tt := range tests {
		var got []string
		for _, c := range table.lookup(tt.taxonomy, tt.code) {
			got = append(got, c.Code)
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("lookup(%q, %q) = %q, want %q", tt.taxonomy, tt.code, got, tt.want)
		}
	}
}

// A mistake in the table would misfile every group of a code, so it
// stops the import rather than being passed over.
func TestCodeTableRefusesBadRows(t *testing.T) {
	vocab := directorytest.Vocab(t)
	tests := []struct{ name, text, want string }{
		{"unknown concern", "taxonomy,code,concern\n,PN-1,griefs\n", `line 2: concern "griefs" is not in the vocabulary`},
		{"no code", "taxonomy,code,concern\n,,grief\n", "line 2: no code"},
		{"twice", "taxonomy,code,concern\n,PN-1,grief\n,pn-1,grief\n", `line 3: code "pn-1" is filed under "grief" twice`},
		{"wrong header", "code,concern\nPN-1,grief\n", "want taxonomy,code,concern"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseCodeTable(strings.NewReader(tt.text), vocab)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %v, want one saying %q", err, tt.want)
			}
		})
	}
}

func TestEmbeddedCodeTableNamesKnownConcerns(t *testing.T) {
	vocab := directorytest.Vocab(t)
	table, err := loadCodeTable(vocab)
	if err != nil {
		t.Fatal(err)
	}
	if len(table.rows) == 0 {
		t.Error("the embedded table has no rows")
	}
}
