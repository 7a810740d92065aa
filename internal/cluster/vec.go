package cluster

import (
	"cmp"
	"math"
	"slices"
)

// term is one weighted feature of a sparse vector.
type term struct {
	h uint32  // feature id (termHash)
	w float32 // raw weight, before inverse document frequency
}

// vec is a sparse vector sorted by feature id.
type vec []term

func (v vec) sortByHash() {
	slices.SortFunc(v, func(a, b term) int { return cmp.Compare(a.h, b.h) })
}

// normalize scales v to unit length (raw weights).
func (v vec) normalize() {
	var s float64
	for _, t := range v {
		s += float64(t.w) * float64(t.w)
	}
	if s == 0 {
		return
	}
	n := float32(1 / math.Sqrt(s))
	for i := range v {
		v[i].w *= n
	}
}

// byWeight returns a copy of v ordered by descending weight.
func (v vec) byWeight() vec {
	c := append(vec(nil), v...)
	slices.SortFunc(c, byWeightDesc)
	return c
}

// byWeightDesc orders terms by descending weight, then by feature id.
func byWeightDesc(a, b term) int {
	if a.w != b.w {
		return cmp.Compare(b.w, a.w)
	}
	return cmp.Compare(a.h, b.h)
}

// weigher gives each feature its inverse document frequency.
type weigher interface {
	idf(h uint32) float64
}

// unitWeight weighs every feature 1: for vectors already multiplied by idf.
type unitWeight struct{}

func (unitWeight) idf(uint32) float64 { return 1 }

// weighted returns a copy of v with each weight multiplied by its idf.
func weighted(v vec, wt weigher) vec {
	out := make(vec, len(v))
	for i, t := range v {
		out[i] = term{t.h, t.w * float32(wt.idf(t.h))}
	}
	return out
}

// cosine is the cosine of a and b after weighting each feature by its idf.
func cosine(a, b vec, wt weigher) float64 {
	if len(a) == 0 || len(b) == 0 {
		return 0
	}
	var dot, na, nb float64
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].h < b[j].h:
			x := float64(a[i].w) * wt.idf(a[i].h)
			na += x * x
			i++
		case a[i].h > b[j].h:
			y := float64(b[j].w) * wt.idf(b[j].h)
			nb += y * y
			j++
		default:
			idf := wt.idf(a[i].h)
			x := float64(a[i].w) * idf
			y := float64(b[j].w) * idf
			dot += x * y
			na += x * x
			nb += y * y
			i++
			j++
		}
	}
	for ; i < len(a); i++ {
		x := float64(a[i].w) * wt.idf(a[i].h)
		na += x * x
	}
	for ; j < len(b); j++ {
		y := float64(b[j].w) * wt.idf(b[j].h)
		nb += y * y
	}
	if na == 0 || nb == 0 {
		return 0
	}
	return dot / math.Sqrt(na*nb)
}

// addScaled returns a + s*b as a new vector.
func addScaled(a, b vec, s float32) vec {
	out := make(vec, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].h < b[j].h:
			out = append(out, a[i])
			i++
		case a[i].h > b[j].h:
			out = append(out, term{b[j].h, b[j].w * s})
			j++
		default:
			out = append(out, term{a[i].h, a[i].w + b[j].w*s})
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	for ; j < len(b); j++ {
		out = append(out, term{b[j].h, b[j].w * s})
	}
	return out
}

// prune keeps the k features of v with the largest weight*idf.
func prune(v vec, k int, wt weigher) vec {
	if len(v) <= k {
		return v
	}
	type sc struct {
		i int
		s float64
	}
	s := make([]sc, len(v))
	for i, t := range v {
		s[i] = sc{i, float64(t.w) * wt.idf(t.h)}
	}
	slices.SortFunc(s, func(a, b sc) int {
		if a.s != b.s {
			return cmp.Compare(b.s, a.s)
		}
		return cmp.Compare(v[a.i].h, v[b.i].h)
	})
	out := make(vec, 0, k)
	for _, x := range s[:k] {
		out = append(out, v[x.i])
	}
	out.sortByHash()
	return out
}

// qterm is a feature of a query vector: raw weight times idf, and the idf.
type qterm struct {
	h   uint32
	w   float32
	idf float32
}

// qvec is a vector weighted by idf once, with its norm, so that comparing
// it with many centroids needs no idf look-ups but for their norms.
type qvec struct {
	t    []qterm
	norm float64
}

func makeQuery(v vec, wt weigher) qvec {
	q := qvec{t: make([]qterm, len(v))}
	for i, x := range v {
		idf := wt.idf(x.h)
		w := float64(x.w) * idf
		q.t[i] = qterm{x.h, float32(w), float32(idf)}
		q.norm += w * w
	}
	q.norm = math.Sqrt(q.norm)
	return q
}

// vnorm is the length of v weighted by idf.
func vnorm(v vec, wt weigher) float64 {
	var s float64
	for _, x := range v {
		w := float64(x.w) * wt.idf(x.h)
		s += w * w
	}
	return math.Sqrt(s)
}

// cosQ is the idf-weighted cosine of a query and a raw vector whose
// idf-weighted norm is bnorm.
func cosQ(q qvec, b vec, bnorm float64) float64 {
	if q.norm == 0 || bnorm == 0 {
		return 0
	}
	var dot float64
	i, j := 0, 0
	for i < len(q.t) && j < len(b) {
		switch {
		case q.t[i].h < b[j].h:
			i++
		case q.t[i].h > b[j].h:
			j++
		default:
			dot += float64(q.t[i].w) * float64(b[j].w) * float64(q.t[i].idf)
			i++
			j++
		}
	}
	return dot / (q.norm * bnorm)
}

// normCache keeps the idf-weighted norms of a profile's three vectors
// (content, names, headline) until the vectors change or the collection
// has grown by a few percent, which moves idf only a little.
type normCache struct {
	n  [3]float64
	at int // documents counted when computed; 0 = stale
}

// label is the display name of a feature.
type label struct {
	h uint32
	s string
}

// labelSet is a small set of display names, searched linearly: an event
// keeps at most maxLabels of them.
type labelSet []label

// maxLabels caps the display names an event keeps.
const maxLabels = 32

func (l labelSet) get(h uint32) (string, bool) {
	for _, x := range l {
		if x.h == h {
			return x.s, true
		}
	}
	return "", false
}

func (l *labelSet) add(h uint32, s string) {
	if _, ok := l.get(h); !ok {
		*l = append(*l, label{h, s})
	}
}
