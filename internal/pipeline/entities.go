package pipeline

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// DefaultEntityWindow is the window of the placer's entity table (New):
// the entities named in the last this many articles (by id) stay in
// memory, about six per article; the others are read back by key when a
// batch needs them.
const DefaultEntityWindow = 100_000

// Entities links the entities of each committed article to the corpus-wide
// entity table (resolve.Registry), inside the article's transaction.
//
// With a window, only the entities named in the last window articles are
// held in memory: before each batch (Prefetch) the entities filed under
// the index keys its entities look up are read from the store
// (EntityIDsByKeys, EntityRows), so that linking gives the ids the whole
// table would. A revised article's previous entities are only known inside
// the transaction: when they are not held, Hook fails with ErrConflict,
// and the retry's Prefetch reads them.
type Entities struct {
	st      store.Store
	reg     *resolve.Registry
	version int64 // the store's derived version the table matches
	window  int64 // 0: the whole table in memory
	last    int64 // the largest article id added
	// wantKeys and wantIDs are what a failed Hook missed, for the next
	// Prefetch.
	wantKeys []string
	wantIDs  []int64
	faulted  bool // the last Hook failed for them, before any other hook ran
	// untouched says the last Hook failed before it changed the table:
	// Reload has nothing to restore.
	untouched bool
}

// errFaultIn is the conflict a Hook returns when it needs entities not held.
var errFaultIn = fmt.Errorf("%w: entities to read back from the store", store.ErrConflict)

// LoadEntities reads the whole entity table of st into memory.
func LoadEntities(ctx context.Context, st store.Store) (*Entities, error) {
	return LoadEntitiesWindow(ctx, st, 0)
}

// LoadEntitiesWindow reads the entity table of st, holding in memory only
// the entities named in the last window articles (all when window is 0).
func LoadEntitiesWindow(ctx context.Context, st store.Store, window int64) (*Entities, error) {
	e := &Entities{st: st, window: max(window, 0)}
	return e, e.Reload(ctx)
}

// Reload replaces the in-memory table with the stored one: after a failed
// transaction, whose changes the store rolled back.
func (e *Entities) Reload(ctx context.Context) error {
	if e.untouched {
		e.untouched = false
		return nil
	}
	if e.window > 0 {
		// Only a partial table reads by key: a whole one, as the
		// commands that read the table load it, writes nothing here.
		if err := e.backfill(ctx); err != nil {
			return err
		}
	}
	v, err := e.st.DerivedVersion(ctx)
	if err != nil {
		return err
	}
	if e.window > 0 {
		return e.reloadWindow(ctx, v)
	}
	rows, err := e.st.Entities(ctx)
	if err != nil {
		return fmt.Errorf("load entities: %w", err)
	}
	cs, err := decodeEntities(rows)
	if err != nil {
		return err
	}
	for i := range cs {
		if cs[i].ID != int64(i+1) {
			return fmt.Errorf("load entities: entity %d out of sequence", cs[i].ID)
		}
	}
	e.reg = resolve.Load(cs)
	e.version = v
	return nil
}

// reloadWindow starts a partial table with the most recently created
// entities, the likeliest to be active, and drops those that are not.
func (e *Entities) reloadWindow(ctx context.Context, v int64) error {
	maxID, err := e.st.MaxEntityID(ctx)
	if err != nil {
		return fmt.Errorf("load entities: %w", err)
	}
	reg := resolve.NewPartial(maxID)
	for after := max(maxID-e.window, 0); after < maxID; {
		rows, err := e.st.EntitiesPage(ctx, store.EntityQuery{After: after, Limit: store.MaxList})
		if err != nil {
			return fmt.Errorf("load entities: %w", err)
		}
		if len(rows) == 0 {
			break
		}
		cs, err := decodeEntities(rows)
		if err != nil {
			return err
		}
		reg.Insert(cs)
		for _, c := range cs {
			e.last = max(e.last, c.LastArticle)
		}
		after = rows[len(rows)-1].ID
	}
	reg.Evict(e.last - e.window + 1)
	e.reg, e.version = reg, v
	return nil
}

func decodeEntities(rows []store.EntityRow) ([]resolve.Canonical, error) {
	cs := make([]resolve.Canonical, len(rows))
	for i, r := range rows {
		if err := json.Unmarshal(r.Data, &cs[i]); err != nil {
			return nil, fmt.Errorf("load entity %d: %w", r.ID, err)
		}
		if cs[i].ID != r.ID {
			return nil, fmt.Errorf("load entity %d: its record has id %d", r.ID, cs[i].ID)
		}
	}
	return cs, nil
}

// backfillMark is the entity_keys row of a store whose entities predate the
// table (migration 013 in SQLite, 005 in PostgreSQL).
const backfillMark = "!backfill"

// backfill files the entities of a store that had them before entity_keys
// existed: the keys need the resolver, so the first load writes them, a
// thousand entities per transaction, the last one dropping the mark.
func (e *Entities) backfill(ctx context.Context) error {
	got, err := e.st.EntityIDsByKeys(ctx, []string{backfillMark}, 1)
	if err != nil {
		return fmt.Errorf("entity keys: %w", err)
	}
	if len(got[backfillMark]) == 0 {
		return nil
	}
	rows, err := e.st.Entities(ctx)
	if err != nil {
		return fmt.Errorf("entity keys: %w", err)
	}
	cs, err := decodeEntities(rows)
	if err != nil {
		return err
	}
	reg := resolve.Load(nil)
	reg.Insert(cs)
	for start := 0; ; start += store.MaxList {
		end := min(start+store.MaxList, len(cs))
		var eks []store.EntityKeys
		for _, c := range cs[start:end] {
			eks = append(eks, store.EntityKeys{Entity: c.ID, Keys: reg.EntityKeys(c.ID)})
		}
		if end == len(cs) {
			eks = append(eks, store.EntityKeys{Entity: 0}) // the mark
		}
		if _, err := e.st.Put(ctx, nil, func(base int64, _ []store.Item, _ []store.Outcome) (store.Derived, error) {
			return store.Derived{Base: base, EntityKeys: eks}, nil
		}); err != nil {
			return fmt.Errorf("entity keys: %w", err)
		}
		if end == len(cs) {
			return nil
		}
	}
}

// lacking reports whether the partial table lacks what the batch will
// look up: the keys of its entities (if Prefetch did not run) and the
// entities and keys of the previous versions of revised articles, which
// only the transaction knows. It asks for them from the next Prefetch.
func (e *Entities) lacking(items []store.Item, outs []store.Outcome) bool {
	var ents []resolve.Entity
	var ids []int64
	for i, it := range items {
		if outs[i] == store.Revised && it.Prev != nil {
			for _, p := range it.Prev.Entities {
				if p.ID > 0 {
					ids = append(ids, p.ID)
				}
			}
			ents = append(ents, toResolve(it.Prev.Entities)...)
		}
		if outs[i] != store.Unchanged {
			ents = append(ents, toResolve(it.Article.Entities)...)
		}
	}
	keys, ids := e.reg.Lacking(resolve.KeysOf(ents), ids)
	if len(keys)+len(ids) == 0 {
		return false
	}
	e.wantKeys = append(e.wantKeys, keys...)
	e.wantIDs = append(e.wantIDs, ids...)
	return true
}

// FaultedIn reports, once, whether the last Hook failed for entities it
// did not hold: the hooks after it did not run, so their memory needs no
// reload.
func (e *Entities) FaultedIn() bool {
	f := e.faulted
	e.faulted = false
	return f
}

// Registry is the in-memory entity table: with a window, only its active
// part.
func (e *Entities) Registry() *resolve.Registry { return e.reg }

// Prefetch reads into memory the entities a batch may be linked to: those
// filed under the index keys its entities look up, and what a failed Hook
// missed. It does nothing without a window.
func (e *Entities) Prefetch(ctx context.Context, items []store.Item) error {
	if e.window == 0 {
		return nil
	}
	var ents []resolve.Entity
	for _, it := range items {
		if it.Article != nil {
			ents = append(ents, toResolve(it.Article.Entities)...)
		}
	}
	// Keys still covered since an earlier batch need no read.
	keys, _ := e.reg.Lacking(dedupeKeys(append(resolve.KeysOf(ents), e.wantKeys...)), nil)
	want := map[int64]bool{}
	for _, id := range e.wantIDs {
		want[id] = true
	}
	found := make(map[string]int, len(keys))
	for start := 0; start < len(keys); start += store.MaxList {
		chunk := keys[start:min(start+store.MaxList, len(keys))]
		got, err := e.st.EntityIDsByKeys(ctx, chunk, resolve.FetchLimit)
		if err != nil {
			return fmt.Errorf("entity keys: %w", err)
		}
		for _, k := range chunk {
			for _, id := range got[k] {
				want[id] = true
			}
			found[k] = len(got[k])
		}
	}
	var ids []int64
	for id := range want {
		if e.reg.Get(id) == nil {
			ids = append(ids, id)
		}
	}
	for start := 0; start < len(ids); start += store.MaxList {
		rows, err := e.st.EntityRows(ctx, ids[start:min(start+store.MaxList, len(ids))])
		if err != nil {
			return fmt.Errorf("load entities: %w", err)
		}
		cs, err := decodeEntities(rows)
		if err != nil {
			return err
		}
		e.reg.Insert(cs)
	}
	for k, n := range found {
		e.reg.Cover(k, n)
	}
	return nil
}

func dedupeKeys(keys []string) []string {
	seen := make(map[string]bool, len(keys))
	out := keys[:0]
	for _, k := range keys {
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	return out
}

// Hook is a store.Hook: it takes back the previous version of each revised
// article, adds the batch's new and revised articles to the table, sets
// their entity and speaker ids, and returns the changed rows and their
// index keys.
func (e *Entities) Hook(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
	if base != e.version {
		return store.Derived{Base: base}, store.ErrConflict
	}
	e.reg.Missing() // forget lookups made outside a batch
	e.faulted, e.untouched = false, false
	if e.window > 0 {
		if e.lacking(items, outs) {
			e.faulted, e.untouched = true, true
			return store.Derived{Base: base}, errFaultIn
		}
	}
	touched := map[int64]bool{}
	var order []int64
	touch := func(id int64) {
		if !touched[id] {
			touched[id] = true
			order = append(order, id)
		}
	}
	last := e.last
	var prev []resolve.Entity // the previous versions' entities
	for i, it := range items {
		a := it.Article
		if outs[i] == store.Revised && it.Prev != nil && len(it.Prev.Entities) > 0 {
			old := toResolve(it.Prev.Entities)
			prev = append(prev, old...)
			for _, id := range e.reg.Remove(it.Prev.ID, old) {
				touch(id)
			}
		}
		if outs[i] == store.Unchanged || len(a.Entities) == 0 {
			continue
		}
		last = max(last, a.ID)
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
	if keys, ids := e.reg.Missing(); len(keys)+len(ids) > 0 {
		// Linked without part of the table: the caller rolls back, reloads
		// and retries, and Prefetch reads what was missed. What a reload
		// holds differs from what was held here, so every previous
		// version's entities are asked for, not only those missed, and
		// the asks of earlier failed attempts are kept.
		e.wantKeys = append(append(e.wantKeys, keys...), resolve.KeysOf(prev)...)
		e.wantIDs = append(e.wantIDs, ids...)
		for _, p := range prev {
			if p.ID > 0 {
				e.wantIDs = append(e.wantIDs, p.ID)
			}
		}
		e.faulted = true
		return store.Derived{Base: base}, errFaultIn
	}
	e.wantKeys, e.wantIDs = nil, nil
	d := store.Derived{Base: base}
	for _, id := range order {
		c := e.reg.Get(id)
		data, err := json.Marshal(c)
		if err != nil {
			return d, err
		}
		d.Entities = append(d.Entities, store.EntityRow{ID: c.ID, Name: c.Name, Type: c.Type,
			Articles: c.Articles, FirstSeen: c.FirstSeen, LastSeen: c.LastSeen, Data: data})
		d.EntityKeys = append(d.EntityKeys, store.EntityKeys{Entity: id, Keys: e.reg.EntityKeys(id)})
	}
	e.version = base + 1
	e.last = last
	if e.window > 0 {
		e.reg.Evict(e.last - e.window + 1)
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
