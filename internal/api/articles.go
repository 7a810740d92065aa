package api

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/storyline-news/storyline/internal/export"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

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

func (s *server) articles(r *http.Request) (any, error) {
	p, err := query(r, "outlet", "event", "storyline", "entity", "duplicate_of", "from", "to", "limit", "cursor")
	if err != nil {
		return nil, err
	}
	q := store.Query{Outlet: p.str("outlet")}
	if q.Event, err = p.id("event"); err != nil {
		return nil, err
	}
	if q.Storyline, err = p.id("storyline"); err != nil {
		return nil, err
	}
	if q.Entity, err = p.id("entity"); err != nil {
		return nil, err
	}
	if q.DuplicateOf, err = p.id("duplicate_of"); err != nil {
		return nil, err
	}
	if q.From, err = p.date("from"); err != nil {
		return nil, err
	}
	if q.To, err = p.date("to"); err != nil {
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
	// One more than a page tells whether there is a next one.
	q.AfterID, q.Limit = c.After, limit+1
	out := page[articleSummary]{Items: []articleSummary{}}
	more := false
	err = s.st.Each(r.Context(), q, func(a *news.Article) error {
		if len(out.Items) == limit {
			more = true
			return nil
		}
		out.Items = append(out.Items, summarize(a))
		return nil
	})
	if err != nil {
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
	d := articleDetail{Record: export.FromArticle(a), Copies: []copyRef{}, Revisions: []revision{}}
	err = s.st.Each(r.Context(), store.Query{DuplicateOf: id, Limit: maxCopies}, func(c *news.Article) error {
		d.Copies = append(d.Copies, copyRef{ID: c.ID, Outlet: c.Outlet, RepublishedBy: c.RepublishedBy, Published: c.Published})
		return nil
	})
	if err != nil {
		return nil, err
	}
	revs, err := s.st.Revisions(r.Context(), id)
	if err != nil {
		return nil, err
	}
	for _, v := range revs {
		d.Revisions = append(d.Revisions, revision{Revision: v.Revision, StoredAt: v.StoredAt, SourceID: v.SourceID,
			URL: v.URL, Format: v.Format, Size: v.Size})
	}
	return d, nil
}

// maxCopies caps the copies listed with an article; GET
// /articles?duplicate_of=ID pages through all of them.
const maxCopies = 100

// articleDetail is an article with what GET /articles/{id} adds to the
// export's record: its copies at other addresses and its stored
// revisions.
type articleDetail struct {
	export.Record
	Copies    []copyRef  `json:"copies"`
	Revisions []revision `json:"revisions"`
}

// copyRef is an article that copies another.
type copyRef struct {
	ID            int64  `json:"id"`
	Outlet        string `json:"outlet"`
	RepublishedBy string `json:"republished_by"`
	Published     string `json:"published"`
}

// revision is one stored version of an article's raw input. Where it was
// read on the server (the origin) is left out.
type revision struct {
	Revision int    `json:"revision"`
	StoredAt string `json:"stored_at"`
	SourceID string `json:"source_id"`
	URL      string `json:"url"`
	Format   string `json:"format"`
	Size     int    `json:"size"`
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
