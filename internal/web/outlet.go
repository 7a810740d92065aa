package web

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// maxOutletArticles caps the articles an outlet page lists (the latest).
const maxOutletArticles = 100

// copyLink is a copy and its original.
type copyLink struct {
	Copy, Original *news.Article
}

type outletPage struct {
	Name     string
	Articles []*news.Article
	Total    int
	CopiesOf []copyLink // its articles that copy another outlet's
	CopiedBy []copyLink // other outlets' copies of its articles
}

func (s *Server) outlet(r *http.Request) (*view, error) {
	name := r.PathValue("name")
	if len(name) > MaxParamBytes {
		return nil, errBadRequest("the outlet name is too long")
	}
	ctx := r.Context()
	arts, err := s.articles(ctx, store.Query{Outlet: name})
	if err != nil {
		return nil, err
	}
	if len(arts) == 0 {
		return nil, errNotFound("no articles are stored from that outlet")
	}
	p := outletPage{Name: name, Total: len(arts)}
	mine := map[int64]*news.Article{}
	events := map[int64]bool{}
	var eventOrder []int64
	for _, a := range arts {
		mine[a.ID] = a
		if a.Event != 0 && !events[a.Event] {
			events[a.Event] = true
			eventOrder = append(eventOrder, a.Event)
		}
	}
	for _, a := range arts {
		if a.DuplicateOf == 0 {
			continue
		}
		o := mine[a.DuplicateOf]
		if o == nil {
			if o, err = s.st.Get(ctx, a.DuplicateOf); err != nil {
				if isNotFound(err) {
					continue
				}
				return nil, err
			}
		}
		if o.Outlet != name {
			p.CopiesOf = append(p.CopiesOf, copyLink{Copy: a, Original: o})
		}
	}
	// A copy is placed in its original's event: the events of the
	// outlet's articles hold the copies others made of them.
	for _, ev := range eventOrder {
		err := s.st.Each(ctx, store.Query{Event: ev}, func(b *news.Article) error {
			if o := mine[b.DuplicateOf]; o != nil && b.Outlet != name {
				p.CopiedBy = append(p.CopiedBy, copyLink{Copy: b, Original: o})
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	sortArticles(arts)
	for i := len(arts) - 1; i >= 0 && len(p.Articles) < maxOutletArticles; i-- {
		p.Articles = append(p.Articles, arts[i])
	}
	return &view{name: "outlet", title: name, data: p}, nil
}
