package web

import (
	"context"
	"encoding/json"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
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

// get returns the canonical entity of an id, nil for 0 or an unknown id.
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
