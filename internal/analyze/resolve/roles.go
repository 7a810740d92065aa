package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/storyline-news/storyline/internal/analyze/text"
)

// roleMods are lower-case words that modify a role head inside a title
// ("special presidential envoy", "press secretary", "defense minister").
// Capitalised words are accepted in titles without a list.
var roleMods = set(`foreign defense defence deputy vice prime former acting interim special
	presidential press senior chief top military national security state federal regional
	local assistant associate executive junior lead principal permanent first second ex
	outgoing incoming army navy naval air police intelligence opposition rebel government
	party news agency affairs interior finance economy health justice trade energy
	education environment culture development agriculture labour labor communications
	information home treasury budget human rights emergency emergencies ministry department
	office council committee commission union white house supreme high commanding
	managing general chief spokesperson public relations media international`)

// monthsDays are capitalised words that never belong to a title.
var monthsDays = set(`monday tuesday wednesday thursday friday saturday sunday january february march
	april may june july august september october november december jan feb mar apr jun jul
	aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun`)

// rolePreps may join a title's parts ("envoy for Syria", "Minister of
// Foreign Affairs", "commander in Syria").
var rolePreps = set(`of for to in at on`)

// diplomatic marks words of a title that make its holder a diplomat (a
// foreign ministry's spokeswoman is one) and official marks those that make
// its holder an official: classes WordNet cannot know from the head noun.
var (
	diplomaticPairs = [][2]string{{"foreign", "ministry"}, {"foreign", "minister"}, {"foreign", "office"},
		{"foreign", "affairs"}, {"state", "department"}, {"foreign", "secretary"}}
	diplomaticWords = set(`embassy diplomatic consulate`)
	officialWords   = set(`ministry minister department government office administration agency
		embassy commission council pentagon kremlin secretary spokesperson spokesman spokeswoman
		envoy ambassador`)
)

// role is a parsed role phrase.
type role struct {
	text    string
	head    string   // lower-case head noun ("envoy")
	words   []string // normalised words, country demonyms mapped to countries
	classes []string // broader heads: the head's WordNet classes plus implied ones
}

// parseRole parses a role or description phrase: the head is the last role
// noun before the first preposition, after any possessive ("Russian
// President Vladimir Putin's envoy to Syria" → envoy).
func parseRole(s string) role {
	r := role{text: s}
	ws := strings.Fields(strings.ToLower(cutName(s)))
	// Words after the last possessive belong to the role's own phrase.
	start := 0
	for i, w := range ws {
		if strings.HasSuffix(w, "'s") || strings.HasSuffix(w, "\u2019s") || w == "'s" || w == "\u2019s" {
			start = i + 1
		}
	}
	end := len(ws)
	for i := start; i < len(ws); i++ {
		if rolePreps[ws[i]] && i > start {
			end = i
			break
		}
	}
	head := ""
	for i := end - 1; i >= start; i-- {
		w := strings.Trim(ws[i], ".,;:\"'")
		if roleHeads[w] || roleHeads[singular(w)] {
			head = w
			if !roleHeads[w] {
				head = singular(w)
			}
			break
		}
	}
	if head == "" && end > start {
		head = singular(strings.Trim(ws[end-1], ".,;:\"'"))
	}
	r.head = head
	seen := map[string]bool{}
	add := func(w string) {
		if w != "" && !seen[w] {
			seen[w] = true
			r.words = append(r.words, w)
		}
	}
	norm := nameWords(Normalize(s))
	for _, w := range norm {
		if c, ok := countryNames[w]; ok {
			add(Normalize(c))
		}
		add(w)
	}
	r.classes = append(r.classes, roleClasses[head]...)
	has := func(w string) bool { return seen[w] }
	for _, p := range diplomaticPairs {
		if has(p[0]) && has(p[1]) {
			r.classes = append(r.classes, "diplomat", "official")
			break
		}
	}
	for _, w := range norm {
		if diplomaticWords[w] {
			r.classes = append(r.classes, "diplomat", "official")
		}
		if officialWords[w] {
			r.classes = append(r.classes, "official")
		}
	}
	return r
}

// singular returns a plural noun's singular by the regular rules.
func singular(w string) string {
	switch {
	case len(w) > 4 && strings.HasSuffix(w, "ies"):
		return w[:len(w)-3] + "y"
	case len(w) > 4 && (strings.HasSuffix(w, "sses") || strings.HasSuffix(w, "ches") || strings.HasSuffix(w, "shes") || strings.HasSuffix(w, "xes")):
		return w[:len(w)-2]
	case strings.HasSuffix(w, "men") && len(w) > 4:
		return w[:len(w)-3] + "man"
	case len(w) > 3 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us"):
		return w[:len(w)-1]
	}
	return w
}

// flat is an article's tokens in one slice, for looking around mentions.
type flat struct {
	toks []text.Token
	sent []int32 // sentence number of each token
}

func flatten(sents []text.Sentence) flat {
	n := 0
	for _, s := range sents {
		n += len(s.Tokens)
	}
	f := flat{toks: make([]text.Token, 0, n), sent: make([]int32, 0, n)}
	for i, s := range sents {
		f.toks = append(f.toks, s.Tokens...)
		for range s.Tokens {
			f.sent = append(f.sent, int32(i))
		}
	}
	return f
}

// at returns the index of the first token starting at or after byte off.
func (f flat) at(off int) int {
	lo, hi := 0, len(f.toks)
	for lo < hi {
		m := (lo + hi) / 2
		if f.toks[m].Start < off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// maxRoleTokens bounds a role phrase.
const maxRoleTokens = 12

// roleBefore returns the title written just before the token at index i
// ("Russian Foreign Minister" before "Sergey Lavrov"), or "".
func (f flat) roleBefore(body string, i int) string {
	if i <= 0 || i > len(f.toks) {
		return ""
	}
	sent := f.sent[i-1]
	if i < len(f.toks) && f.sent[i] != sent {
		return ""
	}
	j := i - 1
	start := i
	for ; j >= 0 && i-j <= maxRoleTokens && f.sent[j] == sent; j-- {
		w := f.toks[j].Text
		lw := strings.ToLower(w)
		switch {
		case roleHeads[lw] || roleMods[lw] || honorifics[strings.TrimSuffix(lw, ".")]:
		case rolePreps[lw] && start < i && capitalised(f.toks[start].Text):
			// "envoy for Syria": keep only when a role word precedes
			if j == 0 || f.sent[j-1] != sent || !roleHeads[strings.ToLower(f.toks[j-1].Text)] {
				goto done
			}
		case lw == "'s" || lw == "\u2019s":
		case capitalised(w) && !monthsDays[lw] && !leadWords[lw] && !rolePreps[lw]:
		default:
			goto done
		}
		start = j
	}
done:
	// The phrase must hold a role noun; words before the last role noun's
	// phrase that are not titles are dropped from the front ("Speaking,
	// Lavrov" never gets here; "Thursday President X" stops at Thursday).
	hasHead := false
	for k := start; k < i; k++ {
		if roleHeads[strings.ToLower(f.toks[k].Text)] {
			hasHead = true
		}
	}
	for start < i && (f.toks[start].Text == "'s" || rolePreps[strings.ToLower(f.toks[start].Text)]) {
		start++
	}
	if !hasHead || start >= i {
		return ""
	}
	return body[f.toks[start].Start:f.toks[i-1].End]
}

// roleAfter returns an apposition after the name ending before token i:
// ", Russian President Vladimir Putin's envoy to Syria," or ", the White
// House press secretary,"; "" when the words after the comma are not a
// role phrase.
func (f flat) roleAfter(body string, i int) string {
	if i >= len(f.toks) || f.toks[i].Text != "," {
		return ""
	}
	sent := f.sent[i]
	k := i + 1
	hasHead := false
	for ; k < len(f.toks) && k-i <= maxRoleTokens+1 && f.sent[k] == sent; k++ {
		w := f.toks[k].Text
		lw := strings.ToLower(w)
		if w == "," || w == ";" || w == "." || w == ")" || w == "--" || w == "\u2014" {
			break
		}
		switch {
		case roleHeads[lw] || roleHeads[singular(lw)]:
			hasHead = true
		case roleMods[lw] || rolePreps[lw] || lw == "'s" || lw == "\u2019s" || lw == "the" || lw == "a" || lw == "an" || lw == "and":
		case capitalised(w) && !monthsDays[lw]:
		default:
			return ""
		}
	}
	if !hasHead || k == i+1 || k >= len(f.toks) {
		return ""
	}
	end := f.toks[k].Text
	if end != "," && end != "." && end != ";" && end != ")" && end != "--" && end != "\u2014" {
		return ""
	}
	s := body[f.toks[i+1].Start:f.toks[k-1].End]
	for _, art := range []string{"the ", "a ", "an ", "The "} {
		s = strings.TrimPrefix(s, art)
	}
	return s
}

// capitalised reports whether w starts with an upper-case letter.
func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}
