package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("demo", "ingest the bundled sample (testdata/seeds) and show what Storyline makes of it", runDemo)
}

func runDemo(e *env, args []string) error {
	fs := flags(e, "demo", "[flags] [DIR]", `Ingests the bundled sample articles (DIR, default testdata/seeds) into a
fresh database and prints, for each article, its metadata with where each
field came from, its first lines and its reader comments.`)
	db := fs.String("db", "", "database file to keep (default: a temporary one)")
	if err := parse(fs, args); err != nil {
		return err
	}
	dir := "testdata/seeds"
	if fs.NArg() > 0 {
		dir = fs.Arg(0)
	}
	path := *db
	if path == "" {
		tmp, err := os.MkdirTemp("", "storyline-demo")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		path = filepath.Join(tmp, "demo.db")
	}
	st, err := openStore(path)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := newRunner(e.ctx, st, 0, 0)
	if err != nil {
		return err
	}
	sum, err := r.Run(e.ctx, func(ctx context.Context, emit func(news.Document) error, fail func(error)) error {
		return ingest.Scan(ctx, []string{dir}, ingest.Options{}, emit, func(ie *ingest.Error) { fail(ie) })
	})
	printSummary(e, sum)
	if err != nil {
		return err
	}
	w := e.stdout
	return st.Each(e.ctx, store.Query{}, func(a *news.Article) error {
		fmt.Fprintf(w, "\n#%d  %s\n", a.ID, a.Title)
		meta := func(k, v, from string) {
			if v == "" {
				v = "(none stated)"
			} else if from != "" {
				v += "   [" + from + "]"
			}
			fmt.Fprintf(w, "    %-15s %s\n", k, v)
		}
		meta("source", a.SourceID, "")
		meta("outlet", a.Outlet, a.OutletFrom)
		if a.RepublishedBy != "" {
			meta("republished by", a.RepublishedBy, "")
		}
		meta("authors", strings.Join(a.Authors, "; "), a.AuthorsFrom)
		meta("published", a.Published, a.PublishedFrom)
		meta("language", a.Language, "")
		meta("text", fmt.Sprintf("%d words, %d paragraphs", len(strings.Fields(a.Text)), strings.Count(a.Text, "\n\n")+1), "")
		fmt.Fprintf(w, "    %-15s %s\n", "begins", clip(oneLine(a.Text), 110))
		if len(a.Comments) > 0 {
			meta("comments", fmt.Sprintf("%d reader comments kept apart, first by %s", len(a.Comments), orDash(a.Comments[0].Author)), "")
		}
		return nil
	})
}
