package cluster

import (
	"math"
	"sort"
)

// spectralBisect splits exemplars in two by the normalised cut of their
// similarity graph (Shi and Malik): the second eigenvector of the
// normalised affinity matrix orders them, and the cut along that order
// with the lowest normalised cut wins. Unlike 2-means from the least
// similar pair, it does not cut off one or two outliers, which a
// normalised cut charges for.
func (c *Clusterer) spectralBisect(xs []*exemplar, pair [][]float64) (a, b []*exemplar) {
	n := len(xs)
	if n < 4 {
		return xs, nil
	}
	s := make([][]float64, n)
	for i := range s {
		s[i] = make([]float64, n)
		for j := range s[i] {
			if i != j {
				s[i][j] = (pair[i][j] + pair[j][i]) / 2
			}
		}
	}
	d := make([]float64, n)
	for i := range s {
		for j := range s[i] {
			d[i] += s[i][j]
		}
		if d[i] <= 0 {
			d[i] = 1e-9
		}
	}
	// M = D^-1/2 S D^-1/2 has top eigenvector D^1/2·1; power iteration on
	// M + I, kept orthogonal to it, finds the second.
	top := make([]float64, n)
	var tn float64
	for i := range top {
		top[i] = math.Sqrt(d[i])
		tn += d[i]
	}
	tn = math.Sqrt(tn)
	for i := range top {
		top[i] /= tn
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = float64(i%3) - 1 + 0.01*float64(i)
	}
	w := make([]float64, n)
	for it := 0; it < 200; it++ {
		dot := 0.0
		for i := range v {
			dot += v[i] * top[i]
		}
		for i := range v {
			v[i] -= dot * top[i]
		}
		for i := 0; i < n; i++ {
			sum := v[i]
			for j := 0; j < n; j++ {
				sum += s[i][j] / math.Sqrt(d[i]*d[j]) * v[j]
			}
			w[i] = sum
		}
		norm := 0.0
		for _, x := range w {
			norm += x * x
		}
		norm = math.Sqrt(norm)
		if norm == 0 {
			return xs, nil
		}
		for i := range v {
			v[i] = w[i] / norm
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
		v[i] /= math.Sqrt(d[i])
	}
	sort.Slice(order, func(i, j int) bool { return v[order[i]] < v[order[j]] })
	var vol float64
	for _, x := range d {
		vol += x
	}
	in := make([]bool, n)
	best, bestK := math.Inf(1), -1
	var volA, cut float64
	for k := 0; k < n-1; k++ {
		i := order[k]
		in[i] = true
		volA += d[i]
		for j := 0; j < n; j++ {
			if j == i {
				continue
			}
			if in[j] {
				cut -= s[i][j]
			} else {
				cut += s[i][j]
			}
		}
		if k+1 < c.cfg.SplitMinPart || n-k-1 < c.cfg.SplitMinPart {
			continue
		}
		if nc := cut/volA + cut/(vol-volA); nc < best {
			best, bestK = nc, k
		}
	}
	if bestK < 0 {
		return xs, nil
	}
	for k, i := range order {
		if k <= bestK {
			a = append(a, xs[i])
		} else {
			b = append(b, xs[i])
		}
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	return a, b
}
