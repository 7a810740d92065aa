package fts

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Tokenizer splits text as FTS5's unicode61 tokenizer with
// remove_diacritics 2 does: runs of letters, digits and private-use
// characters, lower-cased, with diacritics removed from Latin letters
// (combining marks dropped). A token already folded stays in the text;
// the others are folded into one buffer, reused from text to text.
type Tokenizer struct {
	src   string
	buf   []byte
	spans []span
}

// span is a token: src[a:b], or buf[a:b] when folded; it was read from
// src[sa:sb] either way.
type span struct {
	a, b   int32
	sa, sb int32
	folded bool
}

// plain marks the bytes that a token holds as they are: a-z and 0-9.
var plain = func() (t [256]bool) {
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	return t
}()

// N is the number of tokens.
func (t *Tokenizer) N() int { return len(t.spans) }

// Tok returns token i, folded.
func (t *Tokenizer) Tok(i int) []byte {
	sp := t.spans[i]
	if sp.folded {
		return t.buf[sp.a:sp.b]
	}
	return []byte(t.src[sp.a:sp.b])
}

// Source returns the byte range of the text token i was read from.
func (t *Tokenizer) Source(i int) (start, end int) {
	return int(t.spans[i].sa), int(t.spans[i].sb)
}

// Is reports whether token i is want, or starts with it when prefix.
func (t *Tokenizer) Is(i int, want []byte, prefix bool) bool {
	sp := t.spans[i]
	if prefix && int(sp.b-sp.a) > len(want) {
		sp.b = sp.a + int32(len(want))
	}
	if sp.folded {
		return string(t.buf[sp.a:sp.b]) == string(want)
	}
	return t.src[sp.a:sp.b] == string(want)
}

// Reset splits s into tokens, forgetting the previous text's.
func (t *Tokenizer) Reset(s string) {
	t.src, t.buf, t.spans = s, t.buf[:0], t.spans[:0]
	for i := 0; i < len(s); {
		// A run of plain bytes, the common token, stays in s.
		start := i
		for i < len(s) && plain[s[i]] {
			i++
		}
		if i == len(s) || s[i] < utf8.RuneSelf && !('A' <= s[i] && s[i] <= 'Z') {
			if i > start {
				t.spans = append(t.spans, span{a: int32(start), b: int32(i), sa: int32(start), sb: int32(i)})
			} else {
				i++ // a separator
			}
			continue
		}
		// A token to fold (or a separator beyond ASCII).
		a := len(t.buf)
		t.buf = append(t.buf, s[start:i]...)
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if plain[c] {
					t.buf = append(t.buf, c)
				} else if 'A' <= c && c <= 'Z' {
					t.buf = append(t.buf, c+'a'-'A')
				} else {
					break
				}
				i++
				continue
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			if unicode.Is(unicode.Mn, r) {
				// a combining mark: part of a token, removed from it
			} else if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.Is(unicode.Co, r) {
				t.buf = appendFolded(t.buf, r)
			} else {
				if len(t.buf) == a {
					i += size // a separator: the next token starts past it
				}
				break
			}
			i += size
		}
		if len(t.buf) > a {
			t.spans = append(t.spans, span{a: int32(a), b: int32(len(t.buf)), sa: int32(start), sb: int32(i), folded: true})
		}
	}
}

// appendFolded appends r lower-cased and without its diacritics.
func appendFolded(b []byte, r rune) []byte {
	r = unicode.ToLower(r)
	if !unicode.Is(unicode.Latin, r) {
		return utf8.AppendRune(b, r) // FTS5 removes diacritics from Latin letters only
	}
	var d [16]byte
	n := utf8.EncodeRune(d[:], r)
	dec := norm.NFD.Append(nil, d[:n]...)
	if base, size := utf8.DecodeRune(dec); size < len(dec) && (unicode.IsLetter(base) || unicode.IsNumber(base)) {
		rest := string(dec[size:])
		if strings.IndexFunc(rest, func(m rune) bool { return !unicode.Is(unicode.Mn, m) }) < 0 {
			return utf8.AppendRune(b, base)
		}
	}
	return utf8.AppendRune(b, r)
}
