package cli

import (
	"context"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

// newRunner wires the stages every ingest path runs: extraction and analysis
// in the workers, the entity table at commit.
// With analyzeToo false only extraction runs: the spine alone, to measure it
// or to load a corpus fast and analyse it later with reprocess.
func newRunner(ctx context.Context, st store.Store, workers, batch int, analyzeToo bool) (*pipeline.Runner, error) {
	r := &pipeline.Runner{Store: st, Extract: extract.Article, Workers: workers, Batch: batch}
	if !analyzeToo {
		return r, nil
	}
	ents, err := pipeline.LoadEntities(ctx, st)
	if err != nil {
		return nil, err
	}
	clus, err := pipeline.LoadClusters(ctx, st)
	if err != nil {
		return nil, err
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
	return r, nil
}
