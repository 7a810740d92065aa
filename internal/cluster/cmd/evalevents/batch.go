package main

import (
	"math"
	"sort"
	"strings"
	"unicode"
)

// batchStop are the function words left out of the reference's vectors.
var batchStop = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`a an the and or but if of at by for with about against between into through
during before after above below to from up down in out on off over under again further then once here there when
where why how all any both each few more most other some such no nor not only own same so than too very s t can
will just don should now i me my we our you your he him his she her it its they them their what which who whom
this that these those am is are was were be been being have has had having do does did doing would could said
says also n't 's`) {
		m[w] = true
	}
	return m
}()

// batchReference clusters all documents at once: TF-IDF (sublinear tf,
// smoothed idf, unit length) over lower-cased words, cosine similarity,
// complete-link agglomeration. The cut is tuned on the same documents: the
// best F1 over cosine thresholds 0.01..0.99.
func batchReference(docs []ecbDoc) (thr, p, r, f float64) {
	n := len(docs)
	tfs := make([]map[string]float64, n)
	df := map[string]int{}
	for i, d := range docs {
		tf := map[string]float64{}
		for _, w := range strings.FieldsFunc(strings.ToLower(d.Text), func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r)
		}) {
			if !batchStop[w] {
				tf[w]++
			}
		}
		for w := range tf {
			df[w]++
		}
		tfs[i] = tf
	}
	vecs := make([]map[string]float64, n)
	for i, tf := range tfs {
		v := map[string]float64{}
		var norm float64
		for w, c := range tf {
			x := (1 + math.Log(c)) * (math.Log(float64(n+1)/float64(df[w]+1)) + 1)
			v[w] = x
			norm += x * x
		}
		norm = math.Sqrt(norm)
		for w := range v {
			v[w] /= norm
		}
		vecs[i] = v
	}
	// Complete link: cluster distance is the largest pairwise distance;
	// d(k, i∪j) = max(d(k,i), d(k,j)).
	dist := make([][]float64, n)
	for i := range dist {
		dist[i] = make([]float64, n)
	}
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			var dot float64
			a, b := vecs[i], vecs[j]
			if len(a) > len(b) {
				a, b = b, a
			}
			for w, x := range a {
				dot += x * b[w]
			}
			dist[i][j], dist[j][i] = 1-dot, 1-dot
		}
	}
	alive := make([]bool, n)
	for i := range alive {
		alive[i] = true
	}
	type step struct {
		a, b int
		h    float64
	}
	var steps []step
	for {
		bi, bj, bd := -1, -1, math.Inf(1)
		for i := 0; i < n; i++ {
			if !alive[i] {
				continue
			}
			for j := i + 1; j < n; j++ {
				if alive[j] && dist[i][j] < bd {
					bi, bj, bd = i, j, dist[i][j]
				}
			}
		}
		if bi < 0 || bd >= 1 {
			break
		}
		steps = append(steps, step{bi, bj, bd})
		alive[bj] = false
		for k := 0; k < n; k++ {
			if k != bi && alive[k] {
				m := math.Max(dist[bi][k], dist[bj][k])
				dist[bi][k], dist[k][bi] = m, m
			}
		}
	}
	sort.SliceStable(steps, func(i, j int) bool { return steps[i].h < steps[j].h })
	gold := make([]string, n)
	for i, d := range docs {
		gold[i] = d.EventCluster
	}
	bestF := -1.0
	for t := 0.01; t < 1; t += 0.01 {
		parent := make([]int, n)
		for i := range parent {
			parent[i] = i
		}
		find := func(x int) int {
			for parent[x] != x {
				parent[x] = parent[parent[x]]
				x = parent[x]
			}
			return x
		}
		for _, s := range steps {
			if 1-s.h < t {
				break
			}
			parent[find(s.b)] = find(s.a)
		}
		pred := make([]int64, n)
		for i := range pred {
			pred[i] = int64(find(i))
		}
		pp, rr, ff := bcubed(pred, gold)
		if ff > bestF {
			thr, p, r, f, bestF = t, pp, rr, ff, ff
		}
	}
	return thr, p, r, f
}
