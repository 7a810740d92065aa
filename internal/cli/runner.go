package cli

import (
	"context"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func newRunner(ctx context.Context, st store.Store, workers, batch int, analyzeToo bool) (*pipeline.Runner, error) {
	r, _, err := pipeline.New(ctx, st, workers, batch, analyzeToo)
	return r, err
}
