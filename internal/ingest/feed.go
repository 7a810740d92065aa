package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/atom"
	"github.com/mmcdole/gofeed/rss"

	"github.com/storyline-news/storyline/internal/news"
)

// readFeed reads an RSS, Atom, RDF or JSON feed; each item becomes one
// Document, or an error when it cannot be read or holds neither content nor
// summary (a poller would fetch its page: ReadFeed keeps it). A feed is
// parsed whole, so it is held to MaxDocBytes.
func (s *scanner) readFeed(in *input, br *bufio.Reader) error {
	data, err := io.ReadAll(io.LimitReader(br, s.max+1))
	if err != nil {
		return s.bad(in.errorf("%w", err))
	}
	if int64(len(data)) > s.max {
		return s.bad(in.errorf("feed too large: more than %d bytes", s.max))
	}
	var stop error // from emit or bad: it ends the scan
	_, err = walkFeed(data, in.name, func(pos int, it FeedItem, err error) error {
		in.record = pos
		if err == nil && it.Doc.Content == "" {
			err = errors.New("feed item has neither content nor summary")
		}
		if err != nil {
			stop = s.bad(in.errorf("%w", err))
		} else {
			stop = s.emit(it.Doc)
		}
		return stop
	})
	if stop != nil {
		return stop
	}
	if err != nil {
		return s.bad(in.errorf("feed: %w", err))
	}
	return nil
}

// feedItem is what a Document needs from one gofeed item, with the Atom
// details the universal item loses.
type feedItem struct {
	*gofeed.Item
	atom        bool   // from an Atom feed
	contentType string // Atom content type ("text", "html", "xhtml", a MIME type), lower case
	published   string // the publication date, never the update date

	// Atom title and summary types as written ("" for the default, text),
	// when typesKnown: scanFeed found them.
	typesKnown             bool
	titleType, summaryType string
}

func (it *feedItem) setTypes(sp feedSpan) {
	it.typesKnown, it.titleType, it.summaryType = true, sp.titleType, sp.summaryType
}

type parsedFeed struct {
	title, link, language string
	ttl                   time.Duration
	items                 []feedItem
}

// parseFeed runs gofeed and turns any panic it might raise on hostile input
// into an error, since no input may stop a scan.
func parseFeed(data []byte) (pf *parsedFeed, err error) {
	defer func() {
		if p := recover(); p != nil {
			pf, err = nil, fmt.Errorf("feed parser failed: %v", p)
		}
	}()
	p := gofeed.NewParser()
	p.KeepOriginalFeed = true
	f, err := p.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	pf = &parsedFeed{title: clean(f.Title), link: clean(f.Link), language: clean(f.Language)}
	if rf, ok := f.OriginalFeed().(*rss.Feed); ok {
		pf.ttl = ttlMinutes(rf.TTL)
	}
	af, _ := f.OriginalFeed().(*atom.Feed)
	for i, it := range f.Items {
		if it == nil {
			continue
		}
		fi := feedItem{Item: it, published: feedDate(it.Published, it.PublishedParsed)}
		// gofeed puts an Atom entry's <updated> in Published when it has
		// no <published>; an update time is not a publication date.
		if af != nil && i < len(af.Entries) && af.Entries[i] != nil {
			e := af.Entries[i]
			fi.atom = true
			if strings.TrimSpace(e.Published) == "" {
				fi.published = ""
			}
			if e.Content != nil {
				fi.contentType = strings.ToLower(strings.TrimSpace(e.Content.Type))
			}
		}
		pf.items = append(pf.items, fi)
	}
	return pf, nil
}

// isHTMLText says whether an Atom text construct of type typ is HTML.
func isHTMLText(typ string) bool { return typ == "html" || strings.Contains(typ, "xhtml") }

// title returns the item's title as plain text. Atom says when a title is
// HTML; an RSS title has no type, and one holding tags or entity references
// (escaped once more than XML needs) is read as HTML.
func (it feedItem) title() string {
	t := clean(it.Title)
	switch {
	case it.atom && it.typesKnown:
		if isHTMLText(it.titleType) {
			t = htmlText(t, false)
		}
	case looksEscapedHTML(t):
		t = htmlText(t, false)
	}
	return t
}

// document makes a Document of a feed item: its full content when the feed
// carries it (content:encoded, Atom content, JSON Feed content), else its
// summary; the link is the URL either way, so a later stage can fetch the
// page. summary is set when the Document holds a summary, nothing, or
// content too short to be the whole article; Content is "" when the item
// has neither content nor summary.
func (it feedItem) document(outlet string) (doc news.Document, summary bool) {
	doc = news.Document{
		SourceID:  clean(it.GUID),
		URL:       clean(it.Link),
		Title:     it.title(),
		Published: clean(it.published),
		Outlet:    outlet,
		Format:    news.FormatHTML,
		HintFrom:  "feed",
	}
	if doc.SourceID == "" {
		doc.SourceID = doc.URL
	}
	for _, p := range it.Authors {
		if p == nil {
			continue
		}
		name := clean(p.Name)
		if name == "" {
			name = clean(p.Email)
		}
		if name != "" {
			doc.Authors = append(doc.Authors, name)
		}
	}
	content, ct := it.Content, it.contentType
	switch {
	case strings.TrimSpace(content) == "" ||
		it.atom && ct != "" && ct != "text" && !strings.Contains(ct, "html") && !strings.HasPrefix(ct, "text/"):
		// No content, or Atom content that is out of line (src=) or not
		// text (base64 media): use the summary. An Atom summary is text
		// or says it is HTML, so it becomes plain text; an RSS
		// description is read as HTML.
		summary = true
		content = it.Description
		if it.atom && it.typesKnown {
			if isHTMLText(it.summaryType) {
				content = htmlText(content, true)
			}
			doc.Format = news.FormatText
		}
	case it.atom && (ct == "" || ct == "text" || strings.HasPrefix(ct, "text/") && !strings.Contains(ct, "html")) && !hasMarkup(content):
		// Atom text content (the default type); kept as HTML when it holds
		// tags anyway, as many feeds omit type="html".
		doc.Format = news.FormatText
	}
	content = strings.ToValidUTF8(content, "\uFFFD")
	if strings.TrimSpace(content) == "" {
		return doc, true
	}
	doc.Content = content
	if !summary {
		summary = fewerWords(content, doc.Format == news.FormatHTML, MinFullWords)
	}
	return doc, summary
}

// hasMarkup reports a "<" that opens a tag, a comment or an end tag.
func hasMarkup(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		if c := s[i+1]; c == '/' || c == '!' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' {
			return true
		}
	}
	return false
}

// clean trims a feed string and makes it valid UTF-8.
func clean(s string) string {
	return strings.ToValidUTF8(strings.TrimSpace(s), "\uFFFD")
}

// numericZoneLayouts are feed date forms whose offset is a number; parsed
// with them, a date keeps the offset it was written with.
var numericZoneLayouts = []string{
	time.RFC3339Nano,
	time.RFC1123Z,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04 -0700",
	"2 Jan 2006 15:04:05 -0700",
	"2006-01-02T15:04:05-0700",
	"2006-01-02 15:04:05 -0700",
}

// feedDate returns an item's date as RFC 3339 in the offset it was written
// with: the publication day as the outlet stated it is what extraction is
// scored on, and gofeed's parsed time is in UTC, which can move the day.
// Other forms fall back to gofeed's parse (UTC), then to the text as written.
func feedDate(raw string, parsed *time.Time) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if len(raw) == len("2006-01-02") {
		if _, err := time.Parse("2006-01-02", raw); err == nil {
			return raw
		}
	}
	for _, layout := range numericZoneLayouts {
		if t, err := time.Parse(layout, raw); err == nil {
			return t.Format(time.RFC3339)
		}
	}
	if parsed != nil {
		return parsed.UTC().Format(time.RFC3339)
	}
	return raw
}
