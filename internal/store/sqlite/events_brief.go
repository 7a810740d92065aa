package sqlite

import (
	"context"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// StorylineEventsBrief implements store.Store: the events_storyline index
// and the short columns only, no JSON decoded.
func (s *Store) StorylineEventsBrief(ctx context.Context, id int64) ([]store.EventRow, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT id, merged_into, title, first_day, last_day, articles, originals, storyline_id
		FROM events WHERE storyline_id = ? AND merged_into = 0 ORDER BY id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return rowcodec.Collect(rows, rowcodec.EventBrief)
}

// EventsByID implements store.Store.
func (s *Store) EventsByID(ctx context.Context, ids []int64) (map[int64]store.EventRow, error) {
	list, err := idsJSON("event ids", ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]store.EventRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, "SELECT "+eventCols+" FROM events WHERE id IN (SELECT value FROM json_each(?))", list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		e, err := scanEvent(rows)
		if err != nil {
			return nil, err
		}
		out[e.ID] = e
	}
	return out, rows.Err()
}
