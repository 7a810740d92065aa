// Package web serves Storyline's pages: server-rendered HTML (html/template,
// one stylesheet, SVG charts drawn on the server, no script) over a
// store.Store, read-only, with the JSON API mounted beside it when given.
//
// Everything an article holds is untrusted: it reaches a page only through
// html/template's contextual escaping, never as template.HTML, and every
// response carries a Content-Security-Policy that allows no script, no
// inline style and no framing.
package web

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// ContentSecurityPolicy is sent with every response: nothing but the
// stylesheet and images from this server (and data: images), forms only to
// this server, no script at all, no framing.
const ContentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

// Limits on what a request may ask for.
const (
	// MaxQueryBytes caps a request's whole query string.
	MaxQueryBytes = 2048
	// MaxSearchBytes caps the search terms (q).
	MaxSearchBytes = 512
	// MaxParamBytes caps each other query parameter.
	MaxParamBytes = 256
	// MaxPageSize caps the results of one page; DefaultPageSize is used
	// when the request names none.
	MaxPageSize     = 100
	DefaultPageSize = 20
)

// Options configures a Server.
type Options struct {
	// API, when set, is mounted at /api/v1/ (package api's handler).
	API http.Handler
	// Now is the clock that decides which storylines are active; nil means
	// time.Now.
	Now func() time.Time
	// Log receives errors the pages could not recover from; nil means
	// slog.Default().
	Log *slog.Logger
	// BaseURL is the server's absolute address, for the links of
	// watchlist feeds; "" means the request's host over http.
	BaseURL string
	// Writes, when set, lets the feeds and watchlists pages subscribe and
	// unsubscribe, with a write token.
	Writes *Writes
}

// Server renders the pages of one store.
type Server struct {
	st   store.Store
	opts Options
	tmpl map[string]*template.Template
	mux  *http.ServeMux
}

// New returns a Server reading st, which it never writes.
func New(st store.Store, opts Options) (*Server, error) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Log == nil {
		opts.Log = slog.Default()
	}
	tmpl, err := parseTemplates()
	if err != nil {
		return nil, err
	}
	s := &Server{st: st, opts: opts, tmpl: tmpl, mux: http.NewServeMux()}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	m := s.mux
	m.HandleFunc("GET /{$}", s.page(s.home))
	m.HandleFunc("GET /storylines", s.page(s.storylines))
	m.HandleFunc("GET /storylines/{id}", s.page(s.storyline))
	m.HandleFunc("GET /events/{id}", s.page(s.event))
	m.HandleFunc("GET /articles/{id}", s.page(s.article))
	m.HandleFunc("GET /articles/{id}/raw", s.raw)
	m.HandleFunc("GET /articles/{id}/revisions/{rev}/raw", s.raw)
	m.HandleFunc("GET /entities/{id}", s.page(s.entity))
	m.HandleFunc("GET /outlets/{name}", s.page(s.outlet))
	m.HandleFunc("GET /search", s.page(s.search))
	m.HandleFunc("GET /watchlists/{file}", s.watchFeed)
	m.HandleFunc("GET /feeds", s.feedsPage)
	m.HandleFunc("GET /watchlists", s.watchlistsPage)
	m.Handle("POST /feeds", s.post("/feeds", s.addFeed))
	m.Handle("POST /feeds/{id}/remove", s.post("/feeds", s.removeFeed))
	m.Handle("POST /watchlists", s.post("/watchlists", s.addWatch))
	m.Handle("POST /watchlists/{id}/remove", s.post("/watchlists", s.removeWatch))
	m.HandleFunc("GET "+stylePath, serveStyle)
	if s.opts.API != nil {
		m.Handle("/api/v1/", s.opts.API)
	}
	m.HandleFunc("/", s.page(func(*http.Request) (*view, error) { return nil, errNotFound("no such page") }))
}

// ServeHTTP sets the security headers, refuses over-long query strings and
// hands the request to its page.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Security-Policy", ContentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cross-Origin-Opener-Policy", "same-origin")
	// The API answers its own errors, in its own shape.
	if len(r.URL.RawQuery) > MaxQueryBytes && !strings.HasPrefix(r.URL.Path, "/api/") {
		s.fail(w, r, errBadRequest("the query string is too long (at most %d bytes)", MaxQueryBytes))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// httpError is an error with the status and the message a page shows.
// The message is written by this package, never taken from the request.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errNotFound(msg string) error { return &httpError{http.StatusNotFound, msg} }

func errBadRequest(format string, args ...any) error {
	return &httpError{http.StatusBadRequest, sprintf(format, args...)}
}

// view is a rendered page's template and data.
type view struct {
	name  string // template: "home", "storyline", ...
	title string
	data  any
}

// page adapts a page function to an http.HandlerFunc: it renders the view,
// or the error page with the status the error carries.
func (s *Server) page(fn func(*http.Request) (*view, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := fn(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.render(w, r, http.StatusOK, v)
	}
}

// fail renders the error page: its own message for an httpError and for
// an unknown id, a generic one (the error logged) for anything else.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	var he *httpError
	switch {
	case errors.As(err, &he):
	case errors.Is(err, store.ErrNotFound):
		he = &httpError{http.StatusNotFound, "nothing is stored under that id"}
	case errors.Is(err, context.Canceled):
		return
	default:
		s.opts.Log.Error("web: page failed", "path", r.URL.Path, "err", err)
		he = &httpError{http.StatusInternalServerError, "the page could not be made; the error is in the server's log"}
	}
	title := http.StatusText(he.status)
	s.render(w, r, he.status, &view{name: "error", title: title, data: errorPage{Status: he.status, Title: title, Message: he.msg}})
}

type errorPage struct {
	Status         int
	Title, Message string
}

// pathID parses the {id} of a path: a positive decimal number, else a 404.
func pathID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound("no such id: ids are positive numbers")
	}
	return id, nil
}

func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
