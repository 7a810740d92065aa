// Package extract turns a raw Document into an Article: the main text of an
// HTML page (htmlmain), the cleaning every text gets (clean), and metadata
// that each says where it came from.
package extract

import (
	"errors"
	"net/url"
	"strings"

	"github.com/storyline-news/storyline/internal/extract/clean"
	"github.com/storyline-news/storyline/internal/extract/htmlmain"
	"github.com/storyline-news/storyline/internal/news"
)

// ErrNoText is returned when a document holds no article text at all.
var ErrNoText = errors.New("no article text found")

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
		a = fromText(d)
	}
	applyHints(a, d)
	if strings.TrimSpace(a.Text) == "" && strings.TrimSpace(a.Title) == "" {
		return nil, ErrNoText
	}
	return a, nil
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
	if a.Published == "" {
		if day, ok := clean.DateFromURL(first(a.URL, d.URL)); ok {
			a.Published, a.PublishedFrom = day, "url"
		}
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
