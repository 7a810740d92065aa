// Command genlex derives the small word lists that packages resolve and
// claims compile in, from WordNet 3.0 and the world-countries data set, so
// that the lists are reproducible rather than typed by hand.
//
// Run it at development time only (nothing is read at run time):
//
//	apt-get install wordnet-base          # WordNet 3.0 in /usr/share/wordnet
//	npm install --prefix /tmp/genlex world-countries@5.1.0
//	go run ./internal/analyze/resolve/cmd/genlex \
//	    -wordnet /usr/share/wordnet \
//	    -countries /tmp/genlex/node_modules/world-countries/countries.json \
//	    -resolve internal/analyze/resolve/lexicon_gen.go \
//	    -claims internal/analyze/claims/nouns_gen.go
//
// Licences: WordNet 3.0 is distributed by Princeton University under the
// WordNet licence (a BSD-style licence: "Permission to use, copy, modify and
// distribute this software and database and its documentation for any
// purpose and without fee or royalty is hereby granted, provided that ...
// the copyright notice and these statements appear on all copies"; WordNet
// 3.0 Copyright 2006 by Princeton University. All rights reserved.); the
// organisation acronyms (orgForms) come from its noun.group synsets.
// world-countries (mledoze/countries) is under the Open Database Licence
// (ODbL 1.0); only country names, alternative spellings and English
// demonyms are taken.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// roleHeads are the nouns that head a person's role or title in news text.
// WordNet tells which of them is a kind of which (an ambassador is a
// diplomat); the list itself only decides which words are worth keeping.
var roleHeads = strings.Fields(`
	adviser advisor aide ambassador analyst archbishop attache attorney
	author bishop boss captain cardinal ceo chair chairman chairperson
	chairwoman chancellor chief cleric coach colonel commander commentator
	commissioner congressman congresswoman consul correspondent councillor
	councilman councilwoman counsel delegate deputy diplomat director doctor
	economist editor emir emissary emperor envoy executive expert founder
	general governor head historian imam inspector investigator journalist
	judge king lawmaker lawyer leader legislator lieutenant major manager
	marshal mayor mediator minister monarch negotiator observer officer official
	owner pastor pilot police policeman politician pope premier president
	priest prince princess professor prosecutor queen rabbi representative
	researcher ruler scholar scientist secretary senator sergeant sheikh
	soldier sovereign speaker spokesman spokesperson spokeswoman spy statesman
	strategist sultan superintendent teacher treasurer trustee writer
`)

// generalRoles are the broad role nouns a description may use for a more
// specific one ("the official" for a spokeswoman, "the diplomat" for an
// ambassador). They are kept as classes even when not in roleHeads.
var generalRoles = strings.Fields(`
	diplomat official politician leader officer representative spokesperson
	executive expert lawmaker legislator head clergyman cleric ruler
	serviceman journalist scientist lawyer
`)

// countedClasses group nouns that count the same kind of thing, so that
// "2,000 troops" and "2000 soldiers" get one quantity key. Each anchor is a
// WordNet sense (lemma.n.N) and how many levels of its hyponyms join it;
// classes are kept narrow (warplanes and helicopters stay apart) because a
// key shared by different things would make unlike figures look comparable.
var countedClasses = []struct {
	class   string
	anchors []anchor
}{
	{"troops", []anchor{{"military_personnel.n.1", 0}, {"serviceman.n.1", 1}, {"soldier.n.1", 1}, {"personnel.n.1", 0}, {"military_unit.n.1", 0}}},
	{"fighters", []anchor{{"combatant.n.1", 0}, {"insurgent.n.1", 0}, {"militant.n.1", 0}, {"terrorist.n.1", 0}, {"guerrilla.n.1", 0}}},
	{"civilians", []anchor{{"civilian.n.1", 0}}},
	{"people", []anchor{{"person.n.1", 0}, {"people.n.1", 0}}},
	{"refugees", []anchor{{"refugee.n.1", 0}, {"displaced_person.n.1", 0}}},
	{"casualties", []anchor{{"casualty.n.1", 0}, {"fatality.n.1", 0}}},
	{"warplanes", []anchor{{"warplane.n.1", 2}, {"jet.n.1", 0}}},
	{"helicopters", []anchor{{"helicopter.n.1", 1}}},
	{"aircraft", []anchor{{"aircraft.n.1", 0}, {"airplane.n.1", 0}}},
	{"drones", []anchor{{"drone.n.4", 0}}},
	{"tanks", []anchor{{"tank.n.1", 0}}},
	{"missiles", []anchor{{"missile.n.1", 1}, {"rocket.n.2", 0}}},
	{"ships", []anchor{{"warship.n.1", 1}}},
	{"vehicles", []anchor{{"vehicle.n.1", 0}, {"military_vehicle.n.1", 0}}},
}

// extraMembers are class members WordNet does not give by the first-sense
// rule below: "forces" counts troops in news, though WordNet's first sense
// of "force" is an influence.
var extraMembers = map[string]string{"force": "troops"}

type anchor struct {
	sense string // lemma.n.N
	depth int    // hyponym levels included
}

type synset struct {
	lexfile int      // lexicographer file (14: noun.group, organisations)
	lemmas  []string // lemmas as written, spaces for underscores
	words   []string // lower-case lemmas, spaces for underscores
	hyper   []int64  // @ pointers (class hypernyms; instances are skipped)
	hypo    []int64  // ~ pointers
}

type wordnet struct {
	syn   map[int64]*synset
	index map[string][]int64 // lemma -> senses in frequency order
}

func main() {
	wnDir := flag.String("wordnet", "/usr/share/wordnet", "WordNet 3.0 dict directory")
	countries := flag.String("countries", "", "world-countries countries.json")
	resolveOut := flag.String("resolve", "", "output Go file for package resolve")
	claimsOut := flag.String("claims", "", "output Go file for package claims")
	flag.Parse()
	wn, err := loadWordNet(*wnDir)
	if err != nil {
		log.Fatal(err)
	}
	if *resolveOut != "" {
		places, err := loadCountries(*countries)
		if err != nil {
			log.Fatal(err)
		}
		if err := write(*resolveOut, resolveFile(wn, places, orgAcronyms(wn, places))); err != nil {
			log.Fatal(err)
		}
	}
	if *claimsOut != "" {
		if err := write(*claimsOut, claimsFile(wn)); err != nil {
			log.Fatal(err)
		}
	}
}

func write(path string, src []byte) error {
	out, err := format.Source(src)
	if err != nil {
		return fmt.Errorf("format %s: %w", path, err)
	}
	return os.WriteFile(path, out, 0o644)
}

func loadWordNet(dir string) (*wordnet, error) {
	wn := &wordnet{syn: map[int64]*synset{}, index: map[string][]int64{}}
	data, err := os.ReadFile(filepath.Join(dir, "data.noun"))
	if err != nil {
		return nil, fmt.Errorf("wordnet: %w", err)
	}
	for _, line := range bytes.Split(data, []byte("\n")) {
		if len(line) == 0 || line[0] == ' ' {
			continue
		}
		if i := bytes.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		f := strings.Fields(string(line))
		if len(f) < 4 {
			continue
		}
		off, _ := strconv.ParseInt(f[0], 10, 64)
		lex, _ := strconv.Atoi(f[1])
		n, _ := strconv.ParseInt(f[3], 16, 64)
		s := &synset{lexfile: lex}
		p := 4
		for k := 0; k < int(n) && p+1 < len(f); k++ {
			w := f[p]
			if i := strings.IndexByte(w, '('); i >= 0 {
				w = w[:i] // adjective markers such as "(a)"
			}
			w = strings.ReplaceAll(w, "_", " ")
			s.lemmas = append(s.lemmas, w)
			s.words = append(s.words, strings.ToLower(w))
			p += 2
		}
		if p >= len(f) {
			continue
		}
		np, _ := strconv.Atoi(f[p])
		p++
		for k := 0; k < np && p+3 < len(f); k++ {
			sym, tgt, pos := f[p], f[p+1], f[p+2]
			p += 4
			if pos != "n" {
				continue
			}
			o, _ := strconv.ParseInt(tgt, 10, 64)
			switch sym {
			case "@":
				s.hyper = append(s.hyper, o)
			case "~":
				s.hypo = append(s.hypo, o)
			}
		}
		wn.syn[off] = s
	}
	idx, err := os.Open(filepath.Join(dir, "index.noun"))
	if err != nil {
		return nil, fmt.Errorf("wordnet: %w", err)
	}
	defer idx.Close()
	sc := bufio.NewScanner(idx)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || line[0] == ' ' {
			continue
		}
		f := strings.Fields(line)
		if len(f) < 4 {
			continue
		}
		nsyn, _ := strconv.Atoi(f[2])
		if nsyn <= 0 || nsyn > len(f) {
			continue
		}
		var offs []int64
		for _, s := range f[len(f)-nsyn:] {
			o, _ := strconv.ParseInt(s, 10, 64)
			offs = append(offs, o)
		}
		wn.index[strings.ReplaceAll(f[0], "_", " ")] = offs
	}
	return wn, sc.Err()
}

// sense returns the synset of "lemma.n.N".
func (wn *wordnet) sense(s string) int64 {
	parts := strings.Split(s, ".n.")
	n, _ := strconv.Atoi(parts[1])
	offs := wn.index[strings.ReplaceAll(parts[0], "_", " ")]
	if n < 1 || n > len(offs) {
		log.Fatalf("no sense %s", s)
	}
	return offs[n-1]
}

// ancestors returns the hypernym closure of a synset, itself included.
func (wn *wordnet) ancestors(o int64) map[int64]bool {
	seen := map[int64]bool{}
	var walk func(int64)
	walk = func(o int64) {
		if seen[o] {
			return
		}
		seen[o] = true
		if s := wn.syn[o]; s != nil {
			for _, h := range s.hyper {
				walk(h)
			}
		}
	}
	walk(o)
	return seen
}

// roleSenses are the senses of a role noun that denote a person: the first
// three, among those under person.n.1.
func (wn *wordnet) roleSenses(w string, person int64) []int64 {
	var out []int64
	for i, o := range wn.index[w] {
		if i >= 3 {
			break
		}
		if wn.ancestors(o)[person] {
			out = append(out, o)
		}
	}
	return out
}

func resolveFile(wn *wordnet, places map[string]string, orgs [][]string) []byte {
	person := wn.sense("person.n.1")
	vocab := map[string]bool{}
	for _, w := range roleHeads {
		vocab[w] = true
	}
	for _, w := range generalRoles {
		vocab[w] = true
	}
	classes := map[string][]string{}
	for w := range vocab {
		set := map[string]bool{}
		for _, o := range wn.roleSenses(w, person) {
			for a := range wn.ancestors(o) {
				for _, l := range wn.syn[a].words {
					if l != w && vocab[l] {
						set[l] = true
					}
				}
			}
		}
		for l := range set {
			classes[w] = append(classes[w], l)
		}
		sort.Strings(classes[w])
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by cmd/genlex from WordNet 3.0 and world-countries 5.1.0; DO NOT EDIT.\n\npackage resolve\n\n")
	b.WriteString("// roleHeads are the nouns that head a role or title.\nvar roleHeads = map[string]bool{\n")
	for _, w := range sortedKeys(vocab) {
		fmt.Fprintf(&b, "%q: true,\n", w)
	}
	b.WriteString("}\n\n// roleClasses maps a role head to the broader role heads WordNet puts above it\n// (its hypernyms and synonyms among roleHeads).\nvar roleClasses = map[string][]string{\n")
	for _, w := range sortedKeys(vocab) {
		if len(classes[w]) > 0 {
			fmt.Fprintf(&b, "%q: {%s},\n", w, quoteList(classes[w]))
		}
	}
	b.WriteString("}\n\n// countryNames maps a normalised country name, alternative spelling or\n// demonym to the country's common English name.\nvar countryNames = map[string]string{\n")
	for _, k := range sortedKeys(places) {
		fmt.Fprintf(&b, "%q: %q,\n", k, places[k])
	}
	b.WriteString("}\n\n// orgForms lists organisations from WordNet: each entry's name, then the\n// acronyms and other names it is written as.\nvar orgForms = [][]string{\n")
	for _, f := range orgs {
		fmt.Fprintf(&b, "{%s},\n", quoteList(f))
	}
	b.WriteString("}\n")
	return b.Bytes()
}

func claimsFile(wn *wordnet) []byte {
	member := map[string]string{}
	for _, c := range countedClasses {
		for _, a := range c.anchors {
			var walk func(o int64, d int)
			walk = func(o int64, d int) {
				s := wn.syn[o]
				if s == nil {
					return
				}
				for _, w := range s.words {
					if strings.ContainsAny(w, " -'.") {
						continue
					}
					// Only a word whose most frequent sense is this one
					// joins: "man" is first an adult male, not a
					// serviceman.
					if senses := wn.index[w]; len(senses) == 0 || senses[0] != o {
						continue
					}
					if _, ok := member[w]; !ok {
						member[w] = c.class
					}
				}
				if d > 0 {
					for _, h := range s.hypo {
						walk(h, d-1)
					}
				}
			}
			walk(wn.sense(a.sense), a.depth)
		}
	}
	for w, c := range extraMembers {
		member[w] = c
	}
	var b bytes.Buffer
	b.WriteString("// Code generated by resolve/cmd/genlex from WordNet 3.0; DO NOT EDIT.\n\npackage claims\n\n")
	b.WriteString("// nounClasses maps a counted noun (singular) to its quantity class: nouns\n// of one class count the same kind of thing.\nvar nounClasses = map[string]string{\n")
	for _, k := range sortedKeys(member) {
		fmt.Fprintf(&b, "%q: %q,\n", k, member[k])
	}
	b.WriteString("}\n")
	return b.Bytes()
}

// groupLexfile is WordNet's lexicographer file noun.group: organisations,
// agencies, alliances, parties.
const groupLexfile = 14

// orgAcronyms pairs organisation acronyms with their expansions. The rule:
// a noun.group synset holding a lemma of 2 to 6 capitals ("UN", "NATO")
// and a capitalised multi-word lemma whose initials spell it, as Initials
// in package resolve reads them (function words skipped, a word in
// capitals giving all its letters). Lemmas that merely share the synset
// without spelling it (aliases, former names: "Black September" for the
// ANO) are left out, as are acronyms written in another noun synset too
// ("IRA" is also a retirement account, "SC" South Carolina) and acronyms
// of countries (the gazetteer's). Each entry is the synset's first
// spelling lemma, which names the organisation, then its other forms:
// the acronyms and the other spelling lemmas.
func orgAcronyms(wn *wordnet, places map[string]string) [][]string {
	synsetsOf := map[string]int{} // acronym as written -> noun synsets holding it
	for _, s := range wn.syn {
		for _, l := range s.lemmas {
			if isCapitals(l) {
				synsetsOf[l]++
			}
		}
	}
	offs := make([]int64, 0, len(wn.syn))
	for o := range wn.syn {
		offs = append(offs, o)
	}
	sort.Slice(offs, func(i, j int) bool { return offs[i] < offs[j] })
	var out [][]string
	taken := map[string]bool{} // normalised forms: a form two synsets spell is the first's
	for _, o := range offs {
		s := wn.syn[o]
		if s.lexfile != groupLexfile {
			continue
		}
		var acrs []string
		for _, l := range s.lemmas {
			if isCapitals(l) && synsetsOf[l] == 1 && places[normalise(l)] == "" {
				acrs = append(acrs, l)
			}
		}
		var names, spelt []string
		seen := map[string]bool{}
		add := func(to *[]string, f string) {
			if k := normalise(f); !seen[k] && !taken[k] {
				seen[k] = true
				*to = append(*to, f)
			}
		}
		for _, l := range s.lemmas {
			if !strings.Contains(l, " ") || l[0] < 'A' || l[0] > 'Z' || normalise(l) == "" || places[normalise(l)] != "" {
				continue
			}
			for _, a := range acrs {
				if spells(l, normalise(a)) {
					add(&names, l)
					add(&spelt, a)
				}
			}
		}
		if len(names) == 0 || len(spelt) == 0 {
			continue
		}
		for k := range seen {
			taken[k] = true
		}
		forms := append(names[:1:1], spelt...)
		forms = append(forms, names[1:]...)
		out = append(out, forms)
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// isCapitals reports whether a lemma is 2 to 6 capital letters.
func isCapitals(s string) bool {
	if len(s) < 2 || len(s) > 6 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// stopInitials mirrors resolve's: the words an acronym usually skips.
var stopInitials = map[string]bool{"of": true, "the": true, "and": true, "for": true, "de": true, "du": true, "des": true, "la": true, "le": true, "on": true, "in": true, "at": true, "to": true, "&": true}

// spells reports whether a multi-word name has acr (normalised) for its
// initials, read as resolve.Initials reads them: content words, or all
// words; a word in capitals gives all its letters ("US Air Force").
func spells(name, acr string) bool {
	var content, all strings.Builder
	for _, w := range strings.FieldsFunc(name, func(r rune) bool { return r == ' ' || r == '-' || r == '/' }) {
		nw := normalise(w)
		if nw == "" {
			continue
		}
		part := nw[:1]
		if isAcronymForm(w) {
			part = nw
		}
		all.WriteString(part)
		if !stopInitials[nw] {
			content.WriteString(part)
		}
	}
	return content.String() == acr || all.String() == acr
}

// isAcronymForm mirrors resolve's isAcronym: two to eight capitals, with
// periods, digits or "&" allowed.
func isAcronymForm(s string) bool {
	n := 0
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
			n++
		case r == '.':
		case i > 0 && (r >= '0' && r <= '9' || r == '&'):
		default:
			return false
		}
	}
	return n >= 2 && n <= 8
}

type country struct {
	Name struct {
		Common   string `json:"common"`
		Official string `json:"official"`
	} `json:"name"`
	AltSpellings []string `json:"altSpellings"`
	CCA3         string   `json:"cca3"`
	Area         float64  `json:"area"`
	Demonyms     struct {
		Eng struct {
			F string `json:"f"`
			M string `json:"m"`
		} `json:"eng"`
	} `json:"demonyms"`
}

// loadCountries reads country names, spellings of three letters or more
// and demonyms. Two-letter codes are left out (most are ordinary words or
// acronyms of other things in news text: "IS", "IN", "AT") except the two
// that news writes for countries. A spelling shared by several countries
// ("American" is also the demonym of American Samoa) goes to the largest.
func loadCountries(path string) (map[string]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("countries: %w", err)
	}
	var cs []country
	if err := json.Unmarshal(data, &cs); err != nil {
		return nil, fmt.Errorf("countries %s: %w", path, err)
	}
	out := map[string]string{}
	area := map[string]float64{}
	for _, c := range cs {
		area[c.Name.Common] = c.Area
	}
	add := func(name, to string) {
		k := normalise(name)
		if len(k) < 3 || strings.ContainsAny(k, "()") {
			return
		}
		if prev, ok := out[k]; ok && area[prev] >= area[to] {
			return
		}
		out[k] = to
	}
	for _, c := range cs {
		to := c.Name.Common
		add(c.Name.Common, to)
		add(c.Name.Official, to)
		for _, a := range c.AltSpellings {
			add(a, to)
		}
		add(c.Demonyms.Eng.F, to)
		add(c.Demonyms.Eng.M, to)
		if c.CCA3 == "USA" {
			out["us"] = to
			add("America", to)
		}
		if c.CCA3 == "GBR" {
			out["uk"] = to
			add("Britain", to)
		}
	}
	return out, nil
}

// normalise mirrors resolve.Normalize for the ASCII names used here.
func normalise(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r == '.' || r == '\'':
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(r)
		case r > 127:
			return "" // names with non-ASCII letters are native spellings
		default:
			space = true
		}
	}
	return b.String()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func quoteList(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = strconv.Quote(w)
	}
	return strings.Join(q, ", ")
}
