package web

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/watch"
)

// maxFeedHits is how many of a watchlist's latest hits its feed holds.
const maxFeedHits = 100

// watchFeed serves /watchlists/ID.atom: the watchlist's latest hits as
// Atom, for feed readers.
func (s *Server) watchFeed(w http.ResponseWriter, r *http.Request) {
	f, ferr := s.following()
	name, isAtom := strings.CutSuffix(r.PathValue("file"), ".atom")
	id, err := strconv.ParseInt(name, 10, 64)
	if ferr != nil || !isAtom || err != nil || id <= 0 {
		s.fail(w, r, errNotFound("no such watchlist feed: /watchlists/ID.atom"))
		return
	}
	wl, err := f.Watch(r.Context(), id)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	hits, err := f.Hits(r.Context(), id, maxFeedHits)
	if err != nil {
		s.fail(w, r, err)
		return
	}
	var b bytes.Buffer
	if err := watch.WriteAtom(&b, s.base(r), wl, hits, wl.Created); err != nil {
		s.fail(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Write(b.Bytes())
}

// base is the server's absolute address for links in feeds: the
// configured one, else the request's host when it is a plain host[:port].
func (s *Server) base(r *http.Request) string {
	if s.opts.BaseURL != "" {
		return s.opts.BaseURL
	}
	host := r.Host
	if host == "" || strings.ContainsFunc(host, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune(".-:[]", c))
	}) {
		host = "localhost"
	}
	return "http://" + host
}
