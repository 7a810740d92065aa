package postgres

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
// in as one array parameter, never as SQL built from them.

// checkIDs refuses more than store.MaxList ids.
func checkIDs(what string, ids []int64) error {
	if len(ids) > store.MaxList {
		return fmt.Errorf("%d %s: %w (at most %d)", len(ids), what, store.ErrBadQuery, store.MaxList)
	}
	return nil
}

// StorylineEvents implements store.Store.
func (s *Store) StorylineEvents(ctx context.Context, id int64) ([]store.EventRow, error) {
	return collect(ctx, s.pool, "SELECT "+eventCols+" FROM events WHERE storyline_id = $1 AND merged_into = 0 ORDER BY id", []any{id}, scanEvent)
}

// EntitiesByID implements store.Store.
func (s *Store) EntitiesByID(ctx context.Context, ids []int64) (map[int64]store.EntityRow, error) {
	if err := checkIDs("entity ids", ids); err != nil {
		return nil, err
	}
	out := make(map[int64]store.EntityRow, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT id, name, type, articles, first_seen, last_seen FROM entities
		WHERE id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	return out, rowcodec.EntitiesInto(rows, out)
}

// headCols selects an article head from articles a; $1 is store.MaxLead.
func headCols(claims bool) string {
	cl := "'[]'::jsonb"
	if claims {
		cl = "a.claims"
	}
	return `SELECT a.id, a.title, a.outlet, a.published, a.duplicate_of, a.event_id, a.storyline_id, a.republished_by,
			CASE WHEN a.title = '' THEN left(a.text, $1) ELSE '' END, ` + cl
}

// heads runs a query of headCols.
func (s *Store) heads(ctx context.Context, query string, args ...any) ([]store.ArticleHead, error) {
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.ArticleHead
	for rows.Next() {
		var h store.ArticleHead
		var cl []byte
		if err := rows.Scan(&h.ID, &h.Title, &h.Outlet, &h.Published, &h.DuplicateOf, &h.Event, &h.Storyline, &h.RepublishedBy, &h.Lead, &cl); err != nil {
			return nil, err
		}
		if s := strings.TrimSpace(string(cl)); s != "[]" && s != "null" {
			if err := json.Unmarshal(cl, &h.Claims); err != nil {
				return nil, fmt.Errorf("article %d claims: %w", h.ID, err)
			}
		}
		out = append(out, h)
	}
	return out, rows.Err()
}

// ArticleHeads implements store.Store. Each event's articles are read
// from the event_id index, up to PerEvent, and only their short columns.
func (s *Store) ArticleHeads(ctx context.Context, q store.HeadQuery) ([]store.ArticleHead, error) {
	cols := headCols(q.Claims)
	switch {
	case q.IDs != nil:
		if err := checkIDs("articles", q.IDs); err != nil || len(q.IDs) == 0 {
			return nil, err
		}
		return s.heads(ctx, cols+` FROM articles a WHERE a.id = ANY($2) ORDER BY a.id`, store.MaxLead, q.IDs)
	case q.Outlet != "":
		return s.heads(ctx, cols+` FROM articles a WHERE a.outlet = $2
			ORDER BY a.published DESC, a.id DESC LIMIT $3`, store.MaxLead, q.Outlet, params.ListLimit(q.PerEvent))
	}
	if err := checkIDs("events", q.Events); err != nil || len(q.Events) == 0 {
		return nil, err
	}
	return s.heads(ctx, cols+` FROM unnest($2::bigint[]) j(event)
		CROSS JOIN LATERAL (SELECT * FROM articles b WHERE b.event_id = j.event ORDER BY b.id LIMIT $3) a
		ORDER BY a.id`, store.MaxLead, q.Events, params.ListLimit(q.PerEvent))
}

// Quotes implements store.Store.
func (s *Store) Quotes(ctx context.Context, q store.QuoteQuery) ([]store.QuoteRow, string, error) {
	where := []string{"true"}
	var args []any
	if q.Article != 0 {
		where = append(where, "q.article_id = "+arg(&args, q.Article))
	}
	if q.Storyline != 0 {
		where = append(where, "q.storyline_id = "+arg(&args, q.Storyline))
	}
	if q.Speaker != 0 {
		where = append(where, "q.speaker_id = "+arg(&args, q.Speaker))
	}
	if q.Cursor != "" {
		day, art, idx, err := params.ParseQuoteCursor(q.Cursor)
		if err != nil {
			return nil, "", err
		}
		where = append(where, "(q.said_on, q.article_id, q.idx) > ("+arg(&args, day)+"::text, "+arg(&args, art)+"::bigint, "+arg(&args, idx)+"::integer)")
	}
	limit := params.ListLimit(q.Limit)
	query := `SELECT q.article_id, q.idx, q.said_on, q.quote, q.event_id, q.storyline_id,
			a.outlet, a.published, a.title
		FROM quotes q JOIN articles a ON a.id = q.article_id
		WHERE ` + strings.Join(where, " AND ") + `
		ORDER BY q.said_on, q.article_id, q.idx LIMIT ` + arg(&args, limit+1)
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, "", err
	}
	defer rows.Close()
	return rowcodec.Quotes[[]byte](rows, limit)
}

// StorylinesDays implements store.Store.
func (s *Store) StorylinesDays(ctx context.Context, ids []int64) (map[int64][]store.DayCount, error) {
	if err := checkIDs("storylines", ids); err != nil {
		return nil, err
	}
	out := make(map[int64][]store.DayCount, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT storyline_id, day, articles FROM storyline_days
		WHERE storyline_id = ANY($1) AND articles > 0 ORDER BY storyline_id, day`, ids)
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
	if err := checkIDs("storylines", ids); err != nil {
		return nil, err
	}
	out := make(map[int64][]store.PersonCount, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	rows, err := s.pool.Query(ctx, `WITH sample AS (
			SELECT j.sl, a.id AS article FROM unnest($1::bigint[]) j(sl)
			CROSS JOIN LATERAL (SELECT b.id FROM articles b WHERE b.storyline_id = j.sl ORDER BY b.id LIMIT $2) a
		), named AS (
			SELECT s.sl, ae.entity_id AS ent, s.article, false AS quoted FROM sample s
			JOIN article_entities ae ON ae.article_id = s.article
			UNION ALL
			SELECT s.sl, q.speaker_id, s.article, true FROM sample s
			JOIN quotes q ON q.article_id = s.article WHERE q.speaker_id > 0
		)
		SELECT g.sl, e.id, e.name, g.n, g.quoted FROM (
			SELECT sl, ent, count(DISTINCT article) AS n, bool_or(quoted) AS quoted FROM named GROUP BY sl, ent
		) g JOIN entities e ON e.id = g.ent AND e.type = 'PER'`, ids, params.ListLimit(sample))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if err := rowcodec.People(rows, out); err != nil {
		return nil, err
	}
	return out, nil
}
