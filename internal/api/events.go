package api

import (
	"errors"
	"net/http"

	"github.com/storyline-news/storyline/internal/store"
)

// eventDetail is an event with the ids of its articles (its first
// store.MaxList: the event's row counts them all).
type eventDetail struct {
	store.EventRow
	ArticleIDs []int64 `json:"article_ids"`
}

// storylineDetail is a storyline with its events, in time order.
type storylineDetail struct {
	store.StorylineRow
	Timeline []store.EventRow `json:"timeline"`
	Days     []dayCount       `json:"days"` // dated articles per published day, in date order
}

type dayCount struct {
	Day   string `json:"day"` // YYYY-MM-DD
	Count int    `json:"count"`
}

func cleanEvent(e store.EventRow) store.EventRow {
	e.Outlets, e.KeyTerms, e.KeyEntities = nonNil(e.Outlets), nonNil(e.KeyTerms), nonNil(e.KeyEntities)
	return e
}

func cleanStoryline(sl store.StorylineRow) store.StorylineRow {
	sl.Events, sl.Outlets, sl.KeyEntities = nonNil(sl.Events), nonNil(sl.Outlets), nonNil(sl.KeyEntities)
	return sl
}

// listOrdered pages a list in the store's order (latest or largest): the
// cursor holds an offset, so a page boundary can shift when the store
// changes between two pages.
func listOrdered[T any](r *http.Request, kind string, each func(store.ListQuery, func(T) error) error) (any, error) {
	p, err := query(r, "order", "since", "limit", "cursor")
	if err != nil {
		return nil, err
	}
	order, err := p.oneOf("order", "latest", "latest", "largest")
	if err != nil {
		return nil, err
	}
	since, err := p.date("since")
	if err != nil {
		return nil, err
	}
	limit, err := p.limit()
	if err != nil {
		return nil, err
	}
	kind += ":" + order
	c, err := p.cursor(kind)
	if err != nil {
		return nil, err
	}
	out := page[T]{Items: []T{}}
	n := 0
	err = each(store.ListQuery{Order: order, Since: since, Limit: c.Offset + limit + 1}, func(v T) error {
		n++
		if n <= c.Offset {
			return nil
		}
		if len(out.Items) == limit {
			out.Next = cursor{Kind: kind, Offset: c.Offset + limit}.String()
			return errStop
		}
		out.Items = append(out.Items, v)
		return nil
	})
	if err != nil && !errors.Is(err, errStop) {
		return nil, err
	}
	return out, nil
}

func (s *server) events(r *http.Request) (any, error) {
	return listOrdered(r, "events", func(q store.ListQuery, fn func(store.EventRow) error) error {
		return s.st.EachEvent(r.Context(), q, func(e store.EventRow) error { return fn(cleanEvent(e)) })
	})
}

func (s *server) storylines(r *http.Request) (any, error) {
	return listOrdered(r, "storylines", func(q store.ListQuery, fn func(store.StorylineRow) error) error {
		return s.st.EachStoryline(r.Context(), q, func(sl store.StorylineRow) error { return fn(cleanStoryline(sl)) })
	})
}

// event answers the event an id resolves to: an event merged into another
// answers as the one it joined.
func (s *server) event(r *http.Request) (any, error) {
	if _, err := query(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	e, err := s.st.Event(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("event", id)
	}
	if err != nil {
		return nil, err
	}
	d := eventDetail{EventRow: cleanEvent(e), ArticleIDs: []int64{}}
	heads, err := s.st.ArticleHeads(r.Context(), store.HeadQuery{Events: []int64{e.ID}})
	for _, h := range heads {
		d.ArticleIDs = append(d.ArticleIDs, h.ID)
	}
	return d, err
}

func (s *server) storyline(r *http.Request) (any, error) {
	if _, err := query(r); err != nil {
		return nil, err
	}
	id, err := pathID(r)
	if err != nil {
		return nil, err
	}
	sl, err := s.st.Storyline(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, notFound("storyline", id)
	}
	if err != nil {
		return nil, err
	}
	d := storylineDetail{StorylineRow: cleanStoryline(sl), Timeline: []store.EventRow{}, Days: []dayCount{}}
	days, err := s.st.StorylineDays(r.Context(), sl.ID)
	if err != nil {
		return nil, err
	}
	for _, c := range days {
		d.Days = append(d.Days, dayCount{c.Day, c.Count})
	}
	// The event rows in one read, in the storyline's order.
	evs, err := s.st.StorylineEvents(r.Context(), sl.ID)
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]store.EventRow, len(evs))
	for _, e := range evs {
		byID[e.ID] = e
	}
	for _, eid := range sl.Events {
		if e, ok := byID[eid]; ok {
			d.Timeline = append(d.Timeline, cleanEvent(e))
		}
	}
	return d, nil
}
