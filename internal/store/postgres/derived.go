package postgres

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// writeDerived writes what a batch's hook derived, in the batch's
// transaction, in one round trip. The placements of the written articles
// are left out: their rows already hold the fields the hook gave them,
// which SQLite writes after the placements.
func writeDerived(ctx context.Context, tx pgx.Tx, d store.Derived, written map[int64]bool) error {
	if err := writeEntityKeys(ctx, tx, d.EntityKeys); err != nil {
		return err
	}
	var b pgx.Batch
	placements := 0
	for _, p := range d.Placements {
		if written[p.Article] {
			continue
		}
		placements++
		b.Queue(`UPDATE articles SET duplicate_of = $1, event_id = $2, storyline_id = $3
			WHERE id = $4 AND (duplicate_of <> $1 OR event_id <> $2 OR storyline_id <> $3)`,
			p.DuplicateOf, p.Event, p.Storyline, p.Article)
	}
	for _, e := range d.Entities {
		b.Queue(`INSERT INTO entities (id, name, type, articles, first_seen, last_seen, data)
			VALUES ($1, $2, $3, $4, $5, $6, $7)
			ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, type = EXCLUDED.type, articles = EXCLUDED.articles,
				first_seen = EXCLUDED.first_seen, last_seen = EXCLUDED.last_seen, data = EXCLUDED.data`,
			e.ID, text(e.Name), text(e.Type), e.Articles, text(e.FirstSeen), text(e.LastSeen), nonNilBytes(e.Data))
	}
	for _, e := range d.Events {
		b.Queue(`INSERT INTO events (id, merged_into, title, first_day, last_day, articles, originals, storyline_id,
				outlets, key_terms, key_entities) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
			ON CONFLICT (id) DO UPDATE SET merged_into = EXCLUDED.merged_into, title = EXCLUDED.title,
				first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day, articles = EXCLUDED.articles,
				originals = EXCLUDED.originals, storyline_id = EXCLUDED.storyline_id, outlets = EXCLUDED.outlets,
				key_terms = EXCLUDED.key_terms, key_entities = EXCLUDED.key_entities`,
			e.ID, e.MergedInto, text(e.Title), text(e.First), text(e.Last), e.Articles, e.Originals, e.Storyline,
			jsonList(e.Outlets), jsonList(e.KeyTerms), jsonList(e.KeyEntities))
	}
	for _, s := range d.Storylines {
		b.Queue(`INSERT INTO storylines (id, merged_into, title, first_day, last_day, articles, events, outlets,
				key_entities) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
			ON CONFLICT (id) DO UPDATE SET merged_into = EXCLUDED.merged_into, title = EXCLUDED.title,
				first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day, articles = EXCLUDED.articles,
				events = EXCLUDED.events, outlets = EXCLUDED.outlets, key_entities = EXCLUDED.key_entities`,
			s.ID, s.MergedInto, text(s.Title), text(s.First), text(s.Last), s.Articles, jsonList(s.Events),
			jsonList(s.Outlets), jsonList(s.KeyEntities))
	}
	for _, e := range d.ClusterLog {
		b.Queue("INSERT INTO cluster_log (remove, doc) VALUES ($1, $2)", e.Remove, nonNilBytes(e.Doc))
	}
	if b.Len() == 0 {
		return nil
	}
	// Which part failed is told by the statement's place in the batch.
	parts := []struct {
		what string
		n    int
	}{{"placements", placements}, {"entities", len(d.Entities)}, {"events", len(d.Events)},
		{"storylines", len(d.Storylines)}, {"cluster journal", len(d.ClusterLog)}}
	br := tx.SendBatch(ctx, &b)
	for _, p := range parts {
		for i := 0; i < p.n; i++ {
			if _, err := br.Exec(); err != nil {
				br.Close()
				return fmt.Errorf("%s: %w", p.what, err)
			}
		}
	}
	return br.Close()
}

// nonNilBytes keeps a NOT NULL bytea column from receiving NULL.
func nonNilBytes(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}

// DerivedVersion implements store.Store.
func (s *Store) DerivedVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.pool.QueryRow(ctx, "SELECT version FROM derived_state WHERE id = 1").Scan(&v)
	return v, err
}

const entityCols = "id, name, type, articles, first_seen, last_seen, data"

func scanEntity(row rowcodec.Scanner) (store.EntityRow, error) {
	var e store.EntityRow
	err := row.Scan(&e.ID, &e.Name, &e.Type, &e.Articles, &e.FirstSeen, &e.LastSeen, &e.Data)
	return e, err
}

// entityRows reads the entity rows of a query selecting entityCols.
func (s *Store) entityRows(ctx context.Context, query string, args ...any) ([]store.EntityRow, error) {
	return collect(ctx, s.pool, query, args, scanEntity)
}

// Entities implements store.Store.
func (s *Store) Entities(ctx context.Context) ([]store.EntityRow, error) {
	return s.entityRows(ctx, "SELECT "+entityCols+" FROM entities ORDER BY id")
}

// Entity implements store.Store.
func (s *Store) Entity(ctx context.Context, id int64) (store.EntityRow, error) {
	e, err := scanEntity(s.pool.QueryRow(ctx, "SELECT "+entityCols+" FROM entities WHERE id = $1", id))
	return e, rowcodec.NotFound(err, pgx.ErrNoRows, "entity", id)
}

const eventCols = `id, merged_into, title, first_day, last_day, articles, originals, storyline_id, outlets,
	key_terms, key_entities`

func scanEvent(row rowcodec.Scanner) (store.EventRow, error) {
	var e store.EventRow
	var outlets, terms, ents []byte
	if err := row.Scan(&e.ID, &e.MergedInto, &e.Title, &e.First, &e.Last, &e.Articles, &e.Originals,
		&e.Storyline, &outlets, &terms, &ents); err != nil {
		return e, err
	}
	return e, rowcodec.UnmarshalAll(fmt.Sprintf("event %d", e.ID), outlets, &e.Outlets, terms, &e.KeyTerms, ents, &e.KeyEntities)
}

const storylineCols = `id, merged_into, title, first_day, last_day, articles, events, outlets, key_entities`

func scanStoryline(row rowcodec.Scanner) (store.StorylineRow, error) {
	var s store.StorylineRow
	var events, outlets, ents []byte
	if err := row.Scan(&s.ID, &s.MergedInto, &s.Title, &s.First, &s.Last, &s.Articles, &events, &outlets, &ents); err != nil {
		return s, err
	}
	return s, rowcodec.UnmarshalAll(fmt.Sprintf("storyline %d", s.ID), events, &s.Events, outlets, &s.Outlets, ents, &s.KeyEntities)
}

// Event implements store.Store.
func (s *Store) Event(ctx context.Context, id int64) (store.EventRow, error) {
	return rowcodec.FollowMerges("event", id, pgx.ErrNoRows, func(id int64) (store.EventRow, int64, error) {
		e, err := scanEvent(s.pool.QueryRow(ctx, "SELECT "+eventCols+" FROM events WHERE id = $1", id))
		return e, e.MergedInto, err
	})
}

// Storyline implements store.Store.
func (s *Store) Storyline(ctx context.Context, id int64) (store.StorylineRow, error) {
	return rowcodec.FollowMerges("storyline", id, pgx.ErrNoRows, func(id int64) (store.StorylineRow, int64, error) {
		r, err := scanStoryline(s.pool.QueryRow(ctx, "SELECT "+storylineCols+" FROM storylines WHERE id = $1", id))
		return r, r.MergedInto, err
	})
}

// sinceWhere is the condition for ListQuery.Since; the latest indexes
// (last_day DESC) serve it as a range.
func sinceWhere(q store.ListQuery, args *[]any) (string, error) {
	if err := params.CheckSince(q.Since); err != nil || q.Since == "" {
		return "", err
	}
	return " AND last_day >= " + arg(args, q.Since), nil
}

// Events implements store.Store: current events, latest first by default.
func (s *Store) Events(ctx context.Context, q store.ListQuery) ([]store.EventRow, error) {
	var out []store.EventRow
	err := s.EachEvent(ctx, q, func(e store.EventRow) error { out = append(out, e); return nil })
	return out, err
}

// EachEvent implements store.Store.
func (s *Store) EachEvent(ctx context.Context, q store.ListQuery, fn func(store.EventRow) error) error {
	return eachListed(ctx, s, q, "latest", "SELECT "+eventCols+" FROM events", scanEvent, fn)
}

// Storylines implements store.Store: current storylines, largest first by
// default.
func (s *Store) Storylines(ctx context.Context, q store.ListQuery) ([]store.StorylineRow, error) {
	var out []store.StorylineRow
	err := s.EachStoryline(ctx, q, func(r store.StorylineRow) error { out = append(out, r); return nil })
	return out, err
}

// EachStoryline implements store.Store.
func (s *Store) EachStoryline(ctx context.Context, q store.ListQuery, fn func(store.StorylineRow) error) error {
	return eachListed(ctx, s, q, "largest", "SELECT "+storylineCols+" FROM storylines", scanStoryline, fn)
}

// eachListed streams the current rows (not merged, not empty) of an event
// or storyline listing to fn: a listing of every event of a large store is
// never held in memory. fn runs while the rows are read, so it must not
// wait on another of the pool's connections for long.
func eachListed[T any](ctx context.Context, s *Store, q store.ListQuery, def, sel string, scan func(rowcodec.Scanner) (T, error), fn func(T) error) error {
	order, err := params.ListOrder(q, def)
	if err != nil {
		return err
	}
	var args []any
	since, err := sinceWhere(q, &args)
	if err != nil {
		return err
	}
	query := sel + " WHERE merged_into = 0 AND articles > 0" + since + order
	if q.Limit > 0 {
		query += " LIMIT " + arg(&args, q.Limit)
	}
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return rowcodec.Each(rows, scan, fn)
}

// snapshotChunk is the size of one row of a stored snapshot.
const snapshotChunk = 8 << 20

// ClusterSnapshot implements store.Store. The snapshot is read chunk by
// chunk, so that a large one is never held twice in memory, in a
// read-only transaction of its own (until the end or Close): another
// process saving a snapshot meanwhile cannot tear the one being read.
func (s *Store) ClusterSnapshot(ctx context.Context) (io.ReadCloser, int64, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, 0, err
	}
	var upto int64
	var n int
	if err := tx.QueryRow(ctx, "SELECT upto, (SELECT count(*) FROM cluster_snapshot) FROM derived_state WHERE id = 1").
		Scan(&upto, &n); err != nil {
		tx.Rollback(context.Background())
		return nil, 0, err
	}
	if n == 0 {
		tx.Rollback(context.Background())
		return nil, upto, nil
	}
	return &chunkReader{ctx: ctx, tx: tx, n: n}, upto, nil
}

type chunkReader struct {
	ctx  context.Context
	tx   pgx.Tx // nil once the last chunk is read or the reader closed
	next int
	n    int
	buf  []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.next >= r.n || r.tx == nil {
			r.Close()
			return 0, io.EOF
		}
		if err := r.tx.QueryRow(r.ctx, "SELECT data FROM cluster_snapshot WHERE chunk = $1", r.next).Scan(&r.buf); err != nil {
			r.Close()
			return 0, fmt.Errorf("cluster snapshot chunk %d: %w", r.next, err)
		}
		r.next++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

// Close ends the reader's transaction, giving its connection back.
func (r *chunkReader) Close() error {
	if r.tx == nil {
		return nil
	}
	err := r.tx.Rollback(context.Background())
	r.tx = nil
	return err
}

// ClusterLog implements store.Store.
func (s *Store) ClusterLog(ctx context.Context, after int64, fn func(store.LogEntry) error) error {
	return rowcodec.Paged(after, 0, rowcodec.LogPage, func(after int64, n int) ([]store.LogEntry, error) {
		return collect(ctx, s.pool, "SELECT seq, remove, doc FROM cluster_log WHERE seq > $1 ORDER BY seq LIMIT $2",
			[]any{after, n}, rowcodec.LogEntry)
	}, rowcodec.LogSeq, fn)
}

// SaveClusterSnapshot implements store.Store. It locks the derived-state
// row as Put does, so no batch adds to the journal while the snapshot that
// replaces it is written.
//
// The journal entries the new snapshot includes are kept until the next
// snapshot, and only those the previous one included are dropped:
// another process that has just read the previous snapshot (in its own
// transaction) still finds the entries after it. ClusterLog from the new
// snapshot's upto reads as if they were gone.
func (s *Store) SaveClusterSnapshot(ctx context.Context, base int64, write func(io.Writer) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.Background())
	var v, upto int64
	if err := tx.QueryRow(ctx, "SELECT version, upto FROM derived_state WHERE id = 1 FOR UPDATE").Scan(&v, &upto); err != nil {
		return err
	}
	if v != base {
		return store.ErrConflict
	}
	// The version check makes every journal entry part of the caller's
	// state: the snapshot includes them all.
	var last int64
	if err := tx.QueryRow(ctx, "SELECT coalesce(max(seq), 0) FROM cluster_log").Scan(&last); err != nil {
		return err
	}
	prev := upto
	upto = max(upto, last)
	if _, err := tx.Exec(ctx, "DELETE FROM cluster_snapshot"); err != nil {
		return err
	}
	w := &chunkWriter{ctx: ctx, tx: tx}
	if err := write(w); err != nil {
		return fmt.Errorf("cluster snapshot: %w", err)
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("cluster snapshot: %w", err)
	}
	if _, err := tx.Exec(ctx, "DELETE FROM cluster_log WHERE seq <= $1", prev); err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE derived_state SET upto = $1 WHERE id = 1", upto); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

type chunkWriter struct {
	ctx  context.Context
	tx   pgx.Tx
	buf  bytes.Buffer
	next int
	err  error
}

func (w *chunkWriter) Write(p []byte) (int, error) {
	if w.err != nil {
		return 0, w.err
	}
	n := len(p)
	for len(p) > 0 {
		k := min(len(p), snapshotChunk-w.buf.Len())
		w.buf.Write(p[:k])
		p = p[k:]
		if w.buf.Len() == snapshotChunk {
			if err := w.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

func (w *chunkWriter) flush() error {
	if w.err != nil || w.buf.Len() == 0 {
		return w.err
	}
	if _, err := w.tx.Exec(w.ctx, "INSERT INTO cluster_snapshot (chunk, data) VALUES ($1, $2)", w.next, w.buf.Bytes()); err != nil {
		w.err = err
		return err
	}
	w.next++
	w.buf.Reset()
	return nil
}
