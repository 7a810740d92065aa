package cluster_test

import (
	"reflect"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster"
)

// TestRetireSeedsOneStoryline: the seeds (2017 to 2024) form the same
// storylines, in every arrival order, when every event retires as soon as
// it can (after each article, one day past its date) as when none does:
// the later events link to the earlier ones' stubs. Both shrink idle
// events at once (ExemplarWindow 0, which retirement waits for), which
// alone splits the seeds' storyline in some orders; in the files' order
// they stay one storyline of five events. The retired articles are no
// longer held. (Forgetting the features of retired articles moves idf,
// and so key names and, in one order of 120, a link: see
// TestRetireSeedsForget.)
func TestRetireSeedsOneStoryline(t *testing.T) {
	docs, _ := seedDocs(t)
	off := cluster.DefaultConfig()
	off.ExemplarWindow, off.RetireDays = 0, 0
	on := off
	on.RetireDays, on.RetireArticles, on.RetireFeatures = 1, 0, 0
	idx := []int{0, 1, 2, 3, 4}
	orders, one := 0, 0
	var perm func(k int)
	perm = func(k int) {
		if k < len(idx) {
			for i := k; i < len(idx); i++ {
				idx[k], idx[i] = idx[i], idx[k]
				perm(k + 1)
				idx[k], idx[i] = idx[i], idx[k]
			}
			return
		}
		orders++
		a, b := cluster.New(off), cluster.New(on)
		var last cluster.Assignment
		for _, i := range idx {
			a.Add(docs[i])
			last = b.Add(docs[i])
		}
		if sa, sb := a.Storylines(), b.Storylines(); !reflect.DeepEqual(sa, sb) {
			t.Errorf("order %v: storylines\n%+v\nretiring\n%+v", idx, sa, sb)
		}
		if n := b.Len(); n >= 5 {
			t.Errorf("order %v: %d articles held, none retired", idx, n)
		}
		if st, _ := b.Storyline(last.StorylineID); len(st.Events) == 5 {
			one++
		}
		if orders == 1 && one != 1 {
			t.Errorf("files' order: not one storyline of five events")
		}
	}
	perm(0)
	t.Logf("%d of %d orders give one storyline", one, orders)
}

// TestRetireSeedsForget: with the features of retired articles forgotten
// too, the seeds in the files' order are still one storyline of five
// events, and across the 120 orders at most one more order splits it than
// without retirement.
func TestRetireSeedsForget(t *testing.T) {
	docs, _ := seedDocs(t)
	off := cluster.DefaultConfig()
	off.ExemplarWindow, off.RetireDays = 0, 0
	on := off
	on.RetireDays, on.RetireArticles, on.RetireFeatures = 1, 0, 1
	oneStory := func(cfg cluster.Config, order []int) bool {
		c := cluster.New(cfg)
		var last cluster.Assignment
		for _, i := range order {
			last = c.Add(docs[i])
		}
		st, _ := c.Storyline(last.StorylineID)
		return len(st.Events) == 5
	}
	if !oneStory(on, []int{0, 1, 2, 3, 4}) {
		t.Error("files' order: not one storyline of five events")
	}
	idx := []int{0, 1, 2, 3, 4}
	nOff, nOn := 0, 0
	var perm func(k int)
	perm = func(k int) {
		if k == len(idx) {
			if oneStory(off, idx) {
				nOff++
			}
			if oneStory(on, idx) {
				nOn++
			}
			return
		}
		for i := k; i < len(idx); i++ {
			idx[k], idx[i] = idx[i], idx[k]
			perm(k + 1)
			idx[k], idx[i] = idx[i], idx[k]
		}
	}
	perm(0)
	t.Logf("one storyline in %d orders of 120 retiring and forgetting, %d without retirement", nOn, nOff)
	if nOn < nOff-1 {
		t.Errorf("one storyline in %d orders retiring and forgetting, %d without", nOn, nOff)
	}
}
