// Package htmlmain finds the main text and the metadata (title, authors,
// publication date, site, canonical URL, language) of one HTML page.
//
// The main text comes from go-trafilatura with its readability and
// dom-distiller fallbacks, the publication date from go-htmldate's
// extensive search for the original date; both were chosen by measurement
// (see EVAL.md). The page is parsed once and the same tree is given to both
// libraries.
package htmlmain

import (
	"errors"
	"fmt"
	"net/url"
	"runtime/debug"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// Page is what the extractor found on one HTML page.
type Page struct {
	// Title is the article's headline.
	Title string
	// Text is the main text, paragraphs separated by "\n\n", a line
	// break inside one by "\n", reader comments excluded. It starts with
	// the headline when the page's main part does (the benchmark's
	// annotators count it as main text).
	Text string
	// Comments is the reader-comment text the library found, if any,
	// paragraphs separated by "\n\n".
	Comments string
	// Authors are the article's authors, one name each.
	Authors []string
	// Published is the original publication date, RFC 3339 date
	// ("2017-12-22") or date-time ("2017-12-22T02:02:00+01:00"); "" when
	// the page states none.
	Published string
	// PublishedFrom names the evidence for Published: "url", "meta",
	// "jsonld", "time" (a <time> or <abbr> element) or "text"; "" when
	// Published is.
	PublishedFrom string
	// SiteName is the site's own name as the page gives it.
	SiteName string
	// URL is the canonical (or og:url) address when the page states one,
	// else the address Extract was given.
	URL string
	// Language is an ISO 639-1 code, "" when unknown.
	Language string
	// Description is the page's own summary (meta description).
	Description string
}

// Limits that keep Extract's time and memory bounded on hostile input.
const (
	// MaxHTMLBytes is the largest page Extract reads, ingest's default
	// largest document; a longer one is refused with ErrTooLarge. The
	// 1,785 pages of the two evaluation sets are all under 1.6 MB.
	MaxHTMLBytes = 16 << 20
	// MaxNodes caps the parsed tree; bigger trees are refused. The
	// evaluation pages have at most 28,000 nodes; trafilatura's passes grow
	// faster than linearly, to about 3 s of CPU at 100,000 nodes.
	MaxNodes = 100_000
)

// ErrNoContent is returned (wrapped) when the page has no extractable text.
var ErrNoContent = errors.New("no main text found")

// Extract finds the main text and metadata of the HTML page doc, read from
// pageURL (which may be empty). It never panics: a panic inside a library is
// returned as an error. Metadata found before a failure is still returned.
func Extract(doc, pageURL string) (page Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(pageURL, r)
		}
	}()

	root, err := Parse(doc)
	if err != nil {
		return Page{URL: pageURL}, fmt.Errorf("htmlmain: extract %s: %w", pageURL, err)
	}
	return ExtractNode(root, pageURL)
}

// ExtractNode is Extract on a tree already parsed with Parse. It does not
// modify root.
func ExtractNode(root *html.Node, pageURL string) (page Page, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = panicError(pageURL, r)
		}
	}()

	page.URL = pageURL
	opts := trafilatura.Options{
		EnableFallback: true,
		// The date is found below by our own htmldate call on the same
		// tree, with options of our own; trafilatura's would be a second
		// run of the same search.
		HtmlDateMode: trafilatura.Disabled,
	}
	if u, perr := url.Parse(pageURL); perr == nil && u.IsAbs() {
		opts.OriginalURL = u
	}
	res, terr := trafilatura.ExtractDocument(root, opts)

	var meta trafilatura.Metadata
	if terr == nil && res != nil {
		meta = res.Metadata
		page.Text = renderText(res.ContentNode)
		if page.Text != "" {
			var seen bool
			page.Text, seen = newPageText(root).rebreak(page.Text)
			if !seen {
				// Only text the page does not show (its <title>, a
				// <noscript> note): the page has no main text.
				page.Text = ""
			}
		}
		page.Comments = renderText(res.CommentsNode)
	}
	fillMetadata(&page, root, meta, pageURL)

	pub, from := findDate(root, page.URL, pageURL)
	page.Published, page.PublishedFrom = pub, from

	if terr != nil {
		// trafilatura fails only when it finds too little text (or text in
		// an unwanted language, which is not asked for here).
		return page, fmt.Errorf("htmlmain: extract %s: %w: %v", pageURL, ErrNoContent, terr)
	}
	if strings.TrimSpace(page.Text) == "" {
		return page, fmt.Errorf("htmlmain: extract %s: %w", pageURL, ErrNoContent)
	}
	return page, nil
}

// panicError turns a recovered panic into an error that carries the top of
// the stack, to find the library at fault.
func panicError(pageURL string, r any) error {
	return fmt.Errorf("htmlmain: extract %s: panic: %v\n%s", pageURL, r, limit(string(debug.Stack()), 4096))
}
