package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/cluster"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// printStoryline writes a storyline as a terminal timeline.
func printStoryline(e *env, st store.Store, c *cluster.Clusterer, entity func(int64) *resolve.Canonical, s cluster.Storyline) error {
	w := e.stdout
	type eventArts struct {
		ev   cluster.Event
		arts []*news.Article
	}
	var evs []eventArts
	var all []*news.Article
	for _, evID := range s.Events {
		ev, ok := c.Event(evID)
		if !ok {
			continue
		}
		x := eventArts{ev: ev}
		for _, id := range ev.Articles {
			a, err := st.Get(e.ctx, id)
			if err != nil {
				return err
			}
			x.arts = append(x.arts, a)
			all = append(all, a)
		}
		evs = append(evs, x)
	}
	fmt.Fprintf(w, "Storyline %d: %s\n", s.ID, oneLine(s.Title))
	fmt.Fprintf(w, "%s · %d events · %d articles · %d outlets\n", span(s.First, s.Last), len(s.Events), s.Articles, len(s.Outlets))
	if people := keyPeople(all, entity, 8); len(people) > 0 {
		fmt.Fprintf(w, "Key people: %s\n", strings.Join(people, ", "))
	}
	if len(s.KeyEntities) > 0 {
		fmt.Fprintf(w, "Key names: %s\n", strings.Join(s.KeyEntities[:min(8, len(s.KeyEntities))], ", "))
	}
	for _, x := range evs {
		ev := x.ev
		fmt.Fprintf(w, "\n● %-23s event %d: %s\n", span(ev.First, ev.Last), ev.ID, oneLine(ev.Title))
		for _, a := range x.arts {
			copyOf := ""
			if p, ok := c.Placement(a.ID); ok && p.DuplicateOf != 0 {
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

// keyPeople ranks the people of a storyline's articles: by how many
// articles name or quote them, then by mentions. Names are the resolved
// corpus-wide ones, so "Lavrentiev" and "Lavrentyev" count as one.
func keyPeople(arts []*news.Article, entity func(int64) *resolve.Canonical, k int) []string {
	type tally struct {
		name           string
		arts, mentions int
	}
	byKey := map[string]*tally{}
	add := func(id int64, name string, mentions int, seen map[string]bool) {
		if cn := entity(id); cn != nil {
			name = cn.Name
		}
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		key := strings.ToLower(name)
		t := byKey[key]
		if t == nil {
			t = &tally{name: name}
			byKey[key] = t
		}
		t.mentions += mentions
		if !seen[key] {
			seen[key] = true
			t.arts++
		}
	}
	for _, a := range arts {
		seen := map[string]bool{}
		for _, en := range a.Entities {
			if en.Type == "PER" {
				add(en.ID, en.Name, max(en.Mentions, 1), seen)
			}
		}
		for _, q := range a.Quotes {
			if q.Speaker != "" || q.SpeakerID != 0 {
				add(q.SpeakerID, q.Speaker, 0, seen)
			}
		}
	}
	ts := make([]*tally, 0, len(byKey))
	for _, t := range byKey {
		ts = append(ts, t)
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].arts != ts[j].arts {
			return ts[i].arts > ts[j].arts
		}
		if ts[i].mentions != ts[j].mentions {
			return ts[i].mentions > ts[j].mentions
		}
		return ts[i].name < ts[j].name
	})
	var out []string
	for _, t := range ts[:min(k, len(ts))] {
		out = append(out, t.name)
	}
	return out
}
