package analyze_test

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/storyline-news/storyline/internal/analyze"
	"github.com/storyline-news/storyline/internal/extract"
	"github.com/storyline-news/storyline/internal/news"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSeedsGolden freezes who said what in the bundled seeds, through the
// real extraction: testdata/golden/analyze/*.json at the repository root,
// checked by eye once.
func TestSeedsGolden(t *testing.T) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	if len(files) != 5 {
		t.Fatalf("seeds: %v", files)
	}
	speakers := map[string]bool{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		a, err := extract.Article(news.Document{SourceID: name, Format: news.FormatText, Content: string(raw)})
		if err != nil {
			t.Fatal(err)
		}
		if err := analyze.Article(a); err != nil {
			t.Fatal(err)
		}
		for _, q := range a.Quotes {
			speakers[q.Speaker+" <- "+q.SpeakerMention] = true
		}
		got, _ := json.MarshalIndent(struct {
			Entities []news.Entity `json:"entities"`
			Quotes   []news.Quote  `json:"quotes"`
			Claims   []news.Claim  `json:"claims"`
		}{a.Entities, a.Quotes, a.Claims}, "", "  ")
		golden := filepath.Join("../../testdata/golden/analyze", name+".json")
		if *update {
			os.MkdirAll(filepath.Dir(golden), 0o755)
			os.WriteFile(golden, append(got, '\n'), 0o644)
			continue
		}
		want, err := os.ReadFile(golden)
		if err != nil {
			t.Fatalf("%v (go test ./internal/analyze -update)", err)
		}
		if strings.TrimSpace(string(want)) != string(got) {
			t.Errorf("analysis of %s differs from %s:\n%s", name, golden, got)
		}
	}
	// The resolutions the issue names, whatever else changes.
	for _, want := range []string{
		"Maria Zakharova <- she", "Maria Zakharova <- the diplomat",
		"Maria Zakharova <- the Russian Foreign Ministry spokeswoman", " <- A US official",
	} {
		if !speakers[want] {
			t.Errorf("no quote resolved as %q", want)
		}
	}
}

func BenchmarkArticle(b *testing.B) {
	files, _ := filepath.Glob("../../testdata/seeds/*.txt")
	var arts []*news.Article
	for _, f := range files {
		raw, _ := os.ReadFile(f)
		a, _ := extract.Article(news.Document{Format: news.FormatText, Content: string(raw)})
		arts = append(arts, a)
	}
	analyze.Article(arts[0]) // load the model outside the timing
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := analyze.Article(arts[i%len(arts)]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
}

// TestOtherLanguagesGetNoGuesses: the tagger and the rules are English. A
// German report, whose nouns are all capitalised, gets no entities, quotes
// or claims (it got "Wochen" as a person and "Tage" as an organisation);
// the same report in English gets its names.
func TestOtherLanguagesGetNoGuesses(t *testing.T) {
	cases := []struct {
		name, text string
		wantEnts   bool
	}{
		{"german", "Die Klimaaktivisten der Gruppe Extinction Rebellion haben am Montag vor der Börse in New York demonstriert. " +
			"Seit Wochen fordern sie von den Banken, die Finanzierung von Kohleminen zu beenden. " +
			"„Wir haben keine Zeit mehr“, sagte die Sprecherin Anna Weber. Die Polizei nahm 5,3 Prozent der Demonstranten fest.", false},
		{"english", "Climate activists of the group Extinction Rebellion protested outside the New York Stock Exchange on Monday. " +
			"For weeks they have asked JPMorgan Chase to stop financing coal mines. " +
			"\"We have no time left,\" said spokeswoman Anna Weber. Police arrested 53 percent of the protesters.", true},
	}
	for _, c := range cases {
		a, err := extract.Article(news.Document{Format: news.FormatText, Content: c.text})
		if err != nil {
			t.Fatal(err)
		}
		if err := analyze.Article(a); err != nil {
			t.Fatal(err)
		}
		if got := len(a.Entities) > 0; got != c.wantEnts {
			t.Errorf("%s (language %q): entities %v, want any: %v", c.name, a.Language, a.Entities, c.wantEnts)
		}
		if !c.wantEnts && (len(a.Quotes) > 0 || len(a.Claims) > 0) {
			t.Errorf("%s: quotes %v claims %v, want none", c.name, a.Quotes, a.Claims)
		}
	}
}
