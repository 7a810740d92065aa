// Package clean turns the plain text of a news article into clean article
// text with metadata: it drops headers, bylines, page furniture, teaser
// blocks, picture credits and repeated copies of the body, splits reader
// comments off the end, and reads the title, authors, outlet, the site that
// republished the story, the article's URL, its publication date and its
// language, each with the evidence it came from.
//
// Article handles a whole plain-text article; Body only cleans text that an
// HTML extractor has already isolated, and is careful never to remove an
// ordinary article sentence. DateFromText and DateFromURL read dates for
// other extractors.
package clean

import (
	"strings"
	"time"

	"github.com/storyline-news/storyline/internal/news"
)

// Hints are what the container (JSONL fields, feed items, WARC headers) or
// an HTML extractor's metadata says about an article. Each is used only when
// the text itself states nothing better.
type Hints struct {
	URL       string // the page's address
	Title     string
	Published string // as written; parsed with DateFromText
	Outlet    string
	Authors   []string
	// From names where the hints came from ("jsonl", "feed", "meta"); it
	// becomes the *From value of a field taken from a hint ("hint" if empty).
	From string
	// Reference is the time relative dates ("2 days ago", "gestern") are
	// counted from: when the page was fetched. Zero leaves them unresolved;
	// the current clock is never used.
	Reference time.Time
}

// Result is a cleaned article. Every metadata field has a *From field
// naming its evidence, empty when the field is.
type Result struct {
	Title     string `json:"title"`
	TitleFrom string `json:"title_from"` // "text" or the hint source
	// Text is the article's main text, paragraphs joined by "\n\n".
	Text string `json:"text"`
	// Comments are reader comments split off the end, never part of Text.
	Comments    []news.Comment `json:"comments"`
	Authors     []string       `json:"authors"`
	AuthorsFrom string         `json:"authors_from"` // "byline" or the hint source
	// Outlet is the original publisher ("Newsweek"), else the registrable
	// domain of the article's URL.
	Outlet     string `json:"outlet"`
	OutletFrom string `json:"outlet_from"` // "byline", "dateline", "footer", "url" or the hint source
	// RepublishedBy is the site that carried a copy of another outlet's
	// story (a site name, else a registrable domain), "" if none is known.
	RepublishedBy string `json:"republished_by"`
	// URL is the article's own address: stated in a header line or a
	// trailing original-URL line, else the hint URL.
	URL     string `json:"url"`
	URLFrom string `json:"url_from"` // "header", "footer" or the hint source
	// Published is an RFC 3339 date or date-time, "" when no date is stated.
	Published string `json:"published"`
	// PublishedFrom is "header", "byline", "dateline", "url", "text",
	// "relative", "comments" or the hint source.
	PublishedFrom string `json:"published_from"`
	// Language is the ISO 639-1 code of the text, "" when unsure.
	Language string `json:"language"`
}

// Article cleans a whole plain-text article: header (title, byline, date
// and URL lines, read-time and section crumbs, image alt words), body,
// footer and comment thread.
func Article(raw string, h Hints) Result {
	h = h.sanitized()
	lines := splitLines(raw)
	hd := readHeader(lines, h)
	b := cleanBody(lines, hd.title, false)
	if len(b.paras) == 0 && hd.shaped {
		// The one line taken for a headline was all the text ("The mayor
		// resigned on Tuesday."): a text needs a body to have a headline.
		lines[hd.titleLine].drop = false
		hd.title, hd.titleFrom = "", ""
		b = cleanBody(lines, "", false)
	}
	var r Result
	r.Text = strings.Join(b.paras, "\n\n")
	r.Comments = b.comments
	resolve(&r, h, hd, b)
	return r
}

// Body cleans main text that an HTML extractor already isolated: it unwraps
// link stubs, removes page furniture lines, teaser blocks, picture credits,
// date-only lines and repeated copies of the text, and splits off reader
// comments. Ordinary article sentences are kept.
func Body(text string) (body string, comments []news.Comment) {
	b := cleanBody(splitLines(text), "", true)
	return strings.Join(b.paras, "\n\n"), b.comments
}

// urlEv is a URL line found in the text, with the words beside it.
type urlEv struct {
	url, label string
}

// bodyOut is what the body pass found.
type bodyOut struct {
	paras    []string
	comments []news.Comment
	urls     []urlEv    // URL lines removed from the body, in order
	dates    []dateInfo // date-only lines removed from the body
	dateline dateline
	hasDL    bool
}

// cleanBody removes furniture from lines (those not dropped yet), splits
// off comments and returns the paragraphs. With keepBareURLs (text taken
// from a page's markup) a URL line stays unless it is a footer (see
// footerURL): there a link written out is visible text of the page.
func cleanBody(lines []line, title string, keepBareURLs bool) bodyOut {
	var out bodyOut
	if s := commentStart(lines); s >= 0 {
		out.comments = splitComments(lines[s:])
		lines = lines[:s]
	}
	for i := 0; i < len(lines); i++ {
		l := &lines[i]
		if l.drop {
			continue
		}
		t := l.text
		switch {
		case teaserHeading(t):
			l.drop = true
			for j := i + 1; j < len(lines); j++ {
				if lines[j].drop {
					continue
				}
				if !teaserShaped(lines[j].text) {
					break
				}
				lines[j].drop = true
				i = j
			}
			continue
		case title != "" && sameKey(t, title):
			l.drop = true
			continue
		case isBoilerLine(t):
			l.drop = true
			continue
		}
		if rest, drop := captionCut(t); drop {
			l.drop = true
			continue
		} else if len(rest) != len(t) {
			l.text, t = rest, rest
		}
		if d, ok := dateLine(t); ok {
			// A date line in the footer dates an update or a correction
			// more often than the story: only one with text after it counts.
			if bodyLinesAfter(lines, i, 2) {
				out.dates = append(out.dates, d)
			}
			l.drop = true
			continue
		}
		if urls, rest := urlsIn(t); len(urls) > 0 && urlLabel(rest) && (!keepBareURLs || footerURL(t, rest)) {
			out.urls = append(out.urls, urlEv{url: urls[0], label: strings.Trim(rest, " .:-–|")})
			l.drop = true
			continue
		}
	}
	out.paras = collapseRepeats(mergeLines(lines))
	if len(out.paras) > 0 {
		out.dateline, out.hasDL = parseDateline(out.paras[0])
	}
	return out
}

// bodyLinesAfter reports whether at least n lines of running text (eight
// words or more) follow line i.
func bodyLinesAfter(lines []line, i, n int) bool {
	for j := i + 1; j < len(lines) && n > 0; j++ {
		if !lines[j].drop && wordCount(lines[j].text) >= 8 {
			n--
		}
	}
	return n == 0
}

// footerURL reports whether a URL line is a footer in any text, also in
// text taken from a page's markup: an autolink ("<http://...>") or a line
// that names the source ("via X https://...", "Source: https://...").
func footerURL(t, rest string) bool {
	return strings.Contains(t, "<http") || rest != "" && (isSourceLabel(rest) || strings.HasPrefix(strings.ToLower(rest), "permalink"))
}

// urlLabel reports whether what is left of a line beside its URLs is at
// most a short label ("Source:", "Jungle Drum.", "Read the original"), so
// the line is a URL line and not a sentence that cites a URL.
func urlLabel(rest string) bool {
	if rest == "" {
		return true
	}
	n := wordCount(rest)
	if n > 6 {
		return false
	}
	return !endsSentence(strings.TrimRight(rest, ".")) || n <= 4
}

// mergeLines joins the kept lines into paragraphs: a line continues the
// previous one when the previous one stops mid-sentence and this one
// starts lower-case (or when the whole text is hard-wrapped), and a lone
// punctuation mark is glued back to its sentence. A blank line or a removed
// line always ends a paragraph.
func mergeLines(lines []line) []string {
	wrapped := hardWrapped(lines)
	var paras []string
	var cur strings.Builder
	last := ""
	broken := true // a break (blank or removed line) precedes the next kept line
	for _, l := range lines {
		if l.drop {
			broken = true
			continue
		}
		t := l.text
		if cur.Len() > 0 && !l.blank && !broken {
			switch {
			case onlyPunct(t) && len(t) <= 4:
				cur.WriteString(t)
				last = t
				continue
			case !endsSentence(last) && startsLower(t), wrapped:
				cur.WriteByte(' ')
				cur.WriteString(t)
				last = t
				continue
			}
		}
		if cur.Len() > 0 {
			paras = append(paras, cur.String())
			cur.Reset()
		}
		cur.WriteString(t)
		last = t
		broken = false
	}
	if cur.Len() > 0 {
		paras = append(paras, cur.String())
	}
	return paras
}

// hardWrapped reports whether the text was wrapped at a fixed width, so
// that its line breaks inside blocks mean nothing: most lines that are
// followed by another line of the same block are of similar length and stop
// mid-sentence.
func hardWrapped(lines []line) bool {
	n, w := 0, 0
	for i := 0; i+1 < len(lines); i++ {
		if lines[i].drop || lines[i+1].drop || lines[i+1].blank {
			continue
		}
		n++
		if l := len(lines[i].text); l >= 50 && l <= 100 && !endsSentence(lines[i].text) {
			w++
		}
	}
	return n >= 4 && w*2 >= n
}

// maxHint caps the length of one hint string.
const maxHint = 4096

// sanitized returns the hints as valid UTF-8 with collapsed white space and
// bounded lengths, since they are as untrusted as the text.
func (h Hints) sanitized() Hints {
	clean := func(s string) string {
		if len(s) > maxHint {
			s = s[:maxHint]
		}
		return collapseSpace(strings.ToValidUTF8(s, "\uFFFD"))
	}
	h.URL, h.Title, h.Published, h.Outlet, h.From = clean(h.URL), clean(h.Title), clean(h.Published), clean(h.Outlet), clean(h.From)
	if len(h.Authors) > 0 {
		authors := make([]string, 0, min(len(h.Authors), 50))
		for _, a := range h.Authors[:min(len(h.Authors), 50)] {
			if a = clean(a); a != "" {
				authors = append(authors, a)
			}
		}
		h.Authors = authors
	}
	return h
}
