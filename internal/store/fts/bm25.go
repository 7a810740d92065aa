package fts

import (
	"math"
	"strings"
)

// BM25's parameters, as FTS5's bm25() fixes them, and the weight of a
// title's words against 1 for the text's.
const (
	K1          = 1.2
	B           = 0.75
	TitleWeight = 4.0
)

// BM25 scores articles for a query's phrases as FTS5's bm25() does with
// weights TitleWeight and 1, but higher is better: IDF holds each phrase's
// IDF, AvgDL the corpus's average length in tokens.
type BM25 struct {
	Phrases []PhraseTokens
	IDF     []float64
	AvgDL   float64
	title   Tokenizer
	text    Tokenizer
}

// Score returns the BM25 of an article: its title and text, and extra
// tokens that count in its length (SQLite's index has a column of
// filter tokens).
func (b *BM25) Score(title, text string, extra int) float64 {
	b.title.Reset(title)
	b.text.Reset(text)
	dl := float64(b.title.N() + b.text.N() + extra)
	norm := K1 * (1 - B + B*dl/b.AvgDL)
	score := 0.0
	for i := range b.Phrases {
		p := &b.Phrases[i]
		f := TitleWeight*float64(p.Count(&b.title)) + float64(p.Count(&b.text))
		if f == 0 {
			f = 1 // the article matched: a word the tokenizers read apart
		}
		score += b.IDF[i] * f * (K1 + 1) / (f + norm)
	}
	return score
}

// IDF is FTS5's: log((N - n + 0.5) / (n + 0.5)) for a phrase in n of N
// articles, 1e-6 where that is not positive.
func IDF(n, docs float64) float64 {
	v := math.Log((docs - n + 0.5) / (n + 0.5))
	if v <= 0 {
		return 1e-6
	}
	return v
}

// DocFreq is the number of articles holding a phrase, from its newest
// matches (ids, newest first, read up to limit+1): exact when they are all
// of them, else estimated from their density among the ids they span, out
// of maxID, and clamped to [len(ids), docs].
func DocFreq(ids []int64, limit int, maxID int64, docs float64) float64 {
	k := float64(len(ids))
	if len(ids) <= limit || maxID <= 0 {
		return k
	}
	span := float64(ids[0] - ids[len(ids)-1] + 1)
	return min(max(k*float64(maxID)/span, k), max(docs, k))
}

// MetaTokens counts the tokens the SQLite store's index holds for an
// article's filters (its outlet, language, year and month: migration 007
// of that store), which count in its length for BM25. The PostgreSQL store
// counts them too, so that both rank alike.
func MetaTokens(outlet, language, published string) int {
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
