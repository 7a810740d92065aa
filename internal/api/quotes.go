package api

import (
	"errors"
	"net/http"
	"sort"

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

// undated sorts quotations said on no known day after the dated ones.
const undated = "9999-99-99"

func sayDay(q news.Quote) string {
	if q.SaidOn == "" {
		return undated
	}
	return q.SaidOn
}

// before orders quotations in time order: by the day said, undated last,
// then by article and place in it.
func before(d1 string, a1 int64, i1 int, d2 string, a2 int64, i2 int) bool {
	if d1 != d2 {
		return d1 < d2
	}
	if a1 != a2 {
		return a1 < a2
	}
	return i1 < i2
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
	var all []quote
	// Only the first limit+1 are kept: a store's quotations need not fit
	// in memory.
	keep := func() {
		sort.Slice(all, func(i, j int) bool {
			x, y := all[i], all[j]
			return before(sayDay(x.Quote), x.Article, x.Index, sayDay(y.Quote), y.Article, y.Index)
		})
		all = all[:min(len(all), limit+1)]
	}
	add := func(a *news.Article) error {
		if f.storyline != 0 && a.Storyline != f.storyline {
			return nil
		}
		for i, q := range a.Quotes {
			if f.speaker != 0 && q.SpeakerID != f.speaker {
				continue
			}
			if c.Day != "" && !before(c.Day, c.After, c.Index, sayDay(q), a.ID, i) {
				continue
			}
			all = append(all, quote{Article: a.ID, Index: i, Outlet: a.Outlet, Published: a.Published, Quote: q})
		}
		if len(all) > 4*(limit+1) {
			keep()
		}
		return nil
	}
	// A speaker id is always one of its article's entities (the pipeline
	// takes it from them), so the articles naming the speaker hold all of
	// its quotations: Query.Entity narrows the scan without losing any.
	if f.article != 0 {
		a, err := s.st.Get(r.Context(), f.article)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, err
		}
		if a != nil {
			add(a)
		}
	} else if err := s.st.Each(r.Context(), store.Query{Storyline: f.storyline, Entity: f.speaker}, add); err != nil {
		return nil, err
	}
	keep()
	out := page[quote]{Items: nonNil(all)}
	if len(all) > limit {
		out.Items = all[:limit]
		last := all[limit-1]
		out.Next = cursor{Kind: "quotes", Day: sayDay(last.Quote), After: last.Article, Index: last.Index}.String()
	}
	return out, nil
}
