package ingest

import (
	"bytes"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// feedSpan is one <item> or <entry> element found by scanFeed, with the
// type attributes of its direct <title> and <summary> children ("" when
// absent): Atom says with them whether the text is HTML, and gofeed drops
// them.
type feedSpan struct {
	start, end             int
	titleType, summaryType string
}

// feedLayout is what scanFeed finds in an XML feed.
type feedLayout struct {
	items []feedSpan
	head  int      // where the first item starts: the feed's own elements come before
	open  []string // start tags, as written, of the elements still open at head
	decl  string   // the XML declaration, which may name the encoding
}

// maxOpen bounds the open elements scanFeed follows outside items.
const maxOpen = 64

// maxTagLen bounds the bytes scanFeed looks at for one tag's end.
const maxTagLen = 64 << 10

// scanFeed finds the items of an XML feed without parsing it, so that when
// gofeed refuses a feed for one bad item (a stray "<", an unterminated
// comment) or silently stops at one (a stray end tag), the items can be
// parsed one by one. It is lenient by design: an unterminated comment or
// CDATA section ends where it starts, an item that never closes ends where
// the next item or an enclosing element's end tag starts.
func scanFeed(data []byte) feedLayout {
	var l feedLayout
	type openTag struct{ name, raw string }
	var stack []openTag
	cur := -1 // start of the item being read, -1 outside items
	var curName string
	var span feedSpan
	depth := 0 // element depth inside the current item
	endItem := func(end int) {
		span.start, span.end = cur, end
		l.items = append(l.items, span)
		cur = -1
	}
	// Set once a terminator is known to be absent from the rest, so that
	// many unterminated comments cost one search, not one each.
	var noCommentEnd, noCDATAEnd, noTagEnd bool
	for i := 0; i < len(data); {
		j := bytes.IndexByte(data[i:], '<')
		if j < 0 {
			break
		}
		i += j
		rest := data[i:]
		switch {
		case bytes.HasPrefix(rest, []byte("<!--")):
			i += 4
			if k := -1; !noCommentEnd {
				if k = bytes.Index(rest[4:], []byte("-->")); k >= 0 {
					i += k + 3
				}
				noCommentEnd = k < 0
			}
		case bytes.HasPrefix(rest, []byte("<![CDATA[")):
			i += 9
			if k := -1; !noCDATAEnd {
				if k = bytes.Index(rest[9:], []byte("]]>")); k >= 0 {
					i += k + 3
				}
				noCDATAEnd = k < 0
			}
		case bytes.HasPrefix(rest, []byte("<?")), bytes.HasPrefix(rest, []byte("<!")):
			k := -1
			if !noTagEnd {
				k = bytes.IndexByte(rest, '>')
				noTagEnd = k < 0
			}
			if k < 0 {
				i += 2
				break
			}
			if len(l.items) == 0 && cur < 0 && l.decl == "" && hasPrefixFold(rest, "<?xml ") {
				l.decl = string(rest[:k+1])
			}
			i += k + 1
		case bytes.HasPrefix(rest, []byte("</")):
			name := tagName(rest[2:])
			end := i + tagEnd(rest)
			if cur >= 0 {
				if name == curName {
					endItem(end) // items do not nest, whatever is left open in one
				} else if name != "" && slices.IndexFunc(stack, func(t openTag) bool { return t.name == name }) >= 0 {
					// An enclosing element ends: the item never closed.
					endItem(i)
				} else if depth > 0 {
					depth--
				}
			}
			if cur < 0 {
				for k := len(stack) - 1; k >= 0; k-- {
					if stack[k].name == name {
						stack = stack[:k]
						break
					}
				}
			}
			i = end
		default:
			name := tagName(rest[1:])
			if name == "" {
				i++ // a stray "<"
				break
			}
			n := tagEnd(rest)
			raw := rest[:n]
			selfClosing := bytes.HasSuffix(raw, []byte("/>"))
			local := name[strings.LastIndexByte(name, ':')+1:]
			isItem := (local == "item" || local == "entry") && (cur < 0 || name == curName)
			switch {
			case isItem:
				if cur >= 0 {
					endItem(i) // the previous item never closed
				}
				if len(l.items) == 0 {
					l.head = i
					for _, t := range stack {
						l.open = append(l.open, t.raw)
					}
				}
				cur, curName, depth = i, name, 0
				span = feedSpan{}
				if selfClosing {
					endItem(i + n)
				}
			case cur >= 0:
				if depth == 0 && (local == "title" || local == "summary") {
					typ := strings.ToLower(attr(raw, "type"))
					if local == "title" && span.titleType == "" {
						span.titleType = typ
					} else if local == "summary" && span.summaryType == "" {
						span.summaryType = typ
					}
				}
				if !selfClosing {
					depth++
				}
			case !selfClosing && len(stack) < maxOpen:
				stack = append(stack, openTag{name, string(raw)})
			}
			i += n
		}
	}
	if cur >= 0 {
		endItem(len(data))
	}
	if len(l.items) == 0 {
		l.head = len(data)
	}
	return l
}

// tagName reads an element name at the start of b.
func tagName(b []byte) string {
	i := 0
	for i < len(b) && isNameByte(b[i]) {
		i++
	}
	return string(b[:i])
}

// tagEnd returns the length of the tag that b starts with: up to its ">"
// outside quoted values, or up to a "<" that shows the ">" is missing.
func tagEnd(b []byte) int {
	var quote byte
	for i := 1; i < len(b) && i < maxTagLen; i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '>':
			return i + 1
		case c == '<':
			return i
		}
	}
	return min(len(b), maxTagLen)
}

// attr returns the value of a quoted attribute in a start tag, "" when it
// is absent.
func attr(tag []byte, name string) string {
	s := string(tag)
	for i := 0; ; {
		k := strings.Index(s[i:], name)
		if k < 0 {
			return ""
		}
		i += k
		before := i > 0 && (s[i-1] == ' ' || s[i-1] == '\t' || s[i-1] == '\n' || s[i-1] == '\r')
		rest := strings.TrimLeft(s[i+len(name):], " \t\r\n")
		i += len(name)
		if !before || !strings.HasPrefix(rest, "=") {
			continue
		}
		rest = strings.TrimLeft(rest[1:], " \t\r\n")
		if rest == "" || rest[0] != '"' && rest[0] != '\'' {
			return ""
		}
		if end := strings.IndexByte(rest[1:], rest[0]); end >= 0 {
			return strings.TrimSpace(rest[1 : 1+end])
		}
		return ""
	}
}

// itemFeed makes a feed of one item alone: the feed's head, the item, and
// end tags for what the head left open.
func (l feedLayout) itemFeed(data []byte, head []byte, it feedSpan) []byte {
	var b bytes.Buffer
	b.Write(head)
	b.Write(data[it.start:it.end])
	l.closeTags(&b)
	return b.Bytes()
}

// minimalHead is the feed's head without its own elements' content: the
// XML declaration and the start tags still open at the first item, for when
// the head itself is malformed.
func (l feedLayout) minimalHead() []byte {
	return []byte(l.decl + strings.Join(l.open, ""))
}

func (l feedLayout) closeTags(b *bytes.Buffer) {
	for k := len(l.open) - 1; k >= 0; k-- {
		b.WriteString("</")
		b.WriteString(tagName([]byte(l.open[k][1:])))
		b.WriteString(">")
	}
}

// htmlText turns HTML (a title or summary) into plain text: tags removed,
// entities decoded, whitespace collapsed; with paragraphs set, block
// elements become paragraph breaks rather than spaces.
func htmlText(s string, paragraphs bool) string {
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0 // inside script or style
	for {
		switch z.Next() {
		case html.ErrorToken:
			return collapseSpace(b.String(), paragraphs)
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Script || a == atom.Style:
				if z.Token().Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			case breaksText(a) && paragraphs:
				b.WriteString("\n\n")
			case breaksText(a):
				b.WriteByte(' ')
			}
		}
	}
}

// breaksText reports the elements that end a paragraph or line: text on
// either side of one never forms one word.
func breaksText(a atom.Atom) bool {
	switch a {
	case atom.P, atom.Br, atom.Div, atom.Li, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6,
		atom.Blockquote, atom.Tr, atom.Ul, atom.Ol, atom.Section, atom.Article, atom.Pre, atom.Hr:
		return true
	}
	return false
}

// fewerWords reports whether s, HTML when isHTML, holds fewer than n words
// of text, script and style left out. It stops at the nth word, so a long
// article costs little.
func fewerWords(s string, isHTML bool, n int) bool {
	var w wordCount
	if !isHTML {
		w.add([]byte(s), n)
		return w.n < n
	}
	z := html.NewTokenizer(strings.NewReader(s))
	skip := 0 // inside script or style
	for w.n < n {
		switch z.Next() {
		case html.ErrorToken:
			return true
		case html.TextToken:
			if skip == 0 {
				w.add(z.Text(), n)
			}
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch a := atom.Lookup(name); {
			case a == atom.Script || a == atom.Style:
				if z.Token().Type == html.StartTagToken {
					skip++
				} else if skip > 0 {
					skip--
				}
			case breaksText(a):
				w.inWord = false
			}
		}
	}
	return false
}

// wordCount counts words across pieces of text: a word split by inline
// markup ("<b>New</b>s") is one.
type wordCount struct {
	n      int
	inWord bool
}

// add counts the words that start in b, up to limit.
func (w *wordCount) add(b []byte, limit int) {
	for len(b) > 0 && w.n < limit {
		r, size := utf8.DecodeRune(b)
		b = b[size:]
		if unicode.IsSpace(r) {
			w.inWord = false
		} else if !w.inWord {
			w.inWord = true
			w.n++
		}
	}
}

// collapseSpace collapses runs of whitespace to one space and trims; with
// paragraphs set, runs holding a blank line become one.
func collapseSpace(s string, paragraphs bool) string {
	if !paragraphs {
		return strings.Join(strings.Fields(s), " ")
	}
	var paras []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r", ""), "\n\n") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			paras = append(paras, p)
		}
	}
	return strings.Join(paras, "\n\n")
}

// looksEscapedHTML reports text holding tags or entity references: an RSS
// title, which has no type, written as HTML.
func looksEscapedHTML(s string) bool {
	if hasMarkup(s) {
		return true
	}
	for i := strings.IndexByte(s, '&'); i >= 0; {
		j := i + 1
		for j < len(s) && j-i < 12 && (s[j] == '#' || 'a' <= s[j] && s[j] <= 'z' || 'A' <= s[j] && s[j] <= 'Z' || '0' <= s[j] && s[j] <= '9') {
			j++
		}
		if j < len(s) && s[j] == ';' && j > i+1 {
			return true
		}
		k := strings.IndexByte(s[j:], '&')
		if k < 0 {
			break
		}
		i = j + k
	}
	return false
}
