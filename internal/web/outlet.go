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
	Capped   bool       // more articles than Total, the count's cap
	CopiesOf []copyLink // its articles that copy another outlet's
	CopiedBy []copyLink // other outlets' copies of its articles
}

// outlet reads the outlet's count, its latest articles and its copy links
// as headlines: a few queries however many articles it has.
func (s *Server) outlet(r *http.Request) (*view, error) {
	name := r.PathValue("name")
	if len(name) > MaxParamBytes {
		return nil, errBadRequest("the outlet name is too long")
	}
	ctx := r.Context()
	o, err := s.st.Outlet(ctx, name)
	if isNotFound(err) {
		return nil, errNotFound("no articles are stored from that outlet")
	}
	if err != nil {
		return nil, err
	}
	p := outletPage{Name: name, Total: o.Articles, Capped: o.ArticlesCapped}
	heads, err := s.st.ArticleHeads(ctx, store.HeadQuery{Outlet: name, PerEvent: maxOutletArticles})
	if err != nil {
		return nil, err
	}
	for _, h := range heads {
		p.Articles = append(p.Articles, headArticle(h))
	}
	links, err := s.st.OutletCopies(ctx, name, 2*maxOutletCopies)
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, l := range links {
		ids = append(ids, l.Copy, l.Original)
	}
	linked, err := s.st.ArticleHeads(ctx, store.HeadQuery{IDs: ids[:min(len(ids), store.MaxList)]})
	if err != nil {
		return nil, err
	}
	byID := map[int64]*news.Article{}
	for _, h := range linked {
		byID[h.ID] = headArticle(h)
	}
	for _, l := range links {
		c, o := byID[l.Copy], byID[l.Original]
		if c == nil || o == nil {
			continue
		}
		if l.CopyOutlet == name {
			if len(p.CopiesOf) < maxOutletCopies {
				p.CopiesOf = append(p.CopiesOf, copyLink{Copy: c, Original: o})
			}
		} else if len(p.CopiedBy) < maxOutletCopies {
			p.CopiedBy = append(p.CopiedBy, copyLink{Copy: c, Original: o})
		}
	}
	return &view{name: "outlet", title: name, data: p}, nil
}
