package web

import (
	"context"
	"net/http"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// activeDays is how recent a storyline's last article must be for the home
// page to call it active.
const activeDays = 30

// maxListed caps the storylines one listing shows.
const maxListed = 200

type storylineCard struct {
	Row       store.StorylineRow
	Span      string
	Outlets   int
	People    []entityName
	Names     []string
	Spark     *sparkline
	Undated   int // articles without a date, not in the sparkline
	EventsLen int
}

type entityName struct {
	ID   int64
	Name string
}

type homePage struct {
	Cards    []storylineCard
	Active   bool // Cards are the active storylines (else all, latest first)
	Days     int
	Capped   bool // more storylines than shown
	Articles int
}

func (s *Server) home(r *http.Request) (*view, error) {
	ctx := r.Context()
	n, err := s.st.Count(ctx)
	if err != nil {
		return nil, err
	}
	cutoff := s.opts.Now().AddDate(0, 0, -activeDays).Format("2006-01-02")
	p := homePage{Days: activeDays, Articles: n}
	shown, err := s.st.Storylines(ctx, store.ListQuery{Order: "latest", Since: cutoff, Limit: maxListed + 1})
	if err != nil {
		return nil, err
	}
	p.Active = len(shown) > 0
	if !p.Active {
		// An archive: nothing is recent, so show them all, latest first.
		if shown, err = s.st.Storylines(ctx, store.ListQuery{Order: "latest", Limit: maxListed + 1}); err != nil {
			return nil, err
		}
	}
	if len(shown) > maxListed {
		shown, p.Capped = shown[:maxListed], true
	}
	if p.Cards, err = s.cards(ctx, shown); err != nil {
		return nil, err
	}
	return &view{name: "home", title: "Storylines", data: p}, nil
}

type storylinesPage struct {
	Cards  []storylineCard
	Capped bool
}

// storylines lists every storyline, latest first.
func (s *Server) storylines(r *http.Request) (*view, error) {
	all, err := s.st.Storylines(r.Context(), store.ListQuery{Order: "latest", Limit: maxListed + 1})
	if err != nil {
		return nil, err
	}
	var p storylinesPage
	if len(all) > maxListed {
		all, p.Capped = all[:maxListed], true
	}
	if p.Cards, err = s.cards(r.Context(), all); err != nil {
		return nil, err
	}
	return &view{name: "storylines", title: "All storylines", data: p}, nil
}

// peopleSample is how many of a storyline's articles a listing reads for
// its key people: enough to name them, bounded however large it grows.
const peopleSample = 50

// cards summarises storylines for a listing: the sparkline from the
// store's counts per day, the key people from a sample of the articles.
func (s *Server) cards(ctx context.Context, rows []store.StorylineRow) ([]storylineCard, error) {
	ents := s.entities(ctx)
	out := make([]storylineCard, 0, len(rows))
	for _, sl := range rows {
		days, err := s.st.StorylineDays(ctx, sl.ID)
		if err != nil {
			return nil, err
		}
		arts, err := s.articles(ctx, store.Query{Storyline: sl.ID, Limit: peopleSample})
		if err != nil {
			return nil, err
		}
		c := storylineCard{Row: sl, Span: span(sl.First, sl.Last), Outlets: len(sl.Outlets), EventsLen: len(sl.Events)}
		c.Spark = sparkFromCounts(days)
		c.Undated = max(0, sl.Articles-c.Spark.Dated)
		c.People = keyPeople(arts, ents, 6)
		c.Names = sl.KeyEntities[:min(6, len(sl.KeyEntities))]
		out = append(out, c)
	}
	return out, nil
}

// span writes a date range: "2017-12-13 – 2024-01-24", one date when both
// are the same, "undated" when there is none.
func span(first, last string) string {
	switch {
	case first == "" && last == "":
		return "undated"
	case first == last || last == "":
		return first
	case first == "":
		return last
	}
	return first + " – " + last
}

// keyPeople ranks the people of a set of articles by how many articles
// name or quote them, under their corpus-wide names; a name the corpus
// mostly tags as a place or organisation is left out, and so is a single
// word nobody quoted (more often a place than a person).
func keyPeople(arts []*news.Article, ents *entityCache, k int) []entityName {
	type tally struct {
		entityName
		arts   int
		spoken bool
	}
	byName := map[string]*tally{}
	for _, a := range arts {
		seen := map[string]bool{}
		add := func(id int64, name, typ string, spoken bool) {
			if c := ents.get(id); c != nil {
				if c.Type != "" && c.Type != "PER" {
					return
				}
				name = c.Name
			} else if typ != "PER" {
				return
			}
			name = strings.TrimSpace(name)
			if name == "" {
				return
			}
			key := strings.ToLower(name)
			t := byName[key]
			if t == nil {
				t = &tally{entityName: entityName{Name: name}}
				byName[key] = t
			}
			if t.ID == 0 {
				t.ID = id
			}
			if !seen[key] {
				seen[key] = true
				t.arts++
			}
			t.spoken = t.spoken || spoken
		}
		for _, en := range a.Entities {
			if en.Type == "PER" {
				add(en.ID, en.Name, en.Type, false)
			}
		}
		for _, q := range a.Quotes {
			if q.SpeakerID != 0 || q.Speaker != "" {
				add(q.SpeakerID, q.Speaker, "PER", true)
			}
		}
	}
	var ts []*tally
	for _, t := range byName {
		if len(strings.Fields(t.Name)) > 1 || t.spoken {
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool {
		if ts[i].arts != ts[j].arts {
			return ts[i].arts > ts[j].arts
		}
		return ts[i].Name < ts[j].Name
	})
	var out []entityName
	for _, t := range ts[:min(k, len(ts))] {
		out = append(out, t.entityName)
	}
	return out
}
