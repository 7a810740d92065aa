package postgres

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestPutAsSQLite runs the same batches on both stores, among them keys
// that come twice in a batch, preset ids and text PostgreSQL cannot hold
// as is, and compares what Put tells and what is stored.
func TestPutAsSQLite(t *testing.T) {
	ctx := context.Background()
	pg := openTest(t)
	lite, err := sqlite.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()

	item := func(key, content string) store.Item {
		return store.Item{Key: key, Doc: news.Document{SourceID: key, Origin: key + ".txt", Format: news.FormatText, Content: content},
			Article: &news.Article{SourceID: key, Title: "T " + content, Text: content, ContentHash: "h-" + content,
				Published: "2020-01-02"}}
	}
	preset := func(it store.Item, id int64) store.Item { it.Article.ID = id; return it }
	batches := []struct {
		name  string
		items func() []store.Item
		hook  bool
	}{
		{"new keys", func() []store.Item { return []store.Item{item("a", "1"), item("b", "1")} }, false},
		{"a key twice, and again and back", func() []store.Item {
			return []store.Item{item("c", "1"), item("c", "1"), item("c", "2"), item("c", "1"), item("a", "2"), item("a", "1")}
		}, true},
		{"preset ids", func() []store.Item {
			return []store.Item{preset(item("p", "1"), 40), preset(item("q", "1"), 20), item("a", "3")}
		}, false},
		{"after preset ids", func() []store.Item { return []store.Item{item("r", "1"), item("p", "2")} }, true},
		{"NUL and bad UTF-8", func() []store.Item {
			return []store.Item{item("nul\x00key", "with\x00nul"), item("s", "bad \xff utf-8")}
		}, false},
		{"NUL and bad UTF-8 again", func() []store.Item {
			return []store.Item{item("nul\x00key", "with\x00nul"), item("s", "bad \xff utf-8"), item("s", "bad \xfe utf-8"),
				item("nul\uFFFDkey", "with\x00nul"), item("\uFFFEs", "x")}
		}, true},
	}
	type told struct {
		Out       []store.Outcome
		IDs, Revs []int64
		Prev      []string
	}
	run := func(s store.Store, b []store.Item, hook bool) (told, error) {
		var prevs []string
		var h store.Hook
		if hook {
			h = func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
				for _, it := range items {
					p := ""
					if it.Prev != nil {
						p = fmt.Sprintf("%d/%d %s", it.Prev.ID, it.Prev.Revision, text(it.Prev.Title))
					}
					prevs = append(prevs, p)
				}
				return store.Derived{Base: base}, nil
			}
		}
		out, err := s.Put(ctx, b, h)
		tl := told{Out: out, Prev: prevs}
		for _, it := range b {
			tl.IDs = append(tl.IDs, it.Article.ID)
			tl.Revs = append(tl.Revs, int64(it.Article.Revision))
		}
		return tl, err
	}
	for _, b := range batches {
		got, err := run(pg, b.items(), b.hook)
		if err != nil {
			t.Fatalf("%s: PostgreSQL: %v", b.name, err)
		}
		want, err := run(lite, b.items(), b.hook)
		if err != nil {
			t.Fatalf("%s: SQLite: %v", b.name, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\nPostgreSQL %+v\nSQLite     %+v", b.name, got, want)
		}
	}
	// What is stored, all revisions; text as PostgreSQL can hold it (NUL
	// and invalid UTF-8 become U+FFFD), identities and the raw input
	// exactly.
	dump := func(s store.Store) (out []string) {
		s.Each(ctx, store.Query{}, func(a *news.Article) error {
			revs, _ := s.Revisions(ctx, a.ID)
			for _, r := range revs {
				d, _ := s.RawRevision(ctx, a.ID, r.Revision)
				out = append(out, fmt.Sprintf("%d rev %d/%d %q %q %q %d %q", a.ID, r.Revision, a.Revision, text(a.Title),
					text(a.SourceID), r.Hash, r.Size, d.Content))
			}
			return nil
		})
		return out
	}
	got, want := dump(pg), dump(lite)
	if len(got) != len(want) {
		t.Fatalf("stored:\nPostgreSQL %q\nSQLite     %q", got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("stored:\nPostgreSQL %s\nSQLite     %s", got[i], want[i])
		}
	}
}
