package feeds

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/storyline-news/storyline/internal/fetch"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// Ingest runs documents through the pipeline into the store, as
// pipeline.Writer.Run does; onResult hears of each document.
type Ingest func(ctx context.Context, src pipeline.Source, onResult func(news.Document, store.Outcome, error)) (pipeline.Summary, error)

// Poller follows the store's feeds: it polls those due, queues their new
// and changed items, fetches the pages of items that carry only a summary,
// and stores the articles through the one ingest path. All its state is in
// the store, so that it can be killed at any point and started again.
type Poller struct {
	Store  store.Following
	Client *fetch.Client
	// Private, if set, is the client for the feeds a user allowed on
	// private addresses (store.Feed.AllowPrivate); without it they are
	// fetched by Client like any other.
	Private *fetch.Client
	Ingest  Ingest
	Log     *slog.Logger
	// Now is the clock (tests and the simulated day set it); nil means
	// time.Now.
	Now func() time.Time
	// Parallel bounds the polls and page fetches under way at once
	// (the client still holds each host to one); 0 means 8.
	Parallel int
	// MaxAttempts is how often an item's page is tried before it is
	// given up; 0 means 8.
	MaxAttempts int
	// MaxSitemaps bounds the child sitemaps of an index read per poll,
	// newest first; 0 means 20.
	MaxSitemaps int
	// Chunk is how many queued items are fetched and committed together;
	// 0 means 32. Small chunks store each article soon after its page
	// arrives.
	Chunk int
}

// Stats counts what a pass did.
type Stats struct {
	Polled, NotModified, PollErrors int // feeds polled; answered 304; failed
	NewItems, ChangedItems          int // items queued: new, revised
	Requests                        int // HTTP requests: polls, sitemaps, pages
	Fetched, FetchErrors            int // pages fetched; page fetches that failed
	Inserted, Revised, Unchanged    int // articles stored
	Failed                          int // items that did not become an article this pass
	GaveUp                          int // items given up for good
}

// Add adds o's counts to s.
func (s *Stats) Add(o Stats) {
	s.Polled += o.Polled
	s.NotModified += o.NotModified
	s.PollErrors += o.PollErrors
	s.NewItems += o.NewItems
	s.ChangedItems += o.ChangedItems
	s.Requests += o.Requests
	s.Fetched += o.Fetched
	s.FetchErrors += o.FetchErrors
	s.Inserted += o.Inserted
	s.Revised += o.Revised
	s.Unchanged += o.Unchanged
	s.Failed += o.Failed
	s.GaveUp += o.GaveUp
}

func (p *Poller) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *Poller) log() *slog.Logger {
	if p.Log != nil {
		return p.Log
	}
	return slog.Default()
}

func (p *Poller) client(private bool) *fetch.Client {
	if private && p.Private != nil {
		return p.Private
	}
	return p.Client
}

func (p *Poller) parallel() int {
	if p.Parallel > 0 {
		return p.Parallel
	}
	return 8
}

// feedAccept asks for feeds and sitemaps first.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"

// Poll polls feeds (each once, in parallel) and records each poll's
// result and items.
func (p *Poller) Poll(ctx context.Context, feeds []store.Feed) (Stats, error) {
	var mu sync.Mutex
	var st Stats
	var firstErr error
	sem := make(chan struct{}, p.parallel())
	var wg sync.WaitGroup
	for _, f := range feeds {
		if ctx.Err() != nil {
			break
		}
		sem <- struct{}{}
		wg.Add(1)
		go func(f store.Feed) {
			defer func() { <-sem; wg.Done() }()
			s, err := p.pollOne(ctx, f)
			mu.Lock()
			defer mu.Unlock()
			st.Add(s)
			if err != nil && firstErr == nil {
				firstErr = err
			}
		}(f)
	}
	wg.Wait()
	if firstErr == nil {
		firstErr = ctx.Err()
	}
	return st, firstErr
}

// pollOne polls one feed; its error is the store's (a feed that fails is
// recorded, not returned).
func (p *Poller) pollOne(ctx context.Context, f store.Feed) (Stats, error) {
	st := Stats{Polled: 1, Requests: 1}
	res := store.PollResult{Feed: f.ID}
	resp, err := p.client(f.AllowPrivate).Get(ctx, fetch.Request{URL: f.URL, ETag: f.ETag, LastModified: f.LastModified, Accept: feedAccept})
	res.At = p.now()
	var parsed *Parsed
	if err == nil {
		res.Status, res.MaxAge = resp.Status, resp.MaxAge
		if resp.NotModified {
			res.NotModified = true
			st.NotModified++
		} else {
			res.ETag, res.LastModified = resp.ETag, resp.LastModified
			var bad []*ingest.Error
			parsed, bad, err = Parse(resp.Body, f.URL)
			for _, e := range bad {
				p.log().Warn("feed item", "feed", f.ID, "err", e)
			}
		}
	}
	if err == nil && parsed != nil {
		res.Kind, res.Title, res.TTL = parsed.Kind, parsed.Title, parsed.TTL
		items := parsed.Items
		if parsed.Kind == "sitemapindex" {
			var n int
			items, n = p.children(ctx, f, parsed.Sitemaps)
			st.Requests += n
		}
		res.Items = queueItems(f, items)
	}
	var retry time.Duration
	if err != nil {
		if ctx.Err() != nil {
			return st, ctx.Err()
		}
		st.PollErrors++
		res.Err = err.Error()
		var se *fetch.StatusError
		if errors.As(err, &se) {
			res.Status, retry = se.Code, se.RetryAfter
		}
		p.log().Warn("poll", "feed", f.ID, "url", f.URL, "err", err)
	}
	failures := 0
	if res.Err != "" {
		failures = f.Failures + 1
	}
	ttl := res.TTL
	if res.NotModified || res.Err != "" {
		ttl = f.TTL
	}
	res.NextPoll = NextPoll(Poll{Now: res.At, Every: f.Every, TTL: ttl, MaxAge: res.MaxAge, Failures: failures, RetryAfter: retry})
	c, err := p.Store.RecordPoll(ctx, res)
	st.NewItems, st.ChangedItems = c.New, c.Changed
	return st, err
}

// children fetches and parses the newest child sitemaps of an index.
func (p *Poller) children(ctx context.Context, f store.Feed, maps []Sitemap) ([]ingest.FeedItem, int) {
	max := p.MaxSitemaps
	if max <= 0 {
		max = 20
	}
	maps = append([]Sitemap(nil), maps...)
	sort.SliceStable(maps, func(i, j int) bool { return maps[i].LastMod.After(maps[j].LastMod) })
	var items []ingest.FeedItem
	n := 0
	for _, m := range maps[:min(len(maps), max)] {
		n++
		resp, err := p.client(f.AllowPrivate).Get(ctx, fetch.Request{URL: m.URL, Accept: feedAccept})
		if err != nil {
			p.log().Warn("sitemap", "feed", f.ID, "url", m.URL, "err", err)
			continue
		}
		sub, bad, err := Parse(resp.Body, m.URL)
		if err != nil || sub.Kind == "sitemapindex" {
			// An index of indexes is not followed: one level is what
			// publishers use, and more could loop.
			p.log().Warn("sitemap", "feed", f.ID, "url", m.URL, "err", err, "kind", kindOf(sub))
			continue
		}
		for _, e := range bad {
			p.log().Warn("sitemap item", "feed", f.ID, "err", e)
		}
		items = append(items, sub.Items...)
	}
	return items, n
}

func kindOf(p *Parsed) string {
	if p == nil {
		return ""
	}
	return p.Kind
}

// queueItems turns a feed's items into queue entries. The version covers
// what the feed says of an item, so that a corrected title, a new date or
// new content makes a revision.
func queueItems(f store.Feed, items []ingest.FeedItem) []store.FeedItem {
	out := make([]store.FeedItem, 0, len(items))
	for _, it := range items {
		d := it.Doc
		d.Source = f.URL
		h := sha256.New()
		for _, s := range []string{d.Title, d.Published, it.Updated, d.Content, strings.Join(d.Authors, "\x1f")} {
			h.Write([]byte(s))
			h.Write([]byte{0})
		}
		out = append(out, store.FeedItem{
			Feed:    f.ID,
			URLKey:  pipeline.NormalizeURL(it.Link),
			GUID:    it.GUID,
			Version: hex.EncodeToString(h.Sum(nil)[:12]),
			Doc:     d,
			Summary: it.Summary || strings.TrimSpace(d.Content) == "",
		})
	}
	return out
}

// PollDue polls the feeds due now.
func (p *Poller) PollDue(ctx context.Context) (Stats, error) {
	due, err := p.Store.DueFeeds(ctx, p.now(), 10000)
	if err != nil {
		return Stats{}, err
	}
	return p.Poll(ctx, due)
}

// PollAll polls every feed once, except those held back by a server's
// Retry-After or by backoff after failures (storyline follow --once).
func (p *Poller) PollAll(ctx context.Context) (Stats, error) {
	all, err := p.Store.Feeds(ctx)
	if err != nil {
		return Stats{}, err
	}
	now := p.now()
	var feeds []store.Feed
	for _, f := range all {
		if f.Failures > 0 && f.NextPoll.After(now) {
			continue
		}
		feeds = append(feeds, f)
	}
	return p.Poll(ctx, feeds)
}

// Drain fetches and stores the queued items that are due, until none is.
func (p *Poller) Drain(ctx context.Context) (Stats, error) {
	var st Stats
	for {
		chunk := p.Chunk
		if chunk <= 0 {
			chunk = 32
		}
		items, err := p.Store.QueuedItems(ctx, p.now(), chunk)
		if err != nil || len(items) == 0 {
			return st, err
		}
		s, err := p.store(ctx, items)
		st.Add(s)
		if err != nil {
			return st, err
		}
	}
}

// fetched is one queued item made ready for the pipeline, or why not.
type fetched struct {
	item store.FeedItem
	doc  news.Document
	err  error
}

// store fetches the pages of items that need them, in parallel, and runs
// every ready document through the pipeline; an item that fails is tried
// again later, with backoff, and never stored empty.
func (p *Poller) store(ctx context.Context, items []store.FeedItem) (Stats, error) {
	var st Stats
	var mu sync.Mutex
	results := make(chan fetched)
	go func() {
		defer close(results)
		sem := make(chan struct{}, p.parallel())
		var wg sync.WaitGroup
		for _, it := range items {
			sem <- struct{}{}
			wg.Add(1)
			go func(it store.FeedItem) {
				defer func() { <-sem; wg.Done() }()
				r := p.prepare(ctx, it)
				mu.Lock()
				if it.Summary {
					st.Requests++
					if r.err == nil {
						st.Fetched++
					} else {
						st.FetchErrors++
					}
				}
				mu.Unlock()
				select {
				case results <- r:
				case <-ctx.Done():
				}
			}(it)
		}
		wg.Wait()
	}()
	// The source runs on the runner's reading goroutine, onResult on its
	// committing one: both record outcomes, under mu.
	failed := map[int64]error{}
	done := map[int64]bool{}
	src := func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		for r := range results {
			if r.err != nil {
				mu.Lock()
				failed[r.item.ID] = r.err
				mu.Unlock()
				continue
			}
			if err := emit(r.doc); err != nil {
				return err
			}
		}
		return ctx.Err()
	}
	_, err := p.Ingest(ctx, src, func(d news.Document, o store.Outcome, err error) {
		mu.Lock()
		defer mu.Unlock()
		if err != nil {
			failed[d.FeedItem] = err
			return
		}
		done[d.FeedItem] = true
		switch o {
		case store.Inserted:
			st.Inserted++
		case store.Revised:
			st.Revised++
		case store.Unchanged:
			st.Unchanged++
		}
	})
	if err != nil {
		return st, err
	}
	now := p.now()
	for _, it := range items {
		if done[it.ID] {
			continue
		}
		ferr := failed[it.ID]
		if ferr == nil {
			ferr = errors.New("not stored")
		}
		st.Failed++
		giveUp := permanent(ferr) || it.Attempts+1 >= p.maxAttempts()
		if giveUp {
			st.GaveUp++
		}
		next := now.Add(retryAfter(ferr, it.Attempts+1))
		p.log().Warn("feed item", "feed", it.Feed, "item", it.ID, "url", it.Doc.URL, "err", ferr, "gave_up", giveUp)
		if err := p.Store.ItemFailed(ctx, it.ID, ferr.Error(), next, giveUp); err != nil {
			return st, err
		}
	}
	return st, nil
}

func (p *Poller) maxAttempts() int {
	if p.MaxAttempts > 0 {
		return p.MaxAttempts
	}
	return 8
}

// prepare makes an item's document: the feed's own when it carries the
// article, else the page at its link, with the feed's title, date and
// authors as hints beside it (published_from then says "feed").
func (p *Poller) prepare(ctx context.Context, it store.FeedItem) fetched {
	d := it.Doc
	d.FeedItem = it.ID
	d.Origin = "feed " + strconv.FormatInt(it.Feed, 10) + " item " + strconv.FormatInt(it.ID, 10)
	if d.SourceID == "" {
		d.SourceID = d.URL
	}
	if !it.Summary {
		return fetched{item: it, doc: d}
	}
	if d.URL == "" {
		return fetched{item: it, err: errors.New("only a summary, and no link to fetch")}
	}
	resp, err := p.client(it.AllowPrivate).Get(ctx, fetch.Request{URL: d.URL, Robots: true, Accept: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"})
	if err != nil {
		return fetched{item: it, err: err}
	}
	if err := p.Store.ItemFetched(ctx, it.ID); err != nil {
		return fetched{item: it, err: err}
	}
	if mt, _, _ := mime.ParseMediaType(resp.ContentType); mt != "" && mt != "text/html" && mt != "application/xhtml+xml" {
		return fetched{item: it, err: fmt.Errorf("%s: %w: %s", resp.URL, errNotPage, mt)}
	}
	d.URL = resp.URL
	d.Format = news.FormatHTML
	d.Content = ingest.DecodeHTML(resp.Body, resp.ContentType)
	d.FetchedAt = p.now().UTC()
	if strings.TrimSpace(d.Content) == "" {
		return fetched{item: it, err: fmt.Errorf("%s: empty page", resp.URL)}
	}
	return fetched{item: it, doc: d}
}

// errNotPage marks a link to something other than a web page.
var errNotPage = errors.New("not a web page")

// permanent reports whether an item's error will not go away by trying
// again: the address is refused, robots.txt forbids it, the page is gone,
// too large, or not a page.
func permanent(err error) bool {
	var se *fetch.StatusError
	if errors.As(err, &se) {
		return se.Code == http.StatusNotFound || se.Code == http.StatusGone
	}
	return errors.Is(err, fetch.ErrBlocked) || errors.Is(err, fetch.ErrRobots) ||
		errors.Is(err, fetch.ErrTooLarge) || errors.Is(err, errNotPage)
}

// retryAfter is the wait before an item's next attempt: what the server
// asked, else 1, 2, 4 … minutes, at most 6 hours.
func retryAfter(err error, attempt int) time.Duration {
	var se *fetch.StatusError
	if errors.As(err, &se) && se.RetryAfter > 0 {
		return min(se.RetryAfter, 24*time.Hour)
	}
	d := time.Minute << min(attempt-1, 10)
	return min(d, 6*time.Hour)
}
