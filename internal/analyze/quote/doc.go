package quote

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// doc is one article under analysis: its tokens with sentence and paragraph
// numbers, quotation-mark regions, name mentions and the attributions found.
type doc struct {
	src   string
	toks  []text.Token
	low   []string // lower-cased token texts
	sent  []int    // sentence number of each token
	sentA []int    // first token of each sentence
	sentB []int    // last token of each sentence
	para  []int    // paragraph number of each token

	regions []region
	inQ     []int32 // region of each token (marks included), -1 outside

	ments  []ment
	mentAt []int32 // mention covering each token, -1 none

	attrs   []*attr
	usedCue []bool // token consumed as (part of) a cue

	// lowerSeen holds the sentence-initial capitalised words that also
	// occur in lower case in the article (for the name heuristic)
	lowerSeen map[string]bool
}

// region is one stretch in quotation marks: tokens open..close (the marks);
// close == -1 when the quotation is left open at the end of its paragraph,
// open == -1 when a closing mark has no opening one in its paragraph.
type region struct {
	open, close int
	first, last int // the words inside, first > last when empty
	single      bool
	next, prev  int // continuation in the next paragraph (opened again), -1 none
	attr        int // attribution that took this region, -1 none
}

// start returns the first token of the region (its opening mark, or its
// first word when the mark lies before the paragraph).
func (r *region) start() int {
	if r.open >= 0 {
		return r.open
	}
	return r.first
}

// end returns the last token of the region (its closing mark, or the last
// token of an unclosed region).
func (r *region) end() int {
	if r.close >= 0 {
		return r.close
	}
	return r.last
}

// attr is one attribution under construction; token ranges are inclusive.
type attr struct {
	id     int // creation order, then text order after resolve sorts
	direct bool
	pieces [][2]int // content token ranges (quotation marks included)
	cue    [2]int   // cue tokens, {-1,-1} none
	spk    [2]int   // speaker phrase tokens, {-1,-1} none
	clause [2]int   // tokens of the cue clause, searched for a date
	speech bool
	// from is the attribution whose speaker this one takes (a quotation
	// continued without its own cue, "adding that ..."), -1 none.
	from int

	// filled by resolve
	speaker, stype, role string
	ent                  int // entity of the speaker, -1 none
	hs, he               int // head of the speaker phrase
}

func newDoc(src string, sents []text.Sentence, ents []Mention) *doc {
	toks, sent := tokens(src, sents)
	d := &doc{src: src, toks: toks, sent: sent}
	n := len(toks)
	d.low = make([]string, n)
	for i, t := range toks {
		d.low[i] = strings.ToLower(t.Text)
	}
	ns := 0
	if n > 0 {
		ns = sent[n-1] + 1
	}
	d.sentA = make([]int, ns)
	d.sentB = make([]int, ns)
	for i := n - 1; i >= 0; i-- {
		d.sentA[sent[i]] = i
	}
	for i := 0; i < n; i++ {
		d.sentB[sent[i]] = i
	}
	d.para = make([]int, n)
	p := 0
	for i := 1; i < n; i++ {
		if paraBreak(src, toks[i-1].End, toks[i].Start) {
			p++
		}
		d.para[i] = p
	}
	d.usedCue = make([]bool, n)
	d.findRegions()
	if ents == nil {
		d.seeLower()
		ents = nameMentions(d)
	}
	d.setMentions(ents)
	return d
}

// paraBreak reports whether the gap src[a:b] between two tokens ends a
// paragraph: a blank line, or a line break after a line longer than hard
// wrapping makes (about 80 characters), which only paragraphs have.
func paraBreak(src string, a, b int) bool {
	gap := src[a:b]
	k := strings.IndexByte(gap, '\n')
	if k < 0 {
		return false
	}
	if strings.Count(gap, "\n") >= 2 {
		return true
	}
	ls := strings.LastIndexByte(src[:a], '\n') + 1
	return utf8.RuneCountInString(src[ls:a]) > 100
}

// Quotation mark classes.
const (
	mNone = iota
	mDoubleOpen
	mDoubleClose
	mDoubleAmb // " and '' open or close
	mSingleOpen
	mSingleClose
	mSingleAmb // straight '
)

func markKind(t string) int {
	switch t {
	case "\u201c", "\u201e", "\u00ab", "``":
		return mDoubleOpen
	case "\u201d", "\u00bb":
		return mDoubleClose
	case "\"", "''":
		return mDoubleAmb
	case "\u2018", "\u2039":
		return mSingleOpen
	case "\u2019", "\u203a":
		return mSingleClose
	case "'":
		return mSingleAmb
	}
	return mNone
}

// isQuoteMark reports whether token i is a quotation mark of any kind.
func (d *doc) isQuoteMark(i int) bool {
	if i < 0 || i >= len(d.toks) {
		return false
	}
	switch markKind(d.toks[i].Text) {
	case mNone:
		return false
	case mSingleAmb, mSingleClose:
		return !d.pluralPossessive(i)
	}
	return true
}

// pluralPossessive reports whether the single mark at i is the apostrophe
// of a plural possessive ("veterans' families"): glued to a word ending in
// s, then a space and a word.
func (d *doc) pluralPossessive(i int) bool {
	if i < 1 || i+1 >= len(d.toks) || !d.attached(i-1) || d.attached(i) || !d.isWord(i-1) || !d.isWord(i+1) {
		return false
	}
	p := d.low[i-1]
	return len(p) > 1 && p[len(p)-1] == 's'
}

// attached reports whether tokens i and i+1 touch (no space between).
func (d *doc) attached(i int) bool {
	return i >= 0 && i+1 < len(d.toks) && d.toks[i].End == d.toks[i+1].Start
}

// findRegions finds the quotation-mark regions paragraph by paragraph, as
// news typography has it: curly marks open and close, straight marks toggle,
// a quotation left open at the end of a paragraph runs to its end (and goes
// on when the next paragraph opens a quotation again), single quotation
// marks count outside double ones when they are not apostrophes.
func (d *doc) findRegions() {
	n := len(d.toks)
	d.inQ = make([]int32, n)
	for i := range d.inQ {
		d.inQ[i] = -1
	}
	// add records a region; open is -1 for a closing mark whose opening
	// one lies before the paragraph (the words start at paraStart).
	add := func(open, close, paraStart, paraEnd int, single bool) {
		r := region{open: open, close: close, next: -1, prev: -1, attr: -1, single: single}
		r.first = open + 1
		if open < 0 {
			r.first = paraStart
		}
		if close >= 0 {
			r.last = close - 1
		} else {
			r.last = paraEnd
		}
		d.regions = append(d.regions, r)
	}
	i := 0
	for i < n {
		// one paragraph: tokens i..j
		j := i
		for j+1 < n && d.para[j+1] == d.para[i] {
			j++
		}
		open, sopen := -1, -1
		openedHere := false
		for k := i; k <= j; k++ {
			switch markKind(d.toks[k].Text) {
			case mDoubleOpen:
				if open >= 0 && k > i && d.attached(k-1) && !d.attached(k) && !isLetterStart(d.toks[k-1].Text) {
					// “It's unusual,“ said …: an opening mark typed for a
					// closing one, after the punctuation and before a space
					add(open, k, i, j, false)
					open, sopen = -1, -1
					break
				}
				if open >= 0 {
					add(open, -1, i, k-1, false)
				}
				open, sopen, openedHere = k, -1, true
			case mDoubleClose:
				if open >= 0 {
					add(open, k, i, j, false)
					open = -1
				} else if !openedHere {
					add(-1, k, i, j, false)
					openedHere = true
				}
				sopen = -1
			case mDoubleAmb:
				if open >= 0 {
					add(open, k, i, j, false)
					open = -1
				} else {
					open, openedHere = k, true
				}
				sopen = -1
			case mSingleOpen:
				if open < 0 && d.attached(k) {
					sopen = k
				}
			case mSingleClose:
				if open < 0 && sopen >= 0 && !d.wordAfter(k) {
					add(sopen, k, i, j, true)
					sopen = -1
				}
			case mSingleAmb:
				if open >= 0 {
					break
				}
				if sopen < 0 {
					if (k == i || !d.attached(k-1)) && d.attached(k) && isLetterStart(d.toks[k+1].Text) {
						sopen = k
					}
				} else if d.attached(k-1) && !d.wordAfter(k) {
					add(sopen, k, i, j, true)
					sopen = -1
				}
			}
		}
		if open >= 0 {
			add(open, -1, i, j, false)
		}
		i = j + 1
	}
	for ri := range d.regions {
		r := &d.regions[ri]
		for k := r.start(); k <= r.end() && k < n; k++ {
			d.inQ[k] = int32(ri)
		}
	}
	// Continuations: a region left open at the end of its paragraph goes on
	// when the next paragraph starts with an opening mark.
	for ri := range d.regions {
		r := &d.regions[ri]
		if r.close >= 0 || ri+1 >= len(d.regions) {
			continue
		}
		nx := &d.regions[ri+1]
		if nx.single || r.single {
			continue
		}
		e := r.end()
		if e+1 < n && nx.open == e+1 && d.para[nx.open] != d.para[e] {
			r.next, nx.prev = ri+1, ri
		}
	}
}

// wordAfter reports whether token k is followed, without space, by a letter
// (an apostrophe inside a word, "Russia’s").
func (d *doc) wordAfter(k int) bool {
	return d.attached(k) && isLetterStart(d.toks[k+1].Text)
}

func isLetterStart(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsLetter(r)
}

func isLetterRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// isCap reports whether token i starts with an upper-case letter.
func (d *doc) isCap(i int) bool {
	if i < 0 || i >= len(d.toks) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(d.toks[i].Text)
	return unicode.IsUpper(r)
}

// isWord reports whether token i starts with a letter or digit.
func (d *doc) isWord(i int) bool {
	if i < 0 || i >= len(d.toks) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(d.toks[i].Text)
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

// span returns the source text of tokens a..b inclusive.
func (d *doc) span(a, b int) string {
	if a < 0 || b < a || b >= len(d.toks) {
		return ""
	}
	return d.src[d.toks[a].Start:d.toks[b].End]
}

// tok returns the lower-cased token i, "" out of range.
func (d *doc) tok(i int) string {
	if i < 0 || i >= len(d.low) {
		return ""
	}
	return d.low[i]
}

// isTerminal reports whether the token t ends a sentence (. ! ? …).
func isTerminal(t string) bool {
	switch t {
	case ".", "!", "?", "...", "\u2026":
		return true
	}
	return false
}

// seeLower fills lowerSeen: which capitalised sentence openers ("Officials",
// "Critics") the article also writes in lower case, so that they are
// taken for common words rather than names.
func (d *doc) seeLower() {
	d.lowerSeen = map[string]bool{}
	for i := range d.toks {
		if d.isCap(i) && d.sentInitial(i) && d.low[i] != d.toks[i].Text {
			d.lowerSeen[d.low[i]] = false
		}
	}
	if len(d.lowerSeen) == 0 {
		return
	}
	for i, t := range d.toks {
		if d.low[i] == t.Text {
			if _, ok := d.lowerSeen[t.Text]; ok {
				d.lowerSeen[t.Text] = true
			}
		}
	}
}
