package postgres

import (
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// articleCols are the columns scanArticle reads, in its order.
const articleCols = `id, source_id, url, fetched_url, outlet, outlet_from, republished_by, title, title_from, authors,
	authors_from, published, published_from, language, site_name, text, comments, entities, quotes, claims,
	duplicate_of, event_id, storyline_id, revision, content_hash, ingested_at`

func scanArticle(row rowcodec.Scanner) (*news.Article, error) {
	var a news.Article
	var authors, comments, ents, quotes, claims []byte
	var ingested string
	err := row.Scan(&a.ID, &a.SourceID, &a.URL, &a.FetchedURL, &a.Outlet, &a.OutletFrom, &a.RepublishedBy, &a.Title,
		&a.TitleFrom, &authors, &a.AuthorsFrom, &a.Published, &a.PublishedFrom, &a.Language, &a.SiteName,
		&a.Text, &comments, &ents, &quotes, &claims, &a.DuplicateOf, &a.Event, &a.Storyline, &a.Revision,
		&a.ContentHash, &ingested)
	if err != nil {
		return nil, err
	}
	if err := rowcodec.Article(&a, authors, comments, ents, quotes, claims, ingested); err != nil {
		return nil, err
	}
	a.ContentHash = unident(a.ContentHash)
	return &a, nil
}

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, id int64) (*news.Article, error) {
	a, err := scanArticle(s.pool.QueryRow(ctx, "SELECT "+articleCols+" FROM articles WHERE id = $1", id))
	return a, rowcodec.NotFound(err, pgx.ErrNoRows, "article", id)
}

// Each implements store.Store. It reads in pages so that fn may run long
// without holding a connection and a snapshot open over the whole table.
func (s *Store) Each(ctx context.Context, q store.Query, fn func(*news.Article) error) error {
	dates, err := parseRange(q.From, q.To)
	if err != nil {
		return err
	}
	return rowcodec.Paged(q.AfterID, q.Limit, rowcodec.ArticlePage, func(after int64, n int) ([]*news.Article, error) {
		var args []any
		where := []string{"id > " + arg(&args, after)}
		if q.Outlet != "" {
			where = append(where, "outlet = "+arg(&args, q.Outlet))
		}
		if q.Event != 0 {
			where = append(where, "event_id = "+arg(&args, q.Event))
		}
		if q.Storyline != 0 {
			where = append(where, "storyline_id = "+arg(&args, q.Storyline))
		}
		if q.Entity != 0 {
			where = append(where, "id IN (SELECT article_id FROM article_entities WHERE entity_id = "+
				arg(&args, q.Entity)+" AND article_id > "+arg(&args, after)+")")
		}
		if q.DuplicateOf != 0 {
			// duplicate_of > 0 lets the partial index serve the lookup.
			where = append(where, "duplicate_of = "+arg(&args, q.DuplicateOf)+" AND duplicate_of > 0")
		}
		if w := dates.where("published", &args); w != "" {
			where = append(where, w)
		}
		query := "SELECT " + articleCols + " FROM articles WHERE " + strings.Join(where, " AND ") +
			" ORDER BY id LIMIT " + arg(&args, n)
		return collect(ctx, s.pool, query, args, scanArticle)
	}, rowcodec.ArticleID, fn)
}

// querier is what the pool and a transaction have in common.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// collect reads every row of a query.
func collect[T any](ctx context.Context, db querier, query string, args []any, scan func(rowcodec.Scanner) (T, error)) ([]T, error) {
	rows, err := db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, scan)
}

// Count implements store.Store.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, "SELECT count(*) FROM articles").Scan(&n)
	return n, err
}

// MaxID returns the largest article id stored, 0 when there is none.
func (s *Store) MaxID(ctx context.Context) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, "SELECT coalesce(max(id), 0) FROM articles").Scan(&id)
	return id, err
}

// Raw implements store.Store.
func (s *Store) Raw(ctx context.Context, id int64) (news.Document, error) {
	return s.raw(ctx, id, 0)
}

// RawRevision implements store.Store.
func (s *Store) RawRevision(ctx context.Context, id int64, rev int) (news.Document, error) {
	if rev < 1 {
		return news.Document{}, fmt.Errorf("revision %d of article %d: %w", rev, id, store.ErrNotFound)
	}
	return s.raw(ctx, id, rev)
}

// raw reads one revision's raw input; rev 0 is the current one.
func (s *Store) raw(ctx context.Context, id int64, rev int) (news.Document, error) {
	var d news.Document
	var format, fetched string
	var hj, content []byte
	err := s.pool.QueryRow(ctx, `SELECT r.source_id, r.origin, r.url, r.format, r.hints, r.fetched_at, r.content
		FROM raw r JOIN articles a ON a.id = r.article_id
			AND r.revision = CASE WHEN $2::integer > 0 THEN $2::integer ELSE a.revision END
		WHERE a.id = $1`, id, rev).
		Scan(&d.SourceID, &d.Origin, &d.URL, &format, &hj, &fetched, &content)
	if errors.Is(err, pgx.ErrNoRows) {
		if rev > 0 {
			return d, fmt.Errorf("raw of article %d revision %d: %w", id, rev, store.ErrNotFound)
		}
		return d, fmt.Errorf("raw of article %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return d, err
	}
	d.Format = news.Format(format)
	return d, rowcodec.Raw(&d, id, hj, fetched, content)
}

// Revisions implements store.Store. Sizes are of the raw content as
// ingested, which is stored compressed: each revision is decompressed to
// count it (an article has few).
func (s *Store) Revisions(ctx context.Context, id int64) ([]store.RevisionRow, error) {
	out, err := collect(ctx, s.pool, `SELECT revision, stored_at, source_id, origin, url, format, hash, content
		FROM raw WHERE article_id = $1 ORDER BY revision LIMIT $2`, []any{id, store.MaxList},
		func(row rowcodec.Scanner) (store.RevisionRow, error) {
			var r store.RevisionRow
			var content []byte
			if err := row.Scan(&r.Revision, &r.StoredAt, &r.SourceID, &r.Origin, &r.URL, &r.Format, &r.Hash, &content); err != nil {
				return r, err
			}
			r.Hash = unident(r.Hash)
			n, err := io.Copy(io.Discard, flate.NewReader(bytes.NewReader(content)))
			if err != nil {
				return r, fmt.Errorf("raw of article %d revision %d: %w", id, r.Revision, err)
			}
			r.Size = int(n)
			return r, nil
		})
	if err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("revisions of article %d: %w", id, store.ErrNotFound)
	}
	return out, nil
}
