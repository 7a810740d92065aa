package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/feeds"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/watch"
)

// Writes is what the feeds and watchlists pages need to change the store:
// a writable handle (the pages read through the read-only one) and the
// check of a write token. A Server without it shows those pages read-only.
type Writes struct {
	Store store.Following
	// CheckToken returns the name of the API token given, or an error.
	CheckToken func(ctx context.Context, token string) (string, error)
}

// csrfCookie holds the per-browser secret every form repeats in a hidden
// field (the double-submit pattern); cross-origin POSTs are refused
// before it is even read (http.CrossOriginProtection).
const csrfCookie = "storyline_csrf"

// maxFormBytes caps a form's body.
const maxFormBytes = 16 << 10

// csrfToken returns the browser's form secret, setting the cookie the
// first time.
func csrfToken(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(csrfCookie); err == nil && len(c.Value) == 64 {
		if _, err := hex.DecodeString(c.Value); err == nil {
			return c.Value
		}
	}
	b := make([]byte, 32)
	rand.Read(b)
	v := hex.EncodeToString(b)
	http.SetCookie(w, &http.Cookie{Name: csrfCookie, Value: v, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return v
}

// checkForm parses a POSTed form and checks its CSRF field and write
// token; the error is what the page says.
func (s *Server) checkForm(r *http.Request) error {
	if s.opts.Writes == nil {
		return &httpError{http.StatusForbidden, "this server is read-only: start it with storyline serve --uploads to change feeds and watchlists"}
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxFormBytes)
	if err := r.ParseForm(); err != nil {
		return errBadRequest("the form could not be read")
	}
	c, err := r.Cookie(csrfCookie)
	if err != nil || subtle.ConstantTimeCompare([]byte(c.Value), []byte(r.PostForm.Get("csrf"))) != 1 || len(c.Value) != 64 {
		return &httpError{http.StatusForbidden, "the form has expired or was not sent from this site: reload the page and try again"}
	}
	if _, err := s.opts.Writes.CheckToken(r.Context(), r.PostForm.Get("token")); err != nil {
		return &httpError{http.StatusForbidden, "that write token is not valid (storyline token create NAME makes one)"}
	}
	return nil
}

// post adapts a form handler: CSRF and token checked, then a redirect
// (303) to the page, so that reloading does not post again.
func (s *Server) post(to string, fn func(*http.Request) error) http.Handler {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := s.checkForm(r); err != nil {
			s.fail(w, r, err)
			return
		}
		if err := fn(r); err != nil {
			s.fail(w, r, err)
			return
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
	})
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, &httpError{http.StatusForbidden, "cross-site form posts are refused"})
	}))
	return cop.Handler(h)
}

type feedsPage struct {
	Feeds    []store.Feed
	Writable bool
	CSRF     string
	Every    string
}

func (s *Server) following() (store.Following, error) {
	f, ok := s.st.(store.Following)
	if !ok {
		return nil, errNotFound("this store keeps no feeds")
	}
	return f, nil
}

func (s *Server) feedsPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.following()
	var fs []store.Feed
	if err == nil {
		fs, err = f.Feeds(r.Context())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := feedsPage{Feeds: fs, Writable: s.opts.Writes != nil, Every: "15m"}
	if p.Writable {
		p.CSRF = csrfToken(w, r)
	}
	s.render(w, r, http.StatusOK, &view{name: "feeds", title: "Feeds", data: p})
}

func (s *Server) addFeed(r *http.Request) error {
	u, err := feeds.SubscriptionURL(r.PostForm.Get("url"))
	if err != nil {
		// The page says what is wrong in its own words, not with the
		// address the form sent.
		return errBadRequest("a feed address is an http or https URL without credentials")
	}
	every, err := time.ParseDuration(r.PostForm.Get("every"))
	if err != nil || every < time.Minute || every > 7*24*time.Hour {
		return errBadRequest("the interval is a duration from 1m to 168h, such as 15m or 2h")
	}
	_, err = s.opts.Writes.Store.AddFeed(r.Context(), store.Feed{URL: u, Every: every, Created: time.Now()})
	if errors.Is(err, store.ErrExists) {
		return &httpError{http.StatusConflict, "already subscribed to that address"}
	}
	return err
}

func (s *Server) removeFeed(r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.opts.Writes.Store.RemoveFeed(r.Context(), id)
}

type watchRow struct {
	watch.Watchlist
	Latest time.Time
}

type watchlistsPage struct {
	Watchlists []watchRow
	Writable   bool
	CSRF       string
}

func (s *Server) watchlistsPage(w http.ResponseWriter, r *http.Request) {
	f, err := s.following()
	var ws []watch.Watchlist
	if err == nil {
		ws, err = f.Watchlists(r.Context())
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}
	p := watchlistsPage{Writable: s.opts.Writes != nil}
	for _, wl := range ws {
		row := watchRow{Watchlist: wl}
		hits, err := f.Hits(r.Context(), wl.ID, 1)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if len(hits) > 0 {
			row.Latest = hits[0].Found
		}
		p.Watchlists = append(p.Watchlists, row)
	}
	if p.Writable {
		p.CSRF = csrfToken(w, r)
	}
	s.render(w, r, http.StatusOK, &view{name: "watchlists", title: "Watchlists", data: p})
}

func (s *Server) addWatch(r *http.Request) error {
	f := r.PostForm
	wl := watch.Watchlist{Name: strings.TrimSpace(f.Get("name")), Webhook: strings.TrimSpace(f.Get("webhook"))}
	v := strings.TrimSpace(f.Get("value"))
	switch f.Get("kind") {
	case "query":
		wl.Query = v
	case "entity":
		wl.Entity = v
	case "storyline":
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			return errBadRequest("a storyline is given by its number")
		}
		wl.Storyline = id
	default:
		return errBadRequest("choose what to watch: words, a name or a storyline")
	}
	secret, err := watch.NewSecret()
	if err != nil {
		return err
	}
	wl.Secret = secret
	if err := wl.Validate(); err != nil {
		return errBadRequest("%s", err.Error())
	}
	_, err = s.opts.Writes.Store.AddWatch(r.Context(), wl)
	return err
}

func (s *Server) removeWatch(r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	return s.opts.Writes.Store.RemoveWatch(r.Context(), id)
}
