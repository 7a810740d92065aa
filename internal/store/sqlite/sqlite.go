// Package sqlite is the embedded default Store: one SQLite file in WAL mode,
// through the pure-Go modernc.org/sqlite driver so the binary stays static.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/migration"
	"github.com/storyline-news/storyline/internal/store/params"
	"github.com/storyline-news/storyline/internal/store/rowcodec"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a store.Store on one SQLite file.
type Store struct {
	db *sql.DB
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the SQLite database at path and brings its
// schema up to date.
func Open(path string) (*Store, error) {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)" +
		"&_pragma=foreign_keys(ON)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	if err := db.Ping(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxIdleConns(maxIdle)
	s := &Store{db: db}
	if err := s.migrate(); err != nil {
		db.Close()
		return nil, fmt.Errorf("migrate %s: %w", path, err)
	}
	return s, nil
}

// servingPragmas give each connection of a server (OpenForServing) a page
// cache of up to 64 MiB and map up to 1 GiB of the file: a search over a
// large store reads thousands of scattered pages, and the default 2 MiB
// cache rereads them from the file. The command line keeps the defaults,
// so that a listing's resident memory stays small.
const servingPragmas = "&_pragma=cache_size(-65536)&_pragma=mmap_size(1073741824)"

// maxIdle keeps enough warm connections for the reads a page runs in
// parallel: a new connection starts with an empty cache.
const maxIdle = 4

// DB exposes the database for packages that extend the schema.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error { return s.db.Close() }

// migrate applies, in order and each in its own transaction, the embedded
// migrations newer than the database's user_version.
func (s *Store) migrate() error {
	steps, err := migration.Steps(migrations)
	if err != nil {
		return err
	}
	var have int
	if err := s.db.QueryRow("PRAGMA user_version").Scan(&have); err != nil {
		return err
	}
	for _, m := range steps {
		n := m.N
		if n <= have {
			continue
		}
		// Begin takes the write lock (_txlock=immediate): another process
		// opening the same new file may have applied it meanwhile.
		tx, err := s.db.Begin()
		if err != nil {
			return err
		}
		if err := tx.QueryRow("PRAGMA user_version").Scan(&have); err != nil {
			tx.Rollback()
			return err
		}
		if n <= have {
			tx.Rollback()
			continue
		}
		if _, err := tx.Exec(m.SQL); err != nil {
			tx.Rollback()
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", n)); err != nil {
			tx.Rollback()
			return err
		}
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// Put implements store.Store.
func (s *Store) Put(ctx context.Context, items []store.Item, hook store.Hook) ([]store.Outcome, error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback()
	now := time.Now().UTC().Format(time.RFC3339)
	out, err := rowcodec.PutEach(items, func(it *store.Item) (store.Outcome, error) { return putOne(ctx, tx, it, now) },
		func(feedItem, article int64) error { return itemStored(ctx, tx, feedItem, article, now) })
	if err != nil {
		return nil, err
	}
	if hook != nil {
		var base int64
		if err := tx.QueryRowContext(ctx, "SELECT version FROM derived_state WHERE id = 1").Scan(&base); err != nil {
			return nil, err
		}
		d, err := hook(base, items, out)
		if err != nil {
			return nil, err
		}
		if d.Base != base {
			return nil, store.ErrConflict
		}
		if err := writeDerived(ctx, tx, d); err != nil {
			return nil, err
		}
		for i, it := range items {
			if out[i] != store.Unchanged {
				if err := updateDerivedFields(ctx, tx, it.Article); err != nil {
					return nil, fmt.Errorf("store %s: %w", it.Doc.Origin, err)
				}
			}
		}
		if _, err := tx.ExecContext(ctx, "UPDATE derived_state SET version = version + 1 WHERE id = 1"); err != nil {
			return nil, err
		}
	}
	if err := tx.Commit(); err != nil {
		return nil, err
	}
	return out, nil
}

// DerivedVersion implements store.Store.
func (s *Store) DerivedVersion(ctx context.Context) (int64, error) {
	var v int64
	err := s.db.QueryRowContext(ctx, "SELECT version FROM derived_state WHERE id = 1").Scan(&v)
	return v, err
}

func updateDerivedFields(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	_, err := tx.ExecContext(ctx, `UPDATE articles SET entities=?, quotes=?, claims=?, duplicate_of=?,
		event_id=?, storyline_id=? WHERE id=?`, jsonList(a.Entities), jsonList(a.Quotes), jsonList(a.Claims),
		a.DuplicateOf, a.Event, a.Storyline, a.ID)
	return err
}

// Entities implements store.Store.
func (s *Store) Entities(ctx context.Context) ([]store.EntityRow, error) {
	return s.entityRows(ctx, "SELECT "+entityCols+" FROM entities ORDER BY id")
}

// EntitiesPage implements store.Store.
func (s *Store) EntitiesPage(ctx context.Context, q store.EntityQuery) ([]store.EntityRow, error) {
	return s.entityRows(ctx, "SELECT "+entityCols+` FROM entities
		WHERE id > ? AND (? = '' OR type = ?) ORDER BY id LIMIT ?`, q.After, q.Type, q.Type, params.ListLimit(q.Limit))
}

const entityCols = "id, name, type, articles, first_seen, last_seen, data"

func (s *Store) entityRows(ctx context.Context, query string, args ...any) ([]store.EntityRow, error) {
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.EntityRow
	for rows.Next() {
		var e store.EntityRow
		if err := rows.Scan(&e.ID, &e.Name, &e.Type, &e.Articles, &e.FirstSeen, &e.LastSeen, &e.Data); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

// Entity implements store.Store.
func (s *Store) Entity(ctx context.Context, id int64) (store.EntityRow, error) {
	var e store.EntityRow
	err := s.db.QueryRowContext(ctx, "SELECT id, name, type, articles, first_seen, last_seen, data FROM entities WHERE id = ?", id).
		Scan(&e.ID, &e.Name, &e.Type, &e.Articles, &e.FirstSeen, &e.LastSeen, &e.Data)
	return e, rowcodec.NotFound(err, sql.ErrNoRows, "entity", id)
}

// putOne writes one item's article and raw input. The item's identity
// decides between a new article and a version of a known one; its content
// hash only between unchanged and revised.
func putOne(ctx context.Context, tx *sql.Tx, it *store.Item, now string) (store.Outcome, error) {
	a, d := it.Article, it.Doc
	if a.ContentHash == "" {
		return 0, errors.New("article has no content hash")
	}
	key := it.Key
	if key == "" {
		key = store.Key(d)
	}
	outcome := store.Inserted
	prev, err := scanArticle(tx.QueryRowContext(ctx, "SELECT "+articleCols+" FROM articles WHERE key = ?", key))
	switch {
	case err == nil:
		var n int
		if err := tx.QueryRowContext(ctx, "SELECT count(*) FROM raw WHERE article_id = ? AND hash = ?",
			prev.ID, a.ContentHash).Scan(&n); err != nil {
			return 0, err
		}
		if n > 0 {
			a.ID, a.Revision = prev.ID, prev.Revision
			return store.Unchanged, nil
		}
		outcome = store.Revised
		it.Prev = prev
		a.ID, a.Revision = prev.ID, prev.Revision+1
		if err := update(ctx, tx, a, now); err != nil {
			return 0, err
		}
	case errors.Is(err, sql.ErrNoRows):
		if a.Revision < 1 {
			a.Revision = 1
		}
		ingested := now
		if !a.IngestedAt.IsZero() {
			ingested = a.IngestedAt.UTC().Format(time.RFC3339)
		}
		authors, comments := mustJSON(rowcodec.NonNil(a.Authors)), mustJSON(rowcodec.NonNil(a.Comments))
		var id any
		if a.ID > 0 {
			id = a.ID
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO articles (id, key, source_id, url, fetched_url, outlet,
			outlet_from, republished_by, title, title_from, authors, authors_from, published, published_from,
			language, site_name, text, comments, entities, quotes, claims, duplicate_of, event_id, storyline_id,
			revision, content_hash, ingested_at, updated_at)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
			id, key, a.SourceID, a.URL, a.FetchedURL, a.Outlet, a.OutletFrom, a.RepublishedBy, a.Title, a.TitleFrom,
			authors, a.AuthorsFrom, a.Published, a.PublishedFrom, a.Language, a.SiteName, a.Text,
			comments, jsonList(a.Entities), jsonList(a.Quotes), jsonList(a.Claims), a.DuplicateOf, a.Event,
			a.Storyline, a.Revision, a.ContentHash, ingested, now)
		if err != nil {
			return 0, err
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return 0, err
		}
	default:
		return 0, err
	}
	if err := putRaw(ctx, tx, a.ID, a.Revision, a.ContentHash, d, now); err != nil {
		return 0, err
	}
	if a.IngestedAt.IsZero() {
		a.IngestedAt, _ = time.Parse(time.RFC3339, now)
	}
	return outcome, nil
}

func putRaw(ctx context.Context, tx *sql.Tx, id int64, rev int, hash string, d news.Document, now string) error {
	h := rowcodec.HintsOf(d)
	var fetched string
	if !d.FetchedAt.IsZero() {
		fetched = d.FetchedAt.UTC().Format(time.RFC3339)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO raw (article_id, revision, hash, source_id, origin, url,
		format, hints, fetched_at, content, stored_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
		id, rev, hash, d.SourceID, d.Origin, d.URL, string(d.Format), mustJSON(h), fetched, rowcodec.Deflate(d.Content), now)
	return err
}

func update(ctx context.Context, tx *sql.Tx, a *news.Article, now string) error {
	res, err := tx.ExecContext(ctx, `UPDATE articles SET source_id=?, url=?, fetched_url=?, outlet=?, outlet_from=?,
		republished_by=?, title=?, title_from=?, authors=?, authors_from=?, published=?, published_from=?,
		language=?, site_name=?, text=?, comments=?, entities=?, quotes=?, claims=?, duplicate_of=?, event_id=?,
		storyline_id=?, updated_at=?, revision=?, content_hash=? WHERE id=?`,
		a.SourceID, a.URL, a.FetchedURL, a.Outlet, a.OutletFrom, a.RepublishedBy, a.Title, a.TitleFrom,
		mustJSON(rowcodec.NonNil(a.Authors)), a.AuthorsFrom, a.Published, a.PublishedFrom, a.Language, a.SiteName,
		a.Text, mustJSON(rowcodec.NonNil(a.Comments)), jsonList(a.Entities), jsonList(a.Quotes), jsonList(a.Claims),
		a.DuplicateOf, a.Event, a.Storyline, now, a.Revision, a.ContentHash, a.ID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return store.ErrNotFound
	}
	return nil
}

const articleCols = `id, source_id, url, fetched_url, outlet, outlet_from, republished_by, title, title_from, authors,
	authors_from, published, published_from, language, site_name, text, comments, entities, quotes, claims,
	duplicate_of, event_id, storyline_id, revision, content_hash, ingested_at`

func scanArticle(row rowcodec.Scanner) (*news.Article, error) {
	var a news.Article
	var authors, comments, ents, quotes, claims, ingested string
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
	return &a, nil
}

// Get implements store.Store.
func (s *Store) Get(ctx context.Context, id int64) (*news.Article, error) {
	a, err := scanArticle(s.db.QueryRowContext(ctx, "SELECT "+articleCols+" FROM articles WHERE id = ?", id))
	return a, rowcodec.NotFound(err, sql.ErrNoRows, "article", id)
}

// Each implements store.Store. It reads in pages so that fn may run long
// without holding a read transaction open over the whole table.
func (s *Store) Each(ctx context.Context, q store.Query, fn func(*news.Article) error) error {
	dates, err := parseRange(q.From, q.To)
	if err != nil {
		return err
	}
	return rowcodec.Paged(q.AfterID, q.Limit, rowcodec.ArticlePage, func(after int64, n int) ([]*news.Article, error) {
		where, args := "id > ?", []any{after}
		if q.Outlet != "" {
			where += " AND outlet = ?"
			args = append(args, q.Outlet)
		}
		if q.Event != 0 {
			where += " AND event_id = ?"
			args = append(args, q.Event)
		}
		if q.Storyline != 0 {
			where += " AND storyline_id = ?"
			args = append(args, q.Storyline)
		}
		if q.Entity != 0 {
			where += " AND id IN (SELECT article_id FROM article_entities WHERE entity_id = ? AND article_id > ?)"
			args = append(args, q.Entity, after)
		}
		if q.DuplicateOf != 0 {
			// duplicate_of > 0 lets the partial index serve the lookup.
			where += " AND duplicate_of = ? AND duplicate_of > 0"
			args = append(args, q.DuplicateOf)
		}
		if w, a := dates.where("published"); w != "" {
			where += " AND " + w
			args = append(args, a...)
		}
		args = append(args, n)
		rows, err := s.db.QueryContext(ctx, "SELECT "+articleCols+" FROM articles WHERE "+where+" ORDER BY id LIMIT ?", args...)
		if err != nil {
			return nil, err
		}
		defer rows.Close() // before fn runs: no read held open
		return rowcodec.Collect(rows, scanArticle)
	}, rowcodec.ArticleID, fn)
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
	var format, hj, fetched string
	var content []byte
	err := s.db.QueryRowContext(ctx, `SELECT r.source_id, r.origin, r.url, r.format, r.hints, r.fetched_at, r.content
		FROM raw r JOIN articles a ON a.id = r.article_id AND r.revision = iif(?2 > 0, ?2, a.revision) WHERE a.id = ?1`, id, rev).
		Scan(&d.SourceID, &d.Origin, &d.URL, &format, &hj, &fetched, &content)
	if errors.Is(err, sql.ErrNoRows) {
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

// Count implements store.Store.
func (s *Store) Count(ctx context.Context) (int, error) {
	var n int
	err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM articles").Scan(&n)
	return n, err
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // only plain structs and slices are marshalled here
	}
	return string(b)
}

// jsonList encodes a slice as a JSON array, nil as [].
func jsonList[T any](s []T) string {
	if len(s) == 0 {
		return "[]"
	}
	return mustJSON(s)
}

var _ store.Full = (*Store)(nil)
