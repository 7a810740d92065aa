package htmlmain

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite golden files")

// fixtures are hand-made pages in testdata/, each with a URL to read it
// from and its golden Page in testdata/NAME.golden.json.
var fixtures = []struct {
	name, url string
}{
	{"article", "https://courier.example.com/news/2021/harbour-bridge-reopens?utm_source=feed"},
	{"comments", "https://dorfblatt.example.ch/artikel/neue-buslinie"},
	{"hostile", ""},
}

func readFixture(t testing.TB, name string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".html"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestGolden compares Extract on each fixture with its golden file; run
// with -update to rewrite them, and review the diff.
func TestGolden(t *testing.T) {
	for _, fx := range fixtures {
		t.Run(fx.name, func(t *testing.T) {
			page, err := Extract(readFixture(t, fx.name), fx.url)
			if err != nil {
				t.Fatalf("Extract: %v", err)
			}
			got, err := json.MarshalIndent(page, "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			golden := filepath.Join("testdata", fx.name+".golden.json")
			if *update {
				if err := os.WriteFile(golden, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if string(got) != string(want) {
				t.Errorf("Extract(%s) differs from %s:\ngot:\n%s\nwant:\n%s", fx.name, golden, got, want)
			}
		})
	}
}

// TestArticle states what the golden file of the article fixture must
// show, so that an -update cannot silently accept a regression.
func TestArticle(t *testing.T) {
	page, err := Extract(readFixture(t, "article"), fixtures[0].url)
	if err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		what      string
		got, want string
	}{
		{"title without the site's name", page.Title, "Harbour bridge reopens after two-year repair"},
		{"authors from JSON-LD, page spelling", strings.Join(page.Authors, "; "), "Jane Q. Doe; Tom Roe"},
		{"original (not modified) date with its zone", page.Published, "2021-03-14T09:30:00+01:00"},
		{"canonical URL", page.URL, "https://courier.example.com/news/2021/harbour-bridge-reopens"},
		{"site name", page.SiteName, "The Riverside Courier"},
		{"language", page.Language, "en"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.what, c.got, c.want)
		}
	}
	for _, want := range []string{
		"cracks in its steel girders",                  // <b> inside a word run is not split
		"first for the city.\nBuses return on Monday.", // <br> is a line break
		"Lorries: after the May tests",
	} {
		if !strings.Contains(page.Text, want) {
			t.Errorf("text lacks %q:\n%s", want, page.Text)
		}
	}
	for _, unwanted := range []string{"must never appear", "Council budget row", "All rights reserved"} {
		if strings.Contains(page.Text, unwanted) {
			t.Errorf("text has %q:\n%s", unwanted, page.Text)
		}
	}
	if n := strings.Count(page.Text, "\n\n"); n < 3 {
		t.Errorf("text has %d paragraph breaks, want at least 3:\n%s", n, page.Text)
	}
}

func TestComments(t *testing.T) {
	page, err := Extract(readFixture(t, "comments"), fixtures[1].url)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.Text, "Endlich!") || strings.Contains(page.Text, "Hoffentlich") {
		t.Errorf("comments leaked into the text:\n%s", page.Text)
	}
	if !strings.Contains(page.Text, "neue Buslinie stündlich") {
		t.Errorf("main text missing:\n%s", page.Text)
	}
	if !strings.Contains(page.Comments, "Hoffentlich bleibt es nicht beim Versuch.") {
		t.Errorf("comments not found: %q", page.Comments)
	}
	// "6. 3. 2022" on a German page is 6 March, day first.
	if page.Published != "2022-03-06" || page.PublishedFrom != "text" {
		t.Errorf("published = %q from %q, want 2022-03-06 from text", page.Published, page.PublishedFrom)
	}
	if page.Title != "Neue Buslinie für das Oberdorf" {
		t.Errorf("title = %q", page.Title)
	}
}

func TestHostile(t *testing.T) {
	page, err := Extract(readFixture(t, "hostile"), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, unwanted := range []string{"must never appear", "never shown", "color: red", "xxxxxxxx"} {
		if strings.Contains(page.Text, unwanted) {
			t.Errorf("text has %q", unwanted)
		}
	}
	if !strings.Contains(page.Text, "lighthouse") {
		t.Errorf("text lost the words inside broken markup:\n%s", page.Text)
	}
	// The page states only a copyright year: no date may be made of it.
	if page.Published != "" {
		t.Errorf("published = %q, want none", page.Published)
	}
}

// TestLimits feeds pages built to be expensive or malformed; each must end
// with a page or an error, never a panic.
func TestLimits(t *testing.T) {
	cases := []struct {
		name    string
		doc     string
		wantErr error // nil: any outcome but a panic
	}{
		{"empty", "", ErrNoContent},
		{"text only", "just a few words", nil},
		{"too deep", strings.Repeat("<div>", 600) + "text", nil},
		{"too many nodes", "<body>" + strings.Repeat("<i>x</i>", MaxNodes) + "</body>", ErrTooLarge},
		{"huge attribute", `<p title="` + strings.Repeat("a", 3<<20) + `">` + strings.Repeat("Some words in a paragraph. ", 40) + `</p>`, nil},
		{"invalid utf-8", "<p>caf\xe9 \xff\xfe " + strings.Repeat("more words here ", 40) + "</p>", nil},
		{"unterminated", "<html><head><title>t</title></head><body><p>" + strings.Repeat("word ", 200) + "<div><a href='", nil},
		{"nul bytes", "<p>\x00\x00" + strings.Repeat("text \x00", 100) + "</p>", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := Extract(c.doc, "http://example.com/a")
			if err != nil && strings.Contains(err.Error(), "panic") {
				t.Fatalf("panic: %v", err)
			}
			if c.wantErr != nil && !errors.Is(err, c.wantErr) {
				t.Errorf("err = %v, want %v", err, c.wantErr)
			}
			if !utf8.ValidString(page.Text) || !utf8.ValidString(page.Title) {
				t.Errorf("invalid UTF-8 in output")
			}
		})
	}
}

// TestParseRefusesLongPages: a page over the limit fails with "too large"
// rather than being cut without a word.
func TestParseRefusesLongPages(t *testing.T) {
	doc := "<p>" + strings.Repeat("é", MaxHTMLBytes/2) + "</p>"
	if _, err := Parse(doc); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Parse of %d bytes: %v, want ErrTooLarge", len(doc), err)
	}
}

func TestNormalize(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Zu\u00adcker", "Zucker"}, // soft hyphen removed
		{"Cafe\u0301", "Café"},     // NFC
		{"a\xffb", "a\uFFFDb"},     // invalid byte
		{"plain ascii", "plain ascii"},
	} {
		if got := normalize(c.in); got != c.want {
			t.Errorf("normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestPublishedIsRFC3339(t *testing.T) {
	for _, fx := range fixtures {
		page, _ := Extract(readFixture(t, fx.name), fx.url)
		if page.Published == "" {
			continue
		}
		if _, err := time.Parse(time.RFC3339, page.Published); err != nil {
			if _, err := time.Parse("2006-01-02", page.Published); err != nil {
				t.Errorf("%s: published %q is not RFC 3339", fx.name, page.Published)
			}
		}
	}
}

func BenchmarkExtract(b *testing.B) {
	for _, fx := range fixtures {
		doc := readFixture(b, fx.name)
		b.Run(fx.name, func(b *testing.B) {
			b.SetBytes(int64(len(doc)))
			for b.Loop() {
				if _, err := Extract(doc, fx.url); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func FuzzExtract(f *testing.F) {
	f.Add("<html><head><title>T | S</title></head><body><h1>T</h1><p>Text text text.</p></body></html>", "https://example.com/2020/01/02/t")
	f.Add(`<meta property="article:published_time" content="2020-02-30"><p>x</p>`, "")
	f.Add(`<script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"A B"},"datePublished":"2019"}</script><article><p>By A B</p></article>`, "http://x/")
	f.Add("<table><tr><td><pre>a\n b</pre><br><br>c", "not a url")
	f.Add(strings.Repeat("<div>", 40)+"© 2016"+strings.Repeat("</span>", 40), "http://example.com/2023/10/3-things")
	f.Fuzz(func(t *testing.T, doc, pageURL string) {
		page, err := Extract(doc, pageURL)
		if err != nil && strings.Contains(err.Error(), "panic:") {
			t.Fatalf("library panic: %v", err)
		}
		if !utf8.ValidString(page.Text) {
			t.Errorf("invalid UTF-8 text")
		}
		if page.Published != "" {
			if _, err := time.Parse(time.RFC3339, page.Published); err != nil {
				if _, err := time.Parse("2006-01-02", page.Published); err != nil {
					t.Errorf("published %q is not RFC 3339", page.Published)
				}
			}
		}
		if (page.Published == "") != (page.PublishedFrom == "") {
			t.Errorf("published %q from %q", page.Published, page.PublishedFrom)
		}
	})
}
