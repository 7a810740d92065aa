package postgres

import (
	"context"
	"errors"

	"github.com/storyline-news/storyline/internal/store"
)

// partial is a store.Store while the package's read methods are being
// written: each forwards to the Store's method when it has one, and
// fails otherwise. Delete it once *Store is a store.Store.
type partial struct{ *Store }

var errPending = errors.New("not yet implemented by the PostgreSQL store")

func (p partial) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	if m, ok := any(p.Store).(interface {
		Search(context.Context, store.SearchQuery) (store.SearchResult, error)
	}); ok {
		return m.Search(ctx, q)
	}
	return store.SearchResult{}, errPending
}

func (p partial) Outlets(ctx context.Context, limit int) ([]store.OutletRow, error) {
	if m, ok := any(p.Store).(interface {
		Outlets(context.Context, int) ([]store.OutletRow, error)
	}); ok {
		return m.Outlets(ctx, limit)
	}
	return nil, errPending
}

func (p partial) Outlet(ctx context.Context, name string) (store.OutletRow, error) {
	if m, ok := any(p.Store).(interface {
		Outlet(context.Context, string) (store.OutletRow, error)
	}); ok {
		return m.Outlet(ctx, name)
	}
	return store.OutletRow{}, errPending
}

func (p partial) EntitiesPage(ctx context.Context, q store.EntityQuery) ([]store.EntityRow, error) {
	if m, ok := any(p.Store).(interface {
		EntitiesPage(context.Context, store.EntityQuery) ([]store.EntityRow, error)
	}); ok {
		return m.EntitiesPage(ctx, q)
	}
	return nil, errPending
}

func (p partial) OutletCopies(ctx context.Context, outlet string, limit int) ([]store.CopyLink, error) {
	if m, ok := any(p.Store).(interface {
		OutletCopies(context.Context, string, int) ([]store.CopyLink, error)
	}); ok {
		return m.OutletCopies(ctx, outlet, limit)
	}
	return nil, errPending
}

func (p partial) StorylineDays(ctx context.Context, id int64) ([]store.DayCount, error) {
	if m, ok := any(p.Store).(interface {
		StorylineDays(context.Context, int64) ([]store.DayCount, error)
	}); ok {
		return m.StorylineDays(ctx, id)
	}
	return nil, errPending
}

func (p partial) EntityMonths(ctx context.Context, id int64) ([]store.MonthCount, error) {
	if m, ok := any(p.Store).(interface {
		EntityMonths(context.Context, int64) ([]store.MonthCount, error)
	}); ok {
		return m.EntityMonths(ctx, id)
	}
	return nil, errPending
}

func (p partial) StorylineEvents(ctx context.Context, id int64) ([]store.EventRow, error) {
	if m, ok := any(p.Store).(interface {
		StorylineEvents(context.Context, int64) ([]store.EventRow, error)
	}); ok {
		return m.StorylineEvents(ctx, id)
	}
	return nil, errPending
}

func (p partial) StorylineEventsBrief(ctx context.Context, id int64) ([]store.EventRow, error) {
	if m, ok := any(p.Store).(interface {
		StorylineEventsBrief(context.Context, int64) ([]store.EventRow, error)
	}); ok {
		return m.StorylineEventsBrief(ctx, id)
	}
	return nil, errPending
}

func (p partial) EventsByID(ctx context.Context, ids []int64) (map[int64]store.EventRow, error) {
	if m, ok := any(p.Store).(interface {
		EventsByID(context.Context, []int64) (map[int64]store.EventRow, error)
	}); ok {
		return m.EventsByID(ctx, ids)
	}
	return nil, errPending
}

func (p partial) EntitiesByID(ctx context.Context, ids []int64) (map[int64]store.EntityRow, error) {
	if m, ok := any(p.Store).(interface {
		EntitiesByID(context.Context, []int64) (map[int64]store.EntityRow, error)
	}); ok {
		return m.EntitiesByID(ctx, ids)
	}
	return nil, errPending
}

func (p partial) ArticleHeads(ctx context.Context, q store.HeadQuery) ([]store.ArticleHead, error) {
	if m, ok := any(p.Store).(interface {
		ArticleHeads(context.Context, store.HeadQuery) ([]store.ArticleHead, error)
	}); ok {
		return m.ArticleHeads(ctx, q)
	}
	return nil, errPending
}

func (p partial) Quotes(ctx context.Context, q store.QuoteQuery) ([]store.QuoteRow, string, error) {
	if m, ok := any(p.Store).(interface {
		Quotes(context.Context, store.QuoteQuery) ([]store.QuoteRow, string, error)
	}); ok {
		return m.Quotes(ctx, q)
	}
	return nil, "", errPending
}

func (p partial) StorylinesDays(ctx context.Context, ids []int64) (map[int64][]store.DayCount, error) {
	if m, ok := any(p.Store).(interface {
		StorylinesDays(context.Context, []int64) (map[int64][]store.DayCount, error)
	}); ok {
		return m.StorylinesDays(ctx, ids)
	}
	return nil, errPending
}

func (p partial) StorylinePeople(ctx context.Context, ids []int64, sample int) (map[int64][]store.PersonCount, error) {
	if m, ok := any(p.Store).(interface {
		StorylinePeople(context.Context, []int64, int) (map[int64][]store.PersonCount, error)
	}); ok {
		return m.StorylinePeople(ctx, ids, sample)
	}
	return nil, errPending
}

func (p partial) EntityMonthCounts(ctx context.Context, id int64) ([]store.MonthCount, error) {
	if m, ok := any(p.Store).(interface {
		EntityMonthCounts(context.Context, int64) ([]store.MonthCount, error)
	}); ok {
		return m.EntityMonthCounts(ctx, id)
	}
	return nil, errPending
}

func (p partial) EntityArticleHeads(ctx context.Context, id int64, limit int) ([]store.ArticleHead, error) {
	if m, ok := any(p.Store).(interface {
		EntityArticleHeads(context.Context, int64, int) ([]store.ArticleHead, error)
	}); ok {
		return m.EntityArticleHeads(ctx, id, limit)
	}
	return nil, errPending
}
