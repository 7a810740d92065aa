package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// Outlets implements store.Store: counts and dates from the (outlet,
// published) index, copy counts from copy_links.
func (s *Store) Outlets(ctx context.Context, limit int) ([]store.OutletRow, error) {
	rows, err := s.pool.Query(ctx, `SELECT outlet, count(*),
			coalesce(min(substr(published, 1, 10)) FILTER (WHERE published <> ''), ''),
			coalesce(max(substr(published, 1, 10)), '')
		FROM articles WHERE outlet <> '' GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT $1`, params.ListLimit(limit))
	if err != nil {
		return nil, err
	}
	var out []store.OutletRow
	at := map[string]int{}
	for rows.Next() {
		var o store.OutletRow
		if err := rows.Scan(&o.Name, &o.Articles, &o.First, &o.Last); err != nil {
			rows.Close()
			return nil, err
		}
		at[o.Name] = len(out)
		out = append(out, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return nil, err
	}
	rows, err = s.pool.Query(ctx, `SELECT copy_outlet, original_outlet, count(*) FROM copy_links
		WHERE original_outlet <> copy_outlet GROUP BY copy_outlet, original_outlet`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return out, rowcodec.AddCopyLinks(rows, out, at)
}

// Outlet implements store.Store: the outlet's range of the (outlet,
// published) index, counted up to store.MaxOutletCount, and its copy
// links.
func (s *Store) Outlet(ctx context.Context, name string) (store.OutletRow, error) {
	o := store.OutletRow{Name: name}
	err := s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM articles WHERE outlet = $1 LIMIT $2) n),
		coalesce((SELECT substr(published, 1, 10) FROM articles
			WHERE outlet = $1 AND published > '' ORDER BY published LIMIT 1), ''),
		coalesce((SELECT substr(published, 1, 10) FROM articles
			WHERE outlet = $1 ORDER BY published DESC LIMIT 1), '')`, name, store.MaxOutletCount+1).Scan(&o.Articles, &o.First, &o.Last)
	if err != nil {
		return o, fmt.Errorf("outlet %q: %w", name, err)
	}
	if o.Articles > store.MaxOutletCount {
		o.Articles, o.ArticlesCapped = store.MaxOutletCount, true
	}
	if o.Articles == 0 || name == "" {
		return o, fmt.Errorf("outlet %q: %w", name, store.ErrNotFound)
	}
	err = s.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM copy_links WHERE copy_outlet = $1 AND original_outlet <> $1),
		(SELECT count(*) FROM copy_links WHERE original_outlet = $1 AND copy_outlet <> $1)`, name).Scan(&o.CopiesOfOther, &o.CopiedByOther)
	return o, err
}

// OutletCopies implements store.Store. Copies at the same outlet as their
// original are re-posts, not copies of another outlet, and are left out.
func (s *Store) OutletCopies(ctx context.Context, outlet string, limit int) ([]store.CopyLink, error) {
	// Two index ranges, newest first, merged.
	rows, err := s.pool.Query(ctx, `SELECT * FROM (
			(SELECT copy_id, copy_outlet, original_id, original_outlet FROM copy_links
			WHERE copy_outlet = $1 AND original_outlet <> $1 ORDER BY copy_id DESC LIMIT $2)
		UNION ALL
			(SELECT copy_id, copy_outlet, original_id, original_outlet FROM copy_links
			WHERE original_outlet = $1 AND copy_outlet <> $1 ORDER BY copy_id DESC LIMIT $2)) c
		ORDER BY copy_id DESC LIMIT $2`, outlet, params.ListLimit(limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, rowcodec.CopyLink)
}

// maxDays bounds a per-day or per-month series: decades of days.
const maxDays = 20000

// StorylineDays implements store.Store. A merged storyline's id resolves
// to the storyline it was merged into.
func (s *Store) StorylineDays(ctx context.Context, id int64) ([]store.DayCount, error) {
	sl, err := s.Storyline(ctx, id)
	if err != nil {
		return nil, err
	}
	rows, err := s.pool.Query(ctx, `SELECT day, articles FROM storyline_days
		WHERE storyline_id = $1 AND articles > 0 ORDER BY day LIMIT $2`, sl.ID, maxDays)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, rowcodec.DayCount)
}

// EntityMonths implements store.Store, from the articles themselves.
func (s *Store) EntityMonths(ctx context.Context, entityID int64) ([]store.MonthCount, error) {
	if err := s.knownEntity(ctx, entityID); err != nil {
		return nil, err
	}
	return s.monthCounts(ctx, `SELECT substr(a.published, 1, 7) AS month, count(*)
		FROM article_entities ae JOIN articles a ON a.id = ae.article_id
		WHERE ae.entity_id = $1 AND a.published >= '0000' GROUP BY month ORDER BY month LIMIT $2`, entityID, maxDays)
}

// monthCounts runs a query of (month, count) rows.
func (s *Store) monthCounts(ctx context.Context, query string, args ...any) ([]store.MonthCount, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, rowcodec.MonthCount)
}

// knownEntity returns store.ErrNotFound for an id with no entity row.
func (s *Store) knownEntity(ctx context.Context, id int64) error {
	var one int
	err := s.pool.QueryRow(ctx, "SELECT 1 FROM entities WHERE id = $1", id).Scan(&one)
	return rowcodec.NotFound(err, pgx.ErrNoRows, "entity", id)
}
