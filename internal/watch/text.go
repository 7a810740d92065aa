package watch

import "strings"

// oneLine cleans s and collapses its white space, for titles and names.
func oneLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

// clean makes s fit in an XML 1.0 document: invalid UTF-8 becomes
// U+FFFD, and the characters XML 1.0 forbids (C0 controls other than
// tab, newline and carriage return; U+FFFE and U+FFFF) are dropped,
// since a single one makes the whole feed unparsable. DEL and the C1
// controls are allowed but discouraged (XML 1.0 §2.2) and never mean
// anything in news text, so they go too.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return r
		case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}
