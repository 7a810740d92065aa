package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
)

// writeEntityKeys replaces the index keys of each listed entity, in the
// batch's transaction: two statements whatever their number.
func writeEntityKeys(ctx context.Context, tx pgx.Tx, eks []store.EntityKeys) error {
	if len(eks) == 0 {
		return nil
	}
	ents := make([]int64, len(eks))
	var keys []string
	var ids []int64
	for i, ek := range eks {
		ents[i] = ek.Entity
		for _, k := range ek.Keys {
			keys = append(keys, text(k))
			ids = append(ids, ek.Entity)
		}
	}
	if _, err := tx.Exec(ctx, "DELETE FROM entity_keys WHERE entity_id = ANY($1)", ents); err != nil {
		return fmt.Errorf("entity keys: %w", err)
	}
	if len(keys) == 0 {
		return nil
	}
	if _, err := tx.Exec(ctx, `INSERT INTO entity_keys (key, entity_id)
		SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT DO NOTHING`, keys, ids); err != nil {
		return fmt.Errorf("entity keys: %w", err)
	}
	return nil
}

// EntityIDsByKeys implements store.Store: one query, an indexed range read
// per key.
func (s *Store) EntityIDsByKeys(ctx context.Context, keys []string, limit int) (map[string][]int64, error) {
	limit, err := params.KeyLimit(keys, limit)
	if err != nil {
		return nil, err
	}
	out := map[string][]int64{}
	if len(keys) == 0 {
		return out, nil
	}
	ks := make([]string, len(keys))
	for i, k := range keys {
		ks[i] = text(k)
	}
	rows, err := s.pool.Query(ctx, `SELECT k.key, e.entity_id FROM (SELECT DISTINCT unnest($1::text[]) AS key) k
		CROSS JOIN LATERAL (SELECT entity_id FROM entity_keys WHERE key = k.key ORDER BY entity_id LIMIT $2) e
		ORDER BY k.key, e.entity_id`, ks, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var id int64
		if err := rows.Scan(&k, &id); err != nil {
			return nil, err
		}
		out[k] = append(out[k], id)
	}
	return out, rows.Err()
}

// EntityRows implements store.Store.
func (s *Store) EntityRows(ctx context.Context, ids []int64) ([]store.EntityRow, error) {
	if err := checkIDs("entity ids", ids); err != nil || len(ids) == 0 {
		return nil, err
	}
	return s.entityRows(ctx, "SELECT "+entityCols+" FROM entities WHERE id = ANY($1) ORDER BY id", ids)
}

// MaxEntityID implements store.Store.
func (s *Store) MaxEntityID(ctx context.Context) (int64, error) {
	var id int64
	err := s.pool.QueryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM entities").Scan(&id)
	return id, err
}
