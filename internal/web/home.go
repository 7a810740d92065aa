package web

import (
	"context"
	"net/http"
	"strings"

	"github.com/storyline-news/storyline/internal/store"
)

// activeDays is how recent a storyline's last article must be for the home
// page to call it active.
const activeDays = 30

// maxListed caps the storylines one listing shows, maxHome the home
// page's: a page to take in at a glance, with /storylines for more.
const maxListed, maxHome = 200, 60

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
	shown, err := s.st.Storylines(ctx, store.ListQuery{Order: "latest", Since: cutoff, Limit: maxHome + 1})
	if err != nil {
		return nil, err
	}
	p.Active = len(shown) > 0
	if !p.Active {
		// An archive: nothing is recent, so show them all, latest first.
		if shown, err = s.st.Storylines(ctx, store.ListQuery{Order: "latest", Limit: maxHome + 1}); err != nil {
			return nil, err
		}
	}
	if len(shown) > maxHome {
		shown, p.Capped = shown[:maxHome], true
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

// cards summarises storylines for a listing: the sparklines from the
// store's counts per day, the key people from the first articles of each,
// both read for all the cards at once.
func (s *Server) cards(ctx context.Context, rows []store.StorylineRow) ([]storylineCard, error) {
	ids := make([]int64, len(rows))
	for i, sl := range rows {
		ids[i] = sl.ID
	}
	days, err := s.st.StorylinesDays(ctx, ids)
	if err != nil {
		return nil, err
	}
	people, err := s.st.StorylinePeople(ctx, ids, peopleSample)
	if err != nil {
		return nil, err
	}
	out := make([]storylineCard, 0, len(rows))
	for _, sl := range rows {
		c := storylineCard{Row: sl, Span: span(sl.First, sl.Last), Outlets: len(sl.Outlets), EventsLen: len(sl.Events)}
		c.Spark = sparkFromCounts(days[sl.ID])
		c.Undated = max(0, sl.Articles-c.Spark.Dated)
		c.People = rankPeople(people[sl.ID], 6)
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

// rankPeople picks the key people of a storyline from the store's counts
// (most named first): a single word nobody quoted is left out, more often
// a place than a person; two entities of one name are one person.
func rankPeople(ps []store.PersonCount, k int) []entityName {
	var out []entityName
	seen := map[string]bool{}
	for _, p := range ps {
		name := strings.TrimSpace(p.Name)
		key := strings.ToLower(name)
		if name == "" || seen[key] || (len(strings.Fields(name)) < 2 && !p.Quoted) {
			continue
		}
		seen[key] = true
		out = append(out, entityName{ID: p.ID, Name: name})
		if len(out) == k {
			break
		}
	}
	return out
}
