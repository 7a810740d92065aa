package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/fts"
)

// Search limits, as the SQLite store's. searchCap bounds the matches a
// query counts and facets: the newest searchCap+1 are read, whatever the
// query matches in all. rankWindow bounds the matches ranked when more
// than searchCap match: ranking reads each one's title and text, and a
// word in every article would read thousands.
const (
	searchCap  = 2000
	rankWindow = 500
	// avgSample is how many of the newest articles give the average
	// length BM25 weighs an article's against.
	avgSample = 1000
	// exactCount is the table size (PostgreSQL's estimate) below which
	// the articles are counted for IDF rather than estimated.
	exactCount = 10000
	// countMax is the most articles (PostgreSQL's estimate) a phrase may
	// be in to be counted for its IDF rather than estimated.
	countMax = 2 * searchCap
)

// searchQuery writes a user's query (fts.ParseQuery) as the text of
// to_tsquery('storyline', ...): its phrases (phraseQuery) joined by &. The
// words hold only letters, digits and marks, so no input is an operator or
// a syntax error; to_tsquery reads each as the articles' vector was made
// (the same configuration, unaccent and case folding included). It
// returns "" when the query has no word.
func searchQuery(text string) string {
	phrases := fts.ParseQuery(text)
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = phraseQuery(p)
	}
	return strings.Join(parts, " & ")
}

// phraseQuery writes one phrase for to_tsquery: every word quoted, the
// words joined by <->, a prefix marked :*.
func phraseQuery(p fts.Phrase) string {
	ws := make([]string, len(p.Words))
	for i, w := range p.Words {
		ws[i] = "'" + strings.NewReplacer(`'`, `''`, `\`, `\\`).Replace(w) + "'"
	}
	e := strings.Join(ws, " <-> ")
	if p.Prefix {
		e += ":*"
	}
	if len(ws) > 1 {
		e = "(" + e + ")"
	}
	return e
}

// match is one candidate of a search: enough to rank, page and facet it.
type match struct {
	id        int64
	score     float64 // BM25: higher is better
	outlet    string
	published string
}

// before orders matches best first, newest first among equals.
func before(a, b match) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	return a.id > b.id
}

func encodeCursor(m match) string { return fts.EncodeCursor(m.score, m.id) }

func decodeCursor(c string) (match, error) {
	var m match
	var err error
	m.score, m.id, err = fts.DecodeCursor(c)
	return m, err
}

// Search implements store.Store. The GIN index on articles.search finds
// the matches that pass the filters; the newest searchCap+1 of them are
// read (id, outlet, date) and ranked by BM25 as the SQLite store ranks
// (fts.BM25: the same words, weights and IDF), all of them, or the newest
// rankWindow when more than searchCap match. Facets count the newest
// searchCap; snippets are cut for one page only.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	var res store.SearchResult
	// In one read-only transaction, without sequential scans: the planner
	// prices the test of a tsvector as cheap, when each reads (and often
	// decompresses) the article's vector, and would read every article's
	// for a word in some thousands rather than ask the GIN index.
	err := pgx.BeginTxFunc(ctx, s.pool, pgx.TxOptions{AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, "SET LOCAL enable_seqscan = off"); err != nil {
			return err
		}
		var err error
		res, err = search(ctx, tx, q)
		return err
	})
	return res, err
}

// search is Search in tx.
func search(ctx context.Context, tx pgx.Tx, q store.SearchQuery) (store.SearchResult, error) {
	var res store.SearchResult
	dates, err := parseRange(q.From, q.To)
	if err != nil {
		return res, err
	}
	var after *match
	if q.Cursor != "" {
		m, err := decodeCursor(q.Cursor)
		if err != nil {
			return res, err
		}
		after = &m
	}
	limit := fts.Limit(q.Limit)
	tsq := searchQuery(q.Text)
	if tsq == "" {
		return res, nil
	}

	args := []any{tsq}
	where := []string{"a.search @@ tq.q"}
	if q.Outlet != "" {
		where = append(where, "a.outlet = "+arg(&args, q.Outlet))
	}
	if q.Language != "" {
		where = append(where, "a.language = "+arg(&args, q.Language))
	}
	if dates.lo != "" {
		where = append(where, "a.published >= "+arg(&args, dates.lo))
	}
	if dates.hi != "" {
		where = append(where, "a.published < "+arg(&args, dates.hi))
	}
	if q.Storyline != 0 {
		where = append(where, "a.storyline_id = "+arg(&args, q.Storyline))
	}
	if q.Entity != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id AND ae.entity_id = "+arg(&args, q.Entity)+")")
	}
	rows, err := tx.Query(ctx, `SELECT a.id, a.outlet, a.published
		FROM to_tsquery('storyline', $1) tq(q), articles a
		WHERE `+strings.Join(where, " AND ")+`
		ORDER BY a.id DESC LIMIT `+strconv.Itoa(searchCap+1), args...)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", q.Text, err)
	}
	matches := make([]match, 0, 64)
	for rows.Next() {
		var m match
		if err := rows.Scan(&m.id, &m.outlet, &m.published); err != nil {
			rows.Close()
			return res, fmt.Errorf("search %q: %w", q.Text, err)
		}
		matches = append(matches, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("search %q: %w", q.Text, err)
	}
	if len(matches) == 0 {
		return res, nil
	}
	phrases := fts.ParseQuery(q.Text)
	var newest []int64 // the one phrase's newest matches, when they are these
	if len(where) == 1 && len(phrases) == 1 {
		newest = matchIDs(matches)
	}
	sc, err := scorer(ctx, tx, phrases, newest)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", q.Text, err)
	}
	ranked := len(matches)
	if len(matches) > searchCap {
		matches, res.TotalCapped = matches[:searchCap], true
		ranked = rankWindow
		res.Ranked = ranked
	}
	res.Total = len(matches)
	if res.Total == 0 {
		return res, nil
	}
	res.Outlets, res.Years = fieldFacets(matches)
	if res.Entities, err = entityFacets(ctx, tx, matches); err != nil {
		return res, err
	}

	// Only the ranked matches (the newest) are paged.
	matches = matches[:min(ranked, len(matches))]
	if err := rank(ctx, tx, sc, matches); err != nil {
		return res, fmt.Errorf("search %q: %w", q.Text, err)
	}
	page, more := fts.Page(matches, before, after, limit)
	if more {
		res.Next = encodeCursor(page[len(page)-1])
	}
	res.Hits, err = hits(ctx, tx, phrases, page)
	return res, err
}

// scorer makes a query's BM25 as the SQLite store's: the number of
// articles (PostgreSQL's estimate on a large table), their average length
// (over the newest avgSample, SQLite's filter tokens included), and each
// phrase's IDF (docFreqs); newest holds the newest searchCap+1 matches of
// the query's only phrase when the caller has them, which give its
// document frequency as in SQLite (fts.DocFreq).
func scorer(ctx context.Context, tx pgx.Tx, phrases []fts.Phrase, newest []int64) (*fts.BM25, error) {
	var docs, avgdl float64
	var maxID int64
	err := tx.QueryRow(ctx, `SELECT
			CASE WHEN c.reltuples >= $1 THEN c.reltuples::float8 ELSE (SELECT count(*) FROM articles)::float8 END,
			(SELECT coalesce(avg(search_tokens + `+metaTokensSQL+`), 0)::float8 FROM
				(SELECT search_tokens, outlet, language, published FROM articles ORDER BY id DESC LIMIT $2) t),
			(SELECT coalesce(max(id), 0) FROM articles)
		FROM pg_class c WHERE c.oid = 'articles'::regclass`, exactCount, avgSample).Scan(&docs, &avgdl, &maxID)
	if err != nil {
		return nil, err
	}
	sc := &fts.BM25{AvgDL: max(avgdl, 1)}
	var freqs []float64
	if newest != nil && len(phrases) == 1 {
		freqs = []float64{fts.DocFreq(newest, searchCap, maxID, docs)}
	} else if freqs, err = docFreqs(ctx, tx, phrases); err != nil {
		return nil, err
	}
	for i, p := range phrases {
		sc.Phrases = append(sc.Phrases, p.Tokens())
		sc.IDF = append(sc.IDF, fts.IDF(min(freqs[i], docs), docs))
	}
	return sc, nil
}

// docFreqs returns how many articles hold each phrase: counted through
// the GIN index when PostgreSQL's estimate (from the column's statistics)
// is at most countMax, else that estimate. Counting a common word would
// read thousands of rows for a figure BM25 barely needs exactly.
func docFreqs(ctx context.Context, tx pgx.Tx, phrases []fts.Phrase) ([]float64, error) {
	freqs := make([]float64, len(phrases))
	b := &pgx.Batch{}
	for i, p := range phrases {
		b.Queue(`EXPLAIN (FORMAT JSON) SELECT 1 FROM articles WHERE search @@ to_tsquery('storyline', $1)`,
			phraseQuery(p)).QueryRow(func(row pgx.Row) error {
			var plan []struct {
				Plan struct {
					Rows float64 `json:"Plan Rows"`
				}
			}
			var js []byte
			if err := row.Scan(&js); err != nil {
				return err
			}
			if err := json.Unmarshal(js, &plan); err != nil || len(plan) == 0 {
				return fmt.Errorf("plan of %s: %v", phraseQuery(p), err)
			}
			freqs[i] = plan[0].Plan.Rows
			return nil
		})
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return nil, err
	}
	b = &pgx.Batch{}
	for i, p := range phrases {
		if freqs[i] <= countMax {
			b.Queue(`SELECT count(*) FROM articles WHERE search @@ to_tsquery('storyline', $1)`,
				phraseQuery(p)).QueryRow(func(row pgx.Row) error {
				return row.Scan(&freqs[i])
			})
		}
	}
	if b.Len() > 0 {
		if err := tx.SendBatch(ctx, b).Close(); err != nil {
			return nil, err
		}
	}
	return freqs, nil
}

// metaTokensSQL is fts.MetaTokens of a row: the SQLite index's filter
// tokens, which count in an article's length there.
const metaTokensSQL = `(outlet <> '')::int + (language <> '')::int +
	(published ~ '^[0-9]{4}')::int + (published ~ '^[0-9]{4}-[0-9]{2}')::int`

// rank scores the matches with sc, from their titles and texts.
func rank(ctx context.Context, tx pgx.Tx, sc *fts.BM25, ms []match) error {
	at := make(map[int64]int, len(ms))
	for i, m := range ms {
		at[m.id] = i
	}
	rows, err := tx.Query(ctx, `SELECT id, title, text, language FROM articles WHERE id = ANY($1)`, matchIDs(ms))
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var title, text, lang string
		if err := rows.Scan(&id, &title, &text, &lang); err != nil {
			return err
		}
		m := &ms[at[id]]
		m.score = sc.Score(title, text, fts.MetaTokens(m.outlet, lang, m.published))
	}
	return rows.Err()
}

// fieldFacets counts outlets (largest first) and years (in order).
func fieldFacets(ms []match) (outlets, years []store.Facet) {
	var c fts.FieldCounts
	for _, m := range ms {
		c.Add(m.outlet, m.published)
	}
	return c.Facets()
}

func matchIDs(ms []match) []int64 {
	ids := make([]int64, len(ms))
	for i, m := range ms {
		ids[i] = m.id
	}
	return ids
}

// entityFacets counts the entities the matches name; names are looked up
// for the top counts only.
func entityFacets(ctx context.Context, tx pgx.Tx, ms []match) ([]store.Facet, error) {
	rows, err := tx.Query(ctx, `SELECT f.entity_id, coalesce(e.name, ''), f.n FROM (
		SELECT entity_id, count(*) AS n FROM article_entities WHERE article_id = ANY($1)
		GROUP BY entity_id ORDER BY n DESC, entity_id LIMIT $2) f
		LEFT JOIN entities e ON e.id = f.entity_id ORDER BY f.n DESC, f.entity_id`, matchIDs(ms), fts.FacetLimit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Facet
	for rows.Next() {
		var id int64
		var f store.Facet
		if err := rows.Scan(&id, &f.Label, &f.Count); err != nil {
			return nil, err
		}
		f.Value = strconv.FormatInt(id, 10)
		out = append(out, f)
	}
	return out, rows.Err()
}

// hits reads one page's fields and cuts its snippets, in the page's
// order. Snippets are cut in Go from the text (fts.Snippet), as the
// SQLite store cuts them: ts_headline would parse each text again.
func hits(ctx context.Context, tx pgx.Tx, phrases []fts.Phrase, page []match) ([]store.SearchHit, error) {
	if len(page) == 0 {
		return nil, nil
	}
	pt := make([]fts.PhraseTokens, len(phrases))
	for i, p := range phrases {
		pt[i] = p.Tokens()
	}
	out := make([]store.SearchHit, len(page))
	at := make(map[int64]int, len(page))
	for i, m := range page {
		at[m.id] = i
		out[i] = store.SearchHit{ID: m.id, Outlet: m.outlet, Published: m.published, Score: m.score}
	}
	rows, err := tx.Query(ctx, `SELECT id, title, language, event_id, storyline_id, text
		FROM articles WHERE id = ANY($1)`, matchIDs(page))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var t fts.Tokenizer
	for rows.Next() {
		var id int64
		var h store.SearchHit
		var text string
		if err := rows.Scan(&id, &h.Title, &h.Language, &h.Event, &h.Storyline, &text); err != nil {
			return nil, err
		}
		o := &out[at[id]]
		o.Title, o.Language, o.Event, o.Storyline = h.Title, h.Language, h.Event, h.Storyline
		o.Snippet, o.Highlights = fts.Snippet(&t, text, pt)
	}
	return out, rows.Err()
}
