package watch

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

const testBase = "http://127.0.0.1:8080/"

// fixture returns a watchlist with two article hits and one quote hit,
// out of order, whose text is as hostile as crawled text can be:
// markup, a CDATA terminator, C0 and C1 controls, an invalid UTF-8
// byte, a javascript: source URL.
func fixture() (Watchlist, []Hit) {
	wl := Watchlist{
		ID:      7,
		Name:    "Grain <deal> & ports\x01",
		Query:   `grain AND "Odesa"`,
		Webhook: "https://hooks.example.com/storyline",
		Secret:  "6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c",
		Created: time.Date(2026, 2, 1, 12, 0, 0, 0, time.UTC),
	}
	hits := []Hit{
		{
			ID: 101, Watch: 7, Kind: KindArticle, ArticleID: 311,
			Title:     "Talks resume <script>alert(1)</script>",
			Outlet:    "Example & Co. News",
			URL:       "https://example.com/grain?x=1&y=2",
			Published: time.Date(2026, 3, 1, 8, 30, 0, 0, time.FixedZone("EET", 2*3600)),
			Text:      "Ministers met in Istanbul]]> to revive the deal.\x00\x1b\x7f\u0085 Bad byte: \xff.",
			Found:     time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC),
		},
		{
			ID: 103, Watch: 7, Kind: KindArticle, ArticleID: 312,
			Title:  "  Ports\nreopen\t",
			Outlet: "",
			URL:    "javascript:alert(1)",
			Found:  time.Date(2026, 3, 1, 9, 10, 0, 0, time.UTC),
		},
		{
			ID: 102, Watch: 7, Kind: KindQuote, ArticleID: 311, QuoteID: 95,
			Title:     "Talks resume <script>alert(1)</script>",
			Outlet:    "Example & Co. News",
			URL:       "https://example.com/grain?x=1&y=2",
			Published: time.Date(2026, 3, 1, 8, 30, 0, 0, time.FixedZone("EET", 2*3600)),
			Speaker:   "Maria Zakharova",
			Text:      "\u201cThe corridor will stay open as long as the guarantees ]]> hold, and not one day longer\a than that.\u201d",
			Found:     time.Date(2026, 3, 1, 9, 5, 0, 0, time.UTC),
		},
	}
	return wl, hits
}

// golden compares got with testdata/name, or rewrites the file under
// -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if string(got) != string(want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\ngot:\n%s", path, got)
	}
}
