package clean

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// dateLabels are the words that may stand around a date on a date line:
// "Published: 13 December 2017", "Updated on Dec 13, 2017 at 5:02 pm GMT".
var dateLabels = setOf("date", "dated", "published", "publish", "posted", "updated", "last", "modified", "created",
	"on", "at", "am", "um", "uhr", "le", "el", "il", "de", "the", "of", "den", "vom", "stand", "datum", "veröffentlicht",
	"aktualisiert", "zuletzt", "erstellt", "publié", "publiée", "mis", "à", "jour", "publicado", "actualizado",
	"pubblicato", "aggiornato", "gmt", "utc", "cet", "cest", "est", "edt", "pst", "pdt", "bst", "mez", "mesz", "et", "pt",
	"h", "hrs", "ist", "time", "originally", "first", "issue", "edition", "a", "p", "m", "am", "pm",
	"article", "story", "post", "erschienen", "veröffentlichung",
	// weekdays
	"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
	"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
	"montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
	"mo", "di", "mi", "do", "fr", "sa", "so",
	"lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche",
	"lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
)

var updatedWords = setOf("updated", "modified", "aktualisiert", "mis", "actualizado", "aggiornato", "stand")

// dateKind says what a date line states.
type dateKind uint8

const (
	datePublished dateKind = iota + 1
	dateUpdated
)

// dateLine reports whether l is a line that only states a date (with
// labels, a weekday, a time, a zone and URLs around it), and what kind of
// date: "Published: Friday, 13 December 2017, 5:02 pm EST".
func dateLine(l string) (dateInfo, bool) {
	return dateLineMode(l, false)
}

// dateLineMode is dateLine; lenient (for the header) also accepts up to two
// capitalised words before the date, a place: "WASHINGTON, DC, April 28,
// 2009", "7:00pm UK, Wednesday 05 May 2010".
func dateLineMode(l string, lenient bool) (dateInfo, bool) {
	if len(l) > 400 || wordCount(l) > 24 {
		return dateInfo{}, false
	}
	m, ok := findDate(l)
	if !ok {
		return dateInfo{}, false
	}
	kind := datePublished
	_, before := urlsIn(l[:m.start])
	_, after := urlsIn(l[m.end:])
	otherBefore, capsBefore := otherWords(before, &kind)
	var ignore dateKind
	otherAfter, _ := otherWords(after, &ignore)
	if otherAfter > 0 || otherBefore > 0 && !(lenient && otherBefore <= 2 && capsBefore == otherBefore) {
		return dateInfo{}, false
	}
	return dateInfo{m: m, kind: kind}, true
}

// otherWords counts the words of s that are no date labels, and how many of
// them are capitalised; an "updated" label sets *kind.
func otherWords(s string, kind *dateKind) (other, caps int) {
	for _, tk := range tokenize(s) {
		if tk.kind != tokWord {
			continue
		}
		if updatedWords[tk.word] {
			*kind = dateUpdated
		}
		if dateLabels[tk.word] || isZoneAbbrev(s[tk.start:tk.end]) {
			continue
		}
		other++
		if tk.isUpper {
			caps++
		}
	}
	return other, caps
}

// isZoneAbbrev matches a time-zone abbreviation in capitals: "EDT", "AEST",
// "HKT", "CEST".
func isZoneAbbrev(w string) bool {
	if len(w) < 2 || len(w) > 5 || w[len(w)-1] != 'T' {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

type dateInfo struct {
	m    dateMatch
	kind dateKind
}

// byline is what a byline line states.
type byline struct {
	authors []string
	outlet  string
	poster  string // "via X" when an outlet is also named: who posted the copy
	date    dateMatch
	hasDate bool
}

// bylineOpeners open a byline, lower-case, with the space after them.
var bylineOpeners = []string{"submitted by ", "written by ", "posted by ", "story by ", "words by ", "reported by ",
	"reporting by ", "text by ", "published by ", "by ", "von ", "text von ", "text: ", "par ", "por ", "door ", "di ",
	"author: ", "authors: ", "autor: ", "autorin: ", "autoren: ", "auteur : ", "auteur: ", "autor ", "autorin "}

// agencies are news agencies that a byline names after a comma ("Jane Doe,
// Reuters") or that stand alone as the outlet.
var agencies = setOf("reuters", "ap", "associated press", "the associated press", "afp", "agence france-presse",
	"agence france presse", "dpa", "epd", "kna", "apa", "sda", "ansa", "efe", "europa press", "upi", "bloomberg",
	"xinhua", "tass", "ria novosti", "interfax", "anadolu", "anadolu agency", "pti", "ians", "kyodo", "yonhap",
	"pa", "press association", "belga", "anp", "ap/dpa", "dpa/afp", "afp/dpa", "reuters/dpa")

// roleWords mark a byline part that is a job title, not a name.
var roleWords = setOf("reporter", "correspondent", "editor", "writer", "staff", "contributor", "columnist", "redakteur",
	"redakteurin", "korrespondent", "korrespondentin", "journalist", "journalistin", "autor", "autorin", "chief",
	"senior", "bureau", "analyst", "redaktion", "newsroom", "team", "desk", "rédaction", "redacción")

// nameParticles are lower-case words allowed inside a personal name.
var nameParticles = setOf("van", "von", "der", "den", "de", "da", "del", "della", "di", "du", "la", "le", "al", "el",
	"bin", "ibn", "zu", "ten", "ter", "y", "e", "dos", "das", "do", "st", "mc")

// parseByline reads a byline: "by X via Y - Outlet *date*", "Submitted by
// X via Y,", "By X and Y", "Von X und Y", "X, Reuters".
func parseByline(l string) (byline, bool) {
	if len(l) > 300 || wordCount(l) > 30 {
		return byline{}, false
	}
	var b byline
	s := l
	if m, ok := findDate(s); ok {
		b.date, b.hasDate = m, true
		// Cut the date with the weekday and emphasis around it:
		// "- Newsweek *Friday, Dec 22 2017, 2:02am*".
		before := trimDateLabels(strings.TrimRight(s[:m.start], " *_,(|"))
		after := strings.TrimLeft(s[m.end:], " *_,)|")
		s = collapseSpace(before + " " + after)
	}
	s = strings.Trim(s, " *_,|-–—·")
	low := strings.ToLower(s)
	opener := ""
	for _, p := range bylineOpeners {
		if strings.HasPrefix(low, p) {
			opener = p
			break
		}
	}
	if opener == "" {
		return agencyByline(s, b)
	}
	rest := strings.TrimSpace(s[len(opener):])
	// " - Outlet", " | Outlet", " — Outlet"
	namesPart, outletPart := rest, ""
	for _, sep := range []string{" - ", " – ", " — ", " | ", " · "} {
		if i := strings.Index(rest, sep); i >= 0 {
			namesPart, outletPart = rest[:i], strings.TrimSpace(rest[i+len(sep):])
			if j := strings.IndexAny(outletPart, "|·"); j >= 0 {
				outletPart = strings.TrimSpace(outletPart[:j])
			}
			break
		}
	}
	via := ""
	if i := strings.Index(strings.ToLower(namesPart), " via "); i >= 0 {
		namesPart, via = namesPart[:i], strings.Trim(namesPart[i+5:], " ,;:")
	}
	namesPart = strings.Trim(namesPart, " ,;:")
	outletPart = strings.Trim(outletPart, " ,;:*_")
	names, agency, ok := splitNames(namesPart)
	if !ok {
		return byline{}, false
	}
	b.authors = names
	switch {
	case outletPart != "" && outletShaped(outletPart):
		b.outlet = outletPart
		b.poster = via
	case via != "" && outletShaped(via):
		b.outlet = via
	case agency != "":
		b.outlet = agency
	}
	if b.outlet == "" && agency != "" {
		b.outlet = agency
	}
	return b, len(b.authors) > 0
}

// agencyByline reads "Jane Doe, Reuters" and "Jane Doe (dpa)".
func agencyByline(s string, b byline) (byline, bool) {
	if wordCount(s) > 10 {
		return byline{}, false
	}
	names, agency, ok := splitNames(s)
	if !ok || agency == "" || len(names) == 0 {
		return byline{}, false
	}
	b.authors, b.outlet = names, agency
	return b, true
}

// splitNames splits "A, B and C" into names. A part that is a news agency
// is returned apart; a part that is a job title is dropped; any other part
// that is not shaped like a name makes the whole string no list of names.
func splitNames(s string) (names []string, agency string, ok bool) {
	if s == "" {
		return nil, "", false
	}
	// "Jane Doe (dpa)"
	if strings.HasSuffix(s, ")") {
		if i := strings.LastIndexByte(s, '('); i > 0 {
			in := strings.TrimSpace(s[i+1 : len(s)-1])
			if agencies[strings.ToLower(in)] {
				agency = in
				s = strings.TrimSpace(s[:i])
			}
		}
	}
	parts := splitList(s)
	for _, p := range parts {
		p = strings.Trim(p, " .,;:")
		if p == "" {
			continue
		}
		lp := strings.ToLower(p)
		if agencies[lp] {
			if agency == "" {
				agency = p
			}
			continue
		}
		if isRole(lp) {
			continue
		}
		if !nameShaped(p) {
			return nil, "", false
		}
		names = append(names, p)
	}
	return names, agency, len(names) > 0 || agency != ""
}

// splitList splits on ", ", " and ", " & ", " und ", " et ", " y ", " e ".
func splitList(s string) []string {
	parts := []string{s}
	for _, sep := range []string{", ", " and ", " & ", " und ", " et ", " y ", " e ", " and/or ", "; "} {
		var out []string
		for _, p := range parts {
			for {
				i := strings.Index(p, sep)
				if i < 0 {
					break
				}
				out = append(out, p[:i])
				p = p[i+len(sep):]
			}
			out = append(out, p)
		}
		parts = out
	}
	return parts
}

func isRole(lp string) bool {
	for _, w := range strings.Fields(lp) {
		if roleWords[strings.Trim(w, ".,")] {
			return true
		}
	}
	return false
}

// nameShaped reports whether p looks like a personal name: one to five
// words, capitalised except for particles, no digits.
func nameShaped(p string) bool {
	if len(p) > 60 {
		return false
	}
	w := strings.Fields(p)
	if len(w) == 0 || len(w) > 5 {
		return false
	}
	capitals := 0
	for _, x := range w {
		r, _ := utf8.DecodeRuneInString(x)
		if strings.ContainsAny(x, "0123456789@/:") {
			return false
		}
		switch {
		case unicode.IsUpper(r):
			capitals++
		case nameParticles[strings.ToLower(strings.TrimRight(x, "."))]:
		case strings.HasPrefix(x, "al-") || strings.HasPrefix(x, "el-"):
		default:
			return false
		}
	}
	return capitals > 0
}

// outletShaped reports whether s can be an outlet name: one to six words,
// the first capitalised (or all letters upper-case), no sentence in it.
func outletShaped(s string) bool {
	if s == "" || len(s) > 60 || wordCount(s) > 6 || endsSentenceStrict(s) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r) || unicode.IsDigit(r)
}

// dateline is what the opening of a news story states: "ASTANA (Sputnik) -",
// "BERLIN, 13. Dezember 2017 (dpa) –".
type dateline struct {
	agency  string
	date    dateMatch
	hasDate bool
	end     int // bytes of the paragraph that the dateline covers
}

// parseDateline reads a dateline at the start of a paragraph.
func parseDateline(p string) (dateline, bool) {
	limit := min(len(p), 90)
	head := p[:limit]
	end, sepLen := -1, 0
	for _, sep := range []string{" - ", " – ", " — ", " -- ", "—"} {
		if i := strings.Index(head, sep); i > 0 && (end < 0 || i < end) {
			end, sepLen = i, len(sep)
		}
	}
	if end < 0 {
		return dateline{}, false
	}
	prefix := strings.TrimSpace(p[:end])
	r, _ := utf8.DecodeRuneInString(prefix)
	if !unicode.IsUpper(r) || endsSentenceStrict(prefix) || wordCount(prefix) > 10 {
		return dateline{}, false
	}
	var d dateline
	d.end = end + sepLen
	place := prefix
	if strings.HasSuffix(prefix, ")") {
		if i := strings.LastIndexByte(prefix, '('); i > 0 {
			in := strings.TrimSpace(prefix[i+1 : len(prefix)-1])
			if in != "" && wordCount(in) <= 4 && outletShaped(in) || agencies[strings.ToLower(in)] {
				d.agency = in
			}
			place = strings.TrimSpace(prefix[:i])
		}
	}
	if m, ok := findDate(place); ok {
		d.date, d.hasDate = m, true
		place = strings.TrimSpace(place[:m.start])
	}
	place = strings.Trim(place, " ,")
	// The place: one to four words, the first word in capitals ("ASTANA",
	// "WASHINGTON") or, with an agency, capitalised ("Berlin (dpa)").
	if place == "" || wordCount(place) > 4 {
		return dateline{}, false
	}
	first := strings.Fields(place)[0]
	allCaps := strings.ToUpper(first) == first && strings.ToLower(first) != first
	if !allCaps && d.agency == "" {
		return dateline{}, false
	}
	if !nameShaped(strings.ReplaceAll(place, ",", "")) && !allCaps {
		return dateline{}, false
	}
	return d, true
}

// isCrumbs matches section and tag trails: "international / prose / post",
// "Home > Politics > Europe".
// A trail needs at least minParts parts; a slash needs three ("A / B" is a
// title more often than a trail).
func isCrumbs(l string, minParts int) bool {
	if len(l) > 160 || endsSentenceStrict(l) {
		return false
	}
	for _, sep := range []string{" / ", " > ", " » ", " › ", " | ", " • ", " · "} {
		parts := strings.Split(l, sep)
		if len(parts) < minParts || len(parts) < 3 && sep == " / " {
			continue
		}
		ok := true
		for _, p := range parts {
			if n := wordCount(strings.TrimSpace(p)); n == 0 || n > 3 {
				ok = false
				break
			}
		}
		if ok {
			return true
		}
	}
	return false
}

// relativeUnits maps the words of relative dates to days (0 for "hours" and
// "minutes", which mean the reference day).
var relativeUnits = map[string]int{
	"day": 1, "days": 1, "tag": 1, "tagen": 1, "jour": 1, "jours": 1, "día": 1, "días": 1, "dia": 1, "dias": 1,
	"week": 7, "weeks": 7, "woche": 7, "wochen": 7, "semaine": 7, "semaines": 7, "semana": 7, "semanas": 7,
	"hour": 0, "hours": 0, "hr": 0, "hrs": 0, "stunde": 0, "stunden": 0, "heure": 0, "heures": 0, "hora": 0, "horas": 0,
	"minute": 0, "minutes": 0, "min": 0, "mins": 0, "minuten": 0, "minuto": 0, "minutos": 0,
}

// relativeDate reads a short line that dates the article relative to ref:
// "2 days ago", "yesterday", "vor 3 Tagen", "il y a 2 jours", "hace 2 días".
// It returns the calendar day in ref's zone.
func relativeDate(l string, ref time.Time) (string, bool) {
	if ref.IsZero() || len(l) > 80 || wordCount(l) > 8 {
		return "", false
	}
	toks := tokenize(l)
	words := 0
	for _, t := range toks {
		if t.kind == tokWord {
			words++
		}
	}
	back := -1
	for i, t := range toks {
		if t.kind == tokWord {
			switch t.word {
			case "yesterday", "gestern", "hier", "ayer", "ieri", "gisteren":
				back = 1
			case "today", "heute", "aujourd", "hoy", "oggi", "vandaag":
				back = 0
			}
		}
		if t.kind == tokNum && i+1 < len(toks) && toks[i+1].kind == tokWord {
			if days, ok := relativeUnits[toks[i+1].word]; ok && t.num < 400 {
				// "2 days ago", "vor 2 Tagen", "il y a 2 jours", "hace 2 días"
				ago := false
				for _, u := range toks {
					if u.kind == tokWord && (u.word == "ago" || u.word == "vor" || u.word == "hace" || u.word == "fa" || u.word == "geleden" || u.word == "il") {
						ago = true
					}
				}
				if ago {
					back = days * t.num
				}
			}
		}
	}
	if back < 0 || words > 5 {
		return "", false
	}
	d := ref.AddDate(0, 0, -back)
	return fmtDate(d.Year(), int(d.Month()), d.Day()), validDate(d.Year(), int(d.Month()), d.Day())
}

// trimDateLabels drops the weekday and label words that led up to a date
// cut from the end of s: "Posted by X on", "By X | Published", "X, Fri,".
func trimDateLabels(s string) string {
	for k := 0; k < 4; k++ {
		s = strings.TrimRight(s, " ,|-–—·*_(:")
		i := strings.LastIndexByte(s, ' ')
		if i < 0 {
			break
		}
		w := strings.ToLower(strings.Trim(s[i+1:], ".,*_(:"))
		if !dateLabels[w] {
			break
		}
		s = s[:i]
	}
	return strings.TrimRight(s, " ,|-–—·*_(:")
}
