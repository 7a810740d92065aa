package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// maxSearchBytes caps the words of a search.
const maxSearchBytes = 500

// searchResult is one page of search hits, best first.
type searchResult struct {
	// Total counts the matches; when TotalCapped, more match, and hits and
	// facets are over the newest Total of them.
	Total       int  `json:"total"`
	TotalCapped bool `json:"total_capped"`
	// Ranked and Faceted, when present, are how many of the newest
	// matches the hits were ranked among and the facets count.
	Ranked  int         `json:"ranked,omitempty"`
	Faceted int         `json:"faceted,omitempty"`
	Items   []searchHit `json:"items"`
	Next    string      `json:"next,omitempty"`
	Facets  facets      `json:"facets"`
}

type searchHit struct {
	ID        int64  `json:"id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	Language  string `json:"language"`
	Event     int64  `json:"event"`
	Storyline int64  `json:"storyline"`
	// Snippet is plain text around the best match; Highlights are the
	// matched words in it, as [start, end) byte offsets into its UTF-8.
	Snippet    string   `json:"snippet"`
	Highlights [][2]int `json:"highlights"`
	Score      float64  `json:"score"`
}

type facets struct {
	Outlets  []facet `json:"outlets"`
	Years    []facet `json:"years"`
	Entities []facet `json:"entities"`
}

type facet struct {
	Value string `json:"value"` // what to filter on: the outlet, the year, the entity id
	Label string `json:"label"`
	Count int    `json:"count"`
}

func toFacets(fs []store.Facet) []facet {
	out := []facet{}
	for _, f := range fs {
		out = append(out, facet{f.Value, f.Label, f.Count})
	}
	return out
}

func (s *server) search(r *http.Request) (any, error) {
	p, err := query(r, "q", "from", "to", "outlet", "language", "entity", "storyline", "limit", "cursor")
	if err != nil {
		return nil, err
	}
	q := store.SearchQuery{Text: p.str("q"), Outlet: p.str("outlet"), Language: p.str("language")}
	switch {
	case q.Text == "":
		return nil, badParam("q", "missing: the words to search for")
	case len(q.Text) > maxSearchBytes:
		return nil, badParam("q", "longer than %d bytes", maxSearchBytes)
	}
	if q.From, err = p.date("from"); err != nil {
		return nil, err
	}
	if q.To, err = p.date("to"); err != nil {
		return nil, err
	}
	if q.Entity, err = p.id("entity"); err != nil {
		return nil, err
	}
	if q.Storyline, err = p.id("storyline"); err != nil {
		return nil, err
	}
	if q.Limit, err = p.limit(); err != nil {
		return nil, err
	}
	q.Limit = min(q.Limit, store.MaxSearchLimit)
	c, err := p.cursor("search")
	if err != nil {
		return nil, err
	}
	q.Cursor = c.Store
	res, err := s.st.Search(r.Context(), q)
	if err != nil {
		return nil, err
	}
	out := searchResult{Total: res.Total, TotalCapped: res.TotalCapped, Ranked: res.Ranked, Faceted: res.Faceted, Items: []searchHit{},
		Facets: facets{toFacets(res.Outlets), toFacets(res.Years), toFacets(res.Entities)}}
	for _, h := range res.Hits {
		out.Items = append(out.Items, searchHit{ID: h.ID, Title: h.Title, Outlet: h.Outlet, Published: h.Published,
			Language: h.Language, Event: h.Event, Storyline: h.Storyline, Snippet: h.Snippet,
			Highlights: nonNil(h.Highlights), Score: h.Score})
	}
	if res.Next != "" {
		out.Next = cursor{Kind: "search", Store: res.Next}.String()
	}
	return out, nil
}
