package hsds

import (
	"bytes"
	_ "embed"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/peerline/peerline/directory"
)

// peerlineTaxonomy names the taxonomy of the line's own concern codes:
// the one Write files its terms in.
const peerlineTaxonomy = "peerline"

//go:embed data/taxonomy_codes.csv
var taxonomyCodesCSV []byte

// codeTable maps publishers' taxonomy term codes to concerns: the only
// way a term's code is matched. See data/taxonomy_codes.csv.
type codeTable struct {
	vocab *directory.Vocabulary
	rows  map[codeKey][]*directory.Concern
}

// codeKey is a code within a taxonomy, both folded; an empty taxonomy
// stands for any.
type codeKey struct{ taxonomy, code string }

func foldKey(taxonomy, code string) codeKey {
	return codeKey{strings.ToLower(strings.TrimSpace(taxonomy)), strings.ToUpper(strings.TrimSpace(code))}
}

// loadCodeTable reads the embedded table, checking every concern it
// names against the vocabulary.
func loadCodeTable(vocab *directory.Vocabulary) (*codeTable, error) {
	t, err := parseCodeTable(bytes.NewReader(taxonomyCodesCSV), vocab)
	if err != nil {
		return nil, fmt.Errorf("data/taxonomy_codes.csv: %w", err)
	}
	return t, nil
}

func parseCodeTable(r io.Reader, vocab *directory.Vocabulary) (*codeTable, error) {
	t := &codeTable{vocab: vocab, rows: map[codeKey][]*directory.Concern{}}
	cr := csv.NewReader(r)
	cr.Comment = '#'
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the header: %w", err)
	}
	if strings.Join(header, ",") != "taxonomy,code,concern" {
		return nil, fmt.Errorf("header %q: want taxonomy,code,concern", header)
	}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return nil, err
		}
		line, _ := cr.FieldPos(0)
		if err := t.add(rec[0], rec[1], rec[2]); err != nil {
			return nil, fmt.Errorf("line %d: %w", line, err)
		}
	}
}

func (t *codeTable) add(taxonomy, code, concern string) error {
	c, ok := t.vocab.Concern(strings.TrimSpace(concern))
	switch {
	case strings.TrimSpace(code) == "":
		return errors.New("no code")
	case !ok:
		return fmt.Errorf("concern %q is not in the vocabulary", concern)
	}
	k := foldKey(taxonomy, code)
	if contains(t.rows[k], c) {
		return fmt.Errorf("code %q is filed under %q twice", code, concern)
	}
	t.rows[k] = append(t.rows[k], c)
	return nil
}

// lookup gives the concerns a code is filed under in a taxonomy: one of
// the line's own concern codes in peerline's taxonomy, else the table's
// rows for that taxonomy, else its rows for any taxonomy.
func (t *codeTable) lookup(taxonomy, code string) []*directory.Concern {
	k := foldKey(taxonomy, code)
	if k.code == "" {
		return nil
	}
	if k.taxonomy == peerlineTaxonomy {
		if c, ok := t.vocab.Concern(strings.ToLower(k.code)); ok {
			return []*directory.Concern{c}
		}
	}
	if cs := t.rows[k]; len(cs) > 0 {
		return cs
	}
	return t.rows[codeKey{"", k.code}]
}
