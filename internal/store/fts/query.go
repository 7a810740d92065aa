// Package fts holds what the stores' full-text searches share and that
// needs no database: reading a user's query as phrases, splitting text
// into tokens as SQLite's unicode61 tokenizer does (remove_diacritics 2),
// and cutting a snippet with the matched words' byte ranges. The SQLite
// store's index and the PostgreSQL store's tsvector are made of these
// tokens, so that both stores match the same words.
package fts

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Query limits: a longer query is cut, further phrases are dropped, and a
// shorter prefix (it matches most of the vocabulary) is taken as a word.
const (
	MaxQueryBytes  = 1024
	MaxQueryTerms  = 32
	MinPrefixRunes = 3
)

// Phrase is one term of a user's query: its words, the last a prefix when
// Prefix is set.
type Phrase struct {
	Words  []string
	Prefix bool
}

// ParseQuery reads a user's query as phrases, all of which must match: a
// "quoted phrase" stays a phrase, a word ending in * is a prefix, and a
// token such as U.S. (several words run together) becomes a phrase too, as
// the tokenizer reads it in the text. Every word holds only letters,
// digits and marks, so that no input is an operator or a syntax error.
func ParseQuery(text string) []Phrase {
	if len(text) > MaxQueryBytes {
		text = text[:MaxQueryBytes]
		for !utf8.ValidString(text) {
			text = text[:len(text)-1]
		}
	}
	var parts []Phrase
	add := func(ws []string, prefix bool) {
		if len(ws) == 0 || len(parts) >= MaxQueryTerms {
			return
		}
		parts = append(parts, Phrase{Words: ws, Prefix: prefix && utf8.RuneCountInString(ws[len(ws)-1]) >= MinPrefixRunes})
	}
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == '"':
			end := strings.IndexByte(text[i+1:], '"')
			if end < 0 {
				end = len(text) - i - 1
			}
			add(words(text[i+1:i+1+end]), false)
			i += end + 2
		case c <= ' ' || c == 0x7f:
			i++ // spaces and control characters separate tokens
		default:
			j := i
			for j < len(text) && text[j] > ' ' && text[j] != 0x7f && text[j] != '"' {
				j++
			}
			tok := text[i:j]
			add(words(tok), strings.HasSuffix(tok, "*"))
			i = j
		}
	}
	return parts
}

// words splits s into runs of letters, digits and marks.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && !unicode.IsMark(r)
	})
}

// PhraseTokens is a phrase as the tokenizer reads it: folded tokens, to
// compare with a text's.
type PhraseTokens struct {
	Toks   [][]byte
	Prefix bool
}

// Tokens reads the phrase's words as the tokenizer does. A word may give
// no token (marks alone) or several.
func (p Phrase) Tokens() PhraseTokens {
	var t Tokenizer
	t.Reset(strings.Join(p.Words, " "))
	pt := PhraseTokens{Prefix: p.Prefix}
	for i := range t.N() {
		pt.Toks = append(pt.Toks, append([]byte(nil), t.Tok(i)...))
	}
	return pt
}

// Count returns how often p occurs in t's tokens.
func (p *PhraseTokens) Count(t *Tokenizer) int {
	k := len(p.Toks)
	if k == 0 {
		return 0
	}
	n := 0
	for i := 0; i+k <= t.N(); i++ {
		j := 0
		for j < k && t.Is(i+j, p.Toks[j], p.Prefix && j == k-1) {
			j++
		}
		if j == k {
			n++
		}
	}
	return n
}
