package quote

import "strings"

// maxSubject caps the length of a speaker phrase in tokens.
const maxSubject = 14

var none = [2]int{-1, -1}

// newAttr records an attribution and marks its cue as used.
func (d *doc) newAttr(direct bool, pieces [][2]int, cue, spk, clause [2]int, speech bool, from int) *attr {
	a := &attr{id: len(d.attrs), direct: direct, pieces: pieces, cue: cue, spk: spk, clause: clause, speech: speech, from: from,
		ent: -1, hs: -1, he: -1}
	for k := cue[0]; k >= 0 && k <= cue[1]; k++ {
		d.usedCue[k] = true
	}
	d.attrs = append(d.attrs, a)
	return a
}

// chain returns the regions of the quotation that starts with region ri
// (one per paragraph when it runs over several).
func (d *doc) chain(ri int) []int {
	out := []int{ri}
	for r := d.regions[ri].next; r >= 0 && len(out) < 64; r = d.regions[r].next {
		out = append(out, r)
	}
	return out
}

// words counts the word tokens inside region r.
func (d *doc) words(r *region) int {
	n := 0
	for k := r.first; k <= r.last; k++ {
		if d.isWord(k) {
			n++
		}
	}
	return n
}

// findDirect attaches quotation-mark regions to the cue clause after them
// ("…,” she said), before them (she said: “…”), or around them
// (“…,” she said, “…”).
func (d *doc) findDirect() {
	for ri := range d.regions {
		r := &d.regions[ri]
		if r.prev >= 0 || r.attr >= 0 {
			continue
		}
		ch := d.chain(ri)
		nw := 0
		for _, c := range ch {
			nw += d.words(&d.regions[c])
		}
		if nw == 0 {
			continue
		}
		last := &d.regions[ch[len(ch)-1]]
		if cue, spk, clause, speech, ok := d.postCue(last); ok {
			pieces := d.pieces(ch)
			// “…,” she said, “…”: the quotation goes on after its cue
			k := clause[1] + 1
			if k < len(d.toks) && (d.toks[k].Text == "," || d.toks[k].Text == ":") && d.para[k] == d.para[clause[1]] {
				k++
			} else {
				k = len(d.toks)
			}
			if nr := d.inQ[min(k, len(d.toks)-1)]; k < len(d.toks) && nr >= 0 && int(nr) != ch[len(ch)-1] &&
				d.regions[nr].open == k && d.regions[nr].attr < 0 && d.regions[nr].prev < 0 {
				ch2 := d.chain(int(nr))
				pieces = append(pieces, d.pieces(ch2)...)
				ch = append(ch, ch2...)
			}
			// words before the quotation in its sentence make it part of a
			// paraphrase: “…” is then a fragment of a mixed content
			if len(ch) == 1 && r.open >= 0 {
				if s := d.clauseBefore(r.open); s >= 0 {
					pieces = [][2]int{{s, r.end()}}
					d.take(ch, d.newAttr(false, pieces, cue, spk, clause, speech, -1))
					continue
				}
			}
			d.take(ch, d.newAttr(true, pieces, cue, spk, clause, speech, -1))
			continue
		}
		if cue, spk, clause, speech, from, ok := d.preCue(r); ok {
			if e := d.clauseAfter(last); e >= 0 {
				// the sentence goes on after the quotation: a mixed content
				d.take(ch, d.newAttr(false, [][2]int{{r.start(), e}}, cue, spk, clause, speech, from))
				continue
			}
			d.take(ch, d.newAttr(true, d.pieces(ch), cue, spk, clause, speech, from))
		}
	}
}

// clauseBefore returns the first token of the words that precede the
// quotation opening at o in its sentence (after sentence adverbs), or -1
// when the quotation opens its sentence.
func (d *doc) clauseBefore(o int) int {
	lo := d.sentA[d.sent[o]]
	s := lo
	for s < o && (leadAdverbs[d.low[s]] || d.low[s] == "," || d.isQuoteMark(s) && d.inQ[s] < 0) {
		s++
	}
	words := 0
	for k := s; k < o; k++ {
		if d.inQ[k] >= 0 && d.regions[d.inQ[k]].attr >= 0 || d.usedCue[k] {
			return -1
		}
		if d.isWord(k) {
			words++
		}
	}
	if words < 2 || d.para[s] != d.para[o] {
		return -1
	}
	return s
}

// clauseAfter returns the last token of the words that follow the region
// in its sentence, or -1 when the sentence ends (or a comma, a cue clause
// or another quotation follows).
func (d *doc) clauseAfter(r *region) int {
	if r.close < 0 {
		return -1
	}
	k := r.close + 1
	if k >= len(d.toks) || d.sent[k] != d.sent[r.close] || d.para[k] != d.para[r.close] || !d.isWord(k) {
		return -1
	}
	if isTerminal(d.low[r.close-1]) || d.low[r.close-1] == "," {
		return -1
	}
	e := d.sentB[d.sent[k]]
	for x := k; x <= e; x++ {
		if d.isQuoteMark(x) || d.low[x] == ";" {
			e = x - 1
			break
		}
	}
	for e > k && (isTerminal(d.low[e]) || d.low[e] == ",") {
		e--
	}
	if e < k {
		return -1
	}
	return e
}

// take marks regions as attributed to a, which newAttr has just added.
func (d *doc) take(ch []int, a *attr) {
	for _, c := range ch {
		d.regions[c].attr = a.id
	}
}

// pieces returns the token ranges of regions, marks included.
func (d *doc) pieces(ch []int) [][2]int {
	out := make([][2]int, 0, len(ch))
	for _, c := range ch {
		r := &d.regions[c]
		out = append(out, [2]int{r.start(), r.end()})
	}
	return out
}

// skipAuxBack moves back from token k over auxiliaries and adverbs
// ("has also said", "would later tell").
func (d *doc) skipAuxBack(k, lo int) int {
	for k >= lo && (auxWords[d.low[k]] || isAdverb(d.low[k]) || d.longAfterAux(k)) && !d.isCap(k) {
		k--
	}
	return k
}

// longAfterAux reports "long" as an adverb of time: "has long said".
func (d *doc) longAfterAux(k int) bool {
	if d.low[k] != "long" || k < 1 {
		return false
	}
	switch d.low[k-1] {
	case "has", "have", "had":
		return true
	}
	return false
}

// isAdverb reports whether a lower-case word is an -ly adverb.
func isAdverb(w string) bool {
	return len(w) > 4 && strings.HasSuffix(w, "ly") && w != "only" && w != "family" && w != "italy" && w != "rally"
}

// boundaryBack reports whether token k ends a speaker phrase scanned
// backward. Inside an apposition ("the former governor and agency
// administrator") "and" does not end it.
func (d *doc) boundaryBack(k int, app bool) bool {
	t := d.low[k]
	switch t {
	case ",", ";", ":", "(", "[", "]", "—", "–", "--", "-", "that", "than", "which", "whom", "whose":
		return true
	}
	if isTerminal(t) || d.isQuoteMark(k) {
		return true
	}
	if subordinators[t] {
		if t == "and" || t == "or" {
			// "Syria and Russia", "Google and Yahoo" stay together
			return !(app || d.isCap(k-1) && d.isCap(k+1))
		}
		return true
	}
	if c, ok := cues[t]; ok && !d.isCap(k) && !roleNouns[t] && !(app && c.ing) && !c.weak && !d.nounUse(k) {
		return true
	}
	return false
}

// subjectBack finds the speaker phrase before the cue verb at v: the noun
// phrase back to the clause boundary, with an apposition between commas
// ("Alexander Lavrentiev, Russian President Vladimir Putin's envoy to
// Syria, told"; "the director of the F.B.I., James B. Comey, said"). It
// returns {-1,-1} when there is none.
func (d *doc) subjectBack(v int) [2]int {
	lo := d.sentA[d.sent[v]]
	e := d.skipAuxBack(v-1, lo)
	// "appeared to suggest", "refused to say": the verb group goes back
	if e >= lo+1 && d.low[e] == "to" && !d.isCap(e-1) && d.isWord(e-1) && !pronouns[d.low[e-1]] {
		e = d.skipAuxBack(e-2, lo)
	}
	if e < lo {
		return none
	}
	// "Speaker Paul D. Ryan, the nation's highest-ranking Republican, on
	// Tuesday called": a time phrase after the apposition
	if e-2 >= lo && isTimeWord(d.low[e]) && (d.low[e-1] == "on" || d.low[e-1] == "last" || d.low[e-1] == "this") &&
		d.low[e-2] == "," {
		e -= 2
	} else if e-1 >= lo && isTimeWord(d.low[e]) && d.low[e-1] == "," {
		e--
	}
	if d.low[e] == "," {
		return d.appositiveSubject(e, lo)
	}
	// "a message that said", "the sign — which read": a relative pronoun
	// right before the verb is its subject
	if (d.low[e] == "that" || d.low[e] == "which" || d.low[e] == "who") && e > lo && d.isWord(e-1) &&
		!finiteWords[d.low[e-1]] {
		if _, isC := cues[d.low[e-1]]; !isC {
			return [2]int{e, e}
		}
	}
	s := d.scanBack(e, lo, false)
	if s > e {
		if s-1 >= lo && (d.low[s-1] == "who" || d.low[s-1] == "which") {
			return [2]int{s - 1, s - 1}
		}
		return none
	}
	if (d.low[s] == "who" || d.low[s] == "which") && s == e {
		return [2]int{s, s}
	}
	s = d.trimLead(s, e)
	if s > e || !d.npLike(s, e) {
		return none
	}
	return [2]int{s, e}
}

// finiteWords are verb forms that cannot stand inside a speaker's noun
// phrase.
var finiteWords = set(`is was were are am has have had will would can could should may might must did does do
	been be being`)

// npLike reports whether tokens a..b can be a speaker phrase: it starts
// with a letter or digit, holds no finite verb, and does not end in a
// preposition or a participle ("… that POLITICO interviewed").
func (d *doc) npLike(a, b int) bool {
	if !d.isWord(a) {
		return false
	}
	for k := a; k <= b; k++ {
		if finiteWords[d.low[k]] && !d.isCap(k) && !(k > a && (d.low[k-1] == "who" || d.low[k-1] == "which")) {
			return false
		}
		// "Carson shared a syllabus": a clause, not a noun phrase
		if k > a && !d.isCap(k) && strings.HasSuffix(d.low[k], "ed") && !roleNouns[d.low[k]] &&
			(d.mentAt[k-1] >= 0 || pronouns[d.low[k-1]] && d.low[k-1] != "who" && d.low[k-1] != "which") {
			return false
		}
	}
	l := d.low[b]
	if gapPreps[l] && l != "in" {
		return false
	}
	if b > a && !d.isCap(b) && strings.HasSuffix(l, "ed") && !roleNouns[l] && (d.isCap(b-1) || pronouns[d.low[b-1]]) {
		return false // "… that POLITICO interviewed"
	}
	return true
}

// appositiveSubject parses a speaker phrase with commas, ending with the
// comma at e: "NAME, DESCRIPTION, said", "DESCRIPTION, NAME, said", "NAME,
// 70, said", "NAME, who …, said", "NAME, during a town hall meeting in
// Columbus, Ohio, said". Comma-separated segments are read backward: noun
// phrases are kept, a segment opened by a preposition or "who" is a
// parenthesis passed over, and the phrase starts at the leftmost noun
// phrase that opens its clause.
func (d *doc) appositiveSubject(e, lo int) [2]int {
	type seg struct{ a, b int }
	var segs []seg
	end := e - 1
	for len(segs) < 5 && end >= lo {
		a := d.relativeBack(end, lo)
		if a < 0 {
			a = d.scanBack(end, lo, true)
		}
		if a > end {
			return none
		}
		segs = append(segs, seg{a, end})
		if a-1 < lo || d.low[a-1] != "," {
			break
		}
		end = a - 2
	}
	// the leftmost segment must open a clause: sentence start or a boundary
	// other than a comma
	head := -1
	for i := len(segs) - 1; i >= 0; i-- {
		sg := segs[i]
		l := d.low[sg.a]
		if gapPreps[l] || l == "who" || l == "which" || l == "whose" || leadAdverbs[l] || l == "like" ||
			l == "unlike" || l == "despite" || (strings.HasSuffix(l, "ing") || strings.HasSuffix(l, "ed")) && !d.isCap(sg.a) ||
			isTimeWord(l) {
			if head >= 0 {
				continue // a parenthesis inside the phrase
			}
			continue // an opening adverbial before the subject
		}
		if d.isCap(sg.a) || determiners[l] || pronouns[l] || d.isAge(sg.a, sg.b) || d.isWord(sg.a) {
			if head < 0 {
				head = i
			}
		}
	}
	if head < 0 {
		return none
	}
	h := segs[head]
	if !(d.nameLike(h.a, h.b) || determiners[d.low[h.a]] || d.isCap(h.a) || pronouns[d.low[h.a]]) {
		return none
	}
	if head == 0 && len(segs) == 1 {
		return none // "…, said": a comma right before the verb needs an apposition
	}
	// the phrase must be a name with its apposition: one of the noun
	// phrases is name-like or an age
	ok := false
	for i := head; i >= 0; i-- {
		if d.nameLike(segs[i].a, segs[i].b) || d.isAge(segs[i].a, segs[i].b) || d.hasRoleNoun(segs[i].a, segs[i].b) {
			ok = true
		}
	}
	if !ok {
		return none
	}
	return [2]int{d.trimLead(h.a, h.b), e - 1}
}

// relativeBack returns the first token of a relative clause between
// commas that ends at end ("…, who served as ambassador from 2012 until
// this year, said"; "…, which represents city educators, said"), whose
// inner "until" or "which" must not end the scan; -1 when the comma-
// delimited part ending at end is not one.
func (d *doc) relativeBack(end, lo int) int {
	for k := end; k >= lo && end-k < 2*maxSubject; k-- {
		t := d.low[k]
		if isTerminal(t) || d.isQuoteMark(k) || t == ";" || t == ":" {
			return -1
		}
		if t == "," {
			if k+1 <= end && (d.low[k+1] == "who" || d.low[k+1] == "which" || d.low[k+1] == "whose") {
				return k + 1
			}
			return -1
		}
	}
	return -1
}

// isAge reports whether tokens a..b are an age ("70" in "Jessie Elkins,
// 70, said").
func (d *doc) isAge(a, b int) bool {
	if a != b {
		return false
	}
	_, ok := dayNum(d.low[a])
	return ok || len(d.low[a]) == 2 && d.low[a][0] >= '1' && d.low[a][0] <= '9'
}

// scanBack returns the first token of the phrase ending at e, stopping at a
// clause boundary, at most maxSubject tokens back; a parenthesis ("(R-Ohio)")
// is part of the phrase. It returns e+1 when the phrase is too long.
func (d *doc) scanBack(e, lo int, app bool) int {
	limit := maxSubject
	if app {
		limit = 2 * maxSubject // "director of the Center for … at Rutgers University"
	}
	k := e
	for k >= lo && e-k < limit {
		if d.low[k] == ")" {
			j := k - 1
			for j >= lo && k-j < 12 && d.low[j] != "(" && d.low[j] != ")" {
				j--
			}
			if j < lo || d.low[j] != "(" {
				return k + 1
			}
			k = j - 1
			continue
		}
		if d.boundaryBack(k, app) {
			break
		}
		k--
	}
	if e-k >= limit && k >= lo && !d.boundaryBack(k, app) {
		return e + 1 // too long to be a speaker phrase
	}
	return k + 1
}

// trimLead drops sentence adverbs and time phrases that open a clause
// before its subject ("But", "On Monday", "In a statement").
func (d *doc) trimLead(s, e int) int {
	for s <= e && (leadAdverbs[d.low[s]] || d.low[s] == "who" && s < e) {
		s++
	}
	if s <= e && adjunctStart[d.low[s]] && !d.isCap(s+1) || s <= e && (d.low[s] == "on" || d.low[s] == "in" ||
		d.low[s] == "at" || d.low[s] == "during" || d.low[s] == "last" || d.low[s] == "earlier") {
		for p := s + 2; p <= e; p++ {
			if d.low[p] == "the" || d.low[p] == "a" || d.low[p] == "an" || pronouns[d.low[p]] ||
				d.isCap(p) && !isTimeWord(d.low[p]) {
				return p
			}
		}
	}
	return s
}

// isTimeWord reports whether w names a day, month or time of day.
func isTimeWord(w string) bool {
	if _, ok := weekdays[w]; ok {
		return true
	}
	if _, ok := months[w]; ok {
		return true
	}
	switch w {
	case "yesterday", "today", "tonight", "morning", "afternoon", "evening", "night", "week", "month", "year", "day",
		"hour", "minute", "moment",
		"weekend":
		return true
	}
	return false
}

// nameLike reports whether tokens a..b look like a name or pronoun (the head
// of an apposition).
func (d *doc) nameLike(a, b int) bool {
	if a == b && pronouns[d.low[a]] {
		return true
	}
	caps := 0
	for k := a; k <= b; k++ {
		if d.isCap(k) {
			caps++
		}
	}
	return caps > 0 && caps*2 >= b-a+1
}

// npForward returns the end of the noun phrase starting at s (an inverted
// speaker: "…,” said Maria Zakharova, the spokeswoman.), -1 when none.
func (d *doc) npForward(s int) int {
	n := len(d.toks)
	k := s
	for k < n && k-s < maxSubject && d.para[k] == d.para[s] {
		t := d.low[k]
		if t == "," || isTerminal(t) || t == ";" || t == ":" || d.isQuoteMark(k) || t == "(" {
			break
		}
		if !d.isCap(k) && adjunctStart[t] && t != "of" && t != "to" && t != "for" && t != "at" {
			break
		}
		if _, ok := cues[t]; ok && !d.isCap(k) {
			break
		}
		if finiteWords[t] && !d.isCap(k) {
			break // "…, said Roe has been …": a clause, not a name
		}
		k++
	}
	if k == s {
		return -1
	}
	e := k - 1
	// apposition: ", the spokeswoman for X," up to the next comma or end
	if k+1 < n && d.low[k] == "," && (d.low[k+1] == "the" || d.low[k+1] == "a" || d.low[k+1] == "an") {
		m := k + 1
		for m < n && m-k < maxSubject && d.para[m] == d.para[s] && d.low[m] != "," && !isTerminal(d.low[m]) &&
			!d.isQuoteMark(m) && d.low[m] != ";" {
			m++
		}
		if d.hasRoleNoun(k+1, m-1) {
			e = m - 1
		}
	}
	return e
}

// hasRoleNoun reports whether tokens a..b contain a noun for a person's role.
func (d *doc) hasRoleNoun(a, b int) bool {
	for k := a; k <= b && k < len(d.low); k++ {
		if roleNouns[d.low[k]] {
			return true
		}
	}
	return false
}

// postCue parses the cue clause after a closed quotation: “…,” SPEAKER
// VERB …, “…,” VERB SPEAKER …, “…,” according to SPEAKER.
func (d *doc) postCue(r *region) (cue, spk, clause [2]int, speech, ok bool) {
	n := len(d.toks)
	if r.close < 0 {
		return
	}
	p := r.close + 1
	for p < n && p-r.close < 3 && (markKind(d.toks[p].Text) == mSingleAmb || markKind(d.toks[p].Text) == mSingleClose) &&
		d.attached(p-1) {
		p++ // ''…them,''' : a closing single mark glued to the double one
	}
	if p < n && (d.low[p] == "," || d.low[p] == "—" || d.low[p] == "–") {
		p++
	}
	if p >= n || d.para[p] != d.para[r.close] || d.isQuoteMark(p) {
		return
	}
	inner := d.low[r.close-1]
	if markKind(inner) != mNone && r.close-2 >= r.first {
		inner = d.low[r.close-2] // a quotation ending in a quotation: ‘…?’”
	}
	endedComma := inner == "," || p > r.close+1
	endedTerminal := isTerminal(inner)
	if r.close-1 < 0 || r.close-1 < r.first {
		return
	}
	// inverted: “…,” said Maria Zakharova.
	if c, isCue := d.cueAt(p); isCue && !d.usedCue[p] && !c.ing && c.lemma != "tell" && !d.isCap(p) {
		v := p
		ve := v
		if c.part != "" {
			ve++
		}
		s := ve + 1
		if s < n && d.para[s] == d.para[v] && d.isWord(s) && !adjunctStart[d.low[s]] && !subordinators[d.low[s]] &&
			d.low[s] != "that" {
			if e := d.npForward(s); e >= s {
				if !endedComma && !endedTerminal {
					return
				}
				return [2]int{v, ve}, [2]int{s, e}, [2]int{v, d.clauseEnd(e + 1)}, c.speech, true
			}
		}
		if isTerminal(d.tok(s)) && endedComma {
			// “…,” said. — no speaker
			return
		}
	}
	if d.low[p] == "according" && d.tok(p+1) == "to" {
		if e := d.npForward(p + 2); e >= p+2 {
			return [2]int{p, p + 1}, [2]int{p + 2, e}, [2]int{p, d.clauseEnd(e + 1)}, true, true
		}
		return
	}
	// SPEAKER VERB: find the verb within the speaker phrase's reach
	if !(d.isCap(p) || clauseStart[d.low[p]] || d.isWord(p)) || subordinators[d.low[p]] || leadAdverbs[d.low[p]] ||
		!d.isCap(p) && (gapPreps[d.low[p]] || adjunctStart[d.low[p]]) {
		return
	}
	for k := p; k < n && k-p <= maxSubject+3 && d.para[k] == d.para[p]; k++ {
		t := d.low[k]
		if t == "(" && k > p {
			// a party and state, an age: "Sen. Claire Roe (D-Mo.) said"
			if j := d.closeParen(k, 8); j > k {
				k = j
				continue
			}
		}
		if isTerminal(t) || t == ";" || t == ":" || d.isQuoteMark(k) || t == "that" {
			return
		}
		if d.sent[k] != d.sent[p] && !endedTerminal && !d.inParen(p, k) {
			return // the cue of a quotation is in its sentence
		}
		c, isCue := d.cueAt(k)
		if !isCue || d.isCap(k) || c.ing {
			continue
		}
		e := d.skipAuxBack(k-1, p)
		if e >= p && d.low[e] == "," {
			// apposition: “…,” NAME, DESCRIPTION, said
			e--
		}
		if e < p {
			return
		}
		if d.usedCue[k] {
			return
		}
		// the speaker phrase must not hold a clause of its own, and a comma
		// only as in "NAME, DESCRIPTION,"
		for x := p; x <= e; x++ {
			if _, isC := cues[d.low[x]]; isC && !d.isCap(x) && !roleNouns[d.low[x]] {
				return
			}
			if d.low[x] == "," && !d.nameLike(p, x-1) && !(d.mentAt[p] >= 0) && !d.personHead(p, x-1) {
				return
			}
		}
		if !endedComma && !endedTerminal {
			// “…” he said, with no punctuation: only a pronoun or a noun
			// phrase ending in a name right before the verb
			if !(e == p && pronouns[d.low[p]]) && !(d.mentAt[e] >= 0 && d.ments[d.mentAt[e]].b == e && d.npLike(p, e)) {
				return
			}
			if e != d.skipAuxBack(k-1, p) {
				return
			}
		}
		ve := k
		if c.part != "" {
			ve++
		}
		if c.post && !docNouns[d.low[e]] && !d.docHead(p, e) {
			return
		}
		if !d.npLike(p, e) && !(d.low[e] == ")" || d.isAge(e, e)) {
			return
		}
		t2 := d.tok(ve + 1)
		switch t2 {
		case "that", "if", "whether", "he", "she", "they", "it", "we", "i":
			// “Hannity,” Newt Gingrich said if …: the quotation is a title
			// and the verb has content of its own
			return
		}
		if endedTerminal && !endedComma && ve+1 < n && !c.tell {
			// a new sentence: "…done.” Trump said the polls …" is reported
			// speech of its own, not the cue of the quotation
			if !(isTerminal(t2) || t2 == "," || t2 == ";" || adjunctStart[t2] || d.isQuoteMark(ve+1)) {
				return
			}
		}
		return [2]int{k, ve}, [2]int{p, e}, [2]int{p, d.clauseEnd(ve + 1)}, c.speech, true
	}
	return
}

// closeParen returns the ")" closing the "(" at k within limit tokens of
// its paragraph, -1 when there is none.
func (d *doc) closeParen(k, limit int) int {
	for j := k + 1; j < len(d.toks) && j-k <= limit && d.para[j] == d.para[k]; j++ {
		switch d.low[j] {
		case ")":
			return j
		case "(", "“", "”", "\"":
			return -1
		}
	}
	return -1
}

// inParen says whether a parenthesis opened between a and k is still open
// at k: a sentence split inside it ("(D-Mo.)") does not end the clause.
func (d *doc) inParen(a, k int) bool {
	open := false
	for j := a; j <= k; j++ {
		switch d.low[j] {
		case "(":
			open = true
		case ")":
			open = false
		}
	}
	return open
}

// clauseEnd returns the last token of the cue clause starting at k: before
// the sentence's end, a comma that opens more quotation, or a paragraph end.
func (d *doc) clauseEnd(k int) int {
	n := len(d.toks)
	if k >= n {
		return n - 1
	}
	s := k
	for k < n && d.para[k] == d.para[s] && k-s < 40 {
		t := d.low[k]
		if t == "(" {
			// "said Rep. John Roe (D-N.C.), head of …": a stop inside
			// the parenthesis ends nothing
			if j := d.closeParen(k, 8); j > k {
				k = j + 1
				continue
			}
		}
		if isTerminal(t) || t == ";" {
			return k
		}
		if (t == "," || t == ":") && (k+1 >= n || d.isQuoteMark(k+1) || d.para[k+1] != d.para[k]) {
			return k - 1
		}
		if t == "," && k+1 < n && subordinators[d.low[k+1]] {
			return k - 1 // ", though he said, “…”": a clause of its own
		}
		if d.isQuoteMark(k) {
			return k - 1
		}
		if t == "," {
			if c, ok := d.cueAt(k + 1); ok && c.ing {
				return k - 1
			}
		}
		k++
	}
	return k - 1
}

// preCue parses the cue clause before a quotation: SPEAKER VERB (that|,|:)
// “…”, including a colon at the end of the previous paragraph.
func (d *doc) preCue(r *region) (cue, spk, clause [2]int, speech bool, from int, ok bool) {
	from = -1
	o := r.open
	if o <= 0 {
		return
	}
	j := o - 1
	cross := d.para[j] != d.para[o]
	if cross && d.low[j] != ":" {
		return
	}
	k := j
	switch d.low[k] {
	case ",", ":", "—", "–", "--":
		k--
	}
	if k >= 0 && d.low[k] == "that" {
		k--
	}
	if k < 0 {
		return
	}
	lo := d.sentA[d.sent[k]]
	for v := k; v >= lo && k-v <= 10; v-- {
		t := d.low[v]
		if isTerminal(t) || t == ";" || d.isQuoteMark(v) || d.inQ[v] >= 0 {
			break
		}
		if t == "according" && d.tok(v+1) == "to" && v+2 <= k {
			e := k
			if d.low[e] == "," {
				e--
			}
			return [2]int{v, v + 1}, [2]int{v + 2, e}, [2]int{v, j}, true, -1, true
		}
		c, isCue := d.cueAt(v)
		if !isCue || d.isCap(v) || d.usedCue[v] {
			if auxWords[t] && !isAdverb(t) || t == "that" && v < k {
				// a clause of its own between verb and quotation ("said
				// that such a statement is “surprising”"): reported speech
				return
			}
			continue
		}
		ve := v
		if c.part != "" {
			ve++
		}
		if c.post {
			return
		}
		if c.weak && ve < k-1 && !(ve == k-1 && d.objectPronoun(k)) {
			return
		}
		if ve < k && !d.adjunctGap(ve+1, k, c.tell) {
			return
		}
		if d.passive(v, lo) || d.nounUse(v) {
			return
		}
		if c.ing {
			f := d.inheritFrom(v)
			if f < 0 && d.leadSubject(v) == none {
				return
			}
			if f >= 0 {
				return [2]int{v, ve}, none, [2]int{v, j}, c.speech, f, true
			}
			return [2]int{v, ve}, d.leadSubject(v), [2]int{v, j}, c.speech, -1, true
		}
		s := d.subjectBack(v)
		if s == none {
			// “and said: …”: the subject of the clause before
			if f := d.inheritFrom(v); f >= 0 {
				return [2]int{v, ve}, none, [2]int{v, j}, c.speech, f, true
			}
			if p := d.skipAuxBack(v-1, lo); p >= lo && (d.low[p] == "and" || d.low[p] == "but") {
				if ls := d.leadSubject(v); ls != none {
					return [2]int{v, ve}, ls, [2]int{ls[0], j}, c.speech, -1, true
				}
			}
			return
		}
		return [2]int{v, ve}, s, [2]int{s[0], j}, c.speech, -1, true
	}
	// NAME: “…” (a colon after a name, with no verb: "More from Jones:",
	// "doesn't surprise pollster Daron Shaw:")
	if d.low[j] == ":" && j > 0 {
		if m := d.mentAt[j-1]; m >= 0 && d.ments[m].b == j-1 && d.ments[m].typ != "LOC" {
			a := d.ments[m].a
			if pre := d.preRole(a); pre[0] >= 0 {
				a = pre[0]
			}
			return [2]int{j, j}, [2]int{a, j - 1}, [2]int{a, j}, true, -1, true
		}
	}
	return
}

// passive reports whether the verb at v is passive ("was told", "is said
// to"), whose subject is not the speaker.
func (d *doc) passive(v, lo int) bool {
	c, _ := d.cueAt(v)
	if c.ing {
		return false
	}
	k := v - 1
	for k >= lo && isAdverb(d.low[k]) {
		k--
	}
	if k < lo {
		return false
	}
	switch d.low[k] {
	case "is", "was", "were", "are", "be", "been", "being", "am", "get", "got", "gets", "getting":
		return true
	}
	return false
}

// nounUse reports whether the cue word at v is used as a noun ("the
// statement", "his claims", "a report").
func (d *doc) nounUse(v int) bool {
	switch d.tok(v - 1) {
	case "the", "a", "an", "his", "her", "their", "its", "this", "these", "those", "our", "my", "your", "'s", "’s",
		"no", "any", "some", "such", "every", "each", "of", "for", "with", "new", "first", "latest", "recent":
		return true
	}
	return false
}

// inheritFrom returns the attribution in v's sentence that ends before v
// (for "…, adding that …" whose subject is that attribution's speaker).
func (d *doc) inheritFrom(v int) int {
	best := -1
	for i, a := range d.attrs {
		e := a.lastTok()
		if e < v && d.sent[e] == d.sent[v] || e < v && e >= v-3 {
			if best < 0 || d.attrs[best].lastTok() < e {
				best = i
			}
		}
	}
	return best
}

// leadSubject returns the subject at the start of v's clause when the
// verb at v has none of its own ("He reversed his statement and said …",
// "Her campaign also announced … and said …"): the noun phrase before the
// clause's first verb.
func (d *doc) leadSubject(v int) [2]int {
	lo := d.sentA[d.sent[v]]
	s := lo
	for k := v - 1; k > lo; k-- {
		if d.low[k] == ";" || d.low[k] == ":" {
			s = k + 1
			break
		}
	}
	for s < v && (leadAdverbs[d.low[s]] || d.isQuoteMark(s) || d.low[s] == ",") {
		s++
	}
	// an opening phrase ("On Twitter,", "Like Corker,", "Courted by …,")
	// before the subject
	for s < v {
		l := d.low[s]
		if !(gapPreps[l] || subordinators[l] || l == "like" || l == "unlike" || l == "despite" || l == "speaking" ||
			isTimeWord(l) || isAdverb(l) || strings.HasSuffix(l, "ed") || strings.HasSuffix(l, "ing") || d.timePhrase(s)) ||
			d.mentAt[s] >= 0 {
			break
		}
		c := s
		for c < v && c-s < 16 && d.low[c] != "," {
			c++
		}
		if c >= v || d.low[c] != "," {
			return none
		}
		s = c + 1
	}
	if s >= v {
		return none
	}
	if pronouns[d.low[s]] {
		if d.low[s] == "who" || d.low[s] == "which" || d.low[s] == "it" || d.low[s] == "you" {
			return none
		}
		return [2]int{s, s}
	}
	k := s
	for k < v && k-s < maxSubject {
		t := d.low[k]
		if t == "," {
			// "Mike Huckabee, the former Arkansas governor, proposed"
			if app := d.appositionRole(k - 1); app[0] == k+1 && app[1]+1 < v && d.low[app[1]+1] == "," {
				k = app[1] + 2
				continue
			}
			break
		}
		if d.isCap(k) || determiners[t] || titleWords[t] || roleNouns[t] || nationalities[t] || t == "of" ||
			t == "'s" || t == "’s" || t == "(" || t == ")" || t == "-" {
			k++
			continue
		}
		if auxWords[t] || strings.HasSuffix(t, "ed") || isAdverb(t) || subordinators[t] {
			break
		}
		if _, isC := cues[t]; isC {
			break
		}
		if !d.isWord(k) {
			break
		}
		k++
	}
	e := k - 1
	if e < s || e-s >= maxSubject-1 {
		return none
	}
	// only a clear subject: one ending in a name, or a description of a
	// person, organisation or document ("Her campaign", "The judge")
	if m := d.mentAt[e]; m >= 0 && d.ments[m].b == e && d.ments[m].typ != "LOC" && d.ments[m].typ != "MISC" {
		return [2]int{s, e}
	}
	if (determiners[d.low[s]] || quantifiers[d.low[s]]) && d.personHead(s, e) {
		return [2]int{s, e}
	}
	// a short noun phrase with an article or a capitalised head
	if e-s <= 3 && d.isWord(e) && !isTimeWord(d.low[e]) && !finiteWords[d.low[e]] &&
		(d.low[s] == "the" || d.low[s] == "a" || d.low[s] == "an" || d.isCap(e)) && !strings.HasSuffix(d.low[e], "’s") {
		return [2]int{s, e}
	}
	return none
}

// lastTok returns the last token of an attribution (content, cue clause or
// speaker).
func (a *attr) lastTok() int {
	e := a.pieces[len(a.pieces)-1][1]
	for _, x := range []int{a.cue[1], a.clause[1], a.spk[1]} {
		if x > e {
			e = x
		}
	}
	return e
}

// firstTok returns the first token of an attribution.
func (a *attr) firstTok() int {
	s := a.pieces[0][0]
	for _, x := range []int{a.cue[0], a.clause[0], a.spk[0]} {
		if x >= 0 && x < s {
			s = x
		}
	}
	return s
}

// objectPronoun reports whether token k is an object pronoun ("calls her
// “…”").
func (d *doc) objectPronoun(k int) bool {
	switch d.tok(k) {
	case "him", "her", "them", "it", "us", "me", "you":
		return true
	}
	return false
}

// gapPreps open phrases that may stand between a cue verb and its content
// ("said in a statement that", "told reporters at a briefing:").
var gapPreps = set(`in at on during to with after before of via from for about by through while when
	outside inside near`)

// adjunctGap reports whether tokens a..b, between a cue verb and its
// content, are only a hearer (for tell verbs), time, place and manner
// phrases, so that the content really belongs to the verb; a noun phrase
// there means the "that" or quotation belongs to something else ("the
// history of the church that reigns").
func (d *doc) adjunctGap(a, b int, tell bool) bool {
	k := a
	if tell && k <= b {
		switch {
		case d.objectPronoun(k) || tellObjects[d.low[k]] && !d.isCap(k) && !determiners[d.low[k]]:
			k++
		case determiners[d.low[k]]:
			k++
			for j := 0; k <= b && j < 4 && d.isWord(k) && !gapPreps[d.low[k]] && d.low[k] != "that"; j++ {
				k++
			}
		case d.isCap(k):
			for k <= b && (d.isCap(k) || d.low[k] == "of" || d.low[k] == "’s" || d.low[k] == "'s" || roleNouns[d.low[k]]) {
				k++
			}
		default:
			// "told cheering supporters that"
			for j := 0; k <= b && j < 3 && d.isWord(k) && !gapPreps[d.low[k]] && d.low[k] != "that"; j++ {
				k++
			}
		}
	}
	for k <= b {
		t := d.low[k]
		switch {
		case t == "," || t == "-" || t == "—" || t == "–" || leadAdverbs[t] && t != "and" && t != "but":
			k++
		case isTimeWord(t) || isAdverb(t) || auxWords[t] && !d.isCap(k) || t == "last" || t == "this" || t == "next":
			k++
		case d.isCap(k) || t[0] >= '0' && t[0] <= '9':
			k++
		case gapPreps[t]:
			k++
			for j := 0; k <= b && j < 6 && d.isWord(k) && d.low[k] != "that"; j++ {
				if _, isC := cues[d.low[k]]; isC && !d.isCap(k) && !docNouns[d.low[k]] {
					break
				}
				k++
			}
		default:
			return false
		}
	}
	return true
}

var determiners = set(`the a an his her their its our my your this that these those`)

// quantifiers open noun phrases of people ("some senators", "two officials").
var quantifiers = set(`some many several most few all other two three four five dozens hundreds one another`)

// personHead reports whether the noun phrase a..b has a head that names a
// person, group, organisation or document ("A spokesman for Mayor …", "the
// U.S. Court of Appeals", "some senators"), looking up to its first
// preposition.
func (d *doc) personHead(a, b int) bool {
	for k := a + 1; k <= b; k++ {
		l := d.low[k]
		if gapPreps[l] && !(l == "of" && d.isCap(k-1)) {
			break
		}
		if isRoleNoun(l) || docNouns[l] || orgWords[l] {
			return true
		}
	}
	return false
}

// isRoleNoun reports whether w, singular or plural, is a noun for a person's
// role.
func isRoleNoun(w string) bool {
	return roleNouns[w] || len(w) > 3 && strings.HasSuffix(w, "s") && roleNouns[w[:len(w)-1]]
}

// timePhrase reports whether a phrase of time opens at s ("Eight years
// ago,", "Last week,", "That morning,").
func (d *doc) timePhrase(s int) bool {
	for k := s; k < len(d.low) && k-s < 5; k++ {
		l := d.low[k]
		if l == "," {
			return false
		}
		if l == "ago" || l == "later" || l == "earlier" || isTimeWord(l) || isTimeWord(strings.TrimSuffix(l, "s")) {
			return d.tok(k+1) == "," || d.tok(k+2) == ","
		}
	}
	return false
}

// docHead reports whether the noun phrase a..b is headed by a document
// noun ("a welcome message on the website").
func (d *doc) docHead(a, b int) bool {
	for k := a; k <= b; k++ {
		if gapPreps[d.low[k]] && k > a {
			return false
		}
		if docNouns[d.low[k]] {
			return true
		}
	}
	return false
}
