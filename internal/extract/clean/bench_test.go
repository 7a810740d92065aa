package clean

import (
	"os"
	"path/filepath"
	"testing"
)

// seedTexts reads the seed articles shared by the golden tests and the
// benchmarks.
func seedTexts(tb testing.TB) map[string]string {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "seeds", "*.txt"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no seed articles found: %v", err)
	}
	out := make(map[string]string, len(files))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			tb.Fatalf("read seed: %v", err)
		}
		out[filepath.Base(f)] = string(b)
	}
	return out
}

// BenchmarkArticle cleans the five seed articles; one op is one article.
func BenchmarkArticle(b *testing.B) {
	var texts []string
	n := 0
	for _, t := range seedTexts(b) {
		texts = append(texts, t)
		n += len(t)
	}
	b.SetBytes(int64(n / len(texts)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Article(texts[i%len(texts)], Hints{})
	}
}

// BenchmarkBody cleans the seed texts as extracted main text.
func BenchmarkBody(b *testing.B) {
	var texts []string
	for _, t := range seedTexts(b) {
		texts = append(texts, t)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		Body(texts[i%len(texts)])
	}
}

// BenchmarkDetectLanguage is the language guess alone, the costliest step.
func BenchmarkDetectLanguage(b *testing.B) {
	var texts []string
	for _, t := range seedTexts(b) {
		texts = append(texts, t)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		detectLanguage(texts[i%len(texts)])
	}
}

// BenchmarkDateFromText reads dates in the forms the seeds use.
func BenchmarkDateFromText(b *testing.B) {
	in := []string{
		"by John Doe via x - Outlet *Friday, Dec 22 2017, 2:02am*",
		"13 December, 2017",
		"name Thu, 12/28/2017 - 16:51 Permalink",
		"Russia ramped up its calls for the U.S. military to depart from Syria on Thursday, contending it has no substantial reasons.",
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		DateFromText(in[i%len(in)])
	}
}
