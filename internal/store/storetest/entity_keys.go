package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// entityKeys checks the entity table's index keys: Derived.EntityKeys
// replaces an entity's keys, EntityIDsByKeys gives the smallest ids per
// key up to its limit, EntityRows the rows with Data, MaxEntityID the
// largest id.
func entityKeys(t *testing.T, s store.Store) {
	ctx := context.Background()
	if id, err := s.MaxEntityID(ctx); err != nil || id != 0 {
		t.Fatalf("MaxEntityID of an empty store: %d, %v", id, err)
	}
	if got, err := s.EntityIDsByKeys(ctx, []string{"n:x"}, 64); err != nil || len(got) != 0 {
		t.Fatalf("EntityIDsByKeys of an empty store: %v, %v", got, err)
	}
	put := func(d store.Derived) {
		t.Helper()
		if _, err := s.Put(ctx, nil, func(base int64, _ []store.Item, _ []store.Outcome) (store.Derived, error) {
			d.Base = base
			return d, nil
		}); err != nil {
			t.Fatal(err)
		}
	}
	var rows []store.EntityRow
	for id := int64(1); id <= 5; id++ {
		rows = append(rows, store.EntityRow{ID: id, Name: fmt.Sprint("E", id), Type: "PER", Data: []byte(fmt.Sprintf(`{"ID":%d}`, id))})
	}
	put(store.Derived{Entities: rows, EntityKeys: []store.EntityKeys{
		{Entity: 5, Keys: []string{"n:smith", "s:SM0"}},
		{Entity: 2, Keys: []string{"n:john smith", "s:SM0"}},
		{Entity: 4, Keys: []string{"s:SM0", "n:o'brien \u00e9"}},
		{Entity: 1, Keys: []string{"n:un", "i:un"}},
	}})
	get := func(keys []string, limit int) map[string][]int64 {
		t.Helper()
		got, err := s.EntityIDsByKeys(ctx, keys, limit)
		if err != nil {
			t.Fatal(err)
		}
		return got
	}
	cases := []struct {
		keys  []string
		limit int
		want  map[string][]int64
	}{
		{[]string{"s:SM0"}, 64, map[string][]int64{"s:SM0": {2, 4, 5}}},
		{[]string{"s:SM0"}, 2, map[string][]int64{"s:SM0": {2, 4}}},
		{[]string{"s:SM0", "s:SM0", "n:un", "missing"}, 0, map[string][]int64{"s:SM0": {2}, "n:un": {1}}},
		{[]string{"n:o'brien \u00e9", "i:un"}, 64, map[string][]int64{"n:o'brien \u00e9": {4}, "i:un": {1}}},
	}
	for _, c := range cases {
		if got := get(c.keys, c.limit); !reflect.DeepEqual(got, c.want) {
			t.Errorf("EntityIDsByKeys(%q, %d) = %v, want %v", c.keys, c.limit, got, c.want)
		}
	}
	// Replacing an entity's keys drops the old ones; no keys drops all.
	put(store.Derived{EntityKeys: []store.EntityKeys{{Entity: 2, Keys: []string{"n:jon smith"}}, {Entity: 1}}})
	want := map[string][]int64{"s:SM0": {4, 5}, "n:jon smith": {2}}
	if got := get([]string{"s:SM0", "n:john smith", "n:jon smith", "n:un", "i:un"}, 64); !reflect.DeepEqual(got, want) {
		t.Errorf("after replacing: %v, want %v", got, want)
	}
	if _, err := s.EntityIDsByKeys(ctx, make([]string, store.MaxList+1), 1); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("EntityIDsByKeys of %d keys: %v, want ErrBadQuery", store.MaxList+1, err)
	}

	got, err := s.EntityRows(ctx, []int64{5, 3, 9})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != 3 || got[1].ID != 5 || string(got[1].Data) != `{"ID":5}` || got[1].Name != "E5" {
		t.Errorf("EntityRows(5, 3, 9) = %+v", got)
	}
	if got, err := s.EntityRows(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("EntityRows(none) = %v, %v", got, err)
	}
	if _, err := s.EntityRows(ctx, make([]int64, store.MaxList+1)); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("EntityRows of %d ids: %v, want ErrBadQuery", store.MaxList+1, err)
	}
	if id, err := s.MaxEntityID(ctx); err != nil || id != 5 {
		t.Errorf("MaxEntityID = %d, %v, want 5", id, err)
	}
}
