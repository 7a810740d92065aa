package cli

import (
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// printStoryline writes a storyline as a terminal timeline.
func printStoryline(e *env, st store.Store, c *cluster.Clusterer, entity func(int64) *resolve.Canonical, s cluster.Storyline) error {
	w := e.stdout
	fmt.Fprintf(w, "Storyline %d: %s\n", s.ID, oneLine(s.Title))
	fmt.Fprintf(w, "%s · %d events · %d articles · %d outlets\n", span(s.First, s.Last), len(s.Events), s.Articles, len(s.Outlets))
	if len(s.KeyEntities) > 0 {
		fmt.Fprintf(w, "Key actors: %s\n", strings.Join(s.KeyEntities[:min(8, len(s.KeyEntities))], ", "))
	}
	var all []*news.Article
	for _, evID := range s.Events {
		ev, ok := c.Event(evID)
		if !ok {
			continue
		}
		fmt.Fprintf(w, "\n● %-23s event %d: %s\n", span(ev.First, ev.Last), ev.ID, oneLine(ev.Title))
		for _, id := range ev.Articles {
			a, err := st.Get(e.ctx, id)
			if err != nil {
				return err
			}
			all = append(all, a)
			copyOf := ""
			if p, ok := c.Placement(id); ok && p.DuplicateOf != 0 {
				copyOf = fmt.Sprintf("  (copy of #%d)", p.DuplicateOf)
			}
			fmt.Fprintf(w, "│   #%-5d %-10s %-18s %s%s\n", a.ID, orDash(dateOnly(a.Published)), clip(orDash(a.Outlet), 18),
				clip(oneLine(a.Title), 60), copyOf)
			for _, q := range a.Quotes {
				if !q.Direct {
					continue
				}
				who := q.Speaker
				if cn := entity(q.SpeakerID); cn != nil {
					who = cn.Name
				}
				if who == "" {
					who = "[" + q.SpeakerMention + "]"
				}
				fmt.Fprintf(w, "│       %s: “%s”\n", who, clip(oneLine(q.Text), 80))
			}
		}
	}
	figures(e, all)
	return nil
}
