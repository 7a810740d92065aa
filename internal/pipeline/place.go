package pipeline

import (
	"context"
	"fmt"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// Place commits articles prepared elsewhere (Prepare, on queue workers) as
// Run commits its own: in the order given, in one transaction through the
// hook, reloading after a conflict with another writer, and item by item
// when the batch fails; then it checkpoints (not final). outs[i] is
// item i's outcome when errs[i] is nil; err is a store failure (or ctx
// ending), after which nothing of the batch may be taken as stored (part
// of it may be: placed again, it is unchanged). An item that fails while
// the store does not answer (DerivedVersion fails) is such a store
// failure, not the item's: a database restarting must not cost a batch.
func (r *Runner) Place(ctx context.Context, docs []news.Document, articles []*news.Article) (outs []store.Outcome, errs []error, err error) {
	if len(docs) != len(articles) {
		return nil, nil, fmt.Errorf("place: %d documents but %d articles", len(docs), len(articles))
	}
	jobs := make([]job, len(docs))
	for i := range docs {
		jobs[i] = job{seq: i, doc: docs[i], art: articles[i]}
	}
	outs = make([]store.Outcome, len(docs))
	errs = make([]error, len(docs))
	err = r.commitJobs(ctx, jobs, r.probe, func(i int, o store.Outcome, e error) {
		outs[i], errs[i] = o, e
	})
	if err != nil {
		return nil, nil, err
	}
	return outs, errs, nil
}
