package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// EntityReads checks the entity page's bounded reads: EntityMonthCounts
// agrees with EntityMonths as articles come, are revised (named entities
// and date changed together, or the date alone) and are re-dated to no
// date; EntityArticleHeads lists the last articles stored, newest first.
func EntityReads(t *testing.T, open func(t *testing.T) store.Store) {
	ctx := context.Background()
	s := open(t)
	ids := putDocs(t, s, browseCorpus, store.Derived{
		Entities: []store.EntityRow{{ID: 10, Name: "X", Type: "PER", Articles: 2, Data: []byte("{}")},
			{ID: 11, Name: "Y", Type: "ORG", Articles: 3, Data: []byte("{}")}},
	})
	a2, a3, a5 := ids[1], ids[2], ids[4]
	same := func(step string, want map[int64][]store.MonthCount) {
		t.Helper()
		for _, id := range []int64{10, 11} {
			slow, err := s.EntityMonths(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			fast, err := s.EntityMonthCounts(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(fast, slow) {
				t.Errorf("%s: entity %d: counts %+v, join %+v", step, id, fast, slow)
			}
			if w, ok := want[id]; ok && !reflect.DeepEqual(fast, w) {
				t.Errorf("%s: entity %d: %+v, want %+v", step, id, fast, w)
			}
		}
	}
	same("stored", map[int64][]store.MonthCount{
		10: {{Month: "2020-01", Count: 2}},
		11: {{Month: "2020-01", Count: 2}, {Month: "2020-02", Count: 1}},
	})
	if _, err := s.EntityMonthCounts(ctx, 99); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown entity: %v", err)
	}
	heads, err := s.EntityArticleHeads(ctx, 11, 2)
	if err != nil || len(heads) != 2 || heads[0].ID != a5 || heads[1].ID != a3 || heads[0].Outlet != "Alpha" || heads[0].Published != "2020-02-10" {
		t.Errorf("heads of 11: %+v, %v", heads, err)
	}
	if _, err := s.EntityArticleHeads(ctx, 99, 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown entity heads: %v", err)
	}

	revise := func(key, content, published string, entities ...int64) {
		t.Helper()
		it := item(key+"-v", "https://example.org/"+key, content)
		it.Key = "url:" + key
		it.Article.Published = published
		_, err := s.Put(ctx, []store.Item{it}, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
			items[0].Article.Entities = nil
			for _, e := range entities {
				items[0].Article.Entities = append(items[0].Article.Entities, news.Entity{Name: "E", Type: "PER", Mentions: 1, ID: e})
			}
			return store.Derived{Base: base}, nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// a1 now names 11 instead of 10, and moves to March.
	revise("a1", "one, corrected", "2020-03-05", 11)
	same("revised and re-dated", map[int64][]store.MonthCount{
		10: {{Month: "2020-01", Count: 1}},
		11: {{Month: "2020-01", Count: 2}, {Month: "2020-02", Count: 1}, {Month: "2020-03", Count: 1}},
	})
	// a2 keeps its entities and moves to February.
	revise("a2", "two, corrected", "2020-02-01", 10, 11)
	same("re-dated", map[int64][]store.MonthCount{
		10: {{Month: "2020-02", Count: 1}},
		11: {{Month: "2020-01", Count: 1}, {Month: "2020-02", Count: 2}, {Month: "2020-03", Count: 1}},
	})
	// a3 loses its date.
	revise("a3", "three, corrected", "", 11)
	same("undated", map[int64][]store.MonthCount{
		11: {{Month: "2020-02", Count: 2}, {Month: "2020-03", Count: 1}},
	})
	// a3 dated again, naming both.
	revise("a3", "three, again", "2021-12-31T23:00:00Z", 10, 11)
	same("dated again", nil)
	heads, err = s.EntityArticleHeads(ctx, 10, 0)
	if err != nil || len(heads) != 2 || heads[0].ID != a3 || heads[1].ID != a2 {
		t.Errorf("heads of 10: %+v, %v", heads, err)
	}
}
