package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/storyline-news/storyline/internal/store/fts"
)

// A broad query (a word, phrase or prefix in more articles than broadDocs)
// is ranked in Go: FTS5's bm25() reads the whole of each phrase's list of
// articles to count them before it returns a row, which for a word in
// every article costs tens of milliseconds whatever the LIMIT. Here the
// newest matches are read in rowid order, as the index keeps them, and
// scored with BM25 as bm25() would (same k1, b, column weights and
// document length), from document frequencies counted on the newest
// searchCap+1 matches of each phrase: exact below that, estimated from
// how densely those matches lie among the newest rowids above it.
//
// A negative broadDocs ranks every query with bm25() (the benchmarks'
// baseline); 0 ranks every query in Go (the tests').
var broadDocs = searchCap

// phraseExpr writes a phrase as joinExpr does: its words quoted, a
// prefix starred.
func phraseExpr(p fts.Phrase) string {
	e := `"` + strings.Join(p.Words, " ") + `"`
	if p.Prefix {
		e += " *"
	}
	return e
}

// indexTotals reads the index's article count and the average length of
// an article in tokens over all columns (FTS5's averages record).
func (s *Store) indexTotals(ctx context.Context) (rows, avgdl float64, err error) {
	var blob []byte
	err = s.db.QueryRowContext(ctx, `SELECT block FROM articles_fts_data WHERE id = 1`).Scan(&blob)
	if err == sql.ErrNoRows {
		return 0, 1, nil
	}
	if err != nil {
		return 0, 0, err
	}
	vals := []uint64{}
	for len(blob) > 0 {
		v, n := ftsVarint(blob)
		if n == 0 {
			return 0, 0, fmt.Errorf("search index totals: bad record")
		}
		vals, blob = append(vals, v), blob[n:]
	}
	if len(vals) == 0 || vals[0] == 0 {
		return 0, 1, nil
	}
	var tokens uint64
	for _, v := range vals[1:] {
		tokens += v
	}
	return float64(vals[0]), float64(tokens) / float64(vals[0]), nil
}

// ftsVarint decodes SQLite's big-endian varint (as FTS5 writes it): the
// value and its length, 0 when b is too short.
func ftsVarint(b []byte) (uint64, int) {
	var v uint64
	for i := 0; i < len(b) && i < 9; i++ {
		if i == 8 {
			return v<<8 | uint64(b[i]), 9
		}
		v = v<<7 | uint64(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			return v, i + 1
		}
	}
	return 0, 0
}

// newest returns the rowids of the newest searchCap+1 articles matching
// expr, newest first.
func (s *Store) newest(ctx context.Context, expr string) ([]int64, error) {
	return s.ids(ctx, `SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT ?`, expr, searchCap+1)
}
