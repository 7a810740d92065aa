package web

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"

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
	More      int // articles of the event not listed
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
	Events    []eventView // the page of events shown
	// EventsTotal counts the storyline's events; Older and Newer link the
	// neighbouring pages of events, "" when none.
	EventsTotal  int
	Older, Newer string
	Spark        *sparkline
	People       []entityName
	Speakers     []speakerQuotes
	Figures      []figureGroup
	// Notes say what a large storyline's page leaves out.
	Notes []string
}

// A storyline page reads a bounded amount however large the storyline:
// its event rows, a page of the latest events with the first articles of
// each (headlines, not text), the first quotations said, and the people
// of its first articles.
const (
	storylineEventsPage   = 20
	storylineEventHeads   = 10
	maxStorylineQuotes    = 200
	storylinePeopleSample = 300
)

func (s *Server) storyline(r *http.Request) (*view, error) {
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	pageNo := 0
	if v := r.URL.Query().Get("page"); v != "" {
		if pageNo, err = strconv.Atoi(v); err != nil || pageNo < 0 || pageNo > 1<<20 {
			return nil, errBadRequest("page is a number from 0")
		}
	}
	ctx := r.Context()
	sl, err := s.st.Storyline(ctx, id)
	if err != nil {
		return nil, err
	}
	// The day counts, the people and the quotations do not depend on the
	// events shown: they are read alongside them.
	var (
		wg                            sync.WaitGroup
		days                          []store.DayCount
		people                        map[int64][]store.PersonCount
		quotes                        []store.QuoteRow
		more                          string
		daysErr, peopleErr, quotesErr error
	)
	wg.Add(3)
	go func() {
		defer wg.Done()
		days, daysErr = s.st.StorylineDays(ctx, sl.ID)
	}()
	go func() {
		defer wg.Done()
		people, peopleErr = s.st.StorylinePeople(ctx, []int64{sl.ID}, storylinePeopleSample)
	}()
	go func() {
		defer wg.Done()
		quotes, more, quotesErr = s.st.Quotes(ctx, store.QuoteQuery{Storyline: sl.ID, Limit: maxStorylineQuotes})
	}()
	defer wg.Wait()
	// The events' short columns; their outlets (JSON) only for the
	// events a timeline marks one by one and for the events listed.
	rows, err := s.st.StorylineEventsBrief(ctx, sl.ID)
	if err != nil {
		return nil, err
	}
	all := make([]eventView, 0, len(rows))
	for _, ev := range rows {
		all = append(all, eventView{Row: ev, Span: span(ev.First, ev.Last)})
	}
	sortEvents(all)
	if len(all) <= maxTimelineEvents {
		if err := s.fullEvents(ctx, all); err != nil {
			return nil, err
		}
	}
	p := storylinePage{Row: sl, Span: span(sl.First, sl.Last), Timelines: newTimelines(all), EventsTotal: len(all)}
	// Page 0 is the latest events; later pages go back in time.
	end := len(all) - pageNo*storylineEventsPage
	if end <= 0 && pageNo > 0 {
		return nil, errNotFound("no such page of events")
	}
	begin := max(0, end-storylineEventsPage)
	shown := all[begin:end]
	if len(all) > maxTimelineEvents {
		if err := s.fullEvents(ctx, shown); err != nil {
			return nil, err
		}
	}
	if begin > 0 {
		p.Older = fmt.Sprintf("/storylines/%d?page=%d", sl.ID, pageNo+1)
	}
	if pageNo > 0 {
		p.Newer = fmt.Sprintf("/storylines/%d?page=%d", sl.ID, pageNo-1)
	}
	if len(shown) < len(all) {
		p.Notes = append(p.Notes, fmt.Sprintf("Events %d–%d of %d are listed below.", begin+1, end, len(all)))
	}
	ids := make([]int64, len(shown))
	for i, ev := range shown {
		ids[i] = ev.Row.ID
	}
	heads, err := s.st.ArticleHeads(ctx, store.HeadQuery{Events: ids, PerEvent: storylineEventHeads, Claims: true})
	if err != nil {
		return nil, err
	}
	byEvent := map[int64][]*news.Article{}
	var arts []*news.Article
	for _, h := range heads {
		a := headArticle(h)
		byEvent[h.Event] = append(byEvent[h.Event], a)
		arts = append(arts, a)
	}
	for _, ev := range shown {
		p.Events = append(p.Events, newEventView(ev.Row, byEvent[ev.Row.ID]))
	}
	wg.Wait()
	for _, err := range []error{daysErr, peopleErr, quotesErr} {
		if err != nil {
			return nil, err
		}
	}
	p.Spark = sparkFromCounts(days)
	p.People = rankPeople(people[sl.ID], 10)
	if more != "" {
		p.Notes = append(p.Notes, fmt.Sprintf("Who said what shows the first %d quotations said.", maxStorylineQuotes))
	}
	ents := s.entities(ctx)
	var said []saidQuote
	var speakers []int64
	for _, q := range quotes {
		speakers = append(speakers, q.Quote.SpeakerID)
		said = append(said, quoteSaid(q))
	}
	ents.load(speakers...)
	p.Speakers = groupSaid(said, ents)
	p.Figures = figures(arts)
	return &view{name: "storyline", title: sl.Title, data: p}, nil
}

// fullEvents replaces the brief rows of evs (at most store.MaxList) with
// the events' full rows.
func (s *Server) fullEvents(ctx context.Context, evs []eventView) error {
	ids := make([]int64, len(evs))
	for i, ev := range evs {
		ids[i] = ev.Row.ID
	}
	full, err := s.st.EventsByID(ctx, ids)
	if err != nil {
		return err
	}
	for i := range evs {
		if row, ok := full[evs[i].Row.ID]; ok {
			evs[i].Row = row
		}
	}
	return nil
}

// headArticle is an article head as the listings take it.
func headArticle(h store.ArticleHead) *news.Article {
	return &news.Article{ID: h.ID, Title: h.Title, Outlet: h.Outlet, Published: h.Published, DuplicateOf: h.DuplicateOf,
		Event: h.Event, Storyline: h.Storyline, RepublishedBy: h.RepublishedBy, Text: h.Lead, Claims: h.Claims}
}

// quoteSaid is a stored quotation as the pages show it, dated by the day
// said or else by its article's.
func quoteSaid(q store.QuoteRow) saidQuote {
	a := &news.Article{ID: q.Article, Title: q.Title, Outlet: q.Outlet, Published: q.Published, Event: q.Event, Storyline: q.Storyline}
	return saidQuote{Q: q.Quote, Article: a, Index: q.Index, Date: saidDay(q.Quote, q.Published)}
}

// saidDay is the day a quotation was said, else the day its article was
// published, "" when neither is known.
func saidDay(q news.Quote, published string) string {
	if d := dateOnly(q.SaidOn); d != "" {
		return d
	}
	return dateOnly(published)
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
	ents := s.entities(ctx)
	ents.loadNamed(arts...)
	p := eventPage{Ev: newEventView(ev, arts), Speakers: whoSaidWhat(arts, ents), Figures: figures(arts)}
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
	if len(arts) < ev.Articles {
		// Only the first articles were read: the event's other outlets,
		// with the day they joined unknown.
		v.More = ev.Articles - len(arts)
		for _, n := range ev.Outlets {
			if joined[n] == nil {
				v.Outlets = append(v.Outlets, outletJoin{Name: n})
			}
		}
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
	line, _, _ := strings.Cut(s, "\n")
	return line
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
	var said []saidQuote
	for _, a := range arts {
		for i, q := range a.Quotes {
			said = append(said, saidQuote{Q: q, Article: a, Index: i, Date: saidDay(q, a.Published)})
		}
	}
	return groupSaid(said, ents)
}

// groupSaid is whoSaidWhat of quotations read as such.
func groupSaid(said []saidQuote, ents *entityCache) []speakerQuotes {
	byKey := map[string]*speakerQuotes{}
	var groups []*speakerQuotes
	for _, sq := range said {
		id, name := ents.speaker(sq.Q)
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
		g.Quotes = append(g.Quotes, sq)
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
