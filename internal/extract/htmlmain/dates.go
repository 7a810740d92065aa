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

// findDate returns the page's original publication date (RFC 3339, a
// date-time when the page gives a time zone) and where it was found.
//
// The strategy, measured on the htmldate and trafilatura evaluation sets
// (EVAL.md): go-htmldate's extensive search for the original date, with the
// page URL (whose date wins over the page's metadata: that choice scores
// higher than the reverse), day-first parsing for day-first languages, the
// URL's date set aside when its day is a slug's leading number, and no
// first-of-the-month date without a written day.
func findDate(root *html.Node, canonical, given, lang string) (string, string) {
	u := given
	if u == "" {
		u = canonical
	}
	opts := htmldate.Options{UseOriginalDate: true, URL: u, ExtractTime: true}
	if dmyLanguages[lang] {
		opts.DateParserConfig = dmyConfig
	}
	res, err := htmldate.FromDocument(root, opts)
	if err != nil || res.IsZero() {
		return "", ""
	}
	if u != "" && res.SrcString == u && weakURLDay.MatchString(u) {
		opts.DeferUrlExtractor = true
		if res2, err := htmldate.FromDocument(root, opts); err == nil && !res2.IsZero() {
			res = res2
		}
	}
	if res.DateTime.Day() == 1 && !dayOneEvidence.MatchString(limit(res.SrcString, 300)) {
		return "", ""
	}
	return formatDate(res), dateSource(root, res.SrcString, u)
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
