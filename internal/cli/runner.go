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
	r.Analyze, r.Hook, r.Reset = analyze.Article, ents.Hook, ents.Reload
	return r, nil
}
