package web

import (
	"context"
	"net/http"
	"sort"

	"github.com/storyline-news/storyline/internal/news"
	"github.com/storyline-news/storyline/internal/store"
)

// eventView is an event with its articles, copies folded under their
// original.
type eventView struct {
	Row       store.EventRow
	Span      string
	Originals []articleNode
	Outlets   []outletJoin
}

// articleNode is an article with the copies of it in the same listing.
type articleNode struct {
	A      *news.Article
	Date   string
	Title  string
	Copies []*news.Article
}

// outletJoin is an outlet of an event and the day of its first article
// there.
type outletJoin struct {
	Name, Joined string
	Articles     int
}

type storylinePage struct {
	Row       store.StorylineRow
	Span      string
	Timelines []*timeline
	Events    []eventView
	Spark     *sparkline
	People    []entityName
	Speakers  []speakerQuotes
	Figures   []figureGroup
	Articles  int
	// Truncated says that only the first maxStorylineArticles articles
	// were read.
	Truncated bool
}

// maxStorylineArticles caps the articles a storyline page reads: the
// first stored.
const maxStorylineArticles = 2000

func (s *Server) storyline(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	sl, err := s.st.Storyline(ctx, id)
	if err != nil {
		return nil, err
	}
	// One read of the storyline's articles, grouped by event.
	byEvent := map[int64][]*news.Article{}
	var arts []*news.Article
	err = s.st.Each(ctx, store.Query{Storyline: sl.ID, Limit: maxStorylineArticles + 1}, func(a *news.Article) error {
		arts = append(arts, a)
		return nil
	})
	if err != nil {
		return nil, err
	}
	truncated := len(arts) > maxStorylineArticles
	if truncated {
		arts = arts[:maxStorylineArticles]
	}
	for _, a := range arts {
		byEvent[a.Event] = append(byEvent[a.Event], a)
	}
	var evs []eventView
	for _, evID := range sl.Events {
		ev, err := s.st.Event(ctx, evID)
		if err != nil {
			return nil, err
		}
		evs = append(evs, newEventView(ev, byEvent[evID]))
	}
	sortEvents(evs)
	ents := s.entities(ctx)
	var days []string
	for _, a := range arts {
		if d := dateOnly(a.Published); d != "" {
			days = append(days, d)
		}
	}
	p := storylinePage{
		Row:       sl,
		Span:      span(sl.First, sl.Last),
		Timelines: newTimelines(evs),
		Events:    evs,
		Spark:     newSparkline(days),
		People:    keyPeople(arts, ents, 10),
		Speakers:  whoSaidWhat(arts, ents),
		Figures:   figures(arts),
		Articles:  len(arts),
		Truncated: truncated,
	}
	return &view{name: "storyline", title: sl.Title, data: p}, nil
}

type eventPage struct {
	Ev        eventView
	Storyline store.StorylineRow
	Speakers  []speakerQuotes
	Figures   []figureGroup
}

func (s *Server) event(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	ctx := r.Context()
	ev, err := s.st.Event(ctx, id)
	if err != nil {
		return nil, err
	}
	arts, err := s.articles(ctx, store.Query{Event: ev.ID})
	if err != nil {
		return nil, err
	}
	p := eventPage{Ev: newEventView(ev, arts), Speakers: whoSaidWhat(arts, s.entities(ctx)), Figures: figures(arts)}
	if ev.Storyline != 0 {
		if p.Storyline, err = s.st.Storyline(ctx, ev.Storyline); err != nil && !isNotFound(err) {
			return nil, err
		}
	}
	return &view{name: "event", title: ev.Title, data: p}, nil
}

func (s *Server) articles(ctx context.Context, q store.Query) ([]*news.Article, error) {
	var arts []*news.Article
	err := s.st.Each(ctx, q, func(a *news.Article) error {
		arts = append(arts, a)
		return nil
	})
	return arts, err
}

// sortEvents puts events in date order, undated last, ties by id.
func sortEvents(evs []eventView) {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := evs[i].Row, evs[j].Row
		if (a.First == "") != (b.First == "") {
			return a.First != ""
		}
		if a.First != b.First {
			return a.First < b.First
		}
		return a.ID < b.ID
	})
}

// newEventView folds each copy under its original when the original is
// among arts; a copy of an article elsewhere stands on its own, saying
// whose copy it is.
func newEventView(ev store.EventRow, arts []*news.Article) eventView {
	v := eventView{Row: ev, Span: span(ev.First, ev.Last)}
	sortArticles(arts)
	idx := map[int64]int{}
	for _, a := range arts {
		if a.DuplicateOf == 0 {
			idx[a.ID] = len(v.Originals)
			v.Originals = append(v.Originals, articleNode{A: a, Date: dateOrUndated(a.Published), Title: titleOrLead(a)})
		}
	}
	for _, a := range arts {
		if a.DuplicateOf == 0 {
			continue
		}
		if i, ok := idx[a.DuplicateOf]; ok {
			v.Originals[i].Copies = append(v.Originals[i].Copies, a)
		} else {
			v.Originals = append(v.Originals, articleNode{A: a, Date: dateOrUndated(a.Published), Title: titleOrLead(a)})
		}
	}
	joined := map[string]*outletJoin{}
	var order []string
	for _, a := range arts {
		name := a.Outlet
		if name == "" {
			continue
		}
		j := joined[name]
		if j == nil {
			j = &outletJoin{Name: name}
			joined[name] = j
			order = append(order, name)
		}
		j.Articles++
		if d := dateOnly(a.Published); d != "" && (j.Joined == "" || d < j.Joined) {
			j.Joined = d
		}
	}
	for _, n := range order {
		v.Outlets = append(v.Outlets, *joined[n])
	}
	sort.SliceStable(v.Outlets, func(i, j int) bool {
		a, b := v.Outlets[i], v.Outlets[j]
		if (a.Joined == "") != (b.Joined == "") {
			return a.Joined != ""
		}
		return a.Joined < b.Joined
	})
	return v
}

// sortArticles puts articles in date order, undated last, ties by id.
func sortArticles(arts []*news.Article) {
	sort.SliceStable(arts, func(i, j int) bool {
		a, b := dateOnly(arts[i].Published), dateOnly(arts[j].Published)
		if (a == "") != (b == "") {
			return a != ""
		}
		if a != b {
			return a < b
		}
		return arts[i].ID < arts[j].ID
	})
}

// titleOrLead is an article's headline or, for one without, the start of
// its text.
func titleOrLead(a *news.Article) string {
	if t := a.Title; t != "" {
		return t
	}
	return clip(90, firstLine(a.Text))
}

func firstLine(s string) string {
	for i, r := range s {
		if r == '\n' {
			return s[:i]
		}
	}
	return s
}

// speakerQuotes is what one speaker said, in the order said.
type speakerQuotes struct {
	ID     int64
	Name   string
	Quotes []saidQuote
}

type saidQuote struct {
	Q       news.Quote
	Article *news.Article
	Index   int // the quote's index in its article: the anchor #q{Index}
	Date    string
}

// whoSaidWhat groups the quotations of arts, direct and reported, by
// resolved speaker; the speakers most quoted first, each one's quotations
// in the order said (undated last, then by article and position).
func whoSaidWhat(arts []*news.Article, ents *entityCache) []speakerQuotes {
	byKey := map[string]*speakerQuotes{}
	var groups []*speakerQuotes
	for _, a := range arts {
		for i, q := range a.Quotes {
			id, name := ents.speaker(q)
			key := "n:" + name
			if id != 0 {
				key = sprintf("id:%d", id)
			}
			g := byKey[key]
			if g == nil {
				g = &speakerQuotes{ID: id, Name: name}
				byKey[key] = g
				groups = append(groups, g)
			}
			date := dateOnly(q.SaidOn)
			if date == "" {
				date = dateOnly(a.Published)
			}
			g.Quotes = append(g.Quotes, saidQuote{Q: q, Article: a, Index: i, Date: date})
		}
	}
	out := make([]speakerQuotes, 0, len(groups))
	for _, g := range groups {
		sort.SliceStable(g.Quotes, func(i, j int) bool {
			a, b := g.Quotes[i], g.Quotes[j]
			if (a.Date == "") != (b.Date == "") {
				return a.Date != ""
			}
			if a.Date != b.Date {
				return a.Date < b.Date
			}
			if a.Article.ID != b.Article.ID {
				return a.Article.ID < b.Article.ID
			}
			return a.Index < b.Index
		})
		out = append(out, *g)
	}
	sort.SliceStable(out, func(i, j int) bool {
		// Speakers resolved to a name before "[she]" and the like.
		ri, rj := out[i].Name[0] != '[', out[j].Name[0] != '['
		if ri != rj {
			return ri
		}
		if len(out[i].Quotes) != len(out[j].Quotes) {
			return len(out[i].Quotes) > len(out[j].Quotes)
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// figureGroup is one quantity reported by several articles.
type figureGroup struct {
	Key       string
	Differing bool
	Figures   []figure
}

type figure struct {
	C       news.Claim
	Article *news.Article
	Date    string
}

// figures finds the quantities (news.Claim.Key) that two or more articles
// report, of the claims pinned down enough to compare, flagging those
// whose figures differ.
func figures(arts []*news.Article) []figureGroup {
	byKey := map[string]*figureGroup{}
	var keys []string
	for _, a := range arts {
		for _, c := range a.Claims {
			if c.Key == "" || !c.Comparable() {
				continue
			}
			g := byKey[c.Key]
			if g == nil {
				g = &figureGroup{Key: c.Key}
				byKey[c.Key] = g
				keys = append(keys, c.Key)
			}
			g.Figures = append(g.Figures, figure{C: c, Article: a, Date: dateOrUndated(a.Published)})
		}
	}
	var out []figureGroup
	for _, k := range keys {
		g := byKey[k]
		arts := map[int64]bool{}
		values := map[float64]bool{}
		for _, f := range g.Figures {
			arts[f.Article.ID] = true
			values[f.C.Value] = true
		}
		if len(arts) < 2 {
			continue
		}
		g.Differing = len(values) > 1
		out = append(out, *g)
	}
	return out
}
