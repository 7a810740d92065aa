package htmlmain

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// titleSeps separate a headline from the site's name in <title> and
// og:title ("Headline | Site", "Site - Headline").
var titleSeps = []string{" | ", " - ", " – ", " — ", " · ", " • ", " :: ", " « ", " » ", " ‹ ", " › "}

// cleanTitle tidies a title's white space and removes the site's name when
// the title carries it before or after a separator. The site is recognised
// by its own name (og:site_name etc.) or by the page's host name, never by
// a list of sites.
func cleanTitle(title, siteName, pageURL string) string {
	t := strings.Join(strings.Fields(title), " ")
	keys := siteKeys(siteName, pageURL)
	if len(keys) == 0 {
		return t
	}
	for range 3 {
		i, sep := lastSep(t)
		if i < 0 {
			break
		}
		if head := t[:i]; isSiteName(t[i+len(sep):], keys) && enoughTitle(head) {
			t = head
			continue
		}
		j, sep := firstSep(t)
		if tail := t[j+len(sep):]; isSiteName(t[:j], keys) && enoughTitle(tail) {
			t = tail
			continue
		}
		break
	}
	return t
}

// enoughTitle reports whether what is left is still a headline.
func enoughTitle(s string) bool {
	return utf8.RuneCountInString(s) >= 10 || strings.Count(s, " ") >= 1
}

func lastSep(t string) (int, string) {
	best, bestSep := -1, ""
	for _, sep := range titleSeps {
		if i := strings.LastIndex(t, sep); i > best {
			best, bestSep = i, sep
		}
	}
	return best, bestSep
}

func firstSep(t string) (int, string) {
	best, bestSep := -1, ""
	for _, sep := range titleSeps {
		if i := strings.Index(t, sep); i >= 0 && (best < 0 || i < best) {
			best, bestSep = i, sep
		}
	}
	return best, bestSep
}

// siteKeys are the folded forms a site's name may take: its stated name and
// its host name without "www." and top-level domain ("example-news.co.uk"
// gives "examplenews").
func siteKeys(siteName, pageURL string) []string {
	var keys []string
	if k := fold(siteName); len(k) >= 3 {
		keys = append(keys, k)
	}
	if u, err := url.Parse(pageURL); err == nil && u.Hostname() != "" {
		labels := strings.Split(strings.ToLower(u.Hostname()), ".")
		if len(labels) > 0 && labels[0] == "www" {
			labels = labels[1:]
		}
		// "Headline - example.com": the host written out.
		keys = append(keys, fold(strings.Join(labels, ".")))
		// Drop the top-level domain and a second-level one like "co".
		if len(labels) > 1 {
			labels = labels[:len(labels)-1]
		}
		if n := len(labels); n > 1 && len(labels[n-1]) <= 3 {
			labels = labels[:n-1]
		}
		for _, l := range labels {
			if k := fold(l); len(k) >= 4 {
				keys = append(keys, k)
			}
		}
	}
	return keys
}

// isSiteName reports whether a title segment names the site.
func isSiteName(seg string, keys []string) bool {
	k := fold(seg)
	if len(k) < 3 || strings.Count(seg, " ") > 6 {
		return false
	}
	for _, key := range keys {
		switch {
		case k == key:
			return true
		case strings.Contains(k, key) && len(key)*2 >= len(k):
			// "Site.de", "www.Site.de", "Site Blog"
			return true
		case strings.Contains(key, k) && len(k)*3 >= len(key)*2:
			return true
		}
	}
	return false
}

// fold keeps letters and digits, lower-cased: "Example.Courier Daily" gives
// "examplecourierdaily".
func fold(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// headings returns the texts of the page's first few <h1> elements.
func headings(root *html.Node, max int) []string {
	var out []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if len(out) >= max {
			return
		}
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Style, atom.Template, atom.Head:
				return
			case atom.H1:
				if t := strings.Join(strings.Fields(textContent(n)), " "); t != "" {
					out = append(out, t)
				}
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return out
}

// textContent is the text under n, without script and style.
func textContent(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style {
				return
			}
		}
		for c := n.FirstChild; c != nil && b.Len() < 4096; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// preferHeading returns the page's headline as its <h1> shows it when the
// title is that headline with something added before or after it (a
// kicker, the site's name, a date). The addition must be set off by a
// separator or be the smaller part, so that a short <h1> inside a longer
// headline is not taken for it.
func preferHeading(title string, h1s []string) string {
	lt := strings.ToLower(title)
	for _, h := range h1s {
		n := utf8.RuneCountInString(h)
		if n < 10 || h == title {
			continue
		}
		lh := strings.ToLower(h)
		i := strings.Index(lt, lh)
		if i < 0 {
			continue
		}
		before, after := lt[:i], lt[i+len(lh):]
		if before != "" && after != "" {
			continue // inside the title, not a part of it
		}
		rest := strings.TrimSpace(before + after)
		sep := rest == "" || strings.ContainsRune(headingSeps, firstRune(rest)) || strings.ContainsRune(headingSeps, lastRune(rest))
		if sep || n*2 >= utf8.RuneCountInString(title) {
			return h
		}
	}
	return title
}

// headingSeps set a kicker or a site's name off a headline.
const headingSeps = "|:-–—·•»›«‹⋆/"

func firstRune(s string) rune {
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

func lastRune(s string) rune {
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}
