package cli

import (
	"context"
	"flag"

	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func newRunner(ctx context.Context, st store.Store, workers, batch int, stages pipeline.Stages) (*pipeline.Runner, error) {
	r, _, err := pipeline.New(ctx, st, workers, batch, stages)
	return r, err
}

// stageFlags adds -analyze and -cluster to a command's flags.
func stageFlags(fs *flag.FlagSet) func() pipeline.Stages {
	a := fs.Bool("analyze", true, "find entities, quotes and claims (false: extraction only; reprocess adds them later)")
	c := fs.Bool("cluster", true, "place articles in events and storylines (needs -analyze; false: reprocess places them later)")
	return func() pipeline.Stages { return pipeline.Stages{Analyze: *a, Cluster: *a && *c} }
}
