package storetest

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// browseCorpus: two outlets copying a third (a5 is a re-post at its own
// outlet, not a copy of another's), dated, undated and date-time articles.
var browseCorpus = []doc{
	{key: "a1", text: "one", outlet: "Alpha", published: "2020-01-01", storyline: 1, entities: []int64{10}},
	{key: "a2", text: "two", outlet: "Beta", published: "2020-01-01T09:00:00Z", storyline: 1, dupOf: 1, entities: []int64{10, 11}},
	{key: "a3", text: "three", outlet: "Alpha", published: "2020-01-03", storyline: 1, entities: []int64{11}},
	{key: "a4", text: "four", outlet: "Gamma", storyline: 2, dupOf: 3},
	{key: "a5", text: "five", outlet: "Alpha", published: "2020-02-10", dupOf: 1, entities: []int64{11}},
}

// browse: the filters and summaries the web pages read.
func browse(t *testing.T, s store.Store) {
	ctx := context.Background()
	ids := putDocs(t, s, browseCorpus, store.Derived{
		Entities: []store.EntityRow{{ID: 10, Name: "X", Type: "PER", Articles: 2, Data: []byte("{}")},
			{ID: 11, Name: "Y", Type: "ORG", Articles: 3, Data: []byte("{}")}},
		Events: []store.EventRow{{ID: 1, Title: "old", First: "2020-01-01", Last: "2020-01-03", Articles: 3, Storyline: 1},
			{ID: 2, Title: "new", First: "2020-02-10", Last: "2020-02-10", Articles: 1, Storyline: 3}},
		Storylines: []store.StorylineRow{{ID: 1, Title: "S1", First: "2020-01-01", Last: "2020-01-03", Articles: 3},
			{ID: 2, Title: "S2", Articles: 1}, {ID: 3, Title: "S3", First: "2020-02-10", Last: "2020-02-10", Articles: 1},
			{ID: 4, MergedInto: 1, Title: "S4"}},
	})
	a1, a2, a3, a4, a5 := ids[0], ids[1], ids[2], ids[3], ids[4]
	each := func(q store.Query) []int64 {
		t.Helper()
		var got []int64
		if err := s.Each(ctx, q, func(a *news.Article) error { got = append(got, a.ID); return nil }); err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		return got
	}
	for _, c := range []struct {
		name string
		q    store.Query
		want []int64
	}{
		{"entity", store.Query{Entity: 10}, []int64{a1, a2}},
		{"entity and outlet", store.Query{Entity: 11, Outlet: "Alpha"}, []int64{a3, a5}},
		{"entity paged", store.Query{Entity: 11, AfterID: a2, Limit: 1}, []int64{a3}},
		{"unknown entity", store.Query{Entity: 99}, nil},
		{"copies", store.Query{DuplicateOf: a1}, []int64{a2, a5}},
		{"one day, date-time included", store.Query{From: "2020-01-01", To: "2020-01-01"}, []int64{a1, a2}},
		{"from, undated left out", store.Query{From: "2020-01-02"}, []int64{a3, a5}},
		{"to", store.Query{To: "2020-01-03"}, []int64{a1, a2, a3}},
	} {
		if got := each(c.q); !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
	if err := s.Each(ctx, store.Query{From: "1/1/2020"}, func(*news.Article) error { return nil }); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("bad date: %v", err)
	}

	for _, c := range []struct {
		q          store.ListQuery
		events     []int64
		storylines []int64
	}{
		{store.ListQuery{}, []int64{2, 1}, []int64{1, 2, 3}},
		{store.ListQuery{Since: "2020-01-03"}, []int64{2, 1}, []int64{1, 3}},
		{store.ListQuery{Since: "2020-01-04", Order: "largest"}, []int64{2}, []int64{3}},
	} {
		evs, err := s.Events(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		sls, err := s.Storylines(ctx, c.q)
		if err != nil {
			t.Fatal(err)
		}
		var ge, gs []int64
		for _, e := range evs {
			ge = append(ge, e.ID)
		}
		for _, x := range sls {
			gs = append(gs, x.ID)
		}
		if !reflect.DeepEqual(ge, c.events) || !reflect.DeepEqual(gs, c.storylines) {
			t.Errorf("%+v: events %v storylines %v, want %v %v", c.q, ge, gs, c.events, c.storylines)
		}
	}
	if _, err := s.Events(ctx, store.ListQuery{Since: "soon"}); !errors.Is(err, store.ErrBadQuery) {
		t.Errorf("bad since: %v", err)
	}

	outlets, err := s.Outlets(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []store.OutletRow{
		{Name: "Alpha", Articles: 3, First: "2020-01-01", Last: "2020-02-10", CopiedByOther: 2},
		{Name: "Beta", Articles: 1, First: "2020-01-01", Last: "2020-01-01", CopiesOfOther: 1},
		{Name: "Gamma", Articles: 1, CopiesOfOther: 1},
	}
	if !reflect.DeepEqual(outlets, want) {
		t.Errorf("outlets %+v", outlets)
	}
	if outlets, _ := s.Outlets(ctx, 2); len(outlets) != 2 {
		t.Errorf("outlets limit 2: %d", len(outlets))
	}
	for _, c := range []struct {
		outlet string
		limit  int
		want   []store.CopyLink
	}{
		{"Alpha", 0, []store.CopyLink{{Copy: a4, CopyOutlet: "Gamma", Original: a3, OriginalOutlet: "Alpha"}, {Copy: a2, CopyOutlet: "Beta", Original: a1, OriginalOutlet: "Alpha"}}},
		{"Alpha", 1, []store.CopyLink{{Copy: a4, CopyOutlet: "Gamma", Original: a3, OriginalOutlet: "Alpha"}}},
		{"Beta", 0, []store.CopyLink{{Copy: a2, CopyOutlet: "Beta", Original: a1, OriginalOutlet: "Alpha"}}},
		{"Nobody", 0, nil},
	} {
		if got, err := s.OutletCopies(ctx, c.outlet, c.limit); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("copies of %s: %+v, %v", c.outlet, got, err)
		}
	}

	for _, c := range []struct {
		id   int64
		want []store.DayCount
	}{
		{1, []store.DayCount{{Day: "2020-01-01", Count: 2}, {Day: "2020-01-03", Count: 1}}},
		{4, []store.DayCount{{Day: "2020-01-01", Count: 2}, {Day: "2020-01-03", Count: 1}}}, // merged into 1
		{2, nil}, // undated only
	} {
		if got, err := s.StorylineDays(ctx, c.id); err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("storyline %d days: %+v, %v", c.id, got, err)
		}
	}
	if _, err := s.StorylineDays(ctx, 99); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown storyline: %v", err)
	}
	if got, err := s.EntityMonths(ctx, 11); err != nil || !reflect.DeepEqual(got, []store.MonthCount{{Month: "2020-01", Count: 2}, {Month: "2020-02", Count: 1}}) {
		t.Errorf("entity months: %+v, %v", got, err)
	}
	if _, err := s.EntityMonths(ctx, 99); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown entity: %v", err)
	}

	// A revision of a1 names entity 11 instead of 10: the join follows,
	// and both revisions' raw input stays readable.
	rev := item("a1-v2", "https://example.org/a1", "one, corrected")
	rev.Key = "url:a1"
	_, err = s.Put(ctx, []store.Item{rev}, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		items[0].Article.Entities = []news.Entity{{Name: "Y", Type: "ORG", Mentions: 1, ID: 11}}
		return store.Derived{Base: base}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := each(store.Query{Entity: 10}); !reflect.DeepEqual(got, []int64{a2}) {
		t.Errorf("entity 10 after revision: %v", got)
	}
	if got := each(store.Query{Entity: 11}); !reflect.DeepEqual(got, []int64{a1, a2, a3, a5}) {
		t.Errorf("entity 11 after revision: %v", got)
	}
	revs, err := s.Revisions(ctx, a1)
	if err != nil || len(revs) != 2 {
		t.Fatalf("revisions: %+v, %v", revs, err)
	}
	first, second := revs[0], revs[1]
	if first.Revision != 1 || second.Revision != 2 || first.Size != len("one") || second.Size != len("one, corrected") ||
		first.SourceID != "a1" || second.SourceID != "a1-v2" || first.Origin != "a1.txt" || second.URL != "https://example.org/a1" ||
		first.Format != string(news.FormatText) || first.Hash == second.Hash || first.Hash == "" || second.StoredAt == "" {
		t.Errorf("revisions: %+v", revs)
	}
	if d, err := s.RawRevision(ctx, a1, 1); err != nil || d.Content != "one" || d.SourceID != "a1" {
		t.Errorf("revision 1: %+v, %v", d, err)
	}
	if d, err := s.RawRevision(ctx, a1, 2); err != nil || d.Content != "one, corrected" {
		t.Errorf("revision 2: %+v, %v", d, err)
	}
	for _, r := range []int{0, 3} {
		if _, err := s.RawRevision(ctx, a1, r); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("revision %d: %v", r, err)
		}
	}
	if _, err := s.Revisions(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revisions of unknown: %v", err)
	}
}
