package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/params"
)

// writeEntityKeys replaces the index keys of each listed entity, in the
// batch's transaction.
func writeEntityKeys(ctx context.Context, tx *sql.Tx, eks []store.EntityKeys) error {
	if len(eks) == 0 {
		return nil
	}
	del, err := tx.PrepareContext(ctx, "DELETE FROM entity_keys WHERE entity_id = ?")
	if err != nil {
		return err
	}
	defer del.Close()
	ins, err := tx.PrepareContext(ctx, "INSERT OR IGNORE INTO entity_keys (key, entity_id) VALUES (?, ?)")
	if err != nil {
		return err
	}
	defer ins.Close()
	for _, ek := range eks {
		if _, err := del.ExecContext(ctx, ek.Entity); err != nil {
			return fmt.Errorf("keys of entity %d: %w", ek.Entity, err)
		}
		for _, k := range ek.Keys {
			if _, err := ins.ExecContext(ctx, k, ek.Entity); err != nil {
				return fmt.Errorf("keys of entity %d: %w", ek.Entity, err)
			}
		}
	}
	return nil
}

// EntityIDsByKeys implements store.Store: one indexed range read per key.
func (s *Store) EntityIDsByKeys(ctx context.Context, keys []string, limit int) (map[string][]int64, error) {
	limit, err := params.KeyLimit(keys, limit)
	if err != nil {
		return nil, err
	}
	out := map[string][]int64{}
	if len(keys) == 0 {
		return out, nil
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	st, err := conn.PrepareContext(ctx, "SELECT entity_id FROM entity_keys WHERE key = ? ORDER BY entity_id LIMIT ?")
	if err != nil {
		return nil, err
	}
	defer st.Close()
	for _, k := range keys {
		if _, ok := out[k]; ok {
			continue
		}
		ids, err := scanIDs(st.QueryContext(ctx, k, limit))
		if err != nil {
			return nil, err
		}
		if len(ids) > 0 {
			out[k] = ids
		}
	}
	return out, nil
}

// EntityRows implements store.Store.
func (s *Store) EntityRows(ctx context.Context, ids []int64) ([]store.EntityRow, error) {
	list, err := idsJSON("entity ids", ids)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	return s.entityRows(ctx, "SELECT "+entityCols+` FROM entities
		WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`, list)
}

// MaxEntityID implements store.Store.
func (s *Store) MaxEntityID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT COALESCE(MAX(id), 0) FROM entities").Scan(&id)
	return id, err
}
