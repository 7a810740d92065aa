package resolve

import "strings"

// descStop are words of a description that carry nothing for matching.
var descStop = set(`the a an this that these those his her its their our said says told
	who which top senior`)

// MatchDescription returns the index in ents of the entity that a
// description refers to ("the Russian minister", "the diplomat", "the
// Russian Foreign Ministry spokeswoman", "the ministry"), and its score
// (the index is -1 and the score 0 when nothing matches). A person matches
// when one of its roles has the description's head noun ("minister") or a
// head that WordNet puts under it (a diplomat may be a minister, an envoy or
// an ambassador; a foreign ministry's spokeswoman is one too); an
// organisation matches when its name ends in the head ("the ministry").
// Then each modifier found in the role adds to the score; a capitalised
// modifier that the role lacks ("Foreign") takes much away; a country that
// contradicts the role's country excludes, one the role does not state is
// neutral. An entity must be mentioned before byte offset at to be an
// antecedent, and the one mentioned last before at gets a bonus, as the
// usual antecedent is the latest compatible one; pass a negative at to
// disregard position and prefer the most mentioned.
func MatchDescription(ents []Entity, desc string, at int) (int, float64) {
	d := parseRole(desc)
	if d.head == "" {
		return -1, 0
	}
	var mods []modifier
	for _, w := range fieldsOffsets(cutName(desc)) {
		raw := strings.Trim(w.s, ".,;:!?\"'()\u201c\u201d\u2018\u2019")
		for _, nw := range nameWords(Normalize(raw)) {
			if nw == d.head || singular(nw) == d.head || descStop[nw] {
				continue
			}
			m := modifier{word: nw, proper: capitalised(raw)}
			if c, ok := countryNames[nw]; ok {
				m.country = Normalize(c)
			}
			mods = append(mods, m)
		}
	}
	orgs := orgCountries(ents)
	type cand struct {
		i     int
		score float64
		last  int
	}
	var cands []cand
	for i := range ents {
		e := &ents[i]
		s := 0.0
		switch e.Type {
		case "PER":
			for _, r := range e.Roles {
				pr := parseRole(r)
				words := pr.words
				if len(orgs) > 0 {
					nr := " " + strings.Join(pr.words, " ") + " "
					for _, o := range orgs {
						if strings.Contains(nr, " "+o.core+" ") {
							words = append(words[:len(words):len(words)], o.country)
						}
					}
				}
				s = max(s, roleScore(pr.head, pr.classes, words, d.head, mods))
			}
		case "ORG":
			ws := nameWords(Normalize(e.Name))
			if len(ws) >= 2 && ws[len(ws)-1] == d.head {
				s = roleScore(d.head, nil, ws, d.head, mods)
			}
		}
		if s <= 0 {
			continue
		}
		last := len(e.Mentions)
		if at >= 0 {
			if last = lastBefore(e, at); last < 0 {
				continue // an entity first named after the description is no antecedent
			}
		}
		cands = append(cands, cand{i, s, last})
	}
	if len(cands) == 0 {
		return -1, 0
	}
	if at >= 0 {
		latest := 0
		for k, c := range cands {
			if c.last > cands[latest].last {
				latest = k
			}
		}
		cands[latest].score += recencyBonus
	}
	best := cands[0]
	for _, c := range cands[1:] {
		if c.score > best.score+1e-9 || c.score > best.score-1e-9 && c.last > best.last {
			best = c
		}
	}
	return best.i, best.score
}

// orgCountry is an organisation named in the article with a country
// ("US State Department"): a role that names it without the country
// ("State Department spokeswoman") is of that country.
type orgCountry struct{ core, country string }

func orgCountries(ents []Entity) []orgCountry {
	var out []orgCountry
	for i := range ents {
		if ents[i].Type == "PER" {
			continue
		}
		for _, al := range ents[i].Aliases {
			ws := nameWords(Normalize(al.Text))
			core := stripCountry(ws)
			if len(core) == len(ws) || len(core) == 0 {
				continue
			}
			if c, ok := countryNames[strings.Join(ws[:len(ws)-len(core)], " ")]; ok {
				out = append(out, orgCountry{strings.Join(core, " "), Normalize(c)})
			} else if c, ok := countryNames[ws[0]]; ok {
				out = append(out, orgCountry{strings.Join(core, " "), Normalize(c)})
			}
			if len(out) >= 64 {
				return out
			}
		}
	}
	return out
}

// recencyBonus is what being the latest compatible antecedent is worth: as
// much as a matched modifier and a bit more, so that "the Russian diplomat"
// after a run of a spokeswoman's quotes stays with her rather than jump to
// a minister named earlier whose title says "Russian".
const recencyBonus = 0.6

// modifier is a word of a description other than its head.
type modifier struct {
	word    string
	country string // the country it names or is the demonym of, normalised
	proper  bool   // written capitalised: a name part, strong evidence
}

// roleScore scores a role (its head, broader classes and words) against a
// description's head and modifiers; a result of 0 or less is no match.
func roleScore(rhead string, classes, words []string, head string, mods []modifier) float64 {
	s := 0.0
	switch {
	case rhead == head:
		s = 1
	case contains(classes, head):
		s = 0.8
	default:
		return 0
	}
	have := map[string]bool{}
	var countries []string
	for _, w := range words {
		have[w] = true
		if c, ok := countryNames[w]; ok {
			c = Normalize(c)
			have[c] = true
			countries = append(countries, c)
		}
	}
	for _, m := range mods {
		switch {
		case have[m.word] || have[singular(m.word)] || m.country != "" && have[m.country]:
			s += 0.5
		case m.country != "":
			if len(countries) > 0 {
				return 0 // "the US official" is not the Russian one
			}
		case m.proper:
			s -= 0.6
		default:
			s -= 0.1
		}
	}
	return s
}

// lastBefore returns the start of the entity's last mention before at, or
// -1.
func lastBefore(e *Entity, at int) int {
	last := -1
	for _, m := range e.Mentions {
		if m.Start >= 0 && m.Start < at && m.Start > last {
			last = m.Start
		}
	}
	return last
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// PlaceKey returns the common English name of the country a name or
// demonym denotes ("U.S.", "US", "America", "American", "United States" →
// "United States"), and whether it is one.
func PlaceKey(s string) (string, bool) {
	c, ok := countryNames[Normalize(s)]
	return c, ok
}
