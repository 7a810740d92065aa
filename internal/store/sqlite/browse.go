package sqlite

import (
	"bytes"
	"compress/flate"
	"context"
	"fmt"
	"io"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// dateRange is a published-date filter as bounds on the stored text:
// dates are "2006-01-02" or longer RFC 3339 forms, which sort as text.
type dateRange struct {
	lo, hi string // published >= lo AND published < hi; "" leaves that side open
}

// parseRange is params.ParseRange.
func parseRange(from, to string) (dateRange, error) {
	r, err := params.ParseRange(from, to)
	return dateRange{r.Lo, r.Hi}, err
}

// where returns the range's condition on col, "" for none.
func (r dateRange) where(col string) (string, []any) {
	switch {
	case r.lo == "":
		return "", nil
	case r.hi == "":
		return col + " >= ?", []any{r.lo}
	}
	return col + " >= ? AND " + col + " < ?", []any{r.lo, r.hi}
}

// Revisions implements store.Store. Sizes are of the raw content as
// ingested, which is stored compressed: each revision is decompressed to
// count it (an article has few).
func (s *Store) Revisions(ctx context.Context, id int64) ([]store.RevisionRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT revision, stored_at, source_id, origin, url, format, hash, content
		FROM raw WHERE article_id = ? ORDER BY revision LIMIT ?`, id, store.MaxList)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.RevisionRow
	for rows.Next() {
		var r store.RevisionRow
		var content []byte
		if err := rows.Scan(&r.Revision, &r.StoredAt, &r.SourceID, &r.Origin, &r.URL, &r.Format, &r.Hash, &content); err != nil {
			return nil, err
		}
		n, err := io.Copy(io.Discard, flate.NewReader(bytes.NewReader(content)))
		if err != nil {
			return nil, fmt.Errorf("raw of article %d revision %d: %w", id, r.Revision, err)
		}
		r.Size = int(n)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("revisions of article %d: %w", id, store.ErrNotFound)
	}
	return out, nil
}

// Outlets implements store.Store. The counts and dates come from the
// (outlet, published) index alone; the copy counts from the partial index
// of copies, so only copies are read.
func (s *Store) Outlets(ctx context.Context, limit int) ([]store.OutletRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT outlet, count(*),
			coalesce(min(iif(published <> '', substr(published, 1, 10), NULL)), ''),
			coalesce(max(substr(published, 1, 10)), '')
		FROM articles WHERE outlet <> '' GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT ?`, params.ListLimit(limit))
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
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, nil
	}
	rows, err = s.db.QueryContext(ctx, `SELECT copy_outlet, original_outlet, count(*) FROM copy_links
		WHERE original_outlet <> copy_outlet GROUP BY copy_outlet, original_outlet`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return out, rowcodec.AddCopyLinks(rows, out, at)
}

// Outlet implements store.Store, from the outlet's index entries and its
// copy links alone.
func (s *Store) Outlet(ctx context.Context, name string) (store.OutletRow, error) {
	o := store.OutletRow{Name: name}
	// Counted up to a cap: an outlet's index entries cost a few
	// microseconds each. Its first and last days are the ends of its
	// range of the (outlet, published) index.
	err := s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM (SELECT 1 FROM articles INDEXED BY articles_outlet_published WHERE outlet = ?1 LIMIT ?2)),
		coalesce((SELECT substr(published, 1, 10) FROM articles INDEXED BY articles_outlet_published
			WHERE outlet = ?1 AND published > '' ORDER BY published LIMIT 1), ''),
		coalesce((SELECT substr(published, 1, 10) FROM articles INDEXED BY articles_outlet_published
			WHERE outlet = ?1 ORDER BY published DESC LIMIT 1), '')`, name, store.MaxOutletCount+1).Scan(&o.Articles, &o.First, &o.Last)
	if err != nil {
		return o, err
	}
	if o.Articles > store.MaxOutletCount {
		o.Articles, o.ArticlesCapped = store.MaxOutletCount, true
	}
	if o.Articles == 0 || name == "" {
		return o, fmt.Errorf("outlet %q: %w", name, store.ErrNotFound)
	}
	err = s.db.QueryRowContext(ctx, `SELECT
		(SELECT count(*) FROM copy_links WHERE copy_outlet = ?1 AND original_outlet <> ?1),
		(SELECT count(*) FROM copy_links WHERE original_outlet = ?1 AND copy_outlet <> ?1)`, name).Scan(&o.CopiesOfOther, &o.CopiedByOther)
	return o, err
}

// OutletCopies implements store.Store. Copies at the same outlet as their
// original are re-posts, not copies of another outlet, and are left out.
func (s *Store) OutletCopies(ctx context.Context, outlet string, limit int) ([]store.CopyLink, error) {
	// Two index ranges, newest first, merged (copy_links, migration 012).
	rows, err := s.db.QueryContext(ctx, `SELECT * FROM (
			SELECT copy_id, copy_outlet, original_id, original_outlet FROM copy_links
			WHERE copy_outlet = ?1 AND original_outlet <> ?1 ORDER BY copy_id DESC LIMIT ?2)
		UNION ALL SELECT * FROM (
			SELECT copy_id, copy_outlet, original_id, original_outlet FROM copy_links
			WHERE original_outlet = ?1 AND copy_outlet <> ?1 ORDER BY copy_id DESC LIMIT ?2)
		ORDER BY 1 DESC LIMIT ?2`, outlet, params.ListLimit(limit))
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
	rows, err := s.db.QueryContext(ctx, `SELECT day, articles FROM storyline_days
		WHERE storyline_id = ? AND articles > 0 ORDER BY day LIMIT ?`, sl.ID, maxDays)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, rowcodec.DayCount)
}

// EntityMonths implements store.Store.
func (s *Store) EntityMonths(ctx context.Context, entityID int64) ([]store.MonthCount, error) {
	if err := s.knownEntity(ctx, entityID); err != nil {
		return nil, err
	}
	return s.monthCounts(ctx, `SELECT substr(a.published, 1, 7) AS month, count(*)
		FROM article_entities ae JOIN articles a ON a.id = ae.article_id
		WHERE ae.entity_id = ? AND a.published >= '0000' GROUP BY month ORDER BY month LIMIT ?`, entityID, maxDays)
}

// monthCounts runs a query of (month, count) rows.
func (s *Store) monthCounts(ctx context.Context, query string, args ...any) ([]store.MonthCount, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, rowcodec.MonthCount)
}
