package quote

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// seedTexts returns the seed articles for the benchmarks.
func seedTexts(b *testing.B) []string {
	files, _ := filepath.Glob("../../../testdata/seeds/*.txt")
	if len(files) == 0 {
		b.Skip("no seeds")
	}
	var texts []string
	for _, f := range files {
		t, err := os.ReadFile(f)
		if err != nil {
			b.Fatal(err)
		}
		texts = append(texts, string(t))
	}
	return texts
}

// BenchmarkExtract measures Extract (tokenising and the name heuristic
// included) on the seed articles, in articles per second.
func BenchmarkExtract(b *testing.B) {
	texts := seedTexts(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Extract(texts[i%len(texts)], "2017-12-22", nil)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkExtractVsTokenizer times text.Sentences and Extract on the same
// article in the same iteration and reports their ratio, which stays
// meaningful on a machine shared with other work (absolute times do not).
func BenchmarkExtractVsTokenizer(b *testing.B) {
	texts := seedTexts(b)
	var tok, ext time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := texts[i%len(texts)]
		t0 := time.Now()
		text.Sentences(s)
		t1 := time.Now()
		Extract(s, "2017-12-22", nil)
		ext += time.Since(t1)
		tok += t1.Sub(t0)
	}
	b.ReportMetric(float64(ext)/float64(tok), "extract/tokenize")
	b.ReportMetric(float64(ext.Microseconds())/float64(b.N), "µs/article")
}
