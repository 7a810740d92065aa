package ner

import (
	"unicode"
	"unicode/utf8"
)

// Features are hashed: each template combines a template id with hashes of
// the words, shapes or flags it looks at, and the 64-bit result picks a row
// of the weight table. No feature strings are built, so extraction costs a
// few multiplications per feature and no allocation.

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Token flags.
const (
	fHasLetter uint32 = 1 << iota
	fAllCaps          // two or more letters, none lower case
	fInitCap          // first letter upper case, some lower case
	fAllLower
	fMixedCaps // upper case after the first letter, some lower case: McDonald, iPhone
	fHasDigit
	fAllDigit
	fHasHyphen
	fHasPeriod
	fHasApos
	fPunct       // no letter or digit
	fInitial     // a capital and a period: "J."
	fSingleUpper // one capital letter: "A"
	fQuote       // a quotation mark
	fLong        // more than 10 bytes
	numFlags     = iota
)

// tokInfo is what the feature templates need to know of one token.
type tokInfo struct {
	text   string // normalised text
	w, l   uint64 // hashes of the word and its lower case, digits as 0
	shape  uint64 // hash of the short shape: "Xx", "X.X.", "d,d"
	lshape uint64 // hash of the long shape, up to 12 characters: "Xxxxx"
	flags  uint32
	cl     [maxClusterings]uint16 // word classes (clusters.go), 0 unknown
}

// normalize maps typographic variants to the ASCII forms of the training
// data: curly and angle quotes, dashes, the ellipsis character, and the
// dotless abbreviations US and UN.
func normalize(s string) string {
	switch s {
	case "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "``", "''", "\u2033":
		return "\""
	case "\u2018", "\u2019", "\u201a", "\u2039", "\u203a", "\u2032":
		return "'"
	case "\u2019s", "\u2019S":
		return "'s"
	case "n\u2019t", "N\u2019T":
		return "n't"
	case "\u2013", "\u2014", "\u2015", "\u2212":
		return "--"
	case "\u2026":
		return "..."
	case "US":
		// Modern news writes the dotless forms, which the 1996 training
		// data spells with periods.
		return "U.S."
	case "UN":
		return "U.N."
	}
	return s
}

// hashWord hashes s with digits mapped to 0 and, when lower is set, letters
// folded to lower case.
func hashWord(s string, lower bool) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if '0' <= c && c <= '9' {
				c = '0'
			} else if lower && 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			h = (h ^ uint64(c)) * fnvPrime
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if lower {
			r = unicode.ToLower(r)
		}
		if unicode.IsDigit(r) {
			r = '0'
		}
		h = (h ^ uint64(r)) * fnvPrime
		i += size
	}
	return h
}

// hashBytes hashes s exactly (used for affixes, which are short).
func hashAffix(s string) uint64 {
	h := uint64(fnvOffset)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// mix combines a template id with two values into a feature hash.
func mix(tid, a, b uint64) uint64 {
	h := a*0x9E3779B97F4A7C15 ^ (b+0x632BE59BD9B4E019)*0xC2B2AE3D27D4EB4F ^ (tid+1)*0x165667B19E3779F9
	h ^= h >> 29
	h *= 0xbf58476d1ce4e5b9
	h ^= h >> 32
	return h
}

// info computes the tokInfo of one token.
func info(raw string) tokInfo {
	s := normalize(raw)
	t := tokInfo{text: s}
	var shape, lshape [16]byte
	ns, nl := 0, 0
	var last byte
	upper, lower, digit, other, letters := 0, 0, 0, 0, 0
	firstUpper := false
	laterUpper := false
	for i, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
			upper++
			letters++
			if i == 0 {
				firstUpper = true
			} else {
				laterUpper = true
			}
		case unicode.IsLetter(r):
			c = 'x'
			lower++
			letters++
		case unicode.IsDigit(r):
			c = 'd'
			digit++
		default:
			other++
			if r < utf8.RuneSelf {
				c = byte(r)
			} else {
				c = '*'
			}
			switch r {
			case '-':
				t.flags |= fHasHyphen
			case '.':
				t.flags |= fHasPeriod
			case '\'':
				t.flags |= fHasApos
			}
		}
		if nl < len(lshape) {
			lshape[nl] = c
			nl++
		}
		if c != last && ns < len(shape) {
			shape[ns] = c
			ns++
		}
		last = c
	}
	t.w = hashWord(s, false)
	t.l = hashWord(s, true)
	t.shape = hashAffix(string(shape[:ns]))
	t.lshape = hashAffix(string(lshape[:nl])) ^ 0x5bd1e995
	if letters > 0 {
		t.flags |= fHasLetter
	}
	switch {
	case letters >= 2 && lower == 0:
		t.flags |= fAllCaps
	case firstUpper && lower > 0 && !laterUpper:
		t.flags |= fInitCap
	case letters > 0 && upper == 0:
		t.flags |= fAllLower
	}
	if laterUpper && lower > 0 {
		t.flags |= fMixedCaps
	}
	if digit > 0 {
		t.flags |= fHasDigit
		if letters == 0 && other == 0 {
			t.flags |= fAllDigit
		}
	}
	if letters == 0 && digit == 0 {
		t.flags |= fPunct
	}
	if letters == 1 && upper == 1 {
		if len(s) == 2 && s[1] == '.' {
			t.flags |= fInitial
		} else if len(s) == 1 {
			t.flags |= fSingleUpper
		}
	}
	if s == "\"" || s == "'" {
		t.flags |= fQuote
	}
	if len(s) > 10 {
		t.flags |= fLong
	}
	return t
}

// Feature template ids.
const (
	tBias = iota
	tW
	tL
	tLm1
	tLp1
	tLm2
	tLp2
	tWm1
	tWp1
	tBgm
	tBgp
	tPre
	tSuf
	tShape
	tLShape
	tShm1
	tShp1
	tShm1Sh
	tShShp1
	tSh3
	tFlag
	tFirst
	tFirstL
	tLast
	tHdlSh
	tHdlL
	tNumSent
	tGaz
	tGazCap
	tGazL
	tDoc
	tDocSh
	tLm1Sh
	tShLp1
	tFlagm1
	tFlagp1
	tQuoteCtx
	tHist
	tHistSh
	tHistL
	tTri
	tRunFirst
	tRunLast
	tRunPrev
	tRunNext
	tRunPos
	tAgg
	tRunHist
	tClus
	tClusSh
)

// capitalised reports whether a token starts with a capital letter.
func capitalised(f uint32) bool { return f&(fAllCaps|fInitCap|fMixedCaps|fSingleUpper|fInitial) != 0 }

// Document-level facts about a lower-cased word, gathered over all its
// occurrences: how it is written elsewhere disambiguates headlines in
// capitals and sentence-initial words.
const (
	dCapMid   uint8 = 1 << iota // capitalised inside a sentence in mixed-case text
	dLower                      // written in lower case
	dAllCaps                    // written in capitals in mixed-case text
	dFirstCap                   // capitalised at the start of a sentence
)

// docContext holds the per-document facts the features use.
type docContext struct {
	stats map[uint64]uint8
	// agg maps a capitalised word to the words around its occurrences in
	// the document (context aggregation).
	agg map[uint64][]uint64
	// runs maps a capitalised word to the positions (bit 0 alone, 1 first,
	// 2 last, 3 inside) it takes in capitalised runs of the document.
	runs map[uint64]uint8
	// hist maps a lower-cased word to a bit set of entity types predicted
	// for it elsewhere in the document by the first pass (bit 4: outside).
	hist map[uint64]uint8
}

// sentInfo is a sentence prepared for feature extraction.
type sentInfo struct {
	toks     []tokInfo
	headline bool // mostly capitals: a headline or a dateline
	numeric  bool // mostly numbers: a results table line
	gaz      []uint64
	nclus    int     // clusterings in tokInfo.cl
	inQuote  []uint8 // 1 after an odd number of quotation marks
	// runStart and runEnd delimit the run of capitalised words (with
	// connectors such as "of") that holds each token; runEnd is exclusive,
	// and both are -1 for tokens outside any run.
	runStart, runEnd []int32
}

func prepareSentence(tokens []string, g *gazetteer) sentInfo {
	si := sentInfo{toks: make([]tokInfo, len(tokens)), inQuote: make([]uint8, len(tokens))}
	caps, words, nums := 0, 0, 0
	var q uint8
	for i, w := range tokens {
		t := info(w)
		si.toks[i] = t
		si.inQuote[i] = q
		if t.flags&fQuote != 0 {
			q ^= 1
		}
		if t.flags&fHasLetter != 0 {
			words++
			if t.flags&fAllCaps != 0 {
				caps++
			}
		}
		if t.flags&fHasDigit != 0 && t.flags&fHasLetter == 0 {
			nums++
		}
	}
	si.headline = words >= 2 && caps*10 >= words*6
	si.runStart = make([]int32, len(tokens))
	si.runEnd = make([]int32, len(tokens))
	for i := 0; i < len(tokens); {
		if !capitalised(si.toks[i].flags) {
			si.runStart[i], si.runEnd[i] = -1, -1
			i++
			continue
		}
		j := i + 1
		for j < len(tokens) {
			if capitalised(si.toks[j].flags) {
				j++
			} else if j+1 < len(tokens) && connector(si.toks[j].text) && capitalised(si.toks[j+1].flags) {
				j += 2
			} else {
				break
			}
		}
		for k := i; k < j; k++ {
			si.runStart[k], si.runEnd[k] = int32(i), int32(j)
			if !capitalised(si.toks[k].flags) {
				si.runStart[k], si.runEnd[k] = -1, -1 // the connector itself
			}
		}
		i = j
	}
	si.numeric = nums >= 2 && nums*3 >= len(tokens)
	if g != nil {
		si.gaz = g.match(si.toks)
		if g.clusters != nil {
			si.nclus = g.clusters.n
			for i := range si.toks {
				si.toks[i].cl = g.clusters.lookup(&si.toks[i])
			}
		}
	}
	return si
}

// gatherDoc collects the document-level word facts.
func gatherDoc(sents []sentInfo) *docContext {
	dc := &docContext{stats: make(map[uint64]uint8), agg: make(map[uint64][]uint64), runs: make(map[uint64]uint8)}
	for _, s := range sents {
		if !s.headline {
			for i, t := range s.toks {
				if a := int(s.runStart[i]); a >= 0 {
					dc.runs[t.l] |= 1 << runPos(a, int(s.runEnd[i]), i)
				}
			}
		}
		for i, t := range s.toks {
			if capitalised(t.flags) {
				a := dc.agg[t.l]
				if len(a) < maxAgg {
					if i > 0 {
						a = appendUniq(a, s.toks[i-1].l*5+1)
					}
					if i+1 < len(s.toks) {
						a = appendUniq(a, s.toks[i+1].l*5+2)
					}
					dc.agg[t.l] = a
				}
			}
			if t.flags&fHasLetter == 0 {
				continue
			}
			var b uint8
			switch {
			case t.flags&fAllLower != 0:
				b = dLower
			case s.headline:
				continue
			case i == 0 || s.toks[i-1].flags&(fQuote|fPunct) != 0 && s.toks[i-1].text != ",":
				if capitalised(t.flags) {
					b = dFirstCap
				}
			case t.flags&fAllCaps != 0:
				b = dAllCaps
			case capitalised(t.flags):
				b = dCapMid
			}
			dc.stats[t.l] |= b
		}
	}
	return dc
}

var (
	padStart = hashWord("<S>", false)
	padEnd   = hashWord("</S>", false)
)

// extract appends the feature hashes of token i to out and returns it.
func extract(out []uint64, s *sentInfo, i int, dc *docContext) []uint64 {
	toks := s.toks
	n := len(toks)
	t := &toks[i]
	at := func(j int) *tokInfo {
		if j < 0 || j >= n {
			return nil
		}
		return &toks[j]
	}
	lw := func(j int) uint64 {
		switch {
		case j < 0:
			return padStart
		case j >= n:
			return padEnd
		}
		return toks[j].l
	}
	sh := func(j int) uint64 {
		switch {
		case j < 0:
			return padStart
		case j >= n:
			return padEnd
		}
		return toks[j].shape
	}
	out = append(out,
		mix(tBias, 0, 0),
		mix(tW, t.w, 0),
		mix(tL, t.l, 0),
		mix(tLm1, lw(i-1), 0),
		mix(tLp1, lw(i+1), 0),
		mix(tLm2, lw(i-2), 0),
		mix(tLp2, lw(i+2), 0),
		mix(tBgm, lw(i-1), t.l),
		mix(tBgp, t.l, lw(i+1)),
		mix(tShape, t.shape, 0),
		mix(tLShape, t.lshape, 0),
		mix(tShm1, sh(i-1), 0),
		mix(tShp1, sh(i+1), 0),
		mix(tShm1Sh, sh(i-1), t.shape),
		mix(tShShp1, t.shape, sh(i+1)),
		mix(tSh3, sh(i-1)*31+t.shape, sh(i+1)),
		mix(tLm1Sh, lw(i-1), t.shape),
		mix(tShLp1, t.shape, lw(i+1)),
	)
	if p := at(i - 1); p != nil {
		out = append(out, mix(tWm1, p.w, 0), mix(tFlagm1, uint64(p.flags), 0))
	}
	if p := at(i + 1); p != nil {
		out = append(out, mix(tWp1, p.w, 0), mix(tFlagp1, uint64(p.flags), 0))
	}
	// Affixes of words with letters.
	if t.flags&fHasLetter != 0 {
		w := t.text
		for k := 1; k <= 4 && k < len(w); k++ {
			out = append(out, mix(tPre, uint64(k), hashAffix(w[:k])), mix(tSuf, uint64(k), hashAffix(w[len(w)-k:])))
		}
		if len(w) > 4 && len(w) <= 20 {
			for k := 1; k+3 < len(w); k++ {
				out = append(out, mix(tTri, hashAffix(w[k:k+3]), 0))
			}
		}
	}
	for f := 0; f < numFlags; f++ {
		if t.flags&(1<<f) != 0 {
			out = append(out, mix(tFlag, uint64(f), 0))
		}
	}
	if i == 0 {
		out = append(out, mix(tFirst, t.shape, 0), mix(tFirstL, t.l, 0))
	}
	if i == n-1 {
		out = append(out, mix(tLast, t.shape, 0))
	}
	if s.headline {
		out = append(out, mix(tHdlSh, t.shape, 0), mix(tHdlL, t.l, 0))
	}
	if s.numeric {
		out = append(out, mix(tNumSent, t.shape, 0))
	}
	// Inside quotation marks: titles of works are MISC.
	out = append(out, mix(tQuoteCtx, uint64(s.inQuote[i]), t.shape))
	if s.gaz != nil {
		capped := uint64(0)
		if capitalised(t.flags) {
			capped = 1
		}
		for m, b := s.gaz[i], 0; m != 0; m, b = m>>1, b+1 {
			if m&1 != 0 {
				out = append(out, mix(tGaz, uint64(b), 0), mix(tGazCap, uint64(b), capped))
				if s.headline {
					out = append(out, mix(tGazL, uint64(b), 1))
				}
			}
		}
	}
	// Word classes of the token and its neighbours, in every clustering.
	for c := 0; c < s.nclus; c++ {
		for j := i - 2; j <= i+2; j++ {
			id := uint64(1 << 17) // outside the sentence
			if j >= 0 && j < n {
				id = uint64(toks[j].cl[c])
			}
			out = append(out, mix(tClus, uint64(c*8+j-i+2), id))
		}
		out = append(out, mix(tClusSh, uint64(c)<<32|uint64(t.cl[c]), t.shape))
	}
	if a := int(s.runStart[i]); a >= 0 && !s.headline {
		b := int(s.runEnd[i])
		pos := uint64(runPos(a, b, i))
		ln := uint64(b - a)
		if ln > 4 {
			ln = 4
		}
		out = append(out,
			mix(tRunFirst, toks[a].l, pos),
			mix(tRunLast, toks[b-1].l, pos),
			mix(tRunPrev, lw(a-1), pos),
			mix(tRunNext, lw(b), pos),
			mix(tRunPos, pos, ln),
		)
	}
	if dc != nil && capitalised(t.flags) {
		out = append(out, mix(tRunHist, uint64(dc.runs[t.l]), uint64(t.flags&fAllCaps)))
		for _, v := range dc.agg[t.l] {
			out = append(out, mix(tAgg, v, 0))
		}
	}
	if dc != nil && t.flags&fHasLetter != 0 {
		d := uint64(dc.stats[t.l])
		ctx := uint64(t.flags & (fAllCaps | fInitCap | fAllLower))
		if i == 0 {
			ctx |= 1 << 20
		}
		if s.headline {
			ctx |= 1 << 21
		}
		out = append(out, mix(tDoc, d, ctx), mix(tDocSh, d, t.shape))
		if dc.hist != nil {
			h := uint64(dc.hist[t.l])
			out = append(out, mix(tHist, h, 0), mix(tHistSh, h, t.shape))
			if i > 0 {
				out = append(out, mix(tHistL, h, lw(i-1)))
			}
		}
	}
	return out
}

// connector reports whether w may join capitalised words into one name:
// "Bank of England", "Human Rights in China".
func connector(w string) bool {
	switch w {
	case "of", "de", "la", "du", "del", "der", "von", "van", "and", "&", "for", "in", "on", "the", "al", "bin", "da", "di", "des", "le":
		return true
	}
	return false
}

// maxAgg caps the context words gathered for one word in a document.
const maxAgg = 16

func appendUniq(a []uint64, v uint64) []uint64 {
	for _, x := range a {
		if x == v {
			return a
		}
	}
	return append(a, v)
}

// runPos is the position of token i in the run [a, b): 0 alone, 1 first,
// 2 last, 3 inside.
func runPos(a, b, i int) uint {
	switch {
	case b-a == 1:
		return 0
	case i == a:
		return 1
	case i == b-1:
		return 2
	}
	return 3
}
