package postgres

import (
	"context"
	"fmt"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// keptChecks compare each table the triggers keep with the same rows
// computed from the articles: the query counts the rows in one and not the
// other, both ways.
var keptChecks = []struct{ name, kept, counted string }{
	{"article_entities",
		`SELECT article_id, entity_id, mentions FROM article_entities`,
		`SELECT a.id, (e->>'entity_id')::bigint, sum(coalesce((e->>'mentions')::int, 0))::int
			FROM articles a, jsonb_array_elements(a.entities) e
			WHERE (e->>'entity_id')::bigint > 0 GROUP BY 1, 2`},
	{"entity_months",
		`SELECT entity_id, month, articles FROM entity_months WHERE articles <> 0`,
		`SELECT ae.entity_id, substr(a.published, 1, 7), count(*)::int FROM articles a
			JOIN article_entities ae ON ae.article_id = a.id WHERE a.published >= '0000' GROUP BY 1, 2`},
	{"storyline_days",
		`SELECT storyline_id, day, articles FROM storyline_days WHERE articles <> 0`,
		`SELECT storyline_id, substr(published, 1, 10), count(*)::int FROM articles
			WHERE storyline_id > 0 AND published >= '0000' GROUP BY 1, 2`},
	{"quotes",
		`SELECT article_id, idx, speaker_id, speaker, said_on, direct, text, quote, storyline_id, event_id FROM quotes`,
		`SELECT a.id, (q.n - 1)::int, coalesce((q.v->>'speaker_id')::bigint, 0), coalesce(q.v->>'speaker', ''),
			coalesce(nullif(q.v->>'said_on', ''), '9999-99-99'), coalesce((q.v->>'direct')::boolean, false),
			coalesce(q.v->>'text', ''), q.v, a.storyline_id, a.event_id
			FROM articles a, jsonb_array_elements(a.quotes) WITH ORDINALITY q(v, n)`},
	{"copy_links",
		`SELECT copy_id, original_id, copy_outlet, original_outlet FROM copy_links`,
		`SELECT c.id, o.id, c.outlet, o.outlet FROM articles c JOIN articles o ON o.id = c.duplicate_of
			WHERE c.duplicate_of > 0`},
	{"search",
		`SELECT id, search FROM articles`,
		`SELECT id, articles_search_vector(title, text) FROM articles`},
}

func checkKept(t *testing.T, s *Store, when string) {
	t.Helper()
	ctx := context.Background()
	for _, c := range keptChecks {
		var extra, missing int
		q := `SELECT (SELECT count(*) FROM (%[1]s EXCEPT ALL %[2]s) x), (SELECT count(*) FROM (%[2]s EXCEPT ALL %[1]s) y)`
		if err := s.pool.QueryRow(ctx, fmt.Sprintf(q, c.kept, c.counted)).Scan(&extra, &missing); err != nil {
			t.Fatalf("%s: %s: %v", when, c.name, err)
		}
		if extra+missing > 0 {
			t.Errorf("%s: %s: %d rows kept that the articles do not give, %d missing", when, c.name, extra, missing)
		}
	}
}

// keptArticle is an article naming entities ents, with two quotations.
func keptArticle(key, content, outlet, published string, storyline int64, ents ...int64) store.Item {
	a := &news.Article{SourceID: key, Title: "Title " + content, Text: content + " and more words",
		Outlet: outlet, Published: published, ContentHash: "h-" + key + "-" + content, Storyline: storyline,
		Event: storyline * 10}
	for i, id := range ents {
		a.Entities = append(a.Entities, news.Entity{Name: fmt.Sprint("E", id), Type: "PER", Mentions: i + 1, ID: id})
	}
	a.Quotes = []news.Quote{{Speaker: "E1", Text: "we will", Direct: true, SpeakerID: 1},
		{Speaker: "", Text: "they did", SaidOn: published}}
	return store.Item{Key: key, Article: a, Doc: news.Document{SourceID: key, Format: news.FormatText, Content: content}}
}

// TestKeptTablesFollowArticles writes, places, revises and re-dates
// articles and checks after each step that the triggers kept every derived
// table as the articles give it.
func TestKeptTablesFollowArticles(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	put := func(hook store.Hook, items ...store.Item) []store.Outcome {
		t.Helper()
		out, err := s.Put(ctx, items, hook)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	ids := map[string]int64{}
	var items []store.Item
	for i := range 12 {
		key := fmt.Sprint("k", i)
		items = append(items, keptArticle(key, "v1", fmt.Sprint("O", i%3), fmt.Sprintf("2020-0%d-1%d", 1+i%3, i%10),
			int64(1+i%4), int64(1+i%5), int64(1+(i+2)%5), int64(1+i%5)))
	}
	items[3].Article.Published = "" // undated
	put(nil, items...)
	for _, it := range items {
		ids[it.Key] = it.Article.ID
	}
	checkKept(t, s, "inserted")

	// Placements: storylines move and merge, copies appear.
	put(func(base int64, _ []store.Item, _ []store.Outcome) (store.Derived, error) {
		return store.Derived{Base: base, Placements: []store.Placement{
			{Article: ids["k0"], Storyline: 3, Event: 30},
			{Article: ids["k1"], Storyline: 3, Event: 30, DuplicateOf: ids["k2"]},
			{Article: ids["k4"], Storyline: 2, Event: 20, DuplicateOf: ids["k2"]},
			{Article: ids["k5"], Storyline: 0, Event: 0, DuplicateOf: ids["k6"]},
		}}, nil
	})
	checkKept(t, s, "placed")
	for table, want := range map[string]int{"copy_links": 3, "quotes": 24, "article_entities": 24} {
		var n int
		if err := s.pool.QueryRow(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil || n != want {
			t.Errorf("placed: %s has %d rows, %v; want %d", table, n, err, want)
		}
	}

	// Revisions: a new month, a date removed, a date given, other
	// entities, another outlet for an original and for a copy, and an
	// article that was undated.
	revs := []store.Item{
		keptArticle("k0", "v2", "O0", "2021-05-01", 3, 2, 3),
		keptArticle("k1", "v2", "O1", "", 3, 1),
		keptArticle("k2", "v2", "Other", "2020-02-12", 2),
		keptArticle("k3", "v2", "O0", "2019-12-31T23:00:00Z", 1, 4, 4),
		keptArticle("k4", "v2", "Moved", "2020-02-14", 2, 5),
	}
	revs[1].Article.DuplicateOf = ids["k2"]
	revs[4].Article.DuplicateOf = ids["k2"]
	revs[2].Article.Quotes = nil
	for i, o := range put(nil, revs...) {
		if o != store.Revised {
			t.Fatalf("revision %d: %v", i, o)
		}
	}
	checkKept(t, s, "revised")

	// A hook changing the analysis of a revised article (entities resolved
	// after the write) and a copy no longer a copy.
	rev := keptArticle("k7", "v2", "O1", "2020-03-03", 4, 1)
	put(func(base int64, items []store.Item, _ []store.Outcome) (store.Derived, error) {
		items[0].Article.Entities = append(items[0].Article.Entities, news.Entity{Name: "E5", ID: 5, Mentions: 2})
		items[0].Article.Storyline = 1
		return store.Derived{Base: base, Placements: []store.Placement{{Article: ids["k4"], Storyline: 2, Event: 20}}}, nil
	}, rev)
	checkKept(t, s, "hook changed analysis")

	// Deleting articles (no Store method does; a repair by hand might)
	// takes their counts back.
	if _, err := s.pool.Exec(ctx, "DELETE FROM raw WHERE article_id IN ($1, $2)", ids["k2"], ids["k8"]); err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, "DELETE FROM articles WHERE id IN ($1, $2)", ids["k2"], ids["k8"]); err != nil {
		t.Fatal(err)
	}
	checkKept(t, s, "deleted")
}
