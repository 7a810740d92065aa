package htmlmain

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// blockTags end a paragraph before and after them. Everything else is
// inline: its text runs on with its neighbours', as a browser shows it.
// (trafilatura's own ContentText puts a space wherever the tree depth
// changes, which splits words around <b>, <a> and the like.)
var blockTags = map[atom.Atom]bool{
	atom.Address: true, atom.Article: true, atom.Aside: true, atom.Blockquote: true,
	atom.Body: true, atom.Caption: true, atom.Dd: true, atom.Details: true,
	atom.Div: true, atom.Dl: true, atom.Dt: true, atom.Fieldset: true,
	atom.Figcaption: true, atom.Figure: true, atom.Footer: true, atom.Form: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true,
	atom.H6: true, atom.Header: true, atom.Hr: true, atom.Li: true, atom.Main: true,
	atom.Nav: true, atom.Ol: true, atom.P: true, atom.Pre: true, atom.Section: true,
	atom.Summary: true, atom.Table: true, atom.Tbody: true, atom.Thead: true,
	atom.Tfoot: true, atom.Tr: true, atom.Ul: true,
}

// skipTags hold no readable text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Template: true,
	atom.Svg: true, atom.Math: true, atom.Head: true, atom.Iframe: true,
	atom.Object: true, atom.Select: true, atom.Button: true,
}

var zeroWidth = strings.NewReplacer("\u200B", "", "\uFEFF", "")

// renderText turns an extracted tree into plain text: one paragraph per
// block element, paragraphs separated by "\n\n", a <br> as "\n" (two in a
// row as a paragraph break), table cells of a row separated by a space,
// runs of white space collapsed except inside <pre>.
func renderText(n *html.Node) string {
	return render(n, false)
}

// renderRaw is renderText for a page as parsed, whose text nodes keep their
// white space: words meet at an inline element's edge with no space.
func renderRaw(n *html.Node) string {
	return render(n, true)
}

func render(n *html.Node, raw bool) string {
	if n == nil {
		return ""
	}
	r := renderer{raw: raw}
	r.walk(n, false)
	r.endParagraph()
	return strings.Join(r.paras, "\n\n")
}

type renderer struct {
	paras []string        // finished paragraphs
	lines []string        // finished lines of the current paragraph
	line  strings.Builder // the current line
	space bool            // a space is due before the next word on the line
	edge  bool            // an inline element began or ended since the last word
	brs   int             // consecutive <br> since the last text
	raw   bool            // no space at inline elements' edges
}

func (r *renderer) walk(n *html.Node, pre bool) {
	var tag atom.Atom
	switch n.Type {
	case html.TextNode:
		r.text(n.Data, pre)
		return
	case html.ElementNode:
		tag = tagAtom(n)
		if skipTags[tag] {
			return
		}
		switch tag {
		case atom.Br:
			r.lineBreak()
			return
		case atom.Td, atom.Th:
			r.space = r.line.Len() > 0
		case atom.Img, atom.Input:
			return
		}
		if tag == atom.Pre {
			pre = true
		}
	case html.DocumentNode:
	default:
		return
	}
	block := blockTags[tag]
	// <sup> and <sub> sit inside a word or number ("m<sup>2</sup>").
	edge := !block && tag != atom.Sup && tag != atom.Sub && n.Type == html.ElementNode
	if block {
		r.endParagraph()
	} else if edge {
		r.edge = true
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, pre)
	}
	if block {
		r.endParagraph()
	} else if edge {
		r.edge = true
	}
	if tag == atom.Td || tag == atom.Th {
		r.space = r.line.Len() > 0
	}
}

// tagAtom is n's tag as an atom. Elements that trafilatura creates carry
// only their name in Data, not the atom.
func tagAtom(n *html.Node) atom.Atom {
	if n.DataAtom != 0 {
		return n.DataAtom
	}
	return atom.Lookup([]byte(strings.ToLower(n.Data)))
}

func (r *renderer) text(s string, pre bool) {
	// Zero-width characters join what they sit between, as on screen.
	if strings.ContainsAny(s, "\u200B\uFEFF") {
		s = zeroWidth.Replace(s)
	}
	if pre {
		for i, part := range strings.Split(s, "\n") {
			if i > 0 {
				r.endLine()
			}
			r.words(part)
		}
		return
	}
	r.words(s)
}

// words appends s to the current line with white space collapsed.
func (r *renderer) words(s string) {
	start := -1
	for i, c := range s {
		if isSpace(c) {
			if start >= 0 {
				r.word(s[start:i])
				start = -1
			}
			r.space = r.line.Len() > 0
			continue
		}
		if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		r.word(s[start:])
	}
}

func (r *renderer) word(w string) {
	if r.line.Len() > 0 && (r.space || r.edge && !r.raw && wordEnd(r.line.String()) && wordStart(w)) {
		r.line.WriteByte(' ')
	}
	r.space, r.edge = false, false
	r.brs = 0
	r.line.WriteString(w)
}

func (r *renderer) lineBreak() {
	r.brs++
	if r.brs >= 2 {
		r.endParagraph()
		return
	}
	r.endLine()
}

func (r *renderer) endLine() {
	if r.line.Len() > 0 {
		r.lines = append(r.lines, r.line.String())
		r.line.Reset()
	}
	r.space = false
}

func (r *renderer) endParagraph() {
	r.endLine()
	if len(r.lines) > 0 {
		r.paras = append(r.paras, strings.Join(r.lines, "\n"))
		r.lines = r.lines[:0]
	}
	r.brs = 0
}

// wordEnd and wordStart report whether s ends or begins with a letter or
// digit. trafilatura trims the text before and after every inline element
// it keeps ("see <a>this</a> page" becomes "see", "this", "page"), so two
// words meeting at an element's edge had a space between them.
func wordEnd(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

func wordStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// isSpace is Unicode white space, no-break spaces included.
func isSpace(c rune) bool {
	return unicode.IsSpace(c)
}
