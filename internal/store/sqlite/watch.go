package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/fts"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
	"github.com/storyline-news/storyline/internal/watch"
)

const watchCols = "id, name, query, entity, storyline_id, webhook, secret, created_at"

func scanWatch(row rowcodec.Scanner) (watch.Watchlist, error) {
	var w watch.Watchlist
	var created string
	err := row.Scan(&w.ID, &w.Name, &w.Query, &w.Entity, &w.Storyline, &w.Webhook, &w.Secret, &created)
	w.Created = parseTS(created)
	return w, err
}

// AddWatch implements store.Following. A watchlist sees the articles
// stored after it was made, not the archive.
func (s *Store) AddWatch(ctx context.Context, w watch.Watchlist) (watch.Watchlist, error) {
	if err := w.Validate(); err != nil {
		return w, err
	}
	if w.Created.IsZero() {
		w.Created = time.Now()
	}
	res, err := s.db.ExecContext(ctx, `INSERT INTO watchlists (name, query, entity, storyline_id, webhook, secret,
		created_at, cursor) VALUES (?,?,?,?,?,?,?, (SELECT coalesce(max(id), 0) FROM articles))`,
		w.Name, w.Query, w.Entity, w.Storyline, w.Webhook, w.Secret, ts(w.Created))
	if err != nil {
		return w, err
	}
	id, err := res.LastInsertId()
	if err != nil {
		return w, err
	}
	return s.Watch(ctx, id)
}

// Watchlists implements store.Following.
func (s *Store) Watchlists(ctx context.Context) ([]watch.Watchlist, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+watchCols+" FROM watchlists ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, scanWatch)
}

// Watch implements store.Following.
func (s *Store) Watch(ctx context.Context, id int64) (watch.Watchlist, error) {
	w, err := scanWatch(s.db.QueryRowContext(ctx, "SELECT "+watchCols+" FROM watchlists WHERE id = ?", id))
	return w, rowcodec.NotFound(err, sql.ErrNoRows, "watchlist", id)
}

// RemoveWatch implements store.Following.
func (s *Store) RemoveWatch(ctx context.Context, id int64) error {
	return s.remove(ctx, "DELETE FROM watchlists WHERE id = ?", "watchlist", id)
}

// MatchWatches implements store.Following. Query watchlists match
// articles; entity watchlists articles naming the entity and its
// quotations; storyline watchlists its articles and their quotations.
func (s *Store) MatchWatches(ctx context.Context, now time.Time) (int, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback()
	var top int64
	if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM articles").Scan(&top); err != nil {
		return 0, err
	}
	rows, err := tx.QueryContext(ctx, "SELECT "+watchCols+", cursor FROM watchlists WHERE cursor < ?", top)
	if err != nil {
		return 0, err
	}
	type pending struct {
		w      watch.Watchlist
		cursor int64
	}
	var ws []pending
	for rows.Next() {
		var p pending
		var created string
		if err := rows.Scan(&p.w.ID, &p.w.Name, &p.w.Query, &p.w.Entity, &p.w.Storyline, &p.w.Webhook,
			&p.w.Secret, &created, &p.cursor); err != nil {
			rows.Close()
			return 0, err
		}
		ws = append(ws, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	total := 0
	found := ts(now)
	for _, p := range ws {
		q, args, err := s.watchQuery(ctx, tx, p.w)
		if err != nil {
			return 0, fmt.Errorf("watchlist %d: %w", p.w.ID, err)
		}
		var first, last, before int64
		if q != "" {
			if err := tx.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM watch_hits").Scan(&before); err != nil {
				return 0, err
			}
			args = append(args, p.cursor, top, store.MaxHitsPerMatch)
			res, err := tx.ExecContext(ctx, `INSERT OR IGNORE INTO watch_hits (watch_id, kind, article_id, quote_idx, found_at)
				SELECT `+strconv.FormatInt(p.w.ID, 10)+`, kind, article_id, quote_idx, '`+found+`' FROM (`+q+`)
				WHERE article_id > ? AND article_id <= ? ORDER BY article_id, quote_idx LIMIT ?`, args...)
			if err != nil {
				return 0, fmt.Errorf("watchlist %d: %w", p.w.ID, err)
			}
			n, _ := res.RowsAffected()
			total += int(n)
			if n > 0 {
				if err := tx.QueryRowContext(ctx, `SELECT min(id), max(id) FROM watch_hits WHERE watch_id = ? AND id > ?`,
					p.w.ID, before).Scan(&first, &last); err != nil {
					return 0, err
				}
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE watchlists SET cursor = ? WHERE id = ?", top, p.w.ID); err != nil {
			return 0, err
		}
		if first > 0 && p.w.Webhook != "" {
			if _, err := tx.ExecContext(ctx, `INSERT INTO deliveries (watch_id, first_hit, last_hit, state, next_try, created_at)
				VALUES (?,?,?,'pending',?,?)`, p.w.ID, first, last, found, found); err != nil {
				return 0, err
			}
		}
	}
	return total, tx.Commit()
}

// watchQuery returns the SELECT of (kind, article_id, quote_idx) a
// watchlist matches, to be bounded by article id; "" when it can match
// nothing (an entity not known yet).
func (s *Store) watchQuery(ctx context.Context, tx *sql.Tx, w watch.Watchlist) (string, []any, error) {
	switch {
	case w.Query != "":
		expr := joinExpr(fts.ParseQuery(w.Query))
		if expr == "" {
			return "", nil, nil
		}
		return `SELECT 'article' AS kind, rowid AS article_id, -1 AS quote_idx FROM articles_fts WHERE articles_fts MATCH ?`,
			[]any{expr}, nil
	case w.Entity != "":
		ids, err := entityIDs(ctx, tx, w.Entity)
		if err != nil || len(ids) == 0 {
			return "", nil, err
		}
		in := idIn(ids)
		return `SELECT 'article' AS kind, article_id, -1 AS quote_idx FROM article_entities WHERE entity_id IN (` + in + `)
			UNION SELECT 'quote', article_id, idx FROM quotes WHERE speaker_id IN (` + in + `)`, nil, nil
	case w.Storyline != 0:
		sl, err := s.Storyline(ctx, w.Storyline)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		return `SELECT 'article' AS kind, id AS article_id, -1 AS quote_idx FROM articles WHERE storyline_id = ?1
			UNION SELECT 'quote', article_id, idx FROM quotes WHERE storyline_id = ?1`, []any{sl.ID}, nil
	}
	return "", nil, nil
}

// entityIDs finds the entities a watchlist names: an id, else the exact
// name, else the name in any case.
func entityIDs(ctx context.Context, tx *sql.Tx, name string) ([]int64, error) {
	if id, err := strconv.ParseInt(name, 10, 64); err == nil {
		return []int64{id}, nil
	}
	for _, q := range []string{"SELECT id FROM entities WHERE name = ?", "SELECT id FROM entities WHERE name = ? COLLATE NOCASE"} {
		ids, err := scanIDs(tx.QueryContext(ctx, q+" LIMIT 10", name))
		if err != nil || len(ids) > 0 {
			return ids, err
		}
	}
	return nil, nil
}

func idIn(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

const hitCols = `h.id, h.watch_id, h.kind, h.article_id, h.quote_idx, h.found_at, a.title, a.outlet, a.url, a.published,
	coalesce(q.speaker, ''), coalesce(q.text, substr(a.text, 1, 300))`

const hitFrom = ` FROM watch_hits h JOIN articles a ON a.id = h.article_id
	LEFT JOIN quotes q ON h.quote_idx >= 0 AND q.article_id = h.article_id AND q.idx = h.quote_idx`

func (s *Store) watchHits(ctx context.Context, q string, args ...any) ([]watch.Hit, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+hitCols+hitFrom+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, func(r rowcodec.Scanner) (watch.Hit, error) { return rowcodec.WatchHit(r, parseTS) })
}

// Hits implements store.Following.
func (s *Store) Hits(ctx context.Context, watchID int64, limit int) ([]watch.Hit, error) {
	return s.watchHits(ctx, " WHERE h.watch_id = ? ORDER BY h.id DESC LIMIT ?", watchID, limit)
}

const deliveryCols = "id, watch_id, state, attempts, next_try, created_at, last_error, first_hit, last_hit"

func (s *Store) deliveries(ctx context.Context, q string, args ...any) ([]store.Delivery, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT "+deliveryCols+" FROM deliveries "+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, func(r rowcodec.Scanner) (store.Delivery, error) {
		return rowcodec.Delivery(r, parseTS, parseTS)
	})
}

// DueDeliveries implements store.Following.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	ds, err := s.deliveries(ctx, "WHERE state = 'pending' AND next_try <= ? ORDER BY next_try, id LIMIT ?", ts(now), limit)
	if err != nil {
		return nil, err
	}
	for i, d := range ds {
		if ds[i].Hits, err = s.watchHits(ctx, " WHERE h.watch_id = ? AND h.id BETWEEN ? AND ? ORDER BY h.id DESC LIMIT ?",
			d.Watch, d.FirstHit, d.LastHit, store.MaxHitsPerMatch); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// Deliveries implements store.Following: a watchlist's deliveries, newest
// first.
func (s *Store) Deliveries(ctx context.Context, watchID int64, limit int) ([]store.Delivery, error) {
	return s.deliveries(ctx, "WHERE watch_id = ? ORDER BY id DESC LIMIT ?", watchID, limit)
}

// RecordDelivery implements store.Following.
func (s *Store) RecordDelivery(ctx context.Context, id int64, a store.DeliveryAttempt, next time.Time) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, `INSERT INTO delivery_attempts (delivery_id, attempt, at, status, error, duration_ms)
		VALUES (?, (SELECT attempts + 1 FROM deliveries WHERE id = ?), ?, ?, ?, ?)`,
		id, id, ts(a.At), a.Status, a.Err, a.Duration.Milliseconds()); err != nil {
		return err
	}
	state := "pending"
	switch {
	case a.Err == "":
		state = "delivered"
	case next.IsZero():
		state = "failed"
	}
	if _, err := tx.ExecContext(ctx, `UPDATE deliveries SET attempts = attempts + 1, state = ?, next_try = ?,
		last_error = ? WHERE id = ?`, state, ts(next), a.Err, id); err != nil {
		return err
	}
	return tx.Commit()
}
