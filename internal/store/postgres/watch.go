package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
	"github.com/storyline-news/storyline/internal/watch"
)

const watchCols = "id, name, query, entity, storyline_id, webhook, secret, created_at"

func scanWatch(row pgx.Row, extra ...any) (watch.Watchlist, error) {
	var w watch.Watchlist
	var created time.Time
	err := row.Scan(append([]any{&w.ID, &w.Name, &w.Query, &w.Entity, &w.Storyline, &w.Webhook, &w.Secret, &created}, extra...)...)
	w.Created = created.UTC()
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
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO watchlists (name, query, entity, storyline_id, webhook, secret,
		created_at, cursor) VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT coalesce(max(id), 0) FROM articles)) RETURNING id`,
		text(w.Name), text(w.Query), text(w.Entity), w.Storyline, text(w.Webhook),
		text(w.Secret), w.Created.UTC()).Scan(&id)
	if err != nil {
		return w, fmt.Errorf("watchlist %s: %w", w.Describe(), err)
	}
	return s.Watch(ctx, id)
}

// Watchlists implements store.Following.
func (s *Store) Watchlists(ctx context.Context) ([]watch.Watchlist, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+watchCols+" FROM watchlists ORDER BY id")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, func(r rowcodec.Scanner) (watch.Watchlist, error) { return scanWatch(r) })
}

// Watch implements store.Following.
func (s *Store) Watch(ctx context.Context, id int64) (watch.Watchlist, error) {
	w, err := scanWatch(s.pool.QueryRow(ctx, "SELECT "+watchCols+" FROM watchlists WHERE id = $1", id))
	return w, rowcodec.NotFound(err, pgx.ErrNoRows, "watchlist", id)
}

// RemoveWatch implements store.Following; its hits and deliveries go
// with it.
func (s *Store) RemoveWatch(ctx context.Context, id int64) error {
	return s.removeFollow(ctx, "DELETE FROM watchlists WHERE id = $1", "watchlist", id)
}

// maxStorylineChain bounds the merges followed from a storyline id.
const maxStorylineChain = 64

// MatchWatches implements store.Following. Query watchlists match
// articles; entity watchlists articles naming the entity and its
// quotations; storyline watchlists its articles and their quotations.
//
// A cursor moves to the largest article id, so an id that committed after
// a higher one would be skipped for good. That cannot happen: Put takes
// ids under its lock of the derived-state row, so ids commit in order, and
// the ids of a Put under way are all above the largest committed one
// (TestFollowingMatchWhileWriting). The watchlists are locked, so that two
// passes at once record each hit and queue each delivery once.
func (s *Store) MatchWatches(ctx context.Context, now time.Time) (int, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return 0, err
	}
	defer tx.Rollback(context.Background())
	var top int64
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(id), 0) FROM articles").Scan(&top); err != nil {
		return 0, err
	}
	rows, err := tx.Query(ctx, "SELECT "+watchCols+", cursor FROM watchlists WHERE cursor < $1 ORDER BY id FOR UPDATE", top)
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
		if p.w, err = scanWatch(rows, &p.cursor); err != nil {
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
	found := now.UTC()
	for _, p := range ws {
		q, args, err := watchQuery(ctx, tx, p.w)
		if err != nil {
			return 0, fmt.Errorf("watchlist %d: %w", p.w.ID, err)
		}
		var n, first, last int64
		if q != "" {
			k := len(args)
			args = append(args, p.w.ID, found, p.cursor, top, store.MaxHitsPerMatch)
			err := tx.QueryRow(ctx, fmt.Sprintf(`WITH ins AS (
				INSERT INTO watch_hits (watch_id, kind, article_id, quote_idx, found_at)
				SELECT $%d, m.kind, m.article_id, m.quote_idx, $%d FROM (%s) m
				WHERE m.article_id > $%d AND m.article_id <= $%d ORDER BY m.article_id, m.quote_idx LIMIT $%d
				ON CONFLICT (watch_id, article_id, quote_idx) DO NOTHING RETURNING id)
				SELECT count(*), coalesce(min(id), 0), coalesce(max(id), 0) FROM ins`, k+1, k+2, q, k+3, k+4, k+5),
				args...).Scan(&n, &first, &last)
			if err != nil {
				return 0, fmt.Errorf("watchlist %d: %w", p.w.ID, err)
			}
			total += int(n)
		}
		if _, err := tx.Exec(ctx, "UPDATE watchlists SET cursor = $1 WHERE id = $2", top, p.w.ID); err != nil {
			return 0, err
		}
		if n > 0 && p.w.Webhook != "" {
			if _, err := tx.Exec(ctx, `INSERT INTO deliveries (watch_id, first_hit, last_hit, state, next_try, created_at)
				VALUES ($1, $2, $3, 'pending', $4, $4)`, p.w.ID, first, last, found); err != nil {
				return 0, err
			}
		}
	}
	return total, tx.Commit(ctx)
}

// watchQuery returns the SELECT of (kind, article_id, quote_idx) a
// watchlist matches, with its arguments ($1...), to be bounded by article
// id; "" when it can match nothing (an entity not known yet).
func watchQuery(ctx context.Context, tx pgx.Tx, w watch.Watchlist) (string, []any, error) {
	switch {
	case w.Query != "":
		tq := searchQuery(w.Query) // as Search reads it
		if tq == "" {
			return "", nil, nil
		}
		return `SELECT 'article'::text AS kind, id AS article_id, -1 AS quote_idx FROM articles
			WHERE search @@ to_tsquery('storyline', $1)`, []any{tq}, nil
	case w.Entity != "":
		ids, err := entityIDs(ctx, tx, w.Entity)
		if err != nil || len(ids) == 0 {
			return "", nil, err
		}
		return `SELECT 'article'::text AS kind, article_id, -1 AS quote_idx FROM article_entities WHERE entity_id = ANY($1)
			UNION SELECT 'quote', article_id, idx FROM quotes WHERE speaker_id = ANY($1)`, []any{ids}, nil
	case w.Storyline != 0:
		id, err := currentStoryline(ctx, tx, w.Storyline)
		if errors.Is(err, store.ErrNotFound) {
			return "", nil, nil
		}
		if err != nil {
			return "", nil, err
		}
		return `SELECT 'article'::text AS kind, id AS article_id, -1 AS quote_idx FROM articles WHERE storyline_id = $1
			UNION SELECT 'quote', article_id, idx FROM quotes WHERE storyline_id = $1`, []any{id}, nil
	}
	return "", nil, nil
}

// entityIDs finds the entities a watchlist names: an id, else the exact
// name, else the name in any case (ASCII, as SQLite's NOCASE: the column
// is COLLATE "C").
func entityIDs(ctx context.Context, tx pgx.Tx, name string) ([]int64, error) {
	if id, err := strconv.ParseInt(name, 10, 64); err == nil {
		return []int64{id}, nil
	}
	for _, q := range []string{"SELECT id FROM entities WHERE name = $1", "SELECT id FROM entities WHERE lower(name) = lower($1)"} {
		rows, err := tx.Query(ctx, q+" ORDER BY id LIMIT 10", text(name))
		if err != nil {
			return nil, err
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil || len(ids) > 0 {
			return ids, err
		}
	}
	return nil, nil
}

// currentStoryline follows a storyline's merges to the storyline it is
// part of now, as Storyline does.
func currentStoryline(ctx context.Context, tx pgx.Tx, id int64) (int64, error) {
	for range maxStorylineChain {
		var next int64
		err := tx.QueryRow(ctx, "SELECT merged_into FROM storylines WHERE id = $1", id).Scan(&next)
		if errors.Is(err, pgx.ErrNoRows) {
			return 0, fmt.Errorf("storyline %d: %w", id, store.ErrNotFound)
		}
		if err != nil || next == 0 {
			return id, err
		}
		id = next
	}
	return 0, fmt.Errorf("storyline %d: merge chain too long", id)
}

const hitCols = `h.id, h.watch_id, h.kind, h.article_id, h.quote_idx, h.found_at, a.title, a.outlet, a.url, a.published,
	coalesce(q.speaker, ''), coalesce(q.text, substr(a.text, 1, 300))`

const hitFrom = ` FROM watch_hits h JOIN articles a ON a.id = h.article_id
	LEFT JOIN quotes q ON h.quote_idx >= 0 AND q.article_id = h.article_id AND q.idx = h.quote_idx`

func (s *Store) watchHits(ctx context.Context, q string, args ...any) ([]watch.Hit, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+hitCols+hitFrom+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, func(r rowcodec.Scanner) (watch.Hit, error) { return rowcodec.WatchHit(r, time.Time.UTC) })
}

// Hits implements store.Following.
func (s *Store) Hits(ctx context.Context, watchID int64, limit int) ([]watch.Hit, error) {
	return s.watchHits(ctx, " WHERE h.watch_id = $1 ORDER BY h.id DESC LIMIT $2", watchID, followLimit(limit))
}

const deliveryCols = "id, watch_id, state, attempts, next_try, created_at, last_error, first_hit, last_hit"

func (s *Store) deliveries(ctx context.Context, q string, args ...any) ([]store.Delivery, error) {
	rows, err := s.pool.Query(ctx, "SELECT "+deliveryCols+" FROM deliveries "+q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, func(r rowcodec.Scanner) (store.Delivery, error) {
		return rowcodec.Delivery(r, followTime, time.Time.UTC)
	})
}

// DueDeliveries implements store.Following.
func (s *Store) DueDeliveries(ctx context.Context, now time.Time, limit int) ([]store.Delivery, error) {
	ds, err := s.deliveries(ctx, `WHERE state = 'pending' AND (next_try IS NULL OR next_try <= $1)
		ORDER BY next_try NULLS FIRST, id LIMIT $2`, now.UTC(), followLimit(limit))
	if err != nil {
		return nil, err
	}
	for i, d := range ds {
		if ds[i].Hits, err = s.watchHits(ctx, " WHERE h.watch_id = $1 AND h.id BETWEEN $2 AND $3 ORDER BY h.id DESC LIMIT $4",
			d.Watch, d.FirstHit, d.LastHit, store.MaxHitsPerMatch); err != nil {
			return nil, err
		}
	}
	return ds, nil
}

// Deliveries implements store.Following: a watchlist's deliveries, newest
// first.
func (s *Store) Deliveries(ctx context.Context, watchID int64, limit int) ([]store.Delivery, error) {
	return s.deliveries(ctx, "WHERE watch_id = $1 ORDER BY id DESC LIMIT $2", watchID, followLimit(limit))
}

// RecordDelivery implements store.Following.
func (s *Store) RecordDelivery(ctx context.Context, id int64, a store.DeliveryAttempt, next time.Time) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	// The delivery row is locked first, so that two attempts recorded at
	// once number themselves one after the other.
	var attempts int
	err = tx.QueryRow(ctx, "SELECT attempts FROM deliveries WHERE id = $1 FOR UPDATE", id).Scan(&attempts)
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("delivery %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, `INSERT INTO delivery_attempts (delivery_id, attempt, at, status, error, duration_ms)
		VALUES ($1, $2, $3, $4, $5, $6)`,
		id, attempts+1, followTS(a.At), a.Status, text(a.Err), a.Duration.Milliseconds()); err != nil {
		return err
	}
	state := "pending"
	switch {
	case a.Err == "":
		state = "delivered"
	case next.IsZero():
		state = "failed"
	}
	if _, err := tx.Exec(ctx, `UPDATE deliveries SET attempts = attempts + 1, state = $1, next_try = $2,
		last_error = $3 WHERE id = $4`, state, followTS(next), text(a.Err), id); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
