package cluster

import (
	"fmt"
	"sort"
	"strings"
)

// exemplar is the vectors of one original article, kept while its event is
// young (at most MaxExemplars originals, updated recently) so that later
// evidence can correct where the article went.
type exemplar struct {
	doc                  int32
	content, ents, title vec
	day                  int32
	recalls              []span
	actors               []uint32  // sorted keys of the people and organisations named
	norms                normCache // of content, ents, title (the link model's cosines)
}

// exScore scores an idf-weighted exemplar against a profile of
// idf-weighted exemplars.
func (c *Clusterer) exScore(x *exemplar, e *event) float64 {
	return c.scoreW(x.content, x.ents, x.title, x.day, x.day, x.recalls, e, unitWeight{})
}

// exLike is exScore without the span bound, for the split's own
// similarities.
func (c *Clusterer) exLike(x *exemplar, e *event) float64 {
	return c.scoreWB(x.content, x.ents, x.title, x.day, x.day, x.recalls, e, unitWeight{})
}

// weighExemplars returns idf-weighted copies of xs, so that the many
// similarities of a split or relocation need no idf look-ups. Weighted
// copies share their doc index with the originals.
func (c *Clusterer) weighExemplars(xs []*exemplar) []*exemplar {
	out := make([]*exemplar, len(xs))
	for i, x := range xs {
		out[i] = &exemplar{doc: x.doc, day: x.day, recalls: x.recalls, actors: x.actors,
			content: weighted(x.content, c), ents: weighted(x.ents, c), title: weighted(x.title, c)}
	}
	return out
}

// originals maps weighted copies back to the exemplars they were made from.
func originals(ws []*exemplar, byDoc map[int32]*exemplar) []*exemplar {
	out := make([]*exemplar, len(ws))
	for i, w := range ws {
		out[i] = byDoc[w.doc]
	}
	return out
}

func exemplarIndex(xs []*exemplar) map[int32]*exemplar {
	m := make(map[int32]*exemplar, len(xs))
	for _, x := range xs {
		m[x.doc] = x
	}
	return m
}

// profile builds an event-like centroid from exemplars.
func profile(xs []*exemplar) *event {
	e := &event{minDay: noDay, maxDay: noDay}
	for _, x := range xs {
		e.content = addScaled(e.content, x.content, 1)
		e.ents = addScaled(e.ents, x.ents, 1)
		e.title = addScaled(e.title, x.title, 1)
		e.recalls = unionSpans(e.recalls, x.recalls)
		if x.day != noDay {
			if e.minDay == noDay || x.day < e.minDay {
				e.minDay = x.day
			}
			if e.maxDay == noDay || x.day > e.maxDay {
				e.maxDay = x.day
			}
		}
	}
	return e
}

// complete reports whether every original of the event has an exemplar,
// which a split or relocation needs to rebuild centroids exactly.
func (ev *event) complete() bool {
	return ev.ex != nil && len(ev.ex) == int(ev.nOrig)
}

// refine runs the corrections around event e after it grew: a split when
// it holds two happenings, relocation of members between it and its
// neighbours, and merges.
func (c *Clusterer) refine(e int32, a *Assignment) int32 {
	e = c.root(e)
	if id := c.trySplit(e); id != 0 {
		a.Split = append(a.Split, id)
	}
	e = c.root(e)
	c.relocate(e, a)
	return c.root(e)
}

// pairScores scores every exemplar against each other one alone:
// pair[i][j] is xs[j] against xs[i]. Exemplars are at most MaxExemplars, so
// the quadratic table stays cheap; both split methods read it.
func (c *Clusterer) pairScores(xs []*exemplar) [][]float64 {
	n := len(xs)
	pair := make([][]float64, n)
	for i := range pair {
		pair[i] = make([]float64, n)
		pi := &event{content: xs[i].content, ents: xs[i].ents, title: xs[i].title, minDay: xs[i].day, maxDay: xs[i].day}
		for j := range pair[i] {
			if j != i {
				pair[i][j] = c.exLike(xs[j], pi)
			}
		}
	}
	return pair
}

// twoMeans splits exemplars in two: seeded by the least similar pair
// (pair as pairScores gives it), then reassigned to the nearer of the two
// centroids a few times.
func (c *Clusterer) twoMeans(xs []*exemplar, pair [][]float64) (a, b []*exemplar) {
	n := len(xs)
	bi, bj, bs := -1, -1, 2.0
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if s := pair[i][j]; s < bs {
				bi, bj, bs = i, j, s
			}
		}
	}
	if bi < 0 {
		return xs, nil
	}
	pa, pb := profile(xs[bi:bi+1]), profile(xs[bj:bj+1])
	for it := 0; it < 6; it++ {
		a, b = a[:0:0], b[:0:0]
		for _, x := range xs {
			if c.exLike(x, pa) >= c.exLike(x, pb) {
				a = append(a, x)
			} else {
				b = append(b, x)
			}
		}
		if len(a) == 0 || len(b) == 0 {
			return xs, nil
		}
		pa, pb = profile(a), profile(b)
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	return a, b
}

// anchorGap is the largest difference, over names, between the share of
// articles of a that mention it and the share of b that do; the smaller of
// the two directions is returned. Two happenings each have a key actor or
// place that nearly all of their articles name and nearly none of the
// other's do (Klitschko-Rahman against Klitschko-Thompson).
func anchorGap(a, b []*exemplar) float64 {
	share := func(xs []*exemplar) map[uint32]float64 {
		m := map[uint32]float64{}
		for _, x := range xs {
			for _, t := range x.ents {
				m[t.h]++
			}
		}
		for h := range m {
			m[h] /= float64(len(xs))
		}
		return m
	}
	sa, sb := share(a), share(b)
	gap := func(x, y map[uint32]float64) float64 {
		best := 0.0
		for h, f := range x {
			if d := f - y[h]; d > best {
				best = d
			}
		}
		return best
	}
	ga, gb := gap(sa, sb), gap(sb, sa)
	if ga < gb {
		return ga
	}
	return gb
}

// trySplit splits event e in two when its exemplars form two groups that
// are only loosely similar and each has its own anchor name. The larger
// group keeps the id; the new event's id is returned (0 for no split).
func (c *Clusterer) trySplit(e int32) int64 {
	ev := c.events[e]
	cfg := &c.cfg
	if !ev.complete() || int(ev.nOrig) < 2*cfg.SplitMinPart {
		return 0
	}
	wx := c.weighExemplars(ev.ex)
	pair := c.pairScores(wx)
	var a, b []*exemplar
	sim := 2.0
	for m, name := range []string{"2-means", "spectral"} {
		if cfg.SplitMethod&(1<<m) == 0 {
			continue
		}
		var ca, cb []*exemplar
		if m == 0 {
			ca, cb = c.twoMeans(wx, pair)
		} else {
			ca, cb = c.spectralBisect(wx, pair)
		}
		if len(cb) < cfg.SplitMinPart {
			continue
		}
		pa, pb := profile(ca), profile(cb)
		s := c.scoreWB(pa.content, pa.ents, pa.title, pa.minDay, pa.maxDay, nil, pb, unitWeight{})
		gap := anchorGap(ca, cb)
		if c.trace != nil {
			c.tracef("  trysplit e%d by %s sim %.3f gap %.3f A: %s B: %s", ev.id, name, s, gap, c.docList(ca), c.docList(cb))
		}
		// Of the candidates that pass, the least similar halves.
		if s < cfg.SplitMaxSim && gap >= cfg.SplitAnchor && s < sim {
			a, b, sim = ca, cb, s
		}
	}
	if a == nil {
		return 0
	}
	byDoc := exemplarIndex(ev.ex)
	a, b = originals(a, byDoc), originals(b, byDoc)
	f := c.newEmptyEvent()
	c.tracef("  split e%d: %d stay, %d to e%d", ev.id, len(a), len(b), c.events[f].id)
	nf := c.events[f]
	c.rebuild(e, a)
	c.rebuild(f, b)
	c.redistributeMembers(e, f)
	c.index(e)
	c.index(f)
	// The split-off happening finds its own storyline, which may well be
	// the one it leaves.
	if ev.story >= 0 {
		c.refreshStory(c.storyRoot(ev.story))
	}
	c.placeStory(f)
	return nf.id
}

// docList names exemplars' documents for the trace.
func (c *Clusterer) docList(xs []*exemplar) string {
	var out []string
	for _, x := range xs {
		out = append(out, fmt.Sprintf("doc %d", c.docs[x.doc].id))
	}
	return strings.Join(out, " ")
}

// newEmptyEvent appends an event with no articles yet.
func (c *Clusterer) newEmptyEvent() int32 {
	e := int32(len(c.events))
	c.lastEvent++
	c.events = append(c.events, &event{
		id: c.lastEvent, parent: e, minDay: noDay, maxDay: noDay,
		nextCheck: 2, story: -1, seq: c.seq,
	})
	return e
}

// rebuild sets event e's originals to exemplars xs and recomputes its
// centroid, dates, headline candidates and recent list from them.
func (c *Clusterer) rebuild(e int32, xs []*exemplar) {
	c.markEvent(e)
	ev := c.events[e]
	p := profile(xs)
	ev.norms.at = 0
	ev.content = prune(p.content, c.cfg.CentroidTerms, c)
	ev.ents = prune(p.ents, c.cfg.CentroidNames, c)
	ev.title = prune(p.title, 32, c)
	ev.ex = append([]*exemplar(nil), xs...)
	ev.nOrig = int32(len(xs))
	ev.minDay, ev.maxDay = p.minDay, p.maxDay
	ev.recalls = p.recalls
	// The actors go with their articles: a split-off happening keeps the
	// people it names, for its storyline, and leaves the rest behind.
	ev.actors, ev.actorN = nil, nil
	for _, x := range xs {
		ev.actors, ev.actorN = addActors(ev.actors, ev.actorN, x.actors, nil, maxEventActors)
	}
	ev.recent = ev.recent[:0]
	for _, x := range xs {
		c.docs[x.doc].event = e
		// A copy published earlier may have become the original of x:
		// placements are read from the root, which must move with x.
		c.docs[c.rootDoc(x.doc)].event = e
		ev.recent = append(ev.recent, x.doc)
	}
	if len(ev.recent) > maxRecent {
		ev.recent = ev.recent[len(ev.recent)-maxRecent:]
	}
	ev.seq = c.seq
	ev.nextCheck = nextCheckpoint(ev.nOrig)
}

// redistributeMembers rebuilds the member lists, sizes, outlets, titles and
// labels of events that exchanged originals: every article goes where its
// original (itself, or the one it copies) now is.
func (c *Clusterer) redistributeMembers(evs ...int32) {
	var all []int64
	titles := map[int32][]titleCand{}
	var labels labelSet
	for _, e := range evs {
		ev := c.events[e]
		all = append(all, ev.members...)
		titles[e] = append(titles[e], ev.titles...)
		labels = append(labels, ev.labels...)
	}
	sort.Slice(all, func(i, j int) bool { return c.byID[all[i]] < c.byID[all[j]] })
	for _, e := range evs {
		c.markEvent(e)
		ev := c.events[e]
		ev.members, ev.size, ev.outlets, ev.titles = nil, 0, nil, nil
	}
	for _, id := range all {
		i := c.byID[id]
		e := c.root(c.docs[c.rootDoc(i)].event)
		ev := c.events[e]
		ev.members = append(ev.members, id)
		ev.size++
		c.addOutlet(ev, c.outletOf(i))
	}
	// Headlines follow their articles.
	for _, e := range evs {
		for _, t := range titles[e] {
			best, bs := int32(-1), -1.0
			for _, o := range evs {
				if s := cosine(t.v, c.events[o].content, c); s > bs {
					best, bs = o, s
				}
			}
			if best >= 0 {
				c.addTitle(c.events[best], t.text, t.v)
			}
		}
	}
	for _, e := range evs {
		ev := c.events[e]
		ev.labels = nil
		for _, v := range []vec{ev.ents, ev.content} {
			for _, t := range c.queryTerms(nil, v, maxLabels/2) {
				if l, ok := labels.get(t.h); ok {
					ev.labels.add(t.h, l)
				}
			}
		}
		if ev.size == 0 {
			// Emptied by relocation: its id resolves to where its last
			// article went (set by the caller).
			ev.content, ev.ents, ev.title, ev.ex, ev.recent = nil, nil, nil, nil, nil
		}
	}
}

// relocate moves exemplars between event e and its close neighbours when a
// member is clearly nearer another event than its own (leave-one-out), the
// correction a batch k-means pass would make.
func (c *Clusterer) relocate(e int32, a *Assignment) {
	ev := c.events[e]
	if !ev.complete() {
		return
	}
	group := []int32{e}
	for _, o := range c.candidates(ev.content, ev.ents) {
		if len(group) >= c.cfg.RelocateEvents {
			break
		}
		o = c.root(o)
		if o == e || !c.events[o].complete() {
			continue
		}
		if c.eventSim(c.events[o], ev) >= c.cfg.RelocateMinSim {
			group = append(group, o)
		}
	}
	if len(group) < 2 {
		return
	}
	members := map[int32][]*exemplar{}
	byDoc := map[int32]*exemplar{}
	for _, g := range group {
		members[g] = c.weighExemplars(c.events[g].ex)
		for _, x := range c.events[g].ex {
			byDoc[x.doc] = x
		}
	}
	moved := false
	for pass := 0; pass < 2; pass++ {
		profiles := map[int32]*event{}
		for _, g := range group {
			profiles[g] = profile(members[g])
		}
		changed := false
		// Members moved in this pass are not weighed again against the
		// profiles of its start, which do not contain them.
		movedNow := map[*exemplar]bool{}
		for _, g := range group {
			// Only the members the pass started with are weighed, each
			// against its event's profile without it; an event of one
			// has no such profile.
			left := 0
			for _, x := range members[g] {
				if !movedNow[x] {
					left++
				}
			}
			if left < 2 {
				continue
			}
			keep := members[g][:0:0]
			for _, x := range members[g] {
				if movedNow[x] || left == 1 {
					// Arrived in this pass, or the last member left, which
					// keeps the event.
					keep = append(keep, x)
					continue
				}
				own := &event{
					content: addScaled(profiles[g].content, x.content, -1),
					ents:    addScaled(profiles[g].ents, x.ents, -1),
					title:   addScaled(profiles[g].title, x.title, -1),
					minDay:  profiles[g].minDay, maxDay: profiles[g].maxDay,
				}
				so := c.exScore(x, own)
				best, bs := int32(-1), so+c.cfg.RelocateMargin
				for _, o := range group {
					if o == g {
						continue
					}
					if s := c.exScore(x, profiles[o]); s > bs && s >= c.cfg.JoinThreshold {
						best, bs = o, s
					}
				}
				if best >= 0 {
					c.tracef("  move doc %d from e%d to e%d (%.3f > own %.3f)", c.docs[x.doc].id, c.events[g].id, c.events[best].id, bs, so)
					movedNow[x] = true
					members[best] = append(members[best], x)
					changed = true
					left--
					continue
				}
				keep = append(keep, x)
			}
			members[g] = keep
		}
		if !changed {
			break
		}
		moved = true
	}
	if !moved {
		return
	}
	var live []int32
	for _, g := range group {
		if len(members[g]) > 0 {
			c.rebuild(g, originals(members[g], byDoc))
			live = append(live, g)
		}
	}
	c.redistributeMembers(group...)
	for _, g := range group {
		if len(members[g]) == 0 {
			// Emptied: its id now resolves to the event it fed most.
			c.events[g].parent = live[0]
			c.markGoneEvent(g)
			a.Merged = append(a.Merged, c.events[g].id)
		} else {
			c.index(g)
		}
	}
}

// nextCheckpoint is the number of originals at which an event is next
// re-examined: every step up to 12, then each time it grows by a quarter.
func nextCheckpoint(n int32) int32 {
	if n < 12 {
		return n + 1
	}
	return n + n/4
}

// wouldSplit reports whether the union of events a and b would be split
// again along their present boundary: a merge the next checkpoint undoes
// only makes the two happenings trade places until the union grows too
// large to be split.
func (c *Clusterer) wouldSplit(a, b int32) bool {
	ea, eb := c.events[a], c.events[b]
	if c.cfg.MergeVeto == 0 || !ea.complete() || !eb.complete() ||
		int(ea.nOrig) < c.cfg.SplitMinPart || int(eb.nOrig) < c.cfg.SplitMinPart ||
		int(ea.nOrig+eb.nOrig) > c.cfg.MaxExemplars {
		return false
	}
	xa, xb := c.weighExemplars(ea.ex), c.weighExemplars(eb.ex)
	pa, pb := profile(xa), profile(xb)
	if c.scoreWB(pa.content, pa.ents, pa.title, pa.minDay, pa.maxDay, nil, pb, unitWeight{}) >= c.cfg.SplitMaxSim {
		return false
	}
	return anchorGap(xa, xb) >= c.cfg.SplitAnchor
}
