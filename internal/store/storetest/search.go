package storetest

import (
	"context"
	"errors"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// doc is one article of a test corpus, with what a hook would place.
type doc struct {
	key, title, text, outlet, lang, published string
	storyline, dupOf                          int64 // dupOf: index+1 of the original in the batch
	entities                                  []int64
}

// putDocs stores docs in one batch through a hook that sets their entity
// ids, storylines and copies, as the pipeline's would; it returns their ids.
func putDocs(t *testing.T, s store.Store, docs []doc, d store.Derived) []int64 {
	t.Helper()
	var items []store.Item
	for _, x := range docs {
		it := item(x.key, "https://example.org/"+x.key, x.text)
		it.Key = "url:" + x.key
		a := it.Article
		a.Title, a.Outlet, a.Language, a.Published = x.title, x.outlet, x.lang, x.published
		items = append(items, it)
	}
	_, err := s.Put(context.Background(), items, func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		for i, x := range docs {
			a := items[i].Article
			a.Storyline, a.Event, a.Entities = x.storyline, 0, nil
			if x.dupOf > 0 {
				a.DuplicateOf = items[x.dupOf-1].Article.ID
			}
			for _, e := range x.entities {
				a.Entities = append(a.Entities, news.Entity{Name: "E", Type: "PER", Mentions: 2, ID: e})
			}
		}
		d.Base = base
		return d, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(items))
	for i, it := range items {
		ids[i] = it.Article.ID
	}
	return ids
}

var searchCorpus = []doc{
	{key: "lavrov", title: "Lavrov warns Washington", text: "The Russian foreign minister said the troops in Syria must leave.",
		outlet: "Alpha", lang: "en", published: "2017-12-22", storyline: 1, entities: []int64{10}},
	{key: "budget", title: "Budget talks", text: "Lavrov came up once in a long text about the budget, the budget and again the budget of the city.",
		outlet: "Beta", lang: "en", published: "2018-01-05", storyline: 2, entities: []int64{11}},
	{key: "withdrawal", title: "Syria withdrawal", text: "American troops in Syria: the withdrawal of troops began in Zürich.",
		outlet: "Alpha", lang: "de", published: "2019-03-01T10:00:00Z", entities: []int64{10, 11}},
	{key: "weather", title: "Weather", text: "Sunny with some rain.", outlet: "Gamma", lang: "en"},
	{key: "hostile", title: "Operators", text: `NEAR AND OR NOT title: "quoted" DROP TABLE articles`, outlet: "Gamma", lang: "en"},
	{key: "kelp1", title: "Kelp", text: "Kelp forests.", outlet: "The Very Long Name of a Newspaper, Edition One", lang: "en"},
	{key: "kelp2", title: "Kelp", text: "Kelp forests.", outlet: "The Very Long Name of a Newspaper, Edition Two", lang: "en"},
}

// search: words, phrases, prefixes, filters, ranking, hostile input,
// facets, snippets as ranges, pages and revisions.
func search(t *testing.T, s store.Store) {
	ctx := context.Background()
	ids := putDocs(t, s, searchCorpus, store.Derived{Entities: []store.EntityRow{
		{ID: 10, Name: "Sergey Lavrov", Type: "PER", Articles: 2, Data: []byte("{}")},
		{ID: 11, Name: "Donald Trump", Type: "PER", Articles: 2, Data: []byte("{}")}}})
	lavrov, budget, withdrawal, weather, hostile, kelp1 := ids[0], ids[1], ids[2], ids[3], ids[4], ids[5]
	for _, c := range []struct {
		name    string
		q       store.SearchQuery
		want    []int64 // in rank order when ranked is set, else as a set
		ranked  bool
		hilight string // every highlight reads this, case folded
	}{
		{"word, title above text", store.SearchQuery{Text: "lavrov"}, []int64{lavrov, budget}, true, "lavrov"},
		{"all words must match", store.SearchQuery{Text: "troops Washington"}, []int64{lavrov}, false, ""},
		{"phrase", store.SearchQuery{Text: `"troops in Syria"`}, []int64{lavrov, withdrawal}, false, ""},
		{"phrase keeps its order", store.SearchQuery{Text: `"Syria in troops"`}, nil, false, ""},
		{"prefix", store.SearchQuery{Text: "withdr*"}, []int64{withdrawal}, false, "withdrawal"},
		{"too short a prefix is a word", store.SearchQuery{Text: "wi*"}, nil, false, ""},
		{"diacritics folded", store.SearchQuery{Text: "zurich"}, []int64{withdrawal}, false, "zürich"},
		{"from", store.SearchQuery{Text: "troops", From: "2018-01-01"}, []int64{withdrawal}, false, ""},
		{"to, inclusive of a date-time", store.SearchQuery{Text: "troops", To: "2019-03-01"}, []int64{lavrov, withdrawal}, false, ""},
		{"to", store.SearchQuery{Text: "troops", To: "2019-02-28"}, []int64{lavrov}, false, ""},
		{"closed range in a month", store.SearchQuery{Text: "troops", From: "2017-12-01", To: "2017-12-31"}, []int64{lavrov}, false, ""},
		{"closed range of days across years", store.SearchQuery{Text: "troops", From: "2017-12-23", To: "2019-03-01"}, []int64{withdrawal}, false, ""},
		{"closed range of whole years", store.SearchQuery{Text: "lavrov", From: "2017-01-01", To: "2018-12-31"}, []int64{lavrov, budget}, false, ""},
		{"closed range, nothing in it", store.SearchQuery{Text: "troops", From: "2018-02-01", To: "2019-02-28"}, nil, false, ""},
		{"outlet", store.SearchQuery{Text: "lavrov", Outlet: "Beta"}, []int64{budget}, false, ""},
		{"outlet, long names alike", store.SearchQuery{Text: "kelp", Outlet: "The Very Long Name of a Newspaper, Edition One"}, []int64{kelp1}, false, ""},
		{"outlet, no such", store.SearchQuery{Text: "lavrov", Outlet: "Bet"}, nil, false, ""},
		{"outlet, language and dates", store.SearchQuery{Text: "troops", Outlet: "Alpha", Language: "de", From: "2019-01-01", To: "2019-12-31"}, []int64{withdrawal}, false, ""},
		{"words are not filters", store.SearchQuery{Text: "y2017"}, nil, false, ""},
		{"words are not filters, folded", store.SearchQuery{Text: "Ý2017 m2017*"}, nil, false, ""},
		{"language", store.SearchQuery{Text: "troops", Language: "de"}, []int64{withdrawal}, false, ""},
		{"storyline", store.SearchQuery{Text: "troops", Storyline: 1}, []int64{lavrov}, false, ""},
		{"entity", store.SearchQuery{Text: "troops", Entity: 11}, []int64{withdrawal}, false, ""},
		{"empty", store.SearchQuery{Text: "  "}, nil, false, ""},
		{"only punctuation", store.SearchQuery{Text: `"*" -- ( ) : ^`}, nil, false, ""},
		{"operators are words", store.SearchQuery{Text: "NEAR AND OR NOT"}, []int64{hostile}, false, ""},
		{"column filter is words", store.SearchQuery{Text: "title:quoted"}, []int64{hostile}, false, ""},
		{"unbalanced quote", store.SearchQuery{Text: `lavrov"`}, []int64{lavrov, budget}, false, ""},
		{"unclosed phrase", store.SearchQuery{Text: `"troops in`}, []int64{lavrov, withdrawal}, false, ""},
		{"minus and caret are not operators", store.SearchQuery{Text: "-lavrov ^budget"}, []int64{budget}, false, ""},
		{"sql", store.SearchQuery{Text: `'); DROP TABLE articles; --`}, []int64{hostile}, false, ""},
		{"nul and control bytes", store.SearchQuery{Text: "rain\x00\x1b\x07"}, []int64{weather}, false, ""},
		{"very long", store.SearchQuery{Text: strings.Repeat("rain ", 5000)}, []int64{weather}, false, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := s.Search(ctx, c.q)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, h := range res.Hits {
				got = append(got, h.ID)
				checkHighlights(t, h, c.hilight)
			}
			if !c.ranked {
				sort.Slice(got, func(i, j int) bool { return got[i] < got[j] })
			}
			if !reflect.DeepEqual(got, c.want) || res.Total != len(c.want) || res.TotalCapped {
				t.Errorf("hits %v total %d capped %v, want %v", got, res.Total, res.TotalCapped, c.want)
			}
		})
	}

	res, err := s.Search(ctx, store.SearchQuery{Text: "troops"})
	if err != nil {
		t.Fatal(err)
	}
	if want := []store.Facet{{Value: "Alpha", Label: "Alpha", Count: 2}}; !reflect.DeepEqual(res.Outlets, want) {
		t.Errorf("outlet facets %+v", res.Outlets)
	}
	if want := []store.Facet{{Value: "2017", Label: "2017", Count: 1}, {Value: "2019", Label: "2019", Count: 1}}; !reflect.DeepEqual(res.Years, want) {
		t.Errorf("year facets %+v", res.Years)
	}
	if want := []store.Facet{{Value: "10", Label: "Sergey Lavrov", Count: 2}, {Value: "11", Label: "Donald Trump", Count: 1}}; !reflect.DeepEqual(res.Entities, want) {
		t.Errorf("entity facets %+v", res.Entities)
	}
	for _, h := range res.Hits {
		if h.ID == withdrawal && (h.Title != "Syria withdrawal" || h.Outlet != "Alpha" || h.Language != "de" ||
			h.Published != "2019-03-01T10:00:00Z" || h.Score <= 0) {
			t.Errorf("hit fields: %+v", h)
		}
	}
	for _, bad := range []store.SearchQuery{{Text: "x", Cursor: "not a cursor!"}, {Text: "x", From: "2019-13-01"}, {Text: "x", To: "yesterday"}} {
		if _, err := s.Search(ctx, bad); !errors.Is(err, store.ErrBadQuery) {
			t.Errorf("%+v: %v, want ErrBadQuery", bad, err)
		}
	}

	// A revision is searched by its new words only.
	rev := item("weather", "https://example.org/weather", "Heavy snow all week.")
	rev.Key, rev.Article.Title, rev.Article.Outlet = "url:weather", "Snowstorm", "Delta"
	if _, err := s.Put(ctx, []store.Item{rev}, nil); err != nil {
		t.Fatal(err)
	}
	for text, want := range map[string]int{"rain": 0, "sunny": 0, "snow": 1, "snowstorm": 1} {
		if res, err := s.Search(ctx, store.SearchQuery{Text: text}); err != nil || res.Total != want {
			t.Errorf("after revision, %q: %d hits, %v; want %d", text, res.Total, err, want)
		}
	}
	// and under its new outlet only.
	for outlet, want := range map[string]int{"Delta": 1, "Gamma": 0} {
		if res, err := s.Search(ctx, store.SearchQuery{Text: "snow", Outlet: outlet}); err != nil || res.Total != want {
			t.Errorf("after revision, snow at %s: %d hits, %v; want %d", outlet, res.Total, err, want)
		}
	}
}

// checkHighlights: ranges lie inside the snippet, in order, each reading
// word (when given), and no marker is left in the text.
func checkHighlights(t *testing.T, h store.SearchHit, word string) {
	t.Helper()
	if strings.ContainsAny(h.Snippet, "\x00\x01\x02\x03<>") && !strings.Contains(h.Snippet, "DROP") {
		t.Errorf("snippet %q carries markers", h.Snippet)
	}
	last := 0
	for _, r := range h.Highlights {
		if r[0] < last || r[1] <= r[0] || r[1] > len(h.Snippet) {
			t.Fatalf("highlight %v in %q", r, h.Snippet)
		}
		last = r[1]
		if word != "" && !strings.EqualFold(h.Snippet[r[0]:r[1]], word) {
			t.Errorf("highlight %q, want %q", h.Snippet[r[0]:r[1]], word)
		}
	}
	if word != "" && len(h.Highlights) == 0 && !strings.Contains(strings.ToLower(h.Title), word) {
		t.Errorf("no highlight in %q", h.Snippet)
	}
}

// searchPages: pages follow each other by cursor, best first, and neither
// repeat nor skip a hit.
func searchPages(t *testing.T, s store.Store) {
	ctx := context.Background()
	var docs []doc
	for i := range 7 {
		docs = append(docs, doc{key: "z" + string(rune('a'+i)), title: "Note", outlet: "Alpha",
			text: strings.Repeat("zeta ", i%3+1) + strings.Repeat("filler ", i)})
	}
	putDocs(t, s, docs, store.Derived{})
	seen := map[int64]bool{}
	var pages []int
	last := 1e300
	q := store.SearchQuery{Text: "zeta", Limit: 3}
	for range 5 {
		res, err := s.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 7 {
			t.Errorf("total %d", res.Total)
		}
		pages = append(pages, len(res.Hits))
		for _, h := range res.Hits {
			if seen[h.ID] || h.Score > last {
				t.Errorf("hit %d (score %g after %g) repeated or out of order", h.ID, h.Score, last)
			}
			seen[h.ID], last = true, h.Score
		}
		if res.Next == "" {
			break
		}
		q.Cursor = res.Next
	}
	if !reflect.DeepEqual(pages, []int{3, 3, 1}) || len(seen) != 7 {
		t.Errorf("pages %v, %d hits", pages, len(seen))
	}
}
