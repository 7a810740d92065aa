package feeds_test

import (
	"bufio"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/feeds"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

// page is one real article page the test server serves
// (testdata/pages.jsonl.gz, made by scripts/feed-fixtures.py).
type page struct {
	ID, URL, Title, Date, HTML string
}

func loadPages(t *testing.T) []page {
	t.Helper()
	f, err := os.Open("testdata/pages.jsonl.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var out []page
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var p page
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	if len(out) < 8 {
		t.Fatalf("%d fixture pages, want 8", len(out))
	}
	return out
}

// site is a news site on loopback: feeds of every kind, the pages they
// link to, and the ways a server fails. It counts the requests it gets.
type site struct {
	t     *testing.T
	srv   *httptest.Server
	other *httptest.Server // another host: its 429 holds back only itself
	pages []page
	mu    sync.Mutex
	hits  map[string]int
	conds map[string]int // conditional requests answered 304
	full  string         // /full.rss, changeable
	etag  string
}

func newSite(t *testing.T) *site {
	s := &site{t: t, pages: loadPages(t), hits: map[string]int{}, conds: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	s.other = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.other.Close)
	s.setFull("Parliament passes the budget")
	return s
}

// words is filler text long enough to count as a full article.
func words(n int, seed string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "%s%d ", seed, i%17)
	}
	return b.String()
}

func (s *site) setFull(title string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.full = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Full Daily</title><link>` + s.srv.URL + `/</link><ttl>30</ttl>
<item><title>` + html.EscapeString(title) + `</title><link>` + s.srv.URL + `/full/1</link><guid>full-1</guid>
<pubDate>Mon, 02 Nov 2026 10:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The finance minister said on Monday that the budget ` + words(120, "alpha") + `</p>]]></content:encoded></item>
<item><title>Storm closes the harbour</title><link>` + s.srv.URL + `/full/2?utm_source=rss</link><guid>full-2</guid>
<pubDate>Mon, 02 Nov 2026 11:00:00 GMT</pubDate>
<content:encoded><![CDATA[<p>The harbour master said the storm ` + words(120, "beta") + `</p>]]></content:encoded></item>
</channel></rss>`
	s.etag = fmt.Sprintf(`"v%d"`, len(s.full)+len(title))
}

func (s *site) pageLink(i int) string { return fmt.Sprintf("%s/article/%d", s.srv.URL, i) }

func (s *site) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.hits[r.URL.Path]++
	full, etag := s.full, s.etag
	s.mu.Unlock()
	switch p := r.URL.Path; {
	case p == "/robots.txt":
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	case p == "/full.rss":
		if r.Header.Get("If-None-Match") == etag {
			s.mu.Lock()
			s.conds[p]++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, full)
	case p == "/summary.atom":
		lm := "Mon, 02 Nov 2026 12:00:00 GMT"
		if r.Header.Get("If-Modified-Since") == lm {
			s.mu.Lock()
			s.conds[p]++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Last-Modified", lm)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Summary News</title><id>urn:x</id><updated>2026-11-02T12:00:00Z</updated>`)
		for i := range 3 {
			fmt.Fprintf(&b, `<entry><title>%s</title><id>urn:x:%d</id><link href="%s"/><published>%sT08:00:00Z</published><updated>%sT08:00:00Z</updated><author><name>Desk %d</name></author><summary>A short teaser.</summary></entry>`,
				html.EscapeString(s.pages[i].Title), i, s.pageLink(i), s.pages[i].Date, s.pages[i].Date, i)
		}
		fmt.Fprintf(&b, `<entry><title>Members only</title><id>urn:x:private</id><link href="%s/private/7"/><summary>Private.</summary></entry>`, s.srv.URL)
		b.WriteString(`</feed>`)
		fmt.Fprint(w, b.String())
	case p == "/broken.rss":
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Broken</title>
<item><title>Fine item</title><link>%s</link><description>teaser</description></item>
<item><title>Bad <item></title><link>%s/x</link><description><![CDATA[ unclosed </description></item>
</channel></rss>`, s.pageLink(3), s.srv.URL)
	case p == "/sitemap.xml":
		fmt.Fprintf(w, `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>%s</loc><news:news><news:publication><news:name>Map Times</news:name><news:language>en</news:language></news:publication><news:publication_date>%s</news:publication_date><news:title>%s</news:title></news:news></url>
<url><loc>%s</loc><news:news><news:publication><news:name>Map Times</news:name><news:language>en</news:language></news:publication><news:publication_date>%s</news:publication_date><news:title>%s</news:title></news:news></url>
</urlset>`, s.pageLink(4), s.pages[4].Date, html.EscapeString(s.pages[4].Title), s.pageLink(5), s.pages[5].Date, html.EscapeString(s.pages[5].Title))
	case strings.HasPrefix(p, "/article/"):
		var i int
		fmt.Sscan(strings.TrimPrefix(p, "/article/"), &i)
		if i < 0 || i >= len(s.pages) {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, s.pages[i].HTML)
	case strings.HasPrefix(p, "/private/"):
		fmt.Fprint(w, "<html><body><p>secret</p></body></html>")
	case p == "/ratelimited.rss":
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(http.StatusTooManyRequests)
	case p == "/error.rss":
		w.WriteHeader(http.StatusInternalServerError)
	case p == "/slow.rss":
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	case p == "/redirect.rss":
		http.Redirect(w, r, "http://10.1.2.3/feed.rss", http.StatusFound)
	case p == "/big.rss":
		fmt.Fprint(w, `<rss version="2.0"><channel><title>Big</title>`+strings.Repeat("<!-- padding -->", 20000)+`</channel></rss>`)
	default:
		http.NotFound(w, r)
	}
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

type rig struct {
	st    *sqlite.Store
	site  *site
	poll  *feeds.Poller
	clock *clock
	ids   map[string]int64 // feed path -> id
}

func newRig(t *testing.T) *rig {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	s := newSite(t)
	c := &clock{t: time.Now()}
	client := fetch.New(fetch.Options{
		AllowNets: []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")},
		HostDelay: time.Millisecond, Timeout: time.Second, MaxBody: 200 << 10,
	})
	w := pipeline.NewWriter(st, pipeline.All)
	r := &rig{st: st, site: s, clock: c, ids: map[string]int64{},
		poll: &feeds.Poller{Store: st, Client: client, Ingest: w.Run, Now: c.now, MaxAttempts: 3}}
	for _, p := range []string{"/full.rss", "/summary.atom", "/broken.rss", "/sitemap.xml", "/ratelimited.rss",
		"/error.rss", "/slow.rss", "/redirect.rss", "/big.rss"} {
		u := s.srv.URL + p
		if p == "/ratelimited.rss" {
			u = s.other.URL + p
		}
		f, err := st.AddFeed(context.Background(), store.Feed{URL: u, Every: 15 * time.Minute, Created: c.now()})
		if err != nil {
			t.Fatal(err)
		}
		r.ids[p] = f.ID
	}
	return r
}

func (r *rig) pass(t *testing.T, all bool) feeds.Stats {
	t.Helper()
	ctx := context.Background()
	var st feeds.Stats
	var err error
	if all {
		st, err = r.poll.PollAll(ctx)
	} else {
		st, err = r.poll.PollDue(ctx)
	}
	if err != nil {
		t.Fatal(err)
	}
	d, err := r.poll.Drain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	st.Add(d)
	return st
}

func (r *rig) feed(t *testing.T, path string) store.Feed {
	t.Helper()
	f, err := r.st.Feed(context.Background(), r.ids[path])
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func TestFollow(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	st := r.pass(t, true)
	// 2 full items, 3 summary pages, 1 from the broken feed, 2 from the
	// sitemap; the private page is refused by robots.txt.
	if st.Inserted != 8 {
		t.Errorf("first pass stored %d articles, want 8 (%+v)", st.Inserted, st)
	}
	if n, _ := r.st.Count(ctx); n != 8 {
		t.Errorf("%d articles stored, want 8", n)
	}
	if got := r.site.count("/private/7"); got != 0 {
		t.Errorf("the page robots.txt disallows was fetched %d times", got)
	}
	for _, c := range []struct {
		path, kind, errHas string
		minWait            time.Duration
	}{
		{"/full.rss", "rss", "", 30 * time.Minute * 9 / 10}, // ttl 30 lengthens 15m
		{"/summary.atom", "atom", "", 15 * time.Minute * 9 / 10},
		{"/broken.rss", "rss", "", 0},
		{"/sitemap.xml", "sitemap", "", 0},
		{"/ratelimited.rss", "", "429", 120 * time.Second},
		{"/error.rss", "", "500", 0},
		{"/slow.rss", "", "timeout", 0},
		{"/redirect.rss", "", "blocked address", 0},
		{"/big.rss", "", "larger than", 0},
	} {
		f := r.feed(t, c.path)
		if f.Kind != c.kind {
			t.Errorf("%s: kind %q, want %q", c.path, f.Kind, c.kind)
		}
		if c.errHas == "" && f.Failures != 0 || c.errHas != "" && !strings.Contains(strings.ToLower(f.LastError), c.errHas) {
			t.Errorf("%s: failures %d, last error %q, want one with %q", c.path, f.Failures, f.LastError, c.errHas)
		}
		if wait := f.NextPoll.Sub(f.LastPoll); wait < c.minWait {
			t.Errorf("%s: next poll in %s, want at least %s", c.path, wait, c.minWait)
		}
	}
	// A summary item's article is the page's text, its date the feed's.
	items, err := r.st.FeedItems(ctx, r.ids["/summary.atom"], 10)
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]int{}
	for _, it := range items {
		states[it.State]++
		if it.State != store.ItemStored {
			continue
		}
		a, err := r.st.Get(ctx, it.Article)
		if err != nil {
			t.Fatal(err)
		}
		if len(a.Text) < 400 || a.PublishedFrom != "feed" || !strings.HasPrefix(a.FetchedURL, r.site.srv.URL+"/article/") {
			t.Errorf("item %d: text %d bytes, published from %q, fetched %q", it.ID, len(a.Text), a.PublishedFrom, a.FetchedURL)
		}
	}
	if states[store.ItemStored] != 3 || states[store.ItemFailed] != 1 {
		t.Errorf("summary feed items by state %v, want 3 stored and 1 failed (robots.txt)", states)
	}

	// Again: conditional requests, nothing fetched or stored again.
	pagesBefore := 0
	for i := range 8 {
		pagesBefore += r.site.count(fmt.Sprintf("/article/%d", i))
	}
	st = r.pass(t, true)
	if st.Inserted+st.Revised+st.NewItems+st.ChangedItems != 0 {
		t.Errorf("second pass stored or queued something: %+v", st)
	}
	if r.site.conds["/full.rss"] != 1 || r.site.conds["/summary.atom"] != 1 {
		t.Errorf("304 answers %v, want one each for the ETag and Last-Modified feeds", r.site.conds)
	}
	pagesAfter := 0
	for i := range 8 {
		pagesAfter += r.site.count(fmt.Sprintf("/article/%d", i))
	}
	if pagesAfter != pagesBefore {
		t.Errorf("second pass fetched %d pages again", pagesAfter-pagesBefore)
	}
	// Retry-After holds the rate-limited feed back from --once too.
	if got := r.site.count("/ratelimited.rss"); got != 1 {
		t.Errorf("rate-limited feed polled %d times, want 1 (Retry-After 120 s)", got)
	}

	// A corrected headline makes a revision of the same article.
	r.site.setFull("Parliament passes the amended budget")
	st = r.pass(t, true)
	if st.ChangedItems != 1 || st.Revised != 1 || st.Inserted != 0 {
		t.Errorf("after a corrected headline: %+v, want 1 changed item, 1 revision", st)
	}
	if n, _ := r.st.Count(ctx); n != 8 {
		t.Errorf("%d articles after the revision, want 8", n)
	}
}

// TestDueAndBackoff checks PollDue: a feed is polled again only when due,
// and failures back off.
func TestDueAndBackoff(t *testing.T) {
	r := newRig(t)
	r.pass(t, false)
	first := r.site.count("/error.rss")
	r.pass(t, false) // nothing is due yet
	if r.site.count("/full.rss") != 1 || r.site.count("/error.rss") != first {
		t.Errorf("feeds polled before they were due: full %d, error %d", r.site.count("/full.rss"), r.site.count("/error.rss"))
	}
	r.clock.add(40 * time.Minute) // past 30 min (ttl) with its jitter
	r.pass(t, false)
	if r.site.count("/full.rss") != 2 {
		t.Errorf("full feed polled %d times after its interval, want 2", r.site.count("/full.rss"))
	}
	if f := r.feed(t, "/error.rss"); f.Failures < 1 || f.Errors < 1 {
		t.Errorf("error feed: failures %d errors %d", f.Failures, f.Errors)
	}
}
