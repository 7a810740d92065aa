package feeds

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/transform"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
)

// MaxSitemapEntries is the most urls read from a sitemap, and child
// sitemaps from an index: the protocol's own limit. The rest are reported
// as one error and left out, so that a hostile sitemap cannot make a poller
// fetch without end.
const MaxSitemapEntries = 50000

// Namespaces of the Google News sitemap extension: the protocol's, and the
// https form some publishers write.
const (
	newsNS      = "http://www.google.com/schemas/sitemap-news/0.9"
	newsNSHTTPS = "https://www.google.com/schemas/sitemap-news/0.9"
)

// sitemapEntry is what a <url> or <sitemap> element holds.
type sitemapEntry struct {
	loc, lastmod string
	news         *newsEntry // nil without <news:news>
}

// newsEntry is a url's <news:news>.
type newsEntry struct {
	name, language, date, title, keywords string
}

// readURLSet reads the urls of a sitemap as feed items.
func readURLSet(data []byte, name string) ([]ingest.FeedItem, []*ingest.Error) {
	var items []ingest.FeedItem
	errs := walkSitemap(data, name, "url", func(pos int, e sitemapEntry) error {
		loc, err := entryURL(e, "url")
		if err != nil {
			return err
		}
		origin := name + "#url " + strconv.Itoa(pos)
		it := ingest.FeedItem{
			Doc: news.Document{
				SourceID: loc,
				Origin:   origin,
				URL:      loc,
				Format:   news.FormatHTML,
				HintFrom: "sitemap",
				Source:   name,
			},
			Link:    loc,
			Summary: true, // a sitemap holds no text: the page is the article
			// A plain sitemap's lastmod is when the page last changed,
			// which may be long after it was published: it never
			// stands for the publication date.
			Updated: oneLine(e.lastmod),
		}
		if n := e.news; n != nil {
			it.Doc.Title = oneLine(n.title)
			it.Doc.Published = oneLine(n.date)
			it.Doc.Outlet = oneLine(n.name)
			it.Language = oneLine(n.language)
			for _, k := range strings.Split(n.keywords, ",") {
				if k = oneLine(k); k != "" {
					it.Keywords = append(it.Keywords, k)
				}
			}
		}
		items = append(items, it)
		return nil
	})
	return items, errs
}

// readSitemapIndex reads the child sitemaps of a sitemap index.
func readSitemapIndex(data []byte, name string) ([]Sitemap, []*ingest.Error) {
	var maps []Sitemap
	errs := walkSitemap(data, name, "sitemap", func(pos int, e sitemapEntry) error {
		loc, err := entryURL(e, "sitemap")
		if err != nil {
			return err
		}
		maps = append(maps, Sitemap{URL: loc, LastMod: w3cTime(e.lastmod)})
		return nil
	})
	return maps, errs
}

// entryURL returns an entry's loc, which must be an absolute http or https
// URL: a poller fetches it.
func entryURL(e sitemapEntry, entry string) (string, error) {
	loc := strings.TrimSpace(e.loc)
	if loc == "" {
		return "", fmt.Errorf("%s has no loc", entry)
	}
	if !isWebURL(loc) {
		return "", fmt.Errorf("loc %q is not an http or https URL", truncate(loc, 100))
	}
	return loc, nil
}

// oneLine trims s and collapses its whitespace runs to single spaces.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// w3cLayouts are the W3C Datetime forms sitemaps use, and the zone-less
// forms some write anyway (read as UTC).
var w3cLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02",
	"2006-01",
	"2006",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05",
}

// w3cTime parses a lastmod; zero when it is none of w3cLayouts.
func w3cTime(s string) time.Time {
	s = strings.TrimSpace(s)
	for _, layout := range w3cLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// maxResyncPrefix bounds the XML declaration and root start tag parsed
// again before the rest of a sitemap after a syntax error (real ones take
// a few hundred bytes), and maxResyncs the times it is, so that a hostile
// sitemap cannot make its own head be parsed without end.
const (
	maxResyncPrefix = 4 << 10
	maxResyncs      = 100
)

// walkSitemap calls each with every <entry> element (url or sitemap) under
// the root of a sitemap and its 1-based position, and returns the errors
// of the entries, each's among them. The decoder streams: a sitemap of
// 50,000 urls is never held as a tree. After an XML syntax error reading
// resumes at the next entry, parsed after the root start tag again for its
// namespace declarations, so that one broken entry costs only itself.
func walkSitemap(data []byte, name, entry string, each func(pos int, e sitemapEntry) error) []*ingest.Error {
	var errs []*ingest.Error
	w := sitemapWalk{data: data, entry: entry, each: func(pos int, e sitemapEntry) {
		if err := each(pos, e); err != nil {
			errs = append(errs, &ingest.Error{Input: name, Record: pos, Err: err})
		}
	}}
	line, lineOff := 1, 0 // the line at data[lineOff:], counted as errors come
	for resyncs := 0; ; resyncs++ {
		err := w.run()
		if err == nil {
			return errs
		}
		if errors.Is(err, errTooMany) {
			return append(errs, &ingest.Error{Input: name, Record: w.pos, Err: err})
		}
		off := w.offset()
		var se *xml.SyntaxError
		if errors.As(err, &se) {
			// The decoder's line counts from where reading resumed.
			line += bytes.Count(data[lineOff:off], []byte("\n"))
			lineOff = off
			err = fmt.Errorf("XML syntax error on line %d: %s", line, se.Msg)
		}
		e := &ingest.Error{Input: name, Err: err}
		if w.inEntry {
			e.Record = w.pos
		} else {
			e.Err = fmt.Errorf("after %s %d: %w", entry, w.pos, err)
		}
		errs = append(errs, e)
		next := nextEntry(data[off:], entry)
		if next < 0 || w.prefix == nil || len(w.prefix) > maxResyncPrefix {
			return errs
		}
		if resyncs == maxResyncs {
			return append(errs, &ingest.Error{Input: name, Err: fmt.Errorf("more than %d XML syntax errors: the rest is left out", maxResyncs)})
		}
		w.seg = off + next
	}
}

var errTooMany = fmt.Errorf("more than %d entries: the rest are left out", MaxSitemapEntries)

// sitemapWalk is one walkSitemap, read by one decoder after another.
type sitemapWalk struct {
	data  []byte
	entry string // the entry element's local name
	each  func(pos int, e sitemapEntry)

	prefix  []byte // the XML declaration and root start tag, once read
	seg     int    // where in data the current decoder started reading
	skip    int    // the bytes of prefix the current decoder read before data[seg:]
	d       *xml.Decoder
	pos     int  // entries met
	inEntry bool // the decoder stopped inside entry pos
}

// run reads from w.seg to the end, or to the first error.
func (w *sitemapWalk) run() error {
	w.skip = len(w.prefix)
	w.d = xml.NewDecoder(io.MultiReader(bytes.NewReader(w.prefix), bytes.NewReader(w.data[w.seg:])))
	// Not strict: real sitemaps write raw "&" in URLs, which a strict
	// decoder refuses together with every url after it. encoding/xml
	// expands no entity beyond the five XML ones in either mode, and
	// reads no DTD, so this opens no door to entity expansion.
	w.d.Strict = false
	// Parse converted data to UTF-8; the declaration may still name the
	// encoding it was in.
	w.d.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	w.inEntry = false
	var decl []byte
	depth := 0
	for {
		before := w.d.InputOffset()
		tok, err := w.d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			if w.prefix == nil && t.Target == "xml" {
				decl = w.data[before:w.d.InputOffset()]
			}
		case xml.StartElement:
			depth++
			switch {
			case depth == 1 && w.prefix == nil:
				w.prefix = append(append([]byte(nil), decl...), w.data[before:w.d.InputOffset()]...)
			case depth == 2 && t.Name.Local == w.entry:
				w.pos++
				if w.pos > MaxSitemapEntries {
					return errTooMany
				}
				w.inEntry = true
				e, err := readEntry(w.d)
				if err != nil {
					return err
				}
				w.inEntry = false
				depth--
				w.each(w.pos, e)
			}
		case xml.EndElement:
			depth--
		}
	}
}

// offset is where in data the last decoder stopped, past where it began.
func (w *sitemapWalk) offset() int {
	off := w.seg + int(w.d.InputOffset()) - w.skip
	return min(max(off, w.seg+1), len(w.data))
}

// nextEntry returns the offset in b of the next start tag of an entry
// element, -1 when there is none.
func nextEntry(b []byte, entry string) int {
	tag := []byte("<" + entry)
	for i := 0; ; {
		k := bytes.Index(b[i:], tag)
		if k < 0 {
			return -1
		}
		i += k
		if end := i + len(tag); end < len(b) {
			switch b[end] {
			case '>', '/', ' ', '\t', '\r', '\n':
				return i
			}
		}
		i += len(tag) // "<urlset", "<sitemapindex"
	}
}

// readEntry reads an entry element, its start tag already read, up to and
// including its end tag.
func readEntry(d *xml.Decoder) (sitemapEntry, error) {
	var e sitemapEntry
	var path []xml.Name // the open elements inside the entry
	var field *string   // where the text of the element at the end of path goes
	var text strings.Builder
	for {
		tok, err := d.Token()
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return e, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			path = append(path, t.Name)
			field = e.field(path)
			text.Reset()
		case xml.CharData:
			if field != nil {
				text.Write(t)
			}
		case xml.EndElement:
			if len(path) == 0 {
				return e, nil
			}
			if field != nil {
				*field = text.String()
				field = nil
			}
			path = path[:len(path)-1]
		}
	}
}

// field returns where the text of the element at path (inside a <url> or
// <sitemap>) goes; nil for elements not read. A <news:news> met makes
// e.news. Only direct children count as loc and lastmod: <image:image> and
// <video:video> hold a loc too.
func (e *sitemapEntry) field(path []xml.Name) *string {
	isNews := func(n xml.Name) bool { return n.Space == newsNS || n.Space == newsNSHTTPS }
	switch len(path) {
	case 1:
		switch n := path[0]; {
		case n.Local == "loc" && !isNews(n):
			return &e.loc
		case n.Local == "lastmod":
			return &e.lastmod
		case n.Local == "news" && isNews(n) && e.news == nil:
			e.news = &newsEntry{}
		}
		return nil
	case 2, 3:
		if e.news == nil || !isNews(path[0]) || path[0].Local != "news" || !isNews(path[1]) {
			return nil
		}
	default:
		return nil
	}
	if len(path) == 2 {
		switch path[1].Local {
		case "title":
			return &e.news.title
		case "publication_date":
			return &e.news.date
		case "keywords":
			return &e.news.keywords
		}
		return nil
	}
	if path[1].Local != "publication" || !isNews(path[2]) {
		return nil
	}
	switch path[2].Local {
	case "name":
		return &e.news.name
	case "language":
		return &e.news.language
	}
	return nil
}

// declEncoding finds the encoding an XML declaration names.
var declEncoding = regexp.MustCompile(`^\s*<\?xml[^>]*?\sencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']`)

// toUTF8 converts a sitemap to UTF-8 from the encoding its XML declaration
// names, so that the decoder's offsets are offsets in the data it reads
// (walkSitemap resumes at them).
func toUTF8(data []byte) ([]byte, error) {
	m := declEncoding.FindSubmatch(data[:min(len(data), 1024)])
	if m == nil {
		return data, nil
	}
	enc, canonical := charset.Lookup(string(m[1]))
	switch {
	case enc == nil:
		return nil, fmt.Errorf("unknown encoding %q", m[1])
	case canonical == "utf-8":
		return data, nil
	}
	out, err := io.ReadAll(io.LimitReader(transform.NewReader(bytes.NewReader(data), enc.NewDecoder()), MaxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("encoding %s: %w", canonical, err)
	}
	if len(out) > MaxBytes {
		return nil, fmt.Errorf("too large: more than %d bytes in UTF-8", MaxBytes)
	}
	return out, nil
}
