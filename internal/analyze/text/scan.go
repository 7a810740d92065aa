package text

import (
	"unicode"
	"unicode/utf8"
)

// kind classifies a scanned token for the sentence splitter.
type kind uint8

const (
	kWord    kind = iota // letters, digits, numbers, URLs
	kPunct               // any other punctuation or symbol
	kTerm                // sentence-final punctuation: . ! ? ... …
	kAbbr                // abbreviation that may end a sentence: U.S., Inc., Dec.
	kTitle               // abbreviation that never ends one: Mr., Gen., No.
	kInitial             // a capital letter and a period: J.
	kDash                // - -- – —, for datelines
)

// tok is a Token plus what the splitter needs to know about the whitespace
// before it.
type tok struct {
	Token
	kind kind
	// nl counts the line breaks before the token, capped at 2 (a blank line).
	nl uint8
	// prevLine is the length in bytes of the line that ended before this
	// token when nl == 1: short lines are headlines or list items.
	prevLine int32
}

// scan tokenises s, appending to buf.
func scan(s string, buf []tok) []tok {
	if buf == nil {
		buf = make([]tok, 0, len(s)/5+1)
	}
	var nl uint8
	lineStart := 0
	prevLine := int32(0)
	i := 0
	for i < len(s) {
		c := s[i]
		// Whitespace, with line-break bookkeeping.
		if c < utf8.RuneSelf {
			if c == '\n' || (c == '\r' && (i+1 >= len(s) || s[i+1] != '\n')) {
				if nl < 2 {
					nl++
				}
				prevLine = int32(i - lineStart)
				i++
				lineStart = i
				continue
			}
			if c <= ' ' || c == 0x7f {
				i++
				continue
			}
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == '\u2028' || r == '\u2029' {
				if nl < 2 {
					nl++
				}
				prevLine = int32(i - lineStart)
				i += size
				lineStart = i
				continue
			}
			if isSpaceRune(r) {
				i += size
				continue
			}
		}
		end, k := scanToken(s, i, buf)
		if end <= i { // cannot happen; guarantees progress on any input
			end = i + 1
		}
		buf = append(buf, tok{Token: Token{Text: s[i:end], Start: i, End: end}, kind: k, nl: nl, prevLine: prevLine})
		nl = 0
		i = end
	}
	return buf
}

func isSpaceRune(r rune) bool {
	switch r {
	case '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', '\u00ad':
		return true
	}
	return unicode.IsSpace(r) || (r < 0xa0 && r >= 0x80) // C1 controls
}

// isWordRune reports whether r can be part of a word or number.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return ('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9') || r == '_'
	}
	if r == utf8.RuneError {
		return false
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
}

// runeAt decodes the rune at s[i:], returning 0 at the end of s.
func runeAt(s string, i int) (rune, int) {
	if i >= len(s) {
		return 0, 0
	}
	if c := s[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRuneInString(s[i:])
}

// runeBefore decodes the rune ending at s[:i], returning 0 at the start.
func runeBefore(s string, i int) (rune, int) {
	if i <= 0 {
		return 0, 0
	}
	if c := s[i-1]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeLastRuneInString(s[:i])
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' }

func isHyphen(r rune) bool { return r == '-' || r == '\u2010' || r == '\u2011' }

// wordEnd returns the end of the run of word runes starting at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '_' {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if !isWordRune(r) {
			return i
		}
		i += size
	}
	return i
}

// hasPrefixFold reports whether s[i:] starts with the ASCII lower-case
// prefix p, ignoring ASCII case.
func hasPrefixFold(s string, i int, p string) bool {
	if len(s)-i < len(p) {
		return false
	}
	for k := 0; k < len(p); k++ {
		c := s[i+k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[k] {
			return false
		}
	}
	return true
}

// clitic returns the length of a clitic ("'s", "'re", "n't" ...) starting at
// s[i:], or 0. A clitic is split off only when no letter follows it.
func clitic(s string, i int) int {
	j := i
	if hasPrefixFold(s, j, "n") {
		r, size := runeAt(s, j+1)
		if !isApostrophe(r) || !hasPrefixFold(s, j+1+size, "t") {
			return 0
		}
		j += 1 + size + 1
		if r2, _ := runeAt(s, j); isWordRune(r2) {
			return 0
		}
		return j - i
	}
	r, size := runeAt(s, j)
	if !isApostrophe(r) {
		return 0
	}
	j += size
	for _, suf := range [...]string{"s", "re", "ve", "ll", "d", "m"} {
		if hasPrefixFold(s, j, suf) {
			if r2, _ := runeAt(s, j+len(suf)); !isWordRune(r2) {
				return j + len(suf) - i
			}
		}
	}
	return 0
}

// scanToken returns the end and kind of the token starting at s[i], which
// is not whitespace. prev holds the tokens scanned so far.
func scanToken(s string, i int, prev []tok) (int, kind) {
	// A clitic glued to the previous word: "Putin's" -> Putin 's.
	if n := len(prev); n > 0 && prev[n-1].End == i && prev[n-1].kind == kWord {
		if l := clitic(s, i); l > 0 {
			return i + l, kWord
		}
	}
	r, size := runeAt(s, i)
	switch {
	case isWordRune(r):
		if hasPrefixFold(s, i, "http://") || hasPrefixFold(s, i, "https://") || hasPrefixFold(s, i, "www.") {
			return scanURL(s, i), kWord
		}
		return scanWord(s, i)
	case r == '.':
		if i+1 < len(s) && isDigit(s[i+1]) {
			if rb, _ := runeBefore(s, i); !isWordRune(rb) {
				return scanWord(s, i)
			}
		}
		j := i
		for j < len(s) && s[j] == '.' {
			j++
		}
		return j, kTerm
	case r == '!' || r == '?':
		j := i
		for j < len(s) && (s[j] == '!' || s[j] == '?') {
			j++
		}
		return j, kTerm
	case r == '\u2026': // …
		return i + size, kTerm
	case r == '-':
		j := i
		for j < len(s) && s[j] == '-' {
			j++
		}
		return j, kDash
	case r == '\u2013' || r == '\u2014' || r == '\u2015':
		return i + size, kDash
	case r == '`' || r == '\'':
		if i+1 < len(s) && s[i+1] == s[i] {
			return i + 2, kPunct
		}
		return i + 1, kPunct
	case r == '#' || r == '@':
		if r2, _ := runeAt(s, i+1); isWordRune(r2) {
			return wordEnd(s, i+1), kWord
		}
	}
	return i + size, kPunct
}

// scanWord scans a word or number starting at i, keeping internal
// hyphens, apostrophes (O'Neill), number separators, "&" between capitals
// (AT&T), e-mail addresses and abbreviation periods.
func scanWord(s string, i int) (int, kind) {
	j := i
	if s[j] == '.' { // ".5"
		j++
	}
	email := false
	for {
		runStart := j
		j = wordEnd(s, j)
		if j >= len(s) {
			return j, kWord
		}
		// A single letter followed by a period: an initial or a dotted
		// abbreviation (U.S., e.g., a.m.).
		if s[j] == '.' && runStart == i {
			if r, size := runeAt(s, i); size == j-i && unicode.IsLetter(r) {
				return dotted(s, i, j, unicode.IsUpper(r))
			}
			if phD(s, i, j) {
				return dotted(s, i, j, true)
			}
		}
		c := s[j]
		switch {
		case (c == '.' || c == ':' || c == '/') && j > i && isDigit(s[j-1]) && j+1 < len(s) && isDigit(s[j+1]):
			j++
			continue
		case c == ',' && j > i && isDigit(s[j-1]) && thousands(s, j+1):
			j++
			continue
		case c == '&' && j > i && isUpperASCII(s[j-1]) && j+1 < len(s) && isUpperASCII(s[j+1]):
			j++
			continue
		case c == '@' && j > i && !email:
			if r, _ := runeAt(s, j+1); isWordRune(r) {
				email = true
				j++
				continue
			}
		case c == '.' && j > i:
			if r, _ := runeAt(s, j+1); isWordRune(r) && (email || domainTail(s, j+1) || emailAhead(s, j+1)) {
				j++
				continue
			}
		}
		r, size := runeAt(s, j)
		rb, _ := runeBefore(s, j)
		switch {
		case isHyphen(r) && isWordRune(rb):
			if r2, _ := runeAt(s, j+size); isWordRune(r2) {
				j += size
				continue
			}
		case isApostrophe(r) && unicode.IsLetter(rb):
			if l := clitic(s, j); l > 0 {
				return j, kWord
			}
			if j-1 > i && (s[j-1] == 'n' || s[j-1] == 'N') && clitic(s, j-1) > 0 {
				return j - 1, kWord // do|n't
			}
			if r2, _ := runeAt(s, j+size); unicode.IsLetter(r2) {
				j += size
				continue
			}
		}
		break
	}
	if s[j] == '.' && !(j+1 < len(s) && s[j+1] == '.') {
		w := s[i:j]
		if _, ok := titles[w]; ok {
			return j + 1, kTitle
		}
		if _, ok := abbrevs[w]; ok {
			return j + 1, kAbbr
		}
		if _, ok := numAbbrevs[w]; ok && digitFollows(s, j+1) {
			return j + 1, kTitle
		}
	}
	return j, kWord
}

// dotted scans an initial ("J.") or a dotted abbreviation ("U.S.") whose
// first letter is s[i:j] and s[j] == '.'.
func dotted(s string, i, j int, upper bool) (int, kind) {
	k := j + 1
	pairs := 1
	for {
		r, size := runeAt(s, k)
		if !unicode.IsLetter(r) || k+size >= len(s) || s[k+size] != '.' {
			break
		}
		if r2, _ := runeAt(s, k+size+1); r2 == '.' {
			break // "A.B..." : ellipsis follows
		}
		k += size + 1
		pairs++
	}
	if pairs >= 2 {
		// "U.S.-led": a hyphenated compound goes on.
		joined := false
		for k < len(s) && s[k] == '-' {
			r, _ := runeAt(s, k+1)
			if !isWordRune(r) {
				break
			}
			k = wordEnd(s, k+1)
			joined = true
		}
		if joined {
			return k, kWord
		}
	}
	if rn, _ := runeAt(s, k); isWordRune(rn) && pairs >= 2 {
		// "U.S.A" without the final period, or "e.g.x": keep what we have.
		return k, kAbbr
	}
	switch {
	case pairs >= 2:
		return k, kAbbr
	case upper && !(j+1 < len(s) && s[j+1] == '.'):
		return j + 1, kInitial
	}
	if w := s[i:j]; numAbbrevs[w] && digitFollows(s, j+1) {
		return j + 1, kTitle // p. 5
	}
	return j, kWord
}

func isUpperASCII(c byte) bool { return 'A' <= c && c <= 'Z' }

// thousands reports whether s[i:] starts with exactly three digits, as after
// the comma of "2,000".
func thousands(s string, i int) bool {
	if len(s)-i < 3 || !isDigit(s[i]) || !isDigit(s[i+1]) || !isDigit(s[i+2]) {
		return false
	}
	return i+3 >= len(s) || !isDigit(s[i+3])
}

// digitFollows reports whether a digit follows s[i:] after at most one space.
func digitFollows(s string, i int) bool {
	if i < len(s) && s[i] == ' ' {
		i++
	}
	return i < len(s) && isDigit(s[i])
}

// domainTail reports whether s[i:] starts with a common top-level domain
// followed by a non-letter, so that "Amazon.com" stays one token while
// "end.Start" (a missing space) is split.
func domainTail(s string, i int) bool {
	e := i
	for e < len(s) && 'a' <= s[e] && s[e] <= 'z' {
		e++
	}
	if e < len(s) {
		if r, _ := runeAt(s, e); isWordRune(r) {
			return false
		}
	}
	_, ok := tlds[s[i:e]]
	return ok
}

// scanURL scans a URL up to whitespace, leaving off trailing punctuation
// that belongs to the sentence.
func scanURL(s string, i int) int {
	j := i
	open := 0
	for j < len(s) {
		r, size := runeAt(s, j)
		if r <= ' ' || isSpaceRune(r) || r == '"' || r == '<' || r == '>' || r == '\u201c' || r == '\u201d' {
			break
		}
		switch r {
		case '(':
			open++
		case ')':
			open--
		}
		j += size
	}
	for j > i {
		r, size := runeBefore(s, j)
		if r == ')' && open >= 0 {
			break
		}
		switch r {
		case '.', ',', ';', ':', '!', '?', '\'', '\u2019', ')', ']', '}':
			if r == ')' {
				open++
			}
			j -= size
			continue
		}
		break
	}
	return j
}

// emailAhead reports whether the local part of an e-mail address goes on at
// s[i:] ("jo.doe@example.com"); it looks at most 64 bytes ahead.
func emailAhead(s string, i int) bool {
	for k := i; k < len(s) && k < i+64; k++ {
		c := s[k]
		switch {
		case c == '@':
			r, _ := runeAt(s, k+1)
			return isWordRune(r)
		case ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || isDigit(c) || c == '.' || c == '_' || c == '+' || c == '-':
		default:
			return false
		}
	}
	return false
}

// phD reports whether s[i:j], followed by a period, is a two-letter
// capitalised start of a dotted abbreviation such as "Ph.D.".
func phD(s string, i, j int) bool {
	if j-i != 2 || !isUpperASCII(s[i]) || s[i+1] < 'a' || s[i+1] > 'z' {
		return false
	}
	return j+2 < len(s) && isUpperASCII(s[j+1]) && s[j+2] == '.'
}
