package cluster

import (
	"sort"
	"strconv"
)

// maxStoryProfile caps how many events shape a storyline's profile: the
// largest and latest, so that a story running for years costs the same.
const maxStoryProfile = 32

// maxStoryCandidates caps the storylines fully scored for one event.
const maxStoryCandidates = 12

// maxStoryActors caps the actor keys of a storyline's profile.
const maxStoryActors = 4 * maxEventActors

// storyTopNames is how many of the heaviest names of an event and of a
// storyline are compared when counting shared actors.
const storyTopNames = 12

// storyline is a chain of events that continue one story. After a merge,
// parent points to the storyline it was merged into.
type storyline struct {
	id      int64
	parent  int32
	events  []int32 // event indices, possibly stale (resolve and dedupe)
	ents    vec     // summed unit entity vectors of the profile events
	content vec
	title   vec
	seq     int64
	norms   normCache
	// minDay and maxDay span the dates of its profile events (noDay when
	// none is dated).
	minDay, maxDay int32
	actors         []uint32 // union of its profile events' central actors
	// compacted is the length of events when it was last compacted.
	compacted int
}

// profile returns the vectors a storyline is compared by: its own summed
// profile once it has several events, else its one event's (a storyline of
// one event costs no vectors of its own).
func (c *Clusterer) storyProfile(s *storyline) (content, ents, title vec, nc *normCache) {
	if len(s.events) == 1 {
		ev := c.events[c.root(s.events[0])]
		return ev.content, ev.ents, ev.title, &ev.norms
	}
	return s.content, s.ents, s.title, &s.norms
}

// storyRoot resolves a storyline index through merges.
func (c *Clusterer) storyRoot(i int32) int32 {
	for c.stories[i].parent != i {
		p := c.stories[i].parent
		c.stories[i].parent = c.stories[p].parent
		i = p
	}
	return i
}

// unit returns a unit-length copy of v.
func unit(v vec) vec {
	u := append(vec(nil), v...)
	u.normalize()
	return u
}

// salientNames returns the k heaviest names of v by weight alone: the
// names an event or storyline mentions most, its subjects. (Weighting by idf
// here would pick names mentioned once, which no other event repeats.)
func salientNames(v vec, k int) vec {
	out := make(vec, 0, k)
	for _, t := range v.byWeight() {
		if len(out) == k {
			break
		}
		// A year is when, not who or where: two stories of one year
		// share it. Figures belong to one event, not to its story.
		if !yearKeys[t.h] && !isNumberName(t.h) {
			out = append(out, t)
		}
	}
	return out
}

// storyNames is salientNames of v without the hub names (see hub): the
// names a storyline is recognised by.
func (c *Clusterer) storyNames(v vec) vec {
	if !c.hubsOn() {
		return salientNames(v, storyTopNames)
	}
	out := make(vec, 0, storyTopNames)
	for _, t := range salientNames(v, len(v)) {
		if len(out) == storyTopNames {
			break
		}
		if !c.hub(t.h) {
			out = append(out, t)
		}
	}
	return out
}

// hubsOn says whether enough articles have been seen for document
// frequencies to single out hub names.
func (c *Clusterer) hubsOn() bool {
	return c.cfg.HubShare > 0 && c.n >= c.cfg.HubMinDocs
}

// hub says whether name or actor key h is a hub: named by more than
// HubShare of all articles seen (a candidate through a campaign, a country).
// A hub is shared by stories that have nothing else in common, so it
// never counts as a shared name or actor of a storyline: only the story's
// own names link its events.
func (c *Clusterer) hub(h uint32) bool {
	return c.hubsOn() && float64(c.df[h].n) > c.cfg.HubShare*float64(c.n)
}

// sharedActors counts the actor keys two sorted sets share, hubs aside.
func (c *Clusterer) sharedActors(a, b []uint32) int {
	if !c.hubsOn() {
		return sharedKeys(a, b)
	}
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			if !c.hub(a[i]) {
				n++
			}
			i++
			j++
		}
	}
	return n
}

// yearKeys are the name-vector keys of years ("y:2011").
var yearKeys = func() map[uint32]bool {
	m := make(map[uint32]bool, 200)
	for y := 1900; y <= 2099; y++ {
		m[termHash("y:"+strconv.Itoa(y))] = true
	}
	return m
}()

// storyMatch is how an event compares with a storyline.
type storyMatch struct {
	score  float64 // weighted cosines of names, words and headline words
	shared int     // salient names in common
	actors int     // of them, people or organisations
	gap    int32   // days between their date spans; -1 when either is undated
	// big: the event and the storyline's largest event both have at least
	// StoryBigEvent originals, so their central actors are well known.
	big bool
}

// storyScore compares an event (as a prepared query, with its salient
// names and date span) with storyline s.
func (c *Clusterer) storyScore(q *query, names vec, actors []uint32, minDay, maxDay, size int32, s *storyline) storyMatch {
	w, wt := c.cfg.StoryEntityWeight, c.cfg.StoryTitleWeight
	content, ents, title, nc := c.storyProfile(s)
	n := c.norms(nc, content, ents, title)
	m := storyMatch{score: w*cosQ(q.ents, ents, n[1]) + (1-w-wt)*cosQ(q.content, content, n[0]) + wt*cosQ(q.title, title, n[2])}
	b := c.storyNames(ents)
	in := make(map[uint32]bool, len(b))
	for _, t := range b {
		in[t.h] = true
	}
	for _, t := range names {
		if in[t.h] && !c.hub(t.h) {
			m.shared++
		}
	}
	m.actors = c.sharedActors(actors, c.storyActors(s))
	if big := int32(c.cfg.StoryBigEvent); big > 0 && size >= big {
		m.big = c.storyMaxSize(s) >= big
	}
	m.gap = -1
	smin, smax := c.storySpan(s)
	if minDay != noDay && smin != noDay {
		switch {
		case minDay > smax:
			m.gap = minDay - smax
		case smin > maxDay:
			m.gap = smin - maxDay
		default:
			m.gap = 0
		}
	}
	return m
}

// accepts says whether an event continues a storyline. Both must share
// salient names and be similar enough; beyond that, events close in time
// may share only places and subjects (just two of them only when their
// texts are close), but events far apart or undated must also share an
// actor (a person or organisation): two riots in one city two years apart
// are two stories, an envoy's demand renewed years later is one.
func (c *Clusterer) accepts(m storyMatch) bool {
	if m.shared < c.cfg.StoryMinShared {
		return false
	}
	if m.gap >= 0 && int(m.gap) <= c.cfg.StoryNearDays {
		if m.actors == 0 && m.shared < c.cfg.StoryNearNames {
			// Two places and no actor in common: only a text as close
			// as a link across years needs (riots in one city weeks
			// apart, not two pages that both name Japan and Kobe).
			return m.score >= c.cfg.StoryThreshold
		}
		return m.score >= c.cfg.StoryNearThreshold
	}
	need := c.cfg.StoryMinActors
	if m.big {
		// Two well-covered events far apart that share one of their
		// central actors only (a prime minister named by both) tell two
		// stories.
		need++
	}
	return m.score >= c.cfg.StoryThreshold && m.actors >= need
}

// storyMaxSize is the number of originals of the largest of the latest
// maxStoryProfile events of storyline s.
func (c *Clusterer) storyMaxSize(s *storyline) int32 {
	evs := s.events
	if len(evs) > maxStoryProfile {
		evs = evs[len(evs)-maxStoryProfile:]
	}
	var n int32
	for _, e := range evs {
		n = max(n, c.events[c.root(e)].nOrig)
	}
	return n
}

// storyActors is the actor keys of a storyline's events.
func (c *Clusterer) storyActors(s *storyline) []uint32 {
	if len(s.events) == 1 {
		return centralActors(c.events[c.root(s.events[0])])
	}
	return s.actors
}

// storySpan is the date span of a storyline's events (noDay when none is
// dated).
func (c *Clusterer) storySpan(s *storyline) (int32, int32) {
	if len(s.events) == 1 {
		ev := c.events[c.root(s.events[0])]
		return ev.minDay, ev.maxDay
	}
	return s.minDay, s.maxDay
}

// bestStory finds the storyline event e fits best, other than skip. Its
// candidates are the storylines of the events the index finds for e: a
// storyline is reached through its events' key names and words.
func (c *Clusterer) bestStory(e int32, skip int32) (int32, float64) {
	ev := c.events[e]
	var cands []int32
	seen := map[int32]bool{}
	// Retired events' stubs are candidates: a storyline outlives its
	// events' window.
	found := c.candidatesOf(ev.content, ev.ents, true)
	if skip >= 0 {
		// Looking for a storyline to bridge: the events near the whole
		// storyline are candidates too.
		content, ents, _, _ := c.storyProfile(c.stories[skip])
		found = append(found, c.candidatesOf(content, ents, true)...)
	}
	for _, o := range found {
		if o == e || c.events[o].story < 0 {
			continue
		}
		s := c.storyRoot(c.events[o].story)
		if s == skip || seen[s] {
			continue
		}
		seen[s] = true
		cands = append(cands, s)
		if len(cands) == maxStoryCandidates {
			break
		}
	}
	best, bestScore := int32(-1), 0.0
	q := c.makeQuery(ev.content, ev.ents, ev.title, ev.minDay, ev.maxDay)
	names := c.storyNames(ev.ents)
	// When bridging, the whole storyline is compared too: the story told
	// so far may match where its newest event alone falls short.
	var sq *query
	var snames vec
	var sacts []uint32
	var smin, smax, ssize int32
	if skip >= 0 && len(cands) > 0 {
		st := c.stories[skip]
		content, ents, title, _ := c.storyProfile(st)
		sq = c.makeQuery(content, ents, title, noDay, noDay)
		snames = c.storyNames(ents)
		sacts = c.storyActors(st)
		smin, smax = c.storySpan(st)
		ssize = c.storyMaxSize(st)
	}
	for _, s := range cands {
		m := c.storyScore(q, names, centralActors(ev), ev.minDay, ev.maxDay, ev.nOrig, c.stories[s])
		ok := c.accepts(m)
		if sq != nil {
			established := len(c.stories[skip].events) > 1 && len(c.stories[s].events) > 1
			switch {
			case established && ok:
				// Two established storylines merge only when they match as
				// wholes: one event touching both must not chain every story
				// that shares a name into one.
				ok = c.accepts(c.storyScore(sq, snames, sacts, smin, smax, ssize, c.stories[s]))
			case !established && !ok:
				m = c.storyScore(sq, snames, sacts, smin, smax, ssize, c.stories[s])
				ok = c.accepts(m)
			}
		}
		if ok && m.score > bestScore {
			best, bestScore = s, m.score
		}
		if c.trace != nil && ok {
			c.tracef("  story e%d fits s%d: score %.3f, %d names and %d actors shared, gap %d days, big %v",
				ev.id, c.stories[s].id, m.score, m.shared, m.actors, m.gap, m.big)
		}
	}
	return best, bestScore
}

// placeStory gives event e a storyline, or, when it has one, checks whether
// the event has grown into another storyline and merges the two.
func (c *Clusterer) placeStory(e int32) {
	e = c.root(e)
	ev := c.events[e]
	if ev.story < 0 {
		s, _ := c.bestStory(e, -1)
		if s >= 0 {
			ev.story = s
			c.markEvent(e)
			ev.storyAt = ev.nOrig
			st := c.stories[s]
			// The founder is checked again as it grows too: a link made
			// while both were one article each may not hold for either once
			// they are fifteen. (Events that come with a merged storyline
			// are marked at their next checkpoint, by recheckStory.)
			if len(st.events) == 1 {
				if f := c.events[c.root(st.events[0])]; f.storyAt == 0 {
					f.storyAt = max(f.nOrig, 1)
				}
			}
			st.events = append(st.events, e)
			c.refreshStory(s)
			// The event may bridge its storyline and another (a story told
			// before from the other side).
			if o, _ := c.bestStory(e, s); o >= 0 {
				c.mergeStories(s, o)
			}
			return
		}
		s = int32(len(c.stories))
		c.lastStory++
		c.stories = append(c.stories, &storyline{id: c.lastStory, parent: s, events: []int32{e}, seq: c.seq, minDay: noDay, maxDay: noDay})
		ev.story = s
		c.markEvent(e)
		c.markStoryRow(s)
		return
	}
	if c.recheckStory(e) {
		return
	}
	own := c.storyRoot(ev.story)
	c.refreshStory(own)
	if s, _ := c.bestStory(e, own); s >= 0 {
		c.mergeStories(own, s)
	}
}

// recheckStory checks, once event e has grown by half since its storyline
// link was last checked, that it still continues another event of its
// storyline; if not, it is taken out and placed afresh (reported true).
// Every event of a storyline of several is checked so, whether it founded
// the storyline, joined it, or came with a merged one.
func (c *Clusterer) recheckStory(e int32) bool {
	ev := c.events[e]
	if ev.story < 0 {
		return false
	}
	own := c.storyRoot(ev.story)
	if ev.storyAt == 0 {
		if len(c.stories[own].events) > 1 {
			ev.storyAt = max(ev.nOrig, 1)
		}
		return false
	}
	if 4*ev.nOrig < storyRecheckGrowth*ev.storyAt {
		return false
	}
	if !c.stillBelongs(e, own) {
		c.detachStory(e, own)
		c.placeStory(e)
		return true
	}
	ev.storyAt = ev.nOrig
	return false
}

// refreshStory recomputes a storyline's profile from its latest events
// (at most 4·maxStoryProfile looked at, the largest maxStoryProfile used), so
// that a story running for years costs the same. The full event list is
// compacted (merged events resolved, duplicates dropped) when it has doubled.
func (c *Clusterer) refreshStory(s int32) {
	st := c.stories[s]
	c.markStoryRow(s)
	if len(st.events) > 2*st.compacted {
		st.events = c.uniqueRoots(st.events)
		st.compacted = len(st.events)
	}
	st.seq = c.seq
	st.norms.at = 0
	tail := st.events
	if len(tail) > 4*maxStoryProfile {
		tail = tail[len(tail)-4*maxStoryProfile:]
	}
	prof := c.uniqueRoots(tail)
	if len(prof) <= 1 && len(st.events) <= 1 {
		st.ents, st.content, st.title = nil, nil, nil
		return
	}
	if len(prof) > maxStoryProfile {
		sort.Slice(prof, func(i, j int) bool {
			a, b := c.events[prof[i]], c.events[prof[j]]
			if a.nOrig != b.nOrig {
				return a.nOrig > b.nOrig
			}
			return a.seq > b.seq
		})
		prof = prof[:maxStoryProfile]
	}
	st.ents, st.content, st.title = nil, nil, nil
	st.minDay, st.maxDay = noDay, noDay
	st.actors = st.actors[:0]
	for _, e := range prof {
		ev := c.events[e]
		st.actors = unionKeys(st.actors, centralActors(ev), maxStoryActors)
		if ev.minDay != noDay {
			if st.minDay == noDay || ev.minDay < st.minDay {
				st.minDay = ev.minDay
			}
			if ev.maxDay > st.maxDay {
				st.maxDay = ev.maxDay
			}
		}
		st.ents = addScaled(st.ents, unit(ev.ents), 1)
		st.content = addScaled(st.content, unit(ev.content), 1)
		st.title = addScaled(st.title, unit(ev.title), 1)
	}
	st.ents = prune(st.ents, c.cfg.CentroidNames, c)
	st.content = prune(st.content, c.cfg.CentroidTerms, c)
	st.title = prune(st.title, 32, c)
}

// uniqueRoots resolves event indices through merges, dropping repeats and
// events emptied by relocation, in order.
func (c *Clusterer) uniqueRoots(evs []int32) []int32 {
	seen := make(map[int32]bool, len(evs))
	out := make([]int32, 0, len(evs))
	for _, e := range evs {
		r := c.root(e)
		if !seen[r] && c.events[r].size > 0 {
			seen[r] = true
			out = append(out, r)
		}
	}
	return out
}

// mergeStories joins two storylines; the one with more events survives.
func (c *Clusterer) mergeStories(a, b int32) {
	if a < 0 || b < 0 {
		return
	}
	a, b = c.storyRoot(a), c.storyRoot(b)
	if a == b {
		return
	}
	sa, sb := c.stories[a], c.stories[b]
	if len(sb.events) > len(sa.events) || len(sb.events) == len(sa.events) && b < a {
		a, b, sa, sb = b, a, sb, sa
	}
	c.markStory(b)
	c.markGoneStory(b)
	sb.parent = a
	sa.events = append(sa.events, sb.events...)
	sb.events, sb.ents, sb.content, sb.title, sb.actors = nil, nil, nil, nil, nil
	c.refreshStory(a)
}

// storyRecheckGrowth is how many quarters of its size at the last check an
// event must have reached before its storyline link is checked again
// (5: it has grown by a quarter, as at the event checkpoints).
const storyRecheckGrowth = 5

// stillBelongs says whether event e, grown since it joined storyline s,
// still continues one of the storyline's other events on its own: a link
// made on one article's passing mention ("the bank", a name recalled in
// the last paragraph) fails once the event's many articles show what it is
// about. Only the latest maxStoryProfile other events are compared.
func (c *Clusterer) stillBelongs(e, s int32) bool {
	others := c.uniqueRoots(c.stories[s].events)
	if len(others) > maxStoryProfile+1 {
		others = others[len(others)-maxStoryProfile-1:]
	}
	ev := c.events[e]
	q := c.makeQuery(ev.content, ev.ents, ev.title, ev.minDay, ev.maxDay)
	names := c.storyNames(ev.ents)
	acts := centralActors(ev)
	alone := true
	for _, o := range others {
		if o == e {
			continue
		}
		alone = false
		one := &storyline{events: []int32{o}}
		if c.accepts(c.storyScore(q, names, acts, ev.minDay, ev.maxDay, ev.nOrig, one)) {
			return true
		}
	}
	return alone
}

// detachStory takes event e (and the events merged into it) out of
// storyline s.
func (c *Clusterer) detachStory(e, s int32) {
	st := c.stories[s]
	kept := st.events[:0]
	for _, o := range st.events {
		if c.root(o) != e {
			kept = append(kept, o)
		}
	}
	st.events = kept
	st.compacted = 0
	c.events[e].story = -1
	c.events[e].storyAt = 0
	c.markEvent(e)
	c.refreshStory(s)
}
