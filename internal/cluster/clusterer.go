package cluster

import (
	"fmt"
	"io"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"
)

// maxRecent is how many of an event's latest originals are kept for the
// event-local duplicate check, which finds truncated copies whose Jaccard
// similarity is too low for the LSH bands.
const maxRecent = 16

// maxOutlets caps the distinct outlets listed per event.
const maxOutlets = 64

// docRec is what the clusterer keeps per article: about 40 bytes plus its
// 128-byte signature and numBands LSH links.
type docRec struct {
	id     int64
	event  int32 // event index when placed; resolve through event parents
	dupOf  int32 // index of the article it copies, -1 for an original
	day    int32
	nsh    int32  // number of shingles
	pass   uint32 // retirement passes run before it came (retire.go)
	kind   DupKind
	outlet string // interned
}

// titleCand is a candidate headline of an event.
type titleCand struct {
	text  string
	v     vec
	score float64
}

// event is one cluster of articles. After a merge, parent points to the
// event it was merged into.
type event struct {
	id      int64
	parent  int32
	size    int32 // articles, copies included
	nOrig   int32 // articles that shaped the centroid (copies excluded)
	content vec   // summed unit vectors of the originals, top CentroidTerms
	ents    vec
	title   vec
	minDay  int32
	maxDay  int32
	// recalls are the earlier months and years its articles name (at most
	// maxRecalls): what an event that follows up an older one recalls.
	recalls []span
	titles  []titleCand
	labels  labelSet
	outlets []string
	members []int64
	recent  []int32 // latest original articles (indices), for local duplicate checks
	story   int32
	// storyAt is nOrig when the event joined an existing storyline on its
	// own evidence (0 when it founded its storyline): evidence that was
	// enough for one article is checked again once the event has grown.
	storyAt   int32
	seq       int64 // last update, for posting eviction
	nextCheck int32 // nOrig at which the next merge check runs
	ex        []*exemplar
	norms     normCache
	// actors are keys of the people and organisations its articles name
	// (sorted, at most maxEventActors), actorN how many originals name
	// each: shared actors, not shared places, continue a story across
	// years.
	actors []uint32
	actorN []int32
	// stub: the event is retired (retire.go) and kept only as a summary
	// that later events' storylines link to: it has no articles held and
	// takes none.
	stub bool
}

// Clusterer places articles into duplicates, events and storylines, one at
// a time. It is safe for concurrent use; Add calls are serialised.
type Clusterer struct {
	mu  sync.Mutex
	cfg Config
	an  analyzer

	docs  []docRec
	sigs  [][numHashes]uint16
	byID  map[int64]int32
	exact map[uint64]int32
	lsh   *lshIndex

	df    map[uint32]dfCount // document frequency of each feature
	n     int                // originals counted in df
	logN1 float64            // ln(n+1)

	events   []*event
	postings map[uint32][]int32 // feature -> events (capped)

	stories []*storyline

	seq int64

	outlets map[string]string // interned outlet names
	lines   *lineSketch       // short lines seen, to drop boilerplate
	// touched queues (event, seq) updates so that exemplars of events idle
	// for ExemplarWindow articles are freed in O(1) amortised time.
	touched []touch
	// accScore and accHit are scratch space of candidates.
	accScore []float64
	accHit   []int32
	// trace, when set, receives one line per placement decision.
	trace io.Writer
	// joinModel and linkModel are the learned join models
	// (Config.LearnedJoin; the link model for modes 2 and 3); flog
	// receives their training data (SetFeatureLog).
	joinModel *JoinModel
	linkModel *JoinModel
	flog      io.Writer
	flogLines int
	// changed holds the events whose articles, or whose articles' storyline
	// or original, changed since Changed was last called.
	changed map[int32]struct{}
	// rows holds what ChangedSets reports: the event and storyline rows to
	// rewrite or delete since it was last called.
	rows *rowChanges
	// dead counts the article versions taken out by Remove: while it is 0,
	// no look-up needs to skip them.
	dead int

	// Ids are given in increasing order, so that events and storylines,
	// kept in id order through retirement, are found by binary search.
	lastEvent, lastStory int64
	// ret is the state of retirement (retire.go).
	ret retirement
}

// rowChanges notes, by index, the events and storylines whose views may
// have changed and those merged away or emptied.
type rowChanges struct {
	events, stories         map[int32]struct{}
	goneEvents, goneStories map[int32]struct{}
}

func newRowChanges() *rowChanges {
	return &rowChanges{events: map[int32]struct{}{}, stories: map[int32]struct{}{},
		goneEvents: map[int32]struct{}{}, goneStories: map[int32]struct{}{}}
}

// markEvent notes that the placement of event e's articles changed.
func (c *Clusterer) markEvent(e int32) {
	if c.changed != nil {
		c.changed[e] = struct{}{}
	}
	c.markEventRow(e)
}

// markEventRow notes that event e's view (not its articles' placement)
// may have changed.
func (c *Clusterer) markEventRow(e int32) {
	if c.rows != nil {
		c.rows.events[e] = struct{}{}
	}
}

// markStoryRow notes that storyline s's view may have changed.
func (c *Clusterer) markStoryRow(s int32) {
	if c.rows != nil {
		c.rows.stories[s] = struct{}{}
	}
}

// markGoneEvent notes that event e was merged away or emptied.
func (c *Clusterer) markGoneEvent(e int32) {
	if c.rows != nil {
		c.rows.goneEvents[e] = struct{}{}
	}
}

// markGoneStory notes that storyline s was merged away or emptied.
func (c *Clusterer) markGoneStory(s int32) {
	if c.rows != nil {
		c.rows.goneStories[s] = struct{}{}
	}
}

// TrackChanges makes the clusterer note, for Changed and ChangedSets, the
// events whose articles' placement changes and the event and storyline
// views that change; off by default (nothing to free otherwise).
func (c *Clusterer) TrackChanges() {
	c.mu.Lock()
	if c.changed == nil {
		c.changed = map[int32]struct{}{}
	}
	if c.rows == nil {
		c.rows = newRowChanges()
	}
	c.mu.Unlock()
}

// markStory notes that every event of storyline s changed storyline.
func (c *Clusterer) markStory(s int32) {
	for _, e := range c.stories[s].events {
		c.markEvent(e)
	}
}

// Changed returns the events (by current id) whose articles' placement
// (event, storyline or original) may have changed since the last call: the
// events an article joined, and those that corrections (merges, splits,
// relocations, storyline changes) touched; nil unless TrackChanges was
// called first. A store that saves the placements of these events' members
// after each batch stays in step with the clusterer.
func (c *Clusterer) Changed() []int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	seen := map[int32]bool{}
	var out []int64
	for e := range c.changed {
		r := c.root(e)
		if !seen[r] && !c.events[r].stub {
			seen[r] = true
			out = append(out, c.events[r].id)
		}
	}
	clear(c.changed)
	slices.Sort(out)
	return out
}

// ChangedSets returns, since its last call, the rows a store of events and
// storylines must rewrite: events, the current events whose view (Event:
// articles, dates, headline, outlets, labels, storyline) may have changed;
// mergedEvents, the ids merged away or emptied by Remove (Resolve gives
// where each now stands, 0 for emptied: delete its row); storylines, the
// current storylines whose view (Storyline: events, span, headline,
// outlets, key names, articles) may have changed, which includes every
// storyline of a changed event and every one an event left; and
// mergedStorylines, the storyline ids merged away or left without events
// (ResolveStoryline, 0 for emptied). Each list is sorted; nil unless
// TrackChanges was called first. It does not consume what Changed reports,
// nor the reverse. Labels ranked by idf drift a little with every article:
// that alone does not mark a view changed.
func (c *Clusterer) ChangedSets() (events, mergedEvents, storylines, mergedStorylines []int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rows == nil {
		return nil, nil, nil, nil
	}
	rs := c.rows
	evs := map[int32]bool{}
	sts := map[int32]bool{}
	story := func(s int32) {
		if s >= 0 {
			sts[c.storyRoot(s)] = true
		}
	}
	for _, set := range []map[int32]struct{}{rs.events, rs.goneEvents} {
		for e := range set {
			// The storyline it was in, and the one it now stands in.
			story(c.events[e].story)
			// A stub's view is frozen: the store holds its row.
			if r := c.root(e); c.events[r].size > 0 && !c.events[r].stub {
				evs[r] = true
				story(c.events[r].story)
			}
		}
	}
	for _, set := range []map[int32]struct{}{rs.stories, rs.goneStories} {
		for s := range set {
			story(s)
		}
	}
	for e := range rs.goneEvents {
		if r := c.root(e); r != e || c.events[r].size == 0 {
			mergedEvents = append(mergedEvents, c.events[e].id)
		}
	}
	for e := range evs {
		events = append(events, c.events[e].id)
	}
	gone := map[int32]bool{}
	for s := range rs.goneStories {
		if c.storyRoot(s) != s || !c.storyLive(s) {
			gone[s] = true
		}
	}
	for s := range sts {
		if c.storyLive(s) {
			storylines = append(storylines, c.stories[s].id)
		} else {
			gone[s] = true
		}
	}
	for s := range gone {
		mergedStorylines = append(mergedStorylines, c.stories[s].id)
	}
	for _, l := range [][]int64{events, mergedEvents, storylines, mergedStorylines} {
		slices.Sort(l)
	}
	clear(rs.events)
	clear(rs.stories)
	clear(rs.goneEvents)
	clear(rs.goneStories)
	return events, mergedEvents, storylines, mergedStorylines
}

// SetTrace makes the clusterer write one line per decision (join, new
// event, merge, split, move) to w; nil turns it off. For diagnosis only.
func (c *Clusterer) SetTrace(w io.Writer) {
	c.mu.Lock()
	c.trace = w
	c.mu.Unlock()
}

func (c *Clusterer) tracef(format string, args ...any) {
	if c.trace != nil {
		fmt.Fprintf(c.trace, format+"\n", args...)
	}
}

type touch struct {
	e   int32
	seq int64
}

// New returns an empty Clusterer.
func New(cfg Config) *Clusterer {
	c := &Clusterer{
		cfg:      cfg,
		byID:     map[int64]int32{},
		exact:    map[uint64]int32{},
		lsh:      newLSH(),
		df:       map[uint32]dfCount{},
		postings: map[uint32][]int32{},
		outlets:  map[string]string{},
		lines:    newLineSketch(),
	}
	c.an.cfg = &c.cfg
	// A shipped model this build cannot read (TestShippedModelsRead
	// guards against it) leaves the hand rule in place; evaluation runs
	// set their own models with SetJoinModel.
	if cfg.LearnedJoin > 0 {
		c.joinModel, _ = DefaultJoinModel()
	}
	if cfg.LearnedJoin >= 2 {
		c.linkModel, _ = DefaultLinkModel()
	}
	return c
}

// SetJoinModel replaces a learned join model (the centroid or the link
// model, by its features; used when Config.LearnedJoin is on), for
// evaluation of models fitted on folds.
func (c *Clusterer) SetJoinModel(m *JoinModel) {
	c.mu.Lock()
	if m.isLink() {
		if c.cfg.LearnedJoin >= 2 {
			c.linkModel = m
		}
	} else {
		c.joinModel = m
	}
	c.mu.Unlock()
}

// logTable caches ln(k) for small k: idf is the innermost call of every
// similarity.
var logTable = func() []float64 {
	t := make([]float64, 1<<12)
	for i := 1; i < len(t); i++ {
		t[i] = math.Log(float64(i))
	}
	return t
}()

func fastLog(k uint32) float64 {
	if int(k) < len(logTable) {
		return logTable[k]
	}
	return math.Log(float64(k))
}

// idf is the smoothed inverse document frequency of a feature,
// ln((n+1)/(df+1)) + 1.
func (c *Clusterer) idf(h uint32) float64 {
	return c.logN1 - fastLog(c.df[h].n+1) + 1
}

// root resolves an event index through merges (with path halving).
func (c *Clusterer) root(i int32) int32 {
	for c.events[i].parent != i {
		p := c.events[i].parent
		c.events[i].parent = c.events[p].parent
		i = p
	}
	return i
}

// rootDoc resolves an article to the original of its copy chain.
func (c *Clusterer) rootDoc(i int32) int32 {
	for c.docs[i].dupOf >= 0 {
		i = c.docs[i].dupOf
	}
	return i
}

// Add places one article and returns where it went. Adding an id held
// returns its current placement and changes nothing; an id retired
// (retire.go) is placed afresh.
func (c *Clusterer) Add(d Doc) Assignment {
	c.mu.Lock()
	defer c.mu.Unlock()
	if i, ok := c.byID[d.ID]; ok {
		return c.assignmentOf(i)
	}
	a := c.add(d)
	c.maybeRetire()
	return a
}

// add places a new article.
func (c *Clusterer) add(d Doc) Assignment {
	c.seq++
	d.Text = c.lines.stripBoilerplate(d.Text, c.cfg.BoilerplateSeen)
	f := c.an.analyze(&d)
	c.noteDay(f.day)
	idx := int32(len(c.docs))
	rec := docRec{id: d.ID, dupOf: -1, day: f.day, outlet: c.intern(f.outlet), pass: c.ret.pass}
	sh := shingles(f.words)
	rec.nsh = int32(len(sh))
	var sig signature
	if len(sh) > 0 {
		sig = minhash(sh)
	}
	csig := sig.compact()
	exactKey := hashWords(f.words)

	a := Assignment{DocID: d.ID}
	orig, kind, sim := c.findDuplicate(exactKey, len(f.words), &sig, &csig, len(sh))
	c.docs = append(c.docs, rec)
	c.sigs = append(c.sigs, csig)
	c.byID[d.ID] = idx
	if len(sh) > 0 {
		c.lsh.add(idx, &sig)
	} else {
		c.lsh.addEmpty()
	}
	if len(f.words) > 0 {
		if o, ok := c.exact[exactKey]; !ok || c.deadRoot(o) {
			c.exact[exactKey] = idx
		}
	}

	if orig >= 0 {
		c.placeCopy(idx, orig, kind, sim, f, &a)
		return a
	}

	c.countDF(f)
	best, bestScore, others, ok := c.bestEvent(f, d.ID)
	if ok {
		// A copy whose Jaccard similarity is too low for the bands (a short
		// excerpt of a long story) is still found among the event's latest.
		if o, s := c.localDuplicate(idx, best); o >= 0 {
			c.placeCopy(idx, o, NearDuplicate, s, f, &a)
			return a
		}
		c.join(best, idx, f)
		a.EventID = c.events[best].id
		a.Score = bestScore
		c.tracef("doc %d joins e%d score %.3f", d.ID, a.EventID, bestScore)
		for _, o := range others {
			ro, rb := c.root(o), c.root(best)
			if ro == rb {
				continue
			}
			if sim := c.eventSim(c.events[ro], c.events[rb]); sim >= c.cfg.BridgeThreshold && !c.wouldSplit(ro, rb) {
				c.tracef("  bridge merges e%d into e%d sim %.3f", c.events[ro].id, c.events[rb].id, sim)
				a.Merged = append(a.Merged, c.events[ro].id)
				best = c.merge(rb, ro)
				c.events[best].nextCheck = 0 // re-examine the union now
			}
		}
		best = c.root(best)
		c.growthCheck(best, &a)
	} else {
		best = c.newEvent(idx, f)
		a.NewEvent = true
		c.tracef("doc %d opens e%d (best score %.3f)", d.ID, c.events[best].id, bestScore)
		c.placeStory(best)
	}
	c.expireExemplars()
	// Read the placement back: a split or relocation at a checkpoint may
	// have moved this very article.
	e := c.root(c.docs[idx].event)
	a.EventID = c.events[e].id
	a.StorylineID = c.stories[c.storyRoot(c.events[e].story)].id
	return a
}

// hashWords is the exact-duplicate key: the normalised words of the text.
func hashWords(ws []string) uint64 {
	h := uint64(14695981039346656037)
	for _, w := range ws {
		for k := 0; k < len(w); k++ {
			h ^= uint64(w[k])
			h *= 1099511628211
		}
		h ^= ' '
		h *= 1099511628211
	}
	return h
}

// findDuplicate looks for an earlier copy: the same normalised text, else
// the most similar article sharing a MinHash band.
func (c *Clusterer) findDuplicate(exactKey uint64, nwords int, sig *signature, csig *[numHashes]uint16, nsh int) (int32, DupKind, float64) {
	if nwords > 0 {
		if o, ok := c.exact[exactKey]; ok && !c.deadRoot(o) {
			return o, ExactDuplicate, 1
		}
	}
	if nsh < c.cfg.MinShingles {
		return -1, NotDuplicate, 0
	}
	best, bestSim := int32(-1), 0.0
	for _, i := range c.lsh.candidates(sig, map[int32]bool{}) {
		if c.deadRoot(i) {
			continue
		}
		if s, ok := c.dupSim(csig, nsh, i); ok && s > bestSim {
			best, bestSim = i, s
		}
	}
	if best < 0 {
		return -1, NotDuplicate, 0
	}
	return best, NearDuplicate, bestSim
}

// dupSim decides whether article i is a copy of (or copied by) a text with
// signature csig and nsh shingles, and how similar they are.
func (c *Clusterer) dupSim(csig *[numHashes]uint16, nsh int, i int32) (float64, bool) {
	o := c.docs[i]
	if int(o.nsh) < c.cfg.MinShingles {
		return 0, false
	}
	j, cont := resemblance(jaccard(csig, &c.sigs[i]), nsh, int(o.nsh))
	if j >= c.cfg.NearJaccard {
		return math.Max(j, cont), true
	}
	if j >= c.cfg.MinContainJaccard && cont >= c.cfg.NearContainment {
		return cont, true
	}
	return 0, false
}

// localDuplicate checks the latest originals of event e for a copy of
// article idx.
func (c *Clusterer) localDuplicate(idx, e int32) (int32, float64) {
	ev := c.events[c.root(e)]
	rec := c.docs[idx]
	if int(rec.nsh) < c.cfg.MinShingles {
		return -1, 0
	}
	best, bestSim := int32(-1), 0.0
	for _, i := range ev.recent {
		if c.deadRoot(i) {
			continue
		}
		if s, ok := c.dupSim(&c.sigs[idx], int(rec.nsh), i); ok && s > bestSim {
			best, bestSim = i, s
		}
	}
	return best, bestSim
}

// placeCopy files article idx as a copy of article orig: it joins the
// original's event without changing its centroid (coverage counts outlets,
// not copies). The earliest published copy becomes the original.
func (c *Clusterer) placeCopy(idx, orig int32, kind DupKind, sim float64, f *features, a *Assignment) {
	root := c.rootDoc(orig)
	rec := &c.docs[idx]
	rec.kind = kind
	r := &c.docs[root]
	if rec.day != noDay && (r.day == noDay || rec.day < r.day) {
		// The newcomer was published first: it becomes the original.
		r.dupOf = idx
		a.NewOriginalOf = r.id
	} else {
		rec.dupOf = root
		a.DuplicateOf = r.id
	}
	a.DupKind = kind
	a.DupSimilarity = sim
	e := c.root(c.docs[root].event)
	c.markEvent(e)
	c.tracef("doc %d copies doc %d (%.2f) in e%d", rec.id, c.docs[orig].id, sim, c.events[e].id)
	rec.event = e
	ev := c.events[e]
	ev.size++
	ev.members = append(ev.members, rec.id)
	c.addOutlet(ev, f.outlet)
	c.addDays(ev, f.day)
	a.EventID = ev.id
	a.StorylineID = c.stories[c.storyRoot(ev.story)].id
}

// countDF adds an original's features to the document frequencies.
func (c *Clusterer) countDF(f *features) {
	c.n++
	c.logN1 = math.Log(float64(c.n + 1))
	for _, h := range f.all {
		x := c.df[h]
		c.df[h] = dfCount{x.n + 1, c.ret.pass}
	}
}

// candidates returns the events sharing the most (idf-weighted) indexed
// features with a query vector, at most MaxCandidates, each a root; while
// there are no more events than that, all of them.
func (c *Clusterer) candidates(content, ents vec) []int32 {
	return c.candidatesOf(content, ents, false)
}

// candidatesOf is candidates, with the retired events' stubs among them
// when stubs is set (for storyline links: nothing else may join a stub).
func (c *Clusterer) candidatesOf(content, ents vec, stubs bool) []int32 {
	skip := !stubs && c.ret.stubs > 0
	if len(c.events) <= c.cfg.MaxCandidates {
		// A store this small has no idf worth the name: the words its
		// articles share weigh nothing and the index finds no one. Every
		// event is a candidate, at no more cost than the index's best.
		var out []int32
		for e := range c.events {
			// An event emptied by Remove is no candidate.
			if r := c.root(int32(e)); r == int32(e) && (c.dead == 0 || c.events[r].size > 0) && !(skip && c.events[r].stub) {
				out = append(out, r)
			}
		}
		return out
	}
	q := c.queryTerms(content, ents, c.cfg.QueryTerms)
	// Scores accumulate in a scratch array indexed by event (no map), and
	// only the best MaxCandidates are ordered.
	if len(c.accScore) < len(c.events) {
		c.accScore = append(c.accScore, make([]float64, len(c.events)-len(c.accScore))...)
	}
	hit := c.accHit[:0]
	for _, t := range q {
		for _, e := range c.postings[t.h] {
			r := c.root(e)
			if c.dead > 0 && c.events[r].size == 0 || skip && c.events[r].stub {
				continue
			}
			if c.accScore[r] == 0 {
				hit = append(hit, r)
			}
			c.accScore[r] += float64(t.w)
		}
	}
	better := func(a, b int32) bool {
		if sa, sb := c.accScore[a], c.accScore[b]; sa != sb {
			return sa > sb
		}
		return a < b
	}
	k := min(c.cfg.MaxCandidates, len(hit))
	// Selection: keep the best k in a heap whose root is its worst. The heap
	// is a copy: every hit must stay listed to be reset below.
	top := make([]int32, k)
	copy(top, hit[:k])
	heapify(top, better)
	for _, e := range hit[k:] {
		if better(e, top[0]) {
			top[0] = e
			siftDown(top, 0, better)
		}
	}
	out := top
	slices.SortFunc(out, func(a, b int32) int {
		if better(a, b) {
			return -1
		}
		if better(b, a) {
			return 1
		}
		return 0
	})
	for _, e := range hit {
		c.accScore[e] = 0
	}
	c.accHit = hit[:0]
	return out
}

// heapify orders h as a heap whose root is its worst element by better.
func heapify(h []int32, better func(a, b int32) bool) {
	for i := len(h)/2 - 1; i >= 0; i-- {
		siftDown(h, i, better)
	}
}

func siftDown(h []int32, i int, better func(a, b int32) bool) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		w := l
		if r := l + 1; r < len(h) && better(h[l], h[r]) {
			w = r
		}
		if !better(h[i], h[w]) {
			return
		}
		h[i], h[w] = h[w], h[i]
		i = w
	}
}

// queryTerms picks the k features of content and ents with the largest
// weight*idf, returned with that product as weight.
func (c *Clusterer) queryTerms(content, ents vec, k int) vec {
	all := make(vec, 0, len(content)+len(ents))
	for _, t := range content {
		all = append(all, term{t.h, t.w * float32(c.idf(t.h))})
	}
	for _, t := range ents {
		// Figures among the names weigh in scoring only: as rare keys they
		// would crowd the words out of the index and the look-up, and the
		// word vector holds them already.
		if isNumberName(t.h) {
			continue
		}
		all = append(all, term{t.h, t.w * float32(c.idf(t.h))})
	}
	slices.SortFunc(all, byWeightDesc)
	if len(all) > k {
		all = all[:k]
	}
	return all
}

// bestEvent scores the candidate events of an article; it returns the best,
// its score, the other candidates that also pass the join bar, and whether
// the best passes it. When a learned model chooses (Config.LearnedJoin 1
// or 2) the score is its likelihood and the bar its threshold; otherwise
// the score is the hand rule's similarity and the bar JoinThreshold, and
// with the veto (3) a candidate the link model finds unlikely is held
// under the bar.
func (c *Clusterer) bestEvent(f *features, id int64) (int32, float64, []int32, bool) {
	best, bestScore, bestRaw := int32(-1), 0.0, 0.0
	var pass []int32
	q := c.makeQuery(f.content, f.ents, f.title, f.day, f.day)
	q.recalls = f.recalls
	learned := c.cfg.LearnedJoin > 0 && c.joinModel != nil
	// LearnedJoin=3: the hand rule proposes and the link model may veto.
	veto := learned && c.cfg.LearnedJoin == 3 && c.linkModel != nil
	if veto {
		learned = false
	}
	bar := c.cfg.JoinThreshold
	if learned {
		bar = c.joinModel.Threshold
		if c.linkModel != nil {
			bar = c.linkModel.Threshold
		}
	}
	var x []float64
	var logged []logCandidate
	if learned || veto || c.flog != nil {
		x = make([]float64, len(joinFeatures))
		q.lead = makeQuery(f.lead, c)
	}
	for _, e := range c.candidates(f.content, f.ents) {
		ev := c.events[e]
		raw := c.scoreQ(q, ev)
		if c.flog != nil {
			c.pairFeatures(f, q, ev, x)
			lc := logCandidate{Event: ev.id, Members: ev.members, X: append([]float64(nil), x...), Hand: raw}
			for _, ex := range ev.ex {
				y := make([]float64, len(linkFeatures))
				c.linkFeaturesOf(f, q, ex, y)
				lc.LinkDocs = append(lc.LinkDocs, c.docs[ex.doc].id)
				lc.Links = append(lc.Links, y)
			}
			logged = append(logged, lc)
		}
		s := raw
		if learned {
			raw = c.learnedScore(f, q, ev, raw, x)
			s = raw
		} else {
			// A young event is compared on a stricter bar: a second
			// article that only shares the story's words is as likely a
			// sibling happening (the other offer, the second quake) as
			// the same one. Shifting the score keeps a larger event
			// preferred when both would pass.
			s -= c.thinShift(ev.nOrig)
			if veto && s >= bar && c.learnedScore(f, q, ev, raw, x) < c.linkModel.Threshold {
				s = bar - 1e-9 // below the bar: the candidate cannot take the article
			}
		}
		if s >= bar {
			pass = append(pass, e)
		}
		if s > bestScore {
			best, bestScore, bestRaw = e, s, raw
		}
	}
	others := pass[:0]
	for _, e := range pass {
		if e != best {
			others = append(others, e)
		}
	}
	ok := best >= 0 && bestScore >= bar
	if c.flog != nil {
		chosen := int64(0)
		if ok {
			chosen = c.events[best].id
		}
		c.writeFeatureLog(id, f.day, logged, chosen)
	}
	if !ok {
		// Below the bar the caller opens an event; the raw score is not
		// reported.
		return best, bestScore, others, false
	}
	return best, bestRaw, others, true
}

// thinShift is how much higher than JoinThreshold the bar is for an event
// of n originals: SingleJoinThreshold's excess for an event of one.
func (c *Clusterer) thinShift(n int32) float64 {
	if n <= 1 && c.cfg.SingleJoinThreshold > c.cfg.JoinThreshold {
		return c.cfg.SingleJoinThreshold - c.cfg.JoinThreshold
	}
	return 0
}

// query is a profile (an article's or an event's) prepared for scoring
// against many events.
type query struct {
	content, ents, title qvec
	lead                 qvec // an article's lead names, for the learned join only
	minDay, maxDay       int32
	recalls              []span // months and years an article recalls (see features)
}

func (c *Clusterer) makeQuery(content, ents, title vec, minDay, maxDay int32) *query {
	return &query{content: makeQuery(content, c), ents: makeQuery(ents, c), title: makeQuery(title, c), minDay: minDay, maxDay: maxDay}
}

// norms returns the idf-weighted norms of a profile's vectors, cached.
func (c *Clusterer) norms(nc *normCache, content, ents, title vec) [3]float64 {
	if nc.at == 0 || c.n > nc.at+nc.at/32+1 {
		nc.n = [3]float64{vnorm(content, c), vnorm(ents, c), vnorm(title, c)}
		nc.at = c.n
		if nc.at == 0 {
			nc.at = 1
		}
	}
	return nc.n
}

// scoreQ is score for a prepared query.
func (c *Clusterer) scoreQ(q *query, e *event) float64 {
	cfg := &c.cfg
	n := c.norms(&e.norms, e.content, e.ents, e.title)
	s := cfg.WContent * cosQ(q.content, e.content, n[0])
	w := cfg.WContent
	if len(q.ents.t) > 0 && len(e.ents) > 0 {
		s += cfg.WEntity * cosQ(q.ents, e.ents, n[1])
		w += cfg.WEntity
	}
	if len(q.title.t) > 0 && len(e.title) > 0 {
		s += cfg.WTitle * cosQ(q.title, e.title, n[2])
		w += cfg.WTitle
	}
	if w > 0 {
		s /= w
	}
	return s - c.datePenalty(q.minDay, q.maxDay, e.minDay, e.maxDay, q.recalls) - c.spanBar(q.minDay, q.maxDay, e.minDay, e.maxDay, q.recalls, s)
}

// scoreW is the similarity of a profile (an article's or an event's) to
// an event, with the feature weights of wt: the clusterer's idf, or
// unitWeight for vectors already weighted.
func (c *Clusterer) scoreW(content, ents, title vec, minDay, maxDay int32, recalls []span, e *event, wt weigher) float64 {
	s := c.scoreWB(content, ents, title, minDay, maxDay, recalls, e, wt)
	return s - c.spanBar(minDay, maxDay, e.minDay, e.maxDay, recalls, s+c.datePenalty(minDay, maxDay, e.minDay, e.maxDay, recalls))
}

// scoreWB is scoreW without the span bound: the split tests ask how alike
// two parts of one event are, not whether they could be joined.
func (c *Clusterer) scoreWB(content, ents, title vec, minDay, maxDay int32, recalls []span, e *event, wt weigher) float64 {
	cfg := &c.cfg
	s := cfg.WContent * cosine(content, e.content, wt)
	w := cfg.WContent
	if len(ents) > 0 && len(e.ents) > 0 {
		s += cfg.WEntity * cosine(ents, e.ents, wt)
		w += cfg.WEntity
	}
	if len(title) > 0 && len(e.title) > 0 {
		s += cfg.WTitle * cosine(title, e.title, wt)
		w += cfg.WTitle
	}
	if w > 0 {
		s /= w
	}
	return s - c.datePenalty(minDay, maxDay, e.minDay, e.maxDay, recalls)
}

// overSpan is the score taken off when two date spans together would last
// longer than EventSpanDays: enough that nothing joins, merges or moves
// across it. An event is one happening; coverage that goes on for weeks
// (a campaign, a trial) becomes new events of one storyline. Undated
// articles and events are never barred, so undated text is unaffected.
const overSpan = 10

// spanBar is overSpan when spans a and b together exceed EventSpanDays
// (0 turns the bound off), else 0. No recalled date lifts it: a follow-up
// weeks later is another event of the story.
func (c *Clusterer) spanBar(aMin, aMax, bMin, bMax int32, recalls []span, sim float64) float64 {
	if c.cfg.EventSpanDays <= 0 || aMin == noDay || bMin == noDay {
		return 0
	}
	if c.cfg.SpanRecall > 0 && sim >= c.cfg.SpanRecallSim && aMin > bMax && recalled(recalls, bMin, bMax) {
		return 0
	}
	// Spans that together last no longer than the longer alone (an
	// article within an event's dates) are never barred, even when that
	// span grew past the bound by a recalled date.
	u := max(aMax, bMax) - min(aMin, bMin)
	if u > int32(c.cfg.EventSpanDays) && u > max(aMax-aMin, bMax-bMin) {
		return overSpan
	}
	return 0
}

// datePenalty grows with the gap between two date spans beyond the window.
// An article (span a) later than the event (span b) whose text names a
// month or year of the event's span recalls it: a follow-up (the trial of a
// killer, the verdict), which is no penalty.
func (c *Clusterer) datePenalty(aMin, aMax, bMin, bMax int32, recalls []span) float64 {
	if aMin == noDay || bMin == noDay {
		return 0
	}
	if aMin > bMax && recalled(recalls, bMin, bMax) {
		return 0
	}
	gap := int32(0)
	if aMin > bMax {
		gap = aMin - bMax
	} else if bMin > aMax {
		gap = bMin - aMax
	}
	win := int32(c.cfg.DateWindowDays)
	if gap <= win {
		return 0
	}
	full := float64(c.cfg.DatePenaltyDays - c.cfg.DateWindowDays)
	if full < 1 {
		full = 1
	}
	x := math.Log1p(float64(gap-win)) / math.Log1p(full)
	if x > 1 {
		x = 1
	}
	return c.cfg.DatePenalty * x
}

// eventSim is the similarity of two events' centroids.
func (c *Clusterer) eventSim(a, b *event) float64 {
	q := c.makeQuery(a.content, a.ents, a.title, a.minDay, a.maxDay)
	q.recalls = a.recalls
	s := c.scoreQ(q, b)
	if a.minDay != noDay && b.minDay > a.maxDay && recalled(b.recalls, a.minDay, a.maxDay) {
		// b follows a up: no penalty either way.
		s += c.datePenalty(a.minDay, a.maxDay, b.minDay, b.maxDay, nil)
	}
	return s
}

// newEvent opens an event for article idx.
func (c *Clusterer) newEvent(idx int32, f *features) int32 {
	e := int32(len(c.events))
	c.lastEvent++
	ev := &event{
		id:        c.lastEvent,
		parent:    e,
		minDay:    noDay,
		maxDay:    noDay,
		nextCheck: 2,
		story:     -1,
		ex:        []*exemplar{},
	}
	c.events = append(c.events, ev)
	c.join(e, idx, f)
	return e
}

// join adds original article idx to event e.
func (c *Clusterer) join(e, idx int32, f *features) {
	c.markEvent(e)
	ev := c.events[e]
	c.docs[idx].event = e
	ev.size++
	ev.nOrig++
	ev.seq = c.seq
	ev.members = append(ev.members, c.docs[idx].id)
	ev.recent = append(ev.recent, idx)
	if len(ev.recent) > maxRecent {
		ev.recent = ev.recent[len(ev.recent)-maxRecent:]
	}
	ev.norms.at = 0
	ev.content = c.addCentroid(ev.content, f.content, c.cfg.CentroidTerms)
	ev.ents = c.addCentroid(ev.ents, f.ents, c.cfg.CentroidNames)
	ev.title = c.addCentroid(ev.title, f.title, 32)
	ev.actors, ev.actorN = addActors(ev.actors, ev.actorN, f.actors, nil, maxEventActors)
	for _, l := range f.keep {
		ev.labels.add(l.h, l.s)
	}
	c.pruneLabels(ev)
	c.addDays(ev, f.day)
	ev.recalls = unionSpans(ev.recalls, f.recalls)
	c.addOutlet(ev, f.outlet)
	c.addTitle(ev, f.title_, f.title)
	if ev.ex != nil && len(ev.ex) == int(ev.nOrig)-1 && int(ev.nOrig) <= c.cfg.MaxExemplars {
		ev.ex = append(ev.ex, &exemplar{doc: idx, content: f.content, ents: f.ents, title: f.title, day: f.day, recalls: f.recalls, actors: f.actors})
	} else {
		ev.ex = nil
	}
	c.touched = append(c.touched, touch{e, c.seq})
	c.index(e)
}

// intern returns the shared copy of an outlet name.
func (c *Clusterer) intern(s string) string {
	if s == "" {
		return ""
	}
	if x, ok := c.outlets[s]; ok {
		return x
	}
	c.outlets[s] = s
	return s
}

// outletOf returns article i's outlet.
func (c *Clusterer) outletOf(i int32) string { return c.docs[i].outlet }

// Sizes an idle event is shrunk to: enough to take a late article or link
// a storyline, at a fraction of the memory.
const (
	idleTerms  = 48
	idleNames  = 24
	idleTitle  = 12
	idleTitles = 2
	idleLabels = 12
)

// shrink frees what an idle event needs only while it is active.
func (c *Clusterer) shrink(ev *event) {
	ev.ex = nil
	ev.recent = nil
	ev.content = prune(ev.content, idleTerms, c)
	ev.ents = prune(ev.ents, idleNames, c)
	ev.title = prune(ev.title, idleTitle, c)
	if len(ev.labels) > idleLabels {
		ev.labels = append(labelSet(nil), ev.labels[:idleLabels]...)
	}
	if len(ev.titles) > idleTitles {
		ev.titles = ev.titles[:idleTitles:idleTitles]
	}
	ev.norms.at = 0
	// Copies keep the slices' tails from being retained.
	ev.content = append(vec(nil), ev.content...)
	ev.ents = append(vec(nil), ev.ents...)
	ev.title = append(vec(nil), ev.title...)
}

// expireExemplars shrinks the events idle for ExemplarWindow articles:
// they are past correction, and memory per article stays bounded.
func (c *Clusterer) expireExemplars() {
	limit := c.seq - int64(c.cfg.ExemplarWindow)
	n := 0
	for n < len(c.touched) && c.touched[n].seq < limit {
		t := c.touched[n]
		if ev := c.events[t.e]; ev.seq <= t.seq && ev.parent == t.e {
			// Shrinking drops labels and headlines: the view may change.
			c.markEventRow(t.e)
			c.shrink(ev)
		}
		n++
	}
	if n > 0 {
		c.touched = append(c.touched[:0], c.touched[n:]...)
	}
}

// addCentroid adds a unit vector to a centroid and prunes it to k features;
// pruning waits until k is exceeded by half, so it runs rarely.
func (c *Clusterer) addCentroid(cent, v vec, k int) vec {
	cent = addScaled(cent, v, 1)
	if len(cent) > k+k/2 {
		cent = prune(cent, k, c)
	}
	return cent
}

// pruneLabels keeps the display labels of the event's heaviest features
// once it holds half again as many as it may keep.
func (c *Clusterer) pruneLabels(ev *event) {
	if len(ev.labels) <= maxLabels+maxLabels/2 {
		return
	}
	var keep labelSet
	for _, v := range []vec{ev.ents, ev.content} {
		for _, t := range c.queryTerms(nil, v, maxLabels/2) {
			if l, ok := ev.labels.get(t.h); ok {
				keep.add(t.h, l)
			}
		}
	}
	// A kept word of a longer name keeps that name's label too ("Los
	// Angeles" for "Angeles"), for the key names.
	for _, k := range keep {
		if strings.Contains(k.s, " ") {
			continue
		}
		w := strings.ToLower(k.s)
		for _, l := range ev.labels {
			if strings.Contains(l.s, " ") && slices.Contains(strings.Fields(strings.ToLower(l.s)), w) {
				keep.add(l.h, l.s)
				break
			}
		}
	}
	ev.labels = keep
}

func (c *Clusterer) addDays(ev *event, day int32) {
	if day == noDay {
		return
	}
	if ev.minDay == noDay || day < ev.minDay {
		ev.minDay = day
	}
	if ev.maxDay == noDay || day > ev.maxDay {
		ev.maxDay = day
	}
}

func (c *Clusterer) addOutlet(ev *event, o string) {
	if o == "" || len(ev.outlets) >= maxOutlets {
		return
	}
	for _, x := range ev.outlets {
		if x == o {
			return
		}
	}
	ev.outlets = append(ev.outlets, o)
}

// addTitle offers a headline to the event; the kept candidates are rescored
// against the current centroid, the best first.
func (c *Clusterer) addTitle(ev *event, text string, v vec) {
	if text == "" {
		return
	}
	if len(ev.titles) < c.cfg.MaxEventTitles {
		ev.titles = append(ev.titles, titleCand{text: text, v: v})
	} else {
		// Replace the weakest candidate if the newcomer beats it.
		s := c.titleScore(text, v, ev)
		last := len(ev.titles) - 1
		if s > ev.titles[last].score {
			ev.titles[last] = titleCand{text: text, v: v, score: s}
		}
	}
	for i := range ev.titles {
		ev.titles[i].score = c.titleScore(ev.titles[i].text, ev.titles[i].v, ev)
	}
	sort.SliceStable(ev.titles, func(i, j int) bool { return ev.titles[i].score > ev.titles[j].score })
}

// titleScore ranks a candidate headline for an event: how well its words
// cover the event's, discounted below four words. A label such as "Deputy
// Sheriff" (a memorial page's heading) holds nothing but the event's most
// common words and would beat every real headline, yet says nothing.
func (c *Clusterer) titleScore(text string, v vec, ev *event) float64 {
	s := cosine(v, ev.content, c)
	if n := len(strings.Fields(text)); n < minHeadlineWords {
		s *= float64(n) / minHeadlineWords
	}
	return s
}

// minHeadlineWords is the length below which a headline is discounted.
const minHeadlineWords = 4

// index posts event e under its heaviest features. A full posting list
// drops its least recently updated event: old events stay reachable through
// their rarer features.
func (c *Clusterer) index(e int32) {
	ev := c.events[e]
	for _, t := range c.queryTerms(ev.content, ev.ents, c.cfg.IndexTerms) {
		p := c.postings[t.h]
		found := false
		for i, x := range p {
			if x == e {
				found = true
				break
			}
			if r := c.root(x); r == e {
				p[i] = e
				found = true
				break
			}
		}
		if found {
			continue
		}
		if len(p) < c.cfg.PostingCap {
			c.postings[t.h] = append(p, e)
			continue
		}
		oldest, oldSeq := 0, int64(math.MaxInt64)
		for i, x := range p {
			if s := c.events[c.root(x)].seq; s < oldSeq {
				oldest, oldSeq = i, s
			}
		}
		p[oldest] = e
	}
}

// merge folds event b into event a (or a into b, whichever is larger) and
// returns the surviving index. The absorbed id resolves to the survivor.
func (c *Clusterer) merge(a, b int32) int32 {
	a, b = c.root(a), c.root(b)
	if a == b {
		return a
	}
	ea, eb := c.events[a], c.events[b]
	if eb.nOrig > ea.nOrig || eb.nOrig == ea.nOrig && b < a {
		a, b = b, a
		ea, eb = eb, ea
	}
	eb.parent = a
	c.markEvent(a)
	c.markGoneEvent(b)
	wasComplete := ea.complete() && eb.complete()
	ea.size += eb.size
	ea.nOrig += eb.nOrig
	ea.norms.at = 0
	ea.content = prune(addScaled(ea.content, eb.content, 1), c.cfg.CentroidTerms, c)
	ea.ents = prune(addScaled(ea.ents, eb.ents, 1), c.cfg.CentroidNames, c)
	ea.title = prune(addScaled(ea.title, eb.title, 1), 32, c)
	ea.actors, ea.actorN = addActors(ea.actors, ea.actorN, eb.actors, eb.actorN, maxEventActors)
	for _, l := range eb.labels {
		ea.labels.add(l.h, l.s)
	}
	c.pruneLabels(ea)
	if eb.minDay != noDay {
		c.addDays(ea, eb.minDay)
		c.addDays(ea, eb.maxDay)
	}
	ea.recalls = unionSpans(ea.recalls, eb.recalls)
	for _, o := range eb.outlets {
		c.addOutlet(ea, o)
	}
	if wasComplete && int(ea.nOrig) <= c.cfg.MaxExemplars {
		ea.ex = append(ea.ex, eb.ex...)
	} else {
		ea.ex = nil
	}
	ea.members = append(ea.members, eb.members...)
	ea.recent = append(ea.recent, eb.recent...)
	if len(ea.recent) > maxRecent {
		ea.recent = ea.recent[len(ea.recent)-maxRecent:]
	}
	for _, t := range eb.titles {
		c.addTitle(ea, t.text, t.v)
	}
	if ea.seq < eb.seq {
		ea.seq = eb.seq
	}
	// Free what the absorbed event no longer needs.
	eb.content, eb.ents, eb.title, eb.labels, eb.titles, eb.members, eb.recent, eb.outlets, eb.ex = nil, nil, nil, nil, nil, nil, nil, nil, nil
	c.index(a)
	if ea.story < 0 {
		ea.story = eb.story
	} else {
		c.mergeStories(ea.story, eb.story)
	}
	return a
}

// growthCheck re-examines an event at checkpoints of its growth: it may
// split, exchange members with its neighbours, or merge with events it has
// grown close to. This repairs what an unlucky arrival order did.
func (c *Clusterer) growthCheck(e int32, a *Assignment) {
	ev := c.events[e]
	if ev.nOrig < ev.nextCheck {
		return
	}
	ev.nextCheck = nextCheckpoint(ev.nOrig)
	e = c.refine(e, a)
	merged := false
	for _, o := range c.candidates(c.events[e].content, c.events[e].ents) {
		o, e = c.root(o), c.root(e)
		if o == e {
			continue
		}
		if sim := c.eventSim(c.events[o], c.events[e]); sim >= c.cfg.MergeThreshold && !c.wouldSplit(o, e) {
			c.tracef("  checkpoint merges e%d (%d) into e%d (%d) sim %.3f", c.events[o].id, c.events[o].nOrig, c.events[e].id, c.events[e].nOrig, sim)
			a.Merged = append(a.Merged, c.events[o].id)
			e = c.merge(e, o)
			merged = true
		}
	}
	if merged {
		// A merge can join two happenings that only their union shows apart.
		e = c.refine(e, a)
	}
	if c.cfg.StraySize > 0 {
		e = c.absorbStrays(c.root(e), a)
	}
	// Whether the event has grown into another storyline is asked when its
	// size doubles (or it merged): often enough, at a bounded cost.
	if n := c.events[e].nOrig; merged || n&(n-1) == 0 {
		c.placeStory(c.root(e))
	} else {
		// Between those, the link alone is checked as the event grows.
		c.recheckStory(c.root(e))
	}
}

// assignmentOf reports the current placement of a known article.
func (c *Clusterer) assignmentOf(i int32) Assignment {
	rec := c.docs[i]
	e := c.root(c.docs[c.rootDoc(i)].event)
	a := Assignment{DocID: rec.id, EventID: c.events[e].id, DupKind: rec.kind}
	if rec.dupOf >= 0 {
		a.DuplicateOf = c.docs[c.rootDoc(i)].id
	}
	a.StorylineID = c.stories[c.storyRoot(c.events[e].story)].id
	return a
}

// maxEventActors caps the actor keys an event keeps.
const maxEventActors = 32

// unionKeys adds the keys of b to the sorted set a, keeping at most k (the
// first come stay: an event's first articles name its actors).
func unionKeys(a, b []uint32, k int) []uint32 {
	for _, h := range b {
		if len(a) >= k {
			break
		}
		i := sort.Search(len(a), func(i int) bool { return a[i] >= h })
		if i < len(a) && a[i] == h {
			continue
		}
		a = append(a, 0)
		copy(a[i+1:], a[i:])
		a[i] = h
	}
	return a
}

// addActors adds keys (each counted bn[i] times, once when bn is nil) to
// the sorted set a with counts an; new keys beyond k are dropped (an
// event's first articles name its actors).
func addActors(a []uint32, an []int32, b []uint32, bn []int32, k int) ([]uint32, []int32) {
	for j, h := range b {
		n := int32(1)
		if bn != nil {
			n = bn[j]
		}
		i := sort.Search(len(a), func(i int) bool { return a[i] >= h })
		if i < len(a) && a[i] == h {
			an[i] += n
			continue
		}
		if len(a) >= k {
			continue
		}
		a = append(a, 0)
		copy(a[i+1:], a[i:])
		a[i] = h
		an = append(an, 0)
		copy(an[i+1:], an[i:])
		an[i] = n
	}
	return a, an
}

// centralActors returns the actors named by more than a third of an
// event's originals: a person recalled in one article of ten (the riot of
// two years before) is background, not an actor of this event, and so is
// one recalled by exactly two articles of six (strictly more than a third
// took the 2008 riot's names out of a 2010 bombing's storyline on ECB+).
func centralActors(ev *event) []uint32 {
	var out []uint32
	for i, h := range ev.actors {
		if 3*ev.actorN[i] > ev.nOrig {
			out = append(out, h)
		}
	}
	return out
}

// sharedKeys counts the keys two sorted sets have in common.
func sharedKeys(a, b []uint32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			n++
			i++
			j++
		}
	}
	return n
}

// absorbStrays moves small neighbouring events into e when their articles,
// arriving now, would join e: an article that came while its happening's
// event was thin opened an event alone, and nothing else would bring it
// back.
func (c *Clusterer) absorbStrays(e int32, a *Assignment) int32 {
	for _, o := range c.candidates(c.events[e].content, c.events[e].ents) {
		o, e = c.root(o), c.root(e)
		eo := c.events[o]
		if o == e || int(eo.nOrig) > c.cfg.StraySize || eo.nOrig >= c.events[e].nOrig {
			continue
		}
		q := c.makeQuery(eo.content, eo.ents, eo.title, eo.minDay, eo.maxDay)
		q.recalls = eo.recalls
		s := c.scoreQ(q, c.events[e])
		if s < c.cfg.JoinThreshold+c.cfg.StrayMargin {
			continue
		}
		// e must be its best home, as it would be for a new article.
		best := true
		for _, x := range c.candidates(eo.content, eo.ents) {
			x = c.root(x)
			if x == o || x == e {
				continue
			}
			if c.scoreQ(q, c.events[x]) > s {
				best = false
				break
			}
		}
		if best {
			if c.trace != nil {
				c.tracef("  stray e%d (%s) gathered into e%d (%s) score %.3f", eo.id, c.memberList(o), c.events[e].id, c.memberList(e), s)
			}
			a.Merged = append(a.Merged, eo.id)
			e = c.merge(e, o)
		}
	}
	return e
}

// memberList names an event's articles for the trace.
func (c *Clusterer) memberList(e int32) string {
	var out []string
	for _, id := range c.events[e].members {
		out = append(out, fmt.Sprintf("doc %d", id))
	}
	return strings.Join(out, " ")
}

// unionSpans adds the spans of b to a, keeping at most maxRecalls.
func unionSpans(a, b []span) []span {
	for _, r := range b {
		if len(a) >= maxRecalls {
			break
		}
		dup := false
		for _, x := range a {
			if x == r {
				dup = true
				break
			}
		}
		if !dup {
			a = append(a, r)
		}
	}
	return a
}

// recalled reports whether a recalled month or year falls in the days
// minDay..maxDay.
func recalled(recalls []span, minDay, maxDay int32) bool {
	if len(recalls) == 0 {
		return false
	}
	lo, hi := monthIndex(minDay), monthIndex(maxDay)
	for _, r := range recalls {
		if r.lo <= hi && r.hi >= lo {
			return true
		}
	}
	return false
}
