package cli

import (
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("entities", "list the corpus-wide entities: people, organisations, places", runEntities)
	register("entity", "show one entity: aliases, roles, and what it said when", runEntity)
	register("quotes", "list quotations, by speaker or by what they are about", runQuotes)
}

func loadRegistry(e *env, st store.Store) (*resolve.Registry, error) {
	ents, err := pipeline.LoadEntities(e.ctx, st)
	if err != nil {
		return nil, err
	}
	return ents.Registry(), nil
}

func runEntities(e *env, args []string) error {
	fs := flags(e, "entities", "[flags]", "Lists the entities of the whole store, most covered first, with their\nother names.")
	db := dbFlag(fs)
	typ := fs.String("type", "", "only this type: PER, ORG, LOC or MISC")
	limit := fs.Int("n", 50, "at most this many (0: all)")
	st, err := parseAndOpen(e.ctx, fs, args, db)
	if err != nil {
		return err
	}
	defer st.Close()
	reg, err := loadRegistry(e, st)
	if err != nil {
		return err
	}
	ents := reg.All()
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Articles > ents[j].Articles })
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tTYPE\tARTICLES\tFIRST\tLAST\tALSO")
	n := 0
	for _, c := range ents {
		if *typ != "" && !strings.EqualFold(c.Type, *typ) {
			continue
		}
		if *limit > 0 && n >= *limit {
			break
		}
		n++
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\n", c.ID, clip(c.Name, 40), c.Type, c.Articles,
			orDash(c.FirstSeen), orDash(c.LastSeen), clip(strings.Join(otherNames(c, 4), ", "), 60))
	}
	return tw.Flush()
}

func otherNames(c resolve.Canonical, n int) []string {
	var out []string
	for _, a := range c.Aliases {
		if a.Text != c.Name && len(out) < n {
			out = append(out, a.Text)
		}
	}
	return out
}

// find resolves a name given on the command line to entity ids.
func find(reg *resolve.Registry, name string) []int64 {
	ids := reg.Lookup(name)
	if len(ids) == 0 {
		norm := resolve.Normalize(name)
		for _, c := range reg.All() {
			if strings.Contains(resolve.Normalize(c.Name), norm) {
				ids = append(ids, c.ID)
			}
		}
	}
	return ids
}

type saidQuote struct {
	q news.Quote
	a *news.Article
}

func quotesWhere(e *env, st store.Store, keep func(a *news.Article, q news.Quote) bool) ([]saidQuote, error) {
	var out []saidQuote
	err := st.Each(e.ctx, store.Query{}, func(a *news.Article) error {
		for _, q := range a.Quotes {
			if keep(a, q) {
				out = append(out, saidQuote{q, a})
			}
		}
		return nil
	})
	sort.SliceStable(out, func(i, j int) bool { return out[i].q.SaidOn < out[j].q.SaidOn })
	return out, err
}

func printQuotes(e *env, qs []saidQuote) {
	for _, s := range qs {
		who := s.q.Speaker
		if who == "" {
			who = s.q.SpeakerMention + " (unresolved)"
		}
		kind := "reported"
		if s.q.Direct {
			kind = "quoted"
		}
		fmt.Fprintf(e.stdout, "%s  %s %s (%s, %s, article %d):\n    %s\n", orDash(s.q.SaidOn), who, s.q.Cue, kind,
			orDash(s.a.Outlet), s.a.ID, clip(oneLine(s.q.Text), 300))
	}
}

func runEntity(e *env, args []string) error {
	fs := flags(e, "entity", "[flags] NAME", "Shows an entity of the store: its names, roles, coverage, and what it said\nwhen. NAME may be any of its names or a part of one.")
	db := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageErrorf("missing entity name")
	}
	name := strings.Join(fs.Args(), " ")
	st, err := openReadOnly(e.ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	reg, err := loadRegistry(e, st)
	if err != nil {
		return err
	}
	ids := find(reg, name)
	if len(ids) == 0 {
		return fmt.Errorf("no entity named %q", name)
	}
	c := reg.Get(ids[0])
	w := e.stdout
	fmt.Fprintf(w, "%s (%s), entity %d\n", c.Name, c.Type, c.ID)
	fmt.Fprintf(w, "  in %d articles, %s to %s\n", c.Articles, orDash(c.FirstSeen), orDash(c.LastSeen))
	var al []string
	for _, a := range c.Aliases {
		al = append(al, fmt.Sprintf("%s (%d)", a.Text, a.Count))
	}
	fmt.Fprintf(w, "  written as: %s\n", strings.Join(al, ", "))
	if len(c.Roles) > 0 {
		var rs []string
		for _, r := range c.Roles {
			rs = append(rs, r.Text)
		}
		fmt.Fprintf(w, "  roles: %s\n", strings.Join(rs, "; "))
	}
	if len(ids) > 1 {
		var others []string
		for _, id := range ids[1:min(len(ids), 6)] {
			others = append(others, fmt.Sprintf("%s (%d)", reg.Get(id).Name, id))
		}
		fmt.Fprintf(w, "  other matches: %s\n", strings.Join(others, ", "))
	}
	qs, err := quotesWhere(e, st, func(_ *news.Article, q news.Quote) bool { return q.SpeakerID == c.ID })
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nWhat %s said (%d):\n", c.Name, len(qs))
	printQuotes(e, qs)
	return nil
}

func runQuotes(e *env, args []string) error {
	fs := flags(e, "quotes", "[flags]", "Lists the quotations of the store in the order they were said.")
	db := dbFlag(fs)
	speaker := fs.String("speaker", "", "only quotes by this entity (any of its names)")
	about := fs.String("about", "", "only quotes from articles about this entity, or that name it")
	st, err := parseAndOpen(e.ctx, fs, args, db)
	if err != nil {
		return err
	}
	defer st.Close()
	reg, err := loadRegistry(e, st)
	if err != nil {
		return err
	}
	set := func(name string) (map[int64]bool, error) {
		if name == "" {
			return nil, nil
		}
		ids := find(reg, name)
		if len(ids) == 0 {
			return nil, fmt.Errorf("no entity named %q", name)
		}
		m := map[int64]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m, nil
	}
	who, err := set(*speaker)
	if err != nil {
		return err
	}
	what, err := set(*about)
	if err != nil {
		return err
	}
	qs, err := quotesWhere(e, st, func(a *news.Article, q news.Quote) bool {
		if who != nil && !who[q.SpeakerID] {
			return false
		}
		if what != nil {
			hit := false
			for _, en := range a.Entities {
				if what[en.ID] && (en.Mentions > 1 || strings.Contains(q.Text, en.Name)) {
					hit = true
				}
			}
			return hit
		}
		return true
	})
	if err != nil {
		return err
	}
	printQuotes(e, qs)
	return nil
}
