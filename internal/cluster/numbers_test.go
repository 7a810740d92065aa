package cluster

import (
	"fmt"
	"strings"
	"testing"
)

// numberNames returns the number keys among an article's names.
func numberNames(f *features) []uint32 {
	var out []uint32
	for _, t := range f.ents {
		if isNumberName(t.h) {
			out = append(out, t.h)
		}
	}
	return out
}

func TestNumbersAmongNames(t *testing.T) {
	cfg := DefaultConfig()
	an := analyzer{cfg: &cfg}
	tests := []struct {
		name string
		text string
		want int // number keys among the names
	}{
		{"magnitude and toll", "A 5.6 magnitude quake hit Qeshm island, injuring 12 people in Dargahan.", 2},
		{"years are no figures", "The election of 2008 followed the reforms of 2007 in Turkmenistan.", 0},
		{"single digits and times say little", "At 5:11 p.m. the 3 villages of Qeshm shook.", 0},
		{"a table of figures is capped", tableOfFigures(30), maxDocNumbers},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := an.analyze(&Doc{Text: tt.text})
			if got := len(numberNames(f)); got != tt.want {
				t.Errorf("%d number keys among the names, want %d", got, tt.want)
			}
		})
	}
}

// tableOfFigures is a text of n figures and one name repeated less often
// than any figure, which the cap on figures must not crowd out.
func tableOfFigures(n int) string {
	var b strings.Builder
	b.WriteString("The results were published by officials in Springfield on the night.\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "District %d reported %d.5 percent and %d votes.\n", i+10, i+40, 1000+i)
	}
	return b.String()
}

func TestFiguresDoNotCrowdOutNames(t *testing.T) {
	cfg := DefaultConfig()
	an := analyzer{cfg: &cfg}
	f := an.analyze(&Doc{Text: tableOfFigures(60)})
	if !hasTerm(f.ents, termHash("e:springfield")) {
		t.Errorf("the name was crowded out by %d figures", len(numberNames(f)))
	}
}

func hasTerm(v vec, h uint32) bool {
	for _, t := range v {
		if t.h == h {
			return true
		}
	}
	return false
}

// Two reports of one quake share their figures; a report of another quake
// on the same island does not. The figures must widen the gap between the
// two scores, and they must not count as a storyline's names.
func TestFiguresTellSiblingsApart(t *testing.T) {
	same := "A 5.6 magnitude earthquake hit Qeshm island off southern Iran on Sunday, injuring 12 people and damaging 40 homes, state media said."
	other := "A 6.1 magnitude earthquake hit Qeshm island off southern Iran on Sunday, killing 10 people and flattening 7 villages, state media said."
	base := "An earthquake of magnitude 5.6 struck Qeshm island in southern Iran on Sunday; 12 people were hurt and 40 homes damaged, officials said."
	gap := func(boost float64) float64 {
		cfg := DefaultConfig()
		cfg.NumberNameBoost = boost
		c := New(cfg)
		fs := make([]*features, 3)
		for i, txt := range []string{base, same, other} {
			fs[i] = c.an.analyze(&Doc{Text: txt})
			c.countDF(fs[i])
		}
		ev := &event{content: fs[0].content, ents: fs[0].ents, title: fs[0].title, minDay: noDay, maxDay: noDay}
		score := func(f *features) float64 {
			return c.scoreW(f.content, f.ents, f.title, noDay, noDay, nil, ev, c)
		}
		return score(fs[1]) - score(fs[2])
	}
	off, on := gap(0), gap(DefaultConfig().NumberNameBoost)
	if on <= off+0.02 {
		t.Errorf("score gap same-figures minus other-figures: %.3f with figures among names, %.3f without", on, off)
	}
	cfg := DefaultConfig()
	f := (&analyzer{cfg: &cfg}).analyze(&Doc{Text: same})
	for _, n := range salientNames(f.ents, 100) {
		if isNumberName(n.h) {
			t.Errorf("a figure is among the storyline names")
		}
	}
}

// Figures weigh in scoring but are no index or look-up keys: rare as they
// are, they would push the words out of both.
func TestFiguresAreNotLookedUp(t *testing.T) {
	c := New(DefaultConfig())
	f := c.an.analyze(&Doc{Text: "A 5.6 magnitude quake hit Qeshm island, injuring 12 people and damaging 40 homes in Dargahan."})
	c.countDF(f)
	if len(numberNames(f)) == 0 {
		t.Fatal("no figures among the names")
	}
	for _, q := range c.queryTerms(f.content, f.ents, 100) {
		if isNumberName(q.h) {
			t.Errorf("a figure's name key is a look-up term")
		}
	}
}
