package resolve

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// name is a mention cleaned into a name: titles, articles, possessives and
// affixes removed. text is body[start:end] when the mention's offsets are
// valid, else start and end are -1.
type name struct {
	text       string
	start, end int
	typ        string
	title      string // a title stripped from the front ("Major", "President")
	norm       string
	words      []string // normalised words
	acronym    bool     // written as an acronym ("UNSC", "U.S.")
	alias      []string // acronyms the text defines for it ("(ISIS)")
}

// maxNameWords caps the words of one name; longer "names" are tagger noise
// (a headline tagged as one organisation).
const maxNameWords = 8

// honorifics are titles written before a personal name.
var honorifics = set(`mr mrs ms miss mx dr sir dame lord lady gen lt col capt maj sgt adm
	cmdr gov sen rep prof rev fr pres amb hon mme mlle herr ayatollah`)

// leadWords are function words a tagger sometimes includes at the front of
// a name ("The Terrorists", "No Washington").
var leadWords = set(`the a an no this that these those our their his her its my your
	any every some`)

// cleanMention turns a mention into a name, or reports false when nothing
// name-like remains.
func cleanMention(body string, m Mention) (name, bool) {
	txt, base := m.Text, -1
	if m.Start >= 0 && m.End <= len(body) && m.Start < m.End && m.End-m.Start <= 4*MaxName {
		txt, base = body[m.Start:m.End], m.Start
	}
	if len(txt) > 4*MaxName {
		return name{}, false
	}
	toks := fieldsOffsets(txt)
	// Edge punctuation and quotes.
	for len(toks) > 0 {
		t := &toks[0]
		t.trimLeft("\"'“”‘’«»([{")
		if t.s == "" {
			toks = toks[1:]
			continue
		}
		break
	}
	for len(toks) > 0 {
		t := &toks[len(toks)-1]
		t.trimRight("\"“”‘«»)]},;:!?")
		if strings.HasSuffix(t.s, ".") && !keepPeriod(t.s) {
			t.trimRight(".")
		}
		t.possessive()
		if t.s == "" || strings.EqualFold(t.s, "No") || strings.EqualFold(t.s, "No.") || strings.EqualFold(t.s, "Nos.") {
			toks = toks[:len(toks)-1]
			continue
		}
		break
	}
	for len(toks) > 1 && leadWords[strings.ToLower(toks[0].s)] {
		toks = toks[1:]
	}
	n := name{typ: m.Type}
	if m.Type == "PER" {
		for len(toks) > 1 && isTitleWord(toks[0].s) {
			if n.title != "" {
				n.title += " "
			}
			n.title += toks[0].s
			toks = toks[1:]
		}
	}
	if len(toks) == 0 || len(toks) > maxNameWords {
		return name{}, false
	}
	toks[0].affix(true)
	toks[len(toks)-1].affix(false)
	first, last := toks[0], toks[len(toks)-1]
	if first.s == "" || last.s == "" {
		return name{}, false
	}
	n.text = txt[first.off : last.off+len(last.s)]
	if base >= 0 {
		n.start, n.end = base+first.off, base+last.off+len(last.s)
	} else {
		n.start, n.end = -1, -1
	}
	n.norm = Normalize(n.text)
	if n.norm == "" || len(n.text) > MaxName {
		return name{}, false
	}
	n.words = nameWords(n.norm)
	n.acronym = len(toks) == 1 && isAcronym(n.text)
	return n, true
}

// isTitleWord reports whether a word written before a name is a title or a
// role word rather than part of the name ("Major", "Gen.", "President").
func isTitleWord(w string) bool {
	lw := strings.ToLower(strings.TrimSuffix(w, "."))
	return honorifics[lw] || roleHeads[lw] || roleMods[lw]
}

// keepPeriod reports whether a final period belongs to the word: an
// abbreviation with inner periods ("U.S.") or a short capitalised one
// ("Jr.", "Co.").
func keepPeriod(w string) bool {
	core := w[:len(w)-1]
	if strings.Contains(core, ".") {
		return true
	}
	r, _ := utf8.DecodeRuneInString(core)
	return len(core) <= 3 && unicode.IsUpper(r)
}

// ftok is a word of a mention with its byte offset in the mention.
type ftok struct {
	s   string
	off int
}

func (t *ftok) trimLeft(cut string) {
	s := strings.TrimLeft(t.s, cut)
	t.off += len(t.s) - len(s)
	t.s = s
}

func (t *ftok) trimRight(cut string) { t.s = strings.TrimRight(t.s, cut) }

func (t *ftok) possessive() { t.s = trimPossessive(t.s) }

// affix removes a lower-case hyphenated affix that is not a name particle
// from a word ("anti-IS" → "IS", "US-led" → "US"); front says the word
// starts the name, so a prefix is removed (else a suffix).
func (t *ftok) affix(front bool) {
	parts := strings.Split(t.s, "-")
	if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
		return
	}
	lowerAffix := func(p string) bool {
		if len(p) < 3 || particles[strings.ToLower(p)] {
			return false
		}
		for _, r := range p {
			if !unicode.IsLower(r) {
				return false
			}
		}
		return true
	}
	capital := func(p string) bool {
		r, _ := utf8.DecodeRuneInString(p)
		return unicode.IsUpper(r)
	}
	switch {
	case front && lowerAffix(parts[0]) && capital(parts[1]):
		t.off += len(parts[0]) + 1
		t.s = parts[1]
	case lowerAffix(parts[1]) && capital(parts[0]):
		t.s = parts[0]
	}
}

// fieldsOffsets splits s at white space, keeping each word's offset.
func fieldsOffsets(s string) []ftok {
	var out []ftok
	start := -1
	for i, r := range s {
		if unicode.IsSpace(r) {
			if start >= 0 {
				out = append(out, ftok{s[start:i], start})
				start = -1
			}
		} else if start < 0 {
			start = i
		}
	}
	if start >= 0 {
		out = append(out, ftok{s[start:], start})
	}
	return out
}

// set builds a word set from a space-separated list.
func set(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}
