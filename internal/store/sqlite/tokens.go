package sqlite

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// ErrTokenExists is returned by CreateToken for a name already in use.
var ErrTokenExists = fmt.Errorf("a token of that name exists: %w", store.ErrExists)

// CreateToken stores the SHA-256 hash of a new API token under name; the
// token itself is never stored.
func (s *Store) CreateToken(ctx context.Context, name string, hash []byte) error {
	_, err := s.db.ExecContext(ctx, "INSERT INTO api_tokens (name, hash, created_at) VALUES (?, ?, ?)",
		name, hash, time.Now().UTC().Format(time.RFC3339))
	if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: api_tokens.name") {
		return fmt.Errorf("token %q: %w", name, ErrTokenExists)
	}
	return err
}

// CheckToken returns the name of the token whose hash is given, or
// store.ErrNotFound. It compares the hash with every stored one in
// constant time, without stopping at a match, so that the time it takes
// says nothing about which bytes matched.
func (s *Store) CheckToken(ctx context.Context, hash []byte) (string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT name, hash FROM api_tokens")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	return rowcodec.MatchToken(rows, hash)
}

// ListTokens calls fn with the name and creation time of each token, in
// name order.
func (s *Store) ListTokens(ctx context.Context, fn func(name string, created time.Time) error) error {
	rows, err := s.db.QueryContext(ctx, "SELECT name, created_at FROM api_tokens ORDER BY name")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var name, created string
		if err := rows.Scan(&name, &created); err != nil {
			return err
		}
		t, _ := time.Parse(time.RFC3339, created)
		if err := fn(name, t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// RevokeToken deletes the token of that name; store.ErrNotFound when there
// is none.
func (s *Store) RevokeToken(ctx context.Context, name string) error {
	res, err := s.db.ExecContext(ctx, "DELETE FROM api_tokens WHERE name = ?", name)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("token %q: %w", name, store.ErrNotFound)
	}
	return nil
}
