package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

func TestEntityReads(t *testing.T) {
	storetest.EntityReads(t, func(t *testing.T) store.Store {
		s, err := Open(filepath.Join(t.TempDir(), "s.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
