package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// CreateToken implements store.Tokens: it stores the SHA-256 hash of a new
// API token under name, never the token itself. A name in use is
// store.ErrExists.
func (s *Store) CreateToken(ctx context.Context, name string, hash []byte) error {
	_, err := s.pool.Exec(ctx, "INSERT INTO api_tokens (name, hash, created_at) VALUES ($1, $2, $3)",
		text(name), hash, time.Now().UTC().Truncate(time.Second))
	if isUnique(err, "api_tokens_pkey") {
		return fmt.Errorf("token %q: %w", name, store.ErrExists)
	}
	if err != nil {
		return fmt.Errorf("token %q: %w", name, err)
	}
	return nil
}

// CheckToken implements store.Tokens. It compares the hash with every
// stored one in constant time, without stopping at a match, so that the
// time it takes says nothing about which bytes matched (an index lookup
// by hash would).
func (s *Store) CheckToken(ctx context.Context, hash []byte) (string, error) {
	rows, err := s.pool.Query(ctx, "SELECT name, hash FROM api_tokens")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	return rowcodec.MatchToken(rows, hash)
}

// ListTokens implements store.Tokens, in name order (bytewise, as SQLite
// orders).
func (s *Store) ListTokens(ctx context.Context, fn func(name string, created time.Time) error) error {
	rows, err := s.pool.Query(ctx, `SELECT name, created_at FROM api_tokens ORDER BY name COLLATE "C"`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name string
		var created time.Time
		if err := rows.Scan(&name, &created); err != nil {
			return err
		}
		if err := fn(name, created.UTC()); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RevokeToken implements store.Tokens; store.ErrNotFound when there is no
// token of that name.
func (s *Store) RevokeToken(ctx context.Context, name string) error {
	tag, err := s.pool.Exec(ctx, "DELETE FROM api_tokens WHERE name = $1", text(name))
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("token %q: %w", name, store.ErrNotFound)
	}
	return nil
}
