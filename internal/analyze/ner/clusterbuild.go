package ner

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// ClusterCorpus gathers bigram counts of unlabelled text for
// BuildClusters. Text is split into sentences and tokens by
// internal/analyze/text, as the tagger sees it in the product, and each
// token is normalised as the tagger normalises it, with digits mapped to 0.
type ClusterCorpus struct {
	ids    map[string]int32
	words  []string
	counts []int64
	sents  [][]int32
	Tokens int64
	// Lower folds words to lower case before counting.
	Lower bool
}

// NewClusterCorpus returns an empty corpus.
func NewClusterCorpus() *ClusterCorpus {
	return &ClusterCorpus{ids: map[string]int32{}}
}

// Add adds one document's text.
func (c *ClusterCorpus) Add(doc string) {
	for _, s := range text.Sentences(doc) {
		ids := make([]int32, len(s.Tokens))
		for i, t := range s.Tokens {
			w := clusterForm(t.Text)
			if c.Lower {
				w = strings.ToLower(w)
			}
			id, ok := c.ids[w]
			if !ok {
				id = int32(len(c.words))
				c.ids[w] = id
				c.words = append(c.words, w)
				c.counts = append(c.counts, 0)
			}
			c.counts[id]++
			ids[i] = id
		}
		c.Tokens += int64(len(ids))
		c.sents = append(c.sents, ids)
	}
}

// clusterForm is the key of a token in the cluster file: normalised, with
// digits as 0 (hashWord(clusterForm(s), false) == info(s).w).
func clusterForm(s string) string {
	s = normalize(s)
	return strings.Map(func(r rune) rune {
		if '0' <= r && r <= '9' {
			return '0'
		}
		return r
	}, s)
}

// BuildClusters clusters the words seen at least minCount times into
// classes, once for each size, with the exchange algorithm (Kneser & Ney
// 1993; Martin, Liermann & Ney 1998): each word in turn moves to the class
// that most increases the likelihood of the class bigram model, for iters
// passes. It writes one line per word, "word<TAB>id id ...", one id per
// size, sorted by word. Sentence boundaries and rarer words sit in two
// classes of their own that do not take part.
func (c *ClusterCorpus) BuildClusters(w io.Writer, sizes []int, minCount int64, iters int, logw io.Writer) error {
	// Movable words get ids 2.. in order of falling frequency; 0 is the
	// boundary, 1 every rarer word.
	order := make([]int32, 0, len(c.words))
	for i, n := range c.counts {
		if n >= minCount {
			order = append(order, int32(i))
		}
	}
	sort.Slice(order, func(a, b int) bool {
		x, y := order[a], order[b]
		if c.counts[x] != c.counts[y] {
			return c.counts[x] > c.counts[y]
		}
		return c.words[x] < c.words[y]
	})
	remap := make([]int32, len(c.words))
	for i := range remap {
		remap[i] = 1
	}
	for i, id := range order {
		remap[id] = int32(i + 2)
	}
	nv := len(order) + 2
	cnt := make([]int64, nv)
	big := map[uint64]int64{}
	for _, s := range c.sents {
		prev := int32(0)
		cnt[0]++
		for _, id := range s {
			v := remap[id]
			cnt[v]++
			big[uint64(prev)<<32|uint64(v)]++
			prev = v
		}
		big[uint64(prev)<<32]++
	}
	type edge struct {
		w int32
		n int64
	}
	right := make([][]edge, nv)
	left := make([][]edge, nv)
	self := make([]int64, nv)
	keys := make([]uint64, 0, len(big))
	for k := range big {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(a, b int) bool { return keys[a] < keys[b] })
	for _, k := range keys {
		a, b, n := int32(k>>32), int32(k&0xffffffff), big[k]
		if a == b {
			self[a] += n
			continue
		}
		right[a] = append(right[a], edge{b, n})
		left[b] = append(left[b], edge{a, n})
	}
	total := int64(0)
	for _, n := range cnt {
		total += n
	}
	xlogx := make([]float64, total+1)
	for i := int64(1); i <= total; i++ {
		xlogx[i] = float64(i) * math.Log(float64(i))
	}
	fmt.Fprintf(logw, "clusters: %d tokens, %d sentences, %d words of %d seen at least %d times, %d bigrams\n",
		c.Tokens, len(c.sents), nv-2, len(c.words), minCount, len(keys))

	result := make([][]int, len(sizes))
	for si, size := range sizes {
		K := size + 2
		cls := make([]int32, nv)
		for v := 2; v < nv; v++ {
			cls[v] = int32(2 + (v-2)%size)
		}
		cls[1] = 1
		N := make([]int64, K*K)
		Nc := make([]int64, K)
		for _, k := range keys {
			N[int(cls[k>>32])*K+int(cls[k&0xffffffff])] += big[k]
		}
		for v := 0; v < nv; v++ {
			Nc[cls[v]] += cnt[v]
		}
		rd := make([]int64, K)
		ld := make([]int64, K)
		var rt, lt []int32
		move := func(v int32, c int32, sign int64) {
			for _, d := range rt {
				N[int(c)*K+int(d)] += sign * rd[d]
			}
			for _, d := range lt {
				N[int(d)*K+int(c)] += sign * ld[d]
			}
			N[int(c)*K+int(c)] += sign * self[v]
			Nc[c] += sign * cnt[v]
		}
		for it := 0; it < iters; it++ {
			moved := 0
			for v := int32(2); v < int32(nv); v++ {
				rt, lt = rt[:0], lt[:0]
				for _, e := range right[v] {
					d := cls[e.w]
					if rd[d] == 0 {
						rt = append(rt, d)
					}
					rd[d] += e.n
				}
				for _, e := range left[v] {
					d := cls[e.w]
					if ld[d] == 0 {
						lt = append(lt, d)
					}
					ld[d] += e.n
				}
				a := cls[v]
				move(v, a, -1)
				best, bestD := a, math.Inf(-1)
				for c := int32(2); c < int32(K); c++ {
					row := N[int(c)*K : int(c)*K+K]
					delta := 0.0
					for _, d := range rt {
						if d != c {
							delta += xlogx[row[d]+rd[d]] - xlogx[row[d]]
						}
					}
					for _, d := range lt {
						if d != c {
							x := N[int(d)*K+int(c)]
							delta += xlogx[x+ld[d]] - xlogx[x]
						}
					}
					if cc := rd[c] + ld[c] + self[v]; cc != 0 {
						delta += xlogx[row[c]+cc] - xlogx[row[c]]
					}
					delta -= 2 * (xlogx[Nc[c]+cnt[v]] - xlogx[Nc[c]])
					if delta > bestD+1e-9 || (c == a && delta >= bestD-1e-9) {
						best, bestD = c, delta
					}
				}
				if best != a {
					moved++
				}
				cls[v] = best
				move(v, best, +1)
				for _, d := range rt {
					rd[d] = 0
				}
				for _, d := range lt {
					ld[d] = 0
				}
			}
			fmt.Fprintf(logw, "  %d classes, pass %d: %d words moved\n", size, it+1, moved)
			if moved*1000 < nv {
				break
			}
		}
		result[si] = make([]int, nv)
		for v := range cls {
			result[si][v] = int(cls[v]) - 2
		}
	}
	type line struct {
		w string
		v int
	}
	lines := make([]line, 0, len(order))
	for i, id := range order {
		lines = append(lines, line{c.words[id], i + 2})
	}
	sort.Slice(lines, func(a, b int) bool { return lines[a].w < lines[b].w })
	bw := bufio.NewWriter(w)
	for _, l := range lines {
		if strings.ContainsAny(l.w, "\t\n") {
			continue
		}
		bw.WriteString(l.w)
		for si := range sizes {
			fmt.Fprintf(bw, "\t%d", result[si][l.v])
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}
