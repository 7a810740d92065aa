package cli

import (
	"fmt"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// printStoryline writes a storyline as a terminal timeline.
func printStoryline(e *env, st store.Store, entity func(int64) *resolve.Canonical, s store.StorylineRow) error {
	w := e.stdout
	type eventArts struct {
		ev   store.EventRow
		arts []*news.Article
	}
	var evs []eventArts
	var all []*news.Article
	for _, evID := range s.Events {
		ev, err := st.Event(e.ctx, evID)
		if err != nil {
			return err
		}
		x := eventArts{ev: ev}
		err = st.Each(e.ctx, store.Query{Event: ev.ID}, func(a *news.Article) error {
			x.arts = append(x.arts, a)
			all = append(all, a)
			return nil
		})
		if err != nil {
			return err
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
			if a.DuplicateOf != 0 {
				copyOf = fmt.Sprintf("  (copy of #%d)", a.DuplicateOf)
			}
			fmt.Fprintf(w, "│   #%-5d %-10s %-18s %s%s\n", a.ID, orDash(dateOnly(a.Published)), clip(orDash(a.Outlet), 18),
				clip(oneLine(titleOrLead(a)), 60), copyOf)
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

// titleOrLead is an article's headline or, for one without, its first
// line (wire texts and pasted text often come without a headline).
func titleOrLead(a *news.Article) string {
	if t := strings.TrimSpace(a.Title); t != "" {
		return a.Title
	}
	lead, _, _ := strings.Cut(strings.TrimSpace(a.Text), "\n")
	return lead
}

// keyPeople ranks the people of a storyline's articles: by how many
// articles name or quote them, then by mentions. Names are the resolved
// corpus-wide ones, so "Lavrentiev" and "Lavrentyev" count as one, and a
// name the corpus mostly tags as a place or organisation is left out. A
// surname alone counts for the one full name it ends, and is dropped when
// no full name and no quotation vouches for it: news introduces people by
// full name, and a lone capitalised word tagged as a person is more often
// a place ("Akhal") than a person. Two full names with one surname and
// first names a letter or two apart are one person spelled two ways
// ("Gurbanguli" and "Kurbanguly Berdymukhamedov").
func keyPeople(arts []*news.Article, entity func(int64) *resolve.Canonical, k int) []string {
	type tally struct {
		name     string
		arts     map[int]bool
		mentions int
		spoken   bool
	}
	byKey := map[string]*tally{}
	add := func(art int, id int64, name string, mentions int, spoken bool) {
		if cn := entity(id); cn != nil {
			// Corpus-wide, most of its mentions were tagged otherwise: a
			// place or a body (a commission quoted as a speaker).
			if cn.Type != "" && cn.Type != "PER" {
				return
			}
			name = cn.Name
		}
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		key := strings.ToLower(name)
		t := byKey[key]
		if t == nil {
			t = &tally{name: name, arts: map[int]bool{}}
			byKey[key] = t
		}
		t.mentions += mentions
		t.arts[art] = true
		t.spoken = t.spoken || spoken
	}
	for i, a := range arts {
		for _, en := range a.Entities {
			if en.Type == "PER" {
				add(i, en.ID, en.Name, max(en.Mentions, 1), false)
			}
		}
		for _, q := range a.Quotes {
			if q.Speaker != "" || q.SpeakerID != 0 {
				add(i, q.SpeakerID, q.Speaker, 0, true)
			}
		}
	}
	merge := func(into, from *tally) {
		for a := range from.arts {
			into.arts[a] = true
		}
		into.mentions += from.mentions
		into.spoken = into.spoken || from.spoken
	}
	var full, single []*tally
	for _, t := range byKey {
		if len(strings.Fields(t.name)) > 1 {
			full = append(full, t)
		} else {
			single = append(single, t)
		}
	}
	// Longest-known first, so that variants fold into the best-attested.
	sort.Slice(full, func(i, j int) bool {
		if len(full[i].arts) != len(full[j].arts) {
			return len(full[i].arts) > len(full[j].arts)
		}
		return full[i].name < full[j].name
	})
	var ts []*tally
	for _, t := range full {
		folded := false
		for _, o := range ts {
			if sameSurnameVariant(o.name, t.name) {
				merge(o, t)
				folded = true
				break
			}
		}
		if !folded {
			ts = append(ts, t)
		}
	}
	for _, t := range single {
		var owner *tally
		n := 0
		for _, o := range ts {
			if f := strings.Fields(o.name); strings.EqualFold(f[len(f)-1], t.name) {
				owner = o
				n++
			}
		}
		switch {
		case n == 1:
			merge(owner, t)
		case n == 0 && t.spoken:
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool {
		if len(ts[i].arts) != len(ts[j].arts) {
			return len(ts[i].arts) > len(ts[j].arts)
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

// sameSurnameVariant reports whether two full names share their last word
// and have first names of at least five letters at most two edits apart.
func sameSurnameVariant(a, b string) bool {
	fa, fb := strings.Fields(strings.ToLower(a)), strings.Fields(strings.ToLower(b))
	if fa[len(fa)-1] != fb[len(fb)-1] {
		return false
	}
	x, y := []rune(fa[0]), []rune(fb[0])
	if len(x) < 5 || len(y) < 5 {
		return false
	}
	return editDistance(x, y) <= 2
}

// editDistance is the Levenshtein distance of two short words.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
