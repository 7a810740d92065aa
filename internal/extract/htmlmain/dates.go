package htmlmain

import (
	"regexp"
	"strings"
	"time"

	dps "github.com/markusmobius/go-dateparser"
	"github.com/markusmobius/go-htmldate"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// dmyLanguages write numeric dates day first; for them the date parser is
// told so, which settles "6. 3. 2022" as 6 March (go-dateparser guesses
// per string otherwise).
var dmyLanguages = map[string]bool{
	"de": true, "fr": true, "es": true, "it": true, "pt": true, "nl": true, "pl": true,
	"cs": true, "sk": true, "ru": true, "uk": true, "sv": true, "da": true, "no": true,
	"nb": true, "nn": true, "fi": true, "tr": true, "el": true, "ro": true, "bg": true,
	"hr": true, "sr": true, "sl": true, "et": true, "lv": true, "ca": true, "gl": true,
	"id": true, "ms": true, "vi": true, "ar": true, "he": true, "is": true, "ga": true,
}

// dmyConfig is htmldate's own date-parser configuration plus the day
// order. go-dateparser copies it on each call, so it is shared read-only.
var dmyConfig = &dps.Configuration{
	PreferredDateSource: dps.Past,
	StrictParsing:       true,
	DateOrder:           dps.DMY,
}

var (
	// isoTimestamp is an ISO 8601 date-time with a zone: 2021-03-14T09:30+01:00.
	isoTimestamp = regexp.MustCompile(`\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?\s?(?:Z|[+-]\d{2}:?\d{2}|UTC|GMT)`)
	// weakURLDay matches a URL whose "day" is one digit glued to a slug, as
	// in /2023/10/5-tips-for/: the 5 belongs to the headline.
	weakURLDay = regexp.MustCompile(`[/_-]\d{4}[/_-]\d{1,2}[/_-]\d[-_]\pL`)
	// dayOneEvidence finds a written first day of a month. htmldate fills a
	// missing day with 1 ("© 2016", "Heft 03/2020"), which would invent
	// a date; a day-1 result without such evidence is dropped.
	dayOneEvidence = regexp.MustCompile(`(?i)` +
		`\d{4}[-/._]\d{1,2}[-/._]0?1(?:\D|$)` + // 2020-03-01
		`|(?:^|\D)0?1[-/.]\s?\d{1,2}[-/.]\s?\d{2,4}` + // 01.03.2020, 1/3/20
		`|(?:^|\D)\d{1,2}[-/.]\s?0?1[-/.]\s?\d{2,4}` + // 3/1/2020
		`|(?:^|\D)0?1(?:st|er|\.|º)?\s*(?:de\s+)?\pL{3,}` + // 1 March, 1er mars, 1. März, 1 de marzo
		`|\pL{3,}\.?,?\s+0?1(?:st)?(?:\D|$)` + // March 1, Mar. 01
		`|(?:^|\D)\d{6}01(?:\D|$)`) // 20200301
)

// DateRules switches the rules Storyline adds on top of go-htmldate's
// extensive search for the original date (with the page URL and times). The
// zero value is the library alone, called as the product calls it;
// ProductDateRules is what Extract uses. Each rule is kept only while it
// wins on every fold of the date pages split by site (docs/figures/dates.md,
// scripts/cv-dates.sh).
type DateRules struct {
	// DayFirst parses numeric dates day first ("6. 3. 2022" is 6 March)
	// when <html lang> declares a day-first language.
	DayFirst bool
	// SlugDay searches again with the URL's date last when the URL's
	// "day" is one digit glued to a slug (/2023/10/5-tips-for/).
	SlugDay bool
	// DayOneEvidence drops a first-of-the-month result whose source
	// writes no day 1: go-htmldate fills a missing day with 1 ("© 2016").
	DayOneEvidence bool
	// LabelledDate takes the date the page's text labels as its
	// publication date ("Erschienen am: 13.10.2021", "Published November
	// 9, 2023") over the search's.
	LabelledDate bool
	// PageZone moves a UTC timestamp (not midnight, which is a date
	// written as a date-time) into the offset the page writes its other
	// timestamps in: its calendar day is the day the page states.
	PageZone bool
}

// ProductDateRules are the rules Extract applies.
//
// A sixth rule, a date read off the address by clean.DateFromURL when the
// search found none, was taken out: it changed no date on the 795 date pages
// nor on the 990 extraction pages (docs/figures/dates.md).
var ProductDateRules = DateRules{DayFirst: true, SlugDay: true, DayOneEvidence: true, LabelledDate: true, PageZone: true}

// DateSearch finds the publication date of one parsed page under
// different rules, running each distinct go-htmldate search once.
type DateSearch struct {
	root  *html.Node
	cache map[[2]bool]htmldate.Result
	// label is labelledDate's answer once asked: the day, or "-" for none.
	label string
}

// NewDateSearch returns a DateSearch over root, which it does not modify.
func NewDateSearch(root *html.Node) *DateSearch {
	return &DateSearch{root: root, cache: map[[2]bool]htmldate.Result{}}
}

// search runs go-htmldate's extensive search for the original date on the
// page URL u, day first or not, the URL's date first or last.
func (s *DateSearch) search(u string, dayFirst, deferURL bool) htmldate.Result {
	// The cache is keyed by the two switches alone: Find passes the same
	// u for one page, and a DateSearch serves one page.
	key := [2]bool{dayFirst, deferURL}
	if res, ok := s.cache[key]; ok {
		return res
	}
	opts := htmldate.Options{UseOriginalDate: true, URL: u, ExtractTime: true, DeferUrlExtractor: deferURL}
	if dayFirst {
		opts.DateParserConfig = dmyConfig
	}
	res, err := htmldate.FromDocument(s.root, opts)
	if err != nil {
		res = htmldate.Result{}
	}
	s.cache[key] = res
	return res
}

// Find returns the page's original publication date (RFC 3339, a
// date-time when the page gives a time zone) and where it was found, under
// rules. canonical is the page's own address (else the given one), given
// the address it was read from. Only the declared language (<html lang>)
// sets the day order: the detected one was measured to do harm (EVAL.md).
func (s *DateSearch) Find(canonical, given string, rules DateRules) (string, string) {
	u := given
	if u == "" {
		u = canonical
	}
	dayFirst := rules.DayFirst && dmyLanguages[declaredLanguage(s.root)]
	res := s.search(u, dayFirst, false)
	if !res.IsZero() && rules.SlugDay && u != "" && res.SrcString == u && weakURLDay.MatchString(u) {
		if res2 := s.search(u, dayFirst, true); !res2.IsZero() {
			res = res2
		}
	}
	if !res.IsZero() && rules.DayOneEvidence && res.DateTime.Day() == 1 && !dayOneEvidence.MatchString(limit(res.SrcString, 300)) {
		res = htmldate.Result{}
	}
	if rules.LabelledDate {
		if s.label == "" {
			s.label = "-"
			if day, ok := labelledDate(s.root); ok {
				s.label = day
			}
		}
		if day := s.label; day != "-" && (res.IsZero() || res.DateTime.Format("2006-01-02") != day) {
			return day, "text"
		}
	}
	if res.IsZero() {
		return "", ""
	}
	if rules.PageZone && res.HasTime && res.HasTimezone && isUTCTime(res.DateTime) && isoTimestamp.MatchString(limit(res.SrcString, 300)) {
		if zone, ok := pageZone(s.root); ok {
			res.DateTime = res.DateTime.In(zone)
		}
	}
	return formatDate(res), dateSource(s.root, res.SrcString, u)
}

// findDate is the product's date: Find with ProductDateRules.
//
// go-htmldate's extensive search for the original date, with the page URL
// (whose date wins over the page's metadata: that choice scores higher than
// the reverse), plus the rules of ProductDateRules.
func findDate(root *html.Node, canonical, given string) (string, string) {
	return NewDateSearch(root).Find(canonical, given, ProductDateRules)
}

// isUTCTime tells a time in UTC that is not midnight.
func isUTCTime(t time.Time) bool {
	_, off := t.Zone()
	h, m, sec := t.Clock()
	return off == 0 && h+m+sec > 0
}

// formatDate writes a date-time when the page gave a time and a zone in an
// ISO 8601 timestamp, else the date alone: a time without a zone is not
// RFC 3339, and in running text htmldate takes a time range ("14:00-15:30
// Uhr") for a time and a zone.
func formatDate(res htmldate.Result) string {
	if res.HasTime && res.HasTimezone && isoTimestamp.MatchString(limit(res.SrcString, 300)) {
		return res.DateTime.Format(time.RFC3339)
	}
	return res.DateTime.Format("2006-01-02")
}

// dateSource names where htmldate found the date, from the string it
// parsed: the URL, a <meta> attribute, a JSON-LD block, a <time> or <abbr>
// element, else the page text.
func dateSource(root *html.Node, src, pageURL string) string {
	src = strings.Join(strings.Fields(src), " ")
	if src == "" {
		return "text"
	}
	if pageURL != "" && src == pageURL {
		return "url"
	}
	from := "text"
	var walk func(*html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Meta:
				for _, a := range n.Attr {
					if (a.Key == "content" || a.Key == "datetime") && strings.Join(strings.Fields(a.Val), " ") == src {
						from = "meta"
						return true
					}
				}
				return false
			case atom.Script:
				if c := n.FirstChild; c != nil && strings.Contains(attr(n, "type"), "json") && strings.Contains(c.Data, src) {
					from = "jsonld"
					return true
				}
				return false
			case atom.Time, atom.Abbr:
				if v := attr(n, "datetime"); v != "" && strings.TrimSpace(v) == src {
					from = "time"
					return true
				}
				if v := attr(n, "title"); v != "" && strings.TrimSpace(v) == src {
					from = "time"
					return true
				}
				if strings.Join(strings.Fields(textContent(n)), " ") == src {
					from = "time"
					return true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return from
}

// limit cuts s to at most n bytes.
func limit(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
