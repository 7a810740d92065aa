package postgres

import (
	"context"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// StorylineEventsBrief implements store.Store: the events_storyline index
// and the short columns only, no JSON decoded.
func (s *Store) StorylineEventsBrief(ctx context.Context, id int64) ([]store.EventRow, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, merged_into, title, first_day, last_day, articles, originals, storyline_id
		FROM events WHERE storyline_id = $1 AND merged_into = 0 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, rowcodec.EventBrief)
}

// EventsByID implements store.Store.
func (s *Store) EventsByID(ctx context.Context, ids []int64) (map[int64]store.EventRow, error) {
	if err := checkIDs("event ids", ids); err != nil {
		return nil, err
	}
	out := make(map[int64]store.EventRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	evs, err := collect(ctx, s.pool, "SELECT "+eventCols+" FROM events WHERE id = ANY($1)", []any{ids}, scanEvent)
	for _, e := range evs {
		out[e.ID] = e
	}
	return out, err
}
