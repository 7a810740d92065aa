package htmlmain

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/storyline-news/storyline/internal/extract/clean"
)

// publishedLabel finds a label that names the date after it as the
// publication date, in the languages of the date parser: "Published on",
// "Erschienen am:", "Publié le". A bare "Datum:" (date) says nothing of
// publication: on the date pages it named a photo's capture date as often
// as a page's own (docs/figures/dates.md). Labels of a change ("Updated",
// "Aktualisiert") are not listed. The label must start a word:
// "Erscheinungsdatum" on a book review is the book's.
var publishedLabel = regexp.MustCompile(`(?i)(?:^|[^\pL])(?:` +
	`first published|published(?: on)?|posted on|publication date|date published` +
	`|veröffentlicht(?: am)?|erschienen am|publiziert am|erstellt am` +
	`|publié le|date de publication|publicado (?:el|em)|fecha de publicación` +
	`|pubblicato il|data di pubblicazione|gepubliceerd op` +
	`)\s*:?\s*`)

// labelWindow is how far after a label its date may start and end: room
// for a weekday ("Freitag, 21.01.2022 - 13:30") and no more, so that a
// later date of the text is not taken for the label's.
const labelWindow = 32

// maxLabelText bounds the visible text searched for a label.
const maxLabelText = 256 << 10

// numericDate is a numeric date at the start of a label's window, after an
// optional weekday: "21.01.2022", "Mi., 02/11/2023".
var numericDate = regexp.MustCompile(`^(?:\pL{2,12}\.?,?\s+)?(\d{1,2})([./])(\d{1,2})[./](\d{4})(?:\D|$)`)

// englishLabel tells the English labels, after which a slashed date is
// read month first unless the page declares a day-first language.
var englishLabel = regexp.MustCompile(`(?i)published|posted|publication date`)

// labelledDate returns the day (YYYY-MM-DD) the page's visible text labels
// as its publication date, read by clean.DateFromText, or a numeric date
// in the page's order: dotted dates are day first, slashed ones too after a
// label in another language than English or on a page that declares a
// day-first language (clean.DateFromText would read "Publié le
// 02/11/2023" as 11 February). A page that labels several different days
// (a list of teasers, each "published on" its own day) has no labelled
// date.
func labelledDate(root *html.Node) (string, bool) {
	text := visibleText(root, maxLabelText)
	dayFirstPage := dmyLanguages[declaredLanguage(root)]
	day := ""
	for _, m := range publishedLabel.FindAllStringIndex(text, -1) {
		w := text[m[1]:min(len(text), m[1]+labelWindow)]
		for len(w) > 0 && !utf8.ValidString(w) {
			w = w[:len(w)-1]
		}
		d, ok := "", false
		if n := numericDate.FindStringSubmatch(w); n != nil {
			a, b := n[1], n[3]
			if n[2] == "/" && !dayFirstPage && englishLabel.MatchString(text[m[0]:m[1]]) {
				a, b = b, a
			}
			d, ok = clean.DateFromText(n[4] + "-" + pad2(b) + "-" + pad2(a))
		} else {
			d, ok = clean.DateFromText(w)
		}
		if !ok {
			continue
		}
		if day != "" && d[:10] != day {
			return "", false
		}
		day = d[:10]
	}
	return day, day != ""
}

// pad2 writes a one-digit number with a leading zero.
func pad2(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// visibleText is the text of the page's body as a reader sees it, each
// text node followed by a space, without scripts, styles and templates;
// at most limit bytes.
func visibleText(root *html.Node, limit int) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
			b.WriteByte(' ')
		case html.ElementNode:
			switch n.DataAtom {
			case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template:
				return
			}
		}
		for c := n.FirstChild; c != nil && b.Len() < limit; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return strings.Join(strings.Fields(b.String()), " ")
}
