package cluster

import (
	"math"
	"testing"
	"unicode/utf8"
)

// FuzzAnalyze checks that tokenising, feature extraction and shingling
// accept any input: no panic, bounded output, well-formed vectors.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{
		"", "a", "Tara Reid's rehab, U.S. 5.6 100,000 O'Brien co-workers.",
		"Title Case Headline Here\nBody text said Mr. Smith on Monday.",
		"\xff\xfe\xc3", "1:2:3 4.5.6 ,,, ''' ...", "日本語のテキスト。Ünïcödé Wörds",
		"http://example.com/2013/08/02/some-slug-words.html",
		"convicted of the 2005 murder in June 2005; on March 3 and in May, by 2030",
		"Die Regierung in Berlin und die Deutsche Bank: KfW, BaFin, iPhone. Nach Angaben der Polizei.",
	} {
		f.Add(s, s)
	}
	an := analyzer{cfg: &Config{}}
	def := DefaultConfig()
	an.cfg = &def
	f.Fuzz(func(t *testing.T, text, url string) {
		ws := tokenize(text)
		if len(ws) > maxWords {
			t.Fatalf("%d words, cap %d", len(ws), maxWords)
		}
		for _, w := range ws {
			if w.lower == "" || !utf8.ValidString(w.lower) && utf8.ValidString(text) {
				t.Fatalf("bad word %q", w.lower)
			}
		}
		// German reads capitals otherwise; Spanish has its own function words.
		lang := [...]string{"", "de", "es"}[len(text)%3]
		ft := an.analyze(&Doc{Text: text, URL: url, Title: url, Published: "2019-06-01", Language: lang})
		own := monthIndex(parseDay("2019-06-01"))
		if len(ft.recalls) > maxRecalls {
			t.Fatalf("%d recalled spans, cap %d", len(ft.recalls), maxRecalls)
		}
		for _, r := range ft.recalls {
			if r.lo > r.hi || r.hi >= own {
				t.Fatalf("recalled span %+v not before the article's month %d", r, own)
			}
		}
		for _, v := range []vec{ft.content, ft.ents, ft.title} {
			var n float64
			for i, x := range v {
				if i > 0 && v[i-1].h >= x.h {
					t.Fatal("vector not sorted by feature")
				}
				if math.IsNaN(float64(x.w)) || x.w <= 0 {
					t.Fatalf("weight %v", x.w)
				}
				n += float64(x.w) * float64(x.w)
			}
			if len(v) > 0 && math.Abs(n-1) > 1e-3 {
				t.Fatalf("vector length² %v, want 1", n)
			}
		}
		sh := shingles(ft.words)
		if len(ft.words) > 0 && len(sh) == 0 {
			t.Fatal("words but no shingles")
		}
		if len(sh) > len(ft.words) {
			t.Fatalf("%d shingles from %d words", len(sh), len(ft.words))
		}
	})
}
