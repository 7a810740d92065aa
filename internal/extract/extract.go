// Package extract turns a raw Document into an Article: the main text of an
// HTML page (htmlmain), the cleaning every text gets (clean), and metadata
// that each says where it came from.
package extract

import (
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/extract/clean"
	"github.com/storyline-news/storyline/internal/extract/htmlmain"
	"github.com/storyline-news/storyline/internal/news"
)

// ErrNoMainText is returned (wrapped) when a document has no main text:
// an empty text, one that cleaning empties (a lone "Subscribe now."), a page
// whose only text is its title or a <noscript> note. A title alone is no
// article. It is the HTML extractor's own error, so that callers count one
// reason.
var ErrNoMainText = htmlmain.ErrNoContent

// ErrNoText is the former name of ErrNoMainText.
var ErrNoText = ErrNoMainText

// MaxTextBytes is the largest plain text Article accepts: a longer text is
// refused with ErrTooLarge, never cut.
const MaxTextBytes = clean.MaxInput

// ErrTooLarge is returned (wrapped) for a plain text over MaxTextBytes.
var ErrTooLarge = htmlmain.ErrTooLarge

// Article extracts one document.
func Article(d news.Document) (*news.Article, error) {
	var a *news.Article
	switch d.Format {
	case news.FormatHTML:
		p, err := htmlmain.Extract(d.Content, d.URL)
		if err != nil {
			return nil, err
		}
		a = fromPage(p, d)
	default:
		if len(d.Content) > MaxTextBytes {
			return nil, fmt.Errorf("%w: %d bytes, the limit is %d (%d MiB)", ErrTooLarge, len(d.Content), MaxTextBytes, MaxTextBytes>>20)
		}
		a = fromText(d)
	}
	applyHints(a, d)
	if strings.TrimSpace(a.Text) == "" {
		if a.Title != "" {
			return nil, fmt.Errorf("%q: %w", limitTitle(a.Title), ErrNoMainText)
		}
		return nil, ErrNoMainText
	}
	return a, nil
}

// limitTitle shortens a title for an error message.
func limitTitle(t string) string {
	if len(t) <= 80 {
		return t
	}
	i := 80
	for i > 0 && !utf8.RuneStart(t[i]) {
		i--
	}
	return t[:i] + "…"
}

func fromText(d news.Document) *news.Article {
	r := clean.Article(d.Content, clean.Hints{URL: d.URL, Title: d.Title, Published: d.Published,
		Outlet: d.Outlet, Authors: d.Authors, From: d.HintFrom, Reference: d.FetchedAt})
	a := &news.Article{
		URL: first(d.URL, r.URL), Title: r.Title, TitleFrom: r.TitleFrom, Text: r.Text,
		Comments: r.Comments, Authors: r.Authors, AuthorsFrom: r.AuthorsFrom,
		Outlet: r.Outlet, OutletFrom: r.OutletFrom, RepublishedBy: r.RepublishedBy,
		Published: r.Published, PublishedFrom: r.PublishedFrom, Language: r.Language,
	}
	return a
}

func fromPage(p htmlmain.Page, d news.Document) *news.Article {
	body, comments := clean.Body(p.Text)
	if len(comments) == 0 && strings.TrimSpace(p.Comments) != "" {
		// The page's comment section, which the HTML extractor kept apart:
		// split it where its headers say who wrote when, else keep it whole.
		rest, cs := clean.Body(p.Comments)
		if strings.TrimSpace(rest) != "" {
			cs = append([]news.Comment{{Text: rest}}, cs...)
		}
		comments = cs
	}
	a := &news.Article{
		URL: first(p.URL, d.URL), Title: p.Title, Text: body, Comments: comments,
		Authors: p.Authors, Published: p.Published, PublishedFrom: p.PublishedFrom,
		Language: p.Language, SiteName: p.SiteName,
	}
	if a.Title != "" {
		a.TitleFrom = "html"
	}
	if len(a.Authors) > 0 {
		a.AuthorsFrom = "html"
	}
	site := clean.Site(first(a.URL, d.URL))
	switch {
	case p.SiteName != "" && !strings.EqualFold(p.SiteName, site):
		a.Outlet, a.OutletFrom = p.SiteName, "html"
	case site != "":
		// A site name that is only the domain was read off the URL.
		a.Outlet, a.OutletFrom = site, "url"
	}
	if a.Language == "" {
		a.Language = clean.Language(a.Text)
	}
	return a
}

// applyHints lets structured metadata from the container win: a JSONL field
// or a feed item's date is stated by the source, not guessed from the text.
func applyHints(a *news.Article, d news.Document) {
	from := d.HintFrom
	if from == "" {
		from = "hint"
	}
	if t := strings.TrimSpace(d.Title); t != "" {
		a.Title, a.TitleFrom = t, from
	}
	if d.Published != "" {
		if day, ok := clean.DateFromText(d.Published); ok {
			a.Published, a.PublishedFrom = day, from
		}
	}
	if o := strings.TrimSpace(d.Outlet); o != "" && a.Outlet != o {
		if a.OutletFrom == "byline" && a.Outlet != "" {
			// The byline names the original outlet; the container is the one
			// that carries it.
			a.RepublishedBy = first(a.RepublishedBy, o)
		} else {
			a.Outlet, a.OutletFrom = o, from
		}
	}
	if len(d.Authors) > 0 {
		a.Authors, a.AuthorsFrom = d.Authors, from
	}
	if a.URL == "" {
		a.URL = d.URL
	}
	if a.URL != "" {
		if u, err := url.Parse(a.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") {
			a.URL = "" // keep only web addresses: anything else is untrusted noise
		}
	}
}

func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}
