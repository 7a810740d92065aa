package api

import (
	"errors"
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// outlet summarises one outlet.
type outlet struct {
	Name          string `json:"name"`
	Articles      int    `json:"articles"`
	First         string `json:"first"` // earliest published day, "" when none is dated
	Last          string `json:"last"`
	CopiesOfOther int    `json:"copies_of_other"` // its articles that copy another outlet's
	CopiedByOther int    `json:"copied_by_other"` // copies of its articles at other outlets
	// ArticlesCapped: more articles than counted (one outlet's page stops
	// counting at 10,000).
	ArticlesCapped bool `json:"articles_capped,omitempty"`
}

// outletDetail is an outlet with the copies between it and others.
type outletDetail struct {
	outlet
	Copies []copyLink `json:"copies"`
}

type copyLink struct {
	Copy           int64  `json:"copy"`
	CopyOutlet     string `json:"copy_outlet"`
	Original       int64  `json:"original"`
	OriginalOutlet string `json:"original_outlet"`
}

func toOutlet(o store.OutletRow) outlet {
	return outlet{o.Name, o.Articles, o.First, o.Last, o.CopiesOfOther, o.CopiedByOther, o.ArticlesCapped}
}

// outlets lists outlets, most articles first: the store.MaxList largest.
func (s *server) outlets(r *http.Request) (any, error) {
	p, err := query(r, "limit", "cursor")
	if err != nil {
		return nil, err
	}
	limit, err := p.limit()
	if err != nil {
		return nil, err
	}
	c, err := p.cursor("outlets")
	if err != nil {
		return nil, err
	}
	rows, err := s.st.Outlets(r.Context(), min(c.Offset+limit+1, store.MaxList))
	if err != nil {
		return nil, err
	}
	out := page[outlet]{Items: []outlet{}}
	for i := c.Offset; i < len(rows); i++ {
		if len(out.Items) == limit {
			out.Next = cursor{Kind: "outlets", Offset: c.Offset + limit}.String()
			break
		}
		out.Items = append(out.Items, toOutlet(rows[i]))
	}
	return out, nil
}

// outlet answers one outlet, named in the path (escaped as a path
// segment), with the copies it carries of others and others carry of it,
// newest first.
func (s *server) outlet(r *http.Request) (any, error) {
	if _, err := query(r); err != nil {
		return nil, err
	}
	name := r.PathValue("name")
	o, err := s.st.Outlet(r.Context(), name)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errorf(http.StatusNotFound, "not_found", "no outlet of that name")
	}
	if err != nil {
		return nil, err
	}
	d := outletDetail{outlet: toOutlet(o), Copies: []copyLink{}}
	links, err := s.st.OutletCopies(r.Context(), name, maxLimit)
	if err != nil {
		return nil, err
	}
	for _, l := range links {
		d.Copies = append(d.Copies, copyLink{l.Copy, l.CopyOutlet, l.Original, l.OriginalOutlet})
	}
	return d, nil
}
