package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

var (
	_ store.Following = (*Store)(nil)
	_ store.Tokens    = (*Store)(nil)
	_ store.Full      = (*Store)(nil)
)

// followTS is a time as the following tables keep it: UTC, NULL for the
// zero time (an empty text in SQLite), which the due orders put first,
// where SQLite's empty text sorts.
func followTS(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// followTime reads a followTS column back.
func followTime(t pgtype.Timestamptz) time.Time {
	if !t.Valid {
		return time.Time{}
	}
	return t.Time.UTC()
}

func followSecs(d time.Duration) int64 { return int64(d / time.Second) }

// isUnique says whether err is a unique violation, of constraint when
// it is not "".
func isUnique(err error, constraint string) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505" && (constraint == "" || pe.ConstraintName == constraint)
}

const feedCols = `f.id, f.url, f.title, f.kind, f.every_s, f.allow_private, f.etag, f.last_modified, f.ttl_s, f.max_age_s,
	f.created_at, f.last_poll, f.last_status, f.last_new, f.next_poll, f.failures, f.errors, f.last_error,
	f.polls, f.not_modified, f.items,
	(SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state = 'stored'),
	(SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state <> 'stored')`

func scanFeed(row rowcodec.Scanner) (store.Feed, error) {
	var f store.Feed
	var every, ttl, maxAge, stored, open int64
	var created, lastPoll, lastNew, next pgtype.Timestamptz
	err := row.Scan(&f.ID, &f.URL, &f.Title, &f.Kind, &every, &f.AllowPrivate, &f.ETag, &f.LastModified, &ttl, &maxAge,
		&created, &lastPoll, &f.LastStatus, &lastNew, &next, &f.Failures, &f.Errors, &f.LastError,
		&f.Polls, &f.NotModified, &f.Items, &stored, &open)
	f.Every, f.TTL, f.MaxAge = time.Duration(every)*time.Second, time.Duration(ttl)*time.Second, time.Duration(maxAge)*time.Second
	f.Created, f.LastPoll, f.LastNew, f.NextPoll = followTime(created), followTime(lastPoll), followTime(lastNew), followTime(next)
	f.Stored, f.Open = int(stored), int(open)
	return f, err
}

// AddFeed implements store.Following.
func (s *Store) AddFeed(ctx context.Context, f store.Feed) (store.Feed, error) {
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO feeds (url, title, every_s, allow_private, created_at, next_poll)
		VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
		text(f.URL), text(f.Title), followSecs(f.Every), f.AllowPrivate, followTS(f.Created)).Scan(&id)
	if isUnique(err, "feeds_url_key") {
		return store.Feed{}, fmt.Errorf("feed %s: %w", f.URL, store.ErrExists)
	}
	if err != nil {
		return store.Feed{}, fmt.Errorf("feed %s: %w", f.URL, err)
	}
	return s.Feed(ctx, id)
}

// Feeds implements store.Following.
func (s *Store) Feeds(ctx context.Context) ([]store.Feed, error) {
	return s.feeds(ctx, "SELECT "+feedCols+" FROM feeds f ORDER BY f.id")
}

// DueFeeds implements store.Following.
func (s *Store) DueFeeds(ctx context.Context, now time.Time, limit int) ([]store.Feed, error) {
	return s.feeds(ctx, "SELECT "+feedCols+` FROM feeds f WHERE f.next_poll IS NULL OR f.next_poll <= $1
		ORDER BY f.next_poll NULLS FIRST, f.id LIMIT $2`, now.UTC(), followLimit(limit))
}

func (s *Store) feeds(ctx context.Context, q string, args ...any) ([]store.Feed, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, scanFeed)
}

// Feed implements store.Following.
func (s *Store) Feed(ctx context.Context, id int64) (store.Feed, error) {
	f, err := scanFeed(s.pool.QueryRow(ctx, "SELECT "+feedCols+" FROM feeds f WHERE f.id = $1", id))
	return f, rowcodec.NotFound(err, pgx.ErrNoRows, "feed", id)
}

// RemoveFeed implements store.Following. Its items go with it; the
// articles stored from them stay.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	return s.removeFollow(ctx, "DELETE FROM feeds WHERE id = $1", "feed", id)
}

func (s *Store) removeFollow(ctx context.Context, q, what string, id int64) error {
	tag, err := s.pool.Exec(ctx, q, id)
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s %d: %w", what, id, store.ErrNotFound)
	}
	return nil
}

// pollLock is the advisory lock key held while a poll is recorded.
const pollLock = 0x53544650 // "STFP"

// RecordPoll implements store.Following. Polls are recorded one at a time
// (an advisory lock, as SQLite has one writer): two feeds announcing the
// same pages in other orders would otherwise wait on each other's new
// items in the unique index until one failed with a deadlock. Recording
// is short; fetching, the slow part, is not under the lock.
func (s *Store) RecordPoll(ctx context.Context, r store.PollResult) (store.PollCounts, error) {
	var c store.PollCounts
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return c, err
	}
	defer tx.Rollback(context.Background())
	if _, err := tx.Exec(ctx, "SELECT pg_advisory_xact_lock($1)", pollLock); err != nil {
		return c, fmt.Errorf("feed %d: %w", r.Feed, err)
	}
	at := followTS(r.At)
	// Lock the feed first: its items are written under it, and an unknown
	// feed is an error before any item is.
	var feed int64
	if err := tx.QueryRow(ctx, "SELECT id FROM feeds WHERE id = $1 FOR UPDATE", r.Feed).Scan(&feed); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return c, fmt.Errorf("feed %d: %w", r.Feed, store.ErrNotFound)
		}
		return c, err
	}
	for _, it := range r.Items {
		n, changed, err := recordItem(ctx, tx, r.Feed, it, at)
		if err != nil {
			return c, fmt.Errorf("feed %d item %s: %w", r.Feed, it.Doc.Origin, err)
		}
		c.New += n
		if changed {
			c.Changed++
		}
	}
	ok := r.Err == "" && !r.NotModified
	var lastNew any
	if c.New > 0 {
		lastNew = at
	}
	_, err = tx.Exec(ctx, `UPDATE feeds SET last_poll = $1, last_status = $2,
		kind = CASE WHEN $3 <> '' THEN $3 ELSE kind END,
		title = CASE WHEN title = '' THEN $4 ELSE title END,
		etag = CASE WHEN $5 THEN $6 ELSE etag END,
		last_modified = CASE WHEN $5 THEN $7 ELSE last_modified END,
		ttl_s = CASE WHEN $5 THEN $8 ELSE ttl_s END, max_age_s = $9,
		next_poll = $10,
		failures = CASE WHEN $11 THEN failures + 1 ELSE 0 END,
		errors = errors + CASE WHEN $11 THEN 1 ELSE 0 END,
		last_error = CASE WHEN $11 THEN $12 ELSE last_error END,
		polls = polls + 1, not_modified = not_modified + CASE WHEN $13 THEN 1 ELSE 0 END,
		items = items + $14, last_new = coalesce($15, last_new)
		WHERE id = $16`,
		at, r.Status, text(r.Kind), text(r.Title), ok, text(r.ETag), text(r.LastModified),
		followSecs(r.TTL), followSecs(r.MaxAge), followTS(r.NextPoll), r.Err != "", text(r.Err),
		r.NotModified, c.New, lastNew, r.Feed)
	if err != nil {
		return c, fmt.Errorf("feed %d: %w", r.Feed, err)
	}
	return c, tx.Commit(ctx)
}

// recordItem records one item of feed's poll: new (1), revised (changed)
// when feed's own view of it changed, else nothing. An item is one page
// across feeds (its link) and one GUID within its feed.
func recordItem(ctx context.Context, tx pgx.Tx, feed int64, it store.FeedItem, at any) (int, bool, error) {
	doc, err := json.Marshal(it.Doc)
	if err != nil {
		return 0, false, err
	}
	var urlKey any
	if it.URLKey != "" {
		urlKey = text(it.URLKey)
	}
	guid, version := text(it.GUID), text(it.Version)
	for range 2 {
		var id, owner int64
		var have string
		err := tx.QueryRow(ctx, `SELECT id, feed_id, version FROM feed_items
			WHERE url_key = $1 OR ($3 <> '' AND feed_id = $2 AND guid = $3) ORDER BY id LIMIT 1`,
			urlKey, feed, guid).Scan(&id, &owner, &have)
		switch {
		case errors.Is(err, pgx.ErrNoRows):
			tag, err := tx.Exec(ctx, `INSERT INTO feed_items (feed_id, url_key, guid, version, doc, summary,
				state, next_try, seen_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)
				ON CONFLICT (url_key) WHERE url_key IS NOT NULL DO NOTHING`,
				feed, urlKey, guid, version, string(doc), it.Summary, store.ItemQueued, at)
			if err != nil {
				return 0, false, err
			}
			if tag.RowsAffected() == 1 {
				return 1, false, nil
			}
			continue // stored by another writer just now: look again
		case err != nil:
			return 0, false, err
		case owner == feed && have != version:
			// What the feed says of the item changed: a revision, fetched
			// and stored again. Another feed's view of one page does not
			// count, or two feeds would revise it in turn forever.
			_, err = tx.Exec(ctx, `UPDATE feed_items SET version = $1, doc = $2, summary = $3, state = $4,
				attempts = 0, next_try = $5, last_error = '' WHERE id = $6`,
				version, string(doc), it.Summary, store.ItemQueued, at, id)
			return 0, err == nil, err
		}
		return 0, false, nil
	}
	return 0, false, fmt.Errorf("url key %q: conflicting inserts", it.URLKey)
}

const itemCols = `i.id, i.feed_id, coalesce(i.url_key, ''), i.guid, i.version, i.doc, i.summary, i.state, i.attempts,
	i.next_try, i.last_error, i.article_id, i.fetches`

// scanItem reads itemCols and then extra; the item's document is
// returned as stored, for the caller to decode.
func scanItem(row pgx.Row, extra ...any) (store.FeedItem, string, error) {
	var it store.FeedItem
	var doc string
	var next pgtype.Timestamptz
	dest := []any{&it.ID, &it.Feed, &it.URLKey, &it.GUID, &it.Version, &doc, &it.Summary, &it.State, &it.Attempts,
		&next, &it.LastError, &it.Article, &it.Fetches}
	err := row.Scan(append(dest, extra...)...)
	it.NextTry = followTime(next)
	return it, doc, err
}

// followLimit is a LIMIT as SQLite takes it: a negative one is none.
func followLimit(n int) any {
	if n < 0 {
		return nil
	}
	return n
}

// QueuedItems implements store.Following.
func (s *Store) QueuedItems(ctx context.Context, now time.Time, limit int) ([]store.FeedItem, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+itemCols+`, f.allow_private
		FROM feed_items i JOIN feeds f ON f.id = i.feed_id
		WHERE i.state = 'queued' AND (i.next_try IS NULL OR i.next_try <= $1)
		ORDER BY i.next_try NULLS FIRST, i.id LIMIT $2`, now.UTC(), followLimit(limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.FeedItem
	for rows.Next() {
		var private bool
		it, doc, err := scanItem(rows, &private)
		if err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &it.Doc); err != nil {
			return nil, fmt.Errorf("feed item %d: %w", it.ID, err)
		}
		it.AllowPrivate = private
		out = append(out, it)
	}
	return out, rows.Err()
}

// ItemFetched implements store.Following.
func (s *Store) ItemFetched(ctx context.Context, id int64) error {
	_, err := s.pool.Exec(ctx, "UPDATE feed_items SET fetches = fetches + 1 WHERE id = $1", id)
	return err
}

// ItemFailed implements store.Following.
func (s *Store) ItemFailed(ctx context.Context, id int64, msg string, next time.Time, giveUp bool) error {
	state := store.ItemQueued
	if giveUp {
		state = store.ItemFailed
	}
	_, err := s.pool.Exec(ctx, `UPDATE feed_items SET attempts = attempts + 1, last_error = $1, next_try = $2,
		state = $3 WHERE id = $4 AND state = 'queued'`, text(msg), followTS(next), state, id)
	return err
}

// FeedItems implements store.Full: a feed's items, newest first (for
// listings and tests).
func (s *Store) FeedItems(ctx context.Context, feed int64, limit int) ([]store.FeedItem, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+itemCols+` FROM feed_items i WHERE i.feed_id = $1
		ORDER BY i.id DESC LIMIT $2`, feed, followLimit(limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.FeedItem
	for rows.Next() {
		it, doc, err := scanItem(rows)
		if err != nil {
			return nil, err
		}
		// A document that does not decode is listed without it, as in
		// SQLite.
		var d news.Document
		if json.Unmarshal([]byte(doc), &d) == nil {
			it.Doc = d
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
