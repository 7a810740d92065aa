package htmlmain

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"
)

// ErrTooLarge is returned (wrapped) when a page's tree exceeds MaxNodes.
var ErrTooLarge = errors.New("too large")

// Parse parses an HTML page into the tree Extract works on. The text is
// normalised as go-shiori/dom.Parse (trafilatura's own parser) does — NFC,
// soft hyphens removed — so that ExtractNode gives what trafilatura.Extract
// would, without its charset guessing: the input is taken as UTF-8 (invalid
// bytes become U+FFFD). Pages over MaxHTMLBytes, trees over MaxNodes and
// pages nested deeper than 512 elements are refused with an error: nothing
// is cut without a word.
func Parse(doc string) (*html.Node, error) {
	if len(doc) > MaxHTMLBytes {
		return nil, fmt.Errorf("parse html: %w: %d bytes, the limit is %d (%d MiB)", ErrTooLarge, len(doc), MaxHTMLBytes, MaxHTMLBytes>>20)
	}
	doc = normalize(doc)
	root, err := html.Parse(strings.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("parse html: %w", err)
	}
	if n := countNodes(root, MaxNodes+1); n > MaxNodes {
		return nil, fmt.Errorf("parse html: %w: more than %d nodes", ErrTooLarge, MaxNodes)
	}
	return root, nil
}

// normalize makes doc valid UTF-8 in NFC without soft hyphens. NFC(NFD(s))
// is NFC(s), so dom.Parse's NFD-then-NFC chain is one NFC pass here, skipped
// for the common page that is already normalised.
func normalize(doc string) string {
	if !utf8.ValidString(doc) {
		doc = strings.ToValidUTF8(doc, "\uFFFD")
	}
	if strings.Contains(doc, "\u00AD") {
		doc = strings.ReplaceAll(doc, "\u00AD", "")
	}
	if !norm.NFC.IsNormalString(doc) {
		doc = norm.NFC.String(doc)
	}
	return doc
}

// countNodes counts the nodes under n, stopping once limit is reached. It
// walks iteratively: the tree depth is bounded by the parser, but an
// explicit walk costs no stack at all.
func countNodes(n *html.Node, limit int) int {
	count := 0
	for c := n; c != nil; {
		count++
		if count >= limit {
			return count
		}
		if c.FirstChild != nil {
			c = c.FirstChild
			continue
		}
		for c != n && c.NextSibling == nil {
			c = c.Parent
		}
		if c == n {
			break
		}
		c = c.NextSibling
	}
	return count
}
