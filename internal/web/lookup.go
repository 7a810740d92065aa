package web

import (
	"context"
	"encoding/json"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// entityCache reads the rows of the entity table a page names, one by one
// as it needs them and once each, rather than the whole table.
type entityCache struct {
	ctx context.Context
	s   *Server
	m   map[int64]*resolve.Canonical
}

func (s *Server) entities(ctx context.Context) *entityCache {
	return &entityCache{ctx: ctx, s: s, m: map[int64]*resolve.Canonical{}}
}

// load reads the entity rows of ids not yet known in one batch
// (store.EntitiesByID): a page calls it with every id it will name before
// get, so that it makes one query rather than one per name.
func (c *entityCache) load(ids ...int64) {
	var want []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		if _, ok := c.m[id]; !ok && id != 0 && !seen[id] {
			seen[id] = true
			want = append(want, id)
		}
	}
	for len(want) > 0 {
		n := min(len(want), store.MaxList)
		rows, err := c.s.st.EntitiesByID(c.ctx, want[:n])
		if err != nil {
			return // get falls back to one read each
		}
		for _, id := range want[:n] {
			if row, ok := rows[id]; ok {
				c.m[id] = &resolve.Canonical{ID: row.ID, Name: row.Name, Type: row.Type}
			} else {
				c.m[id] = nil
			}
		}
		want = want[n:]
	}
}

// loadNamed loads the entities and speakers arts name.
func (c *entityCache) loadNamed(arts ...*news.Article) {
	var ids []int64
	for _, a := range arts {
		for _, e := range a.Entities {
			ids = append(ids, e.ID)
		}
		for _, q := range a.Quotes {
			ids = append(ids, q.SpeakerID)
		}
	}
	c.load(ids...)
}

// get returns the canonical entity of an id, nil for 0 or an unknown id.
// Of an id given to load, only the name and type are known.
func (c *entityCache) get(id int64) *resolve.Canonical {
	if id == 0 {
		return nil
	}
	if e, ok := c.m[id]; ok {
		return e
	}
	var e *resolve.Canonical
	if row, err := c.s.st.Entity(c.ctx, id); err == nil {
		e = new(resolve.Canonical)
		if json.Unmarshal(row.Data, e) != nil {
			e = &resolve.Canonical{ID: row.ID, Name: row.Name, Type: row.Type}
		}
		if e.Name == "" {
			e.Name = row.Name
		}
		e.ID = row.ID
	}
	c.m[id] = e
	return e
}

// speaker is who said a quotation, as a page shows it: the corpus-wide
// name when the speaker was resolved, else the name the article gives,
// else how the text refers to them, in brackets.
func (c *entityCache) speaker(q news.Quote) (id int64, name string) {
	if e := c.get(q.SpeakerID); e != nil {
		return e.ID, e.Name
	}
	if q.Speaker != "" {
		return 0, q.Speaker
	}
	if q.SpeakerMention != "" {
		return 0, "[" + q.SpeakerMention + "]"
	}
	return 0, "[unknown speaker]"
}
