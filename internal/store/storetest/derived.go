package storetest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// identity: an article is its key; the content hash tells unchanged from
// revised only within one key.
func identity(t *testing.T, s store.Store) {
	ctx := context.Background()
	wire := item("w1", "https://a.example/story", "the same wire text")
	copyAt := item("w2", "https://b.example/story", "the same wire text")
	copyAt.Article.ContentHash = wire.Article.ContentHash
	wire.Key, copyAt.Key = "url:a.example/story", "url:b.example/story"
	out, err := s.Put(ctx, []store.Item{wire, copyAt}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if out[0] != store.Inserted || out[1] != store.Inserted || wire.Article.ID == copyAt.Article.ID {
		t.Fatalf("identical text at two keys: %v, ids %d %d", out, wire.Article.ID, copyAt.Article.ID)
	}
	// A new title with the same text is another content hash: a revision,
	// and the hook sees the version it replaces.
	fixed := item("w1", "https://a.example/story", "the same wire text")
	fixed.Key, fixed.Article.Title, fixed.Article.ContentHash = wire.Key, "Corrected", "other-hash"
	items := []store.Item{fixed}
	var prev *news.Article
	_, err = s.Put(ctx, items, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		prev = items[0].Prev
		return store.Derived{Base: base}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if prev == nil || prev.Title != "T w1" || prev.ID != wire.Article.ID {
		t.Errorf("hook's previous version: %+v", prev)
	}
	got, _ := s.Get(ctx, wire.Article.ID)
	if got.Title != "Corrected" || got.Revision != 2 {
		t.Errorf("after correction: %q rev %d", got.Title, got.Revision)
	}
	// A preset id is kept for a new article (reprocess keeps ids).
	kept := item("k", "", "kept")
	kept.Article.ID, kept.Article.Revision = 77, 3
	if _, err := s.Put(ctx, []store.Item{kept}, nil); err != nil {
		t.Fatal(err)
	}
	if got, err := s.Get(ctx, 77); err != nil || got.Revision != 3 || got.Text != "kept" {
		t.Errorf("preset id: %+v, %v", got, err)
	}
	if raw, err := s.Raw(ctx, 77); err != nil || raw.Content != "kept" {
		t.Errorf("raw of preset id: %+v, %v", raw, err)
	}
	wantFetched := item("f", "https://c.example/x", "f")
	wantFetched.Article.FetchedURL = "https://mirror.example/x?utm_source=y"
	s.Put(ctx, []store.Item{wantFetched}, nil)
	if got, _ := s.Get(ctx, wantFetched.Article.ID); got.FetchedURL != wantFetched.Article.FetchedURL {
		t.Errorf("fetched url: %q", got.FetchedURL)
	}
}

// derived: event and storyline rows, placements and the version check, all
// in the batch's transaction.
func derived(t *testing.T, s store.Store) {
	ctx := context.Background()
	v0, err := s.DerivedVersion(ctx)
	if err != nil {
		t.Fatal(err)
	}
	a, b := item("a", "", "one"), item("b", "", "two")
	ev := func(id, into int64, last string, n int) store.EventRow {
		return store.EventRow{ID: id, MergedInto: into, Title: "E", First: "2020-01-01", Last: last, Articles: n,
			Originals: n, Outlets: []string{"X"}, KeyTerms: []string{"k"}, KeyEntities: []string{"N"}, Storyline: 1}
	}
	_, err = s.Put(ctx, []store.Item{a, b}, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		if base != v0 {
			t.Errorf("base %d, want %d", base, v0)
		}
		items[0].Article.Event, items[1].Article.Event = 1, 2
		return store.Derived{Base: base,
			Entities: []store.EntityRow{{ID: 1, Name: "Maria Zakharova", Type: "PER", Articles: 2, FirstSeen: "2017-12-28",
				LastSeen: "2018-01-02", Data: []byte(`{"id":1}`)}},
			Events: []store.EventRow{ev(1, 0, "2020-01-03", 1), ev(2, 0, "2020-01-05", 1), ev(3, 0, "", 0)},
			Storylines: []store.StorylineRow{{ID: 1, Title: "S", Events: []int64{1, 2}, Articles: 2,
				Outlets: []string{"X"}, KeyEntities: []string{"N"}}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := s.DerivedVersion(ctx); v != v0+1 {
		t.Errorf("version %d, want %d", v, v0+1)
	}
	evs, err := s.Events(ctx, store.ListQuery{})
	if err != nil || len(evs) != 2 || evs[0].ID != 2 || evs[1].ID != 1 {
		t.Fatalf("events latest first, empty left out: %+v %v", evs, err)
	}
	if !reflect.DeepEqual(evs[1], ev(1, 0, "2020-01-03", 1)) {
		t.Errorf("event round trip: %+v", evs[1])
	}
	// A merge: event 2 into 1; the old id resolves to its new home.
	_, err = s.Put(ctx, []store.Item{item("c", "", "three")}, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		items[0].Article.Event = 1
		return store.Derived{Base: base, Events: []store.EventRow{ev(1, 0, "2020-01-06", 3), ev(2, 1, "2020-01-05", 1)},
			Placements: []store.Placement{{Article: b.Article.ID, Event: 1, Storyline: 1, DuplicateOf: a.Article.ID}}}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if e, err := s.Event(ctx, 2); err != nil || e.ID != 1 || e.Articles != 3 {
		t.Errorf("merged id resolves to %+v, %v", e, err)
	}
	if got, _ := s.Get(ctx, b.Article.ID); got.Event != 1 || got.Storyline != 1 || got.DuplicateOf != a.Article.ID {
		t.Errorf("placement not written: %+v", got)
	}
	if e, err := s.Entity(ctx, 1); err != nil || e.Name != "Maria Zakharova" || e.Articles != 2 || string(e.Data) != `{"id":1}` {
		t.Errorf("entity 1: %+v %v", e, err)
	}
	if _, err := s.Entity(ctx, 12345); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown entity: %v", err)
	}
	if _, err := s.Event(ctx, 99); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown event: %v", err)
	}
	sl, err := s.Storyline(ctx, 1)
	if err != nil || !reflect.DeepEqual(sl.Events, []int64{1, 2}) || sl.Title != "S" {
		t.Errorf("storyline: %+v %v", sl, err)
	}
	if sls, _ := s.Storylines(ctx, store.ListQuery{Limit: 5}); len(sls) != 1 {
		t.Errorf("storylines: %+v", sls)
	}
	// A hook that worked from another version is refused, and nothing of
	// its batch is written.
	n, _ := s.Count(ctx)
	_, err = s.Put(ctx, []store.Item{item("d", "", "four")}, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		return store.Derived{Base: base - 1}, nil
	})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale hook: %v", err)
	}
	if m, _ := s.Count(ctx); m != n {
		t.Errorf("stale batch written: %d articles, want %d", m, n)
	}
}

// clusterState: the journal grows with batches; a snapshot replaces the
// journal it includes, and is refused when the state moved on.
func clusterState(t *testing.T, s store.Store) {
	ctx := context.Background()
	rc, upto, err := s.ClusterSnapshot(ctx)
	if err != nil || rc != nil || upto != 0 {
		t.Fatalf("empty store: %v %d %v", rc, upto, err)
	}
	put := func(docs ...string) {
		t.Helper()
		_, err := s.Put(ctx, []store.Item{item(docs[0], "", docs[0])}, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
			d := store.Derived{Base: base}
			for _, x := range docs {
				d.ClusterLog = append(d.ClusterLog, store.LogEntry{Doc: []byte(x), Remove: x == "rm"})
			}
			return d, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	journal := func(after int64) (out []string) {
		t.Helper()
		err := s.ClusterLog(ctx, after, func(e store.LogEntry) error {
			x := string(e.Doc)
			if e.Remove != (x == "rm") {
				t.Errorf("entry %d remove %v", e.Seq, e.Remove)
			}
			out = append(out, x)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	put("x1", "x2")
	put("x3", "rm")
	if got := journal(0); !reflect.DeepEqual(got, []string{"x1", "x2", "x3", "rm"}) {
		t.Fatalf("journal %v", got)
	}
	v, _ := s.DerivedVersion(ctx)
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<20+7) // more than one chunk
	if err := s.SaveClusterSnapshot(ctx, v-1, func(w io.Writer) error { _, err := w.Write(big); return err }); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale snapshot: %v", err)
	}
	if err := s.SaveClusterSnapshot(ctx, v, func(w io.Writer) error { _, err := w.Write(big); return err }); err != nil {
		t.Fatal(err)
	}
	rc, upto, err = s.ClusterSnapshot(ctx)
	if err != nil || rc == nil {
		t.Fatal(rc, err)
	}
	got, err := io.ReadAll(rc)
	rc.Close()
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("snapshot read back: %d bytes, %v", len(got), err)
	}
	if rest := journal(upto); len(rest) != 0 {
		t.Errorf("journal after the snapshot: %v", rest)
	}
	put("x5")
	if rest := journal(upto); !reflect.DeepEqual(rest, []string{"x5"}) {
		t.Errorf("journal after the snapshot: %v", rest)
	}
}
