package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/store"
)

// eventsBrief: StorylineEventsBrief is StorylineEvents without the JSON
// columns, and EventsByID the full rows of the ids asked.
func eventsBrief(t *testing.T, s store.Store) {
	ctx := context.Background()
	it := item("eb1", "", "text of eb1")
	it.Article.Event, it.Article.Storyline = 10, 1
	d := store.Derived{
		Events: []store.EventRow{
			{ID: 10, Title: "E10", First: "2020-01-01", Last: "2020-01-03", Articles: 3, Originals: 2, Storyline: 1,
				Outlets: []string{"X", "Y"}, KeyTerms: []string{"t"}, KeyEntities: []string{"e"}},
			{ID: 11, Title: "E11", First: "2020-01-04", Last: "2020-01-05", Articles: 2, Storyline: 1, Outlets: []string{"Z"}},
			{ID: 12, Title: "E12", Storyline: 2},
			{ID: 13, MergedInto: 10, Title: "E13", Storyline: 1},
		},
		Storylines: []store.StorylineRow{{ID: 1, Title: "S1", Events: []int64{10, 11}}, {ID: 2, Title: "S2", Events: []int64{12}}},
	}
	if _, err := s.Put(ctx, []store.Item{it}, func(base int64, _ []store.Item, _ []store.Outcome) (store.Derived, error) {
		d.Base = base
		return d, nil
	}); err != nil {
		t.Fatal(err)
	}
	full, err := s.StorylineEvents(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	brief, err := s.StorylineEventsBrief(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(brief) != len(full) || len(brief) != 2 {
		t.Fatalf("brief %+v, full %+v", brief, full)
	}
	for i, b := range brief {
		f := full[i]
		f.Outlets, f.KeyTerms, f.KeyEntities = nil, nil, nil
		if !reflect.DeepEqual(b, f) {
			t.Errorf("brief row %+v, want %+v", b, f)
		}
	}
	if evs, err := s.StorylineEventsBrief(ctx, 99); err != nil || len(evs) != 0 {
		t.Errorf("unknown storyline: %v, %v", evs, err)
	}
	byID, err := s.EventsByID(ctx, []int64{11, 10, 13, 99})
	if err != nil {
		t.Fatal(err)
	}
	if len(byID) != 3 || !reflect.DeepEqual(byID[10], full[0]) || !reflect.DeepEqual(byID[11], full[1]) || byID[13].MergedInto != 10 {
		t.Errorf("EventsByID = %+v", byID)
	}
	if got, err := s.EventsByID(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("no ids: %v, %v", got, err)
	}
	if _, err := s.EventsByID(ctx, make([]int64, store.MaxList+1)); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("too many ids: %v", err)
	}
}
