package clean

// Tests on the shared benchmark data. They skip when the data is absent
// (set STORYLINE_SHARED to its folder; default /work/shared or ../shared
// beside the clone) and report figures with t.Log; run them with -v.

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

func sharedDir() string {
	if d := os.Getenv("STORYLINE_SHARED"); d != "" {
		return d
	}
	for _, d := range []string{"../../../../shared", "/work/shared"} {
		if _, err := os.Stat(filepath.Join(d, "data")); err == nil {
			return d
		}
	}
	return "/work/shared"
}

type goldPage struct {
	ID      string   `json:"id"`
	URL     *string  `json:"url"`
	Date    *string  `json:"date"`
	With    []string `json:"with"`
	Without []string `json:"without"`
}

func readGold(t *testing.T, path string) []goldPage {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("benchmark data absent: %v", err)
	}
	defer f.Close()
	var out []goldPage
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var g goldPage
		if err := json.Unmarshal(sc.Bytes(), &g); err != nil {
			t.Fatalf("read %s: %v", path, err)
		}
		out = append(out, g)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", path, err)
	}
	return out
}

func ftoa(f float64) string { return strconv.FormatFloat(f, 'f', 4, 64) }

// TestBodyKeepsMainTextSnippets runs Body on each benchmark page's "with"
// snippets (hand-picked main-text fragments), one paragraph each, and
// counts the snippets Body removes. Each is a recall loss when Body runs
// after HTML extraction; the few allowed are whole-line dates and bare URLs,
// which Body removes by design.
func TestBodyKeepsMainTextSnippets(t *testing.T) {
	gold := readGold(t, filepath.Join(sharedDir(), "data", "extraction-trafilatura", "gold.jsonl"))
	total, lost := 0, 0
	for _, g := range gold {
		body, _ := Body(strings.Join(g.With, "\n\n"))
		nb := pyNormT(body)
		for _, w := range g.With {
			total++
			if !strings.Contains(nb, pyNormT(w)) {
				lost++
				t.Logf("removed %s: %q", g.ID, w)
			}
		}
	}
	t.Logf("Body removed %d of %d main-text snippets", lost, total)
	if lost*1000 > total*3 {
		t.Errorf("Body removed %d of %d main-text snippets, more than 0.3%%", lost, total)
	}
}

// TestDateFromURLOnBenchmarks reports how often DateFromURL finds a date in
// the benchmark URLs and how often that date is the gold publication day.
func TestDateFromURLOnBenchmarks(t *testing.T) {
	for _, set := range []string{"dates-htmldate", "extraction-trafilatura"} {
		gold := readGold(t, filepath.Join(sharedDir(), "data", set, "gold.jsonl"))
		n, found, right := 0, 0, 0
		for _, g := range gold {
			if g.URL == nil || g.Date == nil {
				continue
			}
			n++
			d, ok := DateFromURL(*g.URL)
			if !ok {
				continue
			}
			found++
			if d == *g.Date {
				right++
			} else {
				t.Logf("%s: %s, gold %s", *g.URL, d, *g.Date)
			}
		}
		t.Logf("%s: %d URLs with a gold date, DateFromURL dated %d, %d of them right (precision %s)",
			set, n, found, right, ftoa(float64(right)/float64(max(found, 1))))
		if found > 0 && right*100 < found*90 {
			t.Errorf("%s: DateFromURL precision %d/%d below 90%%", set, right, found)
		}
	}
}

// pyNormT is the benchmark's whitespace normalisation.
func pyNormT(s string) string { return strings.Join(strings.Fields(s), " ") }

// TestArticleKeepsPlainText runs Article over plain-text news (ECB+
// documents, one sentence a line, and PolNeAR articles, a title line and
// paragraphs) and counts the input lines that are neither in the cleaned
// text nor the title, nor a date line (which goes to Published). Those are
// recall losses on clean input; the few allowed are short subtitles taken
// for image alt words, share-button words and link lines.
func TestArticleKeepsPlainText(t *testing.T) {
	type doc struct{ ID, Text, Title string }
	var docs []doc
	read := func(path string, gz bool) {
		f, err := os.Open(path)
		if err != nil {
			t.Skipf("data absent: %v", err)
		}
		defer f.Close()
		var r io.Reader = f
		if gz {
			zr, err := gzip.NewReader(f)
			if err != nil {
				t.Fatalf("read %s: %v", path, err)
			}
			r = zr
		}
		sc := bufio.NewScanner(r)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var d doc
			if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
				t.Fatalf("read %s: %v", path, err)
			}
			docs = append(docs, d)
		}
	}
	read(filepath.Join(sharedDir(), "data", "events-ecbplus", "docs.jsonl"), false)
	read(filepath.Join(sharedDir(), "data", "quotes-polnear", "dev.jsonl.gz"), true)
	read(filepath.Join(sharedDir(), "data", "quotes-polnear", "train.jsonl.gz"), true)
	lines, lost, dated, titled, titles := 0, 0, 0, 0, 0
	for _, d := range docs {
		r := Article(d.Text, Hints{})
		if r.Published != "" {
			dated++
		}
		if d.Title != "" {
			titles++
			if foldKey(r.Title) == foldKey(d.Title) {
				titled++
			}
		}
		// collapseSpace also turns control characters into spaces, as Article does.
		text, title := collapseSpace(r.Text), collapseSpace(r.Title)
		for _, l := range strings.Split(d.Text, "\n") {
			l = collapseSpace(l)
			if l == "" {
				continue
			}
			lines++
			if strings.Contains(text, l) || foldKey(l) == foldKey(title) {
				continue
			}
			if _, ok := dateLineMode(l, true); ok {
				continue
			}
			lost++
			t.Logf("%s: removed %q", d.ID, l)
		}
	}
	t.Logf("%d documents: %d of %d lines removed (not dates, not the title); %d dated; title = gold title for %d of %d",
		len(docs), lost, lines, dated, titled, titles)
	if lost*1000 > lines*3 {
		t.Errorf("Article removed %d of %d plain-text lines, more than 0.3%%", lost, lines)
	}
}
