package web

import (
	"net/http"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// maxOutletArticles caps the articles an outlet page lists (the latest);
// maxOutletCopies the copies in each direction.
const (
	maxOutletArticles = 100
	maxOutletCopies   = 100
)

// copyLink is a copy and its original.
type copyLink struct {
	Copy, Original *news.Article
}

type outletPage struct {
	Name     string
	Articles []*news.Article
	Total    int
	Capped   bool       // more than store.MaxList articles: Total is that cap
	CopiesOf []copyLink // its articles that copy another outlet's
	CopiedBy []copyLink // other outlets' copies of its articles
}

func (s *Server) outlet(r *http.Request) (*view, error) {
	name := r.PathValue("name")
	if len(name) > MaxParamBytes {
		return nil, errBadRequest("the outlet name is too long")
	}
	ctx := r.Context()
	arts, err := s.articles(ctx, store.Query{Outlet: name, Limit: store.MaxList + 1})
	if err != nil {
		return nil, err
	}
	if len(arts) == 0 {
		return nil, errNotFound("no articles are stored from that outlet")
	}
	p := outletPage{Name: name, Total: len(arts)}
	if len(arts) > store.MaxList {
		arts, p.Total, p.Capped = arts[:store.MaxList], store.MaxList, true
	}
	links, err := s.st.OutletCopies(ctx, name, 2*maxOutletCopies)
	if err != nil {
		return nil, err
	}
	got := map[int64]*news.Article{}
	get := func(id int64) (*news.Article, error) {
		if a := got[id]; a != nil {
			return a, nil
		}
		a, err := s.st.Get(ctx, id)
		if err == nil {
			got[id] = a
		}
		return a, err
	}
	for _, l := range links {
		mine := l.CopyOutlet == name
		if (mine && len(p.CopiesOf) == maxOutletCopies) || (!mine && len(p.CopiedBy) == maxOutletCopies) {
			continue
		}
		c, err := get(l.Copy)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			return nil, err
		}
		o, err := get(l.Original)
		if err != nil {
			if isNotFound(err) {
				continue
			}
			return nil, err
		}
		if mine {
			p.CopiesOf = append(p.CopiesOf, copyLink{Copy: c, Original: o})
		} else {
			p.CopiedBy = append(p.CopiedBy, copyLink{Copy: c, Original: o})
		}
	}
	sortArticles(arts)
	for i := len(arts) - 1; i >= 0 && len(p.Articles) < maxOutletArticles; i-- {
		p.Articles = append(p.Articles, arts[i])
	}
	return &view{name: "outlet", title: name, data: p}, nil
}
