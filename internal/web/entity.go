package web

import (
	"encoding/json"
	"net/http"
	"sort"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// maxEntityArticles caps the articles an entity page lists (the latest).
const maxEntityArticles = 50

// maxEntityHeads caps the articles an entity page reads for its latest:
// the last ones stored, of which the newest dated are listed.
const maxEntityHeads = 4 * maxEntityArticles

// maxEntityQuotes caps the quotations an entity page shows.
const maxEntityQuotes = 200

// maxCoEntities caps the entities listed as appearing with one.
const maxCoEntities = 30

type coEntity struct {
	ID       int64
	Name     string
	Type     string
	Articles int
}

type entityPage struct {
	Row      store.EntityRow
	C        resolve.Canonical
	TypeName string
	Said     []saidQuote
	MoreSaid bool // more was said than Said holds
	Chart    *monthChart
	Articles []*news.Article
	Total    int
	Scanned  int // when not 0, the articles listed are of the last this many stored
	With     []coEntity
}

var typeNames = map[string]string{"PER": "person", "ORG": "organisation", "LOC": "place", "MISC": "other name"}

func (s *Server) entity(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	row, err := s.st.Entity(ctx, id)
	if err != nil {
		return nil, err
	}
	p := entityPage{Row: row}
	if json.Unmarshal(row.Data, &p.C) != nil || p.C.Name == "" {
		p.C = resolve.Canonical{ID: row.ID, Name: row.Name, Type: row.Type}
	}
	p.TypeName = typeNames[row.Type]
	if p.TypeName == "" {
		p.TypeName = row.Type
	}
	// What it said, from the quotations table: the first maxEntityQuotes
	// in the order said.
	quotes, more, err := s.st.Quotes(ctx, store.QuoteQuery{Speaker: id, Limit: maxEntityQuotes})
	if err != nil {
		return nil, err
	}
	for _, q := range quotes {
		p.Said = append(p.Said, quoteSaid(q))
	}
	p.MoreSaid = more != ""
	sort.SliceStable(p.Said, func(i, j int) bool {
		a, b := p.Said[i], p.Said[j]
		if (a.Date == "") != (b.Date == "") {
			return a.Date != ""
		}
		return a.Date < b.Date
	})
	// The latest of the articles that name it: the last ones stored, a
	// bounded read of its index, newest dated first.
	heads, err := s.st.EntityArticleHeads(ctx, id, maxEntityHeads)
	if err != nil {
		return nil, err
	}
	months, err := s.st.EntityMonthCounts(ctx, id)
	if err != nil {
		return nil, err
	}
	counts := map[string]int{}
	for _, m := range months {
		counts[m.Month] += m.Count
	}
	p.Chart = newMonthChart(counts)
	arts := make([]*news.Article, len(heads))
	for i, h := range heads {
		arts[i] = headArticle(h)
	}
	sortArticles(arts)
	p.Total = len(arts)
	if len(heads) == maxEntityHeads && p.Row.Articles > maxEntityHeads {
		p.Scanned = maxEntityHeads
	}
	// The latest first.
	for i := len(arts) - 1; i >= 0 && len(p.Articles) < maxEntityArticles; i-- {
		p.Articles = append(p.Articles, arts[i])
	}
	ents := s.entities(ctx)
	var with []int64
	for _, l := range p.C.Context[:min(len(p.C.Context), 4*maxCoEntities)] {
		with = append(with, l.ID)
	}
	ents.load(with...)
	for _, l := range p.C.Context {
		if len(p.With) == maxCoEntities {
			break
		}
		if c := ents.get(l.ID); c != nil {
			p.With = append(p.With, coEntity{ID: c.ID, Name: c.Name, Type: c.Type, Articles: l.Count})
		}
	}
	return &view{name: "entity", title: p.C.Name, data: p}, nil
}
