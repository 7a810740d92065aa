package quote

import (
	"sort"
	"strings"
)

// entity is a person or organisation the article mentions, under its
// fullest name, with what the article says about it.
type entity struct {
	name   string
	typ    string // PER, ORG or "" (a name of unknown kind)
	gender byte
	role   string
	words  []string // lower-case name words
	desc   []string // words of descriptions resolved to it ("russian", "diplomat")
}

// Kinds of speaker phrase heads.
const (
	hNone = iota
	hName
	hPronoun
	hRelative
	hDesc
)

// resolve links name mentions into entities and resolves each attribution's
// speaker to a name where the article allows it.
func (d *doc) resolve() {
	ents := d.linkMentions()
	sort.SliceStable(d.attrs, func(i, j int) bool { return d.attrs[i].pieces[0][0] < d.attrs[j].pieces[0][0] })
	// attrs were re-ordered: from-links point by value, so rebuild them
	d.relink()
	for _, a := range d.attrs {
		d.resolveAttr(a, ents)
	}
}

// relink turns from-indexes (into the creation order) into indexes of the
// sorted slice. Creation order is kept in attr.id.
func (d *doc) relink() {
	pos := make(map[int]int, len(d.attrs))
	for i, a := range d.attrs {
		pos[a.id] = i
	}
	for _, a := range d.attrs {
		if a.from >= 0 {
			if p, ok := pos[a.from]; ok {
				a.from = p
			} else {
				a.from = -1
			}
		}
	}
	for i, a := range d.attrs {
		a.id = i
		if a.from >= i { // only earlier attributions can lend a speaker
			a.from = -1
		}
	}
}

// linkMentions groups name mentions into entities, in text order: a
// surname alone refers to the last person of that surname, a longer form
// extends the name; titles, appositions and first names give roles and
// gender.
func (d *doc) linkMentions() []*entity {
	var ents []*entity
	for mi := range d.ments {
		m := &d.ments[mi]
		if m.typ == "LOC" || m.typ == "MISC" {
			continue
		}
		words := d.nameWords(m.a, m.b)
		if len(words) == 0 {
			continue
		}
		ei := -1
		for k := len(ents) - 1; k >= 0; k-- {
			e := ents[k]
			if sameEntity(e, words, m.typ) {
				ei = k
				break
			}
		}
		if ei < 0 {
			ents = append(ents, &entity{name: d.cleanName(m.a, m.b), typ: m.typ, words: words})
			ei = len(ents) - 1
		} else {
			e := ents[ei]
			if len(words) > len(e.words) {
				e.name, e.words = d.cleanName(m.a, m.b), words
			}
			if e.typ == "" {
				e.typ = m.typ
			}
		}
		e := ents[ei]
		m.ent = ei
		pre := d.preRole(m.a)
		if pre[0] >= 0 {
			e.role = d.span(pre[0], pre[1])
			if e.typ == "" {
				e.typ = "PER"
			}
			for k := pre[0]; k <= pre[1]; k++ {
				if maleTitles[d.low[k]] {
					e.gender = 'm'
				} else if femaleTitles[d.low[k]] {
					e.gender = 'f'
				}
			}
		}
		if app := d.appositionRole(m.b); app[0] >= 0 {
			e.role = d.span(app[0], app[1])
			if e.typ == "" {
				e.typ = "PER"
			}
		}
		if e.gender == 0 && len(words) > 1 && (e.typ == "PER" || e.typ == "") {
			e.gender = gender(words[0])
		}
		if e.gender == 0 && e.role != "" {
			for _, w := range strings.Fields(strings.ToLower(e.role)) {
				if maleTitles[w] {
					e.gender = 'm'
				} else if femaleTitles[w] {
					e.gender = 'f'
				}
			}
		}
	}
	return ents
}

// sameEntity reports whether a mention with these name words refers to e.
func sameEntity(e *entity, words []string, typ string) bool {
	if typ == "ORG" || e.typ == "ORG" {
		if typ != e.typ && typ != "" && e.typ != "" {
			return false
		}
		return suffixOf(words, e.words) || suffixOf(e.words, words)
	}
	if words[len(words)-1] != e.words[len(e.words)-1] {
		if len(words) == 1 && len(e.words) > 1 && words[0] == e.words[0] && e.typ == "PER" {
			return true // a first name alone
		}
		return false
	}
	if len(words) > 1 && len(e.words) > 1 {
		a, b := words[0], e.words[0]
		return a == b || strings.HasPrefix(a, b[:1]) && (len(a) <= 2 || len(b) <= 2)
	}
	return true
}

// suffixOf reports whether a is a suffix of b.
func suffixOf(a, b []string) bool {
	if len(a) > len(b) || len(a) == 0 {
		return false
	}
	off := len(b) - len(a)
	for i := range a {
		if a[i] != b[off+i] {
			return false
		}
	}
	return true
}

// nameWords returns the lower-case words of a name mention, without titles,
// articles and possessives.
func (d *doc) nameWords(a, b int) []string {
	var out []string
	for k := a; k <= b; k++ {
		l := d.low[k]
		if l == "the" || l == "'s" || l == "’s" || l == "'" || l == "’" || !d.isWord(k) {
			continue
		}
		out = append(out, strings.TrimSuffix(l, "."))
	}
	return out
}

// capsSurname returns the one person of ents whose surname is the single
// capitalised word hs..he ("ROE", as transcripts name speakers), -1 when
// none or several.
func (d *doc) capsSurname(hs, he int, ents []*entity) int {
	if hs != he || len(d.low[hs]) < 2 || d.toks[hs].Text != strings.ToUpper(d.toks[hs].Text) || !d.isWord(hs) {
		return -1
	}
	found := -1
	for i, e := range ents {
		if e.typ != "PER" || len(e.words) < 2 || e.words[len(e.words)-1] != d.low[hs] {
			continue
		}
		if found >= 0 && ents[found].name != e.name {
			return -1
		}
		if found < 0 {
			found = i
		}
	}
	return found
}

// cleanName is the display form of a name mention: without a leading
// article.
func (d *doc) cleanName(a, b int) string {
	for a < b && (d.low[a] == "the") {
		a++
	}
	return d.span(a, b)
}

// preRole returns the title or role words right before a name ("Foreign
// Ministry Spokeswoman", "Pentagon spokesman Major"), {-1,-1} when none.
func (d *doc) preRole(a int) [2]int {
	lo := d.sentA[d.sent[a]]
	k := a - 1
	hasRole := false
	for k >= lo && a-k <= 10 {
		l := d.low[k]
		switch {
		case titleWords[l] || roleNouns[l]:
			hasRole = true
		case d.isCap(k) && !notNames[l] && !isTimeWord(l):
		case nationalities[l]:
		case (l == "of" || l == "for" || l == "'s" || l == "’s") && k > lo && (d.isCap(k-1) || titleWords[d.low[k-1]] || roleNouns[d.low[k-1]]):
		case l == "-" || l == "special" || l == "presidential" || l == "deputy" || l == "senior" || l == "press":
		default:
			goto done
		}
		if d.mentAt[k] >= 0 && d.ments[d.mentAt[k]].typ == "PER" {
			break
		}
		k--
	}
done:
	s := k + 1
	for s < a && (d.low[s] == "of" || d.low[s] == "for" || d.low[s] == "'s" || d.low[s] == "’s") {
		s++
	}
	if !hasRole || s >= a {
		return none
	}
	return [2]int{s, a - 1}
}

// appositionRole returns an apposition after a name that describes a role
// (", the White House press secretary,"), {-1,-1} when none.
func (d *doc) appositionRole(b int) [2]int {
	n := len(d.toks)
	if b+2 >= n || d.low[b+1] != "," || d.para[b+2] != d.para[b] {
		return none
	}
	s := b + 2
	k := s
	for k < n && k-s < maxSubject && d.para[k] == d.para[s] {
		l := d.low[k]
		if l == "," || isTerminal(l) || l == ";" || l == ":" || d.isQuoteMark(k) || l == "(" || l == "who" {
			break
		}
		if _, ok := cues[l]; ok && !d.isCap(k) && !roleNouns[l] {
			return none
		}
		k++
	}
	if k == s || !d.hasRoleNoun(s, k-1) {
		return none
	}
	l0 := d.low[s]
	if !(l0 == "the" || l0 == "a" || l0 == "an" || d.isCap(s) || titleWords[l0] || roleNouns[l0] || nationalities[l0]) {
		return none
	}
	return [2]int{s, k - 1}
}

// resolveAttr fills an attribution's speaker, type and role.
func (d *doc) resolveAttr(a *attr, ents []*entity) {
	if a.from >= 0 && a.spk == none {
		f := d.attrs[a.from]
		a.speaker, a.stype, a.role, a.ent, a.hs, a.he = f.speaker, f.stype, f.role, f.ent, f.hs, f.he
		a.spk = f.spk
		return
	}
	if a.spk == none {
		return
	}
	kind, hs, he, app := d.head(a.spk)
	a.hs, a.he = hs, he
	switch kind {
	case hName:
		m := d.ments[d.mentAt[he]]
		if ei := d.capsSurname(m.a, m.b, ents); ei >= 0 {
			// a transcript's "ROE:" (which the tagger may take for an
			// organisation) is the article's Jane Roe
			e := ents[ei]
			a.speaker, a.stype, a.role, a.ent = e.name, e.typ, e.role, ei
		} else if m.ent >= 0 {
			e := ents[m.ent]
			a.speaker, a.stype, a.role, a.ent = e.name, e.typ, e.role, m.ent
		} else {
			a.speaker = d.cleanName(m.a, m.b)
		}
		if app[0] >= 0 && a.ent >= 0 && ents[a.ent].role == "" {
			ents[a.ent].role = d.span(app[0], app[1])
			a.role = ents[a.ent].role
		}
	case hPronoun:
		d.resolvePronoun(a, hs, ents)
	case hRelative:
		// "X, who said", "a message that said": the phrase before
		p := hs - 1
		if p >= 0 && d.low[p] == "," {
			p--
		}
		if p < 0 || d.sent[p] != d.sent[hs] {
			a.speaker = ""
			return
		}
		if m := d.mentAt[p]; m >= 0 && d.ments[m].ent >= 0 && d.ments[m].b == p {
			e := ents[d.ments[m].ent]
			a.speaker, a.stype, a.role, a.ent = e.name, e.typ, e.role, d.ments[m].ent
			return
		}
		if s := d.scanBack(p, d.sentA[d.sent[hs]], false); s <= p {
			a.speaker = d.descText(d.trimLead(s, p), p)
		}
	case hDesc:
		// an unresolved description keeps its complements ("numbers from
		// the Pentagon", "a joint statement released by Russia and Syria")
		pe := a.spk[1]
		for k := hs; k <= a.spk[1]; k++ {
			if d.low[k] == "," {
				pe = k - 1
				break
			}
		}
		a.speaker = d.descText(hs, max(he, pe))
		if ei := d.capsSurname(hs, he, ents); ei >= 0 {
			// a transcript's "ROE:" is the article's Jane Roe
			e := ents[ei]
			a.speaker, a.stype, a.role, a.ent = e.name, e.typ, e.role, ei
			return
		}
		if ei := d.resolveDesc(hs, he, ents, d.prevSpeaker(a.id)); ei >= 0 {
			e := ents[ei]
			// what the article calls it is known from now on
			e.desc = append(e.desc, d.nameWords(hs+1, he)...)
			a.speaker, a.stype, a.role, a.ent = e.name, e.typ, e.role, ei
			if a.stype == "" {
				a.stype = "PER"
			}
		}
		if a.ent < 0 && app[0] >= 0 {
			a.role = d.span(app[0], app[1])
		}
	}
}

// descText is the display form of a description: its words as written.
func (d *doc) descText(a, b int) string {
	return d.span(a, b)
}

// head finds the head of a speaker phrase: a name (the mention ending the
// head noun phrase), a pronoun, a relative pronoun or a description; app
// is an apposition after it.
func (d *doc) head(spk [2]int) (kind, hs, he int, app [2]int) {
	a, b := spk[0], spk[1]
	app = none
	for a < b && (leadAdverbs[d.low[a]] || d.low[a] == ",") {
		a++
	}
	for k := a; k <= b; k++ {
		if d.low[k] == "," && k > a {
			if k+1 <= b {
				e := b
				if d.low[e] == "," {
					e--
				}
				app = [2]int{k + 1, e}
			}
			b = k - 1
			break
		}
	}
	if a == b {
		switch d.low[a] {
		case "he", "she", "they", "it", "we", "i", "you":
			return hPronoun, a, a, app
		case "who", "which", "that":
			return hRelative, a, a, app
		}
	}
	// a name ending a phrase of titles: "Russian special presidential envoy
	// for Syria Alexander Lavrentyev" (but not "a spokesman for Hillary
	// Clinton", where the name is in a complement)
	if m := d.mentAt[b]; m >= 0 && d.ments[m].b == b && d.ments[m].typ == "PER" && !determiners[d.low[a]] &&
		d.ments[m].a > a && (d.isCap(d.ments[m].a-1) || titleWords[d.low[d.ments[m].a-1]]) {
		return hName, d.ments[m].a, b, app
	}
	// the head noun phrase ends before a preposition, a relative clause or
	// a participle ("a joint statement released by …", "the coalition
	// fighting …")
	e := b
	for k := a + 1; k <= b; k++ {
		l := d.low[k]
		if l == "of" && d.isCap(k-1) && d.isCap(k+1) {
			continue
		}
		switch l {
		case "of", "for", "to", "at", "in", "with", "from", "on", "by", "about", "who", "which", "that", "(", "—", "–":
			e = k - 1
		default:
			if k > a+1 && !d.isCap(k) && (strings.HasSuffix(l, "ed") || strings.HasSuffix(l, "ing")) && !roleNouns[l] {
				e = k - 1
				break
			}
			continue
		}
		break
	}
	if m := d.mentAt[e]; m >= 0 && d.ments[m].b == e && d.ments[m].typ != "LOC" && d.ments[m].typ != "MISC" {
		return hName, d.ments[m].a, e, app
	}
	// "The director of the European Centre, Ina Kirsch": the name is in
	// the apposition
	if app[0] >= 0 {
		ae := app[1]
		if m := d.mentAt[ae]; m >= 0 && d.ments[m].b == ae && d.ments[m].typ != "LOC" && d.ments[m].typ != "MISC" &&
			d.ments[m].typ != "ORG" {
			return hName, d.ments[m].a, ae, [2]int{a, b}
		}
	}
	// "Clinton's campaign": the name is not the head; a description
	return hDesc, a, e, app
}

// resolvePronoun resolves he/she (and it, they) to the nearest fitting
// entity: speakers and subjects of the sentences before come first.
func (d *doc) resolvePronoun(a *attr, p int, ents []*entity) {
	pr := d.low[p]
	a.speaker = d.toks[p].Text
	var want byte
	switch pr {
	case "he":
		want = 'm'
	case "she":
		want = 'f'
	case "it", "they":
		// organisations speak as "it" (and "they"): the last speaking one
		for i := a.id - 1; i >= 0 && i >= a.id-4; i-- {
			b := d.attrs[i]
			if d.sent[p]-d.sent[b.firstTok()] > 3 {
				break
			}
			if b.ent >= 0 && ents[b.ent].typ == "ORG" {
				a.speaker, a.stype, a.role, a.ent = b.speaker, b.stype, b.role, b.ent
				return
			}
		}
		return
	default:
		return // I, we, you: the speaker is someone quoted, left as written
	}
	fits := func(ei int) bool {
		e := ents[ei]
		if e.typ != "PER" && !(e.typ == "" && len(e.words) > 1) {
			return false
		}
		return e.gender == 0 || e.gender == want
	}
	s0 := d.sent[p]
	ai := a.id
	for s := s0; s >= 0 && s0-s <= 5; s-- {
		// speakers of attributions whose speaker phrase is in sentence s
		for i := ai - 1; i >= 0; i-- {
			b := d.attrs[i]
			if b.hs < 0 || b.ent < 0 || d.sent[b.hs] != s || b.hs >= p {
				continue
			}
			if fits(b.ent) {
				d.setPronoun(a, b.ent, want, ents)
				return
			}
		}
		// names in sentence s, left to right, outside quotations
		lo, hi := d.sentA[s], d.sentB[s]
		for k := lo; k <= hi && k < p; k++ {
			m := d.mentAt[k]
			if m < 0 || d.inQ[k] >= 0 {
				continue
			}
			mm := &d.ments[m]
			k = mm.b
			if mm.ent >= 0 && fits(mm.ent) && !d.possessedBy(mm.b) {
				d.setPronoun(a, mm.ent, want, ents)
				return
			}
		}
	}
}

// possessedBy reports whether the name ending at b is a possessor
// ("Putin's envoy"), which makes it an unlikely antecedent of a speaker.
func (d *doc) possessedBy(b int) bool {
	t := d.tok(b + 1)
	return t == "'s" || t == "’s"
}

// setPronoun resolves an attribution to entity ei and learns its gender.
func (d *doc) setPronoun(a *attr, ei int, g byte, ents []*entity) {
	e := ents[ei]
	if e.gender == 0 {
		e.gender = g
	}
	if e.typ == "" {
		e.typ = "PER"
	}
	a.speaker, a.stype, a.role, a.ent = e.name, e.typ, e.role, ei
}

// roleClass maps a description's head noun to role words it can stand for
// ("the diplomat" for a foreign minister or a foreign ministry spokeswoman).
var roleClass = map[string][]string{
	"diplomat":     {"diplomat", "minister", "ambassador", "envoy", "foreign", "consul"},
	"official":     {"official", "minister", "secretary", "spokesman", "spokeswoman", "spokesperson", "director", "commander", "envoy", "ambassador", "adviser", "advisor", "aide", "chief", "deputy", "officer", "commissioner"},
	"spokesman":    {"spokesman", "spokesperson"},
	"spokeswoman":  {"spokeswoman", "spokesperson"},
	"spokesperson": {"spokesman", "spokeswoman", "spokesperson"},
	"leader":       {"leader", "president", "chairman", "chairwoman", "premier", "chancellor", "king", "prime"},
	"commander":    {"commander", "general", "gen.", "colonel", "col.", "admiral", "major", "maj."},
	"general":      {"general", "gen.", "commander"},
	"lawmaker":     {"senator", "sen.", "congressman", "congresswoman", "rep.", "representative", "lawmaker", "legislator"},
	"legislator":   {"senator", "sen.", "congressman", "congresswoman", "rep.", "representative", "lawmaker", "legislator"},
	"senator":      {"senator", "sen."},
	"congressman":  {"congressman", "rep.", "representative"},
	"governor":     {"governor", "gov."},
	"candidate":    {"candidate", "nominee"},
	"nominee":      {"nominee", "candidate"},
	"businessman":  {"businessman", "billionaire", "mogul", "tycoon", "executive", "ceo"},
	"billionaire":  {"businessman", "billionaire", "mogul", "tycoon"},
	"envoy":        {"envoy", "ambassador", "representative"},
	"minister":     {"minister"},
	"secretary":    {"secretary"},
	"president":    {"president"},
}

// resolveDesc resolves a definite description ("the diplomat", "the
// Russian Foreign Ministry spokeswoman", "the ministry") to the entity whose
// role or name fits it best, the latest on ties; -1 when none fits.
func (d *doc) resolveDesc(a, b int, ents []*entity, prev int) int {
	det := d.low[a]
	if det != "the" && det != "this" && det != "that" {
		// a bare title ("Russian Foreign Minister: …" in a headline) that
		// is some entity's role word for word
		t := strings.ToLower(d.span(a, b))
		for ei, e := range ents {
			if e.role != "" && strings.ToLower(e.role) == t && e.typ != "ORG" {
				return ei
			}
		}
		return -1
	}
	var words []string
	for k := a + 1; k <= b; k++ {
		if d.isWord(k) {
			words = append(words, strings.TrimSuffix(d.low[k], "."))
		}
	}
	if len(words) == 0 {
		return -1
	}
	h := words[len(words)-1]
	if d.isCap(b) && !titleWords[d.low[b]] {
		return -1 // "the US" is a name, not a description
	}
	class := roleClass[h]
	var want byte
	if femaleTitles[h] || h == "woman" {
		want = 'f'
	} else if maleTitles[h] || h == "man" {
		want = 'm'
	}
	// entities mentioned before the description, latest mention first
	last := make(map[int]int)
	for k := 0; k < a; k++ {
		if m := d.mentAt[k]; m >= 0 && d.ments[m].ent >= 0 {
			last[d.ments[m].ent] = k
		}
	}
	best, bestScore, bestPos := -1, 0, -1
	for ei, pos := range last {
		e := ents[ei]
		if want != 0 && e.gender != 0 && e.gender != want {
			continue
		}
		rw := strings.Fields(strings.ToLower(e.role))
		if e.typ == "ORG" {
			rw = append(rw, e.words...)
		}
		rw = append(rw, e.desc...)
		score := 0
		headHit := false
		for _, w := range rw {
			w = strings.Trim(w, ",.'’")
			if w == h {
				headHit = true
			}
			for _, c := range class {
				if w == c {
					headHit = true
				}
			}
		}
		if !headHit {
			continue
		}
		for _, w := range words {
			for _, r := range rw {
				if strings.Trim(r, ",.'’") == w {
					score++
					break
				}
			}
		}
		score += 2
		if ei == prev {
			score++ // the speaker just quoted
		}
		if score > bestScore || score == bestScore && pos > bestPos {
			best, bestScore, bestPos = ei, score, pos
		}
	}
	return best
}

// prevSpeaker returns the entity that spoke in the attribution before
// attribution i, -1 none.
func (d *doc) prevSpeaker(i int) int {
	if i > 0 && i <= len(d.attrs) {
		return d.attrs[i-1].ent
	}
	return -1
}
