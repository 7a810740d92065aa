package main

import (
	"strings"
	"unicode"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// baseline is the plain method to beat: every stretch in double quotation
// marks within a paragraph is a quotation, and its speaker is the name or
// pronoun next to the nearest "said"/"says" in the same paragraph.
func baseline(a article) predArticle {
	conv := codePoints(a.Text)
	p := predArticle{ID: a.ID, Quotes: []predQuote{}}
	toks := text.Tokens(a.Text)
	para := make([]int, len(toks))
	for i := 1; i < len(toks); i++ {
		para[i] = para[i-1]
		if strings.Count(a.Text[toks[i-1].End:toks[i].Start], "\n") >= 2 {
			para[i]++
		}
	}
	open := -1
	for i, t := range toks {
		if i > 0 && para[i] != para[i-1] {
			open = -1
		}
		switch t.Text {
		case "\u201c", "\u201d", "\"", "''", "``":
		default:
			continue
		}
		if open < 0 && t.Text != "\u201d" {
			open = i
			continue
		}
		if open < 0 {
			continue
		}
		q := predQuote{Start: conv(toks[open].Start), End: conv(t.End), Direct: true}
		if s, e, ok := nearestSaid(a.Text, toks, para, open, i); ok {
			q.Speaker = a.Text[s:e]
			ss, se := conv(s), conv(e)
			q.SpeakerStart, q.SpeakerEnd = &ss, &se
		}
		p.Quotes = append(p.Quotes, q)
		open = -1
	}
	return p
}

// nearestSaid finds the "said"/"says" nearest to the quotation o..c in its
// paragraph and returns the byte span of the capitalised words or pronoun
// next to it.
func nearestSaid(src string, toks []text.Token, para []int, o, c int) (int, int, bool) {
	best, dist := -1, 1<<30
	for i := range toks {
		if para[i] != para[o] || i >= o && i <= c {
			continue
		}
		if l := strings.ToLower(toks[i].Text); l != "said" && l != "says" {
			continue
		}
		dd := o - i
		if i > c {
			dd = i - c
		}
		if dd < dist {
			best, dist = i, dd
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	isName := func(k int) bool {
		if k < 0 || k >= len(toks) || para[k] != para[best] {
			return false
		}
		w := toks[k].Text
		switch strings.ToLower(w) {
		case "he", "she", "they", "it", "we", "i":
			return true
		}
		r := []rune(w)
		return len(r) > 0 && unicode.IsUpper(r[0])
	}
	// NAME said
	if isName(best - 1) {
		s := best - 1
		for isName(s-1) && s-1 > c {
			s--
		}
		return toks[s].Start, toks[best-1].End, true
	}
	// said NAME
	if isName(best + 1) {
		e := best + 1
		for isName(e + 1) {
			e++
		}
		return toks[best+1].Start, toks[e].End, true
	}
	return 0, 0, false
}
