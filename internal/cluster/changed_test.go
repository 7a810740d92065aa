package cluster

import (
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
)

// seedStream returns a generator of articles cut from the seed texts: each
// keeps a random part of one seed's paragraphs, a fifth add some of
// another seed's. Undated and close to each other, they make the
// clusterer copy, split, merge, gather and move.
func seedStream(t testing.TB, seed uint64) func(id int64) Doc {
	var paras [][]string
	for _, txt := range benchTexts(t) {
		var ps []string
		for _, p := range strings.Split(txt, "\n") {
			if len(strings.Fields(p)) >= 8 {
				ps = append(ps, p)
			}
		}
		paras = append(paras, ps)
	}
	r := rand.New(rand.NewPCG(seed, 1))
	pick := func(k int, frac float64) []string {
		var out []string
		for _, p := range paras[k] {
			if r.Float64() < frac {
				out = append(out, p)
			}
		}
		return out
	}
	return func(id int64) Doc {
		ps := pick(r.IntN(len(paras)), 0.2+0.5*r.Float64())
		if r.Float64() < 0.2 {
			ps = append(ps, pick(r.IntN(len(paras)), 0.3)...)
		}
		return Doc{ID: id, Text: strings.Join(ps, "\n")}
	}
}

// TestChangedReportsEveryMove: a copy of the placements kept up to date
// only through Changed (re-reading the members of the events it names)
// equals the clusterer's own after every article.
func TestChangedReportsEveryMove(t *testing.T) {
	cfg := DefaultConfig()
	// A looser merge bar: merges too happen within a short stream.
	cfg.MergeThreshold, cfg.BridgeThreshold, cfg.MergeVeto = 0.3, 0.3, 0
	c := New(cfg)
	c.TrackChanges()
	var tr strings.Builder
	c.SetTrace(&tr)
	next := seedStream(t, 2)
	shadow := map[int64]Assignment{}
	const n = 300
	for i := int64(1); i <= n; i++ {
		c.Add(next(i))
		for _, ev := range c.Changed() {
			arts, _, ok := c.EventMembers(ev)
			if !ok {
				t.Fatalf("Changed named event %d, which does not resolve", ev)
			}
			for _, id := range arts {
				shadow[id], _ = c.Placement(id)
			}
		}
		for id, s := range shadow {
			p, _ := c.Placement(id)
			if p.EventID != s.EventID || p.StorylineID != s.StorylineID || p.DuplicateOf != s.DuplicateOf {
				t.Fatalf("after article %d: article %d is at %d/%d/%d, Changed last reported %d/%d/%d",
					i, id, p.EventID, p.StorylineID, p.DuplicateOf, s.EventID, s.StorylineID, s.DuplicateOf)
			}
		}
	}
	if len(shadow) != n {
		t.Errorf("Changed reported %d of %d articles", len(shadow), n)
	}
	for _, what := range []string{"split e", "merges e", "copies doc", "stray e", "move doc"} {
		if !strings.Contains(tr.String(), what) {
			t.Errorf("the stream made no %q: the test does not cover it", what)
		}
	}
}

func TestChangedAfterStorylineMerge(t *testing.T) {
	// When two storylines merge, every event of the absorbed one changes
	// storyline: all of them are reported.
	c, a, b := twoQuakes(t, DefaultConfig(), len(quakeC))
	c.TrackChanges()
	sa, sb := c.storyRoot(c.events[a].story), c.storyRoot(c.events[b].story)
	if sa == sb {
		t.Fatalf("fixture: events %d and %d share storyline %d", a, b, sa)
	}
	c.Changed()
	c.mergeStories(sa, sb)
	got := c.Changed()
	// The absorbed storyline is the later one (equal sizes): its event
	// changed; the surviving one's did not.
	if !slices.Equal(got, []int64{c.events[b].id}) {
		t.Errorf("Changed after the storyline merge = %v, want [%d]", got, c.events[b].id)
	}
	pa, _ := c.Placement(1)
	pb, _ := c.Placement(10)
	if pa.StorylineID != pb.StorylineID {
		t.Errorf("storylines %d and %d after the merge", pa.StorylineID, pb.StorylineID)
	}
}

func TestTraceNamesDecisions(t *testing.T) {
	c := New(DefaultConfig())
	var tr strings.Builder
	c.SetTrace(&tr)
	c.Add(doc(1, quakeA[0], ""))
	c.Add(doc(2, quakeA[1], ""))
	c.Add(doc(3, quakeA[0], ""))
	c.SetTrace(nil)
	c.Add(doc(4, quakeA[2], ""))
	want := []string{"doc 1 opens e1", "doc 2 joins e1", "doc 3 copies doc 1"}
	lines := strings.Split(strings.TrimSpace(tr.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("trace:\n%s\nwant %d lines", tr.String(), len(want))
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], w) {
			t.Errorf("trace line %d = %q, want it to start %q", i, lines[i], w)
		}
	}
}
