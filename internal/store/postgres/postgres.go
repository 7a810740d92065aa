// Package postgres is the Store for installations that outgrow one SQLite
// file: PostgreSQL through pgx with a connection pool, migrations embedded,
// full-text search on a tsvector column. It passes the same conformance
// suite (storetest) as the SQLite store, and several processes may write
// to one database at once: derived state is guarded by its version, as in
// SQLite.
package postgres

import (
	"context"
	"embed"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/storyline-news/storyline/internal/store/migration"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is a store.Store on a PostgreSQL database.
type Store struct {
	pool *pgxpool.Pool
}

// IsURL says whether a --db value names a PostgreSQL database rather than
// a SQLite file.
func IsURL(db string) bool {
	return strings.HasPrefix(db, "postgres://") || strings.HasPrefix(db, "postgresql://")
}

// Open connects to the database at url and brings its schema up to date.
// Several processes may open one database at once: migrations run under
// an advisory lock.
func Open(ctx context.Context, dbURL string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(dbURL), err)
	}
	if cfg.MaxConns < 8 {
		cfg.MaxConns = 8
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", Redact(dbURL), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open %s: %w", Redact(dbURL), err)
	}
	s := &Store{pool: pool}
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("migrate %s: %w", Redact(dbURL), err)
	}
	return s, nil
}

// Redact returns url without its password, for messages.
func Redact(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil {
		return "the PostgreSQL URL"
	}
	q := u.Query()
	for k := range q {
		// libpq reads these keys as secrets too.
		if strings.EqualFold(k, "password") || strings.EqualFold(k, "sslpassword") {
			q.Set(k, "xxxxx")
		}
	}
	u.RawQuery = q.Encode()
	return u.Redacted()
}

// Pool exposes the connection pool for packages that extend the schema.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the pool.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrateLock is the advisory lock key held while migrating.
const migrateLock = 0x53544f52 // "STOR"

// migrate applies, in order and each in its own transaction, the embedded
// migrations newer than the database's schema version.
func (s *Store) migrate(ctx context.Context) error {
	steps, err := migration.Steps(migrations)
	if err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return err
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "SELECT pg_advisory_lock($1)", migrateLock); err != nil {
		return err
	}
	defer conn.Exec(context.Background(), "SELECT pg_advisory_unlock($1)", migrateLock)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`); err != nil {
		return err
	}
	var have int
	if err := conn.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&have); err != nil {
		return err
	}
	for _, m := range steps {
		n := m.N
		if n <= have {
			continue
		}
		tx, err := conn.Begin(ctx)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, m.SQL); err != nil {
			tx.Rollback(ctx)
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM schema_version`); err != nil {
			tx.Rollback(ctx)
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO schema_version VALUES ($1)`, n); err != nil {
			tx.Rollback(ctx)
			return err
		}
		if err := tx.Commit(ctx); err != nil {
			return err
		}
	}
	return nil
}
