package htmlmain

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Kinds of gap between two characters of the page's text.
const (
	gapNone byte = iota
	gapSpace
	gapLine
	gapPara
)

// pageText is the text a reader of the page sees — its body rendered with
// a break at every block element — and the articleBody of its JSON-LD, as
// one string without white space. gaps[i] is what stood before chars[i].
//
// It is there to repair main text whose blocks a library glued together:
// trafilatura's rescue for short pages ("baseline") takes the text content
// of a whole element, so "<h1>A</h1><p>B</p>" comes out as "AB".
type pageText struct {
	buf   []byte // chars while being built
	chars string
	gaps  []byte
	grams map[string]struct{} // see gramSet
	// hidden is the text of the page's <title> elements, pieces the text
	// of each, both without white space: text a reader does not see in the
	// page, which the rescue of short pages takes in. (<noscript> text is
	// not dropped: some pages hold their whole article there.)
	hidden string
	pieces map[string]bool
}

// maxLDBody caps the JSON-LD text read for one page.
const maxLDBody = 1 << 20

func newPageText(root *html.Node) *pageText {
	pt := &pageText{}
	// Only white space in the page counts: no space is due at the edge of
	// an inline element as it is in trafilatura's trimmed tree.
	pt.add(renderRaw(root))
	for _, body := range ldArticleBodies(root) {
		if strings.Contains(body, "<") {
			// An HTML articleBody, as trafilatura reads it.
			if nodes, err := html.ParseFragment(strings.NewReader(body), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}); err == nil {
				div := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
				for _, n := range nodes {
					div.AppendChild(n)
				}
				body = renderText(div)
			}
		}
		pt.add(body)
	}
	pt.chars, pt.buf = string(pt.buf), nil
	pt.addHidden(root)
	return pt
}

// addHidden collects the text of <title> elements.
func (pt *pageText) addHidden(root *html.Node) {
	var all strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Title {
			piece := noSpace(textContent(n))
			if piece != "" && all.Len() < maxLDBody {
				if pt.pieces == nil {
					pt.pieces = map[string]bool{}
				}
				pt.pieces[piece] = true
				all.WriteString(piece)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	pt.hidden = all.String()
}

// hiddenRun reports whether run, a part of a line not found in the page's
// visible text, is text the page hides: a whole <title> text, or at
// least minRun bytes of one.
func (pt *pageText) hiddenRun(run string) bool {
	return pt.pieces[run] || len(run) >= minRun && strings.Contains(pt.hidden, run)
}

func noSpace(s string) string {
	var b strings.Builder
	for _, r := range s {
		if !isSpace(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// add appends text: a blank line is a paragraph gap, a newline a line gap.
func (pt *pageText) add(s string) {
	gap := gapPara
	for _, r := range s {
		if isSpace(r) {
			switch {
			case r == '\n' && gap == gapLine, gap == gapPara:
				gap = gapPara
			case r == '\n':
				gap = gapLine
			case gap == gapNone:
				gap = gapSpace
			}
			continue
		}
		for i := range utf8.RuneLen(r) {
			if i == 0 {
				pt.gaps = append(pt.gaps, gap)
			} else {
				pt.gaps = append(pt.gaps, gapNone)
			}
		}
		pt.buf = utf8.AppendRune(pt.buf, r)
		gap = gapNone
	}
}

// rebreak gives text the page's own breaks: each line of text is matched
// with the page's text (white space aside), whole or in runs of at least
// minRun bytes, and rewritten with the page's gaps between its characters,
// so that blocks glued together are parted again. What the page does not
// show is kept as it is. seen reports whether any of text was found: text
// none of which the page shows (its <title>, a <noscript> note) is no main
// text.
func (pt *pageText) rebreak(text string) (out string, seen bool) {
	var b strings.Builder
	b.Grow(len(text) + len(text)/16)
	from := 0 // where the previous line was found: lines come in page order
	var key []byte
	var at []int
	for i, ln := range strings.Split(text, "\n") {
		if i > 0 {
			b.WriteByte('\n')
		}
		key = key[:0]
		for _, r := range ln {
			if !isSpace(r) {
				key = utf8.AppendRune(key, r)
			}
		}
		at = pt.align(key, from, at[:0])
		found := false
		for _, p := range at {
			if p >= 0 {
				found, from = true, p
			}
		}
		hidden := pt.markHidden(key, at)
		if !found && !hidden {
			b.WriteString(ln)
			continue
		}
		seen = seen || found
		k, prev, prevEnd := 0, -1, -1
		wrote, space, skipped := false, false, false
		for _, r := range ln {
			if isSpace(r) {
				space = true
				continue
			}
			n := utf8.RuneLen(r)
			p := at[k]
			k += n
			if p == dropped {
				skipped = true
				continue
			}
			if wrote {
				gap := gapSpaceIf(space)
				switch {
				case p >= 0 && p == prevEnd && !skipped:
					gap = pt.gaps[p] // inside a run found
				case p >= 0:
					gap = max(pt.gaps[p], gap) // a run starts
				case prev >= 0 && prevEnd < len(pt.gaps):
					gap = max(pt.gaps[prevEnd], gap) // a run ends
				}
				switch gap {
				case gapPara:
					b.WriteString("\n\n")
				case gapLine:
					b.WriteByte('\n')
				case gapSpace:
					b.WriteByte(' ')
				}
			}
			prev, prevEnd = p, -1
			if p >= 0 {
				prevEnd = p + n
			}
			wrote, space, skipped = true, false, false
			b.WriteRune(r)
		}
	}
	return b.String(), seen
}

func gapSpaceIf(space bool) byte {
	if space {
		return gapSpace
	}
	return gapNone
}

// dropped marks the bytes of a line that are hidden text, in align's result.
const dropped = -2

// markHidden marks the runs of key not found in the visible text that are
// hidden text as dropped, and reports whether there were any.
func (pt *pageText) markHidden(key []byte, at []int) bool {
	if pt.hidden == "" {
		return false
	}
	marked := false
	for i := 0; i < len(at); {
		if at[i] != -1 {
			i++
			continue
		}
		j := i
		for j < len(at) && at[j] == -1 {
			j++
		}
		if pt.hiddenRun(string(key[i:j])) {
			for x := i; x < j; x++ {
				at[x] = dropped
			}
			marked = true
		}
		i = j
	}
	return marked
}

// minRun is the shortest piece of a line that counts as found in the page:
// shorter ones match by chance.
const minRun = 12

// maxAlign caps the bytes of one line matched piece by piece.
const maxAlign = 1 << 20

// align returns, for each byte of key, where it is in the page's text, -1
// where it is not. The whole key is looked for first (after from, then
// anywhere), else runs of at least minRun bytes.
func (pt *pageText) align(key []byte, from int, at []int) []int {
	for range key {
		at = append(at, -1)
	}
	if len(key) == 0 {
		return at
	}
	if p := pt.find(string(key), from); p >= 0 {
		for i := range at {
			at[i] = p + i
		}
		return at
	}
	if len(key) < minRun || len(key) > maxAlign || len(pt.chars) < minRun {
		return at
	}
	grams := pt.gramSet()
	for pos := 0; pos < len(key); {
		size := 1
		for pos+size < len(key) && !utf8.RuneStart(key[pos+size]) {
			size++
		}
		if pos+minRun > len(key) {
			break
		}
		g := string(key[pos : pos+minRun])
		if _, ok := grams[g]; !ok {
			pos += size
			continue
		}
		p := pt.find(g, from)
		n := minRun
		for p+n < len(pt.chars) && pos+n < len(key) && pt.chars[p+n] == key[pos+n] {
			n++
		}
		for pos+n < len(key) && !utf8.RuneStart(key[pos+n]) {
			n--
		}
		for i := range n {
			at[pos+i] = p + i
		}
		from = p + n
		pos += n
	}
	return at
}

// gramSet holds every minRun bytes of the page's text, built on first use.
func (pt *pageText) gramSet() map[string]struct{} {
	if pt.grams == nil {
		pt.grams = make(map[string]struct{}, len(pt.chars))
		for i := 0; i+minRun <= len(pt.chars); i++ {
			pt.grams[pt.chars[i:i+minRun]] = struct{}{}
		}
	}
	return pt.grams
}

// find returns where key occurs in the page's text, looking after from
// first, -1 if nowhere.
func (pt *pageText) find(key string, from int) int {
	s := pt.chars
	from = min(from, len(s))
	if i := strings.Index(s[from:], key); i >= 0 {
		return from + i
	}
	if from > 0 {
		return strings.Index(s[:min(len(s), from+len(key)-1)], key)
	}
	return -1
}

// ldArticleBodies returns the articleBody strings of the page's JSON-LD.
func ldArticleBodies(root *html.Node) []string {
	var out []string
	total := 0
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.DataAtom == atom.Script {
			if typ := attr(n, "type"); strings.EqualFold(strings.TrimSpace(typ), "application/ld+json") && n.FirstChild != nil {
				src := n.FirstChild.Data
				if total+len(src) <= maxLDBody {
					total += len(src)
					var v any
					if json.Unmarshal([]byte(src), &v) == nil {
						collectBodies(v, &out, 0)
					}
				}
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

func collectBodies(v any, out *[]string, depth int) {
	if depth > 32 {
		return
	}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			if s, ok := x.(string); ok && strings.EqualFold(k, "articlebody") {
				*out = append(*out, html.UnescapeString(s))
				continue
			}
			collectBodies(x, out, depth+1)
		}
	case []any:
		for _, x := range v {
			collectBodies(x, out, depth+1)
		}
	}
}
