package extract

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/news"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSeedsGolden freezes the whole extraction of the bundled seeds, checked
// by eye once: testdata/golden/extract/*.json at the repository root.
func TestSeedsGolden(t *testing.T) {
	files, err := filepath.Glob("../../testdata/seeds/*.txt")
	if err != nil || len(files) != 5 {
		t.Fatalf("seeds: %v %v", files, err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			raw, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			a, err := Article(news.Document{SourceID: filepath.Base(f), Origin: f, Format: news.FormatText, Content: string(raw)})
			if err != nil {
				t.Fatal(err)
			}
			got, _ := json.MarshalIndent(a, "", "  ")
			golden := filepath.Join("../../testdata/golden/extract", name+".json")
			if *update {
				os.MkdirAll(filepath.Dir(golden), 0o755)
				if err := os.WriteFile(golden, append(got, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/extract -update)", err)
			}
			if strings.TrimSpace(string(want)) != strings.TrimSpace(string(got)) {
				t.Errorf("extraction of %s differs from %s:\n%s", name, golden, got)
			}
		})
	}
}

func TestHintsWin(t *testing.T) {
	d := news.Document{SourceID: "x", Format: news.FormatText, HintFrom: "feed",
		Content: "A headline in the text\n\nBy Jane Roe\n\nThe body of the article, which says enough to count as one.",
		Title:   "The feed's title", Published: "2020-02-03T04:05:06+01:00", URL: "javascript:alert(1)"}
	a, err := Article(d)
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "The feed's title" || a.TitleFrom != "feed" {
		t.Errorf("title %q from %q", a.Title, a.TitleFrom)
	}
	if !strings.HasPrefix(a.Published, "2020-02-03") || a.PublishedFrom != "feed" {
		t.Errorf("published %q from %q", a.Published, a.PublishedFrom)
	}
	if a.URL != "" {
		t.Errorf("a non-web URL was kept: %q", a.URL)
	}
}

func TestEmptyIsAnError(t *testing.T) {
	for _, f := range []news.Format{news.FormatText, news.FormatHTML} {
		if _, err := Article(news.Document{Format: f, Content: "  \n "}); err == nil {
			t.Errorf("%s: no error for an empty document", f)
		}
	}
}

// TestHTMLCommentsKeptApart: a page's comment section is stored as
// comments, never as article text.
func TestHTMLCommentsKeptApart(t *testing.T) {
	page, err := os.ReadFile("testdata/comments.html")
	if err != nil {
		t.Fatal(err)
	}
	a, err := Article(news.Document{Format: news.FormatHTML, Content: string(page), URL: "https://example.org/news/bridge"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(a.Text, "cyclists") || !strings.Contains(a.Text, "northern ring road") {
		t.Errorf("text: %q", a.Text)
	}
	var all string
	for _, c := range a.Comments {
		all += c.Text
	}
	if !strings.Contains(all, "cyclists") {
		t.Errorf("comments: %+v", a.Comments)
	}
	if a.Outlet != "example.org" || a.OutletFrom != "url" {
		t.Errorf("outlet %q from %q", a.Outlet, a.OutletFrom)
	}
}
