package cluster

import (
	"cmp"
	"slices"
	"sort"
	"strings"
	"time"
)

// Event is a snapshot of one event: the articles about one real-world
// happening.
type Event struct {
	ID    int64
	Title string // representative headline: the one closest to the centroid
	// First and Last bound the publication dates of its articles
	// ("2006-01-02"); both "" when no article had a date.
	First, Last string
	Articles    []int64 // article ids in arrival order, copies included
	Originals   int     // articles that are not copies
	Outlets     []string
	KeyTerms    []string // heaviest words, most telling first
	KeyEntities []string // heaviest names, most telling first
	StorylineID int64
}

// Storyline is a snapshot of one storyline: events that continue one story.
type Storyline struct {
	ID          int64
	Title       string  // the headline of its largest event
	Events      []int64 // event ids in time order (undated events last)
	Articles    int
	First, Last string
	Outlets     []string
	KeyEntities []string
}

func dayString(d int32) string {
	if d == noDay {
		return ""
	}
	return time.Unix(int64(d)*86400, 0).UTC().Format("2006-01-02")
}

// Resolve returns the id an event id now stands under: itself, or the event
// it was merged into. A retired event kept as a stub resolves to itself.
// Unknown ids, those of events that Remove left without articles, and
// those of retired events not kept, resolve to 0.
func (c *Clusterer) Resolve(id int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.eventOf(id)
	if !ok {
		return 0
	}
	return c.events[e].id
}

// liveEvent returns the event an id resolves to, unless it is unknown, was
// emptied by Remove or is retired (a stub holds no articles).
func (c *Clusterer) liveEvent(id int64) (int32, bool) {
	e, ok := c.eventOf(id)
	return e, ok && !c.events[e].stub
}

// eventOf is liveEvent, stubs included: a retired event still stands.
func (c *Clusterer) eventOf(id int64) (int32, bool) {
	i, ok := slices.BinarySearchFunc(c.events, id, func(ev *event, id int64) int { return cmp.Compare(ev.id, id) })
	if !ok {
		return 0, false
	}
	e := c.root(int32(i))
	return e, c.events[e].size > 0
}

// ResolveStoryline is Resolve for storyline ids: 0 for unknown ones and
// for those left without events by Remove.
func (c *Clusterer) ResolveStoryline(id int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.liveStory(id)
	if !ok {
		return 0
	}
	return c.stories[s].id
}

// liveStory returns the storyline an id resolves to, unless it is unknown
// or was left without events by Remove.
func (c *Clusterer) liveStory(id int64) (int32, bool) {
	i, ok := slices.BinarySearchFunc(c.stories, id, func(st *storyline, id int64) int { return cmp.Compare(st.id, id) })
	if !ok {
		return 0, false
	}
	s := c.storyRoot(int32(i))
	// Only Remove leaves a storyline without events: skip the scan before.
	return s, c.dead == 0 || c.storyLive(s)
}

// Placement returns the current placement of a known article (its event and
// storyline after any merges, its original if it is a copy), and false for
// an unknown id or one retired (the store keeps its placement).
func (c *Clusterer) Placement(docID int64) (Assignment, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, ok := c.byID[docID]
	if !ok {
		return Assignment{}, false
	}
	return c.assignmentOf(i), true
}

// Len returns the number of articles held: those added, less those
// removed (a revision counts once) and those retired.
func (c *Clusterer) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.docs) - c.dead
}

// Event returns the event an id resolves to (false for a retired one,
// whose row the store keeps). Its cost grows with the
// event's articles (copied) and centroid (ranked for the labels), not with
// the store: tens of microseconds for a large event.
func (c *Clusterer) Event(id int64) (Event, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.liveEvent(id)
	if !ok {
		return Event{}, false
	}
	return c.eventView(e), true
}

// EventMembers returns the articles of the event an id resolves to and the
// id of its storyline: what Event gives, without building its labels.
func (c *Clusterer) EventMembers(id int64) (articles []int64, storyline int64, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.liveEvent(id)
	if !ok {
		return nil, 0, false
	}
	ev := c.events[e]
	if ev.story >= 0 {
		storyline = c.stories[c.storyRoot(ev.story)].id
	}
	return append([]int64(nil), ev.members...), storyline, true
}

// StorylineEvents returns the ids of the events of the storyline an id
// resolves to: what Storyline gives, without building its profile.
func (c *Clusterer) StorylineEvents(id int64) ([]int64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.liveStory(id)
	if !ok {
		return nil, false
	}
	var out []int64
	for _, e := range c.uniqueRoots(c.stories[s].events) {
		out = append(out, c.events[e].id)
	}
	return out, true
}

// Events returns every current event (merged ones, those emptied by
// Remove, and retired ones excluded), by id.
func (c *Clusterer) Events() []Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Event
	for i, ev := range c.events {
		if ev.parent == int32(i) && ev.size > 0 && !ev.stub {
			out = append(out, c.eventView(int32(i)))
		}
	}
	return out
}

// labelsOf returns the display labels of v's k heaviest features (by
// weight*idf).
func (c *Clusterer) labelsOf(v vec, labels labelSet, k int) []string {
	var out []string
	for _, x := range c.rankedNames(v, labels) {
		if len(out) == k {
			break
		}
		out = append(out, x.label)
	}
	return out
}

func (c *Clusterer) eventView(e int32) Event {
	ev := c.events[e]
	out := Event{
		ID:          ev.id,
		First:       dayString(ev.minDay),
		Last:        dayString(ev.maxDay),
		Articles:    append([]int64(nil), ev.members...),
		Originals:   int(ev.nOrig),
		Outlets:     append([]string(nil), ev.outlets...),
		KeyTerms:    c.labelsOf(ev.content, ev.labels, 10),
		KeyEntities: keyNames(c.rankedNames(ev.ents, ev.labels), 30, 10),
	}
	if len(ev.titles) > 0 {
		out.Title = ev.titles[0].text
	}
	if ev.story >= 0 {
		out.StorylineID = c.stories[c.storyRoot(ev.story)].id
	}
	return out
}

// Storyline returns the storyline an id resolves to. Its cost grows with
// the storyline's events (each event's labels and outlets are read once),
// not with the store.
func (c *Clusterer) Storyline(id int64) (Storyline, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.liveStory(id)
	if !ok {
		return Storyline{}, false
	}
	return c.storyView(s), true
}

// Storylines returns every current storyline (merged ones and those left
// without events by Remove excluded), by id.
func (c *Clusterer) Storylines() []Storyline {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []Storyline
	for i, st := range c.stories {
		if st.parent == int32(i) && (c.dead == 0 || c.storyLive(int32(i))) {
			out = append(out, c.storyView(int32(i)))
		}
	}
	return out
}

func (c *Clusterer) storyView(s int32) Storyline {
	st := c.stories[s]
	seen := map[int32]bool{}
	var evs []int32
	for _, e := range st.events {
		if r := c.root(e); !seen[r] && c.events[r].size > 0 {
			seen[r] = true
			evs = append(evs, r)
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := c.events[evs[i]], c.events[evs[j]]
		if (a.minDay == noDay) != (b.minDay == noDay) {
			return b.minDay == noDay
		}
		if a.minDay != b.minDay {
			return a.minDay < b.minDay
		}
		return a.id < b.id
	})
	out := Storyline{ID: st.id, First: "", Last: ""}
	minDay, maxDay := int32(noDay), int32(noDay)
	// Only the labels of the profile's names are read: gathered through a
	// map, the first label of each feature wins as labelSet.add would give,
	// at a cost linear in the events' labels.
	_, ents, _, _ := c.storyProfile(st)
	want := make(map[uint32]bool, len(ents))
	for _, t := range ents {
		want[t.h] = true
	}
	var labels labelSet
	largest := int32(-1)
	outlets := map[string]bool{}
	for _, e := range evs {
		ev := c.events[e]
		out.Events = append(out.Events, ev.id)
		out.Articles += int(ev.size)
		if largest < 0 || ev.nOrig > c.events[largest].nOrig {
			largest = e
		}
		if ev.minDay != noDay && (minDay == noDay || ev.minDay < minDay) {
			minDay = ev.minDay
		}
		if ev.maxDay != noDay && (maxDay == noDay || ev.maxDay > maxDay) {
			maxDay = ev.maxDay
		}
		for _, l := range ev.labels {
			if want[l.h] {
				want[l.h] = false
				labels = append(labels, l)
			}
		}
		for _, o := range ev.outlets {
			if !outlets[o] {
				outlets[o] = true
				out.Outlets = append(out.Outlets, o)
			}
		}
	}
	out.First, out.Last = dayString(minDay), dayString(maxDay)
	if largest >= 0 && len(c.events[largest].titles) > 0 {
		out.Title = c.events[largest].titles[0].text
	}
	// A storyline of one event has no profile of its own: its event's names.
	out.KeyEntities = keyNames(c.rankedNames(ents, labels), 30, 10)
	return out
}

// EventCount returns the number of current events (merged and retired
// ones excluded).
func (c *Clusterer) EventCount() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for i, ev := range c.events {
		if ev.parent == int32(i) && ev.size > 0 && !ev.stub {
			n++
		}
	}
	return n
}

// named is a labelled name with its weight in a profile.
type named struct {
	label  string
	weight float64
}

// rankedNames returns the labelled features of v, heaviest by weight*idf
// first, each with its raw weight.
func (c *Clusterer) rankedNames(v vec, labels labelSet) []named {
	raw := make(map[uint32]float32, len(v))
	for _, t := range v {
		raw[t.h] = t.w
	}
	var out []named
	seen := map[string]bool{}
	for _, t := range c.queryTerms(nil, v, len(v)) {
		l, ok := labels.get(t.h)
		if !ok || seen[l] {
			continue
		}
		seen[l] = true
		out = append(out, named{l, float64(raw[t.h])})
	}
	return out
}

// keyNames picks k names from the first n of ranked. A single word that
// occurs mostly inside a longer name (one of at least half its weight)
// gives way to that name, once: "Los" and "Angeles" to "Los Angeles" even
// when the whole ranks lower. Other words of a longer name listed are
// dropped ("Alexander" beside "Alexander Lavrentiev"). A word that stands
// alone more often stays ("Syrian", not "Syrian National Dialogue
// Congress", unless that is listed too).
func keyNames(ranked []named, n, k int) []string {
	ls := ranked[:min(n, len(ranked))]
	phrase := map[string]named{} // word -> heaviest longer name holding it
	for _, x := range ranked {
		if ws := strings.Fields(x.label); len(ws) > 1 {
			for _, w := range ws {
				w = strings.ToLower(w)
				if p, ok := phrase[w]; !ok || x.weight > p.weight {
					phrase[w] = x
				}
			}
		}
	}
	part := map[string]bool{} // words of the longer names listed
	for _, x := range ls {
		if ws := strings.Fields(x.label); len(ws) > 1 {
			for _, w := range ws {
				part[strings.ToLower(w)] = true
			}
		}
	}
	var out []string
	seen := map[string]bool{}
	for _, x := range ls {
		if len(out) == k {
			break
		}
		l := x.label
		if !strings.Contains(l, " ") {
			w := strings.ToLower(l)
			if p, ok := phrase[w]; ok && p.weight >= x.weight/2 {
				l = p.label
			} else if part[w] {
				continue
			}
		}
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	return out
}
