package cluster

import (
	"slices"
	"testing"
)

// groupVec builds a content vector from feature ids and one weight.
func groupVec(w float32, hs ...uint32) vec {
	v := make(vec, len(hs))
	for i, h := range hs {
		v[i] = term{h: h, w: w}
	}
	return v
}

func joinVecs(vs ...vec) vec {
	var out vec
	for _, v := range vs {
		out = append(out, v...)
	}
	out.sortByHash()
	return out
}

// siblingsWithOutlier builds exemplars of two happenings that share part of
// their vocabulary (a wider one of 6, the other of 5) and, in the first, a
// loosely written report: the least similar pair then involves it.
func siblingsWithOutlier() (xs []*exemplar, group map[int32]int) {
	group = map[int32]int{}
	add := func(g int, v vec) {
		x := &exemplar{doc: int32(len(xs)), content: v, day: noDay}
		group[x.doc] = g
		xs = append(xs, x)
	}
	for i := uint32(0); i < 6; i++ {
		add(0, joinVecs(groupVec(1, 1, 2, 3, 4, 5), groupVec(1, 100+i)))
	}
	add(0, joinVecs(groupVec(0.6, 1, 2, 3), groupVec(1, 300, 301, 302, 303, 304, 305)))
	for i := uint32(0); i < 5; i++ {
		add(1, joinVecs(groupVec(0.8, 1, 2, 3), groupVec(1, 6, 7, 8, 9), groupVec(1, 200+i)))
	}
	return xs, group
}

// TestSpectralBisectFindsSiblings: the normalised cut separates two
// happenings where 2-means from the least similar pair cuts off the
// outlier's side wrongly; with fewer than four exemplars nothing is split.
func TestSpectralBisectFindsSiblings(t *testing.T) {
	c := New(DefaultConfig())
	xs, group := siblingsWithOutlier()
	pure := func(a, b []*exemplar) bool {
		for _, part := range [][]*exemplar{a, b} {
			if len(part) == 0 {
				return false
			}
			for _, x := range part {
				if group[x.doc] != group[part[0].doc] {
					return false
				}
			}
		}
		return true
	}
	if a, b := c.twoMeans(xs, c.pairScores(xs)); pure(a, b) {
		t.Fatalf("fixture: 2-means finds the groups too (%d / %d); it no longer shows the difference", len(a), len(b))
	}
	a, b := c.spectralBisect(xs, c.pairScores(xs))
	if !pure(a, b) || len(a) != 7 || len(b) != 5 {
		ids := func(p []*exemplar) (s []int32) {
			for _, x := range p {
				s = append(s, x.doc)
			}
			slices.Sort(s)
			return s
		}
		t.Errorf("spectralBisect = %v / %v, want docs 0-6 / 7-11", ids(a), ids(b))
	}
	if a, b := c.spectralBisect(xs[:3], c.pairScores(xs[:3])); len(a) != 3 || b != nil {
		t.Errorf("three exemplars split into %d / %d", len(a), len(b))
	}
}
