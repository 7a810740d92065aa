package sqlite

import (
	"context"
	"database/sql"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// knownEntity returns store.ErrNotFound for an id with no entity row.
func (s *Store) knownEntity(ctx context.Context, id int64) error {
	var one int
	err := s.db.QueryRowContext(ctx, "SELECT 1 FROM entities WHERE id = ?", id).Scan(&one)
	return rowcodec.NotFound(err, sql.ErrNoRows, "entity", id)
}

// EntityMonthCounts implements store.Store: the entity_months rows
// (migration 009), kept by triggers.
func (s *Store) EntityMonthCounts(ctx context.Context, entityID int64) ([]store.MonthCount, error) {
	if err := s.knownEntity(ctx, entityID); err != nil {
		return nil, err
	}
	return s.monthCounts(ctx, `SELECT month, articles FROM entity_months
		WHERE entity_id = ? AND articles > 0 ORDER BY month LIMIT ?`, entityID, maxDays)
}

// EntityArticleHeads implements store.Store: the entity's index
// (article_entities_entity) read backwards, limit rows.
func (s *Store) EntityArticleHeads(ctx context.Context, entityID int64, limit int) ([]store.ArticleHead, error) {
	if err := s.knownEntity(ctx, entityID); err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.title, a.outlet, a.published, a.duplicate_of, a.event_id, a.storyline_id, a.republished_by,
			iif(a.title = '', substr(a.text, 1, ?), '')
		FROM article_entities ae CROSS JOIN articles a ON a.id = ae.article_id
		WHERE ae.entity_id = ? ORDER BY ae.article_id DESC LIMIT ?`, store.MaxLead, entityID, params.ListLimit(limit))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.ArticleHead
	for rows.Next() {
		var h store.ArticleHead
		if err := rows.Scan(&h.ID, &h.Title, &h.Outlet, &h.Published, &h.DuplicateOf, &h.Event, &h.Storyline, &h.RepublishedBy, &h.Lead); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
