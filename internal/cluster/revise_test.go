package cluster

import (
	"bytes"
	"fmt"
	"reflect"
	"slices"
	"testing"
)

// rehabLate is a fourth report of the rehab story, in words of its own.
const rehabLate = `Nora Vance begins treatment in Arizona
The singer Nora Vance began a treatment programme at the Willow Creek centre in Arizona this week, publicist Tom Baxter said on Tuesday.
Baxter said Vance, who called off her Horizon tour, thanked her fans for their support.`

// threeStories adds quakeA (ids 1-3), quakeB (4-6) and rehab (7-9).
func threeStories(t *testing.T) *Clusterer {
	c := New(DefaultConfig())
	c.TrackChanges()
	for i, txt := range slices.Concat(quakeA, quakeB, rehab) {
		c.Add(doc(int64(i+1), txt, ""))
	}
	for _, ids := range [][]int64{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}} {
		p0, _ := c.Placement(ids[0])
		for _, id := range ids[1:] {
			if p, _ := c.Placement(id); p.EventID != p0.EventID {
				t.Fatalf("fixture: articles %d and %d in events %d and %d", ids[0], id, p0.EventID, p.EventID)
			}
		}
	}
	c.Changed()
	c.ChangedSets()
	return c
}

func TestRevision(t *testing.T) {
	tests := []struct {
		name    string
		id      int64  // the article revised
		old     string // its text as added
		revised string
		joins   int64 // an article whose event it must end in
	}{
		{"to another story", 2, quakeA[1], rehabLate, 7},
		{"identical", 2, quakeA[1], quakeA[1], 1},
		{"identical, last of its event", 9, rehab[2], rehab[2], 7},
		{"reworded", 5, quakeB[1], quakeB[1] + "\nThe mayor thanked the rescuers.", 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := threeStories(t)
			before, _ := c.Placement(tt.id)
			oldEvent, _ := c.Placement(1)
			if !c.Remove(doc(tt.id, tt.old, "")) {
				t.Fatal("Remove of a known article reported false")
			}
			if _, ok := c.Placement(tt.id); ok {
				t.Error("a removed article still has a placement")
			}
			if c.Remove(doc(tt.id, tt.old, "")) {
				t.Error("a second Remove reported true")
			}
			arts, _, _ := c.EventMembers(before.EventID)
			if slices.Contains(arts, tt.id) {
				t.Errorf("event %d still lists article %d", before.EventID, tt.id)
			}
			a := c.Add(doc(tt.id, tt.revised, ""))
			want, _ := c.Placement(tt.joins)
			if a.EventID != want.EventID || a.DuplicateOf != 0 {
				t.Errorf("revised article placed in event %d (copy of %d), want event %d", a.EventID, a.DuplicateOf, want.EventID)
			}
			if p, _ := c.Placement(tt.id); p.EventID != a.EventID {
				t.Errorf("Placement %d, Add said %d", p.EventID, a.EventID)
			}
			if tt.old == tt.revised && (a.EventID != before.EventID || a.StorylineID != before.StorylineID) {
				t.Errorf("an identical revision moved from %d/%d to %d/%d", before.EventID, before.StorylineID, a.EventID, a.StorylineID)
			}
			if tt.joins == 7 && tt.id == 2 {
				arts, _, _ := c.EventMembers(oldEvent.EventID)
				if !slices.Equal(arts, []int64{1, 3}) {
					t.Errorf("the old event holds %v, want [1 3]", arts)
				}
			}
			if n := c.Len(); n != 9 {
				t.Errorf("Len = %d, want 9", n)
			}
		})
	}
}

func TestRemoveEmptiesEvent(t *testing.T) {
	c := New(DefaultConfig())
	c.TrackChanges()
	c.Add(doc(1, quakeA[0], ""))
	c.Add(doc(2, quakeA[1], ""))
	r := c.Add(doc(3, rehab[0], ""))
	if c.EventCount() != 2 {
		t.Fatalf("fixture: %d events", c.EventCount())
	}
	c.ChangedSets()
	c.Remove(doc(3, rehab[0], ""))
	evs, gone, sls, goneSls := c.ChangedSets()
	if len(evs) != 0 || !slices.Equal(gone, []int64{r.EventID}) {
		t.Errorf("ChangedSets events %v, merged %v; want none and [%d]", evs, gone, r.EventID)
	}
	if len(sls) != 0 || !slices.Equal(goneSls, []int64{r.StorylineID}) {
		t.Errorf("ChangedSets storylines %v, merged %v; want none and [%d]", sls, goneSls, r.StorylineID)
	}
	if n := c.EventCount(); n != 1 || len(c.Events()) != 1 || len(c.Storylines()) != 1 {
		t.Errorf("%d events (%d listed), %d storylines after the removal; want 1, 1, 1", n, len(c.Events()), len(c.Storylines()))
	}
	if got := c.Resolve(r.EventID); got != 0 {
		t.Errorf("Resolve(emptied) = %d, want 0", got)
	}
	if _, ok := c.Event(r.EventID); ok {
		t.Error("Event(emptied) reported true")
	}
	if got := c.ResolveStoryline(r.StorylineID); got != 0 {
		t.Errorf("ResolveStoryline(emptied) = %d, want 0", got)
	}
	// The same text again opens an event of its own, not the empty one.
	a := c.Add(doc(3, rehab[0], ""))
	if !a.NewEvent || a.EventID == r.EventID {
		t.Errorf("re-added article: %+v", a)
	}
}

func TestRemoveOriginalKeepsCopies(t *testing.T) {
	c := New(DefaultConfig())
	c.Add(doc(1, quakeA[0], ""))
	if a := c.Add(doc(2, quakeA[0], "")); a.DuplicateOf != 1 {
		t.Fatalf("fixture: %+v", a)
	}
	c.Remove(doc(1, quakeA[0], ""))
	if p, _ := c.Placement(2); p.DuplicateOf != 1 {
		t.Errorf("the copy points to %d, want 1", p.DuplicateOf)
	}
	// A removed original, and its family, are no one's original.
	if a := c.Add(doc(3, quakeA[0], "")); a.DuplicateOf != 0 {
		t.Errorf("a newcomer copies %d", a.DuplicateOf)
	}
	if a := c.Add(doc(1, rehab[0], "")); a.DuplicateOf != 0 || a.NewOriginalOf != 0 {
		t.Errorf("the revision: %+v", a)
	}
}

// TestChangedSetsKeepRowsInStep: rows of events and storylines kept up to
// date only through ChangedSets equal the clusterer's views after every
// article, through merges, splits, moves and revisions.
func TestChangedSetsKeepRowsInStep(t *testing.T) {
	s := snapStreams(t, 300)[0]
	c := New(s.cfg)
	c.TrackChanges()
	// Key terms and names are ranked by idf, which every article moves a
	// little: they are left out.
	type evRow struct {
		Title, First, Last string
		Articles           []int64
		Originals          int
		Outlets            []string
		Storyline          int64
	}
	type stRow struct {
		Title, First, Last string
		Events             []int64
		Articles           int
		Outlets            []string
	}
	evRows, stRows := map[int64]evRow{}, map[int64]stRow{}
	var merges, stMerges int
	for i, d := range s.docs {
		c.Add(d)
		// Every seventh article revises an earlier one to a later text.
		if i%7 == 6 {
			old := s.docs[i/2]
			c.Remove(old)
			c.Add(Doc{ID: old.ID, Text: s.docs[len(s.docs)-1-i/2].Text, Outlet: old.Outlet})
		}
		evs, gone, sls, goneSls := c.ChangedSets()
		for _, id := range evs {
			ev, ok := c.Event(id)
			if !ok || ev.ID != id {
				t.Fatalf("changed event %d resolves to %d (%v)", id, ev.ID, ok)
			}
			evRows[id] = evRow{ev.Title, ev.First, ev.Last, ev.Articles, ev.Originals, ev.Outlets, ev.StorylineID}
		}
		for _, id := range gone {
			delete(evRows, id)
			merges++
		}
		for _, id := range sls {
			st, ok := c.Storyline(id)
			if !ok || st.ID != id {
				t.Fatalf("changed storyline %d resolves to %d (%v)", id, st.ID, ok)
			}
			stRows[id] = stRow{st.Title, st.First, st.Last, st.Events, st.Articles, st.Outlets}
		}
		for _, id := range goneSls {
			delete(stRows, id)
			stMerges++
		}
		all := c.Events()
		if len(all) != len(evRows) {
			t.Fatalf("after article %d: %d events, %d rows", d.ID, len(all), len(evRows))
		}
		for _, ev := range all {
			want := evRow{ev.Title, ev.First, ev.Last, ev.Articles, ev.Originals, ev.Outlets, ev.StorylineID}
			if got := evRows[ev.ID]; !reflect.DeepEqual(got, want) {
				t.Fatalf("after article %d: event %d row %+v, view %+v", d.ID, ev.ID, got, want)
			}
		}
		sts := c.Storylines()
		if len(sts) != len(stRows) {
			t.Fatalf("after article %d: %d storylines, %d rows", d.ID, len(sts), len(stRows))
		}
		for _, st := range sts {
			want := stRow{st.Title, st.First, st.Last, st.Events, st.Articles, st.Outlets}
			if got := stRows[st.ID]; !reflect.DeepEqual(got, want) {
				t.Fatalf("after article %d: storyline %d row %+v, view %+v", d.ID, st.ID, got, want)
			}
		}
	}
	if merges == 0 || stMerges == 0 {
		t.Errorf("%d events and %d storylines merged away: the test does not cover it", merges, stMerges)
	}
}

// TestSnapshotAfterRevisions: removed articles and emptied events survive
// a snapshot, and the restored clusterer goes on as the original.
func TestSnapshotAfterRevisions(t *testing.T) {
	s := snapStreams(t, 200)[0]
	a := New(s.cfg)
	a.TrackChanges()
	revise := func(c *Clusterer, i int) Assignment {
		old := s.docs[i/2]
		c.Remove(old)
		return c.Add(Doc{ID: old.ID, Text: s.docs[len(s.docs)-1-i/2].Text})
	}
	for i, d := range s.docs[:120] {
		a.Add(d)
		if i%5 == 4 {
			revise(a, i)
		}
	}
	var buf bytes.Buffer
	a.WriteTo(&buf)
	b, err := ReadClusterer(&buf, s.cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i := 120; i < len(s.docs); i++ {
		d := s.docs[i]
		if pa, pb := a.Add(d), b.Add(d); !reflect.DeepEqual(pa, pb) {
			t.Fatalf("doc %d: %+v, restored %+v", d.ID, pa, pb)
		}
		if i%5 == 4 {
			if pa, pb := revise(a, i), revise(b, i); !reflect.DeepEqual(pa, pb) {
				t.Fatalf("revision at %d: %+v, restored %+v", i, pa, pb)
			}
		}
		if fmt.Sprint(a.ChangedSets()) != fmt.Sprint(b.ChangedSets()) {
			t.Fatalf("doc %d: change sets differ", d.ID)
		}
	}
	if !reflect.DeepEqual(a.Events(), b.Events()) || !reflect.DeepEqual(a.Storylines(), b.Storylines()) {
		t.Fatal("views differ")
	}
}
