package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
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

// BM25's parameters, as FTS5's bm25() fixes them.
const bm25K1, bm25B = 1.2, 0.75

// phraseExpr writes a phrase as joinExpr does: its words quoted, a
// prefix starred.
func phraseExpr(p fts.Phrase) string {
	e := `"` + strings.Join(p.Words, " ") + `"`
	if p.Prefix {
		e += " *"
	}
	return e
}

// bm25 scores articles for a query's phrases as FTS5's bm25() does with
// weights titleWeight, 1 and 0 (meta), lower being better.
type bm25 struct {
	phrases []fts.PhraseTokens
	idf     []float64
	avgdl   float64
	title   fts.Tokenizer
	text    fts.Tokenizer
}

// score returns the BM25 of an article: its title and text, and the
// number of meta tokens it has, which count in its length as in FTS5's.
func (b *bm25) score(title, text string, meta int) float64 {
	b.title.Reset(title)
	b.text.Reset(text)
	dl := float64(b.title.N() + b.text.N() + meta)
	norm := bm25K1 * (1 - bm25B + bm25B*dl/b.avgdl)
	score := 0.0
	for i := range b.phrases {
		p := &b.phrases[i]
		f := titleWeight*float64(p.Count(&b.title)) + float64(p.Count(&b.text))
		if f == 0 {
			f = 1 // the article matched: a word the tokenizers read apart
		}
		score += b.idf[i] * f * (bm25K1 + 1) / (f + norm)
	}
	return -score
}

// idf is FTS5's: log((N - n + 0.5) / (n + 0.5)) for a phrase in n of N
// articles, 1e-6 where that is not positive.
func idf(n, docs float64) float64 {
	v := math.Log((docs - n + 0.5) / (n + 0.5))
	if v <= 0 {
		return 1e-6
	}
	return v
}

// metaTokens counts the tokens of the index's meta column for an article
// (articles_search, migration 007).
func metaTokens(outlet, language, published string) int {
	n := 0
	if outlet != "" {
		n++
	}
	if language != "" {
		n++
	}
	digits := func(s string) bool { return strings.Trim(s, "0123456789") == "" }
	if len(published) >= 4 && digits(published[:4]) {
		n++
		if len(published) >= 7 && published[4] == '-' && digits(published[5:7]) {
			n++
		}
	}
	return n
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

// docFreq is the number of articles holding a phrase: exact when its
// newest matches (ids) are all of them, else estimated from their density
// among the rowids they span, out of maxID, and clamped to [len(ids), docs].
func docFreq(ids []int64, maxID int64, docs float64) float64 {
	k := float64(len(ids))
	if len(ids) <= searchCap || maxID <= 0 {
		return k
	}
	span := float64(ids[0] - ids[len(ids)-1] + 1)
	return min(max(k*float64(maxID)/span, k), max(docs, k))
}
