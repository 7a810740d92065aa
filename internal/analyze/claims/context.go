package claims

import (
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/resolve"
)

var (
	currencySigns = map[string]string{"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₽": "RUB", "₹": "INR"}
	currencyWords = map[string]string{"dollars": "USD", "euros": "EUR", "pounds": "GBP", "rubles": "RUB",
		"roubles": "RUB", "yuan": "CNY", "yen": "JPY", "rupees": "INR"}

	months = set(`january february march april may june july august september october november
		december jan feb mar apr jun jul aug sep sept oct nov dec`)
	// timeUnits make a number a date, a time, an age or a duration rather
	// than a count of things.
	timeUnits = set(`second seconds sec secs minute minutes min mins hour hours hr hrs day days
		week weeks month months year years yr yrs decade decades century centuries am pm a.m. p.m.
		o'clock`)
	weekdays = set(`monday tuesday wednesday thursday friday saturday sunday`)
	pronouns = set(`them us you it they we those these theirs ours others each all`)
	// idWords before a number make it an identifier ("No. 2254").
	idWords = set(`no no. nos. number # nr. nr`)

	// npStop ends a counted noun phrase.
	npStop = set(`in of at on from to for with by into onto across near inside outside over under
		and or but nor as than that which who whom whose where when while if because so
		the a an this that these those its their his her our your my
		is are was were be been being have has had do does did will would could should may might
		must can shall still already currently now also reportedly each per apiece more less
		not no only just about around some besides towards afterwards downstairs upstairs perhaps
		always sometimes nevertheless whereas`)

	// clauseBreaks separate a claim from an attribution that belongs to
	// another clause ("... in Syria, although according to X, some ...").
	clauseBreaks = set(`although but while whereas though however because since yet`)

	// cueVerbs attribute a statement to its subject.
	cueVerbs = set(`said says say told stated states reported reports estimated estimates estimate
		announced announces claimed claims added noted confirmed confirms according`)

	// auxWords may stand between a subject and its cue verb.
	auxWords = set(`had has have also reportedly previously earlier later again recently then
		has also`)

	locPreps = set(`in inside into across from to at near within throughout around`)
	// placeSkip are words that may stand between a place preposition and the
	// place ("in northern Syria", "in the south of Syria", "in the ancient
	// city of Bam").
	placeSkip = set(`the northern southern eastern western northeastern northwestern southeastern
		southwestern central north south east west neighbouring neighboring
		city town village province region island district county state port capital ancient of`)
	// whereSkip are words between a counted phrase and its place ("troops
	// still in Syria", "troops stationed in Syria").
	whereSkip = set(`still currently now already stationed deployed based operating remaining
		left who that are were is was there`)
)

// qualifiers maps a hedge before a number to its bound.
var qualifiers = map[string]string{
	"nearly": "max", "almost": "max", "up to": "max", "less than": "max", "fewer than": "max",
	"under": "max", "below": "max", "at most": "max", "just under": "max", "as many as": "max",
	"close to":  "about",
	"more than": "min", "over": "min", "at least": "min", "above": "min", "just over": "min",
	"upwards of": "min", "in excess of": "min", "as few as": "min",
	"around": "about", "about": "about", "approximately": "about", "roughly": "about",
	"some": "about", "an estimated": "about", "estimated": "about", "circa": "about",
	"approx": "about", "approx.": "about", "~": "about",
	"exactly": "", "only": "", "just": "",
}

// skipBack are tokens between a qualifier and its number ("nearly [2,000"
// in Markdown links, quotes).
var skipBack = set("[ ( \" `` \u201c '")

// prevIndex returns the index of the token before i, over brackets and
// quotes, or -1.
func (st *sentence) prevIndex(i int) int {
	i--
	for i >= 0 && skipBack[st.lower[i]] {
		i--
	}
	return i
}

// qualifierAt returns the hedge before token i, its bound and the index of
// its first token (i when there is none).
func (st *sentence) qualifierAt(i int) (string, string, int) {
	p := st.prevIndex(i)
	if p < 0 {
		return "", "", i
	}
	for n := 3; n >= 1; n-- {
		if p-n+1 < 0 {
			continue
		}
		q := strings.Join(st.lower[p-n+1:p+1], " ")
		if b, ok := qualifiers[q]; ok {
			return q, b, p - n + 1
		}
	}
	return "", "", i
}

// notQuantity reports whether the number at tokens [a, b) is a date, a
// year, a time, an age, an identifier or part of a digit run rather than a
// count.
func (st *sentence) notQuantity(a, b int) bool {
	lw := st.lower
	p := st.prevIndex(a)
	if p >= 0 && currencySigns[lw[p]] != "" {
		p = st.prevIndex(p)
	}
	var prev, next string
	if p >= 0 {
		prev = lw[p]
	}
	if b < len(lw) {
		next = lw[b]
	}
	if months[prev] || months[next] || idWords[prev] || isClockWord(next) {
		return true
	}
	if next == "year-old" || next == "years" && b+1 < len(lw) && lw[b+1] == "old" || prev == "aged" || prev == "age" {
		return true
	}
	// A number right after a name is its identifier: "Resolution 2254".
	// (A capitalised first word of the sentence is not a name: "Some 200".)
	if p > 0 && capitalised(st.toks[p].Text) && qualifiers[prev] == "" && !isNumberWord(prev) {
		return true
	}
	// Digit runs: "555 1234", phone numbers, scores.
	if b < len(lw) && b-a == 1 {
		if _, ok := digitsValue(next); ok {
			return true
		}
	}
	if p >= 0 {
		if _, ok := digitsValue(prev); ok {
			return true
		}
	}
	// A single number word "one" or "a" is a determiner more often than a
	// count ("one official said").
	if b-a == 1 && (lw[a] == "one" || lw[a] == "zero") {
		return true
	}
	// Years: four digits from 1800 to 2100 with no separator, unless a
	// qualifier makes it a count ("around 2000 American soldiers").
	if b-a == 1 && isYear(lw[a]) {
		if q, _, _ := st.qualifierAt(a); q == "" {
			return true
		}
	}
	return false
}

// isClockWord reports whether a word after a number makes it a time.
func isClockWord(w string) bool {
	return w == "am" || w == "pm" || w == "a.m." || w == "p.m." || w == "o'clock" || w == "gmt" || w == "utc"
}

// isYear reports whether w is four digits from 1800 to 2100.
func isYear(w string) bool {
	if len(w) != 4 {
		return false
	}
	for i := 0; i < 4; i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w >= "1800" && w <= "2100"
}

// maxNP bounds a counted noun phrase.
const maxNP = 5

// nounPhrase returns the counted noun phrase starting at token k as
// [start, end): modifiers up to and including the first plural noun
// ("U.S. troops", "army personnel", "helicopter gunships"), continued by
// further plural nouns of a compound ("special forces units"). It is
// empty when no plural noun follows within maxNP words.
func (st *sentence) nounPhrase(k int) (int, int) {
	head := -1
	for m := k; m < len(st.toks) && m-k < maxNP; m++ {
		w := st.lower[m]
		if npStop[w] || !wordLike(st.toks[m].Text) || isNumberWord(w) {
			break
		}
		if plural(w) {
			head = m
			for m+1 < len(st.toks) && m+1-k < maxNP && plural(st.lower[m+1]) && !npStop[st.lower[m+1]] && wordLike(st.toks[m+1].Text) {
				m++
				head = m
			}
			break
		}
	}
	if head < 0 {
		return k, k
	}
	return k, head + 1
}

// wordLike reports whether a token is a word: letters, with inner periods,
// hyphens and apostrophes ("U.S.", "al-Qaeda").
func wordLike(w string) bool {
	letters := 0
	for _, r := range w {
		switch {
		case r == '.' || r == '-' || r == '\'' || r == '\u2019':
		case r >= '0' && r <= '9':
			return false
		case r < 128 && !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'):
			return false
		default:
			letters++
		}
	}
	return letters > 0
}

// irregular maps plural nouns that do not end in -s to their lemma.
var irregular = map[string]string{
	"people": "people", "personnel": "personnel", "police": "police", "staff": "staff",
	"aircraft": "aircraft", "men": "man", "women": "woman", "children": "child",
	"militia": "militia", "cattle": "cattle", "livestock": "livestock", "crew": "crew",
	"infantry": "infantry", "artillery": "artillery", "spacecraft": "spacecraft",
	"civilians": "civilian", "troops": "troops",
}

// plural reports whether a lower-case word looks like a plural noun.
func plural(w string) bool {
	if _, ok := irregular[w]; ok {
		return true
	}
	if len(w) < 3 || !strings.HasSuffix(w, "s") {
		return false
	}
	return !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") &&
		!strings.HasSuffix(w, "'s") && !strings.HasSuffix(w, "\u2019s") && !npStop[w]
}

// lemma returns a plural noun's lemma as the class table keys it.
func lemma(w string) string {
	if l, ok := irregular[w]; ok {
		return l
	}
	if _, ok := nounClasses[w]; ok {
		return w
	}
	return singular(w)
}

// sameInPlural are nouns whose plural is the singular or whose "-ies" is
// not "-y" + "s".
var sameInPlural = set(`species series news means headquarters movies cookies pies ties lies
	calories rookies zombies brownies prairies`)

// singular returns a plural noun's singular by the regular rules.
func singular(w string) string {
	switch {
	case sameInPlural[w]:
		if strings.HasSuffix(w, "ies") && w != "species" && w != "series" {
			return w[:len(w)-1]
		}
		return w
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "uses") || strings.HasSuffix(w, "ches") ||
		strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes") || strings.HasSuffix(w, "zzes")):
		return w[:len(w)-2]
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss"):
		return w[:len(w)-1]
	}
	return w
}

// where returns the place named after the counted phrase ("in Syria",
// "still in northern Syria") and the index after it.
func (st *sentence) where(k int) (string, int) {
	m := k
	for m < len(st.toks) && m-k < 4 && (whereSkip[st.lower[m]] || st.lower[m] == "]" || st.lower[m] == ")" ||
		strings.HasSuffix(st.lower[m], "ed") && !capitalised(st.toks[m].Text)) {
		m++
	}
	if m >= len(st.toks) || !locPreps[st.lower[m]] {
		return "", 0
	}
	m++
	for m < len(st.toks) && placeSkip[st.lower[m]] {
		m++
	}
	prep := st.lower[m-1]
	a := m
	for m < len(st.toks) && m-a < 4 && capitalised(st.toks[m].Text) && wordLike(st.toks[m].Text) && !months[st.lower[m]] {
		m++
	}
	if m == a {
		return "", 0
	}
	w := st.body[st.toks[a].Start:st.toks[m-1].End]
	if p, ok := resolve.PlaceKey(w); ok {
		w = p
	} else if prep == "to" || prep == "from" || prep == "around" {
		// "films to Chris Columbus": these prepositions take places only
		// when the name is known to be one.
		return "", 0
	}
	return w, m
}

// owner returns the country nearest before token i in the sentence that is
// not itself a place preposition's object ("said America would leave
// 400 army personnel" → United States; "commander in Syria, said" skips
// Syria).
func (st *sentence) owner(i int) string {
	for m := i - 1; m >= 0 && i-m <= 30; m-- {
		t := st.toks[m].Text
		if !capitalised(t) {
			continue
		}
		name := t
		p := m - 1
		if p >= 0 && capitalised(st.toks[p].Text) {
			if c, ok := resolve.PlaceKey(st.toks[p].Text + " " + t); ok {
				name, p = c, p-1
				if p >= 0 && locPreps[st.lower[p]] {
					continue
				}
				return name
			}
		}
		c, ok := resolve.PlaceKey(name)
		if !ok {
			continue
		}
		if p >= 0 && (locPreps[st.lower[p]] || placeSkip[st.lower[p]] && p > 0 && locPreps[st.lower[p-1]]) {
			continue
		}
		return c
	}
	return ""
}

// source returns whom the claim at tokens [i, after) is attributed to:
// "according to X" in its clause, else the subject of the nearest cue verb
// before it ("Lavrov said ..."), else of a cue after it in the same clause
// ("..., the Pentagon said").
func (st *sentence) source(i, after int) string {
	lw := st.lower
	for m := 0; m+1 < len(lw); m++ {
		if lw[m] != "according" || lw[m+1] != "to" {
			continue
		}
		if m >= after && st.breakBetween(after, m) || m < i && st.breakBetween(m, i) {
			continue
		}
		return st.accordingTo(m + 2)
	}
	for m := i - 1; m >= 0; m-- {
		if cueVerbs[lw[m]] && lw[m] != "according" {
			if s := st.subject(m); s != "" {
				return s
			}
		}
	}
	for m := after; m < len(lw); m++ {
		if clauseBreaks[lw[m]] {
			break
		}
		if cueVerbs[lw[m]] && lw[m] != "according" {
			if s := st.subject(m); s != "" {
				return s
			}
			// "..., said General X"
			return st.capRun(m+1, 6)
		}
	}
	return ""
}

// breakBetween reports whether a clause break word lies in [a, b).
func (st *sentence) breakBetween(a, b int) bool {
	for m := a; m < b && m < len(st.lower); m++ {
		if clauseBreaks[st.lower[m]] {
			return true
		}
	}
	return false
}

// sourceLead are words that introduce the real source after "according
// to" ("according to numbers from the Pentagon").
var sourceLead = set(`numbers figures data estimates statistics reports report a an new latest official
	the from by of`)

// accordingTo returns the source named from token m on.
func (st *sentence) accordingTo(m int) string {
	for m < len(st.lower) && sourceLead[st.lower[m]] && !capitalised(st.toks[m].Text) {
		m++
	}
	a := m
	for m < len(st.toks) && m-a < 8 {
		w := st.lower[m]
		if !wordLike(st.toks[m].Text) || npStop[w] && w != "of" && w != "the" {
			break
		}
		m++
	}
	if m == a {
		return ""
	}
	return strings.TrimSpace(st.body[st.toks[a].Start:st.toks[m-1].End])
}

// subject returns the subject written before the cue verb at m: a
// capitalised run or "the" and a noun, or a pronoun; an apposition between
// commas before the verb is skipped ("Surovikin, the Russian commander,
// said").
func (st *sentence) subject(m int) string {
	p := m - 1
	for p >= 0 && auxWords[st.lower[p]] {
		p--
	}
	if p < 0 {
		return ""
	}
	if st.lower[p] == "," {
		// Skip an apposition back to the previous comma.
		q := p - 1
		for q >= 0 && p-q <= 14 && st.lower[q] != "," {
			q--
		}
		if q < 0 || st.lower[q] != "," {
			return ""
		}
		p = q - 1
		if p < 0 {
			return ""
		}
	}
	switch st.lower[p] {
	case "he", "she", "they", "it", "we", "i":
		return st.toks[p].Text
	}
	end := p
	for p >= 0 && end-p < 6 && capitalised(st.toks[p].Text) && wordLike(st.toks[p].Text) && !weekdays[st.lower[p]] && !months[st.lower[p]] &&
		!clauseBreaks[st.lower[p]] && (!npStop[st.lower[p]] || st.lower[p] == "the") {
		p--
	}
	if p == end {
		// "the ministry said"
		if p > 0 && st.lower[p-1] == "the" && wordLike(st.toks[p].Text) && !npStop[st.lower[p]] {
			return st.body[st.toks[p-1].Start:st.toks[end].End]
		}
		return ""
	}
	if p >= 0 && st.lower[p] == "the" {
		return st.body[st.toks[p].Start:st.toks[end].End]
	}
	return st.body[st.toks[p+1].Start:st.toks[end].End]
}

// capRun returns the capitalised words from token m on (at most n).
func (st *sentence) capRun(m, n int) string {
	a := m
	for m < len(st.toks) && m-a < n && capitalised(st.toks[m].Text) && wordLike(st.toks[m].Text) && !months[st.lower[m]] && !weekdays[st.lower[m]] {
		m++
	}
	if m == a {
		return ""
	}
	return st.body[st.toks[a].Start:st.toks[m-1].End]
}

// set builds a word set from a space-separated list.
func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

// predicates name what befell the counted, so that a death toll and a
// count of the injured, both "people", are two quantities. A word maps to
// its class.
var predicates = func() map[string]string {
	m := map[string]string{}
	for class, words := range map[string]string{
		"dead": `killed killing kills kill dead died die dies dying deaths perished slain
			drowned murdered executed`,
		"injured": `injured injuring injures injure wounded wounding wounds hurt injuries
			hospitalized hospitalised`,
		"missing":   `missing`,
		"arrested":  `arrested arresting arrests detained detaining`,
		"displaced": `evacuated evacuating displaced homeless fled`,
		"rescued":   `rescued`,
		"charged":   `charged indicted`,
		"convicted": `convicted sentenced`,
	} {
		for _, w := range strings.Fields(words) {
			m[w] = class
		}
	}
	return m
}()

// predicateAux may stand between a counted phrase and what befell it
// ("were reportedly killed", "have been injured", "left dead").
var predicateAux = set(`were was are is have has had been being be reportedly also later all
	who that left`)

// predicate returns the class of what befell the things counted by a claim
// whose text spans tokens from..to (exclusive): a predicate word just
// before it ("killing at least 10 people") or after it over auxiliaries
// ("10 people were killed", "left 10 people dead"), within the clause.
func (st *sentence) predicate(from, to int) string {
	for m, n := to, 0; m < len(st.toks) && n < 4; m, n = m+1, n+1 {
		w := st.lower[m]
		if c, ok := predicates[w]; ok {
			return c
		}
		if !predicateAux[w] {
			break
		}
	}
	if m := from - 1; m >= 0 {
		if c, ok := predicates[st.lower[m]]; ok {
			return c
		}
	}
	return ""
}
