package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/store"
)

// entity is one row of the corpus-wide entity table.
type entity struct {
	ID        int64  `json:"id"`
	Name      string `json:"name"`
	Type      string `json:"type"`
	Articles  int    `json:"articles"`
	FirstSeen string `json:"first_seen"`
	LastSeen  string `json:"last_seen"`
}

func toEntity(e store.EntityRow) entity {
	return entity{ID: e.ID, Name: e.Name, Type: e.Type, Articles: e.Articles, FirstSeen: e.FirstSeen, LastSeen: e.LastSeen}
}

// entityDetail is an entity with the names and roles it was given and the
// entities that appear with it.
type entityDetail struct {
	entity
	Aliases []counted `json:"aliases"` // the forms of its name, most used first
	Roles   []counted `json:"roles"`   // its roles, most given first
	Related []related `json:"related"` // entities sharing articles with it, most shared first
	Months  []month   `json:"months"`  // dated articles naming it per month, in date order
}

type month struct {
	Month string `json:"month"` // YYYY-MM
	Count int    `json:"count"`
}

type counted struct {
	Text  string `json:"text"`
	Count int    `json:"count"`
}

type related struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Type     string `json:"type"`
	Articles int    `json:"articles"` // articles shared
}

// maxRelated caps the related entities of an entity's page.
const maxRelated = 20

var entityTypes = []string{"PER", "ORG", "LOC", "MISC"}

func (s *server) entities(r *http.Request) (any, error) {
	p, err := query(r, "type", "limit", "cursor")
	if err != nil {
		return nil, err
	}
	typ, err := p.oneOf("type", "", entityTypes...)
	if err != nil {
		return nil, err
	}
	limit, err := p.limit()
	if err != nil {
		return nil, err
	}
	c, err := p.cursor("entities")
	if err != nil {
		return nil, err
	}
	// One more than the page tells whether another follows.
	rows, err := s.st.EntitiesPage(r.Context(), store.EntityQuery{Type: typ, After: c.After, Limit: limit + 1})
	if err != nil {
		return nil, err
	}
	out := page[entity]{Items: []entity{}}
	for _, e := range rows {
		if len(out.Items) == limit {
			out.Next = cursor{Kind: "entities", After: out.Items[limit-1].ID}.String()
			break
		}
		out.Items = append(out.Items, toEntity(e))
	}
	return out, nil
}

// getEntity reads one entity, 404 when unknown.
func (s *server) getEntity(r *http.Request, id int64) (store.EntityRow, error) {
	e, err := s.st.Entity(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return e, notFound("entity", id)
	}
	return e, err
}

func (s *server) entity(r *http.Request) (any, error) {
	if _, err := query(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	row, err := s.getEntity(r, id)
	if err != nil {
		return nil, err
	}
	var c resolve.Canonical
	if err := json.Unmarshal(row.Data, &c); err != nil {
		return nil, fmt.Errorf("entity %d: %w", id, err)
	}
	d := entityDetail{entity: toEntity(row), Aliases: []counted{}, Roles: []counted{}, Related: []related{}, Months: []month{}}
	months, err := s.st.EntityMonthCounts(r.Context(), id)
	if err != nil {
		return nil, err
	}
	for _, m := range months {
		d.Months = append(d.Months, month{m.Month, m.Count})
	}
	for _, a := range c.Aliases {
		d.Aliases = append(d.Aliases, counted{a.Text, a.Count})
	}
	for _, a := range c.Roles {
		d.Roles = append(d.Roles, counted{a.Text, a.Count})
	}
	var ids []int64
	for _, l := range c.Context[:min(len(c.Context), 4*maxRelated)] {
		ids = append(ids, l.ID)
	}
	rows, err := s.st.EntitiesByID(r.Context(), ids)
	if err != nil {
		return nil, err
	}
	for _, l := range c.Context {
		if len(d.Related) == maxRelated {
			break
		}
		o, ok := rows[l.ID]
		if !ok {
			continue
		}
		d.Related = append(d.Related, related{ID: o.ID, Name: o.Name, Type: o.Type, Articles: l.Count})
	}
	return d, nil
}

func (s *server) entityQuotes(r *http.Request) (any, error) {
	p, err := query(r, "limit", "cursor")
	if err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	if _, err := s.getEntity(r, id); err != nil {
		return nil, err
	}
	return s.listQuotes(r, p, quoteFilter{speaker: id})
}
