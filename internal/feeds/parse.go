package feeds

import (
	"bytes"
	"compress/gzip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"golang.org/x/net/html/charset"

	"github.com/storyline-news/storyline/internal/ingest"
)

// MaxBytes is the largest body Parse reads, before and after gzip
// decompression: the largest document ingest accepts.
const MaxBytes = ingest.DefaultMaxDocBytes

// The kinds of body Parse reads.
const (
	KindRSS          = "rss" // RSS 2.0, or RSS 1.0 (RDF)
	KindAtom         = "atom"
	KindJSON         = "json" // JSON Feed
	KindSitemap      = "sitemap"
	KindSitemapIndex = "sitemapindex"
)

// Parsed is what a feed URL returned.
type Parsed struct {
	Kind  string // KindRSS, KindAtom, KindJSON, KindSitemap or KindSitemapIndex
	Title string // the feed's title; "" for sitemaps
	Link  string // the site the feed belongs to; "" for sitemaps
	// TTL is the feed's RSS <ttl>, how long it asks to be cached; 0 when
	// it states none.
	TTL time.Duration
	// Items are the feed's items or the sitemap's urls, in document order.
	// A sitemap url is always a Summary: only its page holds the article.
	Items []ingest.FeedItem
	// Sitemaps are the child sitemaps a sitemap index lists, to fetch in
	// turn.
	Sitemaps []Sitemap
}

// Sitemap is one child sitemap of a sitemap index.
type Sitemap struct {
	URL     string
	LastMod time.Time // zero when absent or not a W3C date-time
}

// Parse reads a body fetched from a feed URL, named name in errors and
// Origins: an RSS, RDF, Atom or JSON feed, a sitemap (a news sitemap or a
// plain one) or a sitemap index, possibly gzip-compressed, of at most
// MaxBytes either way. The format is found from the content alone. An item, url or child sitemap that cannot
// be read costs only itself and comes back in errs, an *ingest.Error with
// its 1-based position as Record; err, an *ingest.Error too, is for a body
// that cannot be read at all.
func Parse(data []byte, name string) (p *Parsed, errs []*ingest.Error, err error) {
	fail := func(err error) (*Parsed, []*ingest.Error, error) {
		return nil, nil, &ingest.Error{Input: name, Err: err}
	}
	if len(data) > MaxBytes {
		return fail(fmt.Errorf("too large: more than %d bytes", MaxBytes))
	}
	if bytes.HasPrefix(data, []byte{0x1f, 0x8b}) {
		if data, err = gunzip(data); err != nil {
			return fail(err)
		}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")) // a UTF-8 byte-order mark
	kind, err := detect(data)
	if err != nil {
		return fail(err)
	}
	switch kind {
	case KindSitemap, KindSitemapIndex:
		if data, err = toUTF8(data); err != nil {
			return fail(err)
		}
		p = &Parsed{Kind: kind}
		if kind == KindSitemap {
			p.Items, errs = readURLSet(data, name)
		} else {
			p.Sitemaps, errs = readSitemapIndex(data, name)
		}
		return p, errs, nil
	}
	f, errs, err := ingest.ReadFeed(data, name)
	if err != nil {
		return nil, errs, err
	}
	return &Parsed{Kind: kind, Title: f.Title, Link: f.Link, TTL: f.TTL, Items: f.Items}, errs, nil
}

// gunzip decompresses a gzip body (all its members), held to MaxBytes.
func gunzip(data []byte) ([]byte, error) {
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	out, err := io.ReadAll(io.LimitReader(zr, MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if len(out) > MaxBytes {
		return nil, fmt.Errorf("too large: more than %d bytes decompressed", MaxBytes)
	}
	return out, nil
}

// maxProlog bounds what detect reads for the root element: comments,
// processing instructions and a DOCTYPE before it.
const maxProlog = 64 << 10

// detect tells the kind of body from its first bytes: a JSON object is a
// JSON Feed, else the XML root element's local name decides.
func detect(data []byte) (string, error) {
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) == 0 {
		return "", errors.New("empty")
	}
	switch t[0] {
	case '{':
		// A JSON Feed names its version; gofeed would read any other
		// object as an empty feed.
		if !bytes.Contains(data, []byte("jsonfeed.org/version")) {
			return "", errors.New("a JSON document, not a JSON Feed")
		}
		return KindJSON, nil
	case '<':
	default:
		return "", errors.New("neither XML nor JSON")
	}
	d := xml.NewDecoder(bytes.NewReader(data[:min(len(data), maxProlog)]))
	d.Strict = false // an HTML page is to be named, not refused as bad XML
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if cr, err := charset.NewReaderLabel(label, r); err == nil {
			return cr, nil
		}
		return r, nil // the reader of the kind found says what is wrong
	}
	for {
		tok, err := d.RawToken()
		if err != nil {
			return "", fmt.Errorf("no XML root element: %w", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch root := se.Name.Local; strings.ToLower(root) {
		case "rss", "rdf":
			return KindRSS, nil
		case "feed":
			return KindAtom, nil
		case "urlset":
			return KindSitemap, nil
		case "sitemapindex":
			return KindSitemapIndex, nil
		case "html":
			return "", errors.New("an HTML page, not a feed")
		default:
			return "", fmt.Errorf("XML root <%s> is neither a feed nor a sitemap", truncate(root, 64))
		}
	}
}

// truncate shortens untrusted text quoted in an error.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "") + "…"
}
