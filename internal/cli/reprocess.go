package cli

import (
	"fmt"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("reprocess", "re-run extraction and analysis on the stored raw input of every article", runReprocess)
}

func runReprocess(e *env, args []string) error {
	fs := flags(e, "reprocess", "[flags]", `Re-runs extraction and analysis on the raw input kept for every stored
article, after an improvement to them, and rebuilds the corpus-wide entity
table from scratch. Ids, revisions and raw input stay.`)
	db := dbFlag(fs)
	st, err := parseAndOpen(fs, args, db)
	if err != nil {
		return err
	}
	defer st.Close()
	var ids []int64
	if err := st.Each(e.ctx, store.Query{}, func(a *news.Article) error { ids = append(ids, a.ID); return nil }); err != nil {
		return err
	}
	if err := st.ResetDerived(e.ctx); err != nil {
		return err
	}
	ents, err := pipeline.LoadEntities(e.ctx, st)
	if err != nil {
		return err
	}
	var done, failed int
	prog := newProgress(e.stderr, 0)
	for _, id := range ids {
		if err := e.ctx.Err(); err != nil {
			return err
		}
		old, err := st.Get(e.ctx, id)
		if err != nil {
			return err
		}
		doc, err := st.Raw(e.ctx, id)
		if err != nil {
			return err
		}
		a, err := extract.Article(doc)
		if err == nil {
			err = analyze.Article(a)
		}
		prog.docs.Add(1)
		if err != nil {
			failed++
			prog.failed.Add(1)
			fmt.Fprintf(e.stderr, "error: article %d (%s): %v\n", id, doc.Origin, err)
			continue
		}
		a.ID, a.SourceID, a.Revision, a.ContentHash = id, old.SourceID, old.Revision, pipeline.Hash(doc)
		d, err := ents.Hook([]store.Item{{Doc: doc, Article: a}}, []store.Outcome{store.Revised})
		if err != nil {
			return err
		}
		if err := st.Update(e.ctx, a, d); err != nil {
			return err
		}
		done++
	}
	prog.finish()
	fmt.Fprintf(e.stderr, "%d articles reprocessed, %d failed\n", done, failed)
	if failed > 0 {
		return exitError(1)
	}
	return nil
}
