package fts

import "strings"

// SnippetTokens is how many tokens a snippet shows.
const SnippetTokens = 32

// Snippet returns the part of text shown under a search hit: the window
// of SnippetTokens tokens holding the most of the query's phrases (then
// the most occurrences, then the earliest), moved to start at the sentence
// of its first occurrence (else three tokens before it) where that keeps
// them all, with "…" where text goes on, and the byte
// ranges in it of the phrases' occurrences, as FTS5's snippet() marks
// them. It is made from the text the page reads anyway: snippet() asked
// the index to find each hit again, a third of a broad search's time.
func Snippet(t *Tokenizer, text string, phrases []PhraseTokens) (string, [][2]int) {
	t.Reset(text)
	n := t.N()
	if n == 0 {
		return "", nil
	}
	// occ[i] is the phrase (1-based) an occurrence starts at token i,
	// and its length in tokens.
	type occurrence struct{ phrase, length int }
	occ := make([]occurrence, n)
	for pi := range phrases {
		p := &phrases[pi]
		k := len(p.Toks)
		for i := 0; k > 0 && i+k <= n; i++ {
			j := 0
			for j < k && t.Is(i+j, p.Toks[j], p.Prefix && j == k-1) {
				j++
			}
			if j == k && occ[i].phrase == 0 {
				occ[i] = occurrence{pi + 1, k}
			}
		}
	}
	w := min(SnippetTokens, n)
	best, bestDistinct, bestCount := 0, -1, -1
	seen := make([]int, len(phrases)+1)
	for s := 0; s+w <= n; s++ {
		distinct, count := 0, 0
		for i := s; i < s+w; i++ {
			if o := occ[i]; o.phrase > 0 && i+o.length <= s+w {
				count++
				if seen[o.phrase] != s+1 {
					seen[o.phrase] = s + 1
					distinct++
				}
			}
		}
		if distinct > bestDistinct || distinct == bestDistinct && count > bestCount {
			best, bestDistinct, bestCount = s, distinct, count
		}
	}
	if bestCount > 0 {
		first := best
		for occ[first].phrase == 0 {
			first++
		}
		last := best + w - 1
		for last > best && occ[last].phrase == 0 {
			last--
		}
		end := last + occ[last].length - 1
		// Start at the sentence the first occurrence is in when the
		// window still holds them all, else three tokens before it.
		start := max(0, min(first-3, n-w))
		for s := min(first, n-w); s >= 0 && s+w-1 >= end; s-- {
			if sentenceStart(t, text, s) {
				start = s
				break
			}
		}
		if start <= first && start+w-1 >= end {
			best = start
		}
	}
	// The text before the first token and after the last goes with them.
	from, to := t.spans[best].sa, t.spans[best+w-1].sb
	if best == 0 {
		from = 0
	}
	if best+w == n {
		to = int32(len(text))
	}
	var b []byte
	if best > 0 {
		b = append(b, "…"...)
	}
	base := len(b)
	b = append(b, text[from:to]...)
	var ranges [][2]int
	for i := best; i < best+w; i++ {
		o := occ[i]
		if o.phrase == 0 || i+o.length > best+w {
			continue
		}
		lo := base + int(t.spans[i].sa-from)
		hi := base + int(t.spans[i+o.length-1].sb-from)
		if k := len(ranges); k > 0 && ranges[k-1][1] >= lo {
			ranges[k-1][1] = max(ranges[k-1][1], hi)
			continue
		}
		ranges = append(ranges, [2]int{lo, hi})
	}
	if best+w < n {
		b = append(b, "…"...)
	}
	return string(b), ranges
}

// sentenceStart reports whether token i of t (read from text) begins a
// sentence: the first token, or one after a full stop, a question or
// exclamation mark, or a line break.
func sentenceStart(t *Tokenizer, text string, i int) bool {
	if i == 0 {
		return true
	}
	return strings.ContainsAny(text[t.spans[i-1].sb:t.spans[i].sa], ".!?\n")
}
