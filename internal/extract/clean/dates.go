package clean

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Years outside this range are taken for something else than a news
// publication date (a historical date in a sentence, an id, a typo).
const (
	minYear = 1990
	maxYear = 2099
)

// maxDateInput bounds the text a date is looked for in, so a caller handing
// a whole page to DateFromText does bounded work.
const maxDateInput = 64 << 10

// monthNames maps lower-case month names and abbreviations in English,
// German, French, Spanish, Italian, Portuguese and Dutch to month numbers.
// Names are matched as whole words, so "mar" does not match "market".
var monthNames = map[string]int{
	// English
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
	"october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
	// German
	"januar": 1, "jänner": 1, "jän": 1, "februar": 2, "feber": 2, "märz": 3, "mär": 3,
	"mai": 5, "juni": 6, "juli": 7, "oktober": 10, "okt": 10, "dezember": 12, "dez": 12,
	// French
	"janvier": 1, "janv": 1, "février": 2, "fevrier": 2, "févr": 2, "fév": 2, "mars": 3,
	"avril": 4, "avr": 4, "juin": 6, "juillet": 7, "juil": 7, "août": 8, "aout": 8,
	"septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12, "déc": 12,
	// Spanish
	"enero": 1, "ene": 1, "febrero": 2, "marzo": 3, "abril": 4, "abr": 4, "mayo": 5,
	"junio": 6, "julio": 7, "agosto": 8, "ago": 8, "septiembre": 9, "setiembre": 9,
	"set": 9, "octubre": 10, "noviembre": 11, "diciembre": 12, "dic": 12,
	// Italian
	"gennaio": 1, "gen": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "mag": 5,
	"giugno": 6, "giu": 6, "luglio": 7, "lug": 7, "settembre": 9, "sett": 9,
	"ottobre": 10, "ott": 10, "dicembre": 12,
	// Portuguese
	"janeiro": 1, "fevereiro": 2, "fev": 2, "março": 3, "maio": 5, "junho": 6,
	"julho": 7, "setembro": 9, "outubro": 10, "out": 10, "novembro": 11, "dezembro": 12,
	// Dutch
	"januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
}

// ordinalSuffixes may follow a day number directly: "22nd", "1er", "1º".
var ordinalSuffixes = map[string]bool{
	"st": true, "nd": true, "rd": true, "th": true, "er": true, "re": true, "e": true, "º": true, "o": true,
}

// dayMonthLinks may stand between the day, the month and the year:
// "13 de diciembre de 2017", "1 del 2018", "13 di dicembre".
var dayMonthLinks = map[string]bool{"de": true, "del": true, "di": true, "of": true}

// timeLinks may stand between a date and its time: "at 5:02 pm", "um 14:30".
var timeLinks = map[string]bool{
	"at": true, "um": true, "à": true, "a": true, "las": true, "alle": true, "om": true, "ore": true, "às": true,
}

type tokKind uint8

const (
	tokNum tokKind = iota + 1
	tokWord
	tokPunct
)

// token is one run of digits, one run of letters, or one other non-space
// character of the text a date is looked for in.
type token struct {
	kind    tokKind
	start   int // byte offsets in the scanned text
	end     int
	spaceB  bool   // whitespace precedes the token
	num     int    // value of a tokNum (capped)
	ndig    int    // digits in a tokNum
	word    string // lower-cased tokWord, or the punctuation character
	isUpper bool   // a tokWord starting with an upper-case letter
}

// tokenize splits s into tokens. It allocates one slice and, for words, one
// lower-cased string each; inputs are bounded by the callers.
func tokenize(s string) []token {
	toks := make([]token, 0, len(s)/3+1)
	space := true
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case unicode.IsSpace(r):
			space = true
			i += size
			continue
		case r >= '0' && r <= '9':
			j, n, nd := i, 0, 0
			for j < len(s) && s[j] >= '0' && s[j] <= '9' {
				if nd < 9 {
					n = n*10 + int(s[j]-'0')
				}
				nd++
				j++
			}
			toks = append(toks, token{kind: tokNum, start: i, end: j, spaceB: space, num: n, ndig: nd})
			i = j
		case unicode.IsLetter(r) || r == 'º':
			j := i + size
			for j < len(s) {
				r2, s2 := utf8.DecodeRuneInString(s[j:])
				if !unicode.IsLetter(r2) {
					break
				}
				j += s2
			}
			toks = append(toks, token{kind: tokWord, start: i, end: j, spaceB: space,
				word: strings.ToLower(s[i:j]), isUpper: unicode.IsUpper(r)})
			i = j
		default:
			toks = append(toks, token{kind: tokPunct, start: i, end: i + size, spaceB: space, word: s[i : i+size]})
			i += size
		}
		space = false
	}
	return toks
}

// dateMatch is a date found in a text, with the bytes it covers.
type dateMatch struct {
	y, m, d    int
	hasTime    bool
	hh, mm, ss int
	zone       string // "Z", "+01:00"; "" when none was written
	start, end int    // byte span in the scanned text
	ambiguous  bool   // day and month could be swapped ("05/06/2017")
	tokEnd     int    // index of the token after the match
}

// String formats the match as RFC 3339: a date-time when the text states a
// time and its zone, else only the date: RFC 3339 has no zone-less form, and
// giving one the text does not state would invent a fact.
func (d dateMatch) String() string {
	var b strings.Builder
	b.Grow(25)
	pad(&b, d.y, 4)
	b.WriteByte('-')
	pad(&b, d.m, 2)
	b.WriteByte('-')
	pad(&b, d.d, 2)
	if d.hasTime && d.zone != "" {
		b.WriteByte('T')
		pad(&b, d.hh, 2)
		b.WriteByte(':')
		pad(&b, d.mm, 2)
		b.WriteByte(':')
		pad(&b, d.ss, 2)
		b.WriteString(d.zone)
	}
	return b.String()
}

func pad(b *strings.Builder, n, width int) {
	var buf [8]byte
	i := len(buf)
	for n > 0 || i == len(buf) {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	for len(buf)-i < width {
		b.WriteByte('0')
		width--
	}
	b.Write(buf[i:])
}

// DateFromText returns the first plausible date written in s as an RFC 3339
// date ("2017-12-13") or date-time ("2017-12-22T02:02:00Z"). It reads ISO
// dates, numeric dates (12/28/2017 in US order, 28.12.2017 day first),
// month-name dates in English, German, French, Spanish, Italian, Portuguese
// and Dutch ("Dec 22 2017", "13 December, 2017", "13. Dezember 2017",
// "13 de diciembre de 2017") and a time that follows them ("2:02am",
// "16:51", "at 5:02 pm"). A numeric date whose day and month could be
// swapped is returned only when no unambiguous date follows. Years outside
// 1990–2099 are ignored; a date is never guessed from a month or year alone.
func DateFromText(s string) (date string, ok bool) {
	m, ok := findDate(s)
	if !ok {
		return "", false
	}
	return m.String(), true
}

// findDate is DateFromText returning the match with its span.
func findDate(s string) (dateMatch, bool) {
	if len(s) > maxDateInput {
		s = s[:maxDateInput]
	}
	if !mayHoldDate(s) {
		return dateMatch{}, false
	}
	toks := tokenize(s)
	var amb dateMatch
	haveAmb := false
	for i := 0; i < len(toks); i++ {
		m, ok := dateAt(toks, i)
		if !ok {
			continue
		}
		m.start = toks[i].start
		m.end = toks[m.tokEnd-1].end
		if m.ambiguous {
			if !haveAmb {
				amb, haveAmb = m, true
			}
			i = m.tokEnd - 1
			continue
		}
		return m, true
	}
	return amb, haveAmb
}

// mayHoldDate is a cheap filter: every date form has at least three digits
// in it (a day and a year, or an 8-digit run).
func mayHoldDate(s string) bool {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
			if n >= 3 {
				return true
			}
		}
	}
	return false
}

// dateAt tries every date form starting at token i.
func dateAt(t []token, i int) (dateMatch, bool) {
	switch t[i].kind {
	case tokNum:
		if m, ok := isoAt(t, i); ok {
			return withTime(t, m), true
		}
		if m, ok := numericAt(t, i); ok {
			return withTime(t, m), true
		}
		if m, ok := dayMonthAt(t, i); ok {
			return withTime(t, m), true
		}
	case tokWord:
		if m, ok := monthDayAt(t, i); ok {
			return withTime(t, m), true
		}
	}
	return dateMatch{}, false
}

func isPunct(t []token, i int, p string) bool {
	return i < len(t) && t[i].kind == tokPunct && t[i].word == p
}

// adjacent reports whether token i exists and touches the previous one.
func adjacent(t []token, i int) bool { return i < len(t) && !t[i].spaceB }

func isNum(t []token, i, minDig, maxDig int) bool {
	return i < len(t) && t[i].kind == tokNum && t[i].ndig >= minDig && t[i].ndig <= maxDig
}

// numBoundary reports whether the token after a date's last number does not
// continue it as a longer number ("2017-12-13-5" is still a date, "1.2.2017.3"
// is a version-like string).
func numBoundary(t []token, j int) bool {
	if j >= len(t) || t[j].spaceB {
		return true
	}
	if t[j].kind == tokNum {
		return false
	}
	if t[j].kind == tokPunct && (t[j].word == "." || t[j].word == "/") && isNum(t, j+1, 1, 9) && adjacent(t, j+1) {
		return false
	}
	return true
}

// isoAt reads YYYY-MM-DD (also with / or . between the parts).
func isoAt(t []token, i int) (dateMatch, bool) {
	if !isNum(t, i, 4, 4) || i+4 >= len(t) {
		return dateMatch{}, false
	}
	if i > 0 && !t[i].spaceB && t[i-1].kind == tokPunct && (t[i-1].word == "." || t[i-1].word == "/") && i > 1 && t[i-2].kind == tokNum {
		return dateMatch{}, false
	}
	sep := t[i+1].word
	if t[i+1].kind != tokPunct || (sep != "-" && sep != "/" && sep != ".") || !adjacent(t, i+1) {
		return dateMatch{}, false
	}
	if !isNum(t, i+2, 1, 2) || !adjacent(t, i+2) || !isPunct(t, i+3, sep) || !adjacent(t, i+3) || !isNum(t, i+4, 1, 2) || !adjacent(t, i+4) {
		return dateMatch{}, false
	}
	if !numBoundary(t, i+5) {
		return dateMatch{}, false
	}
	m := dateMatch{y: t[i].num, m: t[i+2].num, d: t[i+4].num, tokEnd: i + 5}
	return m, validDate(m.y, m.m, m.d)
}

// numericAt reads D/M/Y, M/D/Y, D.M.Y and D-M-Y with a 4- or 2-digit year.
// A slash means US order (month first) unless the first part cannot be a
// month; dots and dashes mean day first unless the second part cannot be a
// month. Slash dates whose parts could both be months are ambiguous.
func numericAt(t []token, i int) (dateMatch, bool) {
	if !isNum(t, i, 1, 2) || i+4 >= len(t) {
		return dateMatch{}, false
	}
	if i > 0 && !t[i].spaceB && t[i-1].kind == tokPunct && (t[i-1].word == "." || t[i-1].word == "/" || t[i-1].word == "-") && i > 1 && t[i-2].kind == tokNum {
		return dateMatch{}, false // the tail of a longer number group
	}
	sep := t[i+1].word
	if t[i+1].kind != tokPunct || (sep != "/" && sep != "." && sep != "-") || !adjacent(t, i+1) {
		return dateMatch{}, false
	}
	if !isNum(t, i+2, 1, 2) || !adjacent(t, i+2) || !isPunct(t, i+3, sep) || !adjacent(t, i+3) || !adjacent(t, i+4) {
		return dateMatch{}, false
	}
	if !isNum(t, i+4, 4, 4) && !(isNum(t, i+4, 2, 2) && sep != "-") {
		return dateMatch{}, false
	}
	if !numBoundary(t, i+5) {
		return dateMatch{}, false
	}
	a, b, y := t[i].num, t[i+2].num, t[i+4].num
	if t[i+4].ndig == 2 {
		y = expandYear(y)
	}
	m := dateMatch{y: y, tokEnd: i + 5}
	switch {
	case sep == "/" && a <= 12 && b <= 12:
		m.m, m.d, m.ambiguous = a, b, a != b
	case sep == "/" && a <= 12:
		m.m, m.d = a, b
	case b <= 12:
		m.m, m.d = b, a
	default:
		m.m, m.d = a, b
	}
	return m, validDate(m.y, m.m, m.d)
}

func expandYear(y int) int {
	if y < 70 {
		return 2000 + y
	}
	return 1900 + y
}

// monthAt reads a month name at token i, with an optional abbreviation dot.
// It returns the month and the index after it.
func monthAt(t []token, i int) (int, int, bool) {
	if i >= len(t) || t[i].kind != tokWord {
		return 0, 0, false
	}
	mo, ok := monthNames[t[i].word]
	if !ok {
		return 0, 0, false
	}
	// "may" and "mar" are common words: accept them only capitalised.
	if (t[i].word == "may" || t[i].word == "mar" || t[i].word == "set" || t[i].word == "out" || t[i].word == "gen") && !t[i].isUpper {
		return 0, 0, false
	}
	j := i + 1
	if isPunct(t, j, ".") && adjacent(t, j) {
		j++
	}
	return mo, j, true
}

// dayAt reads a day number with an optional ordinal suffix or dot.
func dayAt(t []token, i int) (int, int, bool) {
	if !isNum(t, i, 1, 2) || t[i].num < 1 || t[i].num > 31 {
		return 0, 0, false
	}
	j := i + 1
	if j < len(t) && adjacent(t, j) {
		switch {
		case t[j].kind == tokWord && ordinalSuffixes[t[j].word]:
			j++
		case isPunct(t, j, "."):
			j++
		case t[j].kind == tokNum || t[j].kind == tokWord:
			return 0, 0, false // "22a", "225"
		}
	}
	return t[i].num, j, true
}

// yearAt reads a 4-digit year that ends a month-name date.
func yearAt(t []token, i int) (int, bool) {
	if !isNum(t, i, 4, 4) || !numBoundary(t, i+1) {
		return 0, false
	}
	return t[i].num, true
}

// monthDayAt reads "December 13, 2017", "Dec. 13th 2017", "Dec 22 2017".
func monthDayAt(t []token, i int) (dateMatch, bool) {
	mo, j, ok := monthAt(t, i)
	if !ok {
		return dateMatch{}, false
	}
	d, j, ok := dayAt(t, j)
	if !ok {
		return dateMatch{}, false
	}
	if isPunct(t, j, ",") {
		j++
	}
	y, ok := yearAt(t, j)
	if !ok {
		return dateMatch{}, false
	}
	m := dateMatch{y: y, m: mo, d: d, tokEnd: j + 1}
	return m, validDate(y, mo, d)
}

// dayMonthAt reads "13 December, 2017", "13. Dezember 2017",
// "13 de diciembre de 2017", "1er janvier 2018".
func dayMonthAt(t []token, i int) (dateMatch, bool) {
	d, j, ok := dayAt(t, i)
	if !ok {
		return dateMatch{}, false
	}
	if j < len(t) && t[j].kind == tokWord && dayMonthLinks[t[j].word] {
		j++
	}
	mo, j, ok := monthAt(t, j)
	if !ok {
		return dateMatch{}, false
	}
	if isPunct(t, j, ",") {
		j++
	}
	if j < len(t) && t[j].kind == tokWord && dayMonthLinks[t[j].word] {
		j++
	}
	y, ok := yearAt(t, j)
	if !ok {
		return dateMatch{}, false
	}
	m := dateMatch{y: y, m: mo, d: d, tokEnd: j + 1}
	return m, validDate(y, mo, d)
}

// withTime extends m with a time of day written right after it.
func withTime(t []token, m dateMatch) dateMatch {
	j := m.tokEnd
	// Separators between a date and its time: ", 2:02am", " - 16:51",
	// "T10:00", " at 5:02 pm", " | 14:30".
	for k := 0; k < 2 && j < len(t); k++ {
		switch {
		case t[j].kind == tokPunct && (t[j].word == "," || t[j].word == "-" || t[j].word == "|" || t[j].word == "·" || t[j].word == "–" || t[j].word == "*" || t[j].word == "@"):
			j++
		case t[j].kind == tokWord && (t[j].word == "t" && !t[j].spaceB || timeLinks[t[j].word]):
			j++
		}
	}
	if !isNum(t, j, 1, 2) || !isPunct(t, j+1, ":") || !adjacent(t, j+1) || !isNum(t, j+2, 2, 2) || !adjacent(t, j+2) {
		return m
	}
	hh, mm, ss := t[j].num, t[j+2].num, 0
	k := j + 3
	if isPunct(t, k, ":") && adjacent(t, k) && isNum(t, k+1, 2, 2) && adjacent(t, k+1) {
		ss = t[k+1].num
		k += 2
		if isPunct(t, k, ".") && adjacent(t, k) && isNum(t, k+1, 1, 9) && adjacent(t, k+1) {
			k += 2 // fractional seconds are dropped
		}
	}
	// am/pm, "a.m.", "Uhr", "h"
	if k < len(t) && t[k].kind == tokWord {
		switch t[k].word {
		case "am", "pm":
			hh = ampm(hh, t[k].word == "pm")
			k++
		case "a", "p":
			if isPunct(t, k+1, ".") && k+2 < len(t) && t[k+2].word == "m" {
				hh = ampm(hh, t[k].word == "p")
				k += 3
				if isPunct(t, k, ".") {
					k++
				}
			}
		case "uhr", "h":
			k++
		}
	}
	if hh > 23 || mm > 59 || ss > 60 || hh < 0 {
		return m
	}
	if ss == 60 {
		ss = 59
	}
	m.hasTime, m.hh, m.mm, m.ss = true, hh, mm, ss
	m.tokEnd = k
	// Zone: "Z", "+01:00", "+0100", "UTC", "GMT".
	switch {
	case k < len(t) && t[k].kind == tokWord && adjacent(t, k) && t[k].word == "z":
		m.zone = "Z"
		m.tokEnd = k + 1
	case k < len(t) && t[k].kind == tokWord && (t[k].word == "utc" || t[k].word == "gmt"):
		m.zone = "Z"
		m.tokEnd = k + 1
		if (isPunct(t, k+1, "+") || isPunct(t, k+1, "-")) && adjacent(t, k+1) {
			if z, e, ok := zoneAt(t, k+1); ok {
				m.zone, m.tokEnd = z, e
			}
		}
	case k < len(t) && (isPunct(t, k, "+") || isPunct(t, k, "-")):
		if z, e, ok := zoneAt(t, k); ok {
			m.zone, m.tokEnd = z, e
		}
	}
	return m
}

// zoneAt reads a numeric zone offset "+01:00", "+0100", "-05" at token k.
func zoneAt(t []token, k int) (string, int, bool) {
	sign := t[k].word
	switch {
	case isNum(t, k+1, 4, 4) && adjacent(t, k+1):
		h, mi := t[k+1].num/100, t[k+1].num%100
		if h > 14 || mi > 59 {
			return "", 0, false
		}
		return offset(sign, h, mi), k + 2, true
	case isNum(t, k+1, 2, 2) && adjacent(t, k+1):
		h, mi, e := t[k+1].num, 0, k+2
		if isPunct(t, k+2, ":") && adjacent(t, k+2) && isNum(t, k+3, 2, 2) && adjacent(t, k+3) {
			mi, e = t[k+3].num, k+4
		}
		if h > 14 || mi > 59 {
			return "", 0, false
		}
		return offset(sign, h, mi), e, true
	}
	return "", 0, false
}

func offset(sign string, h, m int) string {
	if h == 0 && m == 0 {
		return "Z"
	}
	var b strings.Builder
	b.WriteString(sign)
	pad(&b, h, 2)
	b.WriteByte(':')
	pad(&b, m, 2)
	return b.String()
}

func ampm(h int, pm bool) int {
	if h < 1 || h > 12 {
		return 99 // invalid: "15:00 pm"
	}
	if h == 12 {
		h = 0
	}
	if pm {
		h += 12
	}
	return h
}

// validDate reports whether y-m-d is a real calendar day in the plausible
// range for a publication date.
func validDate(y, m, d int) bool {
	if y < minYear || y > maxYear || m < 1 || m > 12 || d < 1 {
		return false
	}
	return d <= daysIn(y, m)
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// DateFromURL returns the publication date written in a URL's path or query,
// as "YYYY-MM-DD": /2017/12/22/, 2017-12-22, /20240124/, 22-12-2017 (day
// first), 22122017. The host is not read. A year with a month but no day is
// not a date.
func DateFromURL(u string) (date string, ok bool) {
	if len(u) > 4096 {
		u = u[:4096]
	}
	// Skip scheme and host: digits in a host name are never a date.
	if i := strings.Index(u, "://"); i >= 0 {
		rest := u[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			u = rest[j:]
		} else {
			return "", false
		}
	}
	for i := 0; i < len(u); {
		if !isDigit(u[i]) {
			i++
			continue
		}
		j := i
		for j < len(u) && isDigit(u[j]) {
			j++
		}
		if d, ok := urlDateAt(u, i, j); ok {
			return d, true
		}
		i = j
	}
	return "", false
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func isURLSep(c byte) bool { return c == '/' || c == '-' || c == '_' || c == '.' }

// urlDateAt tries the URL date forms for the digit run u[i:j].
func urlDateAt(u string, i, j int) (string, bool) {
	if i > 0 && isLetterByte(u[i-1]) && j-i != 8 {
		// "v2017" or "id12" are not dates; "art20171222" (8 digits) may be.
		return "", false
	}
	n := j - i
	switch n {
	case 8:
		if j < len(u) && isLetterByte(u[j]) {
			return "", false
		}
		y, m, d := atoi(u[i:i+4]), atoi(u[i+4:i+6]), atoi(u[i+6:j])
		if validDate(y, m, d) {
			return fmtDate(y, m, d), true
		}
		d, m, y = atoi(u[i:i+2]), atoi(u[i+2:i+4]), atoi(u[i+4:j])
		if validDate(y, m, d) {
			return fmtDate(y, m, d), true
		}
	case 4:
		// YYYY sep MM sep DD
		y := atoi(u[i:j])
		m, k, ok := urlPart(u, j)
		if !ok {
			return "", false
		}
		dStart := k + 1
		d, k, ok := urlPart(u, k)
		if !ok || (k < len(u) && isDigit(u[k])) {
			return "", false
		}
		// "/2023/10/3-questions-for-x/": a one-digit number opening a slug is
		// a word of the title, not a day.
		if k-dStart == 1 && k < len(u) && u[k] == '-' {
			return "", false
		}
		if validDate(y, m, d) {
			return fmtDate(y, m, d), true
		}
	case 1, 2:
		// DD sep MM sep YYYY, only with - _ or . (a slash path /12/05/2017/ is rare
		// and would be US order).
		d := atoi(u[i:j])
		if j >= len(u) || (u[j] != '-' && u[j] != '_' && u[j] != '.') {
			return "", false
		}
		sep := u[j]
		m, k, ok := urlPart(u, j)
		if !ok || k >= len(u) || u[k] != sep {
			return "", false
		}
		e := k + 1
		for e < len(u) && isDigit(u[e]) {
			e++
		}
		if e-(k+1) != 4 || (e < len(u) && isLetterByte(u[e])) {
			return "", false
		}
		y := atoi(u[k+1 : e])
		if validDate(y, m, d) {
			return fmtDate(y, m, d), true
		}
	}
	return "", false
}

// urlPart reads a separator at u[k] and a 1–2 digit number after it.
func urlPart(u string, k int) (int, int, bool) {
	if k >= len(u) || !isURLSep(u[k]) {
		return 0, 0, false
	}
	k++
	e := k
	for e < len(u) && isDigit(u[e]) {
		e++
	}
	if e-k < 1 || e-k > 2 {
		return 0, 0, false
	}
	return atoi(u[k:e]), e, true
}

func isLetterByte(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

func fmtDate(y, m, d int) string {
	return dateMatch{y: y, m: m, d: d}.String()
}
