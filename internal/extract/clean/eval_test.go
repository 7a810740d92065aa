//go:build eval

// This file measures Body on real extractor output: go-trafilatura's main
// text of the trafilatura benchmark pages, scored before and after Body
// with the benchmark's rule (whitespace-normalised substring matches of the
// "with" and "without" snippets). It needs /work/shared (or
// STORYLINE_SHARED) and takes about a minute:
//
//	go test -tags eval -run TestEvalTrafilaturaBody -v ./internal/extract/clean/
package clean

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

func TestEvalTrafilaturaBody(t *testing.T) {
	dir := filepath.Join(sharedDir(), "data", "extraction-trafilatura")
	gold := readGold(t, filepath.Join(dir, "gold.jsonl"))
	texts := extractedTexts(t, filepath.Join(dir, "pages.jsonl.gz"))

	var raw, cleaned counts
	for _, g := range gold {
		text, ok := texts[g.ID]
		if !ok {
			continue
		}
		body, _ := Body(text)
		rn, cn := pyNorm(text), pyNorm(body)
		for _, w := range g.With {
			in, out := strings.Contains(rn, pyNorm(w)), strings.Contains(cn, pyNorm(w))
			raw.add(true, in)
			cleaned.add(true, out)
			if in && !out {
				t.Logf("lost with-snippet %s: %q", g.ID, w)
			}
		}
		for _, w := range g.Without {
			in, out := strings.Contains(rn, pyNorm(w)), strings.Contains(cn, pyNorm(w))
			raw.add(false, in)
			cleaned.add(false, out)
			if in && !out {
				t.Logf("removed without-snippet %s: %q", g.ID, w)
			}
		}
	}
	t.Logf("go-trafilatura (no fallback):        %s", raw)
	t.Logf("go-trafilatura (no fallback) + Body: %s", cleaned)
}

type counts struct{ tp, fp, fn, tn int }

func itoa(i int) string { return strconv.Itoa(i) }

func (c *counts) add(with, found bool) {
	switch {
	case with && found:
		c.tp++
	case with:
		c.fn++
	case found:
		c.fp++
	default:
		c.tn++
	}
}

func (c counts) String() string {
	p := float64(c.tp) / float64(c.tp+c.fp)
	r := float64(c.tp) / float64(c.tp+c.fn)
	f := 2 * float64(c.tp) / float64(2*c.tp+c.fp+c.fn)
	return strings.Join([]string{
		"P " + ftoa(p), "R " + ftoa(r), "F " + ftoa(f),
		"TP/FP/FN/TN " + itoa(c.tp) + "/" + itoa(c.fp) + "/" + itoa(c.fn) + "/" + itoa(c.tn),
	}, "  ")
}

// pyNorm is the benchmark's re.sub(r"\s+", " ", s).strip() with Python's
// Unicode notion of white space.
func pyNorm(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r >= 0x1c && r <= 0x1f
	}), " ")
}

// extractedTexts runs go-trafilatura over the pages, caching the texts in
// the temporary directory so that re-runs after a change to Body are fast.
func extractedTexts(t *testing.T, pages string) map[string]string {
	cache := filepath.Join(os.TempDir(), "storyline-clean-eval-trafilatura-blocks.json")
	texts := map[string]string{}
	if b, err := os.ReadFile(cache); err == nil && json.Unmarshal(b, &texts) == nil && len(texts) > 0 {
		return texts
	}
	f, err := os.Open(pages)
	if err != nil {
		t.Skipf("benchmark pages absent: %v", err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatalf("read %s: %v", pages, err)
	}
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var p struct{ ID, URL, HTML string }
		if err := json.Unmarshal(sc.Bytes(), &p); err != nil {
			t.Fatalf("read %s: %v", pages, err)
		}
		res, err := trafilatura.Extract(strings.NewReader(p.HTML), trafilatura.Options{EnableFallback: false})
		if err != nil || res == nil {
			continue
		}
		texts[p.ID] = renderBlocks(res.ContentNode)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("read %s: %v", pages, err)
	}
	if b, err := json.Marshal(texts); err == nil {
		_ = os.WriteFile(cache, b, 0o644)
	}
	return texts
}

// blockTags end a paragraph, as an HTML extractor's text rendering does
// (trafilatura's own ContentText is one line and would hide every line rule).
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true, atom.Body: true,
	atom.Caption: true, atom.Dd: true, atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Figcaption: true,
	atom.Figure: true, atom.Footer: true, atom.Form: true, atom.H1: true, atom.H2: true, atom.H3: true,
	atom.H4: true, atom.H5: true, atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true,
	atom.Main: true, atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Table: true, atom.Tr: true, atom.Ul: true,
}

// renderBlocks renders n as text: a paragraph per block element, "\n\n"
// between paragraphs, "\n" for <br>, table cells separated by a space.
func renderBlocks(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Head:
				return
			case atom.Br:
				b.WriteString("\n")
				return
			case atom.Td, atom.Th:
				b.WriteString(" ")
			}
		}
		block := n.Type == html.ElementNode && blockTags[n.DataAtom]
		if block {
			b.WriteString("\n\n")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if block {
			b.WriteString("\n\n")
		}
	}
	if n != nil {
		walk(n)
	}
	return b.String()
}
