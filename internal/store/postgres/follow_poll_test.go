package postgres

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/feeds"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/watch"
)

// pollSite serves a feed of two full articles and one summary whose page
// is fetched, with an ETag for conditional polls.
type pollSite struct {
	srv   *httptest.Server
	mu    sync.Mutex
	hits  map[string]int
	title string
}

func filler(n int, seed string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s%d ", seed, i%17)
	}
	return b.String()
}

func (s *pollSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	title := s.title
	s.mu.Unlock()
	etag := fmt.Sprintf(`"%x"`, len(title))
	switch r.URL.Path {
	case "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow:\n")
	case "/feed.rss":
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Daily</title><link>%[1]s/</link>
<item><title>%[2]s</title><link>%[1]s/full/1</link><guid>full-1</guid><pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The finance minister said on Monday that the grain budget %[3]s</p>]]></content:encoded></item>
<item><title>Storm closes the harbour</title><link>%[1]s/full/2</link><guid>full-2</guid><pubDate>Mon, 02 Nov 2026 11:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The harbour master said the storm %[4]s</p>]]></content:encoded></item>
<item><title>Ports reopen</title><link>%[1]s/article/1</link><guid>page-1</guid><pubDate>Mon, 02 Nov 2026 12:00:00 GMT</pubDate>
<description>A short teaser.</description></item>
</channel></rss>`, s.srv.URL, title, filler(120, "alpha"), filler(120, "beta"))
	case "/article/1":
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		var b strings.Builder
		for i := range 6 {
			fmt.Fprintf(&b, "<p>The port authority said on Tuesday that grain ships would sail again from the southern ports, paragraph %d of the report, %s.</p>\n", i, filler(20, "gamma"))
		}
		fmt.Fprintf(w, `<!doctype html><html><head><title>Ports reopen</title></head><body><nav>Home</nav>
<article><h1>Ports reopen</h1>%s</article><footer>About us</footer></body></html>`, b.String())
	default:
		http.NotFound(w, r)
	}
}

// TestFollowingPoller runs the poller on PostgreSQL: polled, fetched,
// stored through the pipeline (items marked stored in Put), matched by a
// watchlist; polled again, nothing new; a corrected headline revises its
// article.
func TestFollowingPoller(t *testing.T) {
	ctx := context.Background()
	s := openFollow(t)
	site := &pollSite{hits: map[string]int{}, title: "Parliament passes the grain budget"}
	site.srv = httptest.NewServer(http.HandlerFunc(site.serve))
	t.Cleanup(site.srv.Close)
	client := fetch.New(fetch.Options{
		AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
		HostDelay: time.Millisecond, Timeout: 5 * time.Second, MaxBody: 200 << 10,
	})
	p := &feeds.Poller{Store: s, Client: client, Ingest: pipeline.NewWriter(s, pipeline.All).Run, MaxAttempts: 3}
	f, err := s.AddFeed(ctx, store.Feed{URL: site.srv.URL + "/feed.rss", Every: 15 * time.Minute, Created: time.Now()})
	if err != nil {
		t.Fatal(err)
	}
	w, err := s.AddWatch(ctx, watch.Watchlist{Query: "grain", Secret: "k"})
	if err != nil {
		t.Fatal(err)
	}
	pass := func() feeds.Stats {
		t.Helper()
		st, err := p.PollAll(ctx)
		if err != nil {
			t.Fatal(err)
		}
		d, err := p.Drain(ctx)
		if err != nil {
			t.Fatal(err)
		}
		st.Add(d)
		return st
	}
	if st := pass(); st.Inserted != 3 || st.NewItems != 3 {
		t.Fatalf("first pass: %+v, want 3 new items stored", st)
	}
	items, err := s.FeedItems(ctx, f.ID, 10)
	if err != nil || len(items) != 3 {
		t.Fatalf("items: %+v, %v", items, err)
	}
	for _, it := range items {
		if it.State != store.ItemStored || it.Article == 0 {
			t.Errorf("item %s: %s, article %d", it.URLKey, it.State, it.Article)
		}
	}
	if got, _ := s.Feed(ctx, f.ID); got.Stored != 3 || got.Open != 0 || got.Kind != "rss" || got.ETag == "" {
		t.Errorf("feed: %+v", got)
	}
	if n, err := s.MatchWatches(ctx, time.Now()); err != nil || n != 2 {
		t.Errorf("watchlist hits: %d, %v, want 2 (the budget and the ports)", n, err)
	}
	if st := pass(); st.Inserted+st.Revised+st.NewItems+st.ChangedItems+st.Fetched != 0 || st.NotModified != 1 {
		t.Errorf("second pass: %+v, want a 304 and nothing stored", st)
	}
	site.mu.Lock()
	site.title = "Parliament passes the amended grain budget"
	site.mu.Unlock()
	if st := pass(); st.ChangedItems != 1 || st.Revised != 1 || st.Inserted != 0 {
		t.Errorf("after a corrected headline: %+v, want 1 changed item, 1 revision", st)
	}
	if n, _ := s.Count(ctx); n != 3 {
		t.Errorf("%d articles, want 3", n)
	}
	if hs, _ := s.Hits(ctx, w.ID, 10); len(hs) != 2 {
		t.Errorf("hits: %+v", hs)
	}
}
