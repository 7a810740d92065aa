// Package ner tags named entities (PER, ORG, LOC, MISC) in tokenised
// sentences with a structured averaged perceptron: hashed word, shape,
// affix, context, gazetteer and document-level features score each tag,
// and Viterbi decoding over tag bigrams picks the best sequence.
//
// A model trained on CoNLL-2003 is embedded in the binary and loaded once by
// Default; Train and cmd/trainner rebuild it. See README.md for the figures.
package ner

import (
	"math"
)

// Model is a trained tagger. It is safe for concurrent use.
type Model struct {
	sch   *scheme
	k     int       // number of tags
	trans []float32 // (k+1)*k: row k is the sentence start
	tab   table     // feature hash -> weight row
	gaz   *gazetteer
	// first, when set, is a first-pass model whose predictions over the
	// whole document feed the document-history features of this one.
	first *Model
	// Meta describes how the model was made.
	Meta Meta
}

// Meta records how a model was trained, for documentation. It holds no
// timing, so that training twice writes the same bytes.
type Meta struct {
	TrainedOn string  `json:"trained_on"`
	Epochs    int     `json:"epochs"`
	DevF1     float64 `json:"dev_f1"`
	Features  int     `json:"features"`
}

// table maps 64-bit feature hashes to rows of k weights with open
// addressing. During training dense is used instead (see trainer).
type table struct {
	// filter is a one-hash Bloom filter of the keys: most features of a
	// token have no weights, and the filter, small enough for the L2
	// cache, rejects them without touching the larger slot array.
	filter []uint64
	slots  []tslot // key 0 marks an empty slot
	rows   []int16 // quantised weights, len = rows*k
	scale  float32 // weight = int16 * scale
	mask   uint64
}

// tslot keeps a key next to its row index so that a probe touches one
// cache line.
type tslot struct {
	key uint64
	row int32
}

func slot(h uint64) uint64 { return (h ^ h>>31) * 0x9E3779B97F4A7C15 >> 7 }

func newTable(n int) table {
	size := 1
	for size < 2*n+2 {
		size <<= 1
	}
	return table{slots: make([]tslot, size), mask: uint64(size - 1), filter: make([]uint64, filterBits/64)}
}

// filterBits is the size of the key filter: 128 KiB.
const filterBits = 1 << 20

func filterBit(h uint64) uint64 { return h >> (64 - 20) }

func (t *table) insert(h uint64, row int32) {
	if h == 0 {
		h = 1
	}
	b := filterBit(h)
	t.filter[b/64] |= 1 << (b % 64)
	for i := slot(h) & t.mask; ; i = (i + 1) & t.mask {
		if t.slots[i].key == 0 || t.slots[i].key == h {
			t.slots[i] = tslot{h, row}
			return
		}
	}
}

func (t *table) lookup(h uint64) int32 {
	if h == 0 {
		h = 1
	}
	if b := filterBit(h); t.filter[b/64]&(1<<(b%64)) == 0 {
		return -1
	}
	for i := slot(h) & t.mask; ; i = (i + 1) & t.mask {
		switch t.slots[i].key {
		case h:
			return t.slots[i].row
		case 0:
			return -1
		}
	}
}

// emissions fills e (n*k) with the tag scores of each token's features.
func (m *Model) emissions(feats [][]uint64, e []float32) {
	k := m.k
	acc := make([]int32, k)
	for i, fs := range feats {
		for j := range acc {
			acc[j] = 0
		}
		for _, h := range fs {
			r := m.tab.lookup(h)
			if r < 0 {
				continue
			}
			row := m.tab.rows[int(r)*k : int(r)*k+k]
			for j, w := range row {
				acc[j] += int32(w)
			}
		}
		for j := range acc {
			e[i*k+j] = float32(acc[j]) * m.tab.scale
		}
	}
}

// viterbi returns the best tag sequence for emission scores e (n*k) under
// transition scores trans and the scheme's constraints.
func viterbi(sch *scheme, k int, e, trans []float32, out []int) {
	n := len(out)
	if n == 0 {
		return
	}
	negInf := float32(math.Inf(-1))
	score := make([]float32, n*k)
	back := make([]int32, n*k)
	for c := 0; c < k; c++ {
		if sch.allowed[k][c] {
			score[c] = trans[k*k+c] + e[c]
		} else {
			score[c] = negInf
		}
	}
	for i := 1; i < n; i++ {
		prev := score[(i-1)*k : i*k]
		for c := 0; c < k; c++ {
			best, arg := negInf, int32(0)
			for _, p := range sch.prevs[c] {
				if s := prev[p] + trans[int(p)*k+c]; s > best {
					best, arg = s, p
				}
			}
			score[i*k+c] = best + e[i*k+c]
			back[i*k+c] = arg
		}
	}
	best, arg := negInf, 0
	for c := 0; c < k; c++ {
		if sch.final[c] && score[(n-1)*k+c] > best {
			best, arg = score[(n-1)*k+c], c
		}
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(back[i*k+arg])
	}
}
