package sqlite

import (
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/store"
)

// corpus generates articles whose words follow Zipf's law over a made-up
// vocabulary, so that a search meets rare words, words in nearly every
// article, phrases and prefixes as it would in real news.
type corpus struct {
	vocab []string // by rank: vocab[0] is the commonest
}

// The bigram injected into one article in fifty: the phrase benchmarked.
const phraseEvery = 50

func newCorpus() *corpus {
	r := rand.New(rand.NewPCG(1, 2))
	cons, vows := "bcdfghklmnprstvz", "aeiou"
	seen := map[string]bool{}
	c := &corpus{}
	for len(c.vocab) < 50000 {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteByte(cons[r.IntN(len(cons))])
			b.WriteByte(vows[r.IntN(len(vows))])
		}
		if w := b.String(); !seen[w] {
			seen[w] = true
			c.vocab = append(c.vocab, w)
		}
	}
	return c
}

// queries are the benchmarked searches, picked by rank.
func (c *corpus) queries() map[string]string {
	return map[string]string{
		"rare":   c.vocab[30000],
		"common": c.vocab[0],
		"phrase": `"` + c.vocab[40] + " " + c.vocab[41] + `"`,
		"prefix": c.vocab[2][:3] + "*",
	}
}

// fill writes n articles with direct SQL in large transactions (the
// triggers index them as Put would), with entity rows for the facets.
func (c *corpus) fill(ctx context.Context, s *Store, n int) error {
	r := rand.New(rand.NewPCG(3, 4))
	zw := rand.NewZipf(r, 1.07, 2, uint64(len(c.vocab)-1))
	ze := rand.NewZipf(r, 1.2, 1, 9999)
	words := func(k int, b *strings.Builder) {
		for i := range k {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(c.vocab[zw.Uint64()])
		}
	}
	db := s.DB()
	if _, err := db.ExecContext(ctx, `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i < 10000)
		INSERT OR IGNORE INTO entities (id, name, type, articles, data) SELECT i, 'Entity ' || i, 'PER', 0, '{}' FROM n`); err != nil {
		return err
	}
	const chunk = 20000
	now := time.Now().UTC().Format(time.RFC3339)
	for lo := 0; lo < n; lo += chunk {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return err
		}
		st, err := tx.PrepareContext(ctx, `INSERT INTO articles (id, key, source_id, url, outlet, title, text,
			published, language, content_hash, ingested_at, updated_at, event_id, storyline_id, entities)
			VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`)
		if err != nil {
			tx.Rollback()
			return err
		}
		for i := lo; i < min(lo+chunk, n); i++ {
			var title, text, ents strings.Builder
			words(6+r.IntN(6), &title)
			for p := range 3 {
				if p > 0 {
					text.WriteString("\n\n")
				}
				words(30+r.IntN(40), &text)
			}
			if i%phraseEvery == 0 {
				text.WriteString(" " + c.vocab[40] + " " + c.vocab[41] + ".")
			}
			ents.WriteByte('[')
			for k := range 3 {
				if k > 0 {
					ents.WriteByte(',')
				}
				fmt.Fprintf(&ents, `{"name":"E","type":"PER","aliases":null,"mentions":1,"entity_id":%d}`, ze.Uint64()+1)
			}
			ents.WriteByte(']')
			day := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*5000/max(n, 1)).Format(time.DateOnly)
			url := fmt.Sprintf("https://outlet%d.example/%d", i%200, i)
			if _, err := st.ExecContext(ctx, i+1, "url:"+url, strconv.Itoa(i), url, fmt.Sprintf("Outlet %d", i%200),
				title.String(), text.String(), day, []string{"en", "en", "en", "de", "fr"}[i%5], strconv.Itoa(i),
				now, now, i/3+1, i/12+1, ents.String()); err != nil {
				tx.Rollback()
				return err
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			return err
		}
	}
	return nil
}

// TestSearchCorpus keeps the benchmark's generator working: a small
// corpus answers each benchmarked query.
func TestSearchCorpus(t *testing.T) {
	ctx := context.Background()
	s, err := Open(filepath.Join(t.TempDir(), "c.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	c := newCorpus()
	if err := c.fill(ctx, s, 3000); err != nil {
		t.Fatal(err)
	}
	for name, text := range c.queries() {
		if name == "rare" {
			continue // too rare for 3000 articles
		}
		res, err := s.Search(ctx, store.SearchQuery{Text: text})
		if err != nil || res.Total == 0 || len(res.Hits) == 0 || len(res.Entities) == 0 {
			t.Errorf("%s %q: %d hits, %v", name, text, res.Total, err)
		}
	}
}

// BenchmarkSearch measures searches on a generated store, 1M articles by
// default, made once and kept (STORYLINE_SEARCH_DB names the file,
// STORYLINE_SEARCH_N the size):
//
//	go test ./internal/store/sqlite -run '^$' -bench Search -benchtime 200x
//
// p50-ms and p95-ms are over the benchmark's iterations.
func BenchmarkSearch(b *testing.B) {
	ctx := context.Background()
	n := 1_000_000
	if v, err := strconv.Atoi(os.Getenv("STORYLINE_SEARCH_N")); err == nil && v > 0 {
		n = v
	}
	path := os.Getenv("STORYLINE_SEARCH_DB")
	if path == "" {
		path = filepath.Join(os.TempDir(), fmt.Sprintf("storyline-search-%d.db", n))
	}
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	c := newCorpus()
	if have, _ := s.Count(ctx); have != n {
		if have != 0 {
			b.Fatalf("%s holds %d articles, want %d: remove it", path, have, n)
		}
		start := time.Now()
		if err := c.fill(ctx, s, n); err != nil {
			b.Fatal(err)
		}
		fi, _ := os.Stat(path)
		b.Logf("filled %s with %d articles in %s (%d MiB)", path, n, time.Since(start).Round(time.Second), fi.Size()>>20)
	}
	qs := c.queries()
	names := []string{"rare", "common", "phrase", "prefix"}
	cases := []struct {
		name string
		q    store.SearchQuery
	}{}
	for _, k := range names {
		cases = append(cases, struct {
			name string
			q    store.SearchQuery
		}{k, store.SearchQuery{Text: qs[k]}})
	}
	cases = append(cases, struct {
		name string
		q    store.SearchQuery
	}{"common+outlet+year", store.SearchQuery{Text: qs["common"], Outlet: "Outlet 7", From: "2015-01-01", To: "2015-12-31"}})
	// STORYLINE_SEARCH_BASELINE=1 runs each search with bm25() ranking
	// every query too, alternating with the default, and reports both.
	modes := []int{broadDocs}
	if os.Getenv("STORYLINE_SEARCH_BASELINE") != "" {
		modes = append(modes, -1)
	}
	defer func(n int) { broadDocs = n }(broadDocs)
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			times := make([][]time.Duration, len(modes))
			var total int
			for n := 0; b.Loop(); n++ {
				for k := range modes {
					i := (k + n) % len(modes) // alternate which goes first
					broadDocs = modes[i]
					t0 := time.Now()
					res, err := s.Search(ctx, c.q)
					if err != nil {
						b.Fatal(err)
					}
					times[i] = append(times[i], time.Since(t0))
					total = res.Total
				}
			}
			for i, ts := range times {
				sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
				pct := func(p float64) float64 {
					return float64(ts[min(len(ts)-1, int(p*float64(len(ts))))].Microseconds()) / 1000
				}
				unit := map[bool]string{true: "", false: "-bm25"}[i == 0]
				b.ReportMetric(pct(0.5), "p50-ms"+unit)
				b.ReportMetric(pct(0.95), "p95-ms"+unit)
			}
			b.ReportMetric(float64(total), "matches")
		})
	}
}

// BenchmarkPut measures what keeping the search index and the entity rows
// in step costs Put: the same batches with the triggers and without.
//
//	go test ./internal/store/sqlite -run '^$' -bench Put -benchtime 20x
func BenchmarkPut(b *testing.B) {
	ctx := context.Background()
	c := newCorpus()
	for _, indexed := range []bool{true, false} {
		b.Run(map[bool]string{true: "indexed", false: "unindexed"}[indexed], func(b *testing.B) {
			s, err := Open(filepath.Join(b.TempDir(), "p.db"))
			if err != nil {
				b.Fatal(err)
			}
			defer s.Close()
			if !indexed {
				for _, tr := range []string{"articles_fts_insert", "articles_fts_update", "article_entities_insert", "article_entities_update"} {
					if _, err := s.db.Exec("DROP TRIGGER " + tr); err != nil {
						b.Fatal(err)
					}
				}
			}
			r := rand.New(rand.NewPCG(5, 6))
			zw := rand.NewZipf(r, 1.07, 2, uint64(len(c.vocab)-1))
			text := func(k int) string {
				ws := make([]string, k)
				for i := range ws {
					ws[i] = c.vocab[zw.Uint64()]
				}
				return strings.Join(ws, " ")
			}
			const batch = 100
			seq := 0
			for b.Loop() {
				items := make([]store.Item, batch)
				for i := range items {
					seq++
					body := text(400)
					it := store.Item{Doc: newsDoc(seq, body), Article: newsArticle(seq, text(8), body)}
					items[i] = it
				}
				if _, err := s.Put(ctx, items, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*batch), "µs/article")
		})
	}
}
