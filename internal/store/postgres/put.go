package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// Put implements store.Store. Writers take turns: the transaction first
// locks the derived-state row, so that a hook always works from the
// version it is given and two batches never wait on each other's article
// rows in opposite orders (SQLite has one writer at a time too). New
// articles take their ids from the sequence under that lock, so ids
// commit in increasing order: MatchWatches relies on it.
//
// A batch without preset ids is decided first and written once, after
// the hook, with the fields the hook gave: each article row is written
// once, not inserted and then updated. The hook cannot tell: it reads
// nothing of the transaction, and what is stored is what SQLite stores.
func (s *Store) Put(ctx context.Context, items []store.Item, hook store.Hook) ([]store.Outcome, error) {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.Background())
	var base int64
	if err := tx.QueryRow(ctx, "SELECT version FROM derived_state WHERE id = 1 FOR UPDATE").Scan(&base); err != nil {
		return nil, fmt.Errorf("lock derived state: %w", err)
	}
	now := time.Now().UTC().Format(time.RFC3339)
	preset := false
	for _, it := range items {
		preset = preset || it.Article.ID > 0
	}
	var out []store.Outcome
	var plan *batchPlan
	if preset {
		if out, err = putEach(ctx, tx, items, now); err != nil {
			return nil, err
		}
	} else {
		if plan, err = planBatch(ctx, tx, items, now); err != nil {
			return nil, err
		}
		out = plan.out
	}
	var d store.Derived
	if hook != nil {
		if d, err = hook(base, items, out); err != nil {
			return nil, err
		}
		if d.Base != base {
			return nil, store.ErrConflict
		}
	}
	var p pipe
	written := map[int64]bool{} // articles whose own fields are final
	if plan != nil {
		plan.queueWrites(&p, now)
		for i, it := range items {
			if out[i] != store.Unchanged {
				written[it.Article.ID] = true
			}
		}
	}
	if err := p.run(ctx, tx, items); err != nil {
		return nil, err
	}
	if hook != nil {
		if err := writeDerived(ctx, tx, d, written); err != nil {
			return nil, err
		}
		if plan == nil {
			// Written before the hook: its changes follow, after the
			// placements, as in SQLite.
			var p pipe
			for i, it := range items {
				if out[i] != store.Unchanged {
					p.queue(i, updateDerivedSQL, updateDerivedArgs(it.Article)...)
				}
			}
			if err := p.run(ctx, tx, items); err != nil {
				return nil, err
			}
		}
		if _, err := tx.Exec(ctx, "UPDATE derived_state SET version = version + 1 WHERE id = 1"); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, err
	}
	return out, nil
}

// putEach writes the batch's articles and raw input item by item, for a
// batch in which callers set ids (reprocess): the sequence must pass each
// in the batch's order.
func putEach(ctx context.Context, tx pgx.Tx, items []store.Item, now string) ([]store.Outcome, error) {
	return rowcodec.PutEach(items, func(it *store.Item) (store.Outcome, error) { return putOne(ctx, tx, it, now) },
		func(feedItem, article int64) error {
			_, err := tx.Exec(ctx, itemStoredSQL, article, now, feedItem)
			return err
		})
}

// itemStoredSQL marks a feed item stored, in the transaction that stores
// its article (feed_items is migration 002's): $1 article, $2 time, $3 item.
const itemStoredSQL = `UPDATE feed_items SET state = 'stored', article_id = $1, stored_at = $2,
	last_error = '' WHERE id = $3`

const updateDerivedSQL = `UPDATE articles SET entities = $1, quotes = $2, claims = $3, duplicate_of = $4,
	event_id = $5, storyline_id = $6 WHERE id = $7`

func updateDerivedArgs(a *news.Article) []any {
	return []any{jsonList(a.Entities), jsonList(a.Quotes), jsonList(a.Claims), a.DuplicateOf, a.Event, a.Storyline, a.ID}
}

// putOne writes one item's article and raw input, for a batch with preset
// ids (planBatch does the others). The item's identity decides between a
// new article and a version of a known one; its content hash only between
// unchanged and revised.
func putOne(ctx context.Context, tx pgx.Tx, it *store.Item, now string) (store.Outcome, error) {
	a, d := it.Article, it.Doc
	if a.ContentHash == "" {
		return 0, errors.New("article has no content hash")
	}
	key := it.Key
	if key == "" {
		key = store.Key(d)
	}
	key = ident(key)
	prev, err := scanArticle(tx.QueryRow(ctx, "SELECT "+articleCols+" FROM articles WHERE key = $1", key))
	switch {
	case err == nil:
		var known bool
		if err := tx.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM raw WHERE article_id = $1 AND hash = $2)",
			prev.ID, ident(a.ContentHash)).Scan(&known); err != nil {
			return 0, err
		}
		if known {
			a.ID, a.Revision = prev.ID, prev.Revision
			return store.Unchanged, nil
		}
		it.Prev = prev
		a.ID, a.Revision = prev.ID, prev.Revision+1
		tag, err := tx.Exec(ctx, updateSQL, updateArgs(a, now)...)
		if err != nil {
			return 0, err
		}
		if tag.RowsAffected() == 0 {
			return 0, store.ErrNotFound
		}
		_, err = tx.Exec(ctx, rawSQL, rawArgs(a.ID, a.Revision, a.ContentHash, d, now)...)
		return store.Revised, err
	case errors.Is(err, pgx.ErrNoRows):
	default:
		return 0, err
	}
	if a.Revision < 1 {
		a.Revision = 1
	}
	var preset any
	if a.ID > 0 {
		preset = a.ID
	}
	if err := tx.QueryRow(ctx, `WITH a AS (`+insertSQL+` RETURNING id) SELECT id FROM a`,
		insertArgs(a, preset, key, now)...).Scan(&a.ID); err != nil {
		return 0, err
	}
	if preset != nil {
		// The ids the sequence gives next must pass the ones callers set.
		if _, err := tx.Exec(ctx, `SELECT setval('articles_id_seq', greatest($1::bigint,
			(SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM articles_id_seq)))`, a.ID); err != nil {
			return 0, fmt.Errorf("article id sequence: %w", err)
		}
	}
	if _, err := tx.Exec(ctx, rawSQL, rawArgs(a.ID, a.Revision, a.ContentHash, d, now)...); err != nil {
		return 0, err
	}
	if a.IngestedAt.IsZero() {
		a.IngestedAt, _ = time.Parse(time.RFC3339, now)
	}
	return store.Inserted, nil
}

// insertSQL writes a new article; $1 is its id, NULL for the sequence's
// next.
const insertSQL = `INSERT INTO articles (id, key, source_id, url, fetched_url, outlet,
	outlet_from, republished_by, title, title_from, authors, authors_from, published, published_from,
	language, site_name, text, comments, entities, quotes, claims, duplicate_of, event_id, storyline_id,
	revision, content_hash, ingested_at, updated_at)
	VALUES (coalesce($1::bigint, nextval('articles_id_seq')),$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,
		$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28)`

func insertArgs(a *news.Article, id any, key, now string) []any {
	ingested := now
	if !a.IngestedAt.IsZero() {
		ingested = a.IngestedAt.UTC().Format(time.RFC3339)
	}
	return []any{id, key, text(a.SourceID), text(a.URL), text(a.FetchedURL), text(a.Outlet), text(a.OutletFrom),
		text(a.RepublishedBy), text(a.Title), text(a.TitleFrom), mustJSON(rowcodec.NonNil(a.Authors)), text(a.AuthorsFrom),
		text(a.Published), text(a.PublishedFrom), text(a.Language), text(a.SiteName), text(a.Text),
		mustJSON(rowcodec.NonNil(a.Comments)), jsonList(a.Entities), jsonList(a.Quotes), jsonList(a.Claims),
		a.DuplicateOf, a.Event, a.Storyline, a.Revision, ident(a.ContentHash), ingested, now}
}

// updateSQL writes a new revision of an article over the current one.
const updateSQL = `UPDATE articles SET source_id=$1, url=$2, fetched_url=$3, outlet=$4, outlet_from=$5,
	republished_by=$6, title=$7, title_from=$8, authors=$9, authors_from=$10, published=$11, published_from=$12,
	language=$13, site_name=$14, text=$15, comments=$16, entities=$17, quotes=$18, claims=$19, duplicate_of=$20,
	event_id=$21, storyline_id=$22, updated_at=$23, revision=$24, content_hash=$25 WHERE id=$26`

func updateArgs(a *news.Article, now string) []any {
	return []any{text(a.SourceID), text(a.URL), text(a.FetchedURL), text(a.Outlet), text(a.OutletFrom),
		text(a.RepublishedBy), text(a.Title), text(a.TitleFrom), mustJSON(rowcodec.NonNil(a.Authors)), text(a.AuthorsFrom),
		text(a.Published), text(a.PublishedFrom), text(a.Language), text(a.SiteName), text(a.Text),
		mustJSON(rowcodec.NonNil(a.Comments)), jsonList(a.Entities), jsonList(a.Quotes), jsonList(a.Claims), a.DuplicateOf,
		a.Event, a.Storyline, now, a.Revision, ident(a.ContentHash), a.ID}
}

// rawSQL stores one revision's raw input, DEFLATE-compressed.
const rawSQL = `INSERT INTO raw (article_id, revision, hash, source_id, origin, url,
	format, hints, fetched_at, content, stored_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`

func rawArgs(id int64, rev int, hash string, d news.Document, now string) []any {
	h := rowcodec.HintsOf(d)
	var fetched string
	if !d.FetchedAt.IsZero() {
		fetched = d.FetchedAt.UTC().Format(time.RFC3339)
	}
	return []any{id, rev, ident(hash), text(d.SourceID), text(d.Origin), text(d.URL), text(string(d.Format)),
		mustJSON(h), fetched, rowcodec.Deflate(d.Content), now}
}
