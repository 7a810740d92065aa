package cluster

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster/synth"
)

// retireStream is a synthetic stream whose dates advance fast (20 articles
// a day), with a configuration that retires within it.
func retireStream(t testing.TB, n int) (Config, []Doc) {
	cfg := DefaultConfig()
	// A looser merge bar: events and storylines merged away are retired too.
	cfg.MergeThreshold, cfg.BridgeThreshold, cfg.MergeVeto = 0.3, 0.3, 0
	cfg.ExemplarWindow = 100
	cfg.RetireDays = 5
	cfg.RetireArticles = 200
	cfg.RetireStories = 30
	g, err := synth.New(benchTexts(t), 3)
	if err != nil {
		t.Fatal(err)
	}
	g.PerDay = 20
	var docs []Doc
	for range n {
		a := g.Next()
		d := Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published, Outlet: fmt.Sprintf("o%d", a.ID%5)}
		if a.ID%17 == 0 {
			d.Published = "" // some undated, retired by arrival count
		}
		docs = append(docs, d)
	}
	return cfg, docs
}

// TestRetireBounds: with retirement on, what the clusterer holds stays
// bounded by the window, ids still resolve, and nothing dangles.
func TestRetireBounds(t *testing.T) {
	cfg, docs := retireStream(t, 3000)
	c := New(cfg)
	c.TrackChanges()
	maxHeld := 0
	var last Assignment
	for i, d := range docs {
		last = c.Add(d)
		maxHeld = max(maxHeld, c.Len())
		if i%50 == 0 {
			c.Changed()
			c.ChangedSets()
		}
	}
	if err := c.validate(); err != nil {
		t.Fatal(err)
	}
	if c.ret.stubs == 0 {
		t.Error("no stubs kept")
	}
	// 5 days of 20 articles, the idle window and a quarter of what is held
	// between passes: far below the 3000 added.
	if maxHeld > 1200 {
		t.Errorf("held up to %d articles of %d", maxHeld, len(docs))
	}
	if _, ok := c.Placement(docs[0].ID); ok {
		t.Error("the first article is still held")
	}
	// The features of retired articles are forgotten (those of the
	// window, its stubs and its storylines stay).
	all := New(DefaultConfig())
	for _, d := range docs {
		all.Add(d)
	}
	if n, m := len(c.df), len(all.df); n >= m*4/5 {
		t.Errorf("%d features counted, %d without retirement", n, m)
	}
	p, ok := c.Placement(last.DocID)
	if !ok || p.EventID != last.EventID && c.Resolve(last.EventID) != p.EventID {
		t.Errorf("last article: %+v, %v; added as %+v", p, ok, last)
	}
	if _, ok := c.Storyline(p.StorylineID); !ok {
		t.Errorf("storyline %d of the last article unknown", p.StorylineID)
	}
	// Every storyline lists only events that resolve, stubs included.
	for _, s := range c.Storylines() {
		for _, e := range s.Events {
			if c.Resolve(e) != e {
				t.Fatalf("storyline %d lists event %d, which resolves to %d", s.ID, e, c.Resolve(e))
			}
		}
	}
	for _, e := range c.Events() {
		for _, a := range e.Articles {
			if p, ok := c.Placement(a); !ok || c.Resolve(p.EventID) != e.ID {
				t.Fatalf("event %d lists article %d placed %+v (%v)", e.ID, a, p, ok)
			}
		}
	}
}

// TestRetireOffUnchanged: retirement that never comes within reach (a
// window longer than the stream) places every article as with it off.
func TestRetireOffUnchanged(t *testing.T) {
	cfg, docs := retireStream(t, 1500)
	off, far := cfg, cfg
	off.RetireDays = 0
	far.RetireDays, far.RetireArticles = 100000, 1<<30
	a, b := New(off), New(far)
	for _, d := range docs {
		if pa, pb := a.Add(d), b.Add(d); !reflect.DeepEqual(pa, pb) {
			t.Fatalf("doc %d: %+v with retirement off, %+v out of reach", d.ID, pa, pb)
		}
	}
	if ea, eb := a.Events(), b.Events(); !reflect.DeepEqual(ea, eb) {
		t.Fatal("events differ")
	}
}

// TestRetireSnapshotContinues: a clusterer restored from a snapshot taken
// after retirement places the rest as the one that wrote it, and its
// snapshot is smaller than one of everything.
func TestRetireSnapshotContinues(t *testing.T) {
	cfg, docs := retireStream(t, 2000)
	for _, k := range []int{700, 1500} {
		t.Run(fmt.Sprint(k), func(t *testing.T) {
			a := New(cfg)
			a.TrackChanges()
			for i, d := range docs[:k] {
				a.Add(d)
				if i%10 == 0 {
					a.Changed()
					a.ChangedSets()
				}
			}
			snap := snapshot(t, a)
			b, err := ReadClusterer(bytes.NewReader(snap), cfg)
			if err != nil {
				t.Fatal(err)
			}
			if again := snapshot(t, b); !bytes.Equal(again, snap) {
				t.Fatalf("snapshot of the restored clusterer differs (%d and %d bytes)", len(again), len(snap))
			}
			for _, d := range docs[k:] {
				pa, pb := a.Add(d), b.Add(d)
				if !reflect.DeepEqual(pa, pb) {
					t.Fatalf("doc %d: placed %+v, restored clusterer %+v", d.ID, pa, pb)
				}
				if ca, cb := a.Changed(), b.Changed(); !reflect.DeepEqual(ca, cb) {
					t.Fatalf("doc %d: Changed %v, restored %v", d.ID, ca, cb)
				}
				if d.ID%3 == 0 {
					if ca, cb := sets(a), sets(b); !reflect.DeepEqual(ca, cb) {
						t.Fatalf("doc %d: ChangedSets %+v, restored %+v", d.ID, ca, cb)
					}
				}
			}
			if sa, sb := a.Storylines(), b.Storylines(); !reflect.DeepEqual(sa, sb) {
				t.Fatal("Storylines differ")
			}
			if !bytes.Equal(snapshot(t, a), snapshot(t, b)) {
				t.Fatal("final snapshots differ")
			}
		})
	}
}

// TestRetireKeepsMergeChains: a pass rewrites every parent link of events
// and storylines merged in chains (a into b into c, not yet shortened) to
// the new index of their root.
func TestRetireKeepsMergeChains(t *testing.T) {
	cfg, docs := retireStream(t, 1000)
	c := New(cfg)
	for _, d := range docs {
		c.Add(d)
	}
	// Chain the latest live root events, and their storylines, by hand.
	var evs []int32
	for i := len(c.events) - 1; i >= 0 && len(evs) < 4; i-- {
		if ev := c.events[i]; ev.parent == int32(i) && !ev.stub && ev.size > 0 && ev.story >= 0 {
			evs = append(evs, int32(i))
		}
	}
	var sts []int32
	for i := len(c.stories) - 1; i >= 0 && len(sts) < 4; i-- {
		if c.stories[i].parent == int32(i) {
			sts = append(sts, int32(i))
		}
	}
	if len(evs) < 4 || len(sts) < 4 {
		t.Fatalf("%d events and %d storylines to chain", len(evs), len(sts))
	}
	// The root first in index order: its link is rewritten before theirs.
	slices.Reverse(evs)
	slices.Reverse(sts)
	for k := 1; k < 4; k++ {
		c.events[evs[k]].parent = evs[k-1]
		c.stories[sts[k]].parent = sts[k-1]
	}
	ev0, st0 := c.events[evs[0]].id, c.stories[sts[0]].id
	evIDs := []int64{c.events[evs[1]].id, c.events[evs[2]].id, c.events[evs[3]].id}
	stIDs := []int64{c.stories[sts[1]].id, c.stories[sts[2]].id, c.stories[sts[3]].id}
	// A pass now, before any look-up shortens the chains.
	c.seq += int64(cfg.ExemplarWindow)
	held := c.Len()
	c.retire()
	if c.Len() >= held {
		t.Fatal("the pass retired nothing")
	}
	if err := c.validate(); err != nil {
		t.Fatal(err)
	}
	for _, id := range evIDs {
		if got := c.Resolve(id); got != c.Resolve(ev0) || got == 0 {
			t.Errorf("event %d resolves to %d, its root %d to %d", id, got, ev0, c.Resolve(ev0))
		}
	}
	for _, id := range stIDs {
		if got, want := c.ResolveStoryline(id), c.ResolveStoryline(st0); got != want {
			t.Errorf("storyline %d resolves to %d, its root %d to %d", id, got, st0, want)
		}
	}
}
