package cli

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/feeds"
	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

const benchFollowAbout = `A simulated day of storyline follow: local servers on 127.0.0.1 (-hosts of
them, so distinct host:port) serve -feeds feeds (RSS 2.0 and Atom, a share
of news sitemaps) whose items appear at seeded random times of a virtual
day that runs -speed times faster than real time. Each item links to a
real page of -pages at a URL of its own; the feeds of a -summary share
carry only summaries, so their pages are fetched, the others carry the
page in content:encoded. A feed shows its newest 20 items that have
appeared, with an ETag and Last-Modified, and answers 304 to a matching
conditional GET. The poller runs as storyline follow does (PollDue, Drain,
a 100 ms pause, again) on a fresh SQLite store with a virtual clock, until
the day is over and every item is stored, or -grace (real time) after that.

Reported: requests per poll cycle and the share answered 304; the time
from an item's appearance to its article being stored (virtual minutes),
split into the wait for a poll that sees it and the work after it (real
seconds); CPU per item; peak memory; items fetched twice (must be 0).`

// benchFollow runs `storyline bench follow`.
func benchFollow(e *env, args []string) error {
	fs := flags(e, "bench follow", "[flags]", benchFollowAbout)
	c := followSim{log: e.stderr}
	fs.IntVar(&c.feeds, "feeds", 500, "feeds served")
	fs.IntVar(&c.hosts, "hosts", 50, "local servers (host:port) the feeds are spread over")
	fs.IntVar(&c.items, "items-per-feed", 4, "items that appear in each feed over the day")
	fs.Float64Var(&c.speed, "speed", 360, "virtual seconds per real second")
	fs.DurationVar(&c.every, "every", 15*time.Minute, "each feed's polling interval (virtual)")
	fs.DurationVar(&c.day, "day", 24*time.Hour, "length of the simulated day (virtual)")
	fs.DurationVar(&c.grace, "grace", 2*time.Minute, "real time allowed after the day for the last items to be stored")
	fs.Float64Var(&c.summary, "summary", 0.5, "share of the feeds (sitemaps aside) whose items carry only a summary")
	fs.Float64Var(&c.sitemaps, "sitemaps", 0.02, "share of the feeds that are news sitemaps")
	fs.StringVar(&c.pages, "pages", defaultFollowPages, "real pages (JSONL.gz with html, as trafilatura's benchmark)")
	fs.Uint64Var(&c.seed, "seed", 1, "seed of the feeds' kinds, items, times and pages")
	fs.StringVar(&c.dir, "o", "", "keep the store in this `dir` (default: a temporary one, removed)")
	asJSON := fs.Bool("json", false, "print the figures as JSON")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if c.feeds <= 0 || c.hosts <= 0 || c.items <= 0 || c.speed <= 0 || c.every <= 0 || c.day <= 0 ||
		c.summary < 0 || c.summary > 1 || c.sitemaps < 0 || c.sitemaps > 1 {
		return usageErrorf("-feeds, -hosts, -items-per-feed, -speed, -every and -day must be above 0, -summary and -sitemaps shares")
	}
	if c.pages == defaultFollowPages && !fileExists(c.pages) && fileExists(fallbackFollowPages) {
		c.pages = fallbackFollowPages
	}
	rep, err := c.run(e.ctx)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(rep)
	} else {
		rep.print(e.stdout)
	}
	if err == nil && rep.TimedOut {
		err = fmt.Errorf("%d of %d items not stored %s after the virtual day ended", rep.Appeared-rep.Stored, rep.Appeared, c.grace)
	}
	return err
}

// The pages bench follow serves: trafilatura's benchmark beside the
// repository, else the few committed for the poller's tests.
const (
	defaultFollowPages  = "../shared/data/extraction-trafilatura/pages.jsonl.gz"
	fallbackFollowPages = "internal/feeds/testdata/pages.jsonl.gz"
)

// followSim holds the settings of a simulated day.
type followSim struct {
	feeds, hosts, items int
	speed               float64
	every, day, grace   time.Duration
	summary, sitemaps   float64
	pages, dir          string
	seed                uint64
	log                 io.Writer // the poller's warnings
}

// simPage is one real page the simulated sites serve, its HTML
// compressed: the simulated server shares the process whose memory is
// measured, and 990 pages take 137 MiB as text, 32 compressed.
type simPage struct {
	title string
	z     []byte // the HTML, flate
}

func (p simPage) html() string {
	b, err := io.ReadAll(flate.NewReader(bytes.NewReader(p.z)))
	if err != nil {
		panic(err) // compressed by us in memory: cannot be corrupt
	}
	return string(b)
}

func compress(s string) []byte {
	var b bytes.Buffer
	zw, _ := flate.NewWriter(&b, flate.BestSpeed) // the level is valid
	io.WriteString(zw, s)
	zw.Close()
	return b.Bytes()
}

// loadSimPages reads pages (JSONL, gzip): each line's html, and its title
// or the page's <title>.
func loadSimPages(path string) ([]simPage, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, 0, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, 0, fmt.Errorf("%s: %w", path, err)
	}
	dec := json.NewDecoder(zr)
	var pages []simPage
	var size int64
	for line := 1; ; line++ {
		var p struct{ Title, HTML string }
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			return nil, 0, fmt.Errorf("%s line %d: %w", path, line, err)
		}
		if strings.TrimSpace(p.HTML) == "" {
			continue
		}
		if p.Title == "" {
			if m := titleRE.FindStringSubmatch(p.HTML); m != nil {
				p.Title = html.UnescapeString(m[1])
			}
		}
		p.Title = clip(strings.Join(strings.Fields(p.Title), " "), 150)
		pages = append(pages, simPage{title: p.Title, z: compress(xmlSafe(p.HTML))})
		size += int64(len(p.HTML))
	}
	if len(pages) == 0 {
		return nil, 0, fmt.Errorf("%s: no pages", path)
	}
	return pages, size, nil
}

var titleRE = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)

// xmlSafe drops the characters XML 1.0 forbids, which real pages carry
// now and then and which would make a whole feed unreadable.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r == 0xFFFE || r == 0xFFFF {
			return -1
		}
		return r
	}, s)
}

// simClock is the virtual clock: it stands at the start of the day until
// started, then runs speed times faster than real time.
type simClock struct {
	v0    time.Time
	speed float64
	mu    sync.Mutex
	r0    time.Time // zero until started
}

func (c *simClock) start() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.r0 = time.Now()
}

// offset is the virtual time since the start of the day.
func (c *simClock) offset() time.Duration {
	c.mu.Lock()
	r0 := c.r0
	c.mu.Unlock()
	if r0.IsZero() {
		return 0
	}
	return time.Duration(float64(time.Since(r0)) * c.speed)
}

func (c *simClock) now() time.Time { return c.v0.Add(c.offset()) }

// simItem is one item of a simulated feed; times are virtual offsets from
// the start of the day, -1 until they happen.
type simItem struct {
	path   string // its page, unique over all hosts
	page   int
	appear time.Duration
	seen   time.Duration // first served in a feed's body
	stored time.Duration // its article committed
	stores int           // times its article was committed
}

// simFeed is one simulated feed.
type simFeed struct {
	idx     int
	kind    string // rss, atom, sitemap
	summary bool   // items carry only a summary
	base    string // its host's URL
	path    string
	items   []*simItem // by appearance

	mu       sync.Mutex
	valN     int // items visible when etag and lm were made; -1 before
	etag, lm string
}

// simServer is the simulated sites: every host serves every path, each
// feed's links point at its own host. It counts the requests it answers.
type simServer struct {
	clock  *simClock
	pages  []simPage
	hosts  []*httptest.Server
	feeds  []*simFeed
	byPath map[string]*simFeed
	items  map[string]*simItem

	mu                                 sync.Mutex
	feed200, feed304, page, robots, no int
	pageHits                           map[string]int
}

// simWindow is how many items a feed shows: its newest.
const simWindow = 20

func newSimServer(c followSim, pages []simPage) *simServer {
	// The day is a past one, so that no item's date lies in the future of
	// the real clock the pipeline checks dates against.
	days := (c.day + 24*time.Hour - 1) / (24 * time.Hour)
	v0 := time.Now().UTC().Truncate(24 * time.Hour).Add(-days * 24 * time.Hour)
	s := &simServer{clock: &simClock{v0: v0, speed: c.speed}, pages: pages,
		byPath: map[string]*simFeed{}, items: map[string]*simItem{}, pageHits: map[string]int{}}
	// The servers listen now, to name the feeds' hosts, and answer once
	// the feeds and items they serve are made.
	for range c.hosts {
		s.hosts = append(s.hosts, httptest.NewUnstartedServer(s))
	}
	rng := rand.New(rand.NewPCG(c.seed, 0x5eed))
	order := rng.Perm(c.feeds)
	nMaps := int(float64(c.feeds)*c.sitemaps + 0.5)
	nSummary := int(float64(c.feeds-nMaps)*c.summary + 0.5)
	pageOrder := rng.Perm(len(pages))
	for i := range c.feeds {
		f := &simFeed{idx: i, base: "http://" + s.hosts[i%c.hosts].Listener.Addr().String(), valN: -1}
		switch r := order[i]; {
		case r < nMaps:
			f.kind, f.summary = "sitemap", true
		case r < nMaps+nSummary:
			f.summary = true
			fallthrough
		default:
			f.kind = []string{"rss", "atom"}[r%2]
		}
		f.path = fmt.Sprintf("/feeds/%d.%s", i, map[string]string{"rss": "rss", "atom": "atom", "sitemap": "xml"}[f.kind])
		for k := range c.items {
			it := &simItem{path: fmt.Sprintf("/a/%d/%d", i, k), appear: time.Duration(rng.Int64N(int64(c.day))),
				page: pageOrder[(i*c.items+k)%len(pages)], seen: -1, stored: -1}
			f.items = append(f.items, it)
			s.items[it.path] = it
		}
		sort.Slice(f.items, func(a, b int) bool { return f.items[a].appear < f.items[b].appear })
		s.feeds = append(s.feeds, f)
		s.byPath[f.path] = f
	}
	for _, h := range s.hosts {
		h.Start()
	}
	return s
}

func (s *simServer) close() {
	for _, h := range s.hosts {
		h.Close()
	}
}

func (s *simServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	now := s.clock.offset()
	p := r.URL.Path
	switch {
	case p == "/robots.txt":
		s.count(&s.robots)
		fmt.Fprint(w, "User-agent: *\nAllow: /\n")
	case s.byPath[p] != nil:
		s.serveFeed(w, r, s.byPath[p], now)
	case s.items[p] != nil && s.items[p].appear <= now:
		s.mu.Lock()
		s.page++
		s.pageHits[p]++
		s.mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, s.pages[s.items[p].page].html())
	default:
		s.count(&s.no)
		http.NotFound(w, r)
	}
}

func (s *simServer) count(n *int) {
	s.mu.Lock()
	*n++
	s.mu.Unlock()
}

// serveFeed answers a poll: 304 when the client's validators match the
// items visible now, else the body, marking its items seen.
func (s *simServer) serveFeed(w http.ResponseWriter, r *http.Request, f *simFeed, now time.Duration) {
	n := sort.Search(len(f.items), func(i int) bool { return f.items[i].appear > now })
	etag, lm := f.validators(n, s.clock.v0)
	w.Header().Set("ETag", etag)
	w.Header().Set("Last-Modified", lm)
	if notModified(r, etag, lm) {
		s.count(&s.feed304)
		w.WriteHeader(http.StatusNotModified)
		return
	}
	s.mu.Lock()
	s.feed200++
	for _, it := range f.items[max(0, n-simWindow):n] {
		if it.seen < 0 {
			it.seen = now
		}
	}
	s.mu.Unlock()
	w.Header().Set("Content-Type", map[string]string{"rss": "application/rss+xml", "atom": "application/atom+xml",
		"sitemap": "application/xml"}[f.kind]+"; charset=utf-8")
	f.render(w, n, s)
}

// notModified applies RFC 9110: If-None-Match when sent, else
// If-Modified-Since.
func notModified(r *http.Request, etag, lm string) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		return inm == etag
	}
	since, err := http.ParseTime(r.Header.Get("If-Modified-Since"))
	last, _ := http.ParseTime(lm)
	return err == nil && !last.After(since)
}

// shown is the feed's items of the first n, as the feed lists them: the
// newest simWindow, newest first.
func (f *simFeed) shown(n int) []*simItem {
	items := slices.Clone(f.items[max(0, n-simWindow):n])
	slices.Reverse(items)
	return items
}

// validators returns the ETag (a hash of the items shown) and
// Last-Modified (the newest item's time) of the feed showing its first n
// items.
func (f *simFeed) validators(n int, v0 time.Time) (etag, lm string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.valN != n {
		h := sha256.New()
		last := v0
		for i, it := range f.shown(n) {
			io.WriteString(h, it.path+"\n")
			if i == 0 {
				last = v0.Add(it.appear)
			}
		}
		f.valN, f.etag, f.lm = n, `"`+hex.EncodeToString(h.Sum(nil)[:8])+`"`, last.Format(http.TimeFormat)
	}
	return f.etag, f.lm
}

// render writes the feed's body showing its first n items. Bodies are not
// kept: full-content feeds hold whole pages, and keeping them would count
// the simulated server's memory in the peak measured.
func (f *simFeed) render(w io.Writer, n int, s *simServer) {
	v0 := s.clock.v0
	shown := f.shown(n)
	last := v0
	if len(shown) > 0 {
		last = v0.Add(shown[0].appear)
	}
	esc := html.EscapeString
	name := fmt.Sprintf("Simulated News %d", f.idx)
	switch f.kind {
	case "rss":
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>%s</title><link>%s/</link><description>Simulated feed</description>
`, name, f.base)
		for _, it := range shown {
			pg := s.pages[it.page]
			fmt.Fprintf(w, `<item><title>%s</title><link>%s%s</link><guid isPermaLink="false">urn:sim:%s</guid><pubDate>%s</pubDate><description>%s</description>`,
				esc(pg.title), f.base, it.path, it.path, v0.Add(it.appear).Format(time.RFC1123Z), esc(teaser(pg)))
			if !f.summary {
				fmt.Fprintf(w, `<content:encoded>%s</content:encoded>`, esc(pg.html()))
			}
			io.WriteString(w, "</item>\n")
		}
		io.WriteString(w, "</channel></rss>\n")
	case "atom":
		fmt.Fprintf(w, `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>%s</title><id>urn:sim:feed:%d</id><link href="%s/"/><updated>%s</updated>
`, name, f.idx, f.base, last.Format(time.RFC3339))
		for _, it := range shown {
			pg := s.pages[it.page]
			at := v0.Add(it.appear).Format(time.RFC3339)
			fmt.Fprintf(w, `<entry><title>%s</title><id>urn:sim:%s</id><link href="%s%s"/><published>%s</published><updated>%s</updated><summary>%s</summary>`,
				esc(pg.title), it.path, f.base, it.path, at, at, esc(teaser(pg)))
			if !f.summary {
				fmt.Fprintf(w, `<content type="html">%s</content>`, esc(pg.html()))
			}
			io.WriteString(w, "</entry>\n")
		}
		io.WriteString(w, "</feed>\n")
	default:
		io.WriteString(w, `<?xml version="1.0" encoding="utf-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
`)
		for _, it := range shown {
			fmt.Fprintf(w, `<url><loc>%s%s</loc><news:news><news:publication><news:name>%s</news:name></news:publication><news:publication_date>%s</news:publication_date><news:title>%s</news:title></news:news></url>
`, f.base, it.path, name, v0.Add(it.appear).Format(time.RFC3339), esc(s.pages[it.page].title))
		}
		io.WriteString(w, "</urlset>\n")
	}
}

// teaser is an item's summary: far fewer words than a full article.
func teaser(p simPage) string { return "In brief: " + p.title }

// followReport is what a simulated day measured. Times called _min are
// virtual minutes; _s are real seconds.
type followReport struct {
	Feeds        int            `json:"feeds"`
	Hosts        int            `json:"hosts"`
	ItemsPerFeed int            `json:"items_per_feed"`
	Kinds        map[string]int `json:"kinds"`
	SummaryFeeds int            `json:"summary_feeds"` // sitemaps included
	Speed        float64        `json:"speed"`
	EveryMin     float64        `json:"every_min"`
	DayH         float64        `json:"day_h"`
	Seed         uint64         `json:"seed"`
	Pages        int            `json:"pages"`     // distinct real pages
	PagesMiB     float64        `json:"pages_mib"` // their HTML
	CPUs         int            `json:"cpus"`
	LoadStart    string         `json:"load_start"` // /proc/loadavg
	LoadEnd      string         `json:"load_end"`

	RealS    float64 `json:"real_s"`
	VirtualH float64 `json:"virtual_h"`
	Passes   int     `json:"passes"` // PollDue + Drain rounds
	TimedOut bool    `json:"timed_out"`

	Appeared    int `json:"appeared"`
	Stored      int `json:"stored"`       // items whose article was committed
	StoredTwice int `json:"stored_twice"` // items committed more than once
	Unknown     int `json:"unknown"`      // committed documents of no simulated item
	Articles    int `json:"articles"`     // articles in the store

	Feed200          int     `json:"feed_200"`
	Feed304          int     `json:"feed_304"`
	PageRequests     int     `json:"page_requests"`
	RobotsRequests   int     `json:"robots_requests"`
	OtherRequests    int     `json:"other_requests"` // 404s
	Cycles           float64 `json:"cycles"`         // virtual time run / -every
	FeedPerCycle     float64 `json:"feed_requests_per_cycle"`
	RequestsPerCycle float64 `json:"requests_per_cycle"` // pages and robots.txt included
	Share304         float64 `json:"share_304"`

	PagesServedTwice  int `json:"pages_served_twice"`
	QueueRows         int `json:"queue_rows"`
	QueueStored       int `json:"queue_stored"`
	QueueFailed       int `json:"queue_failed"`
	QueueFetchedTwice int `json:"queue_fetched_twice"` // feed_items rows with fetches > 1
	FetchedTwice      int `json:"fetched_twice"`       // the two above: must be 0

	LatencyMin   percentiles `json:"latency_min"`    // appearance -> stored
	PollDelayMin percentiles `json:"poll_delay_min"` // appearance -> first served in a feed
	WorkS        percentiles `json:"work_s"`         // first served -> stored

	CPUS         float64 `json:"cpu_s"`
	CPUMsPerItem float64 `json:"cpu_ms_per_item"`
	SetupRSSMiB  float64 `json:"setup_rss_mib"` // peak before the day: pages loaded, models and servers up
	PeakRSSMiB   float64 `json:"peak_rss_mib"`

	Poll feeds.Stats `json:"poll"`
}

type percentiles struct {
	P50 float64 `json:"p50"`
	P95 float64 `json:"p95"`
	P99 float64 `json:"p99"`
	Max float64 `json:"max"`
}

// percentilesOf returns the nearest-rank percentiles of ds in unit.
func percentilesOf(ds []time.Duration, unit time.Duration) percentiles {
	if len(ds) == 0 {
		return percentiles{}
	}
	slices.Sort(ds)
	at := func(p float64) float64 {
		i := int(float64(len(ds))*p/100+0.999999) - 1
		return float64(ds[max(0, min(i, len(ds)-1))]) / float64(unit)
	}
	return percentiles{at(50), at(95), at(99), at(100)}
}

// run simulates the day and measures it.
func (c followSim) run(ctx context.Context) (*followReport, error) {
	dir := c.dir
	var err error
	if dir == "" {
		if dir, err = os.MkdirTemp("", "storyline-bench-follow"); err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	path := filepath.Join(dir, "follow.db")
	if fileExists(path) {
		return nil, fmt.Errorf("%s exists: the simulation needs a fresh store", path)
	}
	pages, size, err := loadSimPages(c.pages)
	if err != nil {
		return nil, err
	}
	srv := newSimServer(c, pages)
	defer srv.close()
	st, err := sqlite.Open(path)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for _, f := range srv.feeds {
		if _, err := st.AddFeed(ctx, store.Feed{URL: f.base + f.path, Every: c.every, AllowPrivate: true, Created: srv.clock.v0}); err != nil {
			return nil, err
		}
	}
	w := pipeline.NewWriter(st, pipeline.All)
	// The writer loads its models on first use: before the clock starts,
	// as a follower that has been running would have.
	if _, err := w.Run(ctx, sliceSource(nil), nil); err != nil {
		return nil, err
	}
	rep := &followReport{Feeds: c.feeds, Hosts: c.hosts, ItemsPerFeed: c.items, Kinds: map[string]int{}, Speed: c.speed,
		EveryMin: c.every.Minutes(), DayH: c.day.Hours(), Seed: c.seed, Pages: len(pages),
		PagesMiB: float64(size) / (1 << 20), CPUs: runtime.NumCPU(), Appeared: len(srv.items)}
	for _, f := range srv.feeds {
		rep.Kinds[f.kind]++
		if f.summary {
			rep.SummaryFeeds++
		}
	}
	loop := loopback()
	poll := &feeds.Poller{
		Store:  st,
		Client: fetch.New(fetch.Options{AllowNets: loop, HostDelay: 50 * time.Millisecond, Timeout: 10 * time.Second}),
		Ingest: srv.recordStores(w.Run, rep),
		Now:    srv.clock.now,
		Log:    slog.New(slog.NewTextHandler(c.log, &slog.HandlerOptions{Level: slog.LevelWarn})),
	}

	rep.LoadStart = loadAverage()
	rep.SetupRSSMiB = maxRSSMB()
	runtime.GC()
	cpu0 := cpuTime()
	srv.clock.start()
	real0 := time.Now()
	deadline := real0.Add(time.Duration(float64(c.day)/c.speed) + c.grace)
	for {
		s, err := poll.PollDue(ctx)
		rep.Poll.Add(s)
		if err == nil {
			s, err = poll.Drain(ctx)
			rep.Poll.Add(s)
		}
		if err != nil {
			return nil, err
		}
		rep.Passes++
		if srv.clock.offset() >= c.day {
			if srv.storedAll() {
				break
			}
			if time.Now().After(deadline) {
				rep.TimedOut = true
				break
			}
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
	}
	virtual, elapsed, cpu := srv.clock.offset(), time.Since(real0), cpuTime()-cpu0
	rep.LoadEnd = loadAverage()
	rep.RealS, rep.VirtualH, rep.CPUS = elapsed.Seconds(), virtual.Hours(), cpu.Seconds()
	rep.PeakRSSMiB = maxRSSMB()
	if err := rep.queue(ctx, st); err != nil {
		return nil, err
	}
	if rep.Articles, err = st.Count(ctx); err != nil {
		return nil, err
	}
	srv.figures(rep, c, virtual)
	return rep, nil
}

// loopback is where the simulated sites are: the only private addresses
// the client may reach.
func loopback() []netip.Prefix {
	return []netip.Prefix{netip.MustParsePrefix("127.0.0.0/8"), netip.MustParsePrefix("::1/128")}
}

// recordStores wraps the ingest so that each committed document marks
// its item stored, at the virtual time of the commit.
func (s *simServer) recordStores(run feeds.Ingest, rep *followReport) feeds.Ingest {
	return func(ctx context.Context, src pipeline.Source, onResult func(news.Document, store.Outcome, error)) (pipeline.Summary, error) {
		return run(ctx, src, func(d news.Document, o store.Outcome, err error) {
			if err == nil {
				now := s.clock.offset()
				s.mu.Lock()
				if it := s.items[urlPath(d.URL)]; it != nil {
					if it.stores == 0 {
						it.stored = now
					}
					it.stores++
				} else {
					rep.Unknown++
				}
				s.mu.Unlock()
			}
			onResult(d, o, err)
		})
	}
}

func urlPath(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return ""
	}
	return p.Path
}

func (s *simServer) storedAll() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, it := range s.items {
		if it.stores == 0 {
			return false
		}
	}
	return true
}

// queue reads the store's fetch queue: its rows by state and those whose
// page was fetched more than once.
func (r *followReport) queue(ctx context.Context, st *sqlite.Store) error {
	err := st.DB().QueryRowContext(ctx, `SELECT count(*), coalesce(sum(state = ?), 0), coalesce(sum(state = ?), 0),
		coalesce(sum(fetches > 1), 0) FROM feed_items`, store.ItemStored, store.ItemFailed).
		Scan(&r.QueueRows, &r.QueueStored, &r.QueueFailed, &r.QueueFetchedTwice)
	if err != nil {
		return fmt.Errorf("reading the fetch queue: %w", err)
	}
	return nil
}

// figures fills in what the server counted and the items' times.
func (s *simServer) figures(r *followReport, c followSim, virtual time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	r.Feed200, r.Feed304, r.PageRequests, r.RobotsRequests, r.OtherRequests = s.feed200, s.feed304, s.page, s.robots, s.no
	for _, n := range s.pageHits {
		if n > 1 {
			r.PagesServedTwice++
		}
	}
	r.FetchedTwice = r.PagesServedTwice + r.QueueFetchedTwice
	polls := s.feed200 + s.feed304
	r.Cycles = float64(virtual) / float64(c.every)
	if r.Cycles > 0 {
		r.FeedPerCycle = float64(polls) / r.Cycles
		r.RequestsPerCycle = float64(polls+s.page+s.robots+s.no) / r.Cycles
	}
	if polls > 0 {
		r.Share304 = float64(s.feed304) / float64(polls)
	}
	var lat, wait, work []time.Duration
	for _, it := range s.items {
		if it.stores == 0 {
			continue
		}
		r.Stored++
		if it.stores > 1 {
			r.StoredTwice++
		}
		lat = append(lat, it.stored-it.appear)
		if it.seen >= 0 {
			wait = append(wait, it.seen-it.appear)
			work = append(work, time.Duration(float64(it.stored-it.seen)/c.speed))
		}
	}
	r.LatencyMin, r.PollDelayMin, r.WorkS = percentilesOf(lat, time.Minute), percentilesOf(wait, time.Minute), percentilesOf(work, time.Second)
	if r.Stored > 0 {
		r.CPUMsPerItem = r.CPUS * 1000 / float64(r.Stored)
	}
}

// loadAverage is the system's load average over 1, 5 and 15 minutes, ""
// where /proc does not say.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return ""
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:min(3, len(f))], " ")
}

func (r *followReport) print(w io.Writer) {
	fmt.Fprintf(w, "simulated day: %d feeds (%d RSS, %d Atom, %d news sitemaps; %d with summaries only) on %d hosts, "+
		"%d items each at seeded random times, polled every %s; %.0f× (%gh in %s); %d real pages (%.0f MiB of HTML, kept compressed); seed %d\n",
		r.Feeds, r.Kinds["rss"], r.Kinds["atom"], r.Kinds["sitemap"], r.SummaryFeeds, r.Hosts, r.ItemsPerFeed,
		time.Duration(r.EveryMin*float64(time.Minute)), r.Speed, r.DayH,
		time.Duration(r.DayH*float64(time.Hour)/r.Speed).Round(time.Second), r.Pages, r.PagesMiB, r.Seed)
	fmt.Fprintf(w, "machine: %d CPUs, load average %s at the start, %s at the end\n", r.CPUs, orDash(r.LoadStart), orDash(r.LoadEnd))
	status := "all stored"
	if r.TimedOut {
		status = "TIMED OUT"
	}
	fmt.Fprintf(w, "run: %.1f s real, %.2f h virtual, %d passes; %d of %d items stored (%s; %d stored twice); %d articles in the store\n\n",
		r.RealS, r.VirtualH, r.Passes, r.Stored, r.Appeared, status, r.StoredTwice, r.Articles)
	fmt.Fprintf(w, "requests: %d feed polls (%d answered 200, %d answered 304 = %.1f%%) over %.1f cycles of %s: %.1f feed requests per cycle\n",
		r.Feed200+r.Feed304, r.Feed200, r.Feed304, 100*r.Share304, r.Cycles,
		time.Duration(r.EveryMin*float64(time.Minute)), r.FeedPerCycle)
	fmt.Fprintf(w, "          %d page and %d robots.txt requests, %d not found: %.1f requests per cycle in all\n",
		r.PageRequests, r.RobotsRequests, r.OtherRequests, r.RequestsPerCycle)
	p := func(name string, q percentiles, unit string) {
		fmt.Fprintf(w, "%-44s p50 %6.1f  p95 %6.1f  p99 %6.1f  max %6.1f %s\n", name, q.P50, q.P95, q.P99, q.Max, unit)
	}
	p("appearance -> article stored", r.LatencyMin, "virtual min")
	p("  appearance -> first served in a feed", r.PollDelayMin, "virtual min")
	p("  first served -> article stored", r.WorkS, "real s")
	fmt.Fprintf(w, "CPU: %.1f s user+sys during the day, %.1f ms per item stored (polling and the simulated server included)\n",
		r.CPUS, r.CPUMsPerItem)
	fmt.Fprintf(w, "memory: peak RSS %.0f MiB (%.0f MiB before the day: pages loaded, models and servers up)\n", r.PeakRSSMiB, r.SetupRSSMiB)
	fmt.Fprintf(w, "fetched twice: %d (%d pages served more than once, %d queue rows with fetches > 1); queue: %d rows, %d stored, %d failed\n",
		r.FetchedTwice, r.PagesServedTwice, r.QueueFetchedTwice, r.QueueRows, r.QueueStored, r.QueueFailed)
	s := r.Poll
	fmt.Fprintf(w, "poller: %d polls (%d not modified, %d failed), %d new and %d changed items, %d pages fetched (%d failed), "+
		"stored %d new, %d revised, %d unchanged; %d not stored on a pass (%d given up)\n",
		s.Polled, s.NotModified, s.PollErrors, s.NewItems, s.ChangedItems, s.Fetched, s.FetchErrors,
		s.Inserted, s.Revised, s.Unchanged, s.Failed, s.GaveUp)
	if r.Unknown > 0 {
		fmt.Fprintf(w, "%d stored documents matched no simulated item\n", r.Unknown)
	}
}
