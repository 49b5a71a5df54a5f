package console_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Staff teach the line a word: the next search understands it; forgotten,
// it is not. A viewer reads the words but cannot teach; errors by field.
func TestStaffTeachAWord(t *testing.T) {
	w := newWorld(t)
	vocab := w.c.Vocab
	if _, ok := vocab.Match("empty nest"); ok {
		t.Fatal("understood before being taught")
	}
	teach := url.Values{"word": {"Empty nest"}, "concern": {"aging"}}
	if r := w.do(http.MethodPost, "/console/words", "viewer@centre.example", teach); r.status != http.StatusForbidden {
		t.Errorf("a viewer teaching: %d", r.status)
	}
	r := w.do(http.MethodPost, "/console/words", "staff@centre.example", url.Values{"word": {""}, "concern": {"kumquats"}})
	if r.status != http.StatusUnprocessableEntity || idText(t, r.body, "word-error") == "" || idText(t, r.body, "concern-error") == "" {
		t.Errorf("a bad word: %d\n%s", r.status, r.body)
	}
	if r := w.do(http.MethodPost, "/console/words", "staff@centre.example", teach); r.status != http.StatusSeeOther {
		t.Fatalf("teach: %d\n%s", r.status, r.body)
	}
	if m, ok := vocab.Match("our empty nest is too quiet"); !ok || m.Concern.Code != "aging" {
		t.Errorf("the next search: %+v %v", m, ok)
	}
	page := w.do(http.MethodGet, "/console/words", "viewer@centre.example", nil)
	if got := parse(t, page.body).byID("taught"); got == nil || !strings.Contains(got.Text(), "empty nest") || strings.Contains(page.body, "/console/words/forget") {
		t.Errorf("the viewer's page:\n%s", page.body)
	}
	if r := w.do(http.MethodPost, "/console/words/forget", "staff@centre.example", url.Values{"word": {"empty nest"}}); r.status != http.StatusSeeOther {
		t.Fatalf("forget: %d", r.status)
	}
	if _, ok := vocab.Match("our empty nest is too quiet"); ok {
		t.Error("still understood after being forgotten")
	}
	var actions []string
	for _, e := range w.auditLog() {
		actions = append(actions, e.Action)
	}
	if strings.Join(actions, " ") != "word.forget word.teach" {
		t.Errorf("audit: %v", actions)
	}
}

// A publisher's term filed under a concern in the console is what
// peerline terms set keeps: the next import reads it so.
func TestStaffFileAnImportedTerm(t *testing.T) {
	w := newWorld(t)
	form := url.Values{"term": {"Those Left Behind Circle"}, "term_concern": {"grief"}}
	if r := w.do(http.MethodPost, "/console/words/terms", "viewer@centre.example", form); r.status != http.StatusForbidden {
		t.Errorf("a viewer filing: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/words/terms", "staff@centre.example", url.Values{"term": {"x"}, "term_concern": {""}}); r.status != http.StatusUnprocessableEntity ||
		idText(t, r.body, "term_concern-error") == "" {
		t.Errorf("no concern: %d", r.status)
	}
	if r := w.do(http.MethodPost, "/console/words/terms", "staff@centre.example", form); r.status != http.StatusSeeOther {
		t.Fatalf("file: %d\n%s", r.status, r.body)
	}
	chosen, err := w.store.TermMap(t.Context())
	if err != nil || chosen["those left behind circle"] != "grief" {
		t.Fatalf("kept: %v %v", chosen, err)
	}
	if got, _ := w.c.Vocab.WithTerms(chosen); len(got.Terms("Those Left Behind Circle")) != 1 || len(w.c.Vocab.Terms("Those Left Behind Circle")) != 0 {
		t.Error("an import would not read the filed term")
	}
	if r := w.do(http.MethodPost, "/console/words/terms/remove", "staff@centre.example", url.Values{"term": {"those left behind circle"}}); r.status != http.StatusSeeOther {
		t.Errorf("remove: %d", r.status)
	}
	if chosen, _ := w.store.TermMap(t.Context()); len(chosen) != 0 {
		t.Errorf("after removing: %v", chosen)
	}
}
