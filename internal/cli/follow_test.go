package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
	"github.com/storyline-news/storyline/internal/watch"
	"github.com/storyline-news/storyline/internal/web"
)

// fixturePages are the real article pages internal/feeds serves in its
// tests (scripts/feed-fixtures.py), read as ingest reads any JSONL.
func fixturePages(t *testing.T) []string {
	t.Helper()
	var out []string
	err := ingest.Scan(context.Background(), []string{"../feeds/testdata/pages.jsonl.gz"}, ingest.Options{},
		func(d news.Document) error { out = append(out, d.Content); return nil },
		func(e *ingest.Error) { t.Error(e) })
	if err != nil || len(out) < 8 {
		t.Fatalf("%d fixture pages: %v", len(out), err)
	}
	return out
}

// newsSite serves one RSS feed of n summary-only items, each linking to a
// real page, with an ETag; delay slows each page.
type newsSite struct {
	srv   *httptest.Server
	pages []string
	mu    sync.Mutex
	n     int
	delay time.Duration
	seen  map[string]int
	conds int
}

func newNewsSite(t *testing.T, n int) *newsSite {
	s := &newsSite{pages: fixturePages(t), n: n, seen: map[string]int{}}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.srv.Close)
	return s
}

func (s *newsSite) setItems(n int) { s.mu.Lock(); s.n = n; s.mu.Unlock() }

func (s *newsSite) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.seen[r.URL.Path]++
	n, delay := s.n, s.delay
	s.mu.Unlock()
	switch {
	case r.URL.Path == "/feed.rss":
		etag := fmt.Sprintf(`"%d"`, n)
		if r.Header.Get("If-None-Match") == etag {
			s.mu.Lock()
			s.conds++
			s.mu.Unlock()
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		var b strings.Builder
		b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Loopback Herald</title><link>` + s.srv.URL + `/</link>`)
		for i := range n {
			fmt.Fprintf(&b, `<item><title>Report number %d on the harbour</title><link>%s/story/%d</link><guid>story-%d</guid><pubDate>Mon, 02 Nov 2026 %02d:%02d:00 GMT</pubDate><description>%s</description></item>`,
				i, s.srv.URL, i, i, 8+i/60, i%60, html.EscapeString("A teaser for story "+fmt.Sprint(i)))
		}
		b.WriteString(`</channel></rss>`)
		io.WriteString(w, b.String())
	case strings.HasPrefix(r.URL.Path, "/story/"):
		var i int
		fmt.Sscan(strings.TrimPrefix(r.URL.Path, "/story/"), &i)
		if delay > 0 {
			time.Sleep(delay)
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, s.pages[i%len(s.pages)])
	default:
		http.NotFound(w, r)
	}
}

func (s *newsSite) counts() (pages, maxPerPage, conds int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for p, n := range s.seen {
		if strings.HasPrefix(p, "/story/") {
			pages += n
			maxPerPage = max(maxPerPage, n)
		}
	}
	return pages, maxPerPage, s.conds
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := run(t, args...)
	if code != 0 {
		t.Fatalf("storyline %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func count(t *testing.T, db string) int {
	t.Helper()
	st, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	n, err := st.Count(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestFollowOnce is the check: feeds add URL --allow-private, then
// follow --once stores the feed's articles with their full text, and a
// second follow --once sends conditional requests and stores nothing new.
func TestFollowOnce(t *testing.T) {
	site := newNewsSite(t, 5)
	db := filepath.Join(t.TempDir(), "f.db")
	feedURL := site.srv.URL + "/feed.rss"
	out := mustRun(t, "feeds", "add", feedURL, "--allow-private", "--db", db)
	if !strings.Contains(out, "feed 1:") {
		t.Fatalf("feeds add said %q", out)
	}
	if _, _, code := run(t, "feeds", "add", feedURL, "--db", db); code == 0 {
		t.Error("adding the same feed twice succeeded")
	}
	out = mustRun(t, "follow", "--once", "--host-delay", "1ms", "--db", db)
	if !strings.Contains(out, "stored 5 new") {
		t.Errorf("first follow --once: %s", out)
	}
	if n := count(t, db); n != 5 {
		t.Errorf("%d articles after the first pass, want 5", n)
	}
	st, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	var texts int
	st.Each(context.Background(), store.Query{}, func(a *news.Article) error {
		if len(a.Text) > 300 && strings.HasPrefix(a.FetchedURL, site.srv.URL+"/story/") {
			texts++
		}
		return nil
	})
	st.Close()
	if texts != 5 {
		t.Errorf("%d of 5 articles hold their page's full text", texts)
	}
	pages, _, _ := site.counts()
	out = mustRun(t, "follow", "--once", "--host-delay", "1ms", "--db", db)
	if !strings.Contains(out, "1 not modified") || !strings.Contains(out, "stored 0 new, 0 revised") {
		t.Errorf("second follow --once: %s", out)
	}
	if p, _, conds := site.counts(); p != pages || conds != 1 {
		t.Errorf("second pass: %d more pages fetched, %d conditional requests answered 304", p-pages, conds)
	}
	if n := count(t, db); n != 5 {
		t.Errorf("%d articles after the second pass, want 5", n)
	}

	list := mustRun(t, "feeds", "list", "--db", db)
	if !strings.Contains(list, feedURL) || !strings.Contains(list, "never") && !regexp.MustCompile(`\b5\b`).MatchString(list) {
		t.Errorf("feeds list:\n%s", list)
	}
	opml := mustRun(t, "feeds", "export", "--db", db)
	if !strings.Contains(opml, `xmlUrl="`+feedURL+`"`) {
		t.Errorf("feeds export:\n%s", opml)
	}
	file := filepath.Join(t.TempDir(), "subs.opml")
	os.WriteFile(file, []byte(opml), 0o644)
	db2 := filepath.Join(t.TempDir(), "g.db")
	if out := mustRun(t, "feeds", "import", file, "--db", db2); !strings.Contains(out, "1 feeds added") {
		t.Errorf("feeds import: %s", out)
	}
	if out := mustRun(t, "feeds", "remove", "1", "--db", db2); !strings.Contains(out, "removed") {
		t.Errorf("feeds remove: %s", out)
	}
	if _, _, code := run(t, "feeds", "remove", "1", "--db", db2); code == 0 {
		t.Error("removing a feed twice succeeded")
	}
}

// TestFollowRefusesLoopback: without --allow-private a feed on loopback is
// refused, and the refusal is what feeds list shows.
func TestFollowRefusesLoopback(t *testing.T) {
	site := newNewsSite(t, 2)
	db := filepath.Join(t.TempDir(), "f.db")
	mustRun(t, "feeds", "add", site.srv.URL+"/feed.rss", "--db", db)
	out := mustRun(t, "follow", "--once", "--db", db)
	if !strings.Contains(out, "1 failed") {
		t.Errorf("follow --once: %s", out)
	}
	if list := mustRun(t, "feeds", "list", "--db", db); !strings.Contains(list, "blocked address") {
		t.Errorf("feeds list does not show the refusal:\n%s", list)
	}
	if p, _, _ := site.counts(); p != 0 || site.seen["/feed.rss"] != 0 {
		t.Error("the loopback server was reached")
	}
}

// TestWatchlistAlerts: a watchlist made before new articles arrive gets
// them as hits, in its Atom feed and as a signed webhook POST.
func TestWatchlistAlerts(t *testing.T) {
	site := newNewsSite(t, 2)
	db := filepath.Join(t.TempDir(), "f.db")
	mustRun(t, "feeds", "add", site.srv.URL+"/feed.rss", "--allow-private", "--db", db)
	mustRun(t, "follow", "--once", "--host-delay", "1ms", "--db", db)

	type post struct {
		body []byte
		sig  string
	}
	posts := make(chan post, 10)
	fail := true
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		if fail { // the first delivery fails: it must be retried
			fail = false
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		posts <- post{b, r.Header.Get("X-Storyline-Signature")}
	}))
	defer hook.Close()
	out := mustRun(t, "watch", "add", "--query", "harbour", "--webhook", hook.URL+"/in", "--name", "ports", "--db", db)
	m := regexp.MustCompile(`webhook secret \(check X-Storyline-Signature with it\): ([0-9a-f]+)`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("watch add printed no secret: %s", out)
	}
	secret := m[1]
	if _, _, code := run(t, "watch", "add", "--db", db); code != 2 {
		t.Error("watch add without a criterion was not a usage error")
	}

	// Three new stories: the articles stored before the watchlist are not
	// hits; these are.
	site.setItems(5)
	out = mustRun(t, "follow", "--once", "--host-delay", "1ms", "--allow-private", "--db", db)
	if !strings.Contains(out, "stored 3 new") || !strings.Contains(out, "3 watchlist hits") {
		t.Errorf("follow --once: %s", out)
	}
	st, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.Deliveries(context.Background(), 1, 10)
	if err != nil || len(ds) != 1 || ds[0].State != "pending" || ds[0].Attempts != 1 {
		t.Fatalf("deliveries after a 503: %+v, %v", ds, err)
	}
	// The retry is due later: bring it forward, as time would.
	if _, err := st.DB().Exec("UPDATE deliveries SET next_try = ''"); err != nil {
		t.Fatal(err)
	}
	mustRun(t, "follow", "--once", "--host-delay", "1ms", "--allow-private", "--db", db)
	select {
	case p := <-posts:
		if err := watch.Verify(secret, p.sig, p.body, time.Now(), time.Minute); err != nil {
			t.Errorf("webhook signature: %v", err)
		}
		var payload struct {
			Hits []struct {
				Kind      string `json:"kind"`
				ArticleID int64  `json:"article_id"`
			} `json:"hits"`
		}
		if err := json.Unmarshal(p.body, &payload); err != nil || len(payload.Hits) != 3 {
			t.Errorf("webhook payload: %v, %s", err, p.body)
		}
	default:
		t.Fatal("no webhook was delivered on the retry")
	}
	if ds, _ := st.Deliveries(context.Background(), 1, 10); len(ds) != 1 || ds[0].State != "delivered" || ds[0].Attempts != 2 {
		t.Errorf("delivery after the retry: %+v", ds)
	}
	if list := mustRun(t, "watch", "list", "--db", db); !strings.Contains(list, "delivered (2 attempts)") {
		t.Errorf("watch list:\n%s", list)
	}

	// The Atom feed, as storyline serve answers it, parses and holds the
	// three hits.
	h, err := web.New(st, web.Options{BaseURL: "http://example.test"})
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/watchlists/1.atom", nil))
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("GET /watchlists/1.atom: %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	feed, err := gofeed.NewParser().ParseString(rec.Body.String())
	if err != nil {
		t.Fatalf("the watchlist feed does not parse: %v", err)
	}
	if len(feed.Items) != 3 || !strings.HasPrefix(feed.Items[0].Link, "http://example.test/articles/") {
		t.Errorf("watchlist feed: %d items, first link %q", len(feed.Items), feed.Items[0].Link)
	}
	for _, path := range []string{"/watchlists/9.atom", "/watchlists/1.rss", "/watchlists/x.atom"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
		if rec.Code != 404 {
			t.Errorf("GET %s: %d, want 404", path, rec.Code)
		}
	}
	if out := mustRun(t, "watch", "remove", "1", "--db", db); !strings.Contains(out, "removed") {
		t.Errorf("watch remove: %s", out)
	}
}

// TestKillNineDuringFollow kills a follow mid-way, with a reader open on
// the store the whole time, and runs it again: every item is stored, and
// none twice.
func TestKillNineDuringFollow(t *testing.T) {
	const items = 100 // fetched and stored 32 at a time
	site := newNewsSite(t, items)
	site.delay = 30 * time.Millisecond
	db := filepath.Join(t.TempDir(), "f.db")
	mustRun(t, "feeds", "add", site.srv.URL+"/feed.rss", "--allow-private", "--db", db)

	cmd := exec.Command(os.Args[0], "follow", "--host-delay", "1ms", "--check", "200ms", "--db", db)
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// A reader (as storyline serve is) reads while follow writes.
	stop := make(chan struct{})
	readErr := make(chan error, 1)
	go func() {
		defer close(readErr)
		for {
			select {
			case <-stop:
				return
			case <-time.After(20 * time.Millisecond):
			}
			st, err := sqlite.OpenReadOnly(db)
			if err != nil {
				continue // not migrated yet
			}
			_, err = st.Count(context.Background())
			st.Close()
			if err != nil {
				readErr <- err
				return
			}
		}
	}()
	deadline := time.Now().Add(60 * time.Second)
	killedAt := 0
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		if n := countIfAny(db); n >= 3 {
			killedAt = n
			break
		}
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	close(stop)
	if err := <-readErr; err != nil {
		t.Errorf("a reader failed while follow wrote: %v", err)
	}
	if killedAt == 0 || killedAt >= items {
		t.Skipf("follow stored %d of %d before it could be killed", killedAt, items)
	}
	mustRun(t, "follow", "--once", "--host-delay", "1ms", "--db", db)
	if n := count(t, db); n != items {
		t.Errorf("%d articles after the restart, want %d (killed at %d)", n, items, killedAt)
	}
	st, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	its, err := st.FeedItems(context.Background(), 1, 100)
	if err != nil {
		t.Fatal(err)
	}
	stored, articles := 0, map[int64]bool{}
	for _, it := range its {
		if it.State == store.ItemStored {
			stored++
			articles[it.Article] = true
		}
	}
	if stored != items || len(articles) != items {
		t.Errorf("%d items stored as %d articles, want %d each", stored, len(articles), items)
	}
	// A page fetched just before the kill may be fetched again, once.
	if _, most, _ := site.counts(); most > 2 {
		t.Errorf("a page was fetched %d times", most)
	}
}

// countIfAny is the number of articles stored, 0 while there is no store.
func countIfAny(db string) int {
	st, err := sqlite.OpenReadOnly(db)
	if err != nil {
		return 0
	}
	defer st.Close()
	n, _ := st.Count(context.Background())
	return n
}

// TestServeFollows: storyline serve polls the store's feeds in the
// background and serves the result.
func TestServeFollows(t *testing.T) {
	site := newNewsSite(t, 3)
	db := filepath.Join(t.TempDir(), "f.db")
	mustRun(t, "feeds", "add", site.srv.URL+"/feed.rss", "--allow-private", "--db", db)
	cmd := exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--host-delay", "1ms", "--db", db)
	cmd.Env = append(os.Environ(), "STORYLINE_TEST_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait() }()
	sc := bufio.NewScanner(out)
	var addr string
	for sc.Scan() {
		if m := regexp.MustCompile(`Serving on (http://\S+)/`).FindStringSubmatch(sc.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	if addr == "" {
		t.Fatal("serve printed no address")
	}
	go io.Copy(io.Discard, out)
	deadline := time.Now().Add(30 * time.Second)
	for countIfAny(db) < 3 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Millisecond)
	}
	if n := countIfAny(db); n != 3 {
		t.Fatalf("serve stored %d of the feed's 3 articles", n)
	}
	res, err := http.Get(addr + "/feeds")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || !strings.Contains(string(body), site.srv.URL+"/feed.rss") {
		t.Errorf("GET /feeds: %d", res.StatusCode)
	}
}

// TestWebhookGuarded: a webhook on a private address is refused like any
// fetch, even when its feed was allowed on one.
func TestWebhookGuarded(t *testing.T) {
	site := newNewsSite(t, 1)
	db := filepath.Join(t.TempDir(), "f.db")
	mustRun(t, "feeds", "add", site.srv.URL+"/feed.rss", "--allow-private", "--db", db)
	mustRun(t, "follow", "--once", "--host-delay", "1ms", "--db", db)
	hit := false
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hit = true }))
	defer hook.Close()
	mustRun(t, "watch", "add", "--query", "harbour", "--webhook", hook.URL, "--db", db)
	site.setItems(2)
	mustRun(t, "follow", "--once", "--host-delay", "1ms", "--db", db)
	st, err := sqlite.OpenReadOnly(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ds, err := st.Deliveries(context.Background(), 1, 10)
	if err != nil || len(ds) != 1 || !strings.Contains(ds[0].LastError, "blocked") {
		t.Fatalf("deliveries: %+v %v", ds, err)
	}
	if hit {
		t.Error("the webhook on loopback was reached")
	}
}
