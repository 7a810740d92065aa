// Package api serves Storyline's store as JSON under /api/v1: articles,
// full-text search, outlets, entities, quotes, events, storylines, and the
// upload of documents. Its OpenAPI 3.1 description is served at /api/v1/openapi.json.
//
// The handler New returns answers every path under /api/v1/; mount it
// there, unchanged:
//
//	mux.Handle("/api/v1/", api.New(st, api.Options{...}))
//
// Every error has one shape, {"error": {"code": "...", "message": "..."}},
// with the status that fits: 400 for a bad parameter, 401 for a missing or
// unknown token, 403 for an upload to a server that takes none, 404, 405,
// 413 for a body over the limit, 414 for a query over 2,048 bytes, 500 with
// no detail of the fault (which is logged). Reads carry a strong ETag (a
// hash of the body), answer If-None-Match with 304, and say Cache-Control:
// no-cache (a cache may keep them but must ask again). Lists are paged with
// an opaque cursor: a response's "next", given back as ?cursor=, is the
// next page, and is absent on the last one.
package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// Options configures the handler. The zero value serves reads to anyone and
// takes no uploads.
type Options struct {
	// Tokens checks bearer tokens; nil means that no token is valid.
	Tokens Tokens
	// RequireReadToken makes reads need a bearer token, as uploads always
	// do (storyline serve --auth read).
	RequireReadToken bool
	// Ingest stores uploaded documents. Nil serves read-only: POST
	// /api/v1/documents answers 403.
	Ingest Ingester
	// MaxUploadBytes caps the body of an upload; 0 means 32 MiB.
	MaxUploadBytes int64
	// MaxDocBytes caps one document of an upload, as ingest
	// --max-doc-bytes does; 0 means ingest's default, 16 MiB.
	MaxDocBytes int64
	// Logger receives the faults that are answered with 500; nil means
	// slog.Default().
	Logger *slog.Logger
}

// DefaultMaxUploadBytes is the body limit of an upload when
// Options.MaxUploadBytes is 0.
const DefaultMaxUploadBytes = 32 << 20

// maxQueryBytes caps the query string of any request.
const maxQueryBytes = 2048

// Ingester stores the documents of one upload: it runs src through the
// pipeline into a writable store, as storyline ingest does, and returns
// what it did.
type Ingester func(ctx context.Context, src pipeline.Source) (pipeline.Summary, error)

// NewIngester returns an Ingester that writes into st with every stage
// (entities, quotes, claims, events, storylines), through a
// pipeline.Writer: one upload at a time.
func NewIngester(st store.Store) Ingester {
	return WriterIngester(pipeline.NewWriter(st, pipeline.All))
}

// WriterIngester returns an Ingester writing through w, so that uploads
// share the process's one writer with other work (feed polling).
func WriterIngester(w *pipeline.Writer) Ingester {
	return func(ctx context.Context, src pipeline.Source) (pipeline.Summary, error) {
		return w.Run(ctx, src, nil)
	}
}

type server struct {
	st  store.Store
	opt Options
	log *slog.Logger
	mux *http.ServeMux
}

// New returns the handler of the API on st, answering every path under
// /api/v1/ (see the package documentation for how to mount it). st is
// only read; uploads go through opt.Ingest.
func New(st store.Store, opt Options) http.Handler {
	if opt.MaxUploadBytes <= 0 {
		opt.MaxUploadBytes = DefaultMaxUploadBytes
	}
	s := &server{st: st, opt: opt, log: opt.Logger, mux: http.NewServeMux()}
	if s.log == nil {
		s.log = slog.Default()
	}
	s.read("/api/v1/openapi.json", s.openAPI)
	s.read("/api/v1/articles", s.articles)
	s.read("/api/v1/articles/{id}", s.article)
	s.raw("/api/v1/articles/{id}/raw", s.articleRaw)
	s.read("/api/v1/search", s.search)
	s.read("/api/v1/outlets", s.outlets)
	s.read("/api/v1/outlets/{name}", s.outlet)
	s.read("/api/v1/entities", s.entities)
	s.read("/api/v1/entities/{id}", s.entity)
	s.read("/api/v1/entities/{id}/quotes", s.entityQuotes)
	s.read("/api/v1/quotes", s.quotes)
	s.read("/api/v1/events", s.events)
	s.read("/api/v1/events/{id}", s.event)
	s.read("/api/v1/storylines", s.storylines)
	s.read("/api/v1/storylines/{id}", s.storyline)
	s.mux.Handle("/api/v1/documents", s.guard(http.MethodPost, http.HandlerFunc(s.upload)))
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, errorf(http.StatusNotFound, "not_found", "no such resource: %s", r.URL.Path))
	})
	return s
}

// ServeHTTP sets the headers every response carries, refuses queries over
// the limit, and turns a panic into a 500.
func (s *server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'")
	h.Set("Referrer-Policy", "no-referrer")
	defer func() {
		if p := recover(); p != nil {
			if p == http.ErrAbortHandler {
				panic(p)
			}
			s.log.Error("api: panic", "method", r.Method, "path", r.URL.Path, "panic", p)
			writeError(w, errInternal)
		}
	}()
	if len(r.URL.RawQuery) > maxQueryBytes {
		writeError(w, errorf(http.StatusRequestURITooLong, "query_too_long", "the query is longer than %d bytes", maxQueryBytes))
		return
	}
	s.mux.ServeHTTP(w, r)
}

// readFunc answers a read with a value to send as JSON, or an error.
type readFunc func(r *http.Request) (any, error)

// read registers a JSON read: GET or HEAD, token checked when reads need
// one, ETag and 304, Cache-Control.
func (s *server) read(pattern string, f readFunc) {
	s.mux.Handle(pattern, s.guard(http.MethodGet, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v, err := f(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		s.writeJSON(w, r, v)
	})))
}

// rawFunc answers a read with a body of its own type.
type rawFunc func(r *http.Request) (body []byte, contentType, filename string, err error)

// raw registers a read whose body is not JSON: sent as an attachment.
func (s *server) raw(pattern string, f rawFunc) {
	s.mux.Handle(pattern, s.guard(http.MethodGet, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, ctype, name, err := f(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		s.writeBody(w, r, body, ctype)
	})))
}

// guard allows one method (GET also allows HEAD) and checks the token the
// method needs: uploads always, reads when Options.RequireReadToken.
func (s *server) guard(method string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		allowed := r.Method == method || (method == http.MethodGet && r.Method == http.MethodHead)
		if !allowed {
			allow := method
			if method == http.MethodGet {
				allow = "GET, HEAD"
			}
			w.Header().Set("Allow", allow)
			writeError(w, errorf(http.StatusMethodNotAllowed, "method_not_allowed", "%s is not allowed here (allowed: %s)", r.Method, allow))
			return
		}
		if method != http.MethodGet || s.opt.RequireReadToken {
			if err := s.authorize(r); err != nil {
				s.fail(w, r, err)
				return
			}
		}
		h.ServeHTTP(w, r)
	})
}
