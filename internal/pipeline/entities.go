package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// Entities links the entities of each committed article to the corpus-wide
// entity table (resolve.Registry), inside the article's transaction.
type Entities struct {
	st      store.Store
	reg     *resolve.Registry
	version int64 // the store's derived version the table matches
}

// LoadEntities reads the entity table of st into memory.
func LoadEntities(ctx context.Context, st store.Store) (*Entities, error) {
	e := &Entities{st: st}
	return e, e.Reload(ctx)
}

// Reload replaces the in-memory table with the stored one: after a failed
// transaction, whose changes the store rolled back.
func (e *Entities) Reload(ctx context.Context) error {
	v, err := e.st.DerivedVersion(ctx)
	if err != nil {
		return err
	}
	rows, err := e.st.Entities(ctx)
	if err != nil {
		return fmt.Errorf("load entities: %w", err)
	}
	cs := make([]resolve.Canonical, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal(r.Data, &cs[i]); err != nil {
			return fmt.Errorf("load entity %d: %w", r.ID, err)
		}
		if cs[i].ID != int64(i+1) {
			return fmt.Errorf("load entities: entity %d out of sequence", r.ID)
		}
	}
	e.reg = resolve.Load(cs)
	e.version = v
	return nil
}

// Registry is the in-memory entity table.
func (e *Entities) Registry() *resolve.Registry { return e.reg }

// Hook is a store.Hook: it takes back the previous version of each revised
// article, adds the batch's new and revised articles to the table, sets
// their entity and speaker ids, and returns the changed rows.
func (e *Entities) Hook(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
	if base != e.version {
		return store.Derived{Base: base}, store.ErrConflict
	}
	touched := map[int64]bool{}
	var order []int64
	touch := func(id int64) {
		if !touched[id] {
			touched[id] = true
			order = append(order, id)
		}
	}
	for i, it := range items {
		a := it.Article
		if outs[i] == store.Revised && it.Prev != nil && len(it.Prev.Entities) > 0 {
			for _, id := range e.reg.Remove(it.Prev.ID, toResolve(it.Prev.Entities)) {
				touch(id)
			}
		}
		if outs[i] == store.Unchanged || len(a.Entities) == 0 {
			continue
		}
		ids := e.reg.Add(a.ID, a.Published, toResolve(a.Entities))
		byName := map[string]int64{}
		for k, id := range ids {
			a.Entities[k].ID = id
			byName[a.Entities[k].Name] = id
			for _, al := range a.Entities[k].Aliases {
				if _, ok := byName[al]; !ok {
					byName[al] = id
				}
			}
			touch(id)
		}
		for k := range a.Quotes {
			a.Quotes[k].SpeakerID = byName[a.Quotes[k].Speaker]
		}
	}
	d := store.Derived{Base: base}
	e.version = base + 1
	for _, id := range order {
		c := e.reg.Get(id)
		data, err := json.Marshal(c)
		if err != nil {
			return d, err
		}
		d.Entities = append(d.Entities, store.EntityRow{ID: c.ID, Name: c.Name, Type: c.Type,
			Articles: c.Articles, FirstSeen: c.FirstSeen, LastSeen: c.LastSeen, Data: data})
	}
	return d, nil
}

func toResolve(ents []news.Entity) []resolve.Entity {
	out := make([]resolve.Entity, len(ents))
	for i, e := range ents {
		rest := max(e.Mentions-len(e.Aliases), 1)
		aliases := []resolve.Alias{{Text: e.Name, Count: rest}}
		for _, a := range e.Aliases {
			aliases = append(aliases, resolve.Alias{Text: a, Count: 1})
		}
		out[i] = resolve.Entity{Name: e.Name, Type: e.Type, Aliases: aliases, Roles: e.Roles, ID: e.ID}
	}
	return out
}
