// Package resolve groups the entity mentions of an article into entities
// and links the entities of all articles into one table of canonical
// entities.
//
// Within an article (Article), mentions of one entity are grouped: a full
// name and its surname ("Sergey Lavrov", "Lavrov"), names with titles and
// roles written around them ("Russian Foreign Minister Sergey Lavrov" gives
// the name and the role), acronyms and the expansions the article states
// ("National Union of Journalists (NUJ)", "US (University of Surrey)") or
// the country gazetteer gives ("US" and "United States"; initials alone
// are no evidence), possessives, hyphenated
// affixes ("anti-IS", "US-led") and punctuation variants ("U.S."). Roles
// can be looked up by description ("the Russian minister", "the diplomat")
// with MatchDescription, which uses a small lexicon of role nouns derived
// from WordNet (see cmd/genlex).
//
// Across the store (Registry), article entities are matched to canonical
// entities by normalised forms, transliteration variants of surnames with
// agreeing given names, acronyms the corpus attests for a name (stated,
// the gazetteer, or written next to it in several articles), and the
// entities they co-occur with. Remove takes back a revised article's old
// version. Only
// general methods are used: no list names a particular person or group.
//
// Everything is linear or near-linear in the input, bounded by the caps
// below, and never panics on any input.
package resolve

// The role lexicon and country names (lexicon_gen.go) and the claims
// package's noun classes are derived from WordNet 3.0 and world-countries;
// see cmd/genlex for the set-up.
//go:generate go run ./cmd/genlex -wordnet /usr/share/wordnet -countries /tmp/genlex/node_modules/world-countries/countries.json -resolve lexicon_gen.go -claims ../claims/nouns_gen.go

import (
	"sort"
	"strings"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// Mention is an entity mention found by a tagger: Text is body[Start:End]
// (byte offsets), Type is PER, ORG, LOC or MISC.
type Mention struct {
	Text       string
	Type       string
	Start, End int
}

// Entity is one entity of an article with all its mentions.
type Entity struct {
	// Name is the fullest form of the entity's name in the article: a
	// person's longest full name, an organisation's expansion rather than
	// its acronym.
	Name string
	// Type is PER, ORG, LOC or MISC: the type most of its mentions have.
	Type string
	// Aliases are the distinct forms the article writes the name in (Name
	// included), each with how many mentions use it, most used first.
	Aliases []Alias
	// Roles are the titles and appositions found with the entity's
	// mentions ("Russian Foreign Minister", "White House press secretary"),
	// distinct, in text order.
	Roles []string
	// Mentions are the entity's mentions in text order, cleaned to the name
	// (titles, articles and possessives outside Start..End); Start and End
	// are -1 for a mention whose offsets did not fit the body.
	Mentions []Mention
	// ID is the canonical id Registry.Add returned for the entity, when
	// the caller kept it: Registry.Remove uses it rather than matching the
	// entity again. Article leaves it 0 and Add ignores it.
	ID int64
}

// Alias is a written form of a name and how often it was used.
type Alias struct {
	Text  string
	Count int
}

// MaxMentions caps the mentions Article looks at; MaxBody caps the bytes
// of the body it reads for roles and acronyms.
const (
	MaxMentions = 5000
	MaxBody     = 1 << 20
)

// Article groups the mentions of one article body into entities, in order
// of first mention. Mentions that clean to nothing name-like are dropped.
func Article(body string, ms []Mention) []Entity {
	if len(body) > MaxBody {
		body = body[:MaxBody]
	}
	return ArticleSentences(body, text.Sentences(body), ms)
}

// ArticleSentences is Article for a caller that has already split body
// into sentences (text.Sentences(body)), to save doing it twice.
func ArticleSentences(body string, sents []text.Sentence, ms []Mention) []Entity {
	if len(ms) > MaxMentions {
		ms = ms[:MaxMentions]
	}
	a := newArticle(body, sents, ms)
	a.groupFull()
	a.parenAcronyms()
	a.groupSingles()
	return a.entities()
}

// article is the working state of Article.
type article struct {
	body  string
	f     flat
	names []name
	group []int // union-find parent of each name
	roles [][]string
	// stated holds the acronyms the article defines ("(ISIS)").
	stated map[string]bool
}

func newArticle(body string, sents []text.Sentence, ms []Mention) *article {
	a := &article{body: body, f: flatten(sents)}
	sorted := make([]Mention, len(ms))
	copy(sorted, ms)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].Start < sorted[j].Start })
	for _, m := range sorted {
		if n, ok := cleanMention(body, m); ok {
			a.names = append(a.names, n)
		}
	}
	// Sorted by the cleaned start (mentions with unusable offsets, at -1,
	// first): parenAcronyms searches by position.
	sort.SliceStable(a.names, func(i, j int) bool { return a.names[i].start < a.names[j].start })
	a.group = make([]int, len(a.names))
	for i := range a.group {
		a.group[i] = i
	}
	a.roles = make([][]string, len(a.names))
	for i, n := range a.names {
		if n.typ != "PER" {
			continue
		}
		if n.start < 0 {
			if n.title != "" {
				a.roles[i] = append(a.roles[i], n.title)
			}
			continue
		}
		if k := a.f.at(n.start); k < len(a.f.toks) && a.f.toks[k].Start == n.start {
			if r := a.f.roleBefore(body, k); r != "" {
				a.roles[i] = append(a.roles[i], r)
			} else if n.title != "" {
				a.roles[i] = append(a.roles[i], n.title)
			}
		}
		if r := a.f.roleAfter(body, a.f.at(n.end)); r != "" {
			a.roles[i] = append(a.roles[i], r)
		}
	}
	return a
}

func (a *article) find(i int) int {
	for a.group[i] != i {
		a.group[i] = a.group[a.group[i]]
		i = a.group[i]
	}
	return i
}

func (a *article) union(i, j int) {
	ri, rj := a.find(i), a.find(j)
	if ri == rj {
		return
	}
	if rj < ri {
		ri, rj = rj, ri
	}
	a.group[rj] = ri // the earliest mention stays the root
}

// single reports whether a name is a one-word name that may be a short form
// of a longer one: a surname or an acronym.
func (n *name) single() bool { return len(n.words) == 1 }

// groupFull groups the multi-word names: equal normalised forms, persons
// with the same surname and compatible given names, and organisations or
// places written with and without a leading country ("US State
// Department", "State Department").
func (a *article) groupFull() {
	byNorm := map[string]int{}
	byCore := map[string]int{}
	var persons []int
	for i := range a.names {
		n := &a.names[i]
		if n.single() {
			continue
		}
		if j, ok := byNorm[n.norm]; ok {
			a.union(j, i)
		} else {
			byNorm[n.norm] = i
		}
		if n.typ == "PER" {
			for _, j := range persons {
				if a.find(j) != a.find(i) && samePerson(a.names[j].words, n.words) {
					a.union(j, i)
				}
			}
			persons = append(persons, i)
			if len(persons) > 500 {
				persons = persons[len(persons)-500:]
			}
		}
	}
	// Country-prefixed forms join the bare form when that has two or more
	// words.
	for i := range a.names {
		n := &a.names[i]
		if n.single() || n.typ == "PER" {
			continue
		}
		if core := stripCountry(n.words); len(core) >= 2 && len(core) < len(n.words) {
			if _, ok := byCore[strings.Join(core, " ")]; !ok {
				byCore[strings.Join(core, " ")] = i
			}
		}
	}
	for k, i := range byCore {
		if j, ok := byNorm[k]; ok && a.names[j].typ != "PER" {
			a.union(j, i)
		}
	}
}

// stripCountry removes leading country names and demonyms from a
// normalised name's words.
func stripCountry(ws []string) []string {
	for len(ws) > 1 {
		if _, ok := countryNames[ws[0]]; ok {
			ws = ws[1:]
			continue
		}
		if len(ws) > 2 {
			if _, ok := countryNames[ws[0]+" "+ws[1]]; ok {
				ws = ws[2:]
				continue
			}
		}
		break
	}
	return ws
}

// parenAcronyms links an acronym to the name it is stated for, written
// either way round: "the Islamic State militant group (ISIS)" or "ISIS
// (Islamic State)". The writer defines the short form, which is strong
// evidence even when the letters do not spell the name's initials exactly;
// the first letters must agree. Stated acronyms are recorded so that
// groupSingles gives them to no other name.
func (a *article) parenAcronyms() {
	toks := a.f.toks
	for i := 1; i+2 < len(toks); i++ {
		if toks[i].Text != "(" {
			continue
		}
		if toks[i+2].Text == ")" && isAcronym(toks[i+1].Text) {
			a.stateAcronym(a.nameBefore(i), Normalize(toks[i+1].Text))
		} else if isAcronym(toks[i-1].Text) {
			a.stateAcronym(a.nameInside(i), Normalize(toks[i-1].Text))
		}
	}
}

// nameBefore returns the nearest multi-word name ending within six tokens
// before the bracket at token i, in its sentence, or -1. Names are sorted
// by start, so only those starting in a short window before it are looked
// at.
func (a *article) nameBefore(i int) int {
	toks := a.f.toks
	best := -1
	lo := toks[max(i-6-maxNameWords, 0)].Start
	k0 := sort.Search(len(a.names), func(k int) bool { return a.names[k].start >= toks[i].Start })
	for k := k0 - 1; k >= 0 && a.names[k].start >= lo; k-- {
		n := &a.names[k]
		if n.end > toks[i].Start || n.single() {
			continue
		}
		if j := a.f.at(n.end); i-j <= 6 && a.f.sent[min(j, len(toks)-1)] == a.f.sent[i] && (best < 0 || n.end > a.names[best].end) {
			best = k
		}
	}
	return best
}

// nameInside returns the multi-word name that fills the brackets opening
// at token i ("US (University of Surrey)", "US (the University of
// Surrey)"), or -1.
func (a *article) nameInside(i int) int {
	toks := a.f.toks
	last := toks[min(i+2, len(toks)-1)].Start // a leading "the" is cleaned off
	for k := sort.Search(len(a.names), func(k int) bool { return a.names[k].start >= toks[i].End }); k < len(a.names) && a.names[k].start <= last; k++ {
		n := &a.names[k]
		if n.single() {
			continue
		}
		if j := a.f.at(n.end); j < len(toks) && toks[j].Text == ")" && a.f.sent[j] == a.f.sent[i] {
			return k
		}
	}
	return -1
}

// stateAcronym records acr as the stated short form of name best and
// groups its mentions with it.
func (a *article) stateAcronym(best int, acr string) {
	if best < 0 || acr == "" || acr[0] != a.names[best].words[0][0] {
		return
	}
	for k := range a.names {
		if a.names[k].acronym && a.names[k].norm == acr {
			a.union(best, k)
		}
	}
	a.names[best].alias = append(a.names[best].alias, acr)
	if a.stated == nil {
		a.stated = map[string]bool{}
	}
	a.stated[acr] = true
}

// groupSingles attaches each one-word name to the entity it is a short form
// of: a person's surname to the full name mentioned nearest before it
// (else after it), an acronym to the name it was stated for or, through
// the gazetteer, to the country or organisation it abbreviates ("US",
// "United States"; "UN", "United Nations");
// other one-word names group by their normalised form. Initials alone are
// no evidence: "SC" in an article about South Carolina may as well be a
// court or a club, so the registry decides from what other articles state.
func (a *article) groupSingles() {
	surnames := map[string][]int{} // phonetic key of surname -> PER full-name indexes
	stated := map[string][]int{}   // stated acronym -> multi-word name indexes
	places := map[string][]int{}   // gazetteer name -> multi-word names of it
	for i := range a.names {
		n := &a.names[i]
		if n.single() {
			continue
		}
		if n.typ == "PER" {
			ws := stripParticles(n.words)
			k := PhoneticKey(surname(ws))
			surnames[k] = append(surnames[k], i)
		} else if c, ok := gazetteer(n.norm); ok {
			places[c] = append(places[c], i)
		}
		for _, acr := range n.alias {
			stated[acr] = append(stated[acr], i)
		}
	}
	byNorm := map[string]int{}
	for i := range a.names {
		n := &a.names[i]
		if !n.single() {
			continue
		}
		var pool []int
		// A place's one-word name is not taken for a surname (Jordan,
		// Washington): places are named far more often than people are
		// called by a surname that is also a place.
		if n.typ != "LOC" && !n.acronym {
			for _, j := range surnames[PhoneticKey(n.words[0])] {
				if sameSurname(surname(stripParticles(a.names[j].words)), n.words[0]) {
					pool = append(pool, j)
				}
			}
		}
		if len(pool) == 0 && n.acronym {
			pool = stated[n.norm]
			if c, ok := gazetteer(n.norm); ok && len(pool) == 0 && !a.stated[n.norm] {
				pool = places[c]
			}
		}
		if len(pool) > 0 {
			a.union(a.nearest(pool, n.start), i)
			continue
		}
		if j, ok := byNorm[n.norm]; ok {
			a.union(j, i)
		} else {
			byNorm[n.norm] = i
		}
	}
	// One-word names that equal a multi-word name's normalised form cannot
	// occur (different word counts), but an acronym written both "US" and
	// "U.S." normalises to one form and is grouped above.
}

// nearest returns the candidate whose entity was mentioned last before
// off, else the first candidate.
func (a *article) nearest(pool []int, off int) int {
	best := -1
	for _, j := range pool {
		if a.names[j].start <= off && (best < 0 || a.names[j].start > a.names[best].start) {
			best = j
		}
	}
	if best < 0 {
		best = pool[0]
	}
	return best
}

// typeRank breaks ties between types: the more specific wins.
var typeRank = map[string]int{"PER": 4, "ORG": 3, "LOC": 2, "MISC": 1}

// entities assembles the groups.
func (a *article) entities() []Entity {
	idx := map[int]int{}
	var out []Entity
	var votes []map[string]int
	for i := range a.names {
		r := a.find(i)
		e, ok := idx[r]
		if !ok {
			e = len(out)
			idx[r] = e
			out = append(out, Entity{})
			votes = append(votes, map[string]int{})
		}
		n := &a.names[i]
		ent := &out[e]
		ent.Mentions = append(ent.Mentions, Mention{Text: n.text, Type: n.typ, Start: n.start, End: n.end})
		w := 1
		if !n.single() {
			w = 3 // a full name is better evidence of type than short forms
		}
		votes[e][n.typ] += w
		addAlias(&ent.Aliases, n.text)
		for _, r := range a.roles[i] {
			addRole(&ent.Roles, r)
		}
	}
	for e := range out {
		ent := &out[e]
		best, bv := "", -1
		for t, v := range votes[e] {
			if v > bv || v == bv && typeRank[t] > typeRank[best] {
				best, bv = t, v
			}
		}
		ent.Type = best
		sort.SliceStable(ent.Aliases, func(i, j int) bool { return ent.Aliases[i].Count > ent.Aliases[j].Count })
		ent.Name = canonicalName(ent.Aliases)
	}
	return out
}

// addAlias counts a written form, merging forms that differ only in
// punctuation, case or a leading "the".
func addAlias(as *[]Alias, s string) {
	k := Normalize(s)
	for i := range *as {
		if Normalize((*as)[i].Text) == k {
			(*as)[i].Count++
			return
		}
	}
	*as = append(*as, Alias{Text: s, Count: 1})
}

func addRole(rs *[]string, r string) {
	k := Normalize(r)
	for _, x := range *rs {
		if Normalize(x) == k {
			return
		}
	}
	*rs = append(*rs, r)
}

// canonicalName picks the fullest form: most words among forms that are not
// acronyms, then the most used (aliases come most used first).
func canonicalName(as []Alias) string {
	best, bw := "", -1
	for _, al := range as {
		w := len(strings.Fields(al.Text))
		if isAcronym(al.Text) {
			w = 0
		}
		if w > bw {
			best, bw = al.Text, w
		}
	}
	return best
}
