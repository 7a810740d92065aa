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
