package pipeline

import (
	"context"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/store"
)

// New wires the stages every ingest path runs: extraction and, with
// analyzeToo, analysis in the workers, then the entity table and cluster
// placement in each batch's transaction. Without analyzeToo only the spine
// runs (to measure it, or to load a corpus fast and reprocess later).
func New(ctx context.Context, st store.Store, workers, batch int, analyzeToo bool) (*Runner, *Clusters, error) {
	r := &Runner{Store: st, Extract: extract.Article, Workers: workers, Batch: batch}
	if !analyzeToo {
		return r, nil, nil
	}
	ents, err := LoadEntities(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	clus, err := LoadClusters(ctx, st)
	if err != nil {
		return nil, nil, err
	}
	r.Analyze = analyze.Article
	// Entities first: the clusterer uses the linked entities and speakers.
	r.Hook = func(items []store.Item, outs []store.Outcome) (store.Derived, error) {
		d, err := ents.Hook(items, outs)
		if err != nil {
			return d, err
		}
		dc, err := clus.Hook(items, outs)
		d.Placements = dc.Placements
		return d, err
	}
	r.Reset = func(ctx context.Context) error {
		if err := ents.Reload(ctx); err != nil {
			return err
		}
		return clus.Reload(ctx)
	}
	return r, clus, nil
}
