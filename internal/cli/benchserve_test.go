package cli

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/storyline-news/storyline/internal/api"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/web"
)

// countingStore counts the store calls a request makes, by method: each is
// one SQL query, but Each, which reads in pages of 500 articles.
type countingStore struct {
	store.Store
	mu sync.Mutex
	n  map[string]int
}

func (c *countingStore) count(m string) {
	c.mu.Lock()
	c.n[m]++
	c.mu.Unlock()
}

func (c *countingStore) reset() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = map[string]int{}
	return n
}

func (c *countingStore) Entities(ctx context.Context) ([]store.EntityRow, error) {
	c.count("Entities")
	return c.Store.Entities(ctx)
}
func (c *countingStore) Entity(ctx context.Context, id int64) (store.EntityRow, error) {
	c.count("Entity")
	return c.Store.Entity(ctx, id)
}
func (c *countingStore) Get(ctx context.Context, id int64) (*news.Article, error) {
	c.count("Get")
	return c.Store.Get(ctx, id)
}
func (c *countingStore) Raw(ctx context.Context, id int64) (news.Document, error) {
	c.count("Raw")
	return c.Store.Raw(ctx, id)
}
func (c *countingStore) Each(ctx context.Context, q store.Query, fn func(*news.Article) error) error {
	c.count("Each")
	return c.Store.Each(ctx, q, fn)
}
func (c *countingStore) Count(ctx context.Context) (int, error) {
	c.count("Count")
	return c.Store.Count(ctx)
}
func (c *countingStore) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	c.count("Search")
	return c.Store.Search(ctx, q)
}
func (c *countingStore) Revisions(ctx context.Context, id int64) ([]store.RevisionRow, error) {
	c.count("Revisions")
	return c.Store.Revisions(ctx, id)
}
func (c *countingStore) RawRevision(ctx context.Context, id int64, rev int) (news.Document, error) {
	c.count("RawRevision")
	return c.Store.RawRevision(ctx, id, rev)
}
func (c *countingStore) Outlets(ctx context.Context, limit int) ([]store.OutletRow, error) {
	c.count("Outlets")
	return c.Store.Outlets(ctx, limit)
}
func (c *countingStore) Outlet(ctx context.Context, name string) (store.OutletRow, error) {
	c.count("Outlet")
	return c.Store.Outlet(ctx, name)
}
func (c *countingStore) EntitiesPage(ctx context.Context, q store.EntityQuery) ([]store.EntityRow, error) {
	c.count("EntitiesPage")
	return c.Store.EntitiesPage(ctx, q)
}
func (c *countingStore) OutletCopies(ctx context.Context, outlet string, limit int) ([]store.CopyLink, error) {
	c.count("OutletCopies")
	return c.Store.OutletCopies(ctx, outlet, limit)
}
func (c *countingStore) StorylineDays(ctx context.Context, id int64) ([]store.DayCount, error) {
	c.count("StorylineDays")
	return c.Store.StorylineDays(ctx, id)
}
func (c *countingStore) EntityMonths(ctx context.Context, id int64) ([]store.MonthCount, error) {
	c.count("EntityMonths")
	return c.Store.EntityMonths(ctx, id)
}
func (c *countingStore) Event(ctx context.Context, id int64) (store.EventRow, error) {
	c.count("Event")
	return c.Store.Event(ctx, id)
}
func (c *countingStore) Events(ctx context.Context, q store.ListQuery) ([]store.EventRow, error) {
	c.count("Events")
	return c.Store.Events(ctx, q)
}
func (c *countingStore) EachEvent(ctx context.Context, q store.ListQuery, fn func(store.EventRow) error) error {
	c.count("EachEvent")
	return c.Store.EachEvent(ctx, q, fn)
}
func (c *countingStore) Storyline(ctx context.Context, id int64) (store.StorylineRow, error) {
	c.count("Storyline")
	return c.Store.Storyline(ctx, id)
}
func (c *countingStore) Storylines(ctx context.Context, q store.ListQuery) ([]store.StorylineRow, error) {
	c.count("Storylines")
	return c.Store.Storylines(ctx, q)
}
func (c *countingStore) EachStoryline(ctx context.Context, q store.ListQuery, fn func(store.StorylineRow) error) error {
	c.count("EachStoryline")
	return c.Store.EachStoryline(ctx, q, fn)
}

func (c *countingStore) StorylineEvents(ctx context.Context, id int64) ([]store.EventRow, error) {
	c.count("StorylineEvents")
	return c.Store.StorylineEvents(ctx, id)
}
func (c *countingStore) EntitiesByID(ctx context.Context, ids []int64) (map[int64]store.EntityRow, error) {
	c.count("EntitiesByID")
	return c.Store.EntitiesByID(ctx, ids)
}
func (c *countingStore) ArticleHeads(ctx context.Context, q store.HeadQuery) ([]store.ArticleHead, error) {
	c.count("ArticleHeads")
	return c.Store.ArticleHeads(ctx, q)
}
func (c *countingStore) Quotes(ctx context.Context, q store.QuoteQuery) ([]store.QuoteRow, string, error) {
	c.count("Quotes")
	return c.Store.Quotes(ctx, q)
}
func (c *countingStore) StorylinesDays(ctx context.Context, ids []int64) (map[int64][]store.DayCount, error) {
	c.count("StorylinesDays")
	return c.Store.StorylinesDays(ctx, ids)
}
func (c *countingStore) StorylinePeople(ctx context.Context, ids []int64, sample int) (map[int64][]store.PersonCount, error) {
	c.count("StorylinePeople")
	return c.Store.StorylinePeople(ctx, ids, sample)
}

// maxPageCalls bounds the store calls of any one page or API read: a
// small constant, whatever the number of its events, articles or people
// (no page makes a call per row); maxCallsOf bounds each method.
const (
	maxPageCalls = 10
	maxCallsOf   = 2
)

// TestPageQueries fills a small bench store (the generator of bench
// serve, on the sample's texts) and counts the store calls of each page
// and API read, which docs/evaluation.md §5 reports (go test
// ./internal/cli -run PageQueries -v). It fails when a page does not
// answer or makes more calls than maxPageCalls, or calls one method more
// than maxCallsOf times (a call per row).
func TestPageQueries(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a store of 3,000 articles")
	}
	ctx := context.Background()
	pool, err := benchPool(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "bench.db")
	e := &env{ctx: ctx, stdin: strings.NewReader(""), stdout: io.Discard, stderr: io.Discard}
	if err := ensureStore(e, path, 3000, pool, 1); err != nil {
		t.Fatal(err)
	}
	targets, err := serveTargets(ctx, path, pool, 1)
	if err != nil {
		t.Fatal(err)
	}
	st, err := openReadOnly(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	cs := &countingStore{Store: st, n: map[string]int{}}
	h, err := web.New(cs, web.Options{API: api.New(cs, api.Options{})})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "\n| request | store calls | of which |\n|---|---:|---|\n")
	for _, tg := range targets {
		cs.reset()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tg.path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("%s %s: status %d", tg.name, tg.path, rec.Code)
		}
		n := cs.reset()
		var names []string
		total := 0
		for m, k := range n {
			names = append(names, fmt.Sprintf("%s %d", m, k))
			total += k
			if k > maxCallsOf {
				t.Errorf("%s: %d calls of %s (at most %d)", tg.name, k, m, maxCallsOf)
			}
		}
		if total > maxPageCalls {
			t.Errorf("%s: %d store calls (at most %d)", tg.name, total, maxPageCalls)
		}
		sort.Strings(names)
		fmt.Fprintf(&b, "| %s | %d | %s |\n", tg.name, total, strings.Join(names, ", "))
	}
	t.Log(b.String())
}
