package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// article is one article as the API sends it: the export's record,
// field for field (docs/export.md).
type article struct {
	ID            int64          `json:"id"`
	SourceID      string         `json:"source_id"`
	URL           string         `json:"url"`
	Outlet        string         `json:"outlet"`
	OutletFrom    string         `json:"outlet_from"`
	RepublishedBy string         `json:"republished_by"`
	Title         string         `json:"title"`
	Authors       []string       `json:"authors"`
	Published     string         `json:"published"`
	PublishedFrom string         `json:"published_from"`
	Language      string         `json:"language"`
	Text          string         `json:"text"`
	Comments      []news.Comment `json:"comments"`
	Revision      int            `json:"revision"`
	Entities      []news.Entity  `json:"entities"`
	Quotes        []news.Quote   `json:"quotes"`
	Claims        []news.Claim   `json:"claims"`
	DuplicateOf   int64          `json:"duplicate_of"`
	Event         int64          `json:"event"`
	Storyline     int64          `json:"storyline"`
	FetchedURL    string         `json:"fetched_url"`
}

func fullArticle(a *news.Article) article {
	return article{ID: a.ID, SourceID: a.SourceID, URL: a.URL, Outlet: a.Outlet, OutletFrom: a.OutletFrom,
		RepublishedBy: a.RepublishedBy, Title: a.Title, Authors: nonNil(a.Authors), Published: a.Published,
		PublishedFrom: a.PublishedFrom, Language: a.Language, Text: a.Text, Comments: nonNil(a.Comments),
		Revision: a.Revision, Entities: nonNil(a.Entities), Quotes: nonNil(a.Quotes), Claims: nonNil(a.Claims),
		DuplicateOf: a.DuplicateOf, Event: a.Event, Storyline: a.Storyline, FetchedURL: a.FetchedURL}
}

// articleSummary is an article in a list: the export's fields but the
// text, comments and analysis, which GET /articles/{id} gives.
type articleSummary struct {
	ID            int64    `json:"id"`
	SourceID      string   `json:"source_id"`
	URL           string   `json:"url"`
	Outlet        string   `json:"outlet"`
	RepublishedBy string   `json:"republished_by"`
	Title         string   `json:"title"`
	Authors       []string `json:"authors"`
	Published     string   `json:"published"`
	Language      string   `json:"language"`
	Revision      int      `json:"revision"`
	DuplicateOf   int64    `json:"duplicate_of"`
	Event         int64    `json:"event"`
	Storyline     int64    `json:"storyline"`
	FetchedURL    string   `json:"fetched_url"`
}

func summarize(a *news.Article) articleSummary {
	return articleSummary{ID: a.ID, SourceID: a.SourceID, URL: a.URL, Outlet: a.Outlet,
		RepublishedBy: a.RepublishedBy, Title: a.Title, Authors: nonNil(a.Authors), Published: a.Published,
		Language: a.Language, Revision: a.Revision, DuplicateOf: a.DuplicateOf, Event: a.Event,
		Storyline: a.Storyline, FetchedURL: a.FetchedURL}
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

// errStop ends an Each early once a page is full.
var errStop = errors.New("stop")

// articleFilter is what GET /articles selects: the store's Query, and the
// filters applied here to what it returns.
type articleFilter struct {
	q        store.Query
	entity   int64
	from, to string // published on or after from, on or before to; YYYY-MM-DD
}

func (f articleFilter) keep(a *news.Article) bool {
	if f.entity != 0 && !mentions(a, f.entity) {
		return false
	}
	if f.from != "" || f.to != "" {
		day := day(a.Published)
		if day == "" || (f.from != "" && day < f.from) || (f.to != "" && day > f.to) {
			return false
		}
	}
	return true
}

func mentions(a *news.Article, entity int64) bool {
	for _, e := range a.Entities {
		if e.ID == entity {
			return true
		}
	}
	return false
}

// day is the date part of an RFC 3339 date or date-time.
func day(published string) string {
	if len(published) < 10 {
		return ""
	}
	return published[:10]
}

func (s *server) articles(r *http.Request) (any, error) {
	p, err := query(r, "outlet", "event", "storyline", "entity", "from", "to", "limit", "cursor")
	if err != nil {
		return nil, err
	}
	var f articleFilter
	f.q.Outlet = p.str("outlet")
	if f.q.Event, err = p.id("event"); err != nil {
		return nil, err
	}
	if f.q.Storyline, err = p.id("storyline"); err != nil {
		return nil, err
	}
	if f.entity, err = p.id("entity"); err != nil {
		return nil, err
	}
	if f.from, err = p.date("from"); err != nil {
		return nil, err
	}
	if f.to, err = p.date("to"); err != nil {
		return nil, err
	}
	limit, err := p.limit()
	if err != nil {
		return nil, err
	}
	c, err := p.cursor("articles")
	if err != nil {
		return nil, err
	}
	f.q.AfterID = c.After
	// One more than a page tells whether there is a next one.
	out := page[articleSummary]{Items: []articleSummary{}}
	more := false
	err = s.st.Each(r.Context(), f.q, func(a *news.Article) error {
		if !f.keep(a) {
			return nil
		}
		if len(out.Items) == limit {
			more = true
			return errStop
		}
		out.Items = append(out.Items, summarize(a))
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	if more {
		out.Next = cursor{Kind: "articles", After: out.Items[len(out.Items)-1].ID}.String()
	}
	return out, nil
}

func (s *server) article(r *http.Request) (any, error) {
	if _, err := query(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	a, err := s.st.Get(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("article", id)
	}
	if err != nil {
		return nil, err
	}
	return fullArticle(a), nil
}

// articleRaw sends the raw input an article's current revision was
// extracted from, as a text/plain attachment: an HTML page is never
// rendered from here.
func (s *server) articleRaw(r *http.Request) ([]byte, string, string, error) {
	if _, err := query(r); err != nil {
		return nil, "", "", err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, "", "", err
	}
	d, err := s.st.Raw(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, "", "", notFound("article", id)
	}
	if err != nil {
		return nil, "", "", err
	}
	return []byte(d.Content), "text/plain; charset=utf-8", "article-" + strconv.FormatInt(id, 10) + "-raw.txt", nil
}
