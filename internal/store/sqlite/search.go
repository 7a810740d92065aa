package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/store"
	"github.com/storyline-news/storyline/internal/store/fts"
)

// Search limits. searchCap bounds the matches a query ranks and counts:
// BM25 costs a little for every match, and a word in every article would
// otherwise cost a pass over the whole index.
const (
	searchCap   = 2000
	titleWeight = 4.0 // BM25 weight of the title against 1 for the text
	// rankWindow bounds the matches of a broad query (ranked in Go, see
	// broadDocs) that are ranked: the newest rankWindow of them. Ranking
	// reads each one's text, scattered over the table; counting and the
	// facets stay over the newest searchCap, which need no text.
	rankWindow = 500
	// facetWindow bounds the matches of a broad query whose outlets,
	// years and entities are counted: each costs reading its row and its
	// entities, scattered over the tables. It is searchCap today; the
	// result says when it is fewer (Faceted).
	facetWindow = searchCap
)

// joinExpr writes a user's query (fts.ParseQuery) as an FTS5 expression that
// cannot fail to parse: every word goes in double quotes and holds only
// letters, digits and marks, so operators, column filters and quotes in
// the input are plain text. A "quoted phrase" stays a phrase, a word ending
// in * a prefix; a token such as U.S. (several words run together) becomes
// a phrase too, as FTS5 would read it in the text.
func joinExpr(ps []fts.Phrase) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = phraseExpr(p)
	}
	return strings.Join(parts, " ")
}

// match is one candidate of a search: enough to rank, page and facet it.
type match struct {
	id        int64
	bm25      float64 // FTS5's: lower is better
	outlet    string
	published string
}

// before orders matches best first, newest first among equals.
func before(a, b match) bool {
	if a.bm25 != b.bm25 {
		return a.bm25 < b.bm25
	}
	return a.id > b.id
}

func encodeCursor(m match) string { return fts.EncodeCursor(m.bm25, m.id) }

func decodeCursor(c string) (match, error) {
	var m match
	var err error
	m.bm25, m.id, err = fts.DecodeCursor(c)
	return m, err
}

// Search implements store.Store. It reads the newest searchCap+1 matches
// that pass the filters, in rowid order from the index (so a common word
// costs no more than a rare one past the cap), ranks those by BM25 and
// counts their facets, then reads titles and snippets for one page only.
// A broad query (ranked in Go) ranks only the newest rankWindow of its
// matches, and pages through those: Total, TotalCapped and the facets
// still count the newest searchCap.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
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
	phrases := fts.ParseQuery(q.Text)
	expr := joinExpr(phrases)
	if expr == "" {
		return res, nil
	}
	pt := make([]fts.PhraseTokens, len(phrases))
	for i, p := range phrases {
		pt[i] = p.Tokens()
	}
	scope := func(e string) string { return e }
	if metaLike(expr) {
		// Restricting every search to title and text costs reading the
		// columns of each match: only a word that could be a filter's
		// token needs it.
		scope = func(e string) string { return "{title text} : (" + e + ")" }
		expr = scope(expr)
	}
	sc, newest, err := s.broad(ctx, phrases, scope)
	if err != nil || newest != nil && len(newest) == 0 {
		return res, err // a phrase that matches nothing
	}
	filtered := q.Outlet != "" || q.Language != "" || dates.lo != "" || dates.hi != "" || q.Storyline != 0 || q.Entity != 0
	if sc != nil && len(phrases) == 1 && !filtered {
		// The one phrase's newest matches are the candidates.
		return s.ranked(ctx, res, sc, newest, pt, after, limit)
	}

	// The filters' tokens go first: FTS5 then steps through their short
	// lists and seeks in the words' long ones.
	where, args := "articles_fts MATCH ?", []any{metaExpr(q, dates) + expr}
	// The filters are tokens in the index (metaExpr) as far as they go;
	// these conditions make them exact where the tokens are not.
	rowConds := false
	if q.Outlet != "" && len(q.Outlet) > maxOutletToken {
		where += " AND a.outlet = ?"
		args = append(args, q.Outlet)
		rowConds = true
	}
	if q.Language != "" && len(q.Language) > maxLanguageToken {
		where += " AND a.language = ?"
		args = append(args, q.Language)
		rowConds = true
	}
	if w, a := dates.where("a.published"); w != "" && !wholeMonths(dates) {
		where += " AND " + w
		args = append(args, a...)
		rowConds = true
	}
	// A storyline or an entity with few articles drives the search: each
	// of its articles is looked up in the index by rowid. A larger one is
	// tested on the index's matches, newest first.
	from := "articles_fts CROSS JOIN articles a ON a.id = articles_fts.rowid"
	order := "articles_fts.rowid"
	driven := false
	if q.Storyline != 0 {
		where += " AND a.storyline_id = ?"
		args = append(args, q.Storyline)
		if driven, err = s.fewer(ctx, `SELECT 1 FROM articles WHERE storyline_id = ?`, q.Storyline); err != nil {
			return res, err
		}
		if driven {
			from, order = "articles a CROSS JOIN articles_fts ON articles_fts.rowid = a.id", "a.id"
		}
	}
	if q.Entity != 0 {
		few := false
		if !driven {
			if few, err = s.fewer(ctx, `SELECT 1 FROM article_entities WHERE entity_id = ?`, q.Entity); err != nil {
				return res, err
			}
		}
		if few {
			from = `article_entities ae CROSS JOIN articles_fts ON articles_fts.rowid = ae.article_id
				CROSS JOIN articles a ON a.id = ae.article_id`
			where += " AND ae.entity_id = ?"
			order = "ae.article_id"
		} else {
			where += " AND EXISTS (SELECT 1 FROM article_entities ae WHERE ae.article_id = a.id AND ae.entity_id = ?)"
		}
		args = append(args, q.Entity)
	}
	args = append(args, searchCap+1)
	// CROSS JOIN keeps the driving table outermost: it yields matches
	// newest first and the LIMIT stops it.
	if sc != nil {
		// Only the ids here: ranked reads the text of the newest
		// rankWindow alone, where reading every match's would cost more
		// than the rest of the search. When the index's tokens are the
		// filters exactly, no article row is read at all.
		if !rowConds && q.Storyline == 0 && q.Entity == 0 {
			from, order = "articles_fts", "articles_fts.rowid"
		}
		ids, err := s.ids(ctx, `SELECT articles_fts.rowid FROM `+from+` WHERE `+where+` ORDER BY `+order+` DESC LIMIT ?`, args...)
		if err != nil || len(ids) == 0 {
			return res, err
		}
		return s.ranked(ctx, res, sc, ids, pt, after, limit)
	}
	rows, err := s.db.QueryContext(ctx, `SELECT articles_fts.rowid, bm25(articles_fts, `+
		strconv.FormatFloat(titleWeight, 'f', -1, 64)+`, 1.0, 0.0), a.outlet, a.published
		FROM `+from+` WHERE `+where+` ORDER BY `+order+` DESC LIMIT ?`, args...)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", q.Text, err)
	}
	matches, err := scanMatches(rows, nil, searchCap)
	if err != nil {
		return res, fmt.Errorf("search %q: %w", q.Text, err)
	}
	return s.page(ctx, res, matches, pt, after, limit, nil, searchCap)
}

// ids runs a query of one integer column.
func (s *Store) ids(ctx context.Context, query string, args ...any) ([]int64, error) {
	return scanIDs(s.db.QueryContext(ctx, query, args...))
}

// scanIDs reads the rows of a query of one integer column (and passes its
// error on), closing them.
func scanIDs(rows *sql.Rows, err error) ([]int64, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// scanMatches reads a search's candidates: id, bm25, outlet and published
// as bm25() ranks them, or id, outlet, published, title, text and
// language for sc to score, which it does as the rows are read, for the
// first rank rows only (the others' title and text may be empty).
func scanMatches(rows *sql.Rows, sc *fts.BM25, rank int) ([]match, error) {
	defer rows.Close()
	matches := make([]match, 0, 256)
	type doc struct {
		title, text, lang, outlet, published string
	}
	var batch []doc
	var work chan []doc
	var scores chan []float64
	if sc != nil {
		// Scoring runs beside the reading, on the other core.
		work, scores = make(chan []doc, 8), make(chan []float64, 1)
		go func() {
			var out []float64
			for docs := range work {
				for _, d := range docs {
					out = append(out, -sc.Score(d.title, d.text, fts.MetaTokens(d.outlet, d.lang, d.published)))
				}
			}
			scores <- out
		}()
	}
	var err error
	for rows.Next() {
		var m match
		if sc == nil {
			err = rows.Scan(&m.id, &m.bm25, &m.outlet, &m.published)
		} else {
			var d doc
			if err = rows.Scan(&m.id, &m.outlet, &m.published, &d.title, &d.text, &d.lang); err == nil {
				d.outlet, d.published = m.outlet, m.published
				if len(matches) < rank {
					batch = append(batch, d)
				}
			}
		}
		if err != nil {
			break
		}
		matches = append(matches, m)
		if len(batch) == 64 {
			work <- batch
			batch = nil
		}
	}
	if sc != nil {
		work <- batch
		close(work)
		for i, v := range <-scores {
			matches[i].bm25 = v
		}
	}
	if err == nil {
		err = rows.Err()
	}
	return matches, err
}

// ranked scores the newest rankWindow of the articles ids (newest first)
// with sc and returns a page of those; all of ids are counted in Total,
// and the newest facetWindow of them in the facets. Their entities are
// counted while they are read.
func (s *Store) ranked(ctx context.Context, res store.SearchResult, sc *fts.BM25, ids []int64, pt []fts.PhraseTokens, after *match, limit int) (store.SearchResult, error) {
	total, capped := len(ids), false
	if total > searchCap {
		total, capped = searchCap, true
	}
	list := make([]match, min(len(ids), facetWindow))
	for i := range list {
		list[i].id = ids[i]
	}
	ents := make(chan facetsOrErr, 1)
	go func() {
		f, err := s.entityFacets(ctx, list)
		ents <- facetsOrErr{f, err}
	}()
	// Title and text only for the matches ranked: the others' rows are
	// read for their outlet and date (the facets), which come before the
	// text.
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.outlet, a.published,
		CASE WHEN j.key < ?1 THEN a.title ELSE '' END, CASE WHEN j.key < ?1 THEN a.text ELSE '' END, a.language
		FROM json_each(?2) j CROSS JOIN articles a ON a.id = j.value`, rankWindow, idList(list))
	var matches []match
	if err == nil {
		matches, err = scanMatches(rows, sc, rankWindow)
	}
	e := <-ents
	if err != nil || e.err != nil {
		return res, errors.Join(err, e.err)
	}
	res, err = s.page(ctx, res, matches, pt, after, limit, e.facets, rankWindow)
	res.Total, res.TotalCapped = total, capped
	res.Ranked = min(total, rankWindow)
	if total > len(list) {
		res.Faceted = len(list)
	}
	return res, err
}

type facetsOrErr struct {
	facets []store.Facet
	err    error
}

// page counts the facets of a search's candidates, newest first, and
// returns the page of the newest rank of them that follows after, best
// first. Entities are counted unless given (ents).
func (s *Store) page(ctx context.Context, res store.SearchResult, matches []match, pt []fts.PhraseTokens, after *match, limit int, ents []store.Facet, rank int) (store.SearchResult, error) {
	var err error
	if len(matches) > searchCap {
		matches, res.TotalCapped = matches[:searchCap], true
	}
	res.Total = len(matches)
	if res.Total == 0 {
		return res, nil
	}
	res.Outlets, res.Years = fieldFacets(matches)
	if res.Entities = ents; ents == nil {
		if res.Entities, err = s.entityFacets(ctx, matches); err != nil {
			return res, err
		}
	}

	matches = matches[:min(rank, len(matches))]
	page, more := fts.Page(matches, before, after, limit)
	if more {
		res.Next = encodeCursor(page[len(page)-1])
	}
	res.Hits, err = s.hits(ctx, pt, page)
	return res, err
}

// driveMax is the most articles a storyline or an entity filter may
// have to drive a search: looking one up in the index by rowid costs some
// tens of microseconds.
const driveMax = 2000

// broad probes each phrase for its newest matches. When one is in more
// articles than broadDocs it returns a scorer for the query and the
// newest matches of its last phrase probed; when a phrase matches nothing
// it returns an empty, non-nil list; otherwise (a narrow query, for
// bm25()) nil and nil.
func (s *Store) broad(ctx context.Context, phrases []fts.Phrase, scope func(string) string) (*fts.BM25, []int64, error) {
	if broadDocs < 0 {
		return nil, nil, nil
	}
	probes := make([][]int64, len(phrases))
	wide := false
	for i, p := range phrases {
		ids, err := s.newest(ctx, scope(phraseExpr(p)))
		if err != nil {
			return nil, nil, fmt.Errorf("search %s: %w", phraseExpr(p), err)
		}
		if len(ids) == 0 {
			return nil, []int64{}, nil
		}
		probes[i], wide = ids, wide || len(ids) > broadDocs
	}
	if !wide {
		return nil, nil, nil
	}
	docs, avgdl, err := s.indexTotals(ctx)
	if err != nil {
		return nil, nil, err
	}
	maxID, err := s.MaxID(ctx)
	if err != nil {
		return nil, nil, err
	}
	sc := &fts.BM25{AvgDL: max(avgdl, 1)}
	for i, p := range phrases {
		sc.Phrases = append(sc.Phrases, p.Tokens())
		sc.IDF = append(sc.IDF, fts.IDF(fts.DocFreq(probes[i], searchCap, maxID, docs), docs))
	}
	return sc, probes[len(probes)-1], nil
}

// fewer reports whether query (SELECT 1 ... with one parameter) has at
// most driveMax rows; it reads no more than one past that.
func (s *Store) fewer(ctx context.Context, query string, arg any) (bool, error) {
	var n int
	err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM (`+query+` LIMIT ?)`, arg, driveMax+1).Scan(&n)
	return n <= driveMax, err
}

// metaLike reports whether a word of expr (joinExpr's) could match one
// of meta's tokens: a letter of o, l, y, m followed by hex digits only. A
// word with a letter beyond ASCII might fold to one (ý to y) and counts.
func metaLike(expr string) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(expr), func(r rune) bool {
		return r == '"' || r == ' ' || r == '*'
	}) {
		if !isASCII(w) || strings.IndexByte("olym", w[0]) >= 0 &&
			strings.Trim(w[1:], "0123456789abcdef") == "" {
			return true
		}
	}
	return false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// metaExpr returns the FTS5 terms (each ending " AND ") that restrict a
// search to the outlet, language and dates asked for, from the meta
// column's tokens (migration 007). They may let through more than asked
// (an outlet's name past 32 bytes, days of a month partly in range) but
// never less: the caller's conditions are exact.
func metaExpr(q store.SearchQuery, r dateRange) string {
	var b strings.Builder
	if q.Outlet != "" {
		o := strings.ToLower(fmt.Sprintf("%X", q.Outlet))
		b.WriteString(`meta : "o` + o[:min(len(o), 64)] + `" AND `)
	}
	if q.Language != "" {
		l := strings.ToLower(fmt.Sprintf("%X", q.Language))
		b.WriteString(`meta : "l` + l[:min(len(l), 32)] + `" AND `)
	}
	if ts := dateTerms(r); len(ts) > 0 {
		b.WriteString(`meta : ("` + strings.Join(ts, `" OR "`) + `") AND `)
	}
	return b.String()
}

// The longest outlet and language (in bytes) whose meta token holds it
// whole (migration 007): a filter on one is exact in the index.
const maxOutletToken, maxLanguageToken = 32, 16

// wholeMonths reports whether the index's year and month tokens
// (dateTerms) cover r exactly: it starts and ends on a month's first day.
func wholeMonths(r dateRange) bool {
	return len(dateTerms(r)) > 0 && strings.HasSuffix(r.lo, "-01") && strings.HasSuffix(r.hi, "-01")
}

// maxDateTerms bounds the years and months a date range becomes; a wider
// range (or an open one) is checked on the matches alone.
const maxDateTerms = 30

// dateTerms covers a closed date range with whole years (y2019) and
// months (m201903).
func dateTerms(r dateRange) []string {
	if r.lo == "" || r.hi == "" {
		return nil
	}
	lo, err1 := time.Parse(time.DateOnly, r.lo)
	hi, err2 := time.Parse(time.DateOnly, r.hi)
	if err1 != nil || err2 != nil || !lo.Before(hi) {
		return nil
	}
	last := hi.AddDate(0, 0, -1)
	y0, m0, y1, m1 := lo.Year(), int(lo.Month()), last.Year(), int(last.Month())
	if y1-y0 > maxDateTerms {
		return nil
	}
	var ts []string
	for y := y0; y <= y1; y++ {
		a, z := 1, 12
		if y == y0 {
			a = m0
		}
		if y == y1 {
			z = m1
		}
		if a == 1 && z == 12 {
			ts = append(ts, fmt.Sprintf("y%04d", y))
			continue
		}
		for m := a; m <= z; m++ {
			ts = append(ts, fmt.Sprintf("m%04d%02d", y, m))
		}
	}
	if len(ts) > maxDateTerms {
		return nil
	}
	return ts
}

// fieldFacets counts outlets (largest first) and years (in order).
func fieldFacets(ms []match) (outlets, years []store.Facet) {
	var c fts.FieldCounts
	for _, m := range ms {
		c.Add(m.outlet, m.published)
	}
	return c.Facets()
}

// idList encodes ids as a JSON array, which json_each reads back: one
// parameter for any number of ids.
func idList(ms []match) string {
	b := make([]byte, 0, len(ms)*8)
	b = append(b, '[')
	for i, m := range ms {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, m.id, 10)
	}
	return string(append(b, ']'))
}

// entityFacets counts the entities the matches name.
func (s *Store) entityFacets(ctx context.Context, ms []match) ([]store.Facet, error) {
	// Names are looked up for the top counts only, not for every row.
	rows, err := s.db.QueryContext(ctx, `SELECT f.entity_id, coalesce(e.name, ''), f.n FROM (
		SELECT ae.entity_id, count(*) AS n
		FROM json_each(?) j CROSS JOIN article_entities ae ON ae.article_id = j.value
		GROUP BY ae.entity_id ORDER BY n DESC, ae.entity_id LIMIT ?) f
		LEFT JOIN entities e ON e.id = f.entity_id ORDER BY f.n DESC, f.entity_id`, idList(ms), fts.FacetLimit)
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

// hits reads one page's fields and snippets, in the page's order.
func (s *Store) hits(ctx context.Context, phrases []fts.PhraseTokens, page []match) ([]store.SearchHit, error) {
	if len(page) == 0 {
		return nil, nil
	}
	out := make([]store.SearchHit, len(page))
	at := make(map[int64]int, len(page))
	for i, m := range page {
		at[m.id] = i
		out[i] = store.SearchHit{ID: m.id, Outlet: m.outlet, Published: m.published, Score: -m.bm25}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT a.id, a.title, a.language, a.event_id, a.storyline_id, a.text
		FROM json_each(?) j CROSS JOIN articles a ON a.id = j.value`, idList(page))
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
		o.Snippet, o.Highlights = fts.Snippet(&t, text, phrases)
	}
	return out, rows.Err()
}
