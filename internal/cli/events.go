package cli

import (
	"bufio"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/store"
)

func init() {
	register("events", "list events: the articles about one real-world happening", runEvents)
	register("storylines", "list storylines: events that continue one story", runStorylines)
	register("storyline", "show one storyline as a timeline: events, who said what, figures", runStoryline)
}

func span(first, last string) string {
	switch {
	case first == "":
		return "undated"
	case first == last:
		return first
	}
	return first + " – " + last
}

func runEvents(e *env, args []string) error {
	fs := flags(e, "events", "[flags]", "Lists the events of the store, latest first (or largest first).")
	db := dbFlag(fs)
	limit := fs.Int("n", 50, "at most this many (0: all)")
	order := fs.String("order", "latest", "latest (by last date) or largest (by articles)")
	st, err := parseAndOpen(e.ctx, fs, args, db)
	if err != nil {
		return err
	}
	defer st.Close()
	// Fixed columns rather than a tabwriter: a listing of every event of a
	// large store streams, its first line at once and its memory flat.
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	const row = "%-7v  %-23s  %-18s  %-7v  %-9v  %s\n"
	fmt.Fprintf(w, row, "EVENT", "DATES", "ARTICLES", "OUTLETS", "STORYLINE", "TITLE")
	n := 0
	err = st.EachEvent(e.ctx, store.ListQuery{Order: *order, Limit: *limit}, func(ev store.EventRow) error {
		fmt.Fprintf(w, row, ev.ID, span(ev.First, ev.Last), fmt.Sprintf("%d (%s)", ev.Articles,
			plural(ev.Articles-ev.Originals, "copy", "copies")), len(ev.Outlets), ev.Storyline, clip(oneLine(ev.Title), 70))
		if n++; n == 1 {
			return w.Flush()
		}
		return nil
	})
	if err == nil && n == 0 {
		unplacedHint(e, st)
	}
	return err
}

// unplacedHint explains an empty listing of a store that holds articles:
// they were never placed (a store from before events were stored, or an
// ingest with -cluster=false).
func unplacedHint(e *env, st store.Store) {
	if c, err := st.Count(e.ctx); err == nil && c > 0 {
		fmt.Fprintf(e.stderr, "no events stored for the %d articles: they were not placed (a store from an older version, or ingest -cluster=false); storyline reprocess places them\n", c)
	}
}

func runStorylines(e *env, args []string) error {
	fs := flags(e, "storylines", "[flags]", "Lists the storylines of the store, largest first (or latest first).")
	db := dbFlag(fs)
	limit := fs.Int("n", 50, "at most this many (0: all)")
	order := fs.String("order", "largest", "largest (by articles) or latest (by last date)")
	st, err := parseAndOpen(e.ctx, fs, args, db)
	if err != nil {
		return err
	}
	defer st.Close()
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	const row = "%-9v  %-23s  %-6v  %-8v  %-40s  %s\n"
	fmt.Fprintf(w, row, "STORYLINE", "DATES", "EVENTS", "ARTICLES", "KEY NAMES", "TITLE")
	n := 0
	err = st.EachStoryline(e.ctx, store.ListQuery{Order: *order, Limit: *limit}, func(s store.StorylineRow) error {
		fmt.Fprintf(w, row, s.ID, span(s.First, s.Last), len(s.Events), s.Articles,
			clip(strings.Join(s.KeyEntities[:min(4, len(s.KeyEntities))], ", "), 40), clip(oneLine(s.Title), 60))
		if n++; n == 1 {
			return w.Flush()
		}
		return nil
	})
	if err == nil && n == 0 {
		unplacedHint(e, st)
	}
	return err
}

func runStoryline(e *env, args []string) error {
	fs := flags(e, "storyline", "[flags] ID", "Shows a storyline as a timeline: its events in time order, with their\noutlets and articles, what each actor said when, and the figures outlets\nreport for the same quantity (differing figures flagged).")
	db := dbFlag(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageErrorf("want one storyline id, got %d arguments", fs.NArg())
	}
	id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
	if err != nil {
		return usageErrorf("bad storyline id %q", fs.Arg(0))
	}
	st, err := openReadOnly(e.ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	s, err := st.Storyline(e.ctx, id)
	if err != nil {
		return err
	}
	return printStoryline(e, st, entityLookup(e, st), s)
}

// entityLookup reads the entities a listing names one by one, as it needs
// them, rather than the whole table.
func entityLookup(e *env, st store.Store) func(int64) *resolve.Canonical {
	cache := map[int64]*resolve.Canonical{}
	return func(id int64) *resolve.Canonical {
		if id == 0 {
			return nil
		}
		if c, ok := cache[id]; ok {
			return c
		}
		var c *resolve.Canonical
		if row, err := st.Entity(e.ctx, id); err == nil {
			c = new(resolve.Canonical)
			if json.Unmarshal(row.Data, c) != nil {
				c = nil
			}
		}
		cache[id] = c
		return c
	}
}

// plural writes a count with its noun: "1 copy", "3 copies".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
