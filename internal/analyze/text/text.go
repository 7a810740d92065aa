// Package text splits news text into sentences and tokens.
//
// Tokens follow the Penn Treebank / CoNLL-2003 conventions that the
// named-entity tagger was trained on: punctuation and quotes are tokens of
// their own, possessive "'s" and clitics such as "n't" are split off,
// abbreviations ("U.S.", "Gen.", "Dec."), initials ("J."), numbers with
// separators ("2,000", "3.5", "1996-08-22"), hyphenated words, e-mail
// addresses and URLs stay whole. Every token carries byte offsets into the
// original string, so callers can map results back to the source text.
//
// The scanner is a hand-written single pass over the bytes (no regular
// expressions) so that it runs at millions of tokens per second and in time
// linear in the input on any input.
package text

// Token is one token of the input: Text is s[Start:End] of the string given
// to Sentences or Tokens.
type Token struct {
	Text       string
	Start, End int
}

// Sentence is a run of tokens that form one sentence (or a headline, a
// dateline, a byline line). Start and End are the byte offsets of its first
// token's start and its last token's end.
type Sentence struct {
	Start, End int
	Tokens     []Token
}

// MaxSentenceTokens caps the length of one sentence: text with no sentence
// punctuation at all is cut into pieces of this many tokens so that later
// stages work on bounded units.
const MaxSentenceTokens = 400

// Sentences splits s into sentences of tokens. It never panics; invalid UTF-8
// bytes become tokens of their own.
func Sentences(s string) []Sentence {
	toks := scan(s, nil)
	if len(toks) == 0 {
		return nil
	}
	return split(s, toks)
}

// Tokens returns the tokens of s without sentence splitting.
func Tokens(s string) []Token {
	toks := scan(s, nil)
	out := make([]Token, len(toks))
	for i, t := range toks {
		out[i] = t.Token
	}
	return out
}
