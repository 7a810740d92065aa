package rowcodec

import (
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/watch"
)

// The drivers read timestamps differently (SQLite as text, PostgreSQL as
// time.Time or a nullable timestamptz): the scanners below take the
// column's Go type as a type parameter and a function that reads it.

// WatchHit scans a watch hit's columns (id, watch, kind, article, quote
// index, found at, title, outlet, url, published, speaker, text).
func WatchHit[TS any](r Scanner, ts func(TS) time.Time) (watch.Hit, error) {
	var h watch.Hit
	var idx int64
	var found TS
	var published string
	if err := r.Scan(&h.ID, &h.Watch, &h.Kind, &h.ArticleID, &idx, &found, &h.Title, &h.Outlet, &h.URL,
		&published, &h.Speaker, &h.Text); err != nil {
		return h, err
	}
	if h.Kind == watch.KindQuote {
		h.QuoteID = idx + 1 // QuoteID is 1-based so that 0 means "an article"
	}
	h.Found = ts(found)
	h.Published = Published(published)
	return h, nil
}

// Delivery scans a delivery's columns (id, watch, state, attempts, next
// try, created at, last error, first hit, last hit).
func Delivery[N, C any](r Scanner, next func(N) time.Time, created func(C) time.Time) (store.Delivery, error) {
	var d store.Delivery
	var n N
	var c C
	if err := r.Scan(&d.ID, &d.Watch, &d.State, &d.Attempts, &n, &c, &d.LastError, &d.FirstHit, &d.LastHit); err != nil {
		return d, err
	}
	d.NextTry, d.Created = next(n), created(c)
	return d, nil
}

// Published reads an article's published date or date-time; zero when it
// has none.
func Published(s string) time.Time {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t
	}
	t, _ := time.Parse("2006-01-02", s)
	return t
}
