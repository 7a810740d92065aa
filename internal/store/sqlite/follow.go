package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

var _ store.Following = (*Store)(nil)

// tsLayout is RFC 3339 in UTC with a fixed nine-digit fraction, so that
// times compare as text in SQL ("…:00Z" would sort after "…:00.1Z").
const tsLayout = "2006-01-02T15:04:05.000000000Z"

// ts writes a time as the tables keep it; the zero time is "".
func ts(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(tsLayout)
}

func parseTS(s string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, s)
	return t
}

func secs(d time.Duration) int64 { return int64(d / time.Second) }

const feedCols = `f.id, f.url, f.title, f.kind, f.every_s, f.allow_private, f.etag, f.last_modified, f.ttl_s, f.max_age_s,
	f.created_at, f.last_poll, f.last_status, f.last_new, f.next_poll, f.failures, f.errors, f.last_error,
	f.polls, f.not_modified, f.items,
	(SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state = 'stored'),
	(SELECT count(*) FROM feed_items i WHERE i.feed_id = f.id AND i.state <> 'stored')`

func scanFeed(row rowcodec.Scanner) (store.Feed, error) {
	var f store.Feed
	var every, ttl, maxAge int64
	var created, lastPoll, lastNew, next string
	err := row.Scan(&f.ID, &f.URL, &f.Title, &f.Kind, &every, &f.AllowPrivate, &f.ETag, &f.LastModified, &ttl, &maxAge,
		&created, &lastPoll, &f.LastStatus, &lastNew, &next, &f.Failures, &f.Errors, &f.LastError,
		&f.Polls, &f.NotModified, &f.Items, &f.Stored, &f.Open)
	f.Every, f.TTL, f.MaxAge = time.Duration(every)*time.Second, time.Duration(ttl)*time.Second, time.Duration(maxAge)*time.Second
	f.Created, f.LastPoll, f.LastNew, f.NextPoll = parseTS(created), parseTS(lastPoll), parseTS(lastNew), parseTS(next)
	return f, err
}

// AddFeed implements store.Following.
func (s *Store) AddFeed(ctx context.Context, f store.Feed) (store.Feed, error) {
	res, err := s.db.ExecContext(ctx, `INSERT INTO feeds (url, title, every_s, allow_private, created_at, next_poll)
		VALUES (?,?,?,?,?,?)`, f.URL, f.Title, secs(f.Every), f.AllowPrivate, ts(f.Created), ts(f.Created))
	if err != nil {
		if strings.Contains(err.Error(), "UNIQUE constraint failed") {
			return store.Feed{}, fmt.Errorf("feed %s: %w", f.URL, store.ErrExists)
		}
		return store.Feed{}, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return store.Feed{}, err
	}
	return s.Feed(ctx, id)
}

// Feeds implements store.Following.
func (s *Store) Feeds(ctx context.Context) ([]store.Feed, error) {
	return s.feeds(ctx, "SELECT "+feedCols+" FROM feeds f ORDER BY f.id")
}

// DueFeeds implements store.Following.
func (s *Store) DueFeeds(ctx context.Context, now time.Time, limit int) ([]store.Feed, error) {
	return s.feeds(ctx, "SELECT "+feedCols+" FROM feeds f WHERE f.next_poll <= ? ORDER BY f.next_poll, f.id LIMIT ?", ts(now), limit)
}

func (s *Store) feeds(ctx context.Context, q string, args ...any) ([]store.Feed, error) {
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, scanFeed)
}

// Feed implements store.Following.
func (s *Store) Feed(ctx context.Context, id int64) (store.Feed, error) {
	f, err := scanFeed(s.db.QueryRowContext(ctx, "SELECT "+feedCols+" FROM feeds f WHERE f.id = ?", id))
	return f, rowcodec.NotFound(err, sql.ErrNoRows, "feed", id)
}

// RemoveFeed implements store.Following. Its items go with it; the
// articles stored from them stay.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	return s.remove(ctx, "DELETE FROM feeds WHERE id = ?", "feed", id)
}

func (s *Store) remove(ctx context.Context, q, what string, id int64) error {
	res, err := s.db.ExecContext(ctx, q, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("%s %d: %w", what, id, store.ErrNotFound)
	}
	return nil
}

// RecordPoll implements store.Following.
func (s *Store) RecordPoll(ctx context.Context, r store.PollResult) (store.PollCounts, error) {
	var c store.PollCounts
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return c, err
	}
	defer tx.Rollback()
	at := ts(r.At)
	for _, it := range r.Items {
		doc, err := json.Marshal(it.Doc)
		if err != nil {
			return c, err
		}
		var urlKey any
		if it.URLKey != "" {
			urlKey = it.URLKey
		}
		var id, feed int64
		var version string
		err = tx.QueryRowContext(ctx, `SELECT id, feed_id, version FROM feed_items
			WHERE url_key = ?1 OR (?3 <> '' AND feed_id = ?2 AND guid = ?3) LIMIT 1`,
			urlKey, r.Feed, it.GUID).Scan(&id, &feed, &version)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			_, err = tx.ExecContext(ctx, `INSERT INTO feed_items (feed_id, url_key, guid, version, doc, summary,
				state, next_try, seen_at) VALUES (?,?,?,?,?,?,?,?,?)`,
				r.Feed, urlKey, it.GUID, it.Version, string(doc), it.Summary, store.ItemQueued, at, at)
			c.New++
		case err != nil:
		case feed == r.Feed && version != it.Version:
			// What the feed says of the item changed: a revision, fetched
			// and stored again. Another feed's view of one page does not
			// count, or two feeds would revise it in turn forever.
			_, err = tx.ExecContext(ctx, `UPDATE feed_items SET version = ?, doc = ?, summary = ?, state = ?,
				attempts = 0, next_try = ?, last_error = '' WHERE id = ?`,
				it.Version, string(doc), it.Summary, store.ItemQueued, at, id)
			c.Changed++
		}
		if err != nil {
			return c, fmt.Errorf("feed %d item %s: %w", r.Feed, it.Doc.Origin, err)
		}
	}
	fail := 0
	if r.Err != "" {
		fail = 1
	}
	nm := 0
	if r.NotModified {
		nm = 1
	}
	lastNew := ""
	if c.New > 0 {
		lastNew = at
	}
	res, err := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?, last_status = ?,
		kind = CASE WHEN ? <> '' THEN ? ELSE kind END,
		title = CASE WHEN title = '' THEN ? ELSE title END,
		etag = CASE WHEN ? THEN ? ELSE etag END,
		last_modified = CASE WHEN ? THEN ? ELSE last_modified END,
		ttl_s = CASE WHEN ? THEN ? ELSE ttl_s END, max_age_s = ?,
		next_poll = ?, failures = CASE WHEN ? THEN failures + 1 ELSE 0 END, errors = errors + ?,
		last_error = CASE WHEN ? THEN ? ELSE last_error END,
		polls = polls + 1, not_modified = not_modified + ?, items = items + ?,
		last_new = CASE WHEN ? <> '' THEN ? ELSE last_new END
		WHERE id = ?`,
		at, r.Status, r.Kind, r.Kind, r.Title,
		fail == 0 && !r.NotModified, r.ETag, fail == 0 && !r.NotModified, r.LastModified,
		fail == 0 && !r.NotModified, secs(r.TTL), secs(r.MaxAge),
		ts(r.NextPoll), fail == 1, fail, fail == 1, r.Err, nm, c.New, lastNew, lastNew, r.Feed)
	if err != nil {
		return c, err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return c, fmt.Errorf("feed %d: %w", r.Feed, store.ErrNotFound)
	}
	return c, tx.Commit()
}

// QueuedItems implements store.Following.
func (s *Store) QueuedItems(ctx context.Context, now time.Time, limit int) ([]store.FeedItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT i.id, i.feed_id, coalesce(i.url_key, ''), i.guid, i.version, i.doc,
		i.summary, i.state, i.attempts, i.next_try, i.last_error, i.article_id, i.fetches, f.allow_private
		FROM feed_items i JOIN feeds f ON f.id = i.feed_id
		WHERE i.state = 'queued' AND i.next_try <= ? ORDER BY i.next_try, i.id LIMIT ?`, ts(now), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.FeedItem
	for rows.Next() {
		var it store.FeedItem
		var doc, next string
		if err := rows.Scan(&it.ID, &it.Feed, &it.URLKey, &it.GUID, &it.Version, &doc, &it.Summary, &it.State,
			&it.Attempts, &next, &it.LastError, &it.Article, &it.Fetches, &it.AllowPrivate); err != nil {
			return nil, err
		}
		if err := json.Unmarshal([]byte(doc), &it.Doc); err != nil {
			return nil, fmt.Errorf("feed item %d: %w", it.ID, err)
		}
		it.NextTry = parseTS(next)
		out = append(out, it)
	}
	return out, rows.Err()
}

// ItemFetched implements store.Following.
func (s *Store) ItemFetched(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, "UPDATE feed_items SET fetches = fetches + 1 WHERE id = ?", id)
	return err
}

// ItemFailed implements store.Following.
func (s *Store) ItemFailed(ctx context.Context, id int64, msg string, next time.Time, giveUp bool) error {
	state := store.ItemQueued
	if giveUp {
		state = store.ItemFailed
	}
	_, err := s.db.ExecContext(ctx, `UPDATE feed_items SET attempts = attempts + 1, last_error = ?, next_try = ?,
		state = ? WHERE id = ? AND state = 'queued'`, msg, ts(next), state, id)
	return err
}

// itemStored marks a feed item stored, in Put's transaction.
func itemStored(ctx context.Context, tx *sql.Tx, item, article int64, now string) error {
	_, err := tx.ExecContext(ctx, `UPDATE feed_items SET state = 'stored', article_id = ?, stored_at = ?,
		last_error = '' WHERE id = ?`, article, now, item)
	return err
}

// FeedItems returns a feed's items, newest first (for listings and tests).
func (s *Store) FeedItems(ctx context.Context, feed int64, limit int) ([]store.FeedItem, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, coalesce(url_key, ''), guid, state, attempts, last_error,
		article_id, fetches, doc FROM feed_items WHERE feed_id = ? ORDER BY id DESC LIMIT ?`, feed, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.FeedItem
	for rows.Next() {
		it := store.FeedItem{Feed: feed}
		var doc string
		if err := rows.Scan(&it.ID, &it.URLKey, &it.GUID, &it.State, &it.Attempts, &it.LastError, &it.Article,
			&it.Fetches, &doc); err != nil {
			return nil, err
		}
		var d news.Document
		if json.Unmarshal([]byte(doc), &d) == nil {
			it.Doc = d
		}
		out = append(out, it)
	}
	return out, rows.Err()
}
