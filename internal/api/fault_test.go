package api

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// faultyStore fails the way a broken database does, with internals in
// its errors, or panics.
type faultyStore struct {
	store.Store
}

func (faultyStore) Each(context.Context, store.Query, func(*news.Article) error) error {
	return errors.New("sqlite: disk I/O error at /srv/secret/news.db")
}

func (faultyStore) Get(context.Context, int64) (*news.Article, error) {
	panic("index out of range in /srv/secret/code.go")
}

// TestInternalError: a fault of the server is a 500 that tells the client
// nothing of it.
func TestInternalError(t *testing.T) {
	h := New(faultyStore{sharedStore(t)}, Options{Logger: discard()})
	for _, target := range []string{"/api/v1/articles", "/api/v1/articles/1"} {
		r := get(t, h, target)
		if r.status != 500 || strings.Contains(string(r.body), "secret") ||
			!strings.Contains(string(r.body), `"code":"internal"`) {
			t.Errorf("%s: %d %s", target, r.status, r.body)
		}
	}
}
