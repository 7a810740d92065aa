package sqlite

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// TestQueryPlans: each access path the web pages use is served by an
// index, never by a scan of a whole table. The queries are those of
// browse.go, search.go and Each with their filters.
func TestQueryPlans(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "p.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	// Statistics as a large store has them, so that the planner chooses
	// as it would there.
	if _, err := s.db.Exec("ANALYZE"); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, q string
		args    []any
		want    string // a line of the plan that must appear
	}{
		{"each by entity", "SELECT id FROM articles WHERE id > ? AND id IN (SELECT article_id FROM article_entities WHERE entity_id = ? AND article_id > ?) ORDER BY id LIMIT ?",
			[]any{0, 1, 0, 10}, "article_entities_entity"},
		{"each copies", "SELECT id FROM articles WHERE id > ? AND duplicate_of = ? AND duplicate_of > 0 ORDER BY id LIMIT ?",
			[]any{0, 1, 10}, "articles_duplicate"},
		{"each dates", "SELECT id FROM articles WHERE id > ? AND published >= ? AND published < ? ORDER BY id LIMIT ?",
			[]any{0, "2020-01-01", "2020-01-02", 10}, "articles_published"},
		{"since", "SELECT id FROM events WHERE merged_into = 0 AND articles > 0 AND last_day >= ? ORDER BY last_day DESC, id LIMIT 10",
			[]any{"2020-01-01"}, "events_latest"},
		{"outlets", `SELECT outlet, count(*), coalesce(min(iif(published <> '', substr(published, 1, 10), NULL)), ''),
			coalesce(max(substr(published, 1, 10)), '') FROM articles WHERE outlet <> '' GROUP BY outlet ORDER BY count(*) DESC, outlet LIMIT ?`,
			[]any{10}, "COVERING INDEX articles_outlet_published"},
		{"outlet copy counts", `SELECT c.outlet, o.outlet, count(*) FROM articles c JOIN articles o ON o.id = c.duplicate_of
			WHERE c.duplicate_of > 0 AND o.outlet <> c.outlet GROUP BY c.outlet, o.outlet`, nil, "articles_duplicate"},
		{"outlet copies", `SELECT c.id, c.outlet, o.id, o.outlet FROM articles c JOIN articles o ON o.id = c.duplicate_of
			WHERE c.outlet = ?1 AND c.duplicate_of > 0 AND o.outlet <> ?1
			UNION ALL SELECT c.id, c.outlet, o.id, o.outlet FROM articles o JOIN articles c ON c.duplicate_of = o.id AND c.duplicate_of > 0
			WHERE o.outlet = ?1 AND c.outlet <> ?1 ORDER BY 1 DESC LIMIT ?2`, []any{"X", 10}, "articles_duplicate"},
		{"storyline days", `SELECT substr(published, 1, 10) AS day, count(*) FROM articles
			WHERE storyline_id = ? AND published >= '0000' GROUP BY day ORDER BY day LIMIT ?`, []any{1, 10}, "COVERING INDEX articles_storyline_published"},
		{"entity months", `SELECT substr(a.published, 1, 7) AS month, count(*) FROM article_entities ae JOIN articles a ON a.id = ae.article_id
			WHERE ae.entity_id = ? AND a.published >= '0000' GROUP BY month ORDER BY month LIMIT ?`, []any{1, 10}, "article_entities_entity"},
		{"search window", `SELECT articles_fts.rowid, bm25(articles_fts, 4.0, 1.0), a.outlet, a.published
			FROM articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid
			WHERE articles_fts MATCH ? AND a.outlet = ? AND EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id AND ae.entity_id = ?)
			ORDER BY articles_fts.rowid DESC LIMIT ?`, []any{`"x"`, "X", 1, 10}, "VIRTUAL TABLE INDEX"},
		{"entity facets", `SELECT ae.entity_id, coalesce(e.name, ''), count(*) AS n FROM json_each(?) j
			CROSS JOIN article_entities ae ON ae.article_id = j.value LEFT JOIN entities e ON e.id = ae.entity_id
			GROUP BY ae.entity_id ORDER BY n DESC, ae.entity_id LIMIT ?`, []any{"[1]", 10}, "SEARCH ae USING PRIMARY KEY"},
		{"revisions", "SELECT revision FROM raw WHERE article_id = ? ORDER BY revision LIMIT ?", []any{1, 10}, "SEARCH raw USING"},
		{"storyline events", "SELECT " + eventCols + " FROM events WHERE storyline_id = ? AND merged_into = 0 ORDER BY id",
			[]any{1}, "events_storyline"},
		{"entities by id", "SELECT id, name, type FROM entities WHERE id IN (SELECT value FROM json_each(?))",
			[]any{"[1,2]"}, "SEARCH entities USING INTEGER PRIMARY KEY"},
		{"article heads", `SELECT a.id, a.title, iif(a.title = '', substr(a.text, 1, ?), '') FROM json_each(?) j CROSS JOIN articles a
			WHERE a.id IN (SELECT b.id FROM articles b WHERE b.event_id = j.value ORDER BY b.id LIMIT ?) ORDER BY a.id`,
			[]any{300, "[1,2]", 10}, "articles_event"},
		{"quotes of a storyline", `SELECT q.article_id, a.outlet FROM quotes q JOIN articles a ON a.id = q.article_id
			WHERE q.storyline_id = ? AND (q.said_on, q.article_id, q.idx) > (?, ?, ?) ORDER BY q.said_on, q.article_id, q.idx LIMIT ?`,
			[]any{1, "2020-01-01", 1, 0, 10}, "quotes_storyline_said"},
		{"quotes of a speaker", `SELECT q.article_id, a.outlet FROM quotes q JOIN articles a ON a.id = q.article_id
			WHERE q.speaker_id = ? ORDER BY q.said_on, q.article_id, q.idx LIMIT ?`, []any{1, 10}, "quotes_speaker"},
		{"quotes of a speaker in a storyline", `SELECT q.article_id FROM quotes q JOIN articles a ON a.id = q.article_id
			WHERE q.storyline_id = ? AND q.speaker_id = ? ORDER BY q.said_on, q.article_id, q.idx LIMIT ?`, []any{1, 1, 10}, "quotes_storyline"},
		{"quotes of an article", `SELECT q.article_id FROM quotes q JOIN articles a ON a.id = q.article_id
			WHERE q.article_id = ? ORDER BY q.said_on, q.article_id, q.idx LIMIT ?`, []any{1, 10}, "SEARCH q USING PRIMARY KEY"},
		{"storylines days", `SELECT a.storyline_id, substr(a.published, 1, 10) AS day, count(*)
			FROM json_each(?) j CROSS JOIN articles a ON a.storyline_id = j.value
			WHERE a.published >= '0000' GROUP BY a.storyline_id, day ORDER BY a.storyline_id, day`, []any{"[1]"}, "COVERING INDEX articles_storyline_published"},
	} {
		plan := explain(t, s.db, c.q, c.args...)
		for _, line := range plan {
			if strings.HasPrefix(line, "SCAN ") && !strings.Contains(line, "INDEX") && !strings.Contains(line, "json_each") &&
				!strings.HasPrefix(line, "SCAN j") && !strings.Contains(line, "CONSTANT ROW") {
				t.Errorf("%s: a full scan: %q\n%s", c.name, line, strings.Join(plan, "\n"))
			}
		}
		if !strings.Contains(strings.Join(plan, "\n"), c.want) {
			t.Errorf("%s: no %q in the plan:\n%s", c.name, c.want, strings.Join(plan, "\n"))
		}
	}
}

func explain(t *testing.T, db *sql.DB, q string, args ...any) []string {
	t.Helper()
	rows, err := db.Query("EXPLAIN QUERY PLAN "+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		out = append(out, detail)
	}
	return out
}

// TestMigrateBuildsSearch: a store of schema 4 gets its search index and
// entity rows built from the articles it holds.
func TestMigrateBuildsSearch(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"001_init.sql", "002_analysis.sql", "003_entities.sql", "004_derived.sql"} {
		body, err := migrations.ReadFile("migrations/" + name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(string(body)); err != nil {
			t.Fatal(name, err)
		}
	}
	if _, err := db.Exec(`PRAGMA user_version = 4;
		INSERT INTO entities (id, name, type, articles, data) VALUES (7, 'Maria Zakharova', 'PER', 1, '{}');
		INSERT INTO articles (id, key, source_id, title, text, published, content_hash, ingested_at, updated_at, entities)
		VALUES (1, 'url:x/a', 'a', 'Moscow answers', 'The ministry spokeswoman spoke.', '2017-12-28', 'h1', '', '',
			'[{"name":"Maria Zakharova","type":"PER","aliases":[],"mentions":2,"entity_id":7},{"name":"Zakharova","type":"PER","aliases":[],"mentions":1,"entity_id":7},{"name":"X","type":"LOC","aliases":[],"mentions":1}]'),
		(2, 'url:x/b', 'b', 'Other', 'Nothing here.', '', 'h2', '', '', '[]')`); err != nil {
		t.Fatal(err)
	}
	db.Close()

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	res, err := s.Search(ctx, store.SearchQuery{Text: "spokeswoman"})
	if err != nil || res.Total != 1 || res.Hits[0].ID != 1 || res.Hits[0].Title != "Moscow answers" {
		t.Errorf("search after migration: %+v, %v", res, err)
	}
	var ids []int64
	s.Each(ctx, store.Query{Entity: 7}, func(a *news.Article) error { ids = append(ids, a.ID); return nil })
	if len(ids) != 1 || ids[0] != 1 {
		t.Errorf("articles naming entity 7: %v", ids)
	}
	var mentions int
	if err := s.db.QueryRow("SELECT mentions FROM article_entities WHERE article_id = 1 AND entity_id = 7").Scan(&mentions); err != nil || mentions != 3 {
		t.Errorf("mentions merged over the entity's two entries: %d, %v", mentions, err)
	}
	if m, err := s.EntityMonths(ctx, 7); err != nil || len(m) != 1 || m[0] != (store.MonthCount{Month: "2017-12", Count: 1}) {
		t.Errorf("entity months: %+v, %v", m, err)
	}
}
