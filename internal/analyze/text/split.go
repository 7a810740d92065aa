package text

import (
	"unicode"
)

// split groups scanned tokens into sentences.
func split(s string, toks []tok) []Sentence {
	all := make([]Token, len(toks))
	for i := range toks {
		all[i] = toks[i].Token
	}
	out := make([]Sentence, 0, len(toks)/16+1)
	emit := func(a, b int) { // tokens a..b inclusive
		out = append(out, Sentence{Start: all[a].Start, End: all[b].End, Tokens: all[a : b+1 : b+1]})
	}
	n := len(toks)
	start := 0
	for i := 0; i < n; i++ {
		if i == start && (i == 0 || toks[i].nl > 0) {
			if d := dateline(toks, i); d >= 0 {
				emit(i, d)
				start, i = d+1, d
				continue
			}
		}
		end := -1
		t := &toks[i]
		switch t.kind {
		case kTerm:
			j := i
			for j+1 < n && toks[j+1].nl == 0 && toks[j+1].Start == toks[j].End && isCloser(toks[j+1].Text) {
				j++
			}
			if j+1 >= n || toks[j+1].nl > 0 || !startsLower(toks[j+1].Text) {
				end = j
			}
		case kAbbr:
			if i+1 < n {
				nx := &toks[i+1]
				if nx.nl >= 2 || (nx.nl == 1 && !startsLower(nx.Text)) || starters[nx.Text] || isOpener(nx.Text) {
					end = i
				}
			}
		}
		if end < 0 && i+1 < n && t.kind != kTitle && t.kind != kInitial {
			nx := &toks[i+1]
			switch {
			case nx.nl >= 2:
				end = i
			case nx.nl == 1 && nx.prevLine > 100:
				// Hard-wrapped prose has lines of at most about 80
				// characters, so a line break after a longer line ends a
				// paragraph.
				end = i
			case nx.nl == 1 && !startsLower(nx.Text) && !continues(t.Text):
				// A line followed by a capitalised one: a headline, byline
				// or list item, unless the line stops mid-phrase.
				end = i
			}
		}
		if end < 0 && i-start+1 >= MaxSentenceTokens {
			end = i
		}
		if end >= 0 {
			emit(start, end)
			start, i = end+1, end
		}
	}
	if start < n {
		emit(start, n-1)
	}
	return out
}

// dateline returns the index of the dash that ends a news dateline starting
// at token i ("WASHINGTON (Reuters) -", "ASTANA, Kazakhstan, Dec 22 -"), or
// -1. The dateline then becomes a sentence of its own, as in CoNLL data.
func dateline(toks []tok, i int) int {
	if !allCaps(toks[i].Text) {
		return -1
	}
	depth := 0
	for j := i + 1; j < len(toks) && j < i+16; j++ {
		t := &toks[j]
		if t.nl > 0 {
			return -1
		}
		switch {
		case t.Text == "(":
			depth++
		case t.Text == ")":
			depth--
		case depth > 0:
			if t.kind == kTerm {
				return -1
			}
		case t.kind == kDash:
			if j+1 < len(toks) && toks[j+1].nl == 0 && j > i {
				return j
			}
			return -1
		case t.Text == ",", t.kind == kAbbr, t.kind == kTitle:
		case t.kind == kWord:
			r := firstRune(t.Text)
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
				return -1
			}
		default:
			return -1
		}
	}
	return -1
}

// allCaps reports whether w has at least two letters and no lower-case one.
func allCaps(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case unicode.IsLower(r):
			return false
		case unicode.IsLetter(r):
			letters++
		case r == '-' || r == '\'':
		default:
			return false
		}
	}
	return letters >= 2
}

func firstRune(w string) rune {
	for _, r := range w {
		return r
	}
	return 0
}

func startsLower(w string) bool { return unicode.IsLower(firstRune(w)) }

// isCloser reports whether w closes a quotation or bracket.
func isCloser(w string) bool {
	switch w {
	case "\"", "'", "''", "\u201d", "\u2019", "\u00bb", "\u203a", ")", "]", "}":
		return true
	}
	return false
}

// isOpener reports whether w opens a quotation or bracket.
func isOpener(w string) bool {
	switch w {
	case "\"", "``", "\u201c", "\u2018", "\u00ab", "\u2039", "(", "[":
		return true
	}
	return false
}

// continues reports whether a line ending in w must go on on the next line.
func continues(w string) bool {
	switch w {
	case ",", ";", "-", "&", "and", "or", "but", "nor", "of", "the", "a", "an", "to", "in", "on", "at",
		"by", "for", "with", "from", "into", "as", "than", "that", "his", "her", "their", "its", "our",
		"said", "says", "told", "Mr.", "Mrs.", "Ms.", "Dr.":
		return true
	}
	return false
}
