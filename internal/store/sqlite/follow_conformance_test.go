package sqlite

import (
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/storetest"
)

// The reference run of the following suite, which the PostgreSQL store
// passes too.
func TestFollowingConformance(t *testing.T) {
	storetest.RunFollowing(t, func(t *testing.T) store.Full {
		s, err := Open(filepath.Join(t.TempDir(), "s.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		return s
	})
}
