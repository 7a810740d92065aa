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
	err := k.st.Each(ctx, store.Query{}, func(a *news.Article) error {
		k.c.Add(ClusterDoc(a))
		return nil
	})
	if err != nil {
		return fmt.Errorf("rebuild clusters: %w", err)
	}
	return nil
}

// Clusterer is the in-memory clusterer.
func (k *Clusters) Clusterer() *cluster.Clusterer { return k.c }

// ClusterDoc is what the clusterer sees of an article.
func ClusterDoc(a *news.Article) cluster.Doc {
	d := cluster.Doc{ID: a.ID, Title: a.Title, Text: a.Text, URL: a.URL, Outlet: a.Outlet, Published: a.Published}
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
// new placement of stored articles whose events were merged or split.
func (k *Clusters) Hook(items []store.Item, outs []store.Outcome) (store.Derived, error) {
	touched := map[int64]bool{}
	inBatch := map[int64]bool{}
	for i, it := range items {
		if outs[i] == store.Unchanged {
			continue
		}
		a := it.Article
		as := k.c.Add(ClusterDoc(a))
		a.DuplicateOf, a.Event, a.Storyline = as.DuplicateOf, as.EventID, as.StorylineID
		inBatch[a.ID] = true
		for _, id := range append(append([]int64{as.EventID}, as.Merged...), as.Split...) {
			touched[id] = true
		}
		if as.NewOriginalOf != 0 {
			if p, ok := k.c.Placement(as.NewOriginalOf); ok {
				touched[p.EventID] = true
			}
		}
	}
	var d store.Derived
	seen := map[int64]bool{}
	for id := range touched {
		ev, ok := k.c.Event(k.c.Resolve(id))
		if !ok {
			continue
		}
		for _, art := range ev.Articles {
			if inBatch[art] || seen[art] {
				continue
			}
			seen[art] = true
			if p, ok := k.c.Placement(art); ok {
				d.Placements = append(d.Placements, store.Placement{Article: art, DuplicateOf: p.DuplicateOf,
					Event: p.EventID, Storyline: p.StorylineID})
			}
		}
	}
	// Articles of this batch placed earlier in it may have moved too.
	for i, it := range items {
		if outs[i] == store.Unchanged {
			continue
		}
		if p, ok := k.c.Placement(it.Article.ID); ok {
			it.Article.DuplicateOf, it.Article.Event, it.Article.Storyline = p.DuplicateOf, p.EventID, p.StorylineID
		}
	}
	return d, nil
}
