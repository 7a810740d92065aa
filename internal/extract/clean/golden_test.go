package clean

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSeedsGolden cleans each seed article and compares the full Result
// with testdata/seeds/<name>.golden.json (go test -update rewrites them;
// review the diff).
func TestSeedsGolden(t *testing.T) {
	seeds := seedTexts(t)
	names := make([]string, 0, len(seeds))
	for n := range seeds {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(Article(seeds[name], Hints{}), "", "  ")
			if err != nil {
				t.Fatalf("marshal result: %v", err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "seeds", strings.TrimSuffix(name, ".txt")+".golden.json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatalf("update golden: %v", err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatalf("update golden: %v", err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("read golden (run go test -update to create it): %v", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("Article(%s) differs from %s:\n got: %s\nwant: %s", name, path, got, want)
			}
		})
	}
}

// TestSeedsFacts states the facts the goldens must hold, so that an -update
// cannot silently freeze a regression.
func TestSeedsFacts(t *testing.T) {
	seeds := seedTexts(t)
	get := func(prefix string) Result {
		for n, s := range seeds {
			if strings.HasPrefix(n, prefix) {
				return Article(s, Hints{})
			}
		}
		t.Fatalf("seed %s missing", prefix)
		return Result{}
	}
	r0 := get("000_")
	check(t, "000 authors", strings.Join(r0.Authors, "; "), "John Haltiwanger")
	check(t, "000 outlet", r0.Outlet, "Newsweek")
	check(t, "000 republished", r0.RepublishedBy, "Jungle Drum Prose/Poetry")
	check(t, "000 published", r0.Published, "2017-12-22")
	check(t, "000 url", r0.URL, "http://www.newsweek.com/russia-tells-us-military-get-out-syria-756463")
	mustNot(t, "000 text", r0.Text, "Copyright applies", "international / prose", "](#)", "http", "jaxie")
	must(t, "000 text", r0.Text, "Reuters reports.", "expressed such views in recent weeks")

	r1 := get("001_")
	check(t, "001 authors", strings.Join(r1.Authors, "; "), "Leith Fadel")
	check(t, "001 outlet", r1.Outlet, "Al-Masdar News")
	check(t, "001 published", r1.Published+" "+r1.PublishedFrom, "2017-12-28 comments")
	if len(r1.Comments) != 3 {
		t.Errorf("001: %d comments, want 3", len(r1.Comments))
	}
	mustNot(t, "001 text", r1.Text, "Permalink", "In reply to", "Chumbawamba", "Image via", "US special forces troops at al-Tanf")

	r2 := get("002_")
	check(t, "002 published", r2.Published+" "+r2.PublishedFrom, "2024-01-24 header")
	if n := strings.Count(r2.Text, "Russia sees no intentions"); n != 1 {
		t.Errorf("002: body kept %d times, want once", n)
	}
	must(t, "002 text", r2.Text, "ASTANA (Sputnik) - ", "military base located near", "oil theft.")

	r3 := get("003_")
	check(t, "003 published", r3.Published, "")
	mustNot(t, "003 text", r3.Text, "Show Comments", "email *", "You May Also Like", "B-52", "US troops\n")
	if !strings.HasPrefix(r3.Text, "The US troops have been asked") {
		t.Errorf("003 text starts %q", r3.Text[:40])
	}

	r4 := get("004_")
	check(t, "004 published", r4.Published+" "+r4.PublishedFrom, "2017-12-13 header")
	mustNot(t, "004 text", r4.Text, "2 min read", "[Getty]", "'to remain' in Syria despite")
	for _, r := range []Result{r0, r1, r2, r3, r4} {
		check(t, "language", r.Language, "en")
		check(t, "title from", r.TitleFrom, "text")
	}
}

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func must(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(text, p) {
			t.Errorf("%s lacks %q", what, p)
		}
	}
}

func mustNot(t *testing.T, what, text string, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if strings.Contains(text, p) {
			t.Errorf("%s contains %q", what, p)
		}
	}
}
