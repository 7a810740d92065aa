package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/news"
)

// maxHeaderLines is how many lines from the top are read as a possible
// header; a header never runs longer than a title, a standfirst and a few
// lines of metadata.
const maxHeaderLines = 15

// header is what the top of a plain-text article states.
type header struct {
	title, titleFrom string
	dates            []dateInfo
	bylines          []byline
	urls             []string
	relative         string
	titleLine        int  // the line taken as the title, if any
	shaped           bool // taken for its shape alone, no title being given
}

// readHeader reads the title, date and URL lines, bylines, read-time lines,
// section crumbs, relative dates and image alt words at the top of lines,
// marking them dropped. It stops at the third line of body text (a
// standfirst or two may come before the metadata).
func readHeader(lines []line, h Hints) header {
	var hd header
	titleDone := false
	bodyLike := 0
	for i, seen := 0, 0; i < len(lines) && seen < maxHeaderLines && bodyLike < 3; i++ {
		l := &lines[i]
		if l.drop {
			continue
		}
		seen++
		t := l.text
		if d, ok := dateLineMode(t, true); ok {
			hd.dates = append(hd.dates, d)
			if urls, _ := urlsIn(t); len(urls) > 0 {
				hd.urls = append(hd.urls, urls...)
			}
			l.drop = true
			continue
		}
		if urls, rest := urlsIn(t); len(urls) > 0 && rest == "" {
			hd.urls = append(hd.urls, urls...)
			l.drop = true
			continue
		}
		if isReadTime(lowerKey(t)) || isCrumbs(t, 3) {
			l.drop = true
			continue
		}
		if !titleDone {
			titleDone = true
			// A byline first (the text had no headline, or a dateline above
			// it was dropped) is no headline.
			if b, ok := parseByline(t); ok && !(h.Title != "" && sameKey(t, h.Title)) {
				hd.bylines = append(hd.bylines, b)
				l.drop = true
				continue
			}
			// With a title given, the first line is a headline only when it
			// repeats that title: a short first paragraph ("\"We will not
			// back down,\" the mayor said.") is shaped like one too.
			if h.Title != "" && repeatsTitle(t, h.Title) {
				hd.title, hd.titleFrom = t, "text"
				if !sameKey(t, h.Title) {
					hd.title, hd.titleFrom = collapseSpace(h.Title), hintFrom(h)
				}
				hd.titleLine = i
				l.drop = true
				continue
			}
			if h.Title == "" && titleShaped(t) {
				hd.title, hd.titleFrom = t, "text"
				hd.titleLine, hd.shaped = i, true
				l.drop = true
				continue
			}
			// The text opens with body text: the title is the hint's.
		}
		if hd.title != "" && sameKey(t, hd.title) {
			l.drop = true // a repeated headline
			continue
		}
		if b, ok := parseByline(t); ok {
			hd.bylines = append(hd.bylines, b)
			l.drop = true
			continue
		}
		if isCrumbs(t, 2) {
			l.drop = true
			continue
		}
		if d, ok := relativeDate(t, h.Reference); ok {
			if hd.relative == "" {
				hd.relative = d
			}
			l.drop = true
			continue
		}
		if _, drop := captionCut(t); drop || isBoilerLine(t) {
			l.drop = true
			continue
		}
		n := wordCount(t)
		if n >= 12 || n >= 6 && endsSentence(t) {
			bodyLike++
			continue
		}
		// Image alt words between the headline and the body ("US troops"):
		// a few words in sentence case. A subtitle in title case or
		// capitals ("Multiple Special Circumstances") stays.
		if bodyLike == 0 && n <= 4 && len(t) <= 40 && !endsSentence(t) && !titleCased(t) && nextKept(lines, i) {
			l.drop = true
		}
	}
	if hd.title == "" && h.Title != "" {
		hd.title, hd.titleFrom = collapseSpace(h.Title), hintFrom(h)
	}
	return hd
}

// titleShaped reports whether a first line can be a headline rather than
// the first paragraph of the body.
func titleShaped(t string) bool {
	n := wordCount(t)
	if n > 25 || len(t) > 250 || startsLower(t) {
		return false
	}
	return !(endsSentenceStrict(t) && n > 14 && !titleCased(t))
}

// titleSeps set a site's name or a kicker off a headline.
var titleSeps = []string{" | ", " - ", " – ", " — ", " · ", " • ", " :: ", " « ", " » "}

// repeatsTitle reports whether line is the given title, whatever its case,
// punctuation and white space, or the title with a short addition set off
// by a separator ("Council meets | The Gazette"), or the title is the line
// with such an addition. The headline must be the larger part.
func repeatsTitle(line, title string) bool {
	if sameKey(line, title) {
		return true
	}
	withAddition := func(long, short string) bool {
		for _, sep := range titleSeps {
			if i := strings.LastIndex(long, sep); i > 0 && headlineWith(long[:i], long[i+len(sep):], short) {
				return true
			}
			if i := strings.Index(long, sep); i > 0 && headlineWith(long[i+len(sep):], long[:i], short) {
				return true
			}
		}
		return false
	}
	return withAddition(line, title) || withAddition(title, line)
}

// headlineWith reports whether head is the headline h and add a short
// addition to it (a site's name, a section), not a sentence.
func headlineWith(head, add, h string) bool {
	add = strings.TrimSpace(add)
	return sameKey(head, h) && add != "" && wordCount(add) <= 5 && !endsSentenceStrict(add) &&
		len(foldKey(add)) < len(foldKey(head))
}

// nextKept reports whether a kept line follows line i.
func nextKept(lines []line, i int) bool {
	for j := i + 1; j < len(lines); j++ {
		if !lines[j].drop {
			return true
		}
	}
	return false
}

func hintFrom(h Hints) string {
	if h.From != "" {
		return h.From
	}
	return "hint"
}

// sourceLabels are labels of a URL line that point to the original story.
var sourceLabels = []string{"source", "quelle", "original", "originally published", "read the original", "via",
	"fuente", "fonte", "zum original", "first published", "erstveröffentlichung", "link"}

func isSourceLabel(label string) bool {
	return hasAnyPrefix(strings.ToLower(label), sourceLabels)
}

// resolve fills r's metadata from the header, the body pass and the hints,
// each field from its best evidence.
func resolve(r *Result, h Hints, hd header, b bodyOut) {
	from := hintFrom(h)
	r.Title, r.TitleFrom = hd.title, hd.titleFrom

	// Authors and outlet from bylines, then the dateline, then hints.
	var outlet, outletFrom string
	var bylineDate *dateMatch
	for i := range hd.bylines {
		by := &hd.bylines[i]
		for _, a := range by.authors {
			r.Authors = appendUnique(r.Authors, a)
		}
		if outlet == "" && by.outlet != "" {
			outlet, outletFrom = by.outlet, "byline"
		}
		if bylineDate == nil && by.hasDate {
			bylineDate = &by.date
		}
	}
	if len(r.Authors) > 0 {
		r.AuthorsFrom = "byline"
	} else {
		for _, a := range h.Authors {
			if a = collapseSpace(a); a != "" && len(a) <= 200 {
				r.Authors = appendUnique(r.Authors, a)
			}
		}
		if len(r.Authors) > 0 {
			r.AuthorsFrom = from
		}
	}
	if outlet == "" && b.hasDL && b.dateline.agency != "" {
		outlet, outletFrom = b.dateline.agency, "dateline"
	}
	if outlet == "" && strings.TrimSpace(h.Outlet) != "" {
		outlet, outletFrom = collapseSpace(h.Outlet), from
	}

	// URL lines of the footer: the original story (on the outlet's site,
	// labelled as the source, or the first unlabelled one off the page's
	// site) and the site that carries the copy (a labelled line elsewhere).
	pageSite := siteOf(h.URL)
	original := ""
	if outlet != "" {
		for _, u := range b.urls {
			if nameMatchesSite(outlet, siteOf(u.url)) {
				original = u.url
				break
			}
		}
	}
	if original == "" {
		for _, u := range b.urls {
			s := siteOf(u.url)
			if s == "" || s == pageSite || u.label != "" && !isSourceLabel(u.label) {
				continue
			}
			original = u.url
			break
		}
	}
	origSite := siteOf(original)
	hostName, hostSite, hostURL := "", "", ""
	for _, u := range b.urls {
		s := siteOf(u.url)
		if s == "" || s == origSite || u.label == "" || isSourceLabel(u.label) {
			continue
		}
		hostName, hostSite, hostURL = u.label, s, u.url
		break
	}

	switch {
	case len(hd.urls) > 0:
		r.URL, r.URLFrom = hd.urls[0], "header"
	case original != "":
		r.URL, r.URLFrom = original, "footer"
	case h.URL != "":
		r.URL, r.URLFrom = h.URL, from
	case hostURL != "":
		r.URL, r.URLFrom = hostURL, "footer"
	}
	if outlet == "" && hostName != "" && original == "" {
		outlet, outletFrom = hostName, "footer"
	}
	if outlet == "" {
		if s := siteOf(r.URL); s != "" {
			outlet, outletFrom = s, "url"
		}
	}
	r.Outlet, r.OutletFrom = outlet, outletFrom

	// The site carrying a copy: a footer naming another site than the
	// outlet's, else the page's own site when the outlet is not it.
	switch {
	case hostName != "" && outlet != "" && !strings.EqualFold(hostName, outlet) && !nameMatchesSite(outlet, hostSite):
		r.RepublishedBy = hostName
	case pageSite != "" && outlet != "" && (outletFrom == "byline" || outletFrom == "dateline") &&
		!nameMatchesSite(outlet, pageSite):
		r.RepublishedBy = pageSite
	case pageSite != "" && r.URLFrom != from && siteOf(r.URL) != "" && siteOf(r.URL) != pageSite:
		r.RepublishedBy = pageSite
	}

	r.Published, r.PublishedFrom = pickDate(h, hd, b, bylineDate, r.URL, r.Comments)
	r.Language = detectLanguage(r.Text)
}

// pickDate chooses the publication date from the strongest evidence.
func pickDate(h Hints, hd header, b bodyOut, bylineDate *dateMatch, ownURL string, comments []news.Comment) (string, string) {
	for _, kind := range []dateKind{datePublished, dateUpdated} {
		for _, d := range hd.dates {
			if d.kind == kind {
				return d.m.String(), "header"
			}
		}
	}
	if bylineDate != nil {
		return bylineDate.String(), "byline"
	}
	if b.hasDL && b.dateline.hasDate {
		return b.dateline.date.String(), "dateline"
	}
	if h.Published != "" {
		if d, ok := DateFromText(h.Published); ok {
			return d, hintFrom(h)
		}
	}
	for _, u := range []string{ownURL, h.URL} {
		if d, ok := DateFromURL(u); ok {
			return d, "url"
		}
	}
	for _, d := range b.dates {
		if d.kind == datePublished {
			return d.m.String(), "text"
		}
	}
	if hd.relative != "" {
		return hd.relative, "relative"
	}
	// The article is no later than its first comment.
	first := ""
	for _, c := range comments {
		if len(c.Time) >= 10 && validISODay(c.Time[:10]) && (first == "" || c.Time[:10] < first) {
			first = c.Time[:10]
		}
	}
	if first != "" {
		return first, "comments"
	}
	return "", ""
}

// validISODay reports whether s is "YYYY-MM-DD" naming a real day.
func validISODay(s string) bool {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
		if !isDigit(s[i]) {
			return false
		}
	}
	return validDate(atoi(s[:4]), atoi(s[5:7]), atoi(s[8:]))
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return list
		}
	}
	return append(list, s)
}

// minorWords may stay lower-case in a title-cased line.
var minorWords = setOf("a", "an", "the", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with",
	"from", "as", "vs", "via", "der", "die", "das", "und", "de", "la", "le", "el", "y", "et", "von", "mit")

// titleCased reports whether every word of t but minor ones starts with a
// capital or a digit.
func titleCased(t string) bool {
	for _, w := range strings.Fields(t) {
		r, _ := utf8.DecodeRuneInString(w)
		if unicode.IsLetter(r) && !unicode.IsUpper(r) && !minorWords[strings.ToLower(w)] {
			return false
		}
	}
	return true
}
