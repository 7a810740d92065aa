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
func newRunner(ctx context.Context, st store.Store, workers, batch int) (*pipeline.Runner, error) {
	ents, err := pipeline.LoadEntities(ctx, st)
	if err != nil {
		return nil, err
	}
	return &pipeline.Runner{Store: st, Extract: extract.Article, Analyze: analyze.Article,
		Workers: workers, Batch: batch, Hook: ents.Hook, Reset: ents.Reload}, nil
}
