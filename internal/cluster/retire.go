package cluster

import (
	"cmp"
	"slices"
)

// Retirement bounds what the clusterer holds by a time window, so that a
// placer's memory and snapshot do not grow with the archive.
//
// Every so many articles a pass retires the events past reach: idle for
// more than ExemplarWindow articles (past correction) and, if dated, whose
// latest day is more than RetireDays before the stream's current day (the
// median day of the latest dated articles, so that one misdated article
// does not retire everything), or, if undated, idle for RetireArticles
// articles. A retired event's articles are forgotten: their records,
// signatures, exact keys and LSH links go, and Placement no longer knows
// them (the store keeps their placements). The event itself goes too,
// unless its storyline is kept: then it stays as a stub (its shrunk
// centroid, dates, sizes, headlines and labels, no member list) which the
// storyline's view lists and through which a later event finds the
// storyline. A storyline is kept while it has a live event; of those
// without one, the RetireStories most recently active are kept, and the
// rest go with their stubs.
//
// What changes once the window is reached, and only then: an article can
// no longer join, or be found a copy of, a retired event or article (a
// follow-up that recalls a date months old, which could join its old
// event, opens a new event of the same storyline instead; a copy of an
// article past the window is placed as an original); Event, EventMembers
// and Placement report false for retired events and articles, and Events
// and EventCount leave them out; Resolve still gives a stub's own id. A
// retired event's stored row is never rewritten: when its storyline is
// merged into another, the storyline row's MergedInto says where it went.
// Indices are compacted by each pass; ids are unchanged (events and
// storylines stay in id order and are found by binary search).
type retirement struct {
	at    int64   // c.seq at which the next pass runs
	days  []int32 // days of the latest dated articles (a ring of recentDays)
	pos   int     // next slot of days to overwrite once it is full
	stubs int     // stubs held (root events)
	pass  uint32  // passes run
	// marks are the clock and arrival count at each pass since the
	// oldest one a feature may still be stamped with.
	marks []passMark
}

// passMark is where the stream stood when a pass ran.
type passMark struct {
	pass uint32
	day  int32
	seq  int64
}

// dfCount is a feature's document frequency and the retirement pass in
// which it was last counted: once every article held came in a later pass,
// none of its articles is held, and it is forgotten.
type dfCount struct {
	n, pass uint32
}

// recentDays is how many of the latest dated articles set the clock.
const recentDays = 1024

// noteDay records a dated article's day for the clock.
func (c *Clusterer) noteDay(d int32) {
	if d == noDay || c.cfg.RetireDays <= 0 {
		return
	}
	r := &c.ret
	if len(r.days) < recentDays {
		r.days = append(r.days, d)
		return
	}
	r.days[r.pos] = d
	r.pos = (r.pos + 1) % recentDays
}

// clock is the stream's current day: the median of the latest dated
// articles' days, noDay before any.
func (c *Clusterer) clock() int32 {
	if len(c.ret.days) == 0 {
		return noDay
	}
	ds := slices.Clone(c.ret.days)
	slices.Sort(ds)
	return ds[len(ds)/2]
}

// maybeRetire runs a retirement pass when one is due: every quarter of
// ExemplarWindow articles (nothing younger retires), and no more often than
// every quarter of the articles held, so that the passes cost O(1)
// amortised per article.
func (c *Clusterer) maybeRetire() {
	if c.cfg.RetireDays <= 0 || c.seq < c.ret.at {
		return
	}
	c.ret.at = c.seq + max(int64(c.cfg.ExemplarWindow/4), int64(len(c.docs)/4), 1)
	c.ret.marks = append(c.ret.marks, passMark{c.ret.pass, c.clock(), c.seq})
	c.retire()
	c.ret.pass++
}

// Fates of a root event in a pass.
const (
	keepLive = iota
	makeStub
	drop
)

// retire runs one retirement pass (see retirement).
func (c *Clusterer) retire() {
	clock := c.clock()
	idleMin := int64(c.cfg.ExemplarWindow)
	ne, ns := len(c.events), len(c.stories)

	// Whatever a pending change report names stays as it is until the
	// report is taken: ChangedSets resolves these indices.
	pinE := map[int32]bool{}
	pinS := map[int32]bool{}
	pinStory := func(s int32) {
		if s >= 0 {
			pinS[s] = true
			pinS[c.storyRoot(s)] = true
		}
	}
	pinEvent := func(e int32) {
		r := c.root(e)
		pinE[e], pinE[r] = true, true
		pinStory(c.events[e].story)
		pinStory(c.events[r].story)
	}
	for e := range c.changed {
		pinEvent(e)
	}
	if c.rows != nil {
		for _, set := range []map[int32]struct{}{c.rows.events, c.rows.goneEvents} {
			for e := range set {
				pinEvent(e)
			}
		}
		for _, set := range []map[int32]struct{}{c.rows.stories, c.rows.goneStories} {
			for s := range set {
				pinStory(s)
			}
		}
	}

	// Which root events retire, and which storylines are still active.
	fate := make([]uint8, ne)
	retiring := false
	active := map[int32]bool{}
	last := map[int32]int64{} // storyline root -> latest update of its events
	for i, ev := range c.events {
		if ev.parent != int32(i) {
			continue
		}
		old := ev.stub
		if !old && !pinE[int32(i)] {
			idle := c.seq - ev.seq
			switch {
			case ev.size == 0:
				old = true // emptied by Remove
			case idle <= idleMin:
			case ev.maxDay != noDay:
				old = clock != noDay && ev.maxDay < clock-int32(c.cfg.RetireDays)
			default:
				old = idle > int64(c.cfg.RetireArticles)
			}
			retiring = retiring || old
		}
		if old {
			fate[i] = makeStub
		}
		if ev.story >= 0 && ev.size > 0 {
			s := c.storyRoot(ev.story)
			if !old {
				active[s] = true
			}
			last[s] = max(last[s], ev.seq)
		}
	}
	if !retiring {
		return
	}

	// Storylines kept: the active ones, the pinned ones, and the most
	// recently active of the rest.
	keepRoot := make([]bool, ns)
	var archived []int32
	for s, st := range c.stories {
		if st.parent != int32(s) {
			continue
		}
		_, hasEvents := last[int32(s)]
		switch {
		case active[int32(s)] || pinS[int32(s)]:
			keepRoot[s] = true
		case hasEvents:
			archived = append(archived, int32(s))
		}
	}
	slices.SortFunc(archived, func(a, b int32) int {
		if x := cmp.Compare(last[b], last[a]); x != 0 {
			return x
		}
		return cmp.Compare(b, a)
	})
	for _, s := range archived[:min(len(archived), c.cfg.RetireStories)] {
		keepRoot[s] = true
	}
	for i, ev := range c.events {
		if fate[i] != makeStub {
			continue
		}
		if ev.size == 0 || ev.story < 0 || !keepRoot[c.storyRoot(ev.story)] {
			fate[i] = drop
		}
	}

	// Index maps, old -> new (-1: gone). An event goes with its root, a
	// storyline with its root; an article goes when its event is no
	// longer live. Roots are taken before any parent is rewritten.
	evRoot := make([]int32, ne)
	for i := range c.events {
		evRoot[i] = c.root(int32(i))
	}
	stRoot := make([]int32, ns)
	for s := range c.stories {
		stRoot[s] = c.storyRoot(int32(s))
	}
	evMap := make([]int32, ne)
	k := int32(0)
	for i := range c.events {
		if pinE[int32(i)] || fate[evRoot[i]] != drop {
			evMap[i] = k
			k++
		} else {
			evMap[i] = -1
		}
	}
	stMap := make([]int32, ns)
	k = 0
	for s := range c.stories {
		if pinS[int32(s)] || keepRoot[stRoot[s]] {
			stMap[s] = k
			k++
		} else {
			stMap[s] = -1
		}
	}
	nd := len(c.docs)
	docMap := make([]int32, nd)
	k = 0
	for i := range c.docs {
		if fate[evRoot[c.docs[c.rootDoc(int32(i))].event]] == keepLive {
			docMap[i] = k
			k++
		} else {
			docMap[i] = -1
		}
	}
	kd := int(k)

	// Articles.
	docs := make([]docRec, 0, kd)
	sigs := make([][numHashes]uint16, 0, kd)
	c.dead = 0
	for i, rec := range c.docs {
		if docMap[i] < 0 {
			continue
		}
		if e := evMap[evRoot[rec.event]]; e >= 0 {
			rec.event = e
		} else {
			rec.event = evMap[evRoot[c.docs[c.rootDoc(int32(i))].event]]
		}
		if rec.dupOf >= 0 {
			rec.dupOf = docMap[rec.dupOf]
		}
		if rec.nsh < 0 {
			c.dead++
		}
		docs = append(docs, rec)
		sigs = append(sigs, c.sigs[i])
	}
	c.byID = remapMap(c.byID, docMap)
	c.exact = remapMap(c.exact, docMap)
	c.relinkLSH(docMap, kd)
	c.docs, c.sigs = docs, sigs

	// Events.
	events := make([]*event, 0, ne)
	c.ret.stubs = 0
	for i, ev := range c.events {
		if evMap[i] < 0 {
			continue
		}
		r := evRoot[i]
		ev.parent = evMap[r]
		if fate[r] == makeStub && r == int32(i) {
			if !ev.stub {
				ev.stub = true
				ev.members, ev.recent, ev.ex = nil, nil, nil
			}
			c.ret.stubs++
		}
		if ev.story >= 0 {
			ev.story = stMap[ev.story]
		}
		ev.recent = remapList(ev.recent, docMap)
		for _, x := range ev.ex {
			if x.doc = docMap[x.doc]; x.doc < 0 {
				ev.ex = nil
				break
			}
		}
		events = append(events, ev)
	}
	touched := c.touched[:0]
	for _, t := range c.touched {
		if t.e = evMap[t.e]; t.e >= 0 && !events[t.e].stub {
			touched = append(touched, t)
		}
	}
	c.touched = slices.Clip(touched)
	postings := make(map[uint32][]int32, len(c.postings))
	for h, p := range c.postings {
		if p = remapList(p, evMap); len(p) > 0 {
			postings[h] = p
		}
	}
	c.postings = postings
	c.events = events
	c.accScore, c.accHit = nil, nil

	// Storylines.
	stories := make([]*storyline, 0, ns)
	for s, st := range c.stories {
		if stMap[s] < 0 {
			continue
		}
		st.parent = stMap[stRoot[s]]
		n := len(st.events)
		st.events = remapList(st.events, evMap)
		if len(st.events) < n {
			st.compacted = min(st.compacted, len(st.events))
		}
		stories = append(stories, st)
	}
	c.stories = stories

	if c.cfg.RetireFeatures > 0 {
		c.forgetFeatures()
	}

	c.changed = remapSet(c.changed, evMap)
	if c.rows != nil {
		c.rows.events = remapSet(c.rows.events, evMap)
		c.rows.goneEvents = remapSet(c.rows.goneEvents, evMap)
		c.rows.stories = remapSet(c.rows.stories, stMap)
		c.rows.goneStories = remapSet(c.rows.goneStories, stMap)
	}
}

// relinkLSH drops the retired articles from the LSH chains: a link to a
// retired article becomes a link to the first one kept after it in its
// bucket.
func (c *Clusterer) relinkLSH(docMap []int32, kept int) {
	old := c.lsh.next
	next := make([]int32, kept*numBands)
	first := make([]int32, len(docMap)) // per band: the first kept article from i down its chain
	for b := range numBands {
		for i, m := range docMap {
			switch p := old[i*numBands+b]; {
			case m >= 0:
				first[i] = m
			case p >= 0:
				first[i] = first[p]
			default:
				first[i] = -1
			}
		}
		for i, m := range docMap {
			if m < 0 {
				continue
			}
			p := old[i*numBands+b]
			if p >= 0 {
				p = first[p]
			}
			next[int(m)*numBands+b] = p
		}
		heads := make(map[uint32]int32, len(c.lsh.heads[b]))
		for key, h := range c.lsh.heads[b] {
			if f := first[h]; f >= 0 {
				heads[key] = f
			}
		}
		c.lsh.heads[b] = heads
	}
	c.lsh.next = next
}

// remapMap rebuilds a map of indices through m, dropping those gone (a new
// map: Go's maps do not shrink).
func remapMap[K comparable](in map[K]int32, m []int32) map[K]int32 {
	out := make(map[K]int32, len(in))
	for k, v := range in {
		if x := m[v]; x >= 0 {
			out[k] = x
		}
	}
	return out
}

// remapList maps a list of indices through m in place, dropping those gone.
func remapList(l []int32, m []int32) []int32 {
	out := l[:0]
	for _, v := range l {
		if x := m[v]; x >= 0 {
			out = append(out, x)
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// remapSet maps a set of indices through m, dropping those gone.
func remapSet(in map[int32]struct{}, m []int32) map[int32]struct{} {
	if in == nil {
		return nil
	}
	out := make(map[int32]struct{}, len(in))
	for v := range in {
		if x := m[v]; x >= 0 {
			out[x] = struct{}{}
		}
	}
	return out
}

// forgetFeatures drops the document frequencies of the features that no
// event, stub or storyline profile holds and that were last counted
// before the oldest article held came or before the window (more than
// RetireDays before the clock, or RetireArticles articles ago when
// undated, and more than ExemplarWindow articles ago): what remains is
// weighed as before. (The second bound keeps one event that goes on for
// months from holding every feature since it began; the features of its
// old articles that its vectors no longer hold are forgotten too.) The
// count of originals, n, keeps them: idf stays on the scale of everything
// seen.
func (c *Clusterer) forgetFeatures() {
	oldest := c.ret.pass
	if len(c.docs) > 0 {
		oldest = c.docs[0].pass
	}
	clock := c.clock()
	win := c.ret.pass
	for i := len(c.ret.marks) - 1; i >= 0; i-- {
		m := c.ret.marks[i]
		old := c.seq-m.seq > int64(c.cfg.ExemplarWindow)
		if clock != noDay && m.day != noDay {
			old = old && m.day < clock-int32(c.cfg.RetireDays)
		} else {
			old = old && c.seq-m.seq > int64(c.cfg.RetireArticles)
		}
		if old {
			// Features last counted before the pass after this one.
			win = m.pass + 1
			break
		}
		win = m.pass
	}
	if win > c.ret.pass || len(c.ret.marks) == 0 {
		win = 0
	}
	oldest = max(oldest, min(win, c.ret.pass))
	// Marks before the last one older than the window serve no more.
	for len(c.ret.marks) > 1 && c.ret.marks[1].pass < oldest {
		c.ret.marks = c.ret.marks[1:]
	}
	c.ret.marks = slices.Clip(c.ret.marks)
	keep := func(vs ...vec) {
		for _, v := range vs {
			for _, t := range v {
				if x, ok := c.df[t.h]; ok && x.pass < oldest {
					c.df[t.h] = dfCount{x.n, oldest}
				}
			}
		}
	}
	for _, ev := range c.events {
		keep(ev.content, ev.ents, ev.title)
		for _, t := range ev.titles {
			keep(t.v)
		}
		for _, x := range ev.ex {
			keep(x.content, x.ents, x.title)
		}
		for _, h := range ev.actors {
			if x, ok := c.df[h]; ok && x.pass < oldest {
				c.df[h] = dfCount{x.n, oldest}
			}
		}
	}
	for _, st := range c.stories {
		keep(st.content, st.ents, st.title)
		for _, h := range st.actors {
			if x, ok := c.df[h]; ok && x.pass < oldest {
				c.df[h] = dfCount{x.n, oldest}
			}
		}
	}
	df := make(map[uint32]dfCount, len(c.df))
	for h, x := range c.df {
		if x.pass >= oldest {
			df[h] = x
		}
	}
	c.df = df
}
