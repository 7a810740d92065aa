package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/storyline-news/storyline"
	"github.com/storyline-news/storyline/internal/ingest"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/postgres"
	"github.com/storyline-news/storyline/internal/store/sqlite"
)

func init() {
	register("demo", "ingest the sample built into the binary and show what Storyline makes of it", runDemo)
}

func runDemo(e *env, args []string) error {
	fs := flags(e, "demo", "[flags] [DIR]", `Ingests the sample articles built into the binary (or those in DIR) into
a fresh database and prints, for each article, its metadata with where each
field came from, its first lines and its reader comments; then who said
what, and the storyline the articles form. The database is a temporary one,
removed afterwards, unless --db names a new file to keep.`)
	db := fs.String("db", "", "new database `file` to keep (default: a temporary one)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageErrorf("unexpected argument %q", fs.Arg(1))
	}
	if postgres.IsURL(*db) {
		return usageErrorf("--db: the demo writes a new SQLite file, not a PostgreSQL database")
	}
	// The sample must never be mixed into a user's store.
	if *db != "" {
		if fi, err := os.Stat(*db); err == nil && fi.Size() > 0 {
			return fmt.Errorf("%s exists: the demo writes only to a new database (omit --db for a temporary one)", *db)
		}
	}
	tmp, err := os.MkdirTemp("", "storyline-demo")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	dir := fs.Arg(0)
	if dir == "" {
		dir, err = writeSample(tmp)
		if err != nil {
			return err
		}
	}
	path := *db
	if path == "" {
		path = filepath.Join(tmp, "demo.db")
	}
	st, err := sqlite.Open(path)
	if err != nil {
		return err
	}
	defer st.Close()
	r, err := newRunner(e.ctx, st, 0, 0, pipeline.All)
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
	var arts []*news.Article
	err = st.Each(e.ctx, store.Query{}, func(a *news.Article) error {
		arts = append(arts, a)
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
	if err != nil {
		return err
	}
	reg, err := loadRegistry(e, st)
	if err != nil {
		return err
	}
	for _, a := range arts {
		for i, q := range a.Quotes {
			// One name for one speaker across articles and spellings.
			if c := reg.Get(q.SpeakerID); c != nil {
				a.Quotes[i].Speaker = c.Name
			}
		}
	}
	whoSaidWhat(e, arts)
	sls, err := st.Storylines(e.ctx, store.ListQuery{})
	if err != nil {
		return err
	}
	for _, sl := range sls {
		fmt.Fprintln(w)
		if err := printStoryline(e, st, reg.Get, sl); err != nil {
			return err
		}
	}
	return nil
}

// writeSample copies the embedded sample into a directory under tmp, for
// ingest to read as files (their names become the source ids, as when the
// sample is ingested from testdata/seeds).
func writeSample(tmp string) (string, error) {
	dir := filepath.Join(tmp, "seeds")
	if err := os.CopyFS(dir, storyline.Sample); err != nil {
		return "", fmt.Errorf("sample: %w", err)
	}
	return dir, nil
}

// whoSaidWhat prints the direct quotations of the articles in the order
// they were said.
func whoSaidWhat(e *env, arts []*news.Article) {
	var qs []saidQuote
	for _, a := range arts {
		for _, q := range a.Quotes {
			if q.Direct {
				qs = append(qs, saidQuote{q, a})
			}
		}
	}
	sort.SliceStable(qs, func(i, j int) bool { return qs[i].q.SaidOn < qs[j].q.SaidOn })
	fmt.Fprintf(e.stdout, "\nWho said what (%d direct quotations, in the order they were said)\n", len(qs))
	for _, s := range qs {
		who := s.q.Speaker
		if who == "" {
			who = "[" + s.q.SpeakerMention + "]"
		} else if s.q.SpeakerMention != "" && s.q.SpeakerMention != who {
			who += " [" + clip(s.q.SpeakerMention, 40) + "]"
		}
		fmt.Fprintf(e.stdout, "  %-10s %s: “%s”\n", orDash(s.q.SaidOn), who, clip(oneLine(s.q.Text), 90))
	}
}

// figures prints the numeric claims that several articles make about one
// quantity, flagging differing figures.
func figures(e *env, arts []*news.Article) {
	type fig struct {
		c news.Claim
		a *news.Article
	}
	byKey := map[string][]fig{}
	var keys []string
	for _, a := range arts {
		for _, c := range a.Claims {
			if byKey[c.Key] == nil {
				keys = append(keys, c.Key)
			}
			byKey[c.Key] = append(byKey[c.Key], fig{c, a})
		}
	}
	header := false
	for _, k := range keys {
		fs := byKey[k]
		arts := map[int64]bool{}
		values := map[float64]bool{}
		for _, f := range fs {
			arts[f.a.ID] = true
			values[f.c.Value] = true
		}
		if len(arts) < 2 || !fs[0].c.Comparable() {
			continue
		}
		if !header {
			fmt.Fprintln(e.stdout, "\nFigures reported by more than one article")
			header = true
		}
		flag := "same figure"
		if len(values) > 1 {
			flag = "DIFFERENT FIGURES"
		}
		fmt.Fprintf(e.stdout, "  %s — %s\n", k, flag)
		for _, f := range fs {
			fmt.Fprintf(e.stdout, "    %-10s %-16s %q\n", orDash(dateOnly(f.a.Published)), clip(orDash(f.a.Outlet), 16), f.c.Text)
		}
	}
}
