package cluster

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// refCandidates is candidates written plainly: a map of scores and a full
// sort.
func refCandidates(c *Clusterer, content, ents vec) []int32 {
	acc := map[int32]float64{}
	for _, t := range c.queryTerms(content, ents, c.cfg.QueryTerms) {
		for _, e := range c.postings[t.h] {
			acc[c.root(e)] += float64(t.w)
		}
	}
	var out []int32
	for e := range acc {
		out = append(out, e)
	}
	slices.SortFunc(out, func(a, b int32) int {
		switch {
		case acc[a] > acc[b]:
			return -1
		case acc[a] < acc[b]:
			return 1
		}
		return int(a - b)
	})
	if len(out) > c.cfg.MaxCandidates {
		out = out[:c.cfg.MaxCandidates]
	}
	return out
}

func TestCandidatesMatchReference(t *testing.T) {
	// Random postings over many events, queried again and again: the
	// selection must give the reference's order, and scratch scores must
	// be reset after every call.
	cfg := DefaultConfig()
	cfg.MaxCandidates = 5
	c := New(cfg)
	const nEvents, nFeatures = 200, 40
	for i := 0; i < nEvents; i++ {
		c.events = append(c.events, &event{id: int64(i + 1), parent: int32(i)})
	}
	r := rand.New(rand.NewPCG(1, 2))
	for h := uint32(1); h <= nFeatures; h++ {
		for _, e := range r.Perm(nEvents)[:1+r.IntN(60)] {
			c.postings[h] = append(c.postings[h], int32(e))
		}
	}
	for q := 0; q < 300; q++ {
		var v vec
		for h := uint32(1); h <= nFeatures; h++ {
			if r.IntN(4) == 0 {
				v = append(v, term{h: h, w: float32(1 + r.IntN(5))})
			}
		}
		got := c.candidates(v, nil)
		want := refCandidates(c, v, nil)
		if !slices.Equal(got, want) {
			t.Fatalf("query %d: candidates = %v, want %v", q, got, want)
		}
	}
	for e, s := range c.accScore {
		if s != 0 {
			t.Fatalf("scratch score of event %d left at %v", e, s)
		}
	}
}
