package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// pipe queues statements, each on behalf of one item, and sends them in
// one round trip: a batch of a hundred articles costs a few round trips,
// not several per article, while the writers' lock is held.
type pipe struct {
	b     pgx.Batch
	owner []int
}

func (p *pipe) queue(owner int, sql string, args ...any) {
	p.b.Queue(sql, args...)
	p.owner = append(p.owner, owner)
}

// run sends the statements; an error names the item whose statement
// failed.
func (p *pipe) run(ctx context.Context, tx pgx.Tx, items []store.Item) error {
	if p.b.Len() == 0 {
		return nil
	}
	br := tx.SendBatch(ctx, &p.b)
	for _, i := range p.owner {
		if _, err := br.Exec(); err != nil {
			br.Close()
			return fmt.Errorf("store %s: %w", items[i].Doc.Origin, err)
		}
	}
	return br.Close()
}

// stored is what a batch knows of one key: the article as stored (or as
// an earlier item of the batch wrote it) and the content hashes of its
// revisions.
type stored struct {
	article *news.Article
	hashes  map[string]bool
}

// planBatch decides, for a batch whose articles have no preset id, what
// putOne would for each item, without writing: one read finds the known
// keys and which of the batch's hashes they have, one the ids of the new
// articles. It sets each article's ID and Revision and each revision's
// Prev; queueWrites then writes them. Put holds the writers' lock, so
// nothing changes between the read and the writes.
func planBatch(ctx context.Context, tx pgx.Tx, items []store.Item, now string) (*batchPlan, error) {
	keys := make([]string, len(items))
	hashes := make([]string, len(items))
	for i, it := range items {
		if it.Article.ContentHash == "" {
			return nil, fmt.Errorf("store %s: article has no content hash", it.Doc.Origin)
		}
		keys[i] = it.Key
		if keys[i] == "" {
			keys[i] = store.Key(it.Doc)
		}
		keys[i] = ident(keys[i])
		hashes[i] = ident(it.Article.ContentHash)
	}
	known := map[string]*stored{}
	rows, err := tx.Query(ctx, `SELECT a.key, array(SELECT DISTINCT r.hash FROM raw r
			WHERE r.article_id = a.id AND r.hash = ANY($2)), `+articleCols+`
		FROM articles a WHERE a.key = ANY($1)`, keys, hashes)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var key string
		var have []string
		a, err := scanArticle(scanPrefix{rows, []any{&key, &have}})
		if err != nil {
			rows.Close()
			return nil, err
		}
		st := &stored{article: a, hashes: map[string]bool{}}
		for _, h := range have {
			st.hashes[h] = true
		}
		known[key] = st
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Outcomes, in item order: a key may come twice in a batch, and its
	// second item is unchanged or revised by the first.
	out := make([]store.Outcome, len(items))
	fresh := 0
	have := map[string]map[string]bool{}
	for k, st := range known {
		have[k] = st.hashes
	}
	for i, k := range keys {
		hs, ok := have[k]
		switch {
		case ok && hs[hashes[i]]:
			out[i] = store.Unchanged
		case ok:
			out[i] = store.Revised
			hs[hashes[i]] = true
		default:
			out[i] = store.Inserted
			have[k] = map[string]bool{hashes[i]: true}
			fresh++
		}
	}
	var ids []int64
	if fresh > 0 {
		rows, err := tx.Query(ctx, "SELECT nextval('articles_id_seq') FROM generate_series(1, $1)", fresh)
		if err != nil {
			return nil, err
		}
		ids, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, err
		}
	}

	for i := range items {
		it := &items[i]
		a, k := it.Article, keys[i]
		st := known[k]
		switch out[i] {
		case store.Unchanged:
			a.ID, a.Revision = st.article.ID, st.article.Revision
		case store.Revised:
			prev := *st.article
			it.Prev = &prev
			a.ID, a.Revision = prev.ID, prev.Revision+1
			st.article = a
		case store.Inserted:
			a.ID, ids = ids[0], ids[1:]
			if a.Revision < 1 {
				a.Revision = 1
			}
			if a.IngestedAt.IsZero() {
				a.IngestedAt, _ = time.Parse(time.RFC3339, now)
			}
			known[k] = &stored{article: a} // a later item of its key revises this
		}
	}
	return &batchPlan{items: items, keys: keys, out: out}, nil
}

// batchPlan is what planBatch decided.
type batchPlan struct {
	items []store.Item
	keys  []string
	out   []store.Outcome
}

// queueWrites queues the writes of the plan's new and revised articles
// with the fields they have now (after the hook), and marks feed items
// stored.
func (b *batchPlan) queueWrites(p *pipe, now string) {
	for i := range b.items {
		it := &b.items[i]
		a := it.Article
		switch b.out[i] {
		case store.Revised:
			p.queue(i, updateSQL, updateArgs(a, now)...)
			p.queue(i, rawSQL, rawArgs(a.ID, a.Revision, a.ContentHash, it.Doc, now)...)
		case store.Inserted:
			p.queue(i, insertSQL, insertArgs(a, a.ID, b.keys[i], now)...)
			p.queue(i, rawSQL, rawArgs(a.ID, a.Revision, a.ContentHash, it.Doc, now)...)
		}
		if id := it.Doc.FeedItem; id != 0 {
			p.queue(i, itemStoredSQL, a.ID, now, id)
		}
	}
}

// scanPrefix scans the leading columns of a row into prefix and the rest
// into what Scan is given.
type scanPrefix struct {
	row    pgx.Row
	prefix []any
}

func (s scanPrefix) Scan(dst ...any) error {
	return s.row.Scan(append(append([]any{}, s.prefix...), dst...)...)
}
