package store

import (
	"context"
	"time"
)

// Tokens keeps API write tokens by the SHA-256 of each, never the token
// itself.
type Tokens interface {
	// CreateToken stores a new token's hash under name; a name in use is
	// an error.
	CreateToken(ctx context.Context, name string, hash []byte) error
	// CheckToken returns the name of the token with this hash, comparing
	// in constant time; ErrNotFound when there is none.
	CheckToken(ctx context.Context, hash []byte) (name string, err error)
	// ListTokens calls fn for each token, in name order.
	ListTokens(ctx context.Context, fn func(name string, created time.Time) error) error
	// RevokeToken deletes a token; ErrNotFound when there is none.
	RevokeToken(ctx context.Context, name string) error
}

// Full is everything the commands ask of a store: the SQLite file and
// the PostgreSQL database both implement it.
type Full interface {
	Store
	Following
	Tokens
	// FeedItems lists a feed's latest items, newest first.
	FeedItems(ctx context.Context, feed int64, limit int) ([]FeedItem, error)
	// MaxID returns the largest article id stored, 0 when there is none.
	MaxID(ctx context.Context) (int64, error)
}
