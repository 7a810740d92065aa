package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// FeedItem is one item of a feed as a feed poller needs it: the Document,
// and what tells the poller whether to fetch the item's page and whether
// the item is new or revised.
type FeedItem struct {
	// Doc is the item as Scan emits it (Origin "NAME#item N", HintFrom
	// "feed"). Its Content is empty when the item has neither content nor
	// summary but has a link.
	Doc news.Document
	// GUID is the item's guid (RSS) or id (Atom, JSON Feed) as written;
	// "" when it has none.
	GUID string
	// Link is the item's link: the page to fetch when Summary is set.
	Link string
	// Summary is set when the item carries no full content (no
	// content:encoded, no inline Atom content, no JSON Feed content), or
	// content of fewer than MinFullWords words of text: a teaser. The
	// page at Link is then the better source.
	Summary bool
	// Updated is the item's update date as written (Atom <updated>, JSON
	// Feed date_modified, RSS dc:date or atom:updated), "" when absent:
	// a revision shows as a new date under the same GUID.
	Updated string
	// Language is the item's language as its source states it (the RSS
	// channel's <language>, the Atom feed's xml:lang, JSON Feed language,
	// a news sitemap's news:language), "" when unstated.
	Language string
	// Keywords are the item's categories (RSS <category>, Atom category,
	// JSON Feed tags) or a news sitemap's news:keywords, as written.
	Keywords []string
}

// Feed is a feed's own elements and its items.
type Feed struct {
	Title string // the feed's title, each item's Outlet
	Link  string // the site the feed belongs to
	// TTL is the RSS <ttl>, how long the feed asks to be cached; 0 when
	// absent or not a positive whole number of minutes.
	TTL   time.Duration
	Items []FeedItem
}

// MinFullWords is the fewest words of text an item's content must hold to
// count as the full article rather than a teaser.
const MinFullWords = 80

// ReadFeed reads an RSS 2.0, RSS 1.0 (RDF), Atom or JSON feed held whole in
// data, which is named name in errors and Origins and becomes each
// document's Source. It reads the feed as Scan does, so that one malformed
// item costs only itself: that item comes back in errs, an *Error with its
// 1-based Record. An item with neither content, summary nor link is an
// error too. err, an *Error, is for a feed that cannot be read at all,
// or one larger than DefaultMaxDocBytes.
func ReadFeed(data []byte, name string) (f *Feed, errs []*Error, err error) {
	if len(data) > DefaultMaxDocBytes {
		return nil, nil, &Error{Input: name, Err: fmt.Errorf("feed too large: more than %d bytes", DefaultMaxDocBytes)}
	}
	var items []FeedItem
	f, err = walkFeed(data, name, func(pos int, it FeedItem, err error) error {
		// The poller fetches the page of an item that has only a link.
		if err == nil && it.Doc.Content == "" && it.Link == "" {
			err = errors.New("feed item has neither content, summary nor link")
		}
		if err != nil {
			errs = append(errs, &Error{Input: name, Record: pos, Err: err})
			return nil
		}
		it.Doc.Source = name
		items = append(items, it)
		return nil
	})
	if err != nil {
		return nil, errs, &Error{Input: name, Err: fmt.Errorf("feed: %w", err)}
	}
	f.Items = items
	return f, errs, nil
}

// walkFeed reads a feed and calls each with every item's 1-based position
// and either the item or why it could not be read; an error from each stops
// the walk and is returned. When gofeed refuses an XML feed, or reads fewer
// items than it holds (it stops silently at some stray end tags), the items
// are parsed one by one, so that one malformed item costs only itself.
// The Feed returned holds no Items; an error before any item is reached
// means the feed could not be read at all.
func walkFeed(data []byte, name string, each func(pos int, it FeedItem, err error) error) (*Feed, error) {
	pf, err := parseFeed(data)
	var l feedLayout
	if t := bytes.TrimLeft(data, " \t\r\n"); len(t) > 0 && t[0] == '<' {
		l = scanFeed(data)
	}
	if len(l.items) > 0 && (err != nil || len(pf.items) < len(l.items)) {
		return walkByItem(data, name, l, each)
	}
	if err != nil {
		return nil, err
	}
	if len(l.items) == len(pf.items) {
		for i := range pf.items {
			pf.items[i].setTypes(l.items[i])
		}
	}
	f := pf.feed()
	for i, it := range pf.items {
		if err := each(i+1, it.feedItem(name, i+1, f.Title, pf.language), nil); err != nil {
			return f, err
		}
	}
	return f, nil
}

// maxItemHead bounds the feed head parsed again with each item.
const maxItemHead = 16 << 10

// walkByItem parses each item of an XML feed alone, with the feed's head
// before it, and reports the items gofeed refuses.
func walkByItem(data []byte, name string, l feedLayout, each func(pos int, it FeedItem, err error) error) (*Feed, error) {
	head := data[:l.head]
	var b bytes.Buffer
	b.Write(head)
	l.closeTags(&b)
	hf, err := parseFeed(b.Bytes())
	if err != nil || len(head) > maxItemHead {
		// The feed's own elements are malformed too, or too long to
		// parse again with every item: keep only the start tags the
		// items need.
		head = l.minimalHead()
	}
	f, language := &Feed{}, ""
	if hf != nil {
		f, language = hf.feed(), hf.language
	}
	for i, sp := range l.items {
		pf, err := parseFeed(l.itemFeed(data, head, sp))
		if err == nil && len(pf.items) != 1 {
			err = fmt.Errorf("%d items read from one", len(pf.items))
		}
		var it FeedItem
		if err != nil {
			err = fmt.Errorf("feed item: %w", err)
		} else {
			pf.items[0].setTypes(sp)
			it = pf.items[0].feedItem(name, i+1, f.Title, language)
		}
		if err := each(i+1, it, err); err != nil {
			return f, err
		}
	}
	return f, nil
}

// feedItem makes the FeedItem of the item at 1-based position pos of the
// feed named name, whose title is outlet and whose language is language.
func (it feedItem) feedItem(name string, pos int, outlet, language string) FeedItem {
	doc, summary := it.document(outlet)
	doc.Origin = name + "#item " + strconv.Itoa(pos)
	if doc.SourceID == "" {
		doc.SourceID = doc.Origin
	}
	fi := FeedItem{
		Doc:      doc,
		GUID:     clean(it.GUID),
		Link:     clean(it.Link),
		Summary:  summary,
		Updated:  clean(it.Updated),
		Language: language,
	}
	for _, c := range it.Categories {
		if c = clean(c); c != "" {
			fi.Keywords = append(fi.Keywords, c)
		}
	}
	return fi
}

// feed returns the feed's own elements, without its items.
func (pf *parsedFeed) feed() *Feed {
	return &Feed{Title: pf.title, Link: pf.link, TTL: pf.ttl}
}

// ttlMinutes reads an RSS <ttl>: 0 unless a positive whole number, clamped
// to what a time.Duration holds (a poller caps it much lower).
func ttlMinutes(s string) time.Duration {
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) || n <= 0 {
		return 0
	}
	return time.Duration(min(n, int64(math.MaxInt64/time.Minute))) * time.Minute
}
