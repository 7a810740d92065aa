package clean

import (
	"strings"

	"github.com/storyline-news/storyline/internal/news"
)

// maxComments bounds the comments kept for one article.
const maxComments = 2000

// commentHead is a comment header line: who wrote the comment and when.
type commentHead struct {
	author string
	time   dateMatch
	hasT   bool
	strong bool // unmistakable on its own (Permalink, "says:" with a date)
	dateNx bool // the date is on the next line ("X says:" / "December 13, 2017 at 5:02 pm")
}

// sayWords end a comment header: "Jane says:", "Hans schreibt:".
var sayWords = []string{" says:", " said:", " wrote:", " writes:", " sagt:", " schreibt:", " schrieb:", " meint:",
	" dit :", " dit:", " a dit :", " écrit :", " dice:", " dijo:", " escribió:", " scrive:", " ha scritto:", " zegt:"}

// commentHeader reads a comment header line. next is the following line,
// for headers whose date is on a line of its own.
func commentHeader(l, next string) (commentHead, bool) {
	if len(l) > 200 || wordCount(l) > 16 {
		return commentHead{}, false
	}
	// Every form has a colon (a time, "says:") or ends with "Permalink".
	if strings.IndexByte(l, ':') < 0 && !(len(l) > 9 && strings.EqualFold(l[len(l)-9:], "permalink")) {
		return commentHead{}, false
	}
	low := strings.ToLower(l)
	// "name [parent] Thu, 12/28/2017 - 16:51 Permalink"
	if strings.HasSuffix(low, "permalink") {
		m, ok := findDate(l)
		if !ok {
			return commentHead{}, false
		}
		author := strings.Trim(l[:m.start], " ,|-–·")
		author = trimWeekday(author)
		if author == "" || wordCount(author) > 6 {
			return commentHead{}, false
		}
		return commentHead{author: author, time: m, hasT: true, strong: true}, true
	}
	// "Jane says:" [date] — the date on this line or the next.
	for _, sw := range sayWords {
		i := strings.Index(low, sw)
		if i <= 0 {
			continue
		}
		author := strings.TrimSpace(l[:i])
		if wordCount(author) > 5 || endsSentence(author) {
			return commentHead{}, false
		}
		if m, ok := findDate(l[i:]); ok {
			return commentHead{author: author, time: m, hasT: true, strong: true}, true
		}
		if d, ok := dateLine(next); ok {
			return commentHead{author: author, time: d.m, hasT: true, strong: true, dateNx: true}, true
		}
		return commentHead{}, false
	}
	// "Jane Doe 13. Dezember 2017 um 14:30 [Antworten]", "Jane | Dec 13, 2017 5:02 pm"
	m, ok := findDate(l)
	if !ok || !m.hasTime || m.start == 0 {
		return commentHead{}, false
	}
	lead := strings.TrimRight(l[:m.start], " ")
	if strings.HasSuffix(lead, ":") {
		return commentHead{}, false // "Termin: 29.02.2020, 19:00" is a field, not an author
	}
	author := trimWeekday(strings.Trim(lead, " ,|-–·"))
	for _, p := range []string{" on", " am", " le", " el", " il"} {
		author = strings.TrimSuffix(author, p)
	}
	tail := strings.ToLower(strings.Trim(l[m.end:], " ,|-–·:#"))
	switch tail {
	case "", "reply", "antworten", "répondre", "responder", "said", "schrieb", "wrote", "sagte", "a écrit", "escribió":
	default:
		return commentHead{}, false
	}
	if author == "" || !commentAuthorShaped(author) || onlyDateLabels(author) {
		return commentHead{}, false
	}
	return commentHead{author: author, time: m, hasT: true}, true
}

// onlyDateLabels reports whether every word of s is a date label
// ("PUBLISHED:", "Last updated"), so s is no author.
func onlyDateLabels(s string) bool {
	for _, w := range strings.Fields(s) {
		if !dateLabels[strings.ToLower(strings.Trim(w, ":.,|"))] {
			return false
		}
	}
	return true
}

// trimWeekday drops a weekday name (and its comma) ending s: "bob Thu," -> "bob".
func trimWeekday(s string) string {
	s = strings.TrimRight(s, " ,")
	i := strings.LastIndexByte(s, ' ')
	w := strings.ToLower(strings.Trim(s[i+1:], ".,*_("))
	if isWeekday(w) {
		return strings.TrimRight(s[:i+1], " ,*_(|")
	}
	return s
}

var weekdays = setOf("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")

func isWeekday(w string) bool { return weekdays[w] }

// commentAuthorShaped accepts a user name or a personal name of up to four
// words that is not a sentence.
func commentAuthorShaped(a string) bool {
	if len(a) > 50 || wordCount(a) > 4 || endsSentenceStrict(a) {
		return false
	}
	return !strings.ContainsAny(a, "\"“”")
}

// replyMarker reads "In reply to by X" / "In reply to X" / "Antwort auf X".
func replyMarker(l string) (string, bool) {
	if len(l) > 80 {
		return "", false
	}
	low := strings.ToLower(l)
	for _, p := range []string{"in reply to by ", "in reply to ", "replying to ", "antwort auf ", "als antwort auf ", "en réponse à ", "en respuesta a "} {
		if strings.HasPrefix(low, p) {
			return strings.TrimSpace(l[len(p):]), true
		}
	}
	return "", false
}

// commentStart returns the index of the first line of a reader-comment
// section in lines, or -1. The section opens at an unmistakable comment
// header, or at the first of two weaker ones close together, after some
// article text, and takes in the headings just above it ("3 comments").
func commentStart(lines []line) int {
	bodySeen := false
	weakAt := -1
	for i := range lines {
		if lines[i].drop {
			continue
		}
		l := lines[i].text
		if bodySeen {
			next := ""
			if i+1 < len(lines) {
				next = lines[i+1].text
			}
			if h, ok := commentHeader(l, next); ok {
				if h.strong {
					return extendUp(lines, i)
				}
				// Two weak headers open a thread when comment text stands
				// between them: two date lines in a row are a header block.
				if weakAt >= 0 && i-weakAt <= 30 && i-weakAt > 1 {
					return extendUp(lines, weakAt)
				}
				weakAt = i
				continue
			}
		}
		if wordCount(l) >= 8 {
			bodySeen = true
		}
	}
	return -1
}

// extendUp moves a comment section's start up over the headings and form
// lines right above it.
func extendUp(lines []line, first int) int {
	for first > 0 {
		k := lowerKey(lines[first-1].text)
		if lines[first-1].drop || k != "" && (isCommentCount(k) || boilerLines[k] || hasAnyPrefix(k, formLines) || isFormField(k)) {
			first--
			continue
		}
		break
	}
	return first
}

// splitComments turns the lines of a comment section into comments. Lines
// before the first header (section headings, forms) are dropped, as are
// reply buttons and "In reply to" markers; a header's second name that is
// the name replied to is removed from the author.
func splitComments(lines []line) []news.Comment {
	var out []news.Comment
	var cur *news.Comment
	var text []string
	replyTo := ""
	flush := func() {
		if cur == nil {
			return
		}
		cur.Text = strings.Join(text, "\n\n")
		if replyTo != "" {
			if a, ok := strings.CutSuffix(cur.Author, " "+replyTo); ok {
				cur.Author = strings.TrimSpace(a)
			}
		}
		if len(out) < maxComments {
			out = append(out, *cur)
		}
		cur, text, replyTo = nil, nil, ""
	}
	for i := 0; i < len(lines); i++ {
		l := lines[i].text
		next := ""
		if i+1 < len(lines) {
			next = lines[i+1].text
		}
		if h, ok := commentHeader(l, next); ok {
			flush()
			c := news.Comment{Author: h.author}
			if h.hasT {
				c.Time = h.time.String()
			}
			cur = &c
			if h.dateNx {
				i++
			}
			continue
		}
		if name, ok := replyMarker(l); ok {
			replyTo = name
			continue
		}
		if cur == nil || isBoilerLine(l) {
			continue
		}
		text = append(text, l)
	}
	flush()
	return out
}
