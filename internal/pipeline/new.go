package pipeline

import (
	"context"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/store"
)

// Stages says which stages after extraction run.
type Stages struct {
	Analyze bool // entities, quotes, claims, and the entity table
	Cluster bool // duplicates, events, storylines (needs Analyze)
}

// All is every stage: what ingest runs by default.
var All = Stages{Analyze: true, Cluster: true}

// New wires the stages every ingest path runs: extraction and analysis in
// the workers, then the entity table and cluster placement in each batch's
// transaction. Fewer stages serve to measure each, or to load a corpus fast
// and reprocess later.
func New(ctx context.Context, st store.Store, workers, batch int, stages Stages) (*Runner, *Clusters, error) {
	r := &Runner{Store: st, Extract: extract.Article, Workers: workers, Batch: batch}
	if !stages.Analyze {
		return r, nil, nil
	}
	ents, err := LoadEntitiesWindow(ctx, st, DefaultEntityWindow)
	if err != nil {
		return nil, nil, err
	}
	r.Analyze, r.Hook, r.Reset, r.Prefetch = analyze.Article, ents.Hook, ents.Reload, ents.Prefetch
	if !stages.Cluster {
		return r, nil, nil
	}
	clus, err := LoadClusters(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	// Entities first: the clusterer uses the linked entities and speakers.
	r.Hook = func(base int64, items []store.Item, outs []store.Outcome) (store.Derived, error) {
		d, err := ents.Hook(base, items, outs)
		if err != nil {
			return d, err
		}
		dc, err := clus.Hook(base, items, outs)
		d.Placements, d.Events, d.Storylines, d.ClusterLog = dc.Placements, dc.Events, dc.Storylines, dc.ClusterLog
		return d, err
	}
	r.Reset = func(ctx context.Context) error {
		faulted := ents.FaultedIn() // the clusterer's hook did not run
		if err := ents.Reload(ctx); err != nil || faulted {
			return err
		}
		return clus.Reload(ctx)
	}
	r.Checkpoint = clus.Checkpoint
	return r, clus, nil
}
