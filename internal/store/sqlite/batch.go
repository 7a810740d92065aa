package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
	"github.com/storyline-news/storyline/internal/store/rowcodec"
)

// Batch reads: what a page needs of many rows, in one query each; ids go
// in as one JSON array (json_each), never as SQL built from them.

// idList encodes ids as a JSON array, refusing more than store.MaxList.
func idsJSON(what string, ids []int64) (string, error) {
	if len(ids) > store.MaxList {
		return "", fmt.Errorf("%d %s: %w (at most %d)", len(ids), what, store.ErrBadQuery, store.MaxList)
	}
	b, err := json.Marshal(ids)
	if err != nil {
		return "", err
	}
	if len(ids) == 0 {
		return "[]", nil
	}
	return string(b), nil
}

// StorylineEvents implements store.Store.
func (s *Store) StorylineEvents(ctx context.Context, id int64) ([]store.EventRow, error) {
	var out []store.EventRow
	err := each(ctx, s.db, "SELECT "+eventCols+" FROM events WHERE storyline_id = ? AND merged_into = 0 ORDER BY id",
		0, scanEvent, func(e store.EventRow) error {
			out = append(out, e)
			return nil
		}, id)
	return out, err
}

// EntitiesByID implements store.Store.
func (s *Store) EntitiesByID(ctx context.Context, ids []int64) (map[int64]store.EntityRow, error) {
	list, err := idsJSON("entity ids", ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]store.EntityRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT id, name, type, articles, first_seen, last_seen FROM entities
		WHERE id IN (SELECT value FROM json_each(?))`, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return out, rowcodec.EntitiesInto(rows, out)
}

// ArticleHeads implements store.Store. Each event's articles are read
// from the event_id index, up to PerEvent, and only their short columns.
func (s *Store) ArticleHeads(ctx context.Context, q store.HeadQuery) ([]store.ArticleHead, error) {
	claims := "'[]'"
	if q.Claims {
		claims = "a.claims"
	}
	cols := `SELECT a.id, a.title, a.outlet, a.published, a.duplicate_of, a.event_id, a.storyline_id, a.republished_by,
			iif(a.title = '', substr(a.text, 1, ?1), ''), ` + claims
	var query string
	var args []any
	switch {
	case q.IDs != nil:
		list, err := idsJSON("articles", q.IDs)
		if err != nil || len(q.IDs) == 0 {
			return nil, err
		}
		query, args = cols+` FROM json_each(?2) j CROSS JOIN articles a ON a.id = j.value ORDER BY a.id`, []any{store.MaxLead, list}
	case q.Outlet != "":
		query, args = cols+` FROM articles a INDEXED BY articles_outlet_published WHERE a.outlet = ?2
			ORDER BY a.published DESC, a.id DESC LIMIT ?3`, []any{store.MaxLead, q.Outlet, params.ListLimit(q.PerEvent)}
	default:
		list, err := idsJSON("events", q.Events)
		if err != nil || len(q.Events) == 0 {
			return nil, err
		}
		query, args = cols+` FROM json_each(?2) j CROSS JOIN articles a
			WHERE a.id IN (SELECT b.id FROM articles b WHERE b.event_id = j.value ORDER BY b.id LIMIT ?3)
			ORDER BY a.id`, []any{store.MaxLead, list, params.ListLimit(q.PerEvent)}
	}
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.ArticleHead
	for rows.Next() {
		var h store.ArticleHead
		var cl string
		if err := rows.Scan(&h.ID, &h.Title, &h.Outlet, &h.Published, &h.DuplicateOf, &h.Event, &h.Storyline, &h.RepublishedBy, &h.Lead, &cl); err != nil {
			return nil, err
		}
		if cl != "[]" {
			if err := json.Unmarshal([]byte(cl), &h.Claims); err != nil {
				return nil, fmt.Errorf("article %d claims: %w", h.ID, err)
			}
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// Quotes implements store.Store.
func (s *Store) Quotes(ctx context.Context, q store.QuoteQuery) ([]store.QuoteRow, string, error) {
	var where []string
	var args []any
	if q.Article != 0 {
		where, args = append(where, "q.article_id = ?"), append(args, q.Article)
	}
	if q.Storyline != 0 {
		where, args = append(where, "q.storyline_id = ?"), append(args, q.Storyline)
	}
	if q.Speaker != 0 {
		where, args = append(where, "q.speaker_id = ?"), append(args, q.Speaker)
	}
	if q.Cursor != "" {
		day, art, idx, err := params.ParseQuoteCursor(q.Cursor)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "(q.said_on, q.article_id, q.idx) > (?, ?, ?)")
		args = append(args, day, art, idx)
	}
	if len(where) == 0 {
		where = []string{"1"}
	}
	limit := params.ListLimit(q.Limit)
	args = append(args, limit+1)
	rows, err := s.db.QueryContext(ctx, `SELECT q.article_id, q.idx, q.said_on, q.quote, q.event_id, q.storyline_id,
			a.outlet, a.published, a.title
		FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY q.said_on, q.article_id, q.idx LIMIT ?`, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	return rowcodec.Quotes[string](rows, limit)
}

// StorylinesDays implements store.Store.
func (s *Store) StorylinesDays(ctx context.Context, ids []int64) (map[int64][]store.DayCount, error) {
	list, err := idsJSON("storylines", ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]store.DayCount, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `SELECT d.storyline_id, d.day, d.articles
		FROM json_each(?) j CROSS JOIN storyline_days d ON d.storyline_id = j.value
		WHERE d.articles > 0 ORDER BY d.storyline_id, d.day`, list)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return out, rowcodec.Days(rows, out, maxDays)
}

// StorylinePeople implements store.Store: the entities of type PER named
// (article_entities) or quoted (quotes) in each storyline's first sample
// articles.
func (s *Store) StorylinePeople(ctx context.Context, ids []int64, sample int) (map[int64][]store.PersonCount, error) {
	list, err := idsJSON("storylines", ids)
	if err != nil {
		return nil, err
	}
	out := make(map[int64][]store.PersonCount, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.db.QueryContext(ctx, `WITH sample AS (
			SELECT j.value AS sl, a.id AS article FROM json_each(?1) j CROSS JOIN articles a
			WHERE a.id IN (SELECT b.id FROM articles b WHERE b.storyline_id = j.value ORDER BY b.id LIMIT ?2)
		), named AS (
			SELECT s.sl, ae.entity_id AS ent, s.article, 0 AS quoted FROM sample s
			CROSS JOIN article_entities ae ON ae.article_id = s.article
			UNION ALL
			SELECT s.sl, q.speaker_id, s.article, 1 FROM sample s
			CROSS JOIN quotes q ON q.article_id = s.article WHERE q.speaker_id > 0
		)
		SELECT g.sl, e.id, e.name, g.n, g.quoted FROM (
			SELECT sl, ent, count(DISTINCT article) AS n, max(quoted) AS quoted FROM named GROUP BY sl, ent
		) g JOIN entities e ON e.id = g.ent AND e.type = 'PER'`, list, params.ListLimit(sample))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if err := rowcodec.People(rows, out); err != nil {
		return nil, err
	}
	return out, nil
}
