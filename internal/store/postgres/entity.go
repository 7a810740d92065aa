package postgres

import (
	"context"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
)

// EntitiesPage implements store.Store.
func (s *Store) EntitiesPage(ctx context.Context, q store.EntityQuery) ([]store.EntityRow, error) {
	return s.entityRows(ctx, "SELECT "+entityCols+` FROM entities
		WHERE id > $1 AND ($2 = '' OR type = $2) ORDER BY id LIMIT $3`, q.After, q.Type, params.ListLimit(q.Limit))
}

// EntityMonthCounts implements store.Store: the entity_months rows, kept
// by triggers (migration 001).
func (s *Store) EntityMonthCounts(ctx context.Context, entityID int64) ([]store.MonthCount, error) {
	if err := s.knownEntity(ctx, entityID); err != nil {
		return nil, err
	}
	return s.monthCounts(ctx, `SELECT month, articles FROM entity_months
		WHERE entity_id = $1 AND articles > 0 ORDER BY month LIMIT $2`, entityID, maxDays)
}

// EntityArticleHeads implements store.Store: the entity's index
// (article_entities_entity) read backwards, limit rows.
func (s *Store) EntityArticleHeads(ctx context.Context, entityID int64, limit int) ([]store.ArticleHead, error) {
	if err := s.knownEntity(ctx, entityID); err != nil {
		return nil, err
	}
	return s.heads(ctx, headCols(false)+`
		FROM (SELECT article_id FROM article_entities WHERE entity_id = $2 ORDER BY article_id DESC LIMIT $3) ae
		JOIN articles a ON a.id = ae.article_id ORDER BY a.id DESC`, store.MaxLead, entityID, params.ListLimit(limit))
}
