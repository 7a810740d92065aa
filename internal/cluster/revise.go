package cluster

import (
	"math"
	"slices"
)

// Remove takes out the contribution of a known article, given the version
// that was added (old.ID names it; its text and other fields are analysed
// again, since the clusterer keeps no per-article vectors). It reports
// false for an unknown id. A revised article is placed afresh by Remove of
// its old version, then Add of the new one under the same id.
//
// What is undone: the article leaves its event's members, size and
// originals count, headline candidates, exemplars and latest originals;
// its vectors are subtracted from the event's centroids and its features
// from the document frequencies; its outlet leaves the event's list when
// no other member has it; the event's dates are recomputed from the
// remaining members. The undoing is approximate where the event has pruned
// its centroids (a feature pruned since is not subtracted), where the
// boilerplate filter has learnt lines since (the old text is filtered as it
// is now, not as it was), and for the months and years recalled, the
// display labels and the idle line counts, which stay as they are.
//
// Its record stays, marked dead: it is never again found as the original
// of a new article, and neither are its copies (their family's original is
// gone). Its copies keep their place and keep pointing to its id (the
// revision keeps the id).
//
// An event left without articles is no longer listed by Events or counted
// by EventCount; its id (and any merged into it) resolves to 0 and Event
// reports false, as for an unknown id; ChangedSets lists it among the
// events merged away. A storyline left without events goes the same way.
func (c *Clusterer) Remove(old Doc) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	i, ok := c.byID[old.ID]
	if !ok {
		return false
	}
	old.Text = c.lines.filter(old.Text, c.cfg.BoilerplateSeen)
	f := c.an.analyze(&old)
	rec := &c.docs[i]
	// Where its articles are placed, and where its vectors went (they
	// differ only when a copy published earlier became its original).
	me := c.root(c.docs[c.rootDoc(i)].event)
	ce := c.root(rec.event)
	c.tracef("doc %d removed from e%d", rec.id, c.events[me].id)

	if rec.kind == NotDuplicate {
		// An original: it shaped the document frequencies and a centroid.
		c.n = max(c.n-1, 0)
		c.logN1 = math.Log(float64(c.n + 1))
		for _, h := range f.all {
			if x := c.df[h]; x.n > 1 {
				c.df[h] = dfCount{x.n - 1, x.pass}
			} else if x.n == 1 {
				delete(c.df, h)
			}
		}
		ev := c.events[ce]
		ev.nOrig = max(ev.nOrig-1, 0)
		ev.norms.at = 0
		ev.content = subtractVec(ev.content, f.content)
		ev.ents = subtractVec(ev.ents, f.ents)
		ev.title = subtractVec(ev.title, f.title)
		ev.actors, ev.actorN = removeActors(ev.actors, ev.actorN, f.actors)
		ev.recent = slices.DeleteFunc(ev.recent, func(x int32) bool { return x == i })
		if ev.ex != nil {
			ev.ex = slices.DeleteFunc(ev.ex, func(x *exemplar) bool { return x.doc == i })
		}
		if k := slices.IndexFunc(ev.titles, func(t titleCand) bool { return t.text == f.title_ }); k >= 0 {
			ev.titles = slices.Delete(ev.titles, k, k+1)
		}
		c.markEvent(ce)
	}
	if k := c.exactKey(f); k != 0 && c.exact[k] == i {
		delete(c.exact, k)
	}
	// Dead: no shingles, so no duplicate check takes it (dupSim), and
	// findDuplicate skips the copies whose original it is.
	rec.nsh = -1
	c.dead++
	delete(c.byID, rec.id)

	ev := c.events[me]
	ev.size = max(ev.size-1, 0)
	if k := slices.Index(ev.members, rec.id); k >= 0 {
		ev.members = slices.Delete(ev.members, k, k+1)
	}
	c.refreshMembers(ev, rec.outlet)
	c.markEvent(me)
	if ev.size == 0 {
		// Emptied: nothing can join it again (its vectors are gone).
		ev.content, ev.ents, ev.title, ev.ex, ev.recent, ev.titles, ev.labels = nil, nil, nil, nil, nil, nil, nil
		ev.nOrig = 0
		c.markGoneEvent(me)
		if ev.story >= 0 {
			s := c.storyRoot(ev.story)
			c.detachStory(me, s)
			if !c.storyLive(s) {
				c.markGoneStory(s)
			}
		}
		return true
	}
	for _, e := range []int32{ce, me} {
		if st := c.events[e].story; st >= 0 {
			c.refreshStory(c.storyRoot(st))
		}
	}
	return true
}

// exactKey is the exact-duplicate key of an article's features, 0 for an
// article without words (which has none).
func (c *Clusterer) exactKey(f *features) uint64 {
	if len(f.words) == 0 {
		return 0
	}
	return hashWords(f.words)
}

// deadRoot reports whether article i belongs to a removed original's
// family: then neither it nor its original may be the original of a newcomer.
func (c *Clusterer) deadRoot(i int32) bool {
	return c.dead > 0 && c.docs[c.rootDoc(i)].nsh < 0
}

// refreshMembers recomputes, after a member left, the event's dates from
// its remaining members and drops the outlet left without a member.
func (c *Clusterer) refreshMembers(ev *event, outlet string) {
	ev.minDay, ev.maxDay = noDay, noDay
	still := outlet == ""
	for _, id := range ev.members {
		j, ok := c.byID[id]
		if !ok {
			continue
		}
		c.addDays(ev, c.docs[j].day)
		if c.docs[j].outlet == outlet {
			still = true
		}
	}
	if !still {
		ev.outlets = slices.DeleteFunc(ev.outlets, func(o string) bool { return o == outlet })
	}
}

// subtractVec takes v from a centroid where the centroid still holds its
// features (pruned ones are gone already); weights left at about zero go.
func subtractVec(cent, v vec) vec {
	if len(cent) == 0 || len(v) == 0 {
		return cent
	}
	out := make(vec, 0, len(cent))
	j := 0
	for _, t := range cent {
		for j < len(v) && v[j].h < t.h {
			j++
		}
		if j < len(v) && v[j].h == t.h {
			t.w -= v[j].w
			if t.w <= 1e-6 {
				continue
			}
		}
		out = append(out, t)
	}
	return out
}

// removeActors takes one count of each key of b from the sorted set a with
// counts an; keys left uncounted go.
func removeActors(a []uint32, an []int32, b []uint32) ([]uint32, []int32) {
	for _, h := range b {
		i, ok := slices.BinarySearch(a, h)
		if !ok {
			continue
		}
		if an[i] > 1 {
			an[i]--
			continue
		}
		a = slices.Delete(a, i, i+1)
		an = slices.Delete(an, i, i+1)
	}
	return a, an
}

// storyLive reports whether storyline s still has an event with articles.
func (c *Clusterer) storyLive(s int32) bool {
	for _, e := range c.stories[s].events {
		if c.events[c.root(e)].size > 0 {
			return true
		}
	}
	return false
}
