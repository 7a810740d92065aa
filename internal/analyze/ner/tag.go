package ner

import (
	"github.com/storyline-news/storyline/internal/analyze/text"
)

// Entity is one named entity found in a sentence. Start and End are byte
// offsets into the source string; Text is src[Start:End].
type Entity struct {
	Text  string
	Type  string // PER, ORG, LOC or MISC
	Start int
	End   int
}

// MaxTokens caps the tokens tagged in one sentence; longer sentences are
// tagged in pieces of this size so that time and memory stay bounded.
const MaxTokens = 1000

// Tag returns one IOB2 tag per token ("B-PER", "I-PER", "O" ...).
func (m *Model) Tag(tokens []string) []string {
	return m.TagDocument([][]string{tokens})[0]
}

// TagDocument tags the sentences of one document together: how a word is
// written and tagged elsewhere in the document informs each occurrence, so
// tagging a whole article is more accurate than tagging its sentences
// alone.
func (m *Model) TagDocument(sents [][]string) [][]string {
	spans := m.tagSpans(sents)
	out := make([][]string, len(sents))
	for i, s := range sents {
		out[i] = iob2(len(s), spans[i])
	}
	return out
}

// tagSpans returns the entity spans of each sentence of a document.
// Overlong sentences are tagged in pieces of MaxTokens tokens.
func (m *Model) tagSpans(sents [][]string) [][]span {
	type piece struct{ sent, off int }
	var infos []sentInfo
	var where []piece
	for i, s := range sents {
		off := 0
		for {
			n := min(len(s)-off, MaxTokens)
			infos = append(infos, prepareSentence(s[off:off+n], m.gaz))
			where = append(where, piece{i, off})
			off += n
			if off >= len(s) {
				break
			}
		}
	}
	pred := m.decodeDoc(infos)
	out := make([][]span, len(sents))
	for i, p := range pred {
		w := where[i]
		for _, sp := range m.sch.decode(p) {
			sp.start += w.off
			sp.end += w.off
			out[w.sent] = append(out[w.sent], sp)
		}
	}
	harmonize(sents, out)
	return out
}

// Entities returns the entities of sentence s of src, with byte offsets
// into src.
func (m *Model) Entities(s text.Sentence, src string) []Entity {
	return m.DocumentEntities([]text.Sentence{s}, src)[0]
}

// DocumentEntities returns the entities of each sentence of one document
// (as text.Sentences returns them for src), tagged together as in
// TagDocument.
func (m *Model) DocumentEntities(sents []text.Sentence, src string) [][]Entity {
	toks := make([][]string, len(sents))
	for i, s := range sents {
		toks[i] = make([]string, len(s.Tokens))
		for j, t := range s.Tokens {
			toks[i][j] = t.Text
		}
	}
	out := make([][]Entity, len(sents))
	for i, spans := range m.tagSpans(toks) {
		for _, sp := range spans {
			a, b := sents[i].Tokens[sp.start].Start, sents[i].Tokens[sp.end-1].End
			if a < 0 || b > len(src) || a > b {
				continue // offsets that do not belong to src
			}
			out[i] = append(out[i], Entity{Text: src[a:b], Type: Types[sp.typ], Start: a, End: b})
		}
	}
	return out
}

// decodeDoc returns the tag ids of every sentence of a prepared document.
func (m *Model) decodeDoc(infos []sentInfo) [][]int {
	dc := gatherDoc(infos)
	if m.first != nil {
		dc.hist = buildHist(infos, m.first.decodeWith(infos, dc), m.first.sch)
	}
	return m.decodeWith(infos, dc)
}

func (m *Model) decodeWith(infos []sentInfo, dc *docContext) [][]int {
	out := make([][]int, len(infos))
	var buf []uint64
	var feats [][]uint64
	var e []float32
	for si := range infos {
		s := &infos[si]
		n := len(s.toks)
		buf = buf[:0]
		starts := make([]int, n+1)
		for i := 0; i < n; i++ {
			starts[i] = len(buf)
			buf = extract(buf, s, i, dc)
		}
		starts[n] = len(buf)
		feats = feats[:0]
		for i := 0; i < n; i++ {
			feats = append(feats, buf[starts[i]:starts[i+1]])
		}
		if cap(e) < n*m.k {
			e = make([]float32, n*m.k)
		}
		e = e[:n*m.k]
		m.emissions(feats, e)
		out[si] = make([]int, n)
		viterbi(m.sch, m.k, e, m.trans, out[si])
	}
	return out
}

// buildHist records, for each capitalised word, the entity types the first
// pass gave its occurrences in the document (bit 4: outside any entity).
func buildHist(infos []sentInfo, pred [][]int, sch *scheme) map[uint64]uint8 {
	hist := make(map[uint64]uint8)
	for si, s := range infos {
		inside := make([]int, len(s.toks))
		for i := range inside {
			inside[i] = -1
		}
		for _, sp := range sch.decode(pred[si]) {
			for i := sp.start; i < sp.end; i++ {
				inside[i] = sp.typ
			}
		}
		for i, t := range s.toks {
			if !capitalised(t.flags) {
				continue
			}
			if inside[i] >= 0 {
				hist[t.l] |= 1 << uint(inside[i])
			} else {
				hist[t.l] |= 1 << 4
			}
		}
	}
	return hist
}
