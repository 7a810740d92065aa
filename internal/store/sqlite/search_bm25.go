package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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

// phrase is one term of a user's query: its words, the last a prefix when
// prefix is set.
type phrase struct {
	words  []string
	prefix bool
}

// expr is the phrase as joinExpr writes it.
func (p phrase) expr() string {
	e := `"` + strings.Join(p.words, " ") + `"`
	if p.prefix {
		e += " *"
	}
	return e
}

// phraseTokens is a phrase as the index's tokenizer reads it: folded
// tokens, to compare with an article's.
type phraseTokens struct {
	toks   [][]byte
	prefix bool
}

func (p phrase) tokens() phraseTokens {
	var t tokenizer
	t.reset(strings.Join(p.words, " "))
	pt := phraseTokens{prefix: p.prefix}
	for i := range t.n() {
		pt.toks = append(pt.toks, append([]byte(nil), t.tok(i)...))
	}
	return pt
}

// tokenizer splits text as FTS5's unicode61 tokenizer with
// remove_diacritics 2 does: runs of letters, digits and private-use
// characters, lower-cased, with diacritics removed from Latin letters
// (combining marks dropped). A token already folded stays in the text;
// the others are folded into one buffer, reused from text to text.
type tokenizer struct {
	src   string
	buf   []byte
	spans []span
}

// span is a token: src[a:b], or buf[a:b] when folded; it was read from
// src[sa:sb] either way.
type span struct {
	a, b   int32
	sa, sb int32
	folded bool
}

// plain marks the bytes that a token holds as they are: a-z and 0-9.
var plain = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()

func (t *tokenizer) n() int { return len(t.spans) }

func (t *tokenizer) tok(i int) []byte {
	sp := t.spans[i]
	if sp.folded {
		return t.buf[sp.a:sp.b]
	}
	return []byte(t.src[sp.a:sp.b])
}

// is reports whether token i is want, or starts with it when prefix.
func (t *tokenizer) is(i int, want []byte, prefix bool) bool {
	sp := t.spans[i]
	if prefix && int(sp.b-sp.a) > len(want) {
		sp.b = sp.a + int32(len(want))
	}
	if sp.folded {
		return string(t.buf[sp.a:sp.b]) == string(want)
	}
	return t.src[sp.a:sp.b] == string(want)
}

func (t *tokenizer) reset(s string) {
	t.src, t.buf, t.spans = s, t.buf[:0], t.spans[:0]
	for i := 0; i < len(s); {
		// A run of plain bytes, the common token, stays in s.
		start := i
		for i < len(s) && plain[s[i]] {
			i++
		}
		if i == len(s) || s[i] < utf8.RuneSelf && !('A' <= s[i] && s[i] <= 'Z') {
			if i > start {
				t.spans = append(t.spans, span{a: int32(start), b: int32(i), sa: int32(start), sb: int32(i)})
			} else {
				i++ // a separator
			}
			continue
		}
		// A token to fold (or a separator beyond ASCII).
		a := len(t.buf)
		t.buf = append(t.buf, s[start:i]...)
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if plain[c] {
					t.buf = append(t.buf, c)
				} else if 'A' <= c && c <= 'Z' {
					t.buf = append(t.buf, c+'a'-'A')
				} else {
					break
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.Is(unicode.Mn, r) {
				// a combining mark: part of a token, removed from it
			} else if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) {
				t.buf = appendFolded(t.buf, r)
			} else {
				if len(t.buf) == a {
					i += size // a separator: the next token starts past it
				}
				break
			}
			i += size
		}
		if len(t.buf) > a {
			t.spans = append(t.spans, span{a: int32(a), b: int32(len(t.buf)), sa: int32(start), sb: int32(i), folded: true})
		}
	}
}

// appendFolded appends r lower-cased and without its diacritics.
func appendFolded(b []byte, r rune) []byte {
	r = unicode.ToLower(r)
	if !unicode.Is(unicode.Latin, r) {
		return utf8.AppendRune(b, r) // FTS5 removes diacritics from Latin letters only
	}
	var d [16]byte
	n := utf8.EncodeRune(d[:], r)
	dec := norm.NFD.Append(nil, d[:n]...)
	if base, size := utf8.DecodeRune(dec); size < len(dec) && (unicode.IsLetter(base) || unicode.IsNumber(base)) {
		rest := string(dec[size:])
		if strings.IndexFunc(rest, func(m rune) bool { return !unicode.Is(unicode.Mn, m) }) < 0 {
			return utf8.AppendRune(b, base)
		}
	}
	return utf8.AppendRune(b, r)
}

// count returns how often p occurs in t's tokens.
func (p *phraseTokens) count(t *tokenizer) int {
	k := len(p.toks)
	if k == 0 {
		return 0
	}
	n := 0
	for i := 0; i+k <= t.n(); i++ {
		j := 0
		for j < k && t.is(i+j, p.toks[j], p.prefix && j == k-1) {
			j++
		}
		if j == k {
			n++
		}
	}
	return n
}

// bm25 scores articles for a query's phrases as FTS5's bm25() does with
// weights titleWeight, 1 and 0 (meta), lower being better.
type bm25 struct {
	phrases []phraseTokens
	idf     []float64
	avgdl   float64
	title   tokenizer
	text    tokenizer
}

// score returns the BM25 of an article: its title and text, and the
// number of meta tokens it has, which count in its length as in FTS5's.
func (b *bm25) score(title, text string, meta int) float64 {
	b.title.reset(title)
	b.text.reset(text)
	dl := float64(b.title.n() + b.text.n() + meta)
	norm := bm25K1 * (1 - bm25B + bm25B*dl/b.avgdl)
	score := 0.0
	for i := range b.phrases {
		p := &b.phrases[i]
		f := titleWeight*float64(p.count(&b.title)) + float64(p.count(&b.text))
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
