package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync/atomic"

	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

func init() {
	register("reprocess", "re-run extraction, analysis and placement on the stored raw input of every article", runReprocess)
}

func runReprocess(e *env, args []string) error {
	fs := flags(e, "reprocess", "[flags]", `Re-runs every stage (extraction, analysis, the entity table, duplicates,
events and storylines) on the raw input kept for every stored article,
after an improvement to them, through the same workers and batches as
ingest. Ids, revisions and raw input stay; articles keep their order.

The new state is built in a file beside the database (DB.reprocess) and
moved over it only when complete: an interrupted run leaves the database as
it was, and running the command again resumes where it stopped. An article
whose raw input no longer extracts keeps its previous text, is analysed and
placed again, and is reported.`)
	db := dbFlag(fs)
	workers := fs.Int("workers", 0, "extraction goroutines (0: one per CPU)")
	batch := fs.Int("batch", 256, "articles per transaction")
	quiet := fs.Bool("q", false, "no progress display")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	if err := mustExist(*db); err != nil {
		return err
	}
	old, err := sqlite.Open(*db)
	if err != nil {
		return err
	}
	defer old.Close()
	tmp := *db + ".reprocess"
	resumed := fileExists(tmp)
	next, err := sqlite.Open(tmp)
	if err != nil {
		return err
	}
	defer next.Close()
	after, err := next.MaxID(e.ctx)
	if err != nil {
		return err
	}
	if resumed {
		fmt.Fprintf(e.stderr, "resuming the reprocess in %s after article %d\n", tmp, after)
	}
	r, _, err := pipeline.New(e.ctx, next, *workers, *batch, pipeline.All)
	if err != nil {
		return err
	}
	total, err := old.Count(e.ctx)
	if err != nil {
		return err
	}
	var kept atomic.Int64
	r.Extract = func(d news.Document) (*news.Article, error) {
		prev, err := old.Get(e.ctx, d.StoredID)
		if err != nil {
			return nil, err
		}
		a, xerr := extract.Article(d)
		if xerr != nil {
			// Nothing stored is lost: the previous extraction stands.
			fmt.Fprintf(e.stderr, "warning: article %d (%s) no longer extracts (%v): its previous text is kept\n", d.StoredID, d.Origin, xerr)
			kept.Add(1)
			a = prev
			a.Entities, a.Quotes, a.Claims = nil, nil, nil
		}
		a.ID, a.Revision, a.IngestedAt = prev.ID, prev.Revision, prev.IngestedAt
		a.DuplicateOf, a.Event, a.Storyline = 0, 0, 0
		return a, nil
	}
	var prog *progress
	if !*quiet {
		prog = newProgress(e.stderr, 0)
	}
	r.OnResult = func(d news.Document, o store.Outcome, err error) {
		if prog != nil {
			prog.docs.Add(1)
		}
		if err != nil {
			if prog != nil {
				prog.failed.Add(1)
			}
			prog.clearLine()
			fmt.Fprintf(e.stderr, "error: article %d (%s): %v\n", d.StoredID, d.Origin, err)
		}
	}
	sum, err := r.Run(e.ctx, storedSource(old, after))
	if prog != nil {
		prog.finish()
	}
	if err != nil {
		return fmt.Errorf("%w (run reprocess again to resume; %s is unchanged)", err, *db)
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d articles failed; %s is unchanged and %s holds the work so far", sum.Failed, total, *db, tmp)
	}
	copied, err := next.CopyOlderRevisions(e.ctx, *db)
	if err != nil {
		return err
	}
	n, err := next.Count(e.ctx)
	if err != nil {
		return err
	}
	if err := next.Close(); err != nil {
		return err
	}
	if err := old.Close(); err != nil {
		return err
	}
	if err := sqlite.Replace(tmp, *db); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "%d articles reprocessed (%d kept their previous text), %d earlier revisions kept\n", n, kept.Load(), copied)
	if n != total {
		fmt.Fprintf(e.stderr, "note: %d articles were stored before, %d now: articles whose addresses now normalise to one are one article with revisions\n", total, n)
	}
	return nil
}

// storedSource reads back the current raw input of every article after
// id, in id order.
func storedSource(st store.Store, after int64) pipeline.Source {
	return func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		var ids []int64
		err := st.Each(ctx, store.Query{AfterID: after}, func(a *news.Article) error {
			ids = append(ids, a.ID)
			return nil
		})
		if err != nil {
			return err
		}
		for _, id := range ids {
			d, err := st.Raw(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				fail(fmt.Errorf("article %d: %w", id, err))
				continue
			}
			if err != nil {
				return err
			}
			if err := emit(d); err != nil {
				return err
			}
		}
		return nil
	}
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
