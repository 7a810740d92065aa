package cli

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/export"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("list", "list stored articles", runList)
	register("show", "show one article with its metadata and comments", runShow)
}

func runList(e *env, args []string) error {
	fs := flags(e, "list", "[flags]", "Lists stored articles: id, date, outlet, title.")
	db := dbFlag(fs)
	outlet := fs.String("outlet", "", "only articles of this outlet")
	limit := fs.Int("n", 0, "at most this many articles (0: all)")
	st, err := parseAndOpen(e.ctx, fs, args, db)
	if err != nil {
		return err
	}
	defer st.Close()
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPUBLISHED\tOUTLET\tTITLE")
	err = st.Each(e.ctx, store.Query{Outlet: *outlet, Limit: *limit}, func(a *news.Article) error {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\n", a.ID, orDash(dateOnly(a.Published)), orDash(clip(a.Outlet, 24)), clip(oneLine(a.Title), 80))
		return nil
	})
	if err != nil {
		return err
	}
	return tw.Flush()
}

func runShow(e *env, args []string) error {
	fs := flags(e, "show", "[flags] ID", "Shows one article: metadata with where each field came from, text, comments.")
	db := dbFlag(fs)
	asJSON := fs.Bool("json", false, "print the article as one JSON object (the export schema)")
	if err := parse(fs, args); err != nil {
		return err
	}
	switch {
	case fs.NArg() == 0:
		return usageErrorf("missing article id")
	case fs.NArg() > 1:
		return usageErrorf("unexpected argument %q", fs.Arg(1))
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return usageErrorf("bad article id %q", fs.Arg(0))
	}
	st, err := openReadOnly(e.ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	a, err := st.Get(e.ctx, id)
	if err != nil {
		return err
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(export.FromArticle(a))
	}
	w := e.stdout
	// Escaped here already, so that the rule is as long as what shows.
	title := termEscape(a.Title)
	fmt.Fprintf(w, "%s\n%s\n\n", title, strings.Repeat("=", min(len([]rune(title)), 80)))
	field := func(name, v, from string) {
		if v == "" {
			v = "-"
		}
		if from != "" {
			v += "  (from " + from + ")"
		}
		fmt.Fprintf(w, "%-15s %s\n", name+":", v)
	}
	field("id", fmt.Sprintf("%d (revision %d)", a.ID, a.Revision), "")
	field("source id", a.SourceID, "")
	field("url", a.URL, "")
	field("outlet", a.Outlet, a.OutletFrom)
	field("republished by", a.RepublishedBy, "")
	field("authors", strings.Join(a.Authors, "; "), a.AuthorsFrom)
	field("published", a.Published, a.PublishedFrom)
	field("language", a.Language, "")
	field("title from", a.TitleFrom, "")
	fmt.Fprintf(w, "\n%s\n", a.Text)
	if len(a.Comments) > 0 {
		fmt.Fprintf(w, "\n--- %d reader comments (not part of the article) ---\n", len(a.Comments))
		for _, c := range a.Comments {
			fmt.Fprintf(w, "\n[%s, %s]\n%s\n", orDash(c.Author), orDash(c.Time), c.Text)
		}
	}
	return nil
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func dateOnly(s string) string {
	if len(s) > 10 {
		return s[:10]
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func clip(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}
