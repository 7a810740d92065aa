package sqlite

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// writeDerived writes what a batch's hook derived, in the batch's
// transaction.
func writeDerived(ctx context.Context, tx *sql.Tx, d store.Derived) error {
	for _, p := range d.Placements {
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET duplicate_of=?1, event_id=?2, storyline_id=?3
			WHERE id=?4 AND (duplicate_of<>?1 OR event_id<>?2 OR storyline_id<>?3)`,
			p.DuplicateOf, p.Event, p.Storyline, p.Article); err != nil {
			return fmt.Errorf("placement of article %d: %w", p.Article, err)
		}
	}
	if err := execEach(ctx, tx, `INSERT OR REPLACE INTO entities
		(id, name, type, articles, first_seen, last_seen, data) VALUES (?,?,?,?,?,?,?)`, len(d.Entities),
		func(i int) []any {
			e := d.Entities[i]
			return []any{e.ID, e.Name, e.Type, e.Articles, e.FirstSeen, e.LastSeen, e.Data}
		}); err != nil {
		return fmt.Errorf("entities: %w", err)
	}
	if err := execEach(ctx, tx, `INSERT OR REPLACE INTO events (id, merged_into, title, first_day, last_day,
		articles, originals, storyline_id, outlets, key_terms, key_entities) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		len(d.Events), func(i int) []any {
			e := d.Events[i]
			return []any{e.ID, e.MergedInto, e.Title, e.First, e.Last, e.Articles, e.Originals, e.Storyline,
				jsonList(e.Outlets), jsonList(e.KeyTerms), jsonList(e.KeyEntities)}
		}); err != nil {
		return fmt.Errorf("events: %w", err)
	}
	if err := execEach(ctx, tx, `INSERT OR REPLACE INTO storylines (id, merged_into, title, first_day, last_day,
		articles, events, outlets, key_entities) VALUES (?,?,?,?,?,?,?,?,?)`, len(d.Storylines),
		func(i int) []any {
			s := d.Storylines[i]
			return []any{s.ID, s.MergedInto, s.Title, s.First, s.Last, s.Articles, jsonList(s.Events),
				jsonList(s.Outlets), jsonList(s.KeyEntities)}
		}); err != nil {
		return fmt.Errorf("storylines: %w", err)
	}
	if err := execEach(ctx, tx, "INSERT INTO cluster_log (remove, doc) VALUES (?,?)", len(d.ClusterLog),
		func(i int) []any { return []any{d.ClusterLog[i].Remove, d.ClusterLog[i].Doc} }); err != nil {
		return fmt.Errorf("cluster journal: %w", err)
	}
	return writeEntityKeys(ctx, tx, d.EntityKeys)
}

// execEach runs one prepared statement n times.
func execEach(ctx context.Context, tx *sql.Tx, q string, n int, args func(i int) []any) error {
	if n == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, q)
	if err != nil {
		return err
	}
	defer st.Close()
	for i := 0; i < n; i++ {
		if _, err := st.ExecContext(ctx, args(i)...); err != nil {
			return err
		}
	}
	return nil
}

const eventCols = `id, merged_into, title, first_day, last_day, articles, originals, storyline_id, outlets,
	key_terms, key_entities`

func scanEvent(row rowcodec.Scanner) (store.EventRow, error) {
	var e store.EventRow
	var outlets, terms, ents string
	if err := row.Scan(&e.ID, &e.MergedInto, &e.Title, &e.First, &e.Last, &e.Articles, &e.Originals,
		&e.Storyline, &outlets, &terms, &ents); err != nil {
		return e, err
	}
	return e, rowcodec.UnmarshalAll(fmt.Sprintf("event %d", e.ID), outlets, &e.Outlets, terms, &e.KeyTerms, ents, &e.KeyEntities)
}

const storylineCols = `id, merged_into, title, first_day, last_day, articles, events, outlets, key_entities`

func scanStoryline(row rowcodec.Scanner) (store.StorylineRow, error) {
	var s store.StorylineRow
	var events, outlets, ents string
	if err := row.Scan(&s.ID, &s.MergedInto, &s.Title, &s.First, &s.Last, &s.Articles, &events, &outlets, &ents); err != nil {
		return s, err
	}
	return s, rowcodec.UnmarshalAll(fmt.Sprintf("storyline %d", s.ID), events, &s.Events, outlets, &s.Outlets, ents, &s.KeyEntities)
}

// Event implements store.Store.
func (s *Store) Event(ctx context.Context, id int64) (store.EventRow, error) {
	return rowcodec.FollowMerges("event", id, sql.ErrNoRows, func(id int64) (store.EventRow, int64, error) {
		e, err := scanEvent(s.db.QueryRowContext(ctx, "SELECT "+eventCols+" FROM events WHERE id = ?", id))
		return e, e.MergedInto, err
	})
}

// Storyline implements store.Store.
func (s *Store) Storyline(ctx context.Context, id int64) (store.StorylineRow, error) {
	return rowcodec.FollowMerges("storyline", id, sql.ErrNoRows, func(id int64) (store.StorylineRow, int64, error) {
		r, err := scanStoryline(s.db.QueryRowContext(ctx, "SELECT "+storylineCols+" FROM storylines WHERE id = ?", id))
		return r, r.MergedInto, err
	})
}

// sinceWhere is the condition for ListQuery.Since; the latest indexes
// (last_day DESC) serve it as a range.
func sinceWhere(q store.ListQuery) (string, []any, error) {
	if err := params.CheckSince(q.Since); err != nil || q.Since == "" {
		return "", nil, err
	}
	return " AND last_day >= ?", []any{q.Since}, nil
}

// Events implements store.Store: current events, latest first by default.
func (s *Store) Events(ctx context.Context, q store.ListQuery) ([]store.EventRow, error) {
	var out []store.EventRow
	err := s.EachEvent(ctx, q, func(e store.EventRow) error { out = append(out, e); return nil })
	return out, err
}

// EachEvent implements store.Store.
func (s *Store) EachEvent(ctx context.Context, q store.ListQuery, fn func(store.EventRow) error) error {
	order, err := params.ListOrder(q, "latest")
	if err != nil {
		return err
	}
	since, args, err := sinceWhere(q)
	if err != nil {
		return err
	}
	return each(ctx, s.db, "SELECT "+eventCols+" FROM events WHERE merged_into = 0 AND articles > 0"+since+order, q.Limit, scanEvent, fn, args...)
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
	order, err := params.ListOrder(q, "largest")
	if err != nil {
		return err
	}
	since, args, err := sinceWhere(q)
	if err != nil {
		return err
	}
	return each(ctx, s.db, "SELECT "+storylineCols+" FROM storylines WHERE merged_into = 0 AND articles > 0"+since+order, q.Limit, scanStoryline, fn, args...)
}

// each streams the rows of one query to fn: a listing of every event of a
// large store is never held in memory.
func each[T any](ctx context.Context, db *sql.DB, q string, limit int, scan func(rowcodec.Scanner) (T, error), fn func(T) error, args ...any) error {
	if limit > 0 {
		q += fmt.Sprintf(" LIMIT %d", limit)
	}
	rows, err := db.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	return rowcodec.Each(rows, scan, fn)
}

// snapshotChunk is the size of one row of a stored snapshot.
const snapshotChunk = 8 << 20

// ClusterSnapshot implements store.Store. The snapshot is read chunk by
// chunk, so that a large one is never held twice in memory.
func (s *Store) ClusterSnapshot(ctx context.Context) (io.ReadCloser, int64, error) {
	var upto int64
	var n int
	if err := s.db.QueryRowContext(ctx, "SELECT upto, (SELECT count(*) FROM cluster_snapshot) FROM derived_state WHERE id = 1").
		Scan(&upto, &n); err != nil {
		return nil, 0, err
	}
	if n == 0 {
		return nil, upto, nil
	}
	return &chunkReader{ctx: ctx, db: s.db, n: n}, upto, nil
}

type chunkReader struct {
	ctx  context.Context
	db   *sql.DB
	next int
	n    int
	buf  []byte
}

func (r *chunkReader) Read(p []byte) (int, error) {
	for len(r.buf) == 0 {
		if r.next >= r.n {
			return 0, io.EOF
		}
		if err := r.db.QueryRowContext(r.ctx, "SELECT data FROM cluster_snapshot WHERE chunk = ?", r.next).Scan(&r.buf); err != nil {
			return 0, fmt.Errorf("cluster snapshot chunk %d: %w", r.next, err)
		}
		r.next++
	}
	n := copy(p, r.buf)
	r.buf = r.buf[n:]
	return n, nil
}

func (r *chunkReader) Close() error { return nil }

// ClusterLog implements store.Store.
func (s *Store) ClusterLog(ctx context.Context, after int64, fn func(store.LogEntry) error) error {
	return rowcodec.Paged(after, 0, rowcodec.LogPage, func(after int64, n int) ([]store.LogEntry, error) {
		rows, err := s.db.QueryContext(ctx, "SELECT seq, remove, doc FROM cluster_log WHERE seq > ? ORDER BY seq LIMIT ?", after, n)
		if err != nil {
			return nil, err
		}
		defer rows.Close() // before fn runs: no read held open
		return rowcodec.Collect(rows, rowcodec.LogEntry)
	}, rowcodec.LogSeq, fn)
}

// SaveClusterSnapshot implements store.Store.
func (s *Store) SaveClusterSnapshot(ctx context.Context, base int64, write func(io.Writer) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	var v int64
	if err := tx.QueryRowContext(ctx, "SELECT version FROM derived_state WHERE id = 1").Scan(&v); err != nil {
		return err
	}
	if v != base {
		return store.ErrConflict
	}
	// The version check makes every journal entry part of the caller's
	// state: the snapshot includes them all.
	var upto int64
	if err := tx.QueryRowContext(ctx, "SELECT max((SELECT coalesce(max(seq), 0) FROM cluster_log), upto) FROM derived_state WHERE id = 1").Scan(&upto); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM cluster_snapshot"); err != nil {
		return err
	}
	w := &chunkWriter{ctx: ctx, tx: tx}
	if err := write(w); err != nil {
		return fmt.Errorf("cluster snapshot: %w", err)
	}
	if err := w.flush(); err != nil {
		return fmt.Errorf("cluster snapshot: %w", err)
	}
	if _, err := tx.ExecContext(ctx, "DELETE FROM cluster_log WHERE seq <= ?", upto); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, "UPDATE derived_state SET upto = ? WHERE id = 1", upto); err != nil {
		return err
	}
	return tx.Commit()
}

type chunkWriter struct {
	ctx  context.Context
	tx   *sql.Tx
	buf  bytes.Buffer
	next int
}

func (w *chunkWriter) Write(p []byte) (int, error) {
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
	if w.buf.Len() == 0 {
		return nil
	}
	if _, err := w.tx.ExecContext(w.ctx, "INSERT INTO cluster_snapshot (chunk, data) VALUES (?, ?)", w.next, w.buf.Bytes()); err != nil {
		return err
	}
	w.next++
	w.buf.Reset()
	return nil
}
