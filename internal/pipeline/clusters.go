package pipeline

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// Clusters places each committed article: the original it copies, its
// event and its storyline (cluster.Clusterer), inside the article's
// transaction.
type Clusters struct {
	st store.Store
	c  *cluster.Clusterer
	// stored is the placement each article has in the store, so that a
	// batch writes only the placements that merges and splits changed.
	stored map[int64]store.Placement
}

// LoadClusters rebuilds the clusterer by placing the stored articles again
// in id order: placement is deterministic, so this gives the ids they were
// stored with.
func LoadClusters(ctx context.Context, st store.Store) (*Clusters, error) {
	k := &Clusters{st: st}
	return k, k.Reload(ctx)
}

// Reload rebuilds the clusterer from the store.
func (k *Clusters) Reload(ctx context.Context) error {
	k.c = cluster.New(cluster.DefaultConfig())
	k.stored = map[int64]store.Placement{}
	err := k.st.Each(ctx, store.Query{}, func(a *news.Article) error {
		k.c.Add(ClusterDoc(a))
		k.stored[a.ID] = store.Placement{Article: a.ID, DuplicateOf: a.DuplicateOf, Event: a.Event, Storyline: a.Storyline}
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild clusters: %w", err)
	}
	// From here on every change of placement is reported to the hook.
	k.c.TrackChanges()
	return nil
}

// Clusterer is the in-memory clusterer.
func (k *Clusters) Clusterer() *cluster.Clusterer { return k.c }

// ClusterDoc is what the clusterer sees of an article.
func ClusterDoc(a *news.Article) cluster.Doc {
	d := cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, URL: a.URL, Outlet: a.Outlet, Published: a.Published, Language: a.Language}
	for _, e := range a.Entities {
		d.Entities = append(d.Entities, cluster.Entity{Name: e.Name, Type: e.Type, Mentions: e.Mentions, ID: e.ID})
	}
	for _, q := range a.Quotes {
		if q.Speaker != "" {
			d.Speakers = append(d.Speakers, q.Speaker)
		}
	}
	return d
}

// Hook is a store.Hook: it places the batch's new articles, and returns the
// new placement of stored articles that corrections moved: the members of
// every event whose articles' placement changed (cluster.Changed).
func (k *Clusters) Hook(items []store.Item, outs []store.Outcome) (store.Derived, error) {
	for i, it := range items {
		if outs[i] != store.Unchanged {
			k.c.Add(ClusterDoc(it.Article))
		}
	}
	touched := k.c.Changed()
	inBatch := map[int64]*news.Article{}
	for i, it := range items {
		if outs[i] != store.Unchanged {
			inBatch[it.Article.ID] = it.Article
		}
	}
	var d store.Derived
	for _, id := range touched {
		arts, _, ok := k.c.EventMembers(id)
		if !ok {
			continue
		}
		for _, art := range arts {
			p, ok := k.c.Placement(art)
			if !ok {
				continue
			}
			now := store.Placement{Article: art, DuplicateOf: p.DuplicateOf, Event: p.EventID, Storyline: p.StorylineID}
			if a := inBatch[art]; a != nil {
				a.DuplicateOf, a.Event, a.Storyline = now.DuplicateOf, now.Event, now.Storyline
			} else if k.stored[art] != now {
				d.Placements = append(d.Placements, now)
			}
			k.stored[art] = now
		}
	}
	// Articles of the batch not reached above (placed, then moved away).
	for art, a := range inBatch {
		if p, ok := k.c.Placement(art); ok {
			a.DuplicateOf, a.Event, a.Storyline = p.DuplicateOf, p.EventID, p.StorylineID
			k.stored[art] = store.Placement{Article: art, DuplicateOf: p.DuplicateOf, Event: p.EventID, Storyline: p.StorylineID}
		}
	}
	return d, nil
}
