package postgres

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// TestSearchQuery: a user's query becomes quoted words only, whatever it
// holds, so that to_tsquery never reads an operator from it.
func TestSearchQuery(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"lavrov", "'lavrov'"},
		{"troops Washington", "'troops' & 'Washington'"},
		{`"troops in Syria"`, "('troops' <-> 'in' <-> 'Syria')"},
		{"U.S. withdr* wi*", "('U' <-> 'S') & 'withdr':* & 'wi'"},
		{`title:quoted 'x' \y`, "('title' <-> 'quoted') & 'x' & 'y'"},
		{"!(a | b) & c <-> d:*", "'a' & 'b' & 'c' & 'd'"},
		{"  \x00 -- ", ""},
		{"Zürich", "'Zürich'"},
	} {
		if got := searchQuery(c.in); got != c.want {
			t.Errorf("%q: %q, want %q", c.in, got, c.want)
		}
	}
}

// agreementCorpus makes the documents both stores load: each paragraph of
// the seed articles (testdata/seeds) as an article, titled by its first
// words, and articles of words drawn from the seeds' vocabulary (common
// words often, rare ones seldom), over four outlets and three years.
func agreementCorpus(t *testing.T) []store.Item {
	t.Helper()
	files, err := filepath.Glob("../../../testdata/seeds/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("seeds: %v (%d files)", err, len(files))
	}
	var paras []string
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range strings.Split(string(b), "\n\n") {
			if p = strings.TrimSpace(p); len(p) >= 80 {
				paras = append(paras, p)
			}
		}
	}
	var vocab []string
	seen := map[string]bool{}
	for _, p := range paras {
		for _, w := range strings.FieldsFunc(p, func(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }) {
			if w = strings.ToLower(w); len(w) >= 3 && !seen[w] {
				seen[w] = true
				vocab = append(vocab, w)
			}
		}
	}
	rng := rand.New(rand.NewPCG(19, 2))
	zipf := rand.NewZipf(rand.New(rand.NewPCG(7, 11)), 1.1, 2, uint64(len(vocab)-1))
	draw := func(n int) string {
		ws := make([]string, n)
		for i := range ws {
			ws[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(ws, " ")
	}
	type doc struct{ title, text string }
	var docs []doc
	for _, p := range paras {
		words := strings.Fields(p)
		docs = append(docs, doc{strings.Join(words[:min(6, len(words))], " "), p})
	}
	for range 300 {
		docs = append(docs, doc{draw(3 + rng.IntN(5)), draw(20 + rng.IntN(150))})
	}
	outlets := []string{"Alpha", "Beta", "Gamma", "Delta"}
	day := time.Date(2017, 1, 1, 0, 0, 0, 0, time.UTC)
	items := make([]store.Item, len(docs))
	for i, d := range docs {
		key := fmt.Sprint("doc", i)
		published := day.AddDate(0, 0, rng.IntN(3*365)).Format(time.DateOnly)
		items[i] = store.Item{
			Key: "id:" + key,
			Doc: news.Document{SourceID: key, Origin: key + ".txt", Format: news.FormatText, Content: d.text},
			Article: &news.Article{SourceID: key, Title: d.title, Text: d.text, Outlet: outlets[rng.IntN(len(outlets))],
				Language: "en", Published: published, ContentHash: "h" + key},
		}
	}
	return items
}

// allHits pages through every hit of q, best first.
func allHits(t *testing.T, s store.Store, q store.SearchQuery) (store.SearchResult, []store.SearchHit) {
	t.Helper()
	q.Limit = store.MaxSearchLimit
	var first store.SearchResult
	var hits []store.SearchHit
	for page := 0; ; page++ {
		res, err := s.Search(context.Background(), q)
		if err != nil {
			t.Fatalf("%+v: %v", q, err)
		}
		if page == 0 {
			first = res
		}
		hits = append(hits, res.Hits...)
		if res.Next == "" {
			return first, hits
		}
		q.Cursor = res.Next
	}
}

// topSet is the ids of the first k hits.
func topSet(hits []store.SearchHit, k int) map[int64]bool {
	out := map[int64]bool{}
	for _, h := range hits[:k] {
		out[h.ID] = true
	}
	return out
}

// tiedAt reports whether the k-th hit and the next have the same score:
// which of them is in the top k is arbitrary.
func tiedAt(hits []store.SearchHit, k int) bool {
	return k < len(hits) && hits[k-1].Score == hits[k].Score
}

// TestSearchAgreesWithSQLite: on one corpus, both stores match the same
// articles for each query (words, phrases, prefixes, filters), and their
// best few are the same articles, though one ranks by BM25 and the other
// by ts_rank_cd.
func TestSearchAgreesWithSQLite(t *testing.T) {
	items := agreementCorpus(t)
	ctx := context.Background()
	lite, err := sqlite.Open(filepath.Join(t.TempDir(), "a.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := openTest(t)
	for _, s := range []store.Store{lite, pg} {
		batch := make([]store.Item, len(items))
		for i, it := range items {
			a := *it.Article
			batch[i] = store.Item{Key: it.Key, Doc: it.Doc, Article: &a}
		}
		if _, err := s.Put(ctx, batch, nil); err != nil {
			t.Fatal(err)
		}
	}
	const top = 5
	for _, q := range []store.SearchQuery{
		{Text: "syria"},
		{Text: "lavrov"},
		{Text: "military presence"},
		{Text: "russia withdrawal"},
		{Text: `"foreign minister"`},
		{Text: `"U.S. military"`},
		{Text: "U.S."},
		{Text: "US-coalition"},
		{Text: "milit*"},
		{Text: "withdr* syria"},
		{Text: "syria", Outlet: "Beta"},
		{Text: "military", From: "2018-01-01", To: "2018-12-31"},
		{Text: "russia", Outlet: "Alpha", From: "2019-03-01"},
		{Text: "troops", To: "2017-06-30"},
	} {
		t.Run(fmt.Sprintf("%s %s %s-%s", q.Text, q.Outlet, q.From, q.To), func(t *testing.T) {
			lr, lh := allHits(t, lite, q)
			pr, ph := allHits(t, pg, q)
			if lr.Total == 0 {
				t.Fatalf("no match in SQLite: not a test")
			}
			if lr.Total != pr.Total || lr.TotalCapped || pr.TotalCapped {
				t.Fatalf("total: SQLite %d, PostgreSQL %d", lr.Total, pr.Total)
			}
			ids := func(hs []store.SearchHit) []int64 {
				var out []int64
				for _, h := range hs {
					out = append(out, h.ID)
				}
				sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
				return out
			}
			if l, p := ids(lh), ids(ph); fmt.Sprint(l) != fmt.Sprint(p) {
				t.Fatalf("matches differ:\nSQLite     %v\nPostgreSQL %v", l, p)
			}
			k := min(top, len(lh))
			for k > 0 && (tiedAt(lh, k) || tiedAt(ph, k)) {
				k--
			}
			if k == 0 {
				return
			}
			l, p := topSet(lh, k), topSet(ph, k)
			for id := range l {
				if !p[id] {
					t.Errorf("top %d differ: SQLite %v, PostgreSQL %v", k, ids(lh[:k]), ids(ph[:k]))
					break
				}
			}
		})
	}
}

// TestSearchCapped: a word in more articles than searchCap counts
// searchCap of them (TotalCapped), ranks the newest rankWindow (Ranked),
// and pages through those without repeats; a rarer word beside it is
// ranked in full.
func TestSearchCapped(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	var items []store.Item
	for i := range searchCap + 100 {
		key := fmt.Sprint("c", i)
		text := "common " + strings.Repeat("filler ", i%7)
		if i%10 == 0 {
			text += " rare"
		}
		items = append(items, store.Item{Key: "id:" + key,
			Doc:     news.Document{SourceID: key, Format: news.FormatText, Content: text},
			Article: &news.Article{SourceID: key, Title: "Note", Text: text, Outlet: "Alpha", Published: "2020-01-02", ContentHash: "h" + key}})
	}
	if _, err := s.Put(ctx, items, nil); err != nil {
		t.Fatal(err)
	}
	res, hits := allHits(t, s, store.SearchQuery{Text: "common"})
	if res.Total != searchCap || !res.TotalCapped || res.Ranked != rankWindow || len(hits) != rankWindow {
		t.Errorf("common: total %d capped %v ranked %d, %d hits", res.Total, res.TotalCapped, res.Ranked, len(hits))
	}
	seen := map[int64]bool{}
	for i, h := range hits {
		if seen[h.ID] || i > 0 && h.Score > hits[i-1].Score || h.ID <= int64(len(items)-rankWindow) {
			t.Fatalf("hit %d (article %d, score %g) repeated, out of order or not among the newest", i, h.ID, h.Score)
		}
		seen[h.ID] = true
	}
	if res.Outlets[0].Count != searchCap || res.Years[0].Count != searchCap {
		t.Errorf("facets %+v %+v", res.Outlets, res.Years)
	}
	res, hits = allHits(t, s, store.SearchQuery{Text: "common rare"})
	if want := (searchCap + 100) / 10; res.Total != want || res.TotalCapped || res.Ranked != 0 || len(hits) != want {
		t.Errorf("common rare: total %d capped %v ranked %d, %d hits; want %d", res.Total, res.TotalCapped, res.Ranked, len(hits), want)
	}
}
