package quote

// findReported finds reported speech around the communication verbs that no
// quotation took: SPEAKER VERB (that) CONTENT, CONTENT, SPEAKER VERB,
// according to SPEAKER, CONTENT and CONTENT, according to SPEAKER. With
// beliefs, verbs of belief and intention count too.
func (d *doc) findReported(beliefs bool) {
	n := len(d.toks)
	for v := 0; v < n; v++ {
		if d.usedCue[v] || d.inQ[v] >= 0 {
			continue
		}
		if d.low[v] == "according" && d.tok(v+1) == "to" {
			if !d.inContent(v) {
				d.accordingTo(v)
			}
			continue
		}
		c, ok := d.cueAt(v)
		if !ok || c.post || d.isCap(v) && !d.sentInitial(v) && !d.titleCue(v) {
			continue
		}
		if d.inContent(v) {
			// nested attributions are part of the outer content
			continue
		}
		if !c.speech && !beliefs {
			continue
		}
		lo := d.sentA[d.sent[v]]
		if d.passive(v, lo) || d.nounUse(v) {
			continue
		}
		ve := v
		if c.part != "" {
			ve++
		}
		spk := none
		from := -1
		if c.ing {
			// ", adding that …", "while saying …": the clause's speaker
			p := d.tok(v - 1)
			if v >= 2 && d.isQuoteMark(v-1) && d.tok(v-2) == "," {
				p = "," // "… of “New York values,” saying …"
			}
			if p != "," && p != "while" && p != "after" && p != "before" && p != "by" && p != "when" && p != "and" {
				if !(auxWords[p] && !d.isCap(v-1)) {
					continue
				}
				spk = d.subjectBack(v)
			} else {
				from = d.inheritFrom(v)
				if from < 0 {
					spk = d.leadSubject(v)
				}
			}
		} else {
			spk = d.subjectBack(v)
			if spk == none {
				p := d.skipAuxBack(v-1, lo)
				if p >= lo && (d.low[p] == "and" || d.low[p] == "but") {
					from = d.inheritFrom(v)
					if from < 0 {
						spk = d.leadSubject(v)
					}
				} else if p >= lo && d.low[p] == "," && !c.tell {
					// inverted: "CONTENT, said Lavrov."
					if e := d.npForward(ve + 1); e > ve && d.isCap(ve+1) && e+1 < len(d.toks) &&
						(isTerminal(d.low[e+1]) || d.low[e+1] == ",") {
						if cs, ce, ok := d.contentBefore(v, lo); ok {
							d.newAttr(false, [][2]int{{cs, ce}}, [2]int{v, ve}, [2]int{ve + 1, e},
								[2]int{v, d.clauseEnd(e + 1)}, c.speech, -1)
						}
					}
					continue
				}
			}
		}
		if spk == none && from < 0 {
			continue
		}
		if cs, ok := d.contentAfter(ve, c); ok {
			ce := d.contentEnd(cs, spk)
			if ce-cs < 1 {
				continue
			}
			cl := [2]int{lo, cs - 1}
			if spk[0] >= 0 {
				cl[0] = spk[0]
			}
			d.newAttr(false, [][2]int{{cs, ce}}, [2]int{v, ve}, spk, cl, c.speech, from)
			continue
		}
		t := d.tok(ve + 1)
		// VERB OBJECT: "Clinton defended her record", "called for a ban"
		// (", calling him a “loser”", ", citing low growth": a gerund takes
		// the clause's speaker)
		if beliefs && objLemmas[c.lemma] && (!c.weak || d.bareSubject(spk, v)) && (spk != none || from >= 0) &&
			!isTerminal(t) && t != "," && t != ";" {
			cs := ve + 1
			if t == "for" || t == "on" || t == "off" {
				cs++
			}
			ce := cs
			hi := d.sentB[d.sent[v]]
			for ce < hi && ce-cs < 40 {
				x := d.low[ce+1]
				if (x == "," || x == ";" || x == "—" || x == "–" || isTerminal(x)) && d.inQ[ce+1] < 0 {
					break
				}
				ce++
			}
			if cs <= ce && d.isWord(cs) || d.isQuoteMark(cs) {
				cl := [2]int{lo, cs - 1}
				d.newAttr(false, [][2]int{{cs, max(cs, ce)}}, [2]int{v, cs - 1}, spk, cl, c.speech, from)
				continue
			}
		}
		// As X said, CONTENT.
		if (t == ",") && spk[0] > lo && d.low[spk[0]-1] == "as" && ve+2 <= d.sentB[d.sent[v]] {
			if ce := d.contentEnd(ve+2, none); ce > ve+2 {
				d.newAttr(false, [][2]int{{ve + 2, ce}}, [2]int{v, ve}, spk, [2]int{spk[0] - 1, ve + 1}, c.speech, from)
				continue
			}
		}
		// CONTENT, SPEAKER VERB.
		if spk[0] > lo && d.low[spk[0]-1] == "," && (isTerminal(t) || t == "," || t == ";" || adjunctStart[t] ||
			c.tell || t == "") {
			if c.weak {
				continue
			}
			cs, ce, ok := d.contentBefore(spk[0], lo)
			if !ok && t == "," && spk[0]-lo >= 2 && spk[0]-lo <= 4 {
				// "In 2008, Trump said, the foundation's donation …": a short
				// opening piece
				cs, ce, ok = lo, spk[0]-2, true
			}
			if ok {
				pieces := [][2]int{{cs, ce}}
				// "Many days, former employees said, she would stay …": the
				// content goes on after the cue
				if t == "," && ve+2 <= d.sentB[d.sent[v]] && d.isWord(ve+2) {
					if _, isC := d.cueAt(ve + 2); !isC {
						if e2 := d.contentEnd(ve+2, none); e2 > ve+2 {
							pieces = append(pieces, [2]int{ve + 2, e2})
						}
					}
				}
				d.newAttr(false, pieces, [2]int{v, ve}, spk, [2]int{spk[0], d.clauseEnd(ve + 1)},
					c.speech, from)
			}
		}
	}
}

// colonLines finds paragraphs that open with a name and a colon: "Trey
// Gowdy: Benghazi Investigation Helped …" (headlines), "Q: …", "Matthews:
// …" (transcripts). The content runs to the end of the paragraph (at most
// a few sentences).
func (d *doc) colonLines() {
	n := len(d.toks)
	for s := 0; s < n; s++ {
		if s > 0 && d.para[s-1] == d.para[s] {
			continue
		}
		// A transcript's turns may each open a quoted paragraph
		// ("“ROE: Well, ...): the name starts after the mark.
		p := s
		if d.isQuoteMark(s) && s+1 < n && d.para[s+1] == d.para[s] {
			p = s + 1
		}
		c := -1
		for k := p; k < n && k-p <= 6 && d.para[k] == d.para[p]; k++ {
			if d.low[k] == ":" {
				c = k
				break
			}
			if isTerminal(d.low[k]) || d.isQuoteMark(k) || d.low[k] == "," {
				break
			}
		}
		if c <= p || c+1 >= n || d.para[c+1] != d.para[s] {
			continue
		}
		if !d.nameLike(p, c-1) || d.usedCue[c] || c-p > 3 && d.mentAt[c-1] < 0 {
			continue
		}
		plain := true
		for k := p; k < c; k++ {
			if !d.isWord(k) {
				plain = false
			}
		}
		if !plain {
			continue
		}
		if _, isC := d.cueAt(c - 1); isC {
			continue
		}
		e := c + 1
		for e+1 < n && d.para[e+1] == d.para[s] && d.sent[e+1]-d.sent[c+1] < 4 {
			e++
		}
		for e > c+1 && (isTerminal(d.low[e]) || d.low[e] == ",") && d.inQ[e] < 0 {
			e--
		}
		attributed := false
		for k := c + 1; k <= e; k++ {
			if q := d.inQ[k]; q >= 0 && d.regions[q].attr >= 0 || d.usedCue[k] {
				attributed = true
				break
			}
		}
		if attributed || e-c < 3 {
			continue
		}
		d.newAttr(d.inQ[c+1] >= 0 && d.inQ[e] == d.inQ[c+1], [][2]int{{c + 1, e}}, [2]int{c, c}, [2]int{p, c - 1},
			[2]int{p, c}, true, -1)
		if q := d.inQ[c+1]; q >= 0 {
			d.regions[q].attr = len(d.attrs) - 1
		}
	}
}

// contentAfter returns the first token of the content after the verb group
// ending at ve: "that", or the clause after the hearer and time phrases.
func (d *doc) contentAfter(ve int, c cueInfo) (int, bool) {
	n := len(d.toks)
	k := ve + 1
	if k >= n || d.sent[k] != d.sent[ve] && !d.isQuoteMark(k) {
		return 0, false
	}
	// "that" close after the verb, past hearer, place and time phrases
	commas := 0
	for x := k; x < n && x-k < 14 && d.para[x] == d.para[ve]; x++ {
		t := d.low[x]
		if t == "that" {
			if x+1 < n && (isTerminal(d.low[x+1]) || d.low[x+1] == ",") {
				break
			}
			if !d.adjunctGap(k, x-1, c.tell) {
				break
			}
			return x, true
		}
		if isTerminal(t) || t == ";" || t == ":" || d.isQuoteMark(x) {
			break
		}
		if _, ok := cues[t]; ok && !d.isCap(x) && x > k {
			break
		}
		if t == "," {
			commas++
			if commas > 2 {
				break
			}
		}
	}
	if c.weak {
		return 0, false
	}
	switch c.lemma {
	case "ask", "wonder":
		switch d.tok(k) {
		case "whether", "if", "why", "how", "what", "who", "when", "where", "which":
			return k, true
		}
	}
	if d.tok(k) == "to" && d.isWord(k+1) {
		switch c.lemma {
		case "promise", "vow", "pledge", "threaten", "want", "plan", "hope", "expect", "intend", "wish", "seek",
			"agree", "decline", "refuse", "demand", "swear":
			return k, true
		}
		return 0, false
	}
	told := false
	if c.tell {
		told = true
		// the hearer: "told reporters", "told Interfax news agency", "told
		// host Sean Hannity"
		switch {
		case isRoleNoun(d.tok(k)) && !d.isCap(k):
			k++
			for k < n && (d.isCap(k) || isRoleNoun(d.low[k])) && k-ve < 8 {
				k++
			}
		case tellObjects[d.tok(k)] && !d.isCap(k):
			if d.tok(k) == "the" || d.tok(k) == "a" || d.tok(k) == "an" || d.tok(k) == "his" || d.tok(k) == "her" ||
				d.tok(k) == "their" {
				k++
				for k < n && k-ve < 6 && !d.isCap(k) && d.isWord(k) && !clauseStart[d.low[k]] {
					k++
				}
				for k < n && d.isCap(k) {
					k++
				}
			} else {
				k++
			}
		case d.isCap(k):
			for k < n && (d.isCap(k) || d.low[k] == "of" || d.low[k] == "’s" || d.low[k] == "'s" ||
				roleNouns[d.low[k]] || titleWords[d.low[k]]) && k-ve < 8 {
				k++
			}
		default:
			return 0, false
		}
		if c.lemma == "urge" || c.lemma == "warn" || c.lemma == "ask" || c.lemma == "remind" || c.lemma == "advise" {
			if d.tok(k) == "to" {
				return k, true
			}
		}
	}
	// time phrases: "said Monday", "said on Thursday", "said last week"
	for k < n && k-ve < 8 {
		t := d.low[k]
		if isTimeWord(t) || t == "also" || t == "again" || t == "recently" || t == "earlier" || t == "later" ||
			t == "repeatedly" || t == "publicly" || t == "privately" || t == "previously" {
			k++
			continue
		}
		if (t == "on" || t == "last" || t == "this" || t == "next" || t == "early" || t == "late") && isTimeWord(d.tok(k+1)) {
			k += 2
			continue
		}
		if _, ok := months[t]; ok && d.isWord(k+1) {
			k += 2
			continue
		}
		break
	}
	if k >= n || d.sent[k] != d.sent[ve] && !d.isQuoteMark(k) {
		return 0, false
	}
	t := d.low[k]
	switch {
	case t == "whether" || t == "if":
		return k, true
	case clauseStart[t] && t != "what" && t != "how" && t != "why" && t != "when" && t != "where":
		return k, true
	case d.isCap(k) && !isTimeWord(t):
		return k, true
	case d.isQuoteMark(k) && d.inQ[k] >= 0:
		return k, true
	case d.isWord(k) && t[0] >= '0' && t[0] <= '9':
		return k, true
	case d.isWord(k) && c.speech && (!c.tell || told) && !adjunctStart[t] && !subordinators[t] && !gapPreps[t] &&
		t != "so" && t != "it" && t != "not" && t != "no":
		// a bare noun phrase: "Public health experts said money is …"
		if _, isC := cues[t]; !isC {
			return k, true
		}
	}
	return 0, false
}

// contentEnd returns the last token of a content starting at cs: the end of
// its sentence (through a quotation that goes on), without the final stop;
// a clause opened by a subordinator ends at its comma.
func (d *doc) contentEnd(cs int, spk [2]int) int {
	n := len(d.toks)
	sub := false
	if spk[0] > 0 {
		p := d.low[spk[0]-1]
		switch p {
		case "although", "though", "because", "since", "while", "when", "after", "before", "if", "as", "whereas", "unless":
			sub = true
		}
	}
	e := d.sentB[d.sent[cs]]
	if q := d.inQ[e]; q >= 0 && d.regions[q].end() > e {
		e = d.regions[q].end()
		if e < n-1 && d.sent[e+1] == d.sent[e] {
			e = d.sentB[d.sent[e]]
		}
	}
	if sub {
		for k := cs; k < e; k++ {
			if d.low[k] == "," && d.inQ[k] < 0 {
				return k - 1
			}
		}
	}
	// a later attribution in the sentence: "…, according to X", or a
	// second verb of the same speaker: "He says he respects Clinton and
	// calls her …"
	for k := cs + 1; k < e; k++ {
		if d.inQ[k] >= 0 {
			continue
		}
		if d.low[k] == "," && d.tok(k+1) == "according" && d.tok(k+2) == "to" {
			e = k
			break
		}
		// a later verb of saying with a subject of its own: "…, Adelson
		// said earlier that …"
		if c, ok := d.cueAt(k); ok && !c.ing && !c.weak && !d.isCap(k) && !d.nounUse(k) && d.low[k-1] != "to" &&
			d.tok(k+1) != "," && !d.isQuoteMark(k+1) {
			// (not a parenthesis: "which, she stressed, “is aimed …”")
			if sb := d.subjectBack(k); sb != none && sb[0] > cs+1 && d.low[sb[0]-1] == "," {
				e = sb[0] - 1
				break
			}
		}
		if d.low[k] == "and" || d.low[k] == "but" {
			j := k + 1
			for j < e && (isAdverb(d.low[j]) || d.low[j] == "also" || d.low[j] == "then" || d.low[j] == "later") {
				j++
			}
			if c, ok := d.cueAt(j); ok && !c.ing && !c.weak && !d.isCap(j) && !d.nounUse(j) {
				e = k - 1
				break
			}
		}
		// ", telling Stephanopoulos that …": an attribution of its own
		if d.low[k] == "," {
			if c, ok := d.cueAt(k + 1); ok && c.ing && !c.weak {
				e = k - 1
				break
			}
		}
	}
	for e > cs && (isTerminal(d.low[e]) || d.low[e] == "," || d.low[e] == ";" || d.low[e] == ":") && d.inQ[e] < 0 {
		e--
	}
	return e
}

// contentBefore returns the content before a speaker phrase starting at s
// ("The war is over, the minister said."): from the sentence start to the
// comma before s.
func (d *doc) contentBefore(s, lo int) (int, int, bool) {
	e := s - 1
	for e >= lo && (d.low[e] == "," || d.low[e] == "—" || d.low[e] == "–") {
		e--
	}
	cs := lo
	for cs < e && (leadAdverbs[d.low[cs]] && d.tok(cs+1) == "," || d.low[cs] == ",") {
		cs++
	}
	if e-cs < 2 {
		return 0, 0, false
	}
	// a quotation already attributed, or a clause with its own cue, is not
	// this verb's content
	for k := cs; k <= e; k++ {
		if q := d.inQ[k]; q >= 0 && d.regions[q].attr >= 0 {
			return 0, 0, false
		}
		if d.usedCue[k] {
			return 0, 0, false
		}
	}
	return cs, e, true
}

// accordingTo handles "according to SPEAKER, CONTENT" and "CONTENT,
// according to SPEAKER".
func (d *doc) accordingTo(v int) {
	lo := d.sentA[d.sent[v]]
	hi := d.sentB[d.sent[v]]
	s := v + 2
	e := d.npForward(s)
	if e < s {
		return
	}
	// an apposition between commas: "according to Sarah Sanders, the White
	// House press secretary, some have …"
	if e+2 <= hi && d.low[e+1] == "," {
		if d.low[e+2] == "the" || d.low[e+2] == "a" || d.low[e+2] == "an" {
			m := e + 2
			for m <= hi && d.low[m] != "," && m-e < maxSubject {
				m++
			}
			if m <= hi && d.low[m] == "," && d.hasRoleNoun(e+2, m-1) {
				e = m - 1
			}
		}
	}
	p := v - 1
	for p >= lo && (leadAdverbs[d.low[p]] || d.isQuoteMark(p) && d.inQ[p] < 0) {
		p--
	}
	initial := p < lo || d.low[p] == "that" || subordinators[d.low[p]] || d.low[p] == ":"
	if initial && e+1 <= hi && d.low[e+1] != "," {
		// a long source with its own prepositions: "According to early
		// results of exit polls conducted by Edison Research for the AP,
		// …" runs to the comma
		for m := e + 1; m <= hi && m-s < 2*maxSubject; m++ {
			t := d.low[m]
			if isTerminal(t) || t == ";" || t == ":" || d.isQuoteMark(m) {
				break
			}
			if t == "," {
				e = m - 1
				break
			}
		}
	}
	cue, spk := [2]int{v, v + 1}, [2]int{s, e}
	if initial && e+1 <= hi && d.low[e+1] == "," {
		cs := e + 2
		if cs > hi {
			return
		}
		ce := d.contentEnd(cs, [2]int{-1, -1})
		if p >= lo && subordinators[d.low[p]] {
			for k := cs; k < ce; k++ {
				if d.low[k] == "," && d.inQ[k] < 0 {
					ce = k - 1
					break
				}
			}
		}
		if ce-cs >= 1 {
			d.newAttr(false, [][2]int{{cs, ce}}, cue, spk, [2]int{v, e + 1}, true, -1)
		}
		return
	}
	if p >= lo && d.low[p] == "," {
		if cs, ce, ok := d.contentBefore(v, lo); ok {
			d.newAttr(false, [][2]int{{cs, ce}}, cue, spk, [2]int{v, d.clauseEnd(e + 1)}, true, -1)
		}
	}
}

// continuations gives quotations without a cue of their own the speaker of
// the attribution right before them (a quotation going on after "she said."
// or in the next paragraph). Quotations elsewhere without a cue (scare
// quotes, titles) are not attributions.
func (d *doc) continuations() {
	for ri := range d.regions {
		r := &d.regions[ri]
		if r.prev >= 0 || r.attr >= 0 || r.single {
			continue
		}
		ch := d.chain(ri)
		nw := 0
		for _, c := range ch {
			nw += d.words(&d.regions[c])
		}
		if nw < 3 || r.open < 0 {
			continue
		}
		o := r.open
		if o > 0 && d.para[o-1] == d.para[o] {
			// it must open a sentence
			if !isTerminal(d.low[o-1]) && !d.isQuoteMark(o-1) {
				continue
			}
		}
		// the nearest attribution before, with nothing but quotations and
		// punctuation between
		best := -1
		for i, a := range d.attrs {
			if e := a.lastTok(); e < o && (best < 0 || e > d.attrs[best].lastTok()) {
				best = i
			}
		}
		if best < 0 {
			continue
		}
		a := d.attrs[best]
		// “…,” Roe said, emphasizing that …. “…”: the reported speech
		// that takes the speaker of the quotation before lies between
		// them; the quotation goes on.
		var lent []*attr
		for !a.direct {
			x := d.directBefore(a)
			if x < 0 {
				break
			}
			lent = append(lent, a)
			best, a = x, d.attrs[x]
		}
		if d.para[o]-d.para[a.lastTok()] > 1 || !a.direct {
			continue
		}
		clean := true
		for k := a.lastTok() + 1; k < o; k++ {
			if d.isWord(k) && d.inQ[k] < 0 && !within(lent, k) {
				clean = false
				break
			}
		}
		if !clean {
			continue
		}
		from := best
		for d.attrs[from].from >= 0 && d.attrs[from].spk == none {
			from = d.attrs[from].from
		}
		d.take(ch, d.newAttr(true, d.pieces(ch), none, none, none, a.speech, from))
	}
}

// directBefore returns the direct quotation whose cue clause reported
// speech a continues (“…,” Roe said, emphasizing …: a inherits from it, or
// starts right after it, past a comma), -1 when none.
func (d *doc) directBefore(a *attr) int {
	if a.from >= 0 && a.from < len(d.attrs) && d.attrs[a.from].direct && d.attrs[a.from].lastTok() < a.pieces[0][0] {
		return a.from
	}
	j := a.pieces[0][0] - 1
	if a.cue[0] >= 0 && a.cue[0] < j {
		j = a.cue[0] - 1
	}
	if j >= 0 && d.low[j] == "," {
		j--
	}
	for i, x := range d.attrs {
		if x.direct && x.lastTok() == j {
			return i
		}
	}
	return -1
}

// within says whether token k lies inside one of the attributions as.
func within(as []*attr, k int) bool {
	for _, a := range as {
		s := a.pieces[0][0]
		if a.cue[0] >= 0 && a.cue[0] < s {
			s = a.cue[0]
		}
		if k >= s && k <= a.lastTok() {
			return true
		}
	}
	return false
}

// inContent reports whether token k lies in the content of an attribution
// of reported speech found so far.
func (d *doc) inContent(k int) bool {
	for _, a := range d.attrs {
		if a.direct {
			continue
		}
		for _, p := range a.pieces {
			if k >= p[0] && k <= p[1] {
				return true
			}
		}
	}
	return false
}

// titleCue reports whether the capitalised cue at v stands in a headline
// after a name ("Glenn Beck Says Trump …").
func (d *doc) titleCue(v int) bool {
	m := d.mentAt[v-1]
	if v == 0 || m < 0 || d.ments[m].b != v-1 || !d.isCap(v+1) {
		return false
	}
	c, _ := d.cueAt(v)
	return !c.weak && !c.ing
}

// bareSubject reports whether the speaker phrase spk ends right before the
// verb at v in a name or a personal pronoun, which makes a word that could
// be a noun ("calls", "supports") a verb.
func (d *doc) bareSubject(spk [2]int, v int) bool {
	if spk[1] != v-1 {
		return false
	}
	switch d.low[spk[1]] {
	case "he", "she", "they", "we", "i", "you", "who":
		return true
	}
	m := d.mentAt[spk[1]]
	return m >= 0 && d.ments[m].b == spk[1]
}
