package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
)

// MaxID returns the largest article id stored, 0 when there is none.
func (s *Store) MaxID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.QueryRowContext(ctx, "SELECT coalesce(max(id), 0) FROM articles").Scan(&id)
	return id, err
}

// CopyOlderRevisions copies, from the store at path, the raw input of the
// revisions before each article's current one, for the articles this
// store holds under the same id: a store rebuilt from current revisions
// keeps its history. Rows already present are left alone, so that it can
// run again after an interruption. It returns the rows copied.
func (s *Store) CopyOlderRevisions(ctx context.Context, path string) (int64, error) {
	if strings.ContainsAny(path, "'\x00") {
		return 0, fmt.Errorf("copy revisions: unsupported file name %q", path)
	}
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return 0, err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "ATTACH DATABASE 'file:"+path+"?mode=ro' AS old"); err != nil {
		return 0, fmt.Errorf("attach %s: %w", path, err)
	}
	defer conn.ExecContext(context.Background(), "DETACH DATABASE old")
	res, err := conn.ExecContext(ctx, `INSERT INTO main.raw (article_id, revision, hash, source_id, origin, url,
		format, hints, fetched_at, content, stored_at)
		SELECT r.article_id, r.revision, r.hash, r.source_id, r.origin, r.url, r.format, r.hints, r.fetched_at,
			r.content, r.stored_at
		FROM old.raw r JOIN main.articles a ON a.id = r.article_id
		WHERE r.revision < a.revision
			AND NOT EXISTS (SELECT 1 FROM main.raw m WHERE m.article_id = r.article_id AND m.revision = r.revision)`)
	if err != nil {
		return 0, fmt.Errorf("copy revisions from %s: %w", path, err)
	}
	return res.RowsAffected()
}

// Replace moves the database file at from over the one at to: the last
// step of a rebuild. Both stores must be closed. It refuses while the
// target has a write-ahead log, the sign of another process using it: the
// log would be replayed onto the new file.
func Replace(from, to string) error {
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(from + suffix); err == nil {
			return fmt.Errorf("replace %s: %s%s is still there: was the new store closed?", to, from, suffix)
		}
	}
	if fi, err := os.Stat(to + "-wal"); err == nil && fi.Size() > 0 {
		return fmt.Errorf("replace %s: the database is in use by another process (its write-ahead log is not empty); stop it and run again", to)
	}
	if err := os.Rename(from, to); err != nil {
		return err
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if err := os.Remove(to + suffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}
