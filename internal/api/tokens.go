package api

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// Tokens keeps API tokens by the SHA-256 of each, never the token itself.
// *sqlite.Store implements it.
type Tokens interface {
	// CreateToken stores a new token's hash under name; a name in use is
	// an error.
	CreateToken(ctx context.Context, name string, hash []byte) error
	// CheckToken returns the name of the token with this hash, comparing
	// in constant time; store.ErrNotFound when there is none.
	CheckToken(ctx context.Context, hash []byte) (name string, err error)
	// ListTokens calls fn for each token, in name order.
	ListTokens(ctx context.Context, fn func(name string, created time.Time) error) error
	// RevokeToken deletes a token; store.ErrNotFound when there is none.
	RevokeToken(ctx context.Context, name string) error
}

// NewToken returns a new random token (32 bytes from crypto/rand,
// base64url without padding) and the hash to store for it.
func NewToken() (token string, hash []byte, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the SHA-256 of a token, as stored.
func HashToken(token string) []byte {
	h := sha256.Sum256([]byte(token))
	return h[:]
}

// maxTokenBytes bounds what is hashed of an Authorization header.
const maxTokenBytes = 512

// authorize checks the request's bearer token.
func (s *server) authorize(r *http.Request) error {
	h := r.Header.Get("Authorization")
	scheme, token, _ := strings.Cut(h, " ")
	token = strings.TrimSpace(token)
	if h == "" || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return errorf(http.StatusUnauthorized, "unauthorized", "this needs a token: Authorization: Bearer TOKEN (storyline token create NAME)")
	}
	if s.opt.Tokens == nil || len(token) > maxTokenBytes {
		return errorf(http.StatusUnauthorized, "unauthorized", "unknown token")
	}
	_, err := s.opt.Tokens.CheckToken(r.Context(), HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return errorf(http.StatusUnauthorized, "unauthorized", "unknown token")
	}
	return err
}
