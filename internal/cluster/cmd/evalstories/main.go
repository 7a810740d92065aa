// Command evalstories re-clusters the articles of a `storyline export`
// (JSONL) in their store order, with the clusterer's settings overridden,
// and counts the storylines that link more than one event. On a set of
// unrelated pages (extraction-trafilatura) each such storyline is a link
// to judge by reading its headlines, which -v lists.
//
//	go run ./internal/cluster/cmd/evalstories [-set Name=value,...] [-v] [-trace FILE] export.jsonl...
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"slices"
	"sort"

	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/pipeline"
)

func main() {
	set := flag.String("set", "", "override Config fields: Name=value,Name=value")
	trace := flag.String("trace", "", "write the clusterer's decisions to this file")
	verbose := flag.Bool("v", false, "list the headlines of every storyline of several events (with -figures: the flagged quantities)")
	figs := flag.Bool("figures", false, "count the quantities several articles of a storyline give, and those given with different figures, as `storyline storyline` shows them")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: evalstories [-set Name=value,...] [-v] [-trace FILE] export.jsonl...")
		flag.PrintDefaults()
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	cfg := cluster.DefaultConfig()
	if err := cfg.SetList(*set); err != nil {
		fail(err)
	}
	var arts []*news.Article
	for _, f := range flag.Args() {
		as, err := readExport(f)
		if err != nil {
			fail(err)
		}
		arts = append(arts, as...)
	}
	sort.SliceStable(arts, func(i, j int) bool { return arts[i].ID < arts[j].ID })
	c := cluster.New(cfg)
	if *trace != "" {
		w, err := os.Create(*trace)
		if err != nil {
			fail(err)
		}
		defer w.Close()
		c.SetTrace(w)
	}
	for _, a := range arts {
		c.Add(pipeline.ClusterDoc(a))
	}
	events := map[int64]map[int64]bool{}
	heads := map[int64][]string{}
	for _, a := range arts {
		p, ok := c.Placement(a.ID)
		if !ok {
			continue
		}
		if events[p.StorylineID] == nil {
			events[p.StorylineID] = map[int64]bool{}
		}
		events[p.StorylineID][p.EventID] = true
		heads[p.StorylineID] = append(heads[p.StorylineID], fmt.Sprintf("%-10.10s  event %-5d %.80s", a.Published, p.EventID, a.Title))
	}
	if *figs {
		figures(c, arts, *verbose)
		return
	}
	var multi []int64
	linked := 0
	for s, evs := range events {
		if len(evs) > 1 {
			multi = append(multi, s)
			linked += len(evs)
		}
	}
	slices.Sort(multi)
	if *verbose {
		for _, s := range multi {
			fmt.Printf("storyline %d\n", s)
			for _, h := range heads[s] {
				fmt.Println("   ", h)
			}
		}
	}
	fmt.Printf("articles %d, storylines %d, of several events %d (holding %d events)\n", len(arts), len(events), len(multi), linked)
}

// figures counts, per storyline, the quantities (claim keys) that two or
// more articles give: all of them, and the comparable ones that
// `storyline storyline` lists; and of each, those given with different
// figures.
func figures(c *cluster.Clusterer, arts []*news.Article, verbose bool) {
	type group struct {
		claims []news.Claim
		arts   map[int64]bool
		values map[float64]bool
	}
	groups := map[string]*group{}
	var order []string
	for _, a := range arts {
		p, ok := c.Placement(a.ID)
		if !ok {
			continue
		}
		for _, cl := range a.Claims {
			k := fmt.Sprintf("%d %s", p.StorylineID, cl.Key)
			g := groups[k]
			if g == nil {
				g = &group{arts: map[int64]bool{}, values: map[float64]bool{}}
				groups[k] = g
				order = append(order, k)
			}
			g.claims = append(g.claims, cl)
			g.arts[a.ID] = true
			g.values[cl.Value] = true
		}
	}
	var all, allDiff, comp, compDiff int
	for _, k := range order {
		g := groups[k]
		if len(g.arts) < 2 {
			continue
		}
		all++
		diff := len(g.values) > 1
		if diff {
			allDiff++
		}
		if !g.claims[0].Comparable() {
			continue
		}
		comp++
		if diff {
			compDiff++
			if verbose {
				fmt.Printf("storyline %s\n", k)
				for _, cl := range g.claims {
					fmt.Printf("    %q\n", cl.Text)
				}
			}
		}
	}
	fmt.Printf("quantities given by 2+ articles of a storyline: %d (%d with different figures); comparable, as shown: %d (%d flagged)\n", all, allDiff, comp, compDiff)
}

func readExport(path string) ([]*news.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []*news.Article
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		var a news.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			return nil, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		if a.ID == 0 {
			return nil, fmt.Errorf("%s:%d: no article id (not a storyline export?)", path, line)
		}
		out = append(out, &a)
	}
	return out, sc.Err()
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "evalstories:", err)
	os.Exit(1)
}
