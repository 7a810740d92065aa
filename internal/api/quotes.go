package api

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// quote is a quotation with the article it is from; the quotation's
// fields are the export's (docs/export.md, quotes[]).
type quote struct {
	Article   int64  `json:"article"`
	Index     int    `json:"index"` // its place in the article's quotes
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	news.Quote
}

type quoteFilter struct {
	speaker, article, storyline int64
}

// sayDay is the day a quotation sorts under in the store's order:
// store.UndatedQuote, after the dated ones, when it was said on no known
// day.
func sayDay(q news.Quote) string {
	if q.SaidOn == "" {
		return store.UndatedQuote
	}
	return q.SaidOn
}

func (s *server) quotes(r *http.Request) (any, error) {
	p, err := query(r, "speaker", "article", "storyline", "limit", "cursor")
	if err != nil {
		return nil, err
	}
	var f quoteFilter
	if f.speaker, err = p.id("speaker"); err != nil {
		return nil, err
	}
	if f.article, err = p.id("article"); err != nil {
		return nil, err
	}
	if f.storyline, err = p.id("storyline"); err != nil {
		return nil, err
	}
	return s.listQuotes(r, p, f)
}

// listQuotes pages the quotations the filter selects in time order.
func (s *server) listQuotes(r *http.Request, p params, f quoteFilter) (any, error) {
	limit, err := p.limit()
	if err != nil {
		return nil, err
	}
	c, err := p.cursor("quotes")
	if err != nil {
		return nil, err
	}
	q := store.QuoteQuery{Speaker: f.speaker, Storyline: f.storyline, Article: f.article, Limit: limit}
	if c.Day != "" {
		q.Cursor = store.QuoteCursor(c.Day, c.After, c.Index)
	}
	rows, next, err := s.st.Quotes(r.Context(), q)
	if err != nil {
		return nil, err
	}
	out := page[quote]{Items: []quote{}}
	for _, r := range rows {
		out.Items = append(out.Items, quote{Article: r.Article, Index: r.Index, Outlet: r.Outlet, Published: r.Published, Quote: r.Quote})
	}
	if next != "" {
		last := out.Items[len(out.Items)-1]
		out.Next = cursor{Kind: "quotes", Day: sayDay(last.Quote), After: last.Article, Index: last.Index}.String()
	}
	return out, nil
}
