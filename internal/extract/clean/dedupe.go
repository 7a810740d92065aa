package clean

import (
	"strings"
	"unicode"
)

// shingleSize is the number of words in a shingle used to compare copies.
const shingleSize = 4

// maxRepeatChecks bounds the full comparisons made to find a repeat.
const maxRepeatChecks = 4

// repeatThreshold is the share of one copy's shingles that must be found in
// the other for the two to count as the same text.
const repeatThreshold = 0.8

// para is a paragraph of the body with its normalised words.
type para struct {
	text  string
	words []uint64 // hashes of the lower-case words, dateline removed
	dated bool     // opens with a dateline
}

func makeParas(texts []string) []para {
	ps := make([]para, len(texts))
	for i, t := range texts {
		ps[i].text = t
		cmp := t
		if d, ok := parseDateline(t); ok {
			cmp = t[d.end:]
			ps[i].dated = true
		}
		ps[i].words = wordHashes(cmp, nil)
	}
	return ps
}

// collapseRepeats removes a second (third ...) copy of the body, as left by
// pages that carry the story twice with different wrapping or with and
// without a dateline. Of two copies the better formed one stays: more
// paragraphs, a dateline. It then drops later exact repeats of a paragraph
// of six words or more.
func collapseRepeats(texts []string) []string {
	if len(texts) < 2 {
		return texts
	}
	ps := makeParas(texts)
	for round := 0; round < 3; round++ {
		cut, ok := findRepeat(ps)
		if !ok {
			break
		}
		a, b := ps[:cut], ps[cut:]
		if quality(b) > quality(a) {
			ps = keepCopy(b, a)
		} else {
			ps = keepCopy(a, b)
		}
	}
	// Exact paragraph repeats (a pull quote, a teaser of the story itself).
	seen := make(map[uint64]bool, len(ps))
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		if len(p.words) >= 6 {
			h := hashWords(p.words)
			if seen[h] {
				continue
			}
			seen[h] = true
		}
		out = append(out, p.text)
	}
	return out
}

// keepCopy returns the copy kept with the paragraphs of the dropped copy
// that it does not cover (a comment or a note after one copy only): those
// before the first covered paragraph go first, the others last.
func keepCopy(kept, dropped []para) []para {
	ks := shingles(joinWords(kept))
	kw := make(map[uint64]bool)
	for _, p := range kept {
		for _, w := range p.words {
			kw[w] = true
		}
	}
	var before, after []para
	seenCovered := false
	for _, p := range dropped {
		if covered(p, ks, kw) {
			seenCovered = true
			continue
		}
		if seenCovered {
			after = append(after, p)
		} else {
			before = append(before, p)
		}
	}
	if len(before) == 0 && len(after) == 0 {
		return kept
	}
	out := make([]para, 0, len(before)+len(kept)+len(after))
	out = append(out, before...)
	out = append(out, kept...)
	return append(out, after...)
}

// covered reports whether the text of p is in the kept copy: most of its
// shingles, or all of its words when it is too short for shingles.
func covered(p para, ks map[uint64]struct{}, kw map[uint64]bool) bool {
	if len(p.words) == 0 {
		return true
	}
	if len(p.words) < shingleSize {
		for _, w := range p.words {
			if !kw[w] {
				return false
			}
		}
		return true
	}
	return overlap(shingles(p.words), ks) >= 0.5
}

// quality ranks two copies of the same text: paragraph breaks and a
// dateline are signs of the better-formed copy.
func quality(ps []para) int {
	q := len(ps) * 2
	if len(ps) > 0 && ps[0].dated {
		q += 3
	}
	return q
}

// findRepeat looks for a paragraph index cut such that ps[cut:] repeats
// ps[:cut]. Only cuts where the opening words of the body come again and
// that split the words into halves of similar size are compared in full,
// at most maxRepeatChecks of them, so the cost stays linear.
func findRepeat(ps []para) (int, bool) {
	var head []uint64
	for _, p := range ps {
		head = append(head, p.words...)
		if len(head) >= shingleSize+2 {
			break
		}
	}
	if len(head) < shingleSize+2 {
		return 0, false
	}
	head = head[:shingleSize+2]
	total := 0
	for _, p := range ps {
		total += len(p.words)
	}
	checks := 0
	before := len(ps[0].words)
	for cut := 1; cut < len(ps) && checks < maxRepeatChecks; cut++ {
		a, b := before, total-before
		before += len(ps[cut].words)
		if a*3 < b*2 || b*3 < a*2 || !startsWith(ps[cut:], head) {
			continue
		}
		checks++
		if sameText(ps[:cut], ps[cut:]) {
			return cut, true
		}
	}
	return 0, false
}

// startsWith reports whether the words of ps begin with head.
func startsWith(ps []para, head []uint64) bool {
	k := 0
	for _, p := range ps {
		for _, w := range p.words {
			if w != head[k] {
				return false
			}
			k++
			if k == len(head) {
				return true
			}
		}
	}
	return false
}

// sameText compares two runs of paragraphs by word shingles: each must
// find most of its shingles in the other, and their lengths must be close.
func sameText(a, b []para) bool {
	wa, wb := joinWords(a), joinWords(b)
	if len(wa) < shingleSize || len(wb) < shingleSize {
		return false
	}
	if len(wa)*3 < len(wb)*2 || len(wb)*3 < len(wa)*2 {
		return false
	}
	sa, sb := shingles(wa), shingles(wb)
	return overlap(sa, sb) >= repeatThreshold && overlap(sb, sa) >= repeatThreshold
}

func joinWords(ps []para) []uint64 {
	n := 0
	for _, p := range ps {
		n += len(p.words)
	}
	out := make([]uint64, 0, n)
	for _, p := range ps {
		out = append(out, p.words...)
	}
	return out
}

func shingles(w []uint64) map[uint64]struct{} {
	m := make(map[uint64]struct{}, len(w))
	for i := 0; i+shingleSize <= len(w); i++ {
		m[hashWords(w[i:i+shingleSize])] = struct{}{}
	}
	return m
}

// overlap is the share of a's shingles that are in b.
func overlap(a, b map[uint64]struct{}) float64 {
	if len(a) == 0 {
		return 0
	}
	n := 0
	for h := range a {
		if _, ok := b[h]; ok {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

// hashWords combines word hashes into the hash of their sequence.
func hashWords(w []uint64) uint64 {
	h := uint64(len(w))
	for _, x := range w {
		h = (h ^ x) * 0x9E3779B97F4A7C15
		h ^= h >> 29
	}
	return h
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// wordHashes appends to dst the FNV-1a hash of each lower-cased word of
// letters and digits in s, so repeated text compares whatever its case,
// punctuation and line breaks, without allocating a string per word. An
// apostrophe inside a word keeps it whole ("Washington's").
func wordHashes(s string, dst []uint64) []uint64 {
	var h uint64
	in := false
	for _, r := range s {
		switch {
		case r < 0x80 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		case r < 0x80 && r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
		case r >= 0x80 && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			r = unicode.ToLower(r)
		case in && (r == '\'' || r == '’'):
		default:
			if in {
				dst = append(dst, h)
				in = false
			}
			continue
		}
		if !in {
			h, in = fnvOffset, true
		}
		h = (h ^ uint64(r)) * fnvPrime
	}
	if in {
		dst = append(dst, h)
	}
	return dst
}

// sameKey reports whether two lines are the same text whatever their case
// and punctuation (a repeated headline).
func sameKey(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > 2*len(b)+8 || len(b) > 2*len(a)+8 {
		return false
	}
	return strings.EqualFold(a, b) || foldKey(a) == foldKey(b)
}
