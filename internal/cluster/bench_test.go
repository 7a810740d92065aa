package cluster

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/storyline-news/storyline/internal/cluster/synth"
)

// benchTexts are the real texts the synthetic stream recombines: the seeds
// in the repository, which keeps the benchmark self-contained (the
// scalebench command uses the larger ECB+ corpus).
func benchTexts(b testing.TB) []string {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	var out []string
	for _, p := range files {
		t, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(t))
	}
	if len(out) == 0 {
		b.Skip("no seed texts")
	}
	return out
}

// BenchmarkAdd measures placing one article into a clusterer that already
// holds n articles: the cost must not grow with n.
func BenchmarkAdd(b *testing.B) {
	texts := benchTexts(b)
	for _, n := range []int{1000, 10000, 100000} {
		b.Run(fmt.Sprintf("after=%d", n), func(b *testing.B) {
			g, err := synth.New(texts, 1)
			if err != nil {
				b.Fatal(err)
			}
			c := New(DefaultConfig())
			add := func() {
				a := g.Next()
				c.Add(Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published})
			}
			for i := 0; i < n; i++ {
				add()
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				add()
			}
		})
	}
}

func BenchmarkAnalyze(b *testing.B) {
	texts := benchTexts(b)
	def := DefaultConfig()
	an := analyzer{cfg: &def}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		an.analyze(&Doc{Text: texts[i%len(texts)]})
	}
}

func BenchmarkMinhash(b *testing.B) {
	texts := benchTexts(b)
	sh := shingles(shingleWords(tokenize(texts[1])))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		minhash(sh)
	}
}

// BenchmarkViews measures the views a store rewrites for each changed
// event and storyline: the largest of each, after 5,000 synthetic articles
// and after 1,000 cut from the seeds (one long storyline).
func BenchmarkViews(b *testing.B) {
	g, err := synth.New(benchTexts(b), 1)
	if err != nil {
		b.Fatal(err)
	}
	syn := New(DefaultConfig())
	for range 5000 {
		a := g.Next()
		syn.Add(Doc{ID: a.ID, Title: a.Title, Text: a.Text, Published: a.Published})
	}
	s := snapStreams(b, 1000)[0]
	seeds := New(s.cfg)
	for _, d := range s.docs {
		seeds.Add(d)
	}
	for _, x := range []struct {
		name string
		c    *Clusterer
	}{{"synth", syn}, {"seeds", seeds}} {
		c := x.c
		var ev, st int64
		var evN, stN int
		for _, e := range c.Events() {
			if len(e.Articles) > evN {
				ev, evN = e.ID, len(e.Articles)
			}
		}
		for _, s := range c.Storylines() {
			if len(s.Events) > stN {
				st, stN = s.ID, len(s.Events)
			}
		}
		b.Run(fmt.Sprintf("%s/event/articles=%d", x.name, evN), func(b *testing.B) {
			for b.Loop() {
				c.Event(ev)
			}
		})
		b.Run(fmt.Sprintf("%s/storyline/events=%d", x.name, stN), func(b *testing.B) {
			for b.Loop() {
				c.Storyline(st)
			}
		})
	}
}
