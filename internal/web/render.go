package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/style.css
var styleCSS []byte

// stylePath is where the stylesheet is served: its name carries a hash of
// its content, so that it can be cached for good and a new version is a
// new address.
var stylePath = func() string {
	sum := sha256.Sum256(styleCSS)
	return "/static/style." + hex.EncodeToString(sum[:6]) + ".css"
}()

func serveStyle(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(styleCSS)
}

// pages are the page templates; each defines "content" and is rendered
// inside layout.html.
var pages = []string{"home", "storylines", "storyline", "event", "article", "entity", "outlet", "search", "error", "feeds", "watchlists"}

var funcs = template.FuncMap{
	"date":     dateOrUndated,
	"clip":     clip,
	"plural":   plural,
	"outlet":   outletPath,
	"orDash":   orDash,
	"join":     strings.Join,
	"add":      func(a, b int) int { return a + b },
	"fromLbl":  fromLabel,
	"headline": titleOrLead,
	"span":     span,
	"when":     when,
	// first and beyond split a long list: the first n, and how many more.
	"first":  func(n int, l []string) []string { return l[:min(n, len(l))] },
	"beyond": func(n int, l []string) int { return max(0, len(l)-n) },
}

func parseTemplates() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, err
	}
	out := map[string]*template.Template{}
	for _, p := range pages {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(templateFS, "templates/"+p+".html"); err != nil {
			return nil, err
		}
		out[p] = t
	}
	return out, nil
}

// layout is what layout.html gets: the page's own data in Page.
type layout struct {
	Title string
	Style string
	Nav   string // the section the page belongs to, for aria-current
	Query string // the search box's value
	Page  any
}

// render writes a page whole or not at all: a template error midway must
// not leave half a page with a 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, v *view) {
	t := s.tmpl[v.name]
	var buf bytes.Buffer
	l := layout{Title: v.title, Style: stylePath, Nav: v.name, Page: v.data}
	if v.name == "search" {
		l.Query = r.URL.Query().Get("q")
	}
	if err := t.ExecuteTemplate(&buf, "layout.html", l); err != nil {
		s.opts.Log.Error("web: template failed", "page", v.name, "err", err)
		http.Error(w, "the page could not be made", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// when is a time of the feeds pages, in UTC to the minute.
func when(t time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }

// dateOnly is the day of an RFC 3339 date or date-time, "" when there is
// none.
func dateOnly(s string) string {
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return s[:10]
	}
	return ""
}

func dateOrUndated(s string) string {
	if d := dateOnly(s); d != "" {
		return d
	}
	return "undated"
}

// clip cuts s to at most n runes, with an ellipsis when cut.
func clip(n int, s string) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}

// plural writes a count with its noun: "1 event", "3 events".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

// outletPath is an outlet's page, the name escaped as one path segment.
func outletPath(name string) string { return "/outlets/" + url.PathEscape(name) }

// fromLabel says where a metadata field came from.
func fromLabel(from string) string {
	if from == "" {
		return ""
	}
	return "from " + from
}
