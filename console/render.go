package console

import (
	"bytes"
	"embed"
	"html/template"
	"io/fs"
	"net/http"
	"time"

	"github.com/peerline/peerline/directory"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var styleCSS []byte

// pages are the templates, each parsed with the layout it fills in.
var pages = func() map[string]*template.Template {
	funcs := template.FuncMap{
		"can": func(me *account, role string) bool { return me != nil && me.Role.Can(directory.Role(role)) },
		"roles": func() []string {
			return []string{string(directory.RoleViewer), string(directory.RoleStaff), string(directory.RoleAdmin)}
		},
	}
	names, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		panic(err)
	}
	out := map[string]*template.Template{}
	for _, n := range names {
		base := n[len("templates/"):]
		if base == "layout.html" {
			continue
		}
		out[base] = template.Must(template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", n))
	}
	return out
}()

// view is what every page is given: its title, the account signed in,
// the count of voicemails waiting (for the header), and its own data.
type view struct {
	Title   string
	Me      *account
	Waiting int
	Data    any
}

func (c *Console) render(w http.ResponseWriter, r *http.Request, status int, page string, v view) {
	if v.Me != nil {
		n, err := c.waiting(r)
		if err != nil {
			c.log().Error("console: counting voicemails", "err", err)
		}
		v.Waiting = n
	}
	var b bytes.Buffer
	t, ok := pages[page]
	if !ok {
		c.log().Error("console: no such template", "page", page)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	if err := t.Execute(&b, v); err != nil {
		c.log().Error("console: rendering a page", "page", page, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(b.Bytes())
}

// waiting counts the voicemails not handled yet.
func (c *Console) waiting(r *http.Request) (int, error) {
	vms, err := c.Store.Voicemails(r.Context(), time.Time{})
	if err != nil {
		return 0, err
	}
	notes, err := c.Store.VoicemailNotes(r.Context())
	if err != nil {
		return 0, err
	}
	n := 0
	for _, v := range vms {
		if _, done := notes[v.ID]; !done {
			n++
		}
	}
	return n, nil
}

func serveCSS(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	w.Write(styleCSS)
}
