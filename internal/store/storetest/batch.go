package storetest

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// batch: the batch reads a page makes instead of one query per row
// (StorylineEvents, EntitiesByID, ArticleHeads, Quotes, StorylinesDays,
// StorylinePeople), and the quotations following their articles.
func batch(t *testing.T, s store.Store) {
	ctx := context.Background()
	// Six articles: a1–a3 in event 10, a4–a5 in event 11 (storyline 1),
	// a6 in event 12 (storyline 2). Entity 100 is a person quoted in a1,
	// a3 and a6; 101 a place; 102 a person named only.
	var items []store.Item
	for i := 1; i <= 6; i++ {
		it := item(fmt.Sprint("b", i), "", fmt.Sprint("text of b", i))
		a := it.Article
		a.Published = fmt.Sprintf("2020-01-0%d", i)
		a.Outlet = []string{"", "X", "Y"}[i%3]
		a.Event, a.Storyline = 10, 1
		if i >= 4 {
			a.Event = 11
		}
		if i == 6 {
			a.Event, a.Storyline = 12, 2
		}
		a.Entities = []news.Entity{{Name: "Maria Zakharova", Type: "PER", Mentions: 1, ID: 100},
			{Name: "Moscow", Type: "LOC", Mentions: 1, ID: 101}}
		a.Quotes = nil
		if i%2 == 1 || i == 6 {
			a.Quotes = []news.Quote{
				{Speaker: "Maria Zakharova", Text: fmt.Sprint("first ", i), Direct: true, SpeakerID: 100, SaidOn: fmt.Sprintf("2020-02-0%d", 7-i)},
				{Speaker: "", SpeakerMention: "he", Text: fmt.Sprint("second ", i)},
			}
		}
		if i == 2 {
			a.Entities = append(a.Entities, news.Entity{Name: "Ivan Petrov", Type: "PER", Mentions: 1, ID: 102})
			a.Title = ""
		}
		items = append(items, it)
	}
	d := store.Derived{
		Entities: []store.EntityRow{
			{ID: 100, Name: "Maria Zakharova", Type: "PER", Articles: 6, Data: []byte(`{"name":"Maria Zakharova"}`)},
			{ID: 101, Name: "Moscow", Type: "LOC", Articles: 6, Data: []byte(`{}`)},
			{ID: 102, Name: "Ivan Petrov", Type: "PER", Articles: 1, Data: []byte(`{}`)},
		},
		Events: []store.EventRow{
			{ID: 10, Title: "E10", First: "2020-01-01", Last: "2020-01-03", Articles: 3, Storyline: 1},
			{ID: 11, Title: "E11", First: "2020-01-04", Last: "2020-01-05", Articles: 2, Storyline: 1},
			{ID: 12, Title: "E12", First: "2020-01-06", Last: "2020-01-06", Articles: 1, Storyline: 2},
			{ID: 13, MergedInto: 10, Title: "E13", Storyline: 1},
		},
		Storylines: []store.StorylineRow{
			{ID: 1, Title: "S1", First: "2020-01-01", Last: "2020-01-05", Articles: 5, Events: []int64{10, 11}},
			{ID: 2, Title: "S2", First: "2020-01-06", Last: "2020-01-06", Articles: 1, Events: []int64{12}},
		},
	}
	if _, err := s.Put(ctx, items, func(base int64, _ []store.Item, _ []store.Outcome) (store.Derived, error) {
		d.Base = base
		return d, nil
	}); err != nil {
		t.Fatal(err)
	}
	id := func(i int) int64 { return items[i-1].Article.ID }

	t.Run("StorylineEvents", func(t *testing.T) {
		evs, err := s.StorylineEvents(ctx, 1)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, e := range evs {
			got = append(got, e.ID)
		}
		if !reflect.DeepEqual(got, []int64{10, 11}) || evs[0].Title != "E10" || evs[1].Articles != 2 {
			t.Errorf("events of storyline 1: %+v", evs)
		}
		if evs, err := s.StorylineEvents(ctx, 99); err != nil || len(evs) != 0 {
			t.Errorf("unknown storyline: %v, %v", evs, err)
		}
	})
	t.Run("EntitiesByID", func(t *testing.T) {
		m, err := s.EntitiesByID(ctx, []int64{100, 102, 999, 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != 2 || m[100].Name != "Maria Zakharova" || m[100].Type != "PER" || m[102].Name != "Ivan Petrov" || m[100].Articles != 6 {
			t.Errorf("entities: %+v", m)
		}
		if m, err := s.EntitiesByID(ctx, nil); err != nil || len(m) != 0 {
			t.Errorf("no ids: %v, %v", m, err)
		}
		if _, err := s.EntitiesByID(ctx, make([]int64, store.MaxList+1)); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("too many ids: %v", err)
		}
	})
	t.Run("ArticleHeads", func(t *testing.T) {
		hs, err := s.ArticleHeads(ctx, store.HeadQuery{Events: []int64{10, 12}, PerEvent: 2})
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range hs {
			got = append(got, h.ID)
		}
		if !reflect.DeepEqual(got, []int64{id(1), id(2), id(6)}) {
			t.Fatalf("heads: %v, want %v", got, []int64{id(1), id(2), id(6)})
		}
		h := hs[0]
		if h.Title != "T b1" || h.Outlet != "X" || h.Published != "2020-01-01" || h.Event != 10 || h.Storyline != 1 || h.Lead != "" || h.Claims != nil {
			t.Errorf("head: %+v", h)
		}
		if hs[1].Title != "" || hs[1].Lead != "text of b2" {
			t.Errorf("untitled head: %+v", hs[1])
		}
		hs, err = s.ArticleHeads(ctx, store.HeadQuery{Events: []int64{11}, Claims: true})
		if err != nil || len(hs) != 2 || len(hs[0].Claims) != 1 || hs[0].Claims[0].Key != "troops|US" {
			t.Errorf("heads with claims: %+v, %v", hs, err)
		}
	})
	t.Run("Quotes", func(t *testing.T) {
		type key struct {
			a int64
			i int
		}
		keys := func(rs []store.QuoteRow) []key {
			var out []key
			for _, r := range rs {
				out = append(out, key{r.Article, r.Index})
			}
			return out
		}
		// Zakharova's, in the order said: a6 (02-01), a3 (02-04), a1 (02-06).
		rs, next, err := s.Quotes(ctx, store.QuoteQuery{Speaker: 100})
		if err != nil {
			t.Fatal(err)
		}
		if want := []key{{id(6), 0}, {id(5), 0}, {id(3), 0}, {id(1), 0}}; !reflect.DeepEqual(keys(rs), want) || next != "" {
			t.Errorf("speaker's: %v next %q, want %v", keys(rs), next, want)
		}
		r := rs[0]
		if r.Quote.Text != "first 6" || !r.Quote.Direct || r.Quote.SaidOn != "2020-02-01" || r.Storyline != 2 || r.Event != 12 ||
			r.Outlet != "" || r.Published != "2020-01-06" || r.Title != "T b6" {
			t.Errorf("row: %+v", r)
		}
		// Pages of storyline 1: dated first, then undated by article.
		var all []key
		cursor := ""
		for range 10 {
			rs, next, err := s.Quotes(ctx, store.QuoteQuery{Storyline: 1, Limit: 2, Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			all = append(all, keys(rs)...)
			if next == "" {
				break
			}
			cursor = next
		}
		want := []key{{id(5), 0}, {id(3), 0}, {id(1), 0}, {id(1), 1}, {id(3), 1}, {id(5), 1}}
		if !reflect.DeepEqual(all, want) {
			t.Errorf("storyline pages: %v, want %v", all, want)
		}
		if rs, _, err := s.Quotes(ctx, store.QuoteQuery{Article: id(3)}); err != nil || !reflect.DeepEqual(keys(rs), []key{{id(3), 0}, {id(3), 1}}) {
			t.Errorf("article's: %v, %v", keys(rs), err)
		}
		if _, _, err := s.Quotes(ctx, store.QuoteQuery{Cursor: "nonsense"}); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("bad cursor: %v", err)
		}
		if rs, _, err := s.Quotes(ctx, store.QuoteQuery{Storyline: 1, Cursor: store.QuoteCursor("2020-02-04", id(3), 0)}); err != nil || len(rs) != 4 {
			t.Errorf("after a made cursor: %v, %v", keys(rs), err)
		}
		// A revision rewrites the quotations; a new placement moves them.
		rev := item("b3", "", "text of b3, revised")
		rev.Key = items[2].Key
		if rev.Key == "" {
			rev.Key = store.Key(items[2].Doc)
		}
		rev.Article.Event, rev.Article.Storyline = 10, 1
		rev.Article.Quotes = []news.Quote{{Speaker: "Maria Zakharova", Text: "revised", SpeakerID: 100}}
		if _, err := s.Put(ctx, []store.Item{rev}, nil); err != nil {
			t.Fatal(err)
		}
		rs, _, _ = s.Quotes(ctx, store.QuoteQuery{Article: id(3)})
		if len(rs) != 1 || rs[0].Quote.Text != "revised" {
			t.Errorf("after revision: %+v", rs)
		}
		if _, err := s.Put(ctx, nil, func(base int64, _ []store.Item, _ []store.Outcome) (store.Derived, error) {
			return store.Derived{Base: base, Placements: []store.Placement{{Article: id(3), Event: 12, Storyline: 2}}}, nil
		}); err != nil {
			t.Fatal(err)
		}
		rs, _, _ = s.Quotes(ctx, store.QuoteQuery{Storyline: 2})
		if !reflect.DeepEqual(keys(rs), []key{{id(6), 0}, {id(3), 0}, {id(6), 1}}) || rs[1].Event != 12 {
			t.Errorf("after placement: %v", keys(rs))
		}
	})
	t.Run("StorylinesDays", func(t *testing.T) {
		m, err := s.StorylinesDays(ctx, []int64{1, 2, 99})
		if err != nil {
			t.Fatal(err)
		}
		for _, sl := range []int64{1, 2} {
			one, err := s.StorylineDays(ctx, sl)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(m[sl], one) {
				t.Errorf("storyline %d: %v, want %v", sl, m[sl], one)
			}
		}
		if len(m[99]) != 0 {
			t.Errorf("unknown storyline: %v", m[99])
		}
	})
	t.Run("StorylinePeople", func(t *testing.T) {
		m, err := s.StorylinePeople(ctx, []int64{1, 2}, 50)
		if err != nil {
			t.Fatal(err)
		}
		want := []store.PersonCount{{ID: 100, Name: "Maria Zakharova", Articles: 4, Quoted: true}, {ID: 102, Name: "Ivan Petrov", Articles: 1}}
		if !reflect.DeepEqual(m[1], want) {
			t.Errorf("storyline 1: %+v, want %+v", m[1], want)
		}
		m, err = s.StorylinePeople(ctx, []int64{1}, 1)
		if err != nil || !reflect.DeepEqual(m[1], []store.PersonCount{{ID: 100, Name: "Maria Zakharova", Articles: 1, Quoted: true}}) {
			t.Errorf("sample of 1: %+v, %v", m[1], err)
		}
	})
}
