package postgres

import (
	"context"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/storetest"
	"github.com/storyline-news/storyline/internal/testenv"
)

// openTest opens a store on a fresh database, closed when the test ends.
func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), testenv.Postgres(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func openStore(t *testing.T) store.Store { return openTest(t) }

func TestConformance(t *testing.T) {
	storetest.Run(t, openStore)
}

func TestEntityReads(t *testing.T) {
	storetest.EntityReads(t, openStore)
}

func TestReopenKeepsData(t *testing.T) {
	url := testenv.Postgres(t)
	s, err := Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	s, err = Open(context.Background(), url) // migrations must not run twice
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
}
