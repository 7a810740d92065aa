package htmlmain

import (
	"sort"
	"strings"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// fillMetadata copies trafilatura's metadata into page, cleaned.
func fillMetadata(page *Page, root *html.Node, meta trafilatura.Metadata, pageURL string) {
	page.SiteName = strings.TrimSpace(meta.Sitename)
	page.Authors = cleanAuthors(meta.Author, page.SiteName)
	if len(page.Authors) > 0 {
		page.Authors = pageSpelling(page.Authors, root)
	}
	page.Description = strings.TrimSpace(meta.Description)
	if meta.URL != "" {
		page.URL = meta.URL
	} else {
		page.URL = pageURL
	}
	h1s := headings(root, 3)
	title := meta.Title
	if title == "" && len(h1s) > 0 {
		// trafilatura found no text, hence no metadata: the page's own
		// headline is still one.
		title = h1s[0]
	}
	page.Title = cleanTitle(title, page.SiteName, page.URL)
	page.Title = preferHeading(page.Title, h1s)
	page.Language = meta.Language
	if page.Language == "" {
		page.Language = declaredLanguage(root)
	}
}

// declaredLanguage is the primary subtag of <html lang>, when it looks like
// an ISO 639-1 code.
func declaredLanguage(root *html.Node) string {
	for n := root.FirstChild; n != nil; n = n.NextSibling {
		if n.Type != html.ElementNode || n.DataAtom != atom.Html {
			continue
		}
		for _, a := range n.Attr {
			if a.Key != "lang" && a.Key != "xml:lang" {
				continue
			}
			code, _, _ := strings.Cut(strings.TrimSpace(a.Val), "-")
			code = strings.ToLower(code)
			if len(code) == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z' {
				return code
			}
		}
	}
	return ""
}

// pageSpelling writes each author as the page does (ownSpelling) and puts
// them in the page's order: trafilatura's order comes partly from map
// iteration and changes from run to run. Names the page does not have
// come last, alphabetically.
func pageSpelling(authors []string, root *html.Node) []string {
	src := []rune(bylineText(root))
	lower := lowerRunes(src)
	type found struct {
		name string
		pos  int
	}
	fs := make([]found, len(authors))
	for i, a := range authors {
		name, pos := ownSpelling(a, src, lower)
		if pos < 0 {
			pos = len(src)
		}
		fs[i] = found{name, pos}
	}
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].pos != fs[j].pos {
			return fs[i].pos < fs[j].pos
		}
		return fs[i].name < fs[j].name
	})
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = f.name
	}
	return out
}
