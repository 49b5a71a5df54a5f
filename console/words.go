package console

import (
	"net/http"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/peerline/peerline/directory"
)

// wordRoutes serves the words staff teach the line: every role reads
// them, staff and admins teach and forget them.
func (c *Console) wordRoutes(mux *http.ServeMux) {
	mux.Handle("GET "+Prefix+"/words", c.page(directory.RoleViewer, func(w http.ResponseWriter, r *http.Request, me *account) {
		c.showWords(w, r, me, http.StatusOK, wordForm{})
	}))
	mux.Handle("POST "+Prefix+"/words", c.page(directory.RoleStaff, c.teachWord))
	mux.Handle("POST "+Prefix+"/words/forget", c.page(directory.RoleStaff, c.forgetWord))
	mux.Handle("POST "+Prefix+"/words/terms", c.page(directory.RoleStaff, c.fileTerm))
	mux.Handle("POST "+Prefix+"/words/terms/remove", c.page(directory.RoleStaff, c.unfileTerm))
}

// fileTerm files a term of imported data under a concern, as peerline
// terms set does: the next import reads it so.
func (c *Console) fileTerm(w http.ResponseWriter, r *http.Request, me *account) {
	f := wordForm{Word: strings.TrimSpace(r.PostFormValue("term")), Concern: r.PostFormValue("term_concern"), Errors: map[string]string{}}
	if directory.Normalize(f.Word) == "" || utf8.RuneCountInString(f.Word) > 200 {
		f.Errors["term"] = "Write the term as the import listed it."
	}
	if _, ok := c.Vocab.Concern(f.Concern); !ok {
		f.Errors["term_concern"] = "Choose the concern to file it under."
	}
	if len(f.Errors) > 0 {
		c.showWords(w, r, me, http.StatusUnprocessableEntity, f)
		return
	}
	if err := c.Store.SetTerm(r.Context(), f.Word, f.Concern, c.now()); err != nil {
		c.fail(w, r, "filing a term", err)
		return
	}
	c.audit(r.Context(), me, "term.set", f.Word, "", f.Concern)
	http.Redirect(w, r, Prefix+"/words", http.StatusSeeOther)
}

func (c *Console) unfileTerm(w http.ResponseWriter, r *http.Request, me *account) {
	term := r.PostFormValue("term")
	gone, err := c.Store.RemoveTerm(r.Context(), term)
	if err != nil {
		c.fail(w, r, "removing a term", err)
		return
	}
	if !gone {
		c.notFound(w, r, me, "That term is not filed.")
		return
	}
	c.audit(r.Context(), me, "term.remove", term, "mapped", "")
	http.Redirect(w, r, Prefix+"/words", http.StatusSeeOther)
}

type wordForm struct {
	Word, Concern string
	Errors        map[string]string
}

type wordRow struct{ Word, Concern, ConcernName string }

type wordsData struct {
	Taught   []wordRow // taught in the console
	Terms    []wordRow // chosen for imported terms (peerline terms)
	Concerns []wordRow // every concern, for the choice: Word is unused
	Form     wordForm
}

func (c *Console) showWords(w http.ResponseWriter, r *http.Request, me *account, status int, form wordForm) {
	ctx := r.Context()
	taught, err := c.Store.TaughtWords(ctx)
	if err != nil {
		c.fail(w, r, "reading the taught words", err)
		return
	}
	terms, err := c.Store.TermMap(ctx)
	if err != nil {
		c.fail(w, r, "reading the term choices", err)
		return
	}
	d := wordsData{Taught: c.wordRows(taught), Terms: c.wordRows(terms), Form: form}
	for _, k := range c.Vocab.Concerns() {
		d.Concerns = append(d.Concerns, wordRow{Concern: k.Code, ConcernName: k.NameEN})
	}
	c.render(w, r, status, "words.html", view{Title: "Concern words", Me: me, Data: d})
}

func (c *Console) wordRows(m map[string]string) []wordRow {
	out := make([]wordRow, 0, len(m))
	for word, code := range m {
		name := code
		if k, ok := c.Vocab.Concern(code); ok {
			name = k.NameEN
		}
		out = append(out, wordRow{Word: word, Concern: code, ConcernName: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Word < out[j].Word })
	return out
}

func (c *Console) teachWord(w http.ResponseWriter, r *http.Request, me *account) {
	f := wordForm{Word: strings.TrimSpace(r.PostFormValue("word")), Concern: r.PostFormValue("concern"), Errors: map[string]string{}}
	switch n := directory.Normalize(f.Word); {
	case n == "":
		f.Errors["word"] = "Write the word or words people use, like \"empty nest\"."
	case utf8.RuneCountInString(f.Word) > 80 || strings.Count(n, " ") > 5:
		f.Errors["word"] = "Keep it to a few words (six at most)."
	}
	if _, ok := c.Vocab.Concern(f.Concern); !ok {
		f.Errors["concern"] = "Choose the concern these words name."
	}
	if len(f.Errors) > 0 {
		c.showWords(w, r, me, http.StatusUnprocessableEntity, f)
		return
	}
	if err := c.Store.TeachWord(r.Context(), f.Word, f.Concern, c.now()); err != nil {
		c.fail(w, r, "teaching a word", err)
		return
	}
	c.audit(r.Context(), me, "word.teach", "word "+directory.Normalize(f.Word), "", f.Concern)
	if err := c.relearn(r); err != nil {
		c.fail(w, r, "reading the taught words", err)
		return
	}
	http.Redirect(w, r, Prefix+"/words", http.StatusSeeOther)
}

func (c *Console) forgetWord(w http.ResponseWriter, r *http.Request, me *account) {
	word := r.PostFormValue("word")
	gone, err := c.Store.ForgetWord(r.Context(), word)
	if err != nil {
		c.fail(w, r, "forgetting a word", err)
		return
	}
	if !gone {
		c.notFound(w, r, me, "That word is not taught.")
		return
	}
	c.audit(r.Context(), me, "word.forget", "word "+directory.Normalize(word), "taught", "")
	if err := c.relearn(r); err != nil {
		c.fail(w, r, "reading the taught words", err)
		return
	}
	http.Redirect(w, r, Prefix+"/words", http.StatusSeeOther)
}

// relearn teaches the line's vocabulary the words as now kept: the next
// search on this server understands them (other servers within a minute).
func (c *Console) relearn(r *http.Request) error {
	taught, err := c.Store.TaughtWords(r.Context())
	if err == nil {
		c.Vocab.Teach(taught)
	}
	return err
}
