package clean

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MaxInput caps the bytes of one text that are read, so that a hostile
// input costs bounded time and memory; the rest is dropped. It is as large
// as the largest document ingest accepts by default: callers that must not
// lose text (extract.Article) refuse longer text themselves.
const MaxInput = 16 << 20

// line is one non-empty line of the input after normalisation.
type line struct {
	text  string // whitespace collapsed, trimmed, Markdown links unwrapped
	blank bool   // one or more blank lines precede it
	drop  bool   // removed by a rule
}

// splitLines normalises s (valid UTF-8, no CR, collapsed spaces, Markdown
// link stubs unwrapped) and returns its non-empty lines.
func splitLines(s string) []line {
	if len(s) > MaxInput {
		s = s[:MaxInput]
		for len(s) > 0 && !utf8.RuneStart(s[len(s)-1]) {
			s = s[:len(s)-1]
		}
		if len(s) > 0 {
			s = s[:len(s)-1] // the cut may have split the last rune
		}
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.TrimPrefix(s, "\uFEFF")
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if strings.Contains(s, "\u2028") || strings.Contains(s, "\u2029") {
		s = strings.NewReplacer("\u2028", "\n", "\u2029", "\n").Replace(s)
	}
	lines := make([]line, 0, strings.Count(s, "\n")/2+1)
	blank := false
	for len(s) > 0 {
		var raw string
		if i := strings.IndexByte(s, '\n'); i >= 0 {
			raw, s = s[:i], s[i+1:]
		} else {
			raw, s = s, ""
		}
		t := collapseSpace(raw)
		if t == "" {
			blank = true
			continue
		}
		t = unwrapLinks(stripHeadingMarks(t))
		if t == "" {
			blank = true
			continue
		}
		lines = append(lines, line{text: t, blank: blank})
		blank = false
	}
	return lines
}

// collapseSpace trims s and turns every run of white space into one space.
// It returns s itself when nothing needs to change.
func collapseSpace(s string) string {
	clean := true
	prevSpace := true
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			sp := c == ' ' || c == '\t' || c == '\v' || c == '\f'
			if sp && (prevSpace || c != ' ') || c < ' ' && !sp {
				clean = false
				break
			}
			prevSpace = sp
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) {
			clean = false
			break
		}
		prevSpace = false
		i += size
	}
	if clean && !prevSpace {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pending := false
	for _, r := range s {
		if unicode.IsSpace(r) || r < ' ' || r == 0x7f {
			pending = b.Len() > 0
			continue
		}
		if pending {
			b.WriteByte(' ')
			pending = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// unwrapLinks replaces Markdown links "[text](target)" by their text and
// drops Markdown images "![alt](src)". Each "](" is handled with bounded
// look-around, so the work is linear in len(s).
func unwrapLinks(s string) string {
	if !strings.Contains(s, "](") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	done := 0 // s[:done] is written
	from := 0
	for {
		k := strings.Index(s[from:], "](")
		if k < 0 {
			break
		}
		k += from
		from = k + 2
		// The opening '[' closest before k, not past another bracket.
		open := -1
		for j := k - 1; j >= done && k-j <= 400; j-- {
			if s[j] == '[' {
				open = j
				break
			}
			if s[j] == ']' || s[j] == '\n' {
				break
			}
		}
		if open < 0 {
			continue
		}
		// The closing ')' of the target: a target has no white space or brackets.
		end := -1
		for j := k + 2; j < len(s) && j-k <= 2048; j++ {
			c := s[j]
			if c == ')' {
				end = j
				break
			}
			if c == ' ' || c == '[' || c == ']' || c == '(' || c == '<' || c == '>' {
				break
			}
		}
		if end < 0 {
			continue
		}
		image := open > 0 && s[open-1] == '!'
		if image {
			b.WriteString(s[done : open-1])
		} else {
			b.WriteString(s[done:open])
			b.WriteString(s[open+1 : k])
		}
		done = end + 1
		from = done
	}
	if done == 0 {
		return s
	}
	b.WriteString(s[done:])
	return collapseSpace(b.String())
}

// urlsIn returns the URLs written in l: autolinks "<http://...>" and bare
// "http(s)://..." words, and what is left of l without them.
func urlsIn(l string) (urls []string, rest string) {
	if !strings.Contains(l, "http") && !strings.Contains(l, "www.") {
		return nil, l
	}
	var b strings.Builder
	for _, w := range strings.Fields(l) {
		u := strings.Trim(w, "<>()[],;")
		lu := strings.ToLower(u)
		if strings.HasPrefix(lu, "http://") || strings.HasPrefix(lu, "https://") || strings.HasPrefix(lu, "www.") && strings.Count(lu, ".") >= 2 {
			if len(urls) < 8 {
				urls = append(urls, u)
			}
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w)
	}
	return urls, b.String()
}

// wordCount counts space-separated words; lines are already collapsed.
func wordCount(s string) int {
	if s == "" {
		return 0
	}
	return strings.Count(s, " ") + 1
}

// endsSentence reports whether s ends like a sentence: terminal punctuation,
// possibly followed by closing quotes or brackets.
func endsSentence(s string) bool {
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		switch r {
		case '"', '\'', '”', '’', '“', '‘', '»', '«', ')', ']', '*', '_':
			s = s[:len(s)-size]
			continue
		case '.', '!', '?', '…', ':', ';':
			return true
		}
		return false
	}
	return false
}

// startsLower reports whether the first letter-or-digit of s is a lower-case
// letter, as in the continuation of a wrapped sentence.
func startsLower(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return unicode.IsLower(r)
		}
		if unicode.IsDigit(r) {
			return false
		}
	}
	return false
}

// onlyPunct reports whether s has no letter or digit ("." or "”." left
// alone on a line by a broken wrap).
func onlyPunct(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return false
		}
	}
	return true
}

// foldKey lower-cases s and keeps only its letters and digits, for comparing
// headlines and names regardless of punctuation and case.
func foldKey(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// stripBullet removes a leading list bullet ("• ", "* ", "- ", "· ").
func stripBullet(s string) string {
	for i := 0; i < 2; i++ {
		r, size := utf8.DecodeRuneInString(s)
		switch r {
		case '•', '*', '-', '·', '▪', '►', '▸', '–', '○', '◦', '>', '|':
			if size < len(s) && s[size] == ' ' {
				s = s[size+1:]
				continue
			}
		}
		break
	}
	return s
}

// lowerKey is the line as a short lookup key: bullet removed, lower-cased,
// trailing colons, dots and spaces trimmed. Long lines return "".
func lowerKey(s string) string {
	if len(s) > 80 {
		return ""
	}
	s = strings.ToLower(stripBullet(s))
	return strings.TrimRight(s, " :.!»›>→")
}

// lowerPrefix returns the first n bytes of s (whole runes), lower-cased,
// for matching line openers without lower-casing whole paragraphs.
func lowerPrefix(s string, n int) string {
	if len(s) > n {
		for n > 0 && !utf8.RuneStart(s[n]) {
			n--
		}
		s = s[:n]
	}
	return strings.ToLower(s)
}

// stripHeadingMarks removes the "#" marks of a Markdown heading ("## Title").
func stripHeadingMarks(s string) string {
	if len(s) < 2 || s[0] != '#' {
		return s
	}
	i := 0
	for i < len(s) && i < 6 && s[i] == '#' {
		i++
	}
	if i < len(s) && s[i] == ' ' {
		return strings.TrimSpace(s[i:])
	}
	return s
}
