package htmlmain

import (
	"slices"
	"strings"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// bylinePrefixes are words a byline puts before the names ("By Jane Doe",
// "Von Max Muster", "Par Jean Dupont"); trafilatura strips only some.
var bylinePrefixes = []string{
	"written by", "posted by", "words by", "story by", "text by", "report by",
	"zum profil von", "artikel von", "beitrag von", "ein beitrag von", "text von", "geschrieben von",
	"by", "von", "vom", "par", "por", "door",
	"author", "autor", "autorin", "auteur", "autore", "text", "interview", "redakteur", "redakteurin",
}

// bylineSuffixes are words left over after a name when the byline ran on
// into a date ("Jane Doe am 3. Mai", "Jane Doe Stand: ...").
var bylineSuffixes = map[string]bool{
	"am": true, "at": true, "on": true, "um": true, "le": true, "el": true,
	"stand": true, "said": true, "says": true, "schreibt": true, "updated": true,
	"published": true, "aktualisiert": true, "veröffentlicht": true,
}

// notNames are what author fields hold when a template fills them with a
// label or a role instead of a person.
var notNames = map[string]bool{
	"name": true, "posted": true, "admin": true, "administrator": true, "author": true,
	"autor": true, "auteur": true, "auteurs": true, "authors": true, "autoren": true,
	"human": true, "user": true, "guest": true, "gast": true, "anonymous": true,
	"phd": true, "md": true, "dr": true, "prof": true, "mba": true, "msc": true, "bsc": true,
	"ma": true, "ba": true, "jr": true, "sr": true, "abgelegt unter": true, "filed under": true,
	"unknown": true, "none": true, "null": true, "undefined": true,
}

// cleanAuthors splits trafilatura's "A; B" author string into names and
// removes what is not a name: byline words before or after it, labels,
// degrees standing alone, the site's own name next to real names, repeats.
func cleanAuthors(s, siteName string) []string {
	var out []string
	seen := map[string]bool{}
	for _, a := range strings.Split(s, ";") {
		a = cleanAuthor(a)
		k := strings.ToLower(a)
		if a == "" || notNames[k] || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	if len(out) > 1 && siteName != "" {
		site := fold(siteName)
		kept := out[:0]
		for _, a := range out {
			if fold(a) != site {
				kept = append(kept, a)
			}
		}
		out = kept
	}
	return out
}

// cleanAuthor strips byline words around one name.
func cleanAuthor(a string) string {
	words := strings.Fields(a)
	for changed := true; changed && len(words) > 1; {
		changed = false
		lower := strings.ToLower(strings.Join(words, " "))
		for _, p := range bylinePrefixes {
			n := strings.Count(p, " ") + 1
			if n < len(words) && strings.HasPrefix(lower, p+" ") {
				words = words[n:]
				changed = true
				break
			}
		}
		if last := strings.ToLower(strings.TrimFunc(words[len(words)-1], unicode.IsPunct)); len(words) > 1 && bylineSuffixes[last] {
			words = words[:len(words)-1]
			changed = true
		}
	}
	// "jdoe jdoe": a name printed twice (link text and title).
	if len(words)%2 == 0 && len(words) > 0 {
		h := len(words) / 2
		if strings.EqualFold(strings.Join(words[:h], " "), strings.Join(words[h:], " ")) {
			words = words[:h]
		}
	}
	return strings.Join(words, " ")
}

// Limits on the text searched for the page's own spelling of names.
const (
	maxBylineSources = 24
	maxBylineText    = 64 << 10
)

// bylineText gathers the places a page states its authors: author <meta>
// contents, JSON-LD blocks and elements marked as author or byline.
func bylineText(root *html.Node) string {
	var b strings.Builder
	n := 0
	var walk func(*html.Node)
	walk = func(nd *html.Node) {
		if n >= maxBylineSources || b.Len() >= maxBylineText {
			return
		}
		if nd.Type == html.ElementNode {
			switch {
			case nd.DataAtom == atom.Meta:
				if authorish(attr(nd, "name")) || authorish(attr(nd, "property")) || authorish(attr(nd, "itemprop")) {
					add(&b, attr(nd, "content"))
					n++
				}
				return
			case nd.DataAtom == atom.Script:
				if strings.Contains(attr(nd, "type"), "ld+json") && nd.FirstChild != nil {
					add(&b, nd.FirstChild.Data)
					n++
				}
				return
			case nd.DataAtom == atom.Style || nd.DataAtom == atom.Template:
				return
			case authorish(attr(nd, "class")) || authorish(attr(nd, "id")) || authorish(attr(nd, "rel")) || authorish(attr(nd, "itemprop")):
				add(&b, textContent(nd))
				n++
				return
			}
		}
		for c := nd.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return b.String()
}

func add(b *strings.Builder, s string) {
	if rest := maxBylineText - b.Len(); len(s) > rest {
		s = s[:max(rest, 0)]
	}
	b.WriteString(s)
	b.WriteByte('\n')
}

// authorish reports whether an attribute value marks an author or byline.
func authorish(v string) bool {
	if v == "" || len(v) > 200 {
		return false
	}
	v = strings.ToLower(v)
	return strings.Contains(v, "author") || strings.Contains(v, "byline") ||
		strings.Contains(v, "autor") || strings.Contains(v, "creator") || v == "byl"
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// ownSpelling returns name as the page writes it — its case, the dots of
// initials and separators trafilatura replaced by spaces ("Max K." for
// "Max K", "jane_doe" for "Jane Doe") — or name itself when the page does
// not have it.
//
// pos is where the page has the name (-1 when it has not), to put several
// authors in the page's order.
func ownSpelling(name string, src []rune, lower []rune) (spelling string, pos int) {
	tokens := nameTokens(name)
	if len(tokens) == 0 || len(tokens) > 8 {
		return name, -1
	}
	fallback, fallbackPos := "", -1
	first := tokens[0][0]
	for i := range lower {
		if lower[i] != first {
			continue
		}
		if i > 0 && (isWordRune(src[i-1]) || strings.ContainsRune(urlRunes, src[i-1])) {
			continue
		}
		end, ok := matchTokens(lower, i, tokens)
		if !ok || (end < len(src) && (isWordRune(src[end]) || src[end] == '/' || src[end] == '@')) {
			continue
		}
		last := tokens[len(tokens)-1]
		if end < len(src) && src[end] == '.' && (len(last) <= 2 || string(last) == "jr" || string(last) == "sr") {
			end++
		}
		found := string(src[i:end])
		// "jane-doe" and "jane_doe" are mostly slugs and ids: take them
		// only when the page has no spelling with spaces.
		if len(tokens) > 1 && !strings.ContainsAny(found, " \u00a0") {
			if fallback == "" {
				fallback, fallbackPos = found, i
			}
			continue
		}
		return found, i
	}
	if fallback != "" {
		return fallback, fallbackPos
	}
	return name, -1
}

// urlRunes precede a name inside a URL or an e-mail address.
const urlRunes = "/=@#?&:"

// matchTokens matches the lower-cased name tokens at lower[i:], allowing
// one to three separator runes between them; it returns the end.
func matchTokens(lower []rune, i int, tokens [][]rune) (int, bool) {
	pos := i
	for k, tok := range tokens {
		if pos+len(tok) > len(lower) || !slices.Equal(lower[pos:pos+len(tok)], tok) {
			return 0, false
		}
		pos += len(tok)
		if k == len(tokens)-1 {
			break
		}
		skipped := 0
		for pos < len(lower) && skipped < 3 && strings.ContainsRune(" ._-'’\u00a0", lower[pos]) {
			pos++
			skipped++
		}
		if skipped == 0 {
			return 0, false
		}
	}
	return pos, true
}

func nameTokens(name string) [][]rune {
	var out [][]rune
	for _, f := range strings.FieldsFunc(name, func(r rune) bool { return !isWordRune(r) }) {
		out = append(out, []rune(strings.ToLower(f)))
	}
	return out
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// lowerRunes lower-cases rune by rune, so that indexes stay aligned.
func lowerRunes(s []rune) []rune {
	out := make([]rune, len(s))
	for i, r := range s {
		out[i] = unicode.ToLower(r)
	}
	return out
}
