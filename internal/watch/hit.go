package watch

import (
	"cmp"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Hit kinds.
const (
	KindArticle = "article"
	KindQuote   = "quote"
)

// Hit is one new match: an article, or a quotation in an article.
type Hit struct {
	ID        int64 // the hit's own id (monotonic per store)
	Watch     int64
	Kind      string // "article" or "quote"
	ArticleID int64
	QuoteID   int64  // 0 for articles
	Title     string // article title
	Outlet    string
	URL       string    // the article's source URL (may be empty)
	Published time.Time // zero when unknown
	Speaker   string    // quotes: the speaker's name
	Text      string    // quotes: the quotation; articles: a lead of ≤ 300 chars
	Found     time.Time // when the hit was recorded
}

// check rejects a hit that does not belong in wl's feed or payload:
// one from another watchlist would leak what someone else follows.
func (h Hit) check(wl Watchlist) error {
	if h.Watch != wl.ID {
		return fmt.Errorf("watch: hit %d belongs to watchlist %d, not %d", h.ID, h.Watch, wl.ID)
	}
	if h.Kind != KindArticle && h.Kind != KindQuote {
		return fmt.Errorf("watch: hit %d has kind %q", h.ID, h.Kind)
	}
	return nil
}

// newestFirst returns a sorted copy of hits. Ids increase as hits are
// recorded, so they order hits even when Found times tie.
func newestFirst(hits []Hit) []Hit {
	s := slices.Clone(hits)
	slices.SortStableFunc(s, func(a, b Hit) int { return cmp.Compare(b.ID, a.ID) })
	return s
}

// cleanBase checks that base is an absolute http(s) URL, since feed
// readers and webhook receivers resolve nothing, and trims its trailing
// slash so paths can be appended.
func cleanBase(base string) (string, error) {
	u, err := url.Parse(base)
	if err != nil {
		return "", fmt.Errorf("watch: base URL: %w", err)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("watch: base URL %q is not an absolute http(s) URL", base)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return "", errors.New("watch: base URL must not have a query or fragment")
	}
	return strings.TrimRight(base, "/"), nil
}

// articleLink is the article's page on this server.
func articleLink(base string, id int64) string {
	return base + "/articles/" + strconv.FormatInt(id, 10)
}

// feedLink is where the watchlist's Atom feed is served.
func feedLink(base string, id int64) string {
	return base + "/watchlists/" + strconv.FormatInt(id, 10) + ".atom"
}

// sourceLink returns the article's source URL if it is safe to offer as
// a link: an absolute http(s) URL. The URL comes from the crawled page
// or feed, so a javascript: or data: URL is possible and is dropped.
func sourceLink(raw string) string {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}
