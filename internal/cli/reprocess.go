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
	"github.com/storyline-news/storyline/internal/store/postgres"
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
placed again, and is reported.

With --to, the new state is written into another database instead (an
empty PostgreSQL database, or a new SQLite file), and --db is left as it
is: this is how a PostgreSQL database is reprocessed (it cannot be swapped
like a file), and how a SQLite store moves into PostgreSQL. Running the
command again with the same --to resumes. Earlier revisions of an article
are carried over between SQLite files only: elsewhere the new database holds
each article's current revision, and the command says how many earlier ones
stay behind in --db.`)
	db := dbFlag(fs)
	to := fs.String("to", "", "write into this `database` (an empty PostgreSQL database or a new SQLite file) and leave --db as it is; needed when --db is a PostgreSQL URL")
	workers := fs.Int("workers", 0, "extraction goroutines (0: one per CPU)")
	batch := fs.Int("batch", 256, "articles per transaction")
	quiet := fs.Bool("q", false, "no progress display")
	if err := parse(fs, args); err != nil {
		return err
	}
	if err := noArgs(fs); err != nil {
		return err
	}
	switch {
	case *to == "" && postgres.IsURL(*db):
		return usageErrorf("a PostgreSQL database is reprocessed into another: add --to postgres://.../NEW (an empty database) or --to FILE (a new SQLite file); %s is left as it is", dbName(*db))
	case *to != "" && *to == *db:
		return usageErrorf("--to names the database --db reads: name another one")
	}
	if err := mustExist(*db); err != nil {
		return err
	}
	old, err := openStore(e.ctx, *db)
	if err != nil {
		return err
	}
	defer old.Close()
	target, resumed := *to, false
	if target == "" {
		target = *db + ".reprocess"
		resumed = fileExists(target)
	}
	next, err := openStore(e.ctx, target)
	if err != nil {
		return err
	}
	defer next.Close()
	after, err := next.MaxID(e.ctx)
	if err != nil {
		return err
	}
	if *to != "" && after > 0 {
		if err := sameArticle(e.ctx, old, next, after); err != nil {
			return fmt.Errorf("%s already holds articles that are not a reprocess of %s (%v): --to needs an empty database", dbName(target), dbName(*db), err)
		}
		resumed = true
	}
	if resumed {
		fmt.Fprintf(e.stderr, "resuming the reprocess in %s after article %d\n", dbName(target), after)
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
		return fmt.Errorf("%w (run reprocess again to resume; %s is unchanged)", err, dbName(*db))
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d of %d articles failed; %s is unchanged and %s holds the work so far", sum.Failed, total, dbName(*db), dbName(target))
	}
	// Earlier revisions are copied between SQLite files, in SQL; elsewhere
	// they are counted, for the user to know they stay behind.
	var copied, left int64
	if ns, ok := next.(*sqlite.Store); ok && !postgres.IsURL(*db) {
		copied, err = ns.CopyOlderRevisions(e.ctx, *db)
	} else {
		left, err = olderRevisions(e.ctx, old)
	}
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
	if *to == "" {
		if err := sqlite.Replace(target, *db); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "%d articles reprocessed (%d kept their previous text), %d earlier revisions kept\n", n, kept.Load(), copied)
	} else {
		fmt.Fprintf(e.stderr, "%d articles reprocessed into %s (%d kept their previous text), %d earlier revisions copied; %s is unchanged\n",
			n, dbName(target), kept.Load(), copied, dbName(*db))
		if left > 0 {
			fmt.Fprintf(e.stderr, "note: %d earlier revisions were not carried over: they stay in %s\n", left, dbName(*db))
		}
	}
	if n != total {
		fmt.Fprintf(e.stderr, "note: %d articles were stored before, %d now: articles whose addresses now normalise to one are one article with revisions\n", total, n)
	}
	return nil
}

// sameArticle checks that article id in next is the reprocess of the one
// in old (same raw content, same address): what resuming into a database
// that is not empty asks.
func sameArticle(ctx context.Context, old, next store.Store, id int64) error {
	a, err := next.Get(ctx, id)
	if err != nil {
		return err
	}
	b, err := old.Get(ctx, id)
	if err != nil {
		return err
	}
	if a.ContentHash != b.ContentHash || a.URL != b.URL {
		return fmt.Errorf("article %d differs", id)
	}
	return nil
}

// olderRevisions counts the stored revisions of st's articles other than
// their current ones.
func olderRevisions(ctx context.Context, st store.Store) (int64, error) {
	var revised []int64
	err := st.Each(ctx, store.Query{}, func(a *news.Article) error {
		if a.Revision > 1 {
			revised = append(revised, a.ID)
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	var n int64
	for _, id := range revised {
		rows, err := st.Revisions(ctx, id)
		if err != nil {
			return 0, err
		}
		if len(rows) > 1 {
			n += int64(len(rows) - 1)
		}
	}
	return n, nil
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
